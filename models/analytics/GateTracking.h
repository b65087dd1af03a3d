// SPDX-License-Identifier: GPL-3.0-or-later
// After launch: a feature's actual cost per unit, month by month (Analytics::summary: cost ÷ units),
// held against its gate's estimate and threshold. A breach shows on the overview, the feature page
// and in reports; they all read gateTracking().
#pragma once

#include "domain/Result.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace il {

class Store;

struct GateTrackingPeriod {
    int64_t fromMs = 0, toMs = 0; // [from, to): a calendar month (UTC), the first from the launch day
    bool partial = false; // cut by the launch day or not over yet
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
    std::vector<GateTrackingPeriod> periods;
    std::optional<int64_t> latestActual; // of the latest period with units
    bool breach = false; // the latest period with units is over the threshold
    bool everBreached = false; // any period is
    std::string note; // why there is nothing to compare yet, when so
};

// The newest gate version of `feature` (empty: of every feature), tracked from its launch day (the
// spec's launch_date, else the decision day, else the day it was recorded) to `nowMs` (0: il::nowMs()).
Result<std::vector<GateTrackingRow>> gateTracking(Store& store, const std::string& feature = {}, int64_t nowMs = 0);

nlohmann::json gateTrackingToJson(const std::vector<GateTrackingRow>& rows);

} // namespace il
