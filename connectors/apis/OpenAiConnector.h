// SPDX-License-Identifier: GPL-3.0-or-later
// OpenAI's organization Usage and Costs APIs (admin key): completions usage buckets and daily cost buckets.
#pragma once

#include "apis/Connector.h"

#include <nlohmann/json_fwd.hpp>

namespace il {

class OpenAiConnector final : public Connector {
public:
    static constexpr const char* kUsagePath = "/v1/organization/usage/completions";
    static constexpr const char* kCostsPath = "/v1/organization/costs";

    OpenAiConnector(ConnectorConfig config, std::string key, std::string baseUrl);

    Result<std::string> test() override;
    Result<SyncOutcome> sync(const SyncWindow& window, const SyncCursor& cursor, IngestSink& sink,
                             const SyncProgressFn& progress, const std::atomic<bool>* cancel) override;
    int64_t alignStart(int64_t ms) const override;

    // One page of /v1/organization/usage/completions. input_tokens includes cached tokens, as OpenAI reports it
    // and as UsageBucket counts; cache writes (input_cache_write_tokens, when present) are 5-minute writes.
    // `source` names the connector and URL in errors.
    static Result<std::vector<UsageBucket>> parseUsagePage(const nlohmann::json& page, const ConnectorConfig& config,
                                                           const std::string& source);
    // One page of /v1/organization/costs. amount.value is a JSON number of dollars, read from its text exactly.
    static Result<std::vector<CostBucket>> parseCostsPage(const nlohmann::json& page, const ConnectorConfig& config,
                                                          const std::string& source);

protected:
    std::string keyHint() const override;

private:
    HttpRequest request(const char* path, QueryParams query) const;
    std::string bucketWidth() const;
};

} // namespace il
