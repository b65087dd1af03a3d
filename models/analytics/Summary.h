// SPDX-License-Identifier: GPL-3.0-or-later
// Unit economics per feature, model, provider or day, read from the hourly rollups.
// The GUI, the CLI and the PDF report all read these functions, so they show the same numbers.
#pragma once

#include "domain/LatencyHistogram.h"
#include "domain/Money.h"
#include "domain/Result.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace il {

class Store;

enum class GroupBy { Feature, Model, Provider, Day };
std::optional<GroupBy> parseGroupBy(std::string_view s);
const char* groupByName(GroupBy g);

// Which calls the latency figures cover. All: every call with a latency (what summary, the dashboard and the
// report show). Interactive: Batch API jobs and flex-tier calls left out (what a gate's latency target is about).
enum class LatencyScope { All, Interactive };

struct SummaryFilter {
    int64_t fromMs = 0;         // inclusive, UTC
    int64_t toMs = 0;           // exclusive, UTC
    GroupBy by = GroupBy::Feature;
    std::vector<std::string> features, models, providers; // empty: all
    std::string currency = "USD";
    LatencyScope latency = LatencyScope::All;
};

struct SummaryRow {
    std::string key;
    int64_t requests = 0, errors = 0;
    int64_t cost = 0, estimatedCost = 0, reportedCost = 0, reportedRequests = 0, unpricedRequests = 0;
    int64_t inputTokens = 0, cachedInputTokens = 0, cacheWriteTokens = 0, outputTokens = 0, reasoningTokens = 0;
    int64_t cacheHits = 0, cacheLookups = 0, evalCount = 0, latencyCount = 0;
    int64_t latencySum = 0; // over every call with a latency, whatever the filter's LatencyScope
    double evalSum = 0;
    std::optional<int64_t> units; // outcomes; nullopt where units are not attributable (by model/provider)
    LatencyHistogram latency;

    std::optional<int64_t> costPerUnit() const; // nano-units, rounded half to even
    std::optional<double> accuracy() const;     // mean eval score
    std::optional<double> cacheHitRate() const;
    std::optional<double> latencyQuantile(double q) const { return latency.quantile(q); }
    void add(const SummaryRow& o);
};

struct Summary {
    SummaryFilter filter;
    std::vector<SummaryRow> rows; // sorted by cost, highest first (by day: by date)
    SummaryRow total;
};

struct DataRange {
    int64_t firstMs = 0, lastMs = 0; // hours of the first and last rollup; both 0 when empty
    bool empty() const { return firstMs == 0 && lastMs == 0; }
};

class Analytics {
public:
    explicit Analytics(Store& store);
    ~Analytics();
    Analytics(const Analytics&) = delete;
    Analytics& operator=(const Analytics&) = delete;
    Result<Summary> summary(const SummaryFilter& filter) const;
    Result<DataRange> dataRange() const;
    Result<std::vector<std::string>> names(GroupBy what) const; // features, models or providers in the store

private:
    Store& m_store;
};

// The documented JSON shape (docs/CLI.md): money as decimal strings, unknowable figures as null.
nlohmann::json summaryToJson(const Summary& s);
std::string formatMoney(int64_t nanos, int decimals = 2); // "1234.57"
std::string formatUnitCost(int64_t nanos);                 // enough decimals for sub-cent unit costs

} // namespace il
