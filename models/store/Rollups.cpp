// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Rollups.h"

#include "domain/Money.h"
#include "domain/Time.h"

#include <string>

namespace il {

void RollupFigures::add(const RollupFigures& o)
{
    requests += o.requests;
    errors += o.errors;
    input += o.input;
    cached += o.cached;
    cacheWrite += o.cacheWrite;
    output += o.output;
    reasoning += o.reasoning;
    cost += o.cost;
    estCost += o.estCost;
    reportedCost += o.reportedCost;
    reportedRequests += o.reportedRequests;
    unpriced += o.unpriced;
    cacheHits += o.cacheHits;
    cacheLookups += o.cacheLookups;
    evalCount += o.evalCount;
    latencySum += o.latencySum;
    latencyCount += o.latencyCount;
    interactiveLatencyCount += o.interactiveLatencyCount;
    evalSum += o.evalSum;
}

const char* rollupTable(RollupPeriod p)
{
    return p == RollupPeriod::Day ? "rollup_daily" : "rollup_hourly";
}

const char* rollupStartColumn(RollupPeriod p)
{
    return p == RollupPeriod::Day ? "day" : "hour";
}

std::vector<RollupSpan> rollupSpans(int64_t from, int64_t to)
{
    if (from >= to)
        return {};
    const int64_t firstDay = from > INT64_MAX - kMsPerDay ? INT64_MAX : floorTo(from + kMsPerDay - 1, kMsPerDay);
    const int64_t lastDay = floorTo(to, kMsPerDay);
    if (firstDay >= lastDay)
        return {{RollupPeriod::Hour, from, to}};
    std::vector<RollupSpan> spans;
    if (from < firstDay)
        spans.push_back({RollupPeriod::Hour, from, firstDay});
    spans.push_back({RollupPeriod::Day, firstDay, lastDay});
    if (lastDay < to)
        spans.push_back({RollupPeriod::Hour, lastDay, to});
    return spans;
}

Statement rollupSpanRows(sqlite3* db, const RollupSpan& span, std::string_view columns, std::string_view currency,
                         const std::unordered_set<int64_t>* features)
{
    const std::string start = rollupStartColumn(span.period);
    std::string sql = "SELECT " + start + ", " + std::string(columns) + " FROM " + rollupTable(span.period) + " WHERE "
        + start + " >= ?1 AND " + start + " < ?2 AND currency = ?3";
    if (features) {
        sql += " AND feature_id IN (-1"; // ids are integers: no quoting
        for (int64_t id : *features)
            sql += "," + std::to_string(id);
        sql += ")";
    }
    Statement st(db, sql + " ORDER BY " + start);
    st.bind(1, span.from).bind(2, span.to).bindTransient(3, currency);
    return st;
}

namespace {

// The figure columns of both rollup tables, in RollupFigures order, then the histograms. A row's
// interactive_latency_hist is NULL where it would equal latency_hist (every call was interactive): see Schema.cpp v3.
const char* kFigureColumns =
    "requests, errors, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost,"
    " est_cost, reported_cost, reported_requests, unpriced_requests, cache_hits, cache_lookups, eval_sum, eval_count,"
    " latency_sum, latency_count, latency_hist, interactive_latency_count, interactive_latency_hist";

// Reads the figures of a row selected with kFigureColumns from column `first` on.
RollupFigures readFigures(const Statement& st, int first)
{
    RollupFigures f;
    int c = first;
    for (int64_t* v : {&f.requests, &f.errors, &f.input, &f.cached, &f.cacheWrite, &f.output, &f.reasoning, &f.cost,
                       &f.estCost, &f.reportedCost, &f.reportedRequests, &f.unpriced, &f.cacheHits, &f.cacheLookups})
        *v = st.int64(c++);
    f.evalSum = st.real(c++);
    f.evalCount = st.int64(c++);
    f.latencySum = st.int64(c++);
    f.latencyCount = st.int64(c++);
    f.interactiveLatencyCount = st.int64(c + 1);
    return f;
}

Error damagedHistogram()
{
    return makeError("a latency histogram in the store is damaged", "Rebuild the store from its sources");
}

} // namespace

RollupTableWriter::RollupTableWriter(sqlite3* db, RollupPeriod period) : m_db(db)
{
    const std::string table = rollupTable(period), start = rollupStartColumn(period);
    m_select = Statement(db, "SELECT " + std::string(kFigureColumns) + " FROM " + table + " WHERE " + start
                                 + "=?1 AND feature_id=?2 AND model_id=?3 AND provider_id=?4 AND currency=?5");
    m_upsert = Statement(db, "INSERT OR REPLACE INTO " + table + "(" + start
                                 + ", feature_id, model_id, provider_id, currency, " + kFigureColumns
                                 + ") VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,"
                                   "?22,?23,?24,?25,?26)");
    m_anyInPeriod = Statement(db, "SELECT 1 FROM " + table + " WHERE " + start + "=?1 LIMIT 1");
}

Error RollupTableWriter::sqlFail(const char* what) const
{
    return makeError(std::string(what) + ": " + sqlite3_errmsg(m_db));
}

Result<void> RollupTableWriter::add(const RollupKey& k, const RollupFigures& f, const LatencyHistogram& latency,
                                    const LatencyHistogram* interactive)
{
    auto periodStored = m_periodStored.find(k.start);
    if (periodStored == m_periodStored.end()) {
        m_anyInPeriod.reset();
        m_anyInPeriod.bind(1, k.start);
        const bool any = m_anyInPeriod.step();
        if (m_anyInPeriod.failed())
            return sqlFail("cannot read a rollup");
        m_anyInPeriod.reset(); // no read left open on the table
        periodStored = m_periodStored.emplace(k.start, any).first;
    }
    const bool mayBeStored = periodStored->second || !m_freshWritten.insert(k).second;
    const std::string currency = Currency{k.currency}.str();
    RollupFigures total = f;
    m_latency.clear();
    m_interactive.clear();
    m_latency.merge(latency);
    if (mayBeStored) {
        m_select.reset();
        m_select.bind(1, k.start).bind(2, k.feature).bind(3, k.model).bind(4, k.provider).bind(5, std::string_view(currency));
        if (m_select.step()) {
            const RollupFigures stored = readFigures(m_select, 0);
            total.add(stored);
            const std::string_view all = m_select.blob(18);
            if (!m_latency.mergeEncoded(all.data(), all.size()))
                return damagedHistogram();
            if (total.interactiveLatencyCount != total.latencyCount) {
                const std::string_view own = stored.interactiveLatencyCount == stored.latencyCount ? all : m_select.blob(20);
                if (!m_interactive.mergeEncoded(own.data(), own.size()))
                    return damagedHistogram();
            }
        }
        if (m_select.failed())
            return sqlFail("cannot read a rollup");
        m_select.reset();
    }
    // Only a row with non-interactive calls keeps an interactive histogram of its own.
    const bool interactiveApart = total.interactiveLatencyCount != total.latencyCount;
    if (interactiveApart)
        m_interactive.merge(interactive ? *interactive : latency);
    const std::string hist = m_latency.encode();
    const std::string interactiveHist = interactiveApart ? m_interactive.encode() : std::string();
    Statement& up = m_upsert;
    up.reset();
    up.bind(1, k.start).bind(2, k.feature).bind(3, k.model).bind(4, k.provider).bind(5, std::string_view(currency));
    up.bind(6, total.requests).bind(7, total.errors).bind(8, total.input).bind(9, total.cached);
    up.bind(10, total.cacheWrite).bind(11, total.output).bind(12, total.reasoning).bind(13, total.cost);
    up.bind(14, total.estCost).bind(15, total.reportedCost).bind(16, total.reportedRequests).bind(17, total.unpriced);
    up.bind(18, total.cacheHits).bind(19, total.cacheLookups).bind(20, total.evalSum).bind(21, total.evalCount);
    up.bind(22, total.latencySum).bind(23, total.latencyCount).bindBlob(24, hist.data(), hist.size());
    up.bind(25, total.interactiveLatencyCount);
    if (interactiveApart)
        up.bindBlob(26, interactiveHist.data(), interactiveHist.size());
    else
        up.bindNull(26);
    up.step();
    if (up.failed())
        return sqlFail("cannot update a rollup");
    return {};
}

std::unique_ptr<LatencyHistogram> takeHistogram(std::vector<std::unique_ptr<LatencyHistogram>>& pool)
{
    if (pool.empty())
        return std::make_unique<LatencyHistogram>();
    auto h = std::move(pool.back());
    pool.pop_back();
    return h;
}

void RollupAccumulator::add(const RollupKey& k, const RollupFigures& f, const LatencyHistogram& latency,
                            const LatencyHistogram* interactive)
{
    Entry& e = m_entries[k];
    if (!e.latency)
        e.latency = takeHistogram(m_pool);
    // The interactive histogram is kept apart from the first non-interactive call on; until then it is `latency`.
    if (!e.interactive && f.interactiveLatencyCount != f.latencyCount) {
        e.interactive = takeHistogram(m_pool);
        e.interactive->merge(*e.latency);
    }
    if (e.interactive)
        e.interactive->merge(interactive ? *interactive : latency);
    e.latency->merge(latency);
    e.figures.add(f);
}

Result<void> RollupAccumulator::flushTo(RollupTableWriter& w)
{
    for (auto& [k, e] : m_entries) {
        if (auto r = w.add(k, e.figures, *e.latency, e.interactive.get()); !r) {
            clear();
            return r;
        }
    }
    clear();
    return {};
}

void RollupAccumulator::clear()
{
    for (auto& [k, e] : m_entries) {
        for (auto* h : {&e.latency, &e.interactive}) {
            if (*h) {
                (*h)->clear();
                m_pool.push_back(std::move(*h));
            }
        }
    }
    m_entries.clear();
}

Result<void> fillDailyRollups(sqlite3* db)
{
    Statement hours(db, std::string("SELECT hour, feature_id, model_id, provider_id, currency, ") + kFigureColumns
                            + " FROM rollup_hourly ORDER BY hour");
    RollupTableWriter daily(db, RollupPeriod::Day);
    if (!hours.valid() || !daily.valid())
        return makeError(std::string("cannot read the hourly rollups: ") + sqlite3_errmsg(db));
    RollupAccumulator days;
    LatencyHistogram latency, interactive;
    int64_t day = INT64_MIN;
    while (hours.step()) {
        const int64_t d = floorTo(hours.int64(0), kMsPerDay);
        if (d != day && days.size()) { // rows come by hour: a day is complete when the next one starts
            if (auto r = days.flushTo(daily); !r)
                return r;
        }
        day = d;
        const RollupFigures f = readFigures(hours, 5);
        latency.clear();
        interactive.clear();
        const std::string_view all = hours.blob(5 + 18);
        const bool apart = f.interactiveLatencyCount != f.latencyCount;
        const std::string_view own = hours.blob(5 + 20);
        if (!latency.mergeEncoded(all.data(), all.size()) || (apart && !interactive.mergeEncoded(own.data(), own.size())))
            return damagedHistogram();
        days.add(RollupKey{d, hours.int64(1), hours.int64(2), hours.int64(3), Currency::pack(hours.textView(4))}, f,
                 latency, apart ? &interactive : nullptr);
    }
    if (hours.failed())
        return makeError(std::string("cannot read the hourly rollups: ") + sqlite3_errmsg(db));
    return days.flushTo(daily);
}

} // namespace il
