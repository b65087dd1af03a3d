// SPDX-License-Identifier: GPL-3.0-or-later
// What the store already knows that a gate can use: live p95 latency and accuracy by model (to check a
// candidate against the latency and accuracy targets), a live feature's profile (to prefill a new
// gate from a similar feature), and the catalogue as stored. All read through Analytics::summary.
#pragma once

#include "analytics/GateEvaluation.h"
#include "domain/Result.h"
#include "pricing/PriceCatalogue.h"

#include <optional>
#include <string>
#include <vector>

namespace il {

class Store;

constexpr int64_t kGateLiveDays = 30; // the window live figures are read over

// The bundled catalogue plus every imported version, as stored (price ids kept for traceability).
// A store opened read-write gets the bundled prices stored first.
Result<PriceCatalogue> loadGateCatalogue(Store& store);

// Live figures by catalogue model over [fromMs, toMs): store model names (snapshots, aliases) are
// resolved through the catalogue to the canonical model they are priced as. Accuracy is the mean eval
// score and p95 latency the interactive calls' p95 (Batch API and flex tier left out), both from the
// rollups. `withLatency` false leaves p95 latency unknown (latencyRead false).
Result<GateLiveData> loadGateLiveData(Store& store, const PriceCatalogue& catalogue, int64_t fromMs, int64_t toMs,
                                      bool withLatency = true);
// The last kGateLiveDays whole days up to the day before `todayMs` (0: il::nowMs()).
Result<GateLiveData> loadRecentGateLiveData(Store& store, const PriceCatalogue& catalogue, int64_t todayMs = 0,
                                            bool withLatency = true);

// A live feature's figures, as starting values for a new gate's spec and targets. Tokens per request
// are means (rollup token sums ÷ requests): the rollups keep sums, not token percentiles, so a p95 of
// tokens cannot be derived from them and is left to the user. Every figure is absent when unknowable.
struct GatePrefill {
    std::string feature;
    std::string unit; // the most frequent outcome unit
    int64_t fromMs = 0, toMs = 0;
    int64_t requests = 0;
    std::optional<int64_t> unitsPerMonth; // units in the window, scaled to 30 days, rounded
    std::optional<int64_t> requestsPerUnit; // × 10^-9
    std::optional<int64_t> meanInputTokens; // rounded half to even
    std::optional<int64_t> meanOutputTokens;
    std::optional<int64_t> cachedInputShare; // × 10^-9: cached input tokens ÷ input tokens
    std::optional<int64_t> retryRate; // × 10^-9: errors ÷ requests (a failed call is retried)
    std::optional<int64_t> costPerUnit; // nano-units
    std::optional<double> p95LatencyMs, accuracy;
    std::vector<GateCandidateSpec> models; // what it runs on now, by cost
};
Result<GatePrefill> gatePrefillFromFeature(Store& store, const PriceCatalogue& catalogue, const std::string& feature,
                                           int64_t fromMs, int64_t toMs);
// Features with requests in the window, by cost (for the wizard's "similar feature" list).
Result<std::vector<std::string>> liveFeatures(Store& store, int64_t fromMs, int64_t toMs);

} // namespace il
