// SPDX-License-Identifier: GPL-3.0-or-later
// GPU telemetry samples into gpu_sample: one value per (host, GPU, metric, time). Samples are points, not sums,
// so a sample read again (an overlapping re-sync) replaces the stored value and nothing doubles.
#include "ingest/Ingestor.h"

#include <cmath>

namespace il {

Result<void> Ingestor::addGpuSamples(std::span<const GpuSample> batch)
{
    if (!m_active)
        return makeError("addGpuSamples outside an import");
    sqlite3* db = m_store.handle();
    Statement ins(db,
                  "INSERT OR IGNORE INTO gpu_sample(ts, host, gpu, metric, value, uuid, model_name, connector)"
                  " VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
    // Only a sample whose figures differ is written, so that an unchanged re-read counts as a duplicate.
    Statement upd(db,
                  "UPDATE gpu_sample SET value=?5, uuid=?6, model_name=?7, connector=?8"
                  " WHERE ts=?1 AND host=?2 AND gpu=?3 AND metric=?4"
                  " AND (value IS NOT ?5 OR uuid IS NOT ?6 OR model_name IS NOT ?7 OR connector IS NOT ?8)");
    if (!ins.valid() || !upd.valid())
        return fail("cannot prepare the GPU sample statements");
    auto bindText = [](Statement& st, int i, const std::string& v) {
        if (v.empty())
            st.bindNull(i);
        else
            st.bind(i, std::string_view(v));
    };
    auto bindAll = [&bindText](Statement& st, const GpuSample& s) {
        st.reset();
        st.bind(1, s.timestampMs).bind(2, std::string_view(s.host)).bind(3, std::string_view(s.gpu));
        st.bind(4, std::string_view(s.metric)).bind(5, s.value);
        bindText(st, 6, s.uuid);
        bindText(st, 7, s.modelName);
        bindText(st, 8, s.connector);
    };
    for (const GpuSample& s : batch) {
        // "No value" is a gap in the series, not a number; the connector leaves NaN samples out (and counts them).
        if (!std::isfinite(s.value))
            return makeError("a GPU sample without a finite value (" + s.metric + " on " + s.host + ")",
                             "This is a bug in the connector; please report it");
        if (s.metric.empty())
            return makeError("a GPU sample without a metric name", "This is a bug in the connector; please report it");
        ++m_stats.gpuSamplesRead;
        bindAll(ins, s);
        ins.step();
        if (ins.failed())
            return fail("cannot store a GPU sample");
        if (sqlite3_changes(db) > 0) {
            ++m_stats.gpuSamplesAdded;
            continue;
        }
        bindAll(upd, s);
        upd.step();
        if (upd.failed())
            return fail("cannot update a GPU sample");
        if (sqlite3_changes(db) > 0)
            ++m_stats.gpuSamplesUpdated;
        else
            ++m_stats.gpuSamplesDuplicate;
    }
    return {};
}

} // namespace il
