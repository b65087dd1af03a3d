// SPDX-License-Identifier: GPL-3.0-or-later
// Figures over time (per hour, day or week), split by feature, model or provider, from the rollups
// (the daily ones for day and week buckets, but for a range's partial days).
// The dashboard's charts and the PDF report's charts read these, so they agree with `summary`.
#pragma once

#include "analytics/Summary.h"

#include <optional>
#include <string>
#include <vector>

namespace il {

enum class Bucket { Hour, Day, Week };
int64_t bucketWidthMs(Bucket b);

struct SeriesFilter {
    int64_t fromMs = 0, toMs = 0; // [from, to), UTC
    Bucket bucket = Bucket::Day;
    GroupBy split = GroupBy::Feature; // Feature, Model or Provider (Day means: no split, total only)
    std::vector<std::string> features, models, providers;
    std::string currency = "USD";
};

struct SeriesPoint {
    int64_t requests = 0, errors = 0, cost = 0, unpricedRequests = 0;
    int64_t inputTokens = 0, cachedInputTokens = 0, outputTokens = 0;
    int64_t cacheHits = 0, cacheLookups = 0, evalCount = 0;
    double evalSum = 0;
    std::optional<int64_t> units;
    std::optional<double> latencyP50, latencyP95;

    std::optional<int64_t> costPerUnit() const;
    std::optional<double> accuracy() const;
    std::optional<double> tokensPerRequest() const;
};

struct Series {
    std::string key;
    std::vector<SeriesPoint> points; // one per bucket, aligned with TimeSeries::bucketStarts
    int64_t totalCost = 0;
};

struct TimeSeries {
    SeriesFilter filter;
    std::vector<int64_t> bucketStarts;
    std::vector<Series> series; // by total cost, highest first
    Series total;
};

Result<TimeSeries> timeSeries(Store& store, const SeriesFilter& filter);

// Model mix: for each (feature) the share of requests per model per bucket comes from
// timeSeries with split = Model and features = {feature}.

} // namespace il
