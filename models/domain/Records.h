// SPDX-License-Identifier: GPL-3.0-or-later
// Plain domain records that connectors produce and ingest consumes. No SQL, no Qt.
#pragma once

#include "domain/Money.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

namespace il {

enum class CacheOutcome : uint8_t { None = 0, Hit = 1, Miss = 2 };

// One model call. Token counts follow one normalised convention whatever the provider:
// inputTokens counts ALL input (uncached + cache reads + cache writes), outputTokens includes reasoning.
struct RequestRecord {
    int64_t timestampMs = 0; // Unix milliseconds, UTC
    std::string requestId;   // provider or application id; empty → a content hash is the key
    std::string feature;     // empty → "unattributed"
    std::string provider;
    std::string model;
    int64_t inputTokens = 0;
    int64_t cachedInputTokens = 0;  // cache reads
    int64_t cacheWriteTokens = 0;   // cache writes at the 5-minute rate
    int64_t cacheWrite1hTokens = 0; // cache writes at the 1-hour rate
    int64_t outputTokens = 0;
    int64_t reasoningTokens = 0;
    int32_t latencyMs = -1; // -1: unknown
    bool error = false;
    CacheOutcome cache = CacheOutcome::None; // application-level response cache
    double evalScore = NAN;                  // 0..1; NaN: not evaluated
    std::optional<int64_t> reportedCostNanos; // provider-reported cost in `currency`
    Currency currency;
    bool batch = false;
    std::string serviceTier; // "", "default", "priority", "flex", ...
    std::string promptHash;
};

// A product outcome: the unit of work a feature exists for.
struct OutcomeEvent {
    int64_t timestampMs = 0;
    std::string feature;
    std::string unit;
    int64_t count = 1;
    std::string outcomeId; // empty → content hash
};

inline constexpr const char* kUnattributed = "unattributed";

} // namespace il
