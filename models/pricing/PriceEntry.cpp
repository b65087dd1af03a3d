// SPDX-License-Identifier: GPL-3.0-or-later
#include "pricing/PriceEntry.h"

#include <algorithm>

namespace il {

RateSet RateSet::overlaidWith(const RateSet& o) const
{
    RateSet r = *this;
    auto take = [](int64_t& dst, int64_t src) {
        if (src >= 0)
            dst = src;
    };
    take(r.input, o.input);
    take(r.cachedInput, o.cachedInput);
    take(r.cacheWrite5m, o.cacheWrite5m);
    take(r.cacheWrite1h, o.cacheWrite1h);
    take(r.output, o.output);
    take(r.reasoning, o.reasoning);
    return r;
}

RateSet effectiveRates(const PriceEntry& p, const RequestRecord& req)
{
    RateSet r = p.standard;
    // A long-context tier prices the whole request once its input passes the threshold.
    for (const LongContextTier& tier : p.longContext)
        if (req.inputTokens > tier.aboveInputTokens)
            r = r.overlaidWith(tier.rates);
    if (req.batch && p.batch)
        r = r.overlaidWith(*p.batch);
    else if (req.serviceTier == "priority" && p.priority)
        r = r.overlaidWith(*p.priority);
    else if (req.serviceTier == "flex" && p.flex)
        r = r.overlaidWith(*p.flex);
    if (r.input < 0)
        r.input = 0;
    if (r.cachedInput < 0)
        r.cachedInput = r.input;
    if (r.cacheWrite5m < 0)
        r.cacheWrite5m = r.input;
    if (r.cacheWrite1h < 0)
        r.cacheWrite1h = r.cacheWrite5m;
    if (r.output < 0)
        r.output = 0;
    if (r.reasoning < 0)
        r.reasoning = r.output;
    return r;
}

CostBreakdown priceRequest(const PriceEntry& p, const RequestRecord& req)
{
    CostBreakdown c;
    if (p.perGpuHour()) {
        // cost = tokens × (GPU-hour rate / tokens per GPU-hour), one division so it stays exact.
        Int128 tokens = req.inputTokens + req.outputTokens;
        c.gpu = divRoundHalfEven(tokens * p.gpuHourNanos, p.tokensPerGpuHour);
        return c;
    }
    const RateSet r = effectiveRates(p, req);
    const int64_t cached = std::clamp<int64_t>(req.cachedInputTokens, 0, req.inputTokens);
    const int64_t writes5m = std::max<int64_t>(req.cacheWriteTokens, 0);
    const int64_t writes1h = std::max<int64_t>(req.cacheWrite1hTokens, 0);
    const int64_t uncached = std::max<int64_t>(req.inputTokens - cached - writes5m - writes1h, 0);
    const int64_t reasoning = std::clamp<int64_t>(req.reasoningTokens, 0, req.outputTokens);
    c.uncachedInput = costOfTokens(uncached, r.input);
    c.cachedInput = costOfTokens(cached, r.cachedInput);
    c.cacheWrite = costOfTokens(writes5m, r.cacheWrite5m) + costOfTokens(writes1h, r.cacheWrite1h);
    c.output = costOfTokens(req.outputTokens - reasoning, r.output);
    c.reasoning = costOfTokens(reasoning, r.reasoning);
    return c;
}

} // namespace il
