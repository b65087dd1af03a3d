// SPDX-License-Identifier: GPL-3.0-or-later
// Everything the feature economics report shows, read from the store by the same analytics calls as the
// dashboard and `inferledger summary` (Analytics::summary, timeSeries, gateTracking), so that the three show
// the same figures. Loading is plain C++ on its own read-only connection: safe on a worker thread.
#pragma once

#include "analytics/GateTracking.h"
#include "analytics/Summary.h"
#include "analytics/TimeSeries.h"
#include "domain/Result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace il::ui {

// A (catalogue, version) of the price table, and whether it priced models the period used.
struct ReportCatalogueVersion {
    std::string catalogue, version;
    int64_t firstEffectiveMs = 0; // earliest effective-from of its entries
    int entries = 0;
    std::vector<std::string> modelsInForce; // models of the period whose price in force came from this version
};

struct ReportFeature {
    SummaryRow row; // the period, as in the feature table
    std::optional<SummaryRow> previous; // the same feature in the previous period; none when it had no data
    Summary models; // the feature's model mix: Analytics::summary by model, this feature only
    Series daily; // the feature's series from ReportData::series
    TimeSeries modelSeries; // cost per bucket split by model, this feature only
    std::optional<GateTrackingRow> gate;
};

struct ReportRequest {
    std::string storePath;
    int64_t fromMs = 0, toMs = 0; // [from, to), whole UTC days
    std::vector<std::string> features; // empty: all
    std::string currency = "USD";
    int64_t generatedAtMs = 0; // 0: il::nowMs()
};

struct ReportData {
    ReportRequest request;
    DataRange storeRange; // all the data in the store
    Summary summary; // by feature: the feature table and the headline figures (its total)
    Summary previous; // the same filter over the same number of days just before
    int64_t previousFromMs = 0, previousToMs = 0;
    TimeSeries series; // split by feature; per day, per week beyond kMaxDailyDays
    std::vector<ReportFeature> features; // one page each, in the order of summary.rows (by cost)
    std::vector<GateTrackingRow> gates; // the newest gate of each of the report's features, tracked to the period end
    std::string gatesError; // when the gates could not be read (the report says so, it does not fail)
    std::vector<ReportCatalogueVersion> catalogues; // every version in the store, newest first
    std::string newestCatalogue; // "inferledger-bundled 2026-07-24": the version with the latest effective date
    std::string bundledCatalogue; // the version compiled into this binary
    double loadSeconds = 0;

    static constexpr int kMaxDailyDays = 120;
    bool hasPrevious() const { return previous.total.requests > 0 || previous.total.units.value_or(0) > 0; }
};

// Fails with an actionable message when the store cannot be read or the period holds no data at all
// (no requests and no outcomes for the selected features).
Result<ReportData> loadReportData(const ReportRequest& request);

} // namespace il::ui
