// SPDX-License-Identifier: GPL-3.0-or-later
// Buckets that share a natural key within one read are one bucket: a provider may split a bucket's results over
// two pages, or report finer groups than InferLedger keys on. Merging them before ingest keeps ingest's rule simple
// (a key seen again in a later sync replaces, so a correction is a correction) and its counts honest.
#pragma once

#include "domain/Records.h"

#include <map>
#include <tuple>
#include <vector>

namespace il {

inline void mergeSameKey(std::vector<UsageBucket>& buckets)
{
    std::map<std::tuple<int64_t, std::string, std::string, std::string, bool>, size_t> seen;
    std::vector<UsageBucket> out;
    out.reserve(buckets.size());
    for (UsageBucket& b : buckets) {
        auto [it, fresh]
            = seen.try_emplace(std::tuple(b.startMs, b.model, b.project, b.serviceTier, b.batch), out.size());
        if (fresh) {
            out.push_back(std::move(b));
            continue;
        }
        UsageBucket& m = out[it->second];
        m.endMs = std::max(m.endMs, b.endMs);
        m.requests
            = m.requests < 0 || b.requests < 0 ? (m.requests < 0 ? b.requests : m.requests) : m.requests + b.requests;
        m.inputTokens += b.inputTokens;
        m.cachedInputTokens += b.cachedInputTokens;
        m.cacheWrite5mTokens += b.cacheWrite5mTokens;
        m.cacheWrite1hTokens += b.cacheWrite1hTokens;
        m.outputTokens += b.outputTokens;
    }
    buckets = std::move(out);
}

inline void mergeSameKey(std::vector<CostBucket>& buckets)
{
    std::map<std::tuple<int64_t, std::string, std::string, std::string, uint32_t>, size_t> seen;
    std::vector<CostBucket> out;
    out.reserve(buckets.size());
    for (CostBucket& b : buckets) {
        auto [it, fresh]
            = seen.try_emplace(std::tuple(b.startMs, b.lineItem, b.project, b.model, b.currency.code), out.size());
        if (fresh) {
            out.push_back(std::move(b));
            continue;
        }
        CostBucket& m = out[it->second];
        m.endMs = std::max(m.endMs, b.endMs);
        m.amountNanos += b.amountNanos;
    }
    buckets = std::move(out);
}

} // namespace il
