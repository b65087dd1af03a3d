// SPDX-License-Identifier: GPL-3.0-or-later
// The generated demo scenario: deterministic by seed, realistic enough to judge the product by.
#pragma once

#include "domain/IngestSink.h"
#include "pricing/PriceEntry.h"

#include <functional>
#include <vector>

namespace il {

struct DemoOptions {
    uint64_t seed = 42;
    int days = 90;
    int64_t endMs = 0;   // exclusive end, midnight UTC; the scenario covers [endMs - days, endMs)
    double scale = 1.0;  // 1.0 ≈ 2 million requests
    std::function<void(double fraction)> progress;
};

// Dated prices the scenario relies on (e.g. its self-hosted GPU contract changing mid-period).
std::vector<PriceEntry> demoPriceEntries(const DemoOptions& options);

// Streams the scenario's requests and outcomes to the sink in time order, in batches.
Result<void> generateDemo(IngestSink& sink, const DemoOptions& options);

} // namespace il
