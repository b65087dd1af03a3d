// SPDX-License-Identifier: GPL-3.0-or-later
// The natural key of a request, which de-duplication compares: its time with the provider and the request id,
// or (no request id) its time with a hash of its whole content. Names enter normalised (canonical provider,
// trimmed feature and model, "unattributed" for no feature), so a key can be recomputed from a stored row.
#pragma once

#include "domain/Hash.h"
#include "domain/Records.h"

#include <cctype>
#include <string_view>

namespace il {

inline std::string_view trimmedView(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

// Never 0 (0 marks an empty slot in the ingest's key sets).
inline uint64_t requestNaturalKey(const RequestRecord& r, std::string_view canonicalProvider)
{
    KeyHasher h;
    h.add(r.timestampMs);
    if (!r.requestId.empty()) {
        h.add("req").add(canonicalProvider).add(r.requestId);
    } else {
        std::string_view feature = trimmedView(r.feature);
        h.add("content").add(feature.empty() ? std::string_view(kUnattributed) : feature).add(canonicalProvider);
        h.add(trimmedView(r.model));
        h.add(r.inputTokens).add(r.cachedInputTokens).add(r.cacheWriteTokens).add(r.cacheWrite1hTokens);
        h.add(r.outputTokens).add(r.reasoningTokens).add(int64_t(r.latencyMs)).add(int64_t(r.error)).add(int64_t(r.cache));
        h.add(r.promptHash).add(r.reportedCostNanos.value_or(INT64_MIN));
    }
    return uint64_t(h.rowKey());
}

} // namespace il
