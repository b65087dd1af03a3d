// SPDX-License-Identifier: GPL-3.0-or-later
// One dated price for one model, and the cost rules that apply it to a request.
#pragma once

#include "domain/Money.h"
#include "domain/Records.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace il {

// Rates in nano-units per million tokens; -1 means "not stated" (see PriceEntry::rateFor).
struct RateSet {
    int64_t input = -1;
    int64_t cachedInput = -1;
    int64_t cacheWrite5m = -1;
    int64_t cacheWrite1h = -1;
    int64_t output = -1;
    int64_t reasoning = -1;

    bool any() const { return input >= 0 || output >= 0; }
    // Fields stated in `over` replace ours.
    RateSet overlaidWith(const RateSet& over) const;
};

// Above `aboveInputTokens` input tokens in one request, the tier's stated rates apply.
struct LongContextTier {
    int64_t aboveInputTokens = 0;
    RateSet rates;
};

struct PriceEntry {
    int64_t id = 0;                 // row id in the store's price table (0 until stored)
    std::string catalogue;          // "inferledger-bundled", "litellm", "demo", ...
    std::string version;            // the catalogue version that introduced it, e.g. "2026-07-24"
    std::string provider;           // canonical provider: openai, anthropic, google, self-hosted, ...
    std::string model;              // canonical model name
    std::vector<std::string> aliases;
    int64_t effectiveFromMs = 0;    // Unix ms, UTC
    Currency currency;
    RateSet standard;
    std::optional<RateSet> batch;
    std::optional<RateSet> priority;
    std::optional<RateSet> flex;
    std::vector<LongContextTier> longContext; // ascending by threshold
    // Self-hosted models are priced per GPU-hour at a stated throughput.
    int64_t gpuHourNanos = 0;
    int64_t tokensPerGpuHour = 0;

    bool perGpuHour() const { return gpuHourNanos > 0 && tokensPerGpuHour > 0; }
};

// How a request's estimated cost was made up; every part in nano-units of the entry's currency.
struct CostBreakdown {
    int64_t uncachedInput = 0;
    int64_t cachedInput = 0;
    int64_t cacheWrite = 0;
    int64_t output = 0;
    int64_t reasoning = 0;
    int64_t gpu = 0;
    int64_t total() const { return uncachedInput + cachedInput + cacheWrite + output + reasoning + gpu; }
};

// The cost rules. Token counts follow RequestRecord's normalised convention (input includes cache
// reads and writes; output includes reasoning). Rates not stated fall back as the providers bill:
// cached input → input, 1-hour write → 5-minute write → input, reasoning → output; batch, priority and
// flex rates replace standard ones where stated, and a long-context tier applies to the whole request.
CostBreakdown priceRequest(const PriceEntry& price, const RequestRecord& request);

// The rate set that applies to one request (variant and tier resolved, fallbacks filled).
RateSet effectiveRates(const PriceEntry& price, const RequestRecord& request);

} // namespace il
