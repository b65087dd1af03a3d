// SPDX-License-Identifier: GPL-3.0-or-later
// Small helpers for the connector sync tests: a fresh store with the bundled prices, row counts, and a dump of what
// a sync stored (without ids and timestamps of the writing) so that two stores can be compared.
#pragma once

#include "store/ConnectorStore.h"
#include "store/Store.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <string>
#include <vector>

namespace il::test {

inline std::unique_ptr<Store> freshStore(const QString& path)
{
    auto s = Store::open(path.toStdString());
    if (!s)
        return nullptr;
    if (!(*s)->ensureBundledPrices())
        return nullptr;
    return std::move(*s);
}

inline long long scalar(Store& store, const std::string& sql)
{
    Statement st(store.handle(), sql);
    return st.step() ? st.int64(0) : -1;
}

// Every stored bucket / sample as text, in key order, without ids, import ids and write times.
inline std::vector<std::string> dumpFacts(Store& store)
{
    std::vector<std::string> out;
    const char* queries[] = {
        "SELECT "
        "connector||'|'||provider||'|'||start_ms||'|'||end_ms||'|'||model||'|'||project||'|'||service_tier||'|'||"
        "batch||'|'||IFNULL(feature_id,'')||'|'||IFNULL(requests,'null')||'|'||input_tokens||'|'||cached_input_tokens||"
        "'|'||"
        "cache_write_5m_tokens||'|'||cache_write_1h_tokens||'|'||output_tokens||'|'||IFNULL(est_cost,'null')"
        " FROM usage_bucket ORDER BY connector, start_ms, model, project, service_tier, batch",
        "SELECT connector||'|'||provider||'|'||start_ms||'|'||end_ms||'|'||line_item||'|'||project||'|'||model||'|'||"
        "IFNULL(feature_id,'')||'|'||amount||'|'||currency FROM cost_bucket"
        " ORDER BY connector, start_ms, line_item, project, model",
        "SELECT host||'|'||gpu||'|'||metric||'|'||ts||'|'||value||'|'||IFNULL(uuid,'') FROM gpu_sample"
        " ORDER BY host, gpu, metric, ts",
    };
    for (const char* q : queries) {
        Statement st(store.handle(), q);
        while (st.step())
            out.push_back(st.text(0));
    }
    return out;
}

inline SyncState stateOf(Store& store, const std::string& name)
{
    ConnectorStore cs(store);
    auto s = cs.syncState(name);
    return s ? *s : SyncState {};
}

} // namespace il::test
