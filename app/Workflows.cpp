// SPDX-License-Identifier: GPL-3.0-or-later
#include "Workflows.h"

#include "demo/DemoScenario.h"
#include "files/FocusReader.h"
#include "domain/Time.h"

#include <QDir>
#include <QStandardPaths>

#include <chrono>

namespace il {

std::string defaultStorePath()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share/InferLedger");
    return QString(dir + QStringLiteral("/inferledger.db")).toStdString();
}

Result<std::unique_ptr<Store>> openStore(const std::string& path)
{
    auto store = Store::open(path);
    if (!store)
        return store.error();
    if (auto r = (*store)->ensureBundledPrices(); !r)
        return r.error();
    return store;
}

Result<PriceCatalogue> loadCatalogue(Store& store)
{
    auto entries = store.loadPrices();
    if (!entries)
        return entries.error();
    PriceCatalogue c;
    c.addAll(std::move(*entries));
    return c;
}

Result<const PriceCatalogue*> LiveCatalogue::get(Store& store)
{
    Statement st(store.handle(), "SELECT COUNT(*), IFNULL(MAX(id), 0) FROM price");
    const std::string stamp = st.step() ? std::to_string(st.int64(0)) + ":" + std::to_string(st.int64(1)) : std::string();
    if (!m_catalogue || stamp != m_stamp) {
        auto c = loadCatalogue(store);
        if (!c)
            return c.error();
        m_catalogue = std::move(*c);
        m_stamp = stamp;
    }
    return &*m_catalogue;
}

Result<ImportResult> importFile(Store& store, const std::string& path, FileKind kind, const ProgressFn& progress,
                                const std::atomic<bool>* cancel, const OtlpReadOptions& otlp,
                                const std::vector<std::string>& focusTagKeys)
{
    ImportResult out;
    if (kind == FileKind::Unknown) {
        auto k = detectFileKind(path);
        if (!k)
            return k.error();
        kind = *k;
    }
    out.kind = kind;
    if (kind == FileKind::Unknown) {
        Error e;
        e.source = path;
        e.message = "cannot tell what kind of file this is";
        e.hint = "Pass --kind requests|outcomes|focus|otlp, or check the header names against docs/FORMATS.md";
        return e;
    }
    if (kind != FileKind::Requests && kind != FileKind::Outcomes && kind != FileKind::Otlp && kind != FileKind::Focus) {
        Error e;
        e.source = path;
        e.message = std::string("importing ") + fileKindName(kind) + " files is not available in this build";
        e.hint = kind == FileKind::LiteLlmPrices ? "Use `inferledger prices import FILE`" : "See docs/FORMATS.md";
        return e;
    }
    auto catalogue = loadCatalogue(store);
    if (!catalogue)
        return catalogue.error();
    Ingestor ingest(store, *catalogue);
    if (auto r = ingest.begin(path, fileKindName(kind)); !r)
        return r.error();
    ReadOptions opt;
    opt.progress = progress;
    opt.cancel = cancel;
    OtlpReadOptions otlpOpt = otlp;
    otlpOpt.progress = progress;
    otlpOpt.cancel = cancel;
    auto read = kind == FileKind::Otlp   ? readOtlpFile(path, ingest, otlpOpt)
        : kind == FileKind::Focus    ? readFocus(path, ingest, opt, focusTagKeys)
        : kind == FileKind::Requests ? readRequestLog(path, ingest, opt)
                                     : readOutcomes(path, ingest, opt);
    if (!read) {
        ingest.rollback(read.error().toString());
        return read.error();
    }
    out.read = *read;
    auto stats = ingest.commit();
    if (!stats)
        return stats.error();
    out.stats = *stats;
    return out;
}

Result<DemoRunStats> fillDemo(Store& store, uint64_t seed, double scale, const ProgressFn& progress)
{
    const auto t0 = std::chrono::steady_clock::now();
    DemoOptions opt;
    opt.seed = seed;
    opt.scale = scale;
    opt.endMs = floorTo(nowMs(), kMsPerDay);
    if (progress)
        opt.progress = [&](double f) { progress(uint64_t(f * 1000), 1000); };
    // The demo's own dated prices (its self-hosted GPU contract changes mid-period) go in first.
    std::vector<PriceEntry> prices = demoPriceEntries(opt);
    if (auto r = store.exec("BEGIN IMMEDIATE"); !r)
        return r.error();
    if (auto r = store.storePrices(prices); !r) {
        (void)store.exec("ROLLBACK");
        return r.error();
    }
    if (auto r = store.exec("COMMIT"); !r)
        return r.error();
    auto catalogue = loadCatalogue(store);
    if (!catalogue)
        return catalogue.error();
    Ingestor ingest(store, *catalogue);
    if (auto r = ingest.begin("demo seed " + std::to_string(seed), "demo"); !r)
        return r.error();
    auto gen = generateDemo(ingest, opt);
    if (!gen) {
        ingest.rollback(gen.error().toString());
        return gen.error();
    }
    auto stats = ingest.commit();
    if (!stats)
        return stats.error();
    DemoRunStats out;
    out.requests = stats->requestsAdded;
    out.outcomes = stats->outcomesAdded;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

} // namespace il
