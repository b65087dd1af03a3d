// SPDX-License-Identifier: GPL-3.0-or-later
// Anthropic's Admin API usage and cost reports (admin key): Messages usage buckets and daily cost buckets.
#pragma once

#include "apis/Connector.h"

#include <nlohmann/json_fwd.hpp>

namespace il {

class AnthropicConnector final : public Connector {
public:
    static constexpr const char* kUsagePath = "/v1/organizations/usage_report/messages";
    static constexpr const char* kCostPath = "/v1/organizations/cost_report";
    static constexpr const char* kApiVersion = "2023-06-01";

    AnthropicConnector(ConnectorConfig config, std::string key, std::string baseUrl);

    Result<std::string> test() override;
    Result<SyncOutcome> sync(const SyncWindow& window, const SyncCursor& cursor, IngestSink& sink,
                             const SyncProgressFn& progress, const std::atomic<bool>* cancel) override;
    int64_t alignStart(int64_t ms) const override;

    // One page of the usage report, normalised: Anthropic reports uncached input apart from cache reads and
    // writes; UsageBucket's inputTokens counts them all (uncached + cache read + 5-minute + 1-hour writes). The
    // report has no request count: requests is -1 (stored as unknown, never 0).
    static Result<std::vector<UsageBucket>> parseUsagePage(const nlohmann::json& page, const ConnectorConfig& config,
                                                           const std::string& source);
    // One page of the cost report. amount is a decimal string in CENTS ("123.45" is $1.2345).
    static Result<std::vector<CostBucket>> parseCostPage(const nlohmann::json& page, const ConnectorConfig& config,
                                                         const std::string& source);

protected:
    std::string keyHint() const override;

private:
    HttpRequest request(const char* path, QueryParams query) const;
};

} // namespace il
