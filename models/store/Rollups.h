// SPDX-License-Identifier: GPL-3.0-or-later
// The rollup tables: rollup_hourly, one row per (hour, feature, model, provider, currency), and rollup_daily, the
// same figures added up per UTC day. Summaries read whole days from rollup_daily and only the hours at a range's
// edges from rollup_hourly: a 90-day summary is ~1,300 rows, not ~30,000. Imports keep both current (Ingestor);
// schema 7 filled rollup_daily from the hours (fillDailyRollups).
#pragma once

#include "domain/LatencyHistogram.h"
#include "domain/Result.h"
#include "store/Statement.h"

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace il {

// What a rollup row adds up, but its latency histograms.
struct RollupFigures {
    int64_t requests = 0, errors = 0, input = 0, cached = 0, cacheWrite = 0, output = 0, reasoning = 0;
    int64_t cost = 0, estCost = 0, reportedCost = 0, reportedRequests = 0, unpriced = 0;
    int64_t cacheHits = 0, cacheLookups = 0, evalCount = 0, latencySum = 0, latencyCount = 0;
    int64_t interactiveLatencyCount = 0; // calls with a latency that were neither Batch API nor flex tier
    double evalSum = 0;
    void add(const RollupFigures& o);
};

struct RollupKey {
    int64_t start, feature, model, provider; // start: of the hour or the UTC day, in Unix ms
    uint32_t currency;                       // Currency::code
    bool operator==(const RollupKey&) const = default;
};
struct RollupKeyHash {
    size_t operator()(const RollupKey& k) const
    {
        uint64_t h = uint64_t(k.start) * 0x9e3779b97f4a7c15ULL;
        h ^= uint64_t(k.feature) * 0xc2b2ae3d27d4eb4fULL + (h << 6);
        h ^= uint64_t(k.model) * 0x165667b19e3779f9ULL + (h >> 2);
        h ^= uint64_t(k.provider) * 0x27d4eb2f165667c5ULL + k.currency;
        return size_t(h);
    }
};

enum class RollupPeriod { Hour, Day };
const char* rollupTable(RollupPeriod p);       // "rollup_hourly" | "rollup_daily"
const char* rollupStartColumn(RollupPeriod p); // "hour" | "day"

// A part of a range [from, to) and the rollup table that serves it.
struct RollupSpan {
    RollupPeriod period;
    int64_t from, to;
};
// The whole UTC days of [from, to) from rollup_daily, the hours before the first and after the last whole day
// from rollup_hourly; in time order.
std::vector<RollupSpan> rollupSpans(int64_t from, int64_t to);
// The rows of one span in `currency`, in time order: the period start (column 0), then `columns`. Only the
// features in `features` when given: the filter goes into SQL so other features' rows are never decoded.
Statement rollupSpanRows(sqlite3* db, const RollupSpan& span, std::string_view columns, std::string_view currency,
                         const std::unordered_set<int64_t>* features = nullptr);

// Adds figures to the rows of one rollup table: a row is read back, added to and written. For the length of one
// write transaction (it remembers which periods had rows before it wrote to them).
class RollupTableWriter {
public:
    RollupTableWriter(sqlite3* db, RollupPeriod period);
    bool valid() const { return m_select.valid() && m_upsert.valid() && m_anyInPeriod.valid(); }
    // `interactive` nullptr: every call in `latency` was interactive (f.interactiveLatencyCount == f.latencyCount).
    Result<void> add(const RollupKey& k, const RollupFigures& f, const LatencyHistogram& latency,
                     const LatencyHistogram* interactive);

private:
    Error sqlFail(const char* what) const;

    sqlite3* m_db;
    Statement m_select, m_upsert, m_anyInPeriod;
    // A row is read back only if its period had rows before this writer wrote to it, or this writer wrote the key
    // before: most of a new period's import is written without a read.
    std::unordered_map<int64_t, bool> m_periodStored;
    std::unordered_set<RollupKey, RollupKeyHash> m_freshWritten;
    LatencyHistogram m_latency, m_interactive; // scratch, 8 KiB each: not on the stack per row
};

// A cleared histogram from `pool` (a new one when it is empty): rollups take and give back hundreds of 8 KiB
// histograms an import.
std::unique_ptr<LatencyHistogram> takeHistogram(std::vector<std::unique_ptr<LatencyHistogram>>& pool);

// Rollup figures added up per key in memory before they go to a table: the days an import's hours fall in.
class RollupAccumulator {
public:
    void add(const RollupKey& k, const RollupFigures& f, const LatencyHistogram& latency,
             const LatencyHistogram* interactive);
    size_t size() const { return m_entries.size(); }
    Result<void> flushTo(RollupTableWriter& w); // everything held, added to the table; then cleared
    void clear();

private:
    struct Entry {
        RollupFigures figures;
        std::unique_ptr<LatencyHistogram> latency;
        std::unique_ptr<LatencyHistogram> interactive; // nullptr while every call added was interactive
    };
    std::unordered_map<RollupKey, Entry, RollupKeyHash> m_entries;
    std::vector<std::unique_ptr<LatencyHistogram>> m_pool;
};

// Schema 7: rollup_daily added up from rollup_hourly, in the migration's transaction.
Result<void> fillDailyRollups(sqlite3* db);

} // namespace il
