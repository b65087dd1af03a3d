// SPDX-License-Identifier: GPL-3.0-or-later
// After launch: a feature's actual cost per unit, month by month (Analytics::summary: cost ÷ units),
// held against its gate's estimate and threshold. A breach shows on the overview, the feature page
// and in reports; they all read gateTracking(). The dashboard and the report track within their date range
// (GateTrackingWindow), so that a breach shown for "last 30 days" is a breach in those 30 days.
#pragma once

#include "domain/Result.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace il {

class Store;

// The range a tracking covers. Provider and model filters do not apply: units of work are counted per
// feature, not per model, so the cost of some of a feature's models over all of its units would understate
// its cost per unit (docs/GATE.md).
struct GateTrackingWindow {
    int64_t fromMs = 0; // inclusive, UTC; 0: from the launch day
    int64_t toMs = 0; // exclusive; 0: to now
    std::vector<std::string> features; // whose gates (empty: every feature's)
};

struct GateTrackingPeriod {
    int64_t fromMs = 0, toMs = 0; // [from, to): a calendar month (UTC), cut by the launch day and the window
    bool partial = false; // cut by the launch day or the window, or not over yet
    bool calibration = false; // within the first three months after launch (the gate's estimate period)
    int64_t requests = 0;
    int64_t cost = 0; // nano-units of the gate's currency
    std::optional<int64_t> units;
    std::optional<int64_t> actualCostPerUnit; // cost ÷ units, half to even; none without units
    std::optional<int64_t> vsEstimate; // actual − estimate (p50)
    bool breach = false; // actual over the threshold
};

struct GateTrackingRow {
    int64_t gateId = 0;
    std::string feature;
    int version = 0;
    std::string decision; // gateDecisionName
    std::string verdict; // the gate's overall verdict
    std::string contentHash;
    std::string provider, model; // the candidate launched with (chosen, else recommended); empty when none
    bool batch = false;
    std::optional<int64_t> estimateP50, estimateP95; // the gate's cost per unit for that candidate
    int64_t threshold = 0; // max cost per unit
    std::string currency;
    int64_t launchMs = 0;
    // What the figures below cover: [launch or window start, now or window end); empty (from == to) when the
    // window ends before the launch or the launch is still to come.
    int64_t trackedFromMs = 0, trackedToMs = 0;
    bool windowed = false; // tracked within a GateTrackingWindow rather than since launch
    std::vector<GateTrackingPeriod> periods;
    std::optional<int64_t> latestActual; // of the latest period with units
    bool breach = false; // the latest period with units is over the threshold
    bool everBreached = false; // any period is
    // Over the whole tracked range at once (cost ÷ units of the range): the figure the dashboard and the
    // report lead with, and the one its breach is judged on.
    int64_t requests = 0;
    int64_t cost = 0;
    std::optional<int64_t> units;
    std::optional<int64_t> actual;
    std::optional<int64_t> vsEstimate; // actual − estimate (p50)
    bool overThreshold = false; // actual over the threshold
    std::string note; // why there is nothing to compare yet, when so
};

// The newest gate version of `feature` (empty: of every feature), tracked from its launch day (the
// spec's launch_date, else the decision day, else the day it was recorded) to `nowMs` (0: il::nowMs()).
Result<std::vector<GateTrackingRow>> gateTracking(Store& store, const std::string& feature = {}, int64_t nowMs = 0);
// The same, within `window` (its features pick the gates; the date range cuts the months).
Result<std::vector<GateTrackingRow>> gateTrackingWithin(Store& store, const GateTrackingWindow& window,
                                                        int64_t nowMs = 0);

nlohmann::json gateTrackingToJson(const std::vector<GateTrackingRow>& rows);

} // namespace il
