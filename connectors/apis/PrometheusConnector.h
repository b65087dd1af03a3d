// SPDX-License-Identifier: GPL-3.0-or-later
// GPU telemetry from Prometheus: range queries over the NVIDIA DCGM exporter's metrics.
#pragma once

#include "apis/Connector.h"

#include <nlohmann/json_fwd.hpp>

namespace il {

class PrometheusConnector final : public Connector {
public:
    static constexpr const char* kQueryRangePath = "/api/v1/query_range";
    static constexpr const char* kQueryPath = "/api/v1/query";
    // Prometheus refuses a range query of more than 11,000 points per series; stay below it.
    static constexpr int64_t kMaxPointsPerQuery = 10'000;

    PrometheusConnector(ConnectorConfig config, std::string key, std::string baseUrl);

    Result<std::string> test() override;
    Result<SyncOutcome> sync(const SyncWindow& window, const SyncCursor& cursor, IngestSink& sink,
                             const SyncProgressFn& progress, const std::atomic<bool>* cancel) override;
    int64_t alignStart(int64_t ms) const override;
    int64_t batchSpanMs() const override;

    // The metrics read (option `metrics`): by default GPU utilisation, memory used, power and graphics engine activity.
    std::vector<std::string> metrics() const;
    std::string queryFor(const std::string& metric) const;

    struct ParsedRange {
        std::vector<GpuSample> samples;
        int64_t skipped = 0; // NaN and ±Inf values: a gap in the series, not stored
    };
    // A query_range answer ({status, data: {resultType: "matrix", result}}); {status: "error"} becomes an Error with
    // Prometheus's errorType and message. Host is the Hostname, hostname or instance label, in that order.
    static Result<ParsedRange> parseQueryRange(const nlohmann::json& answer, const std::string& metric,
                                               const std::string& source);

protected:
    std::string keyHint() const override;

private:
    HttpRequest request(const char* path, QueryParams query) const;
    int64_t stepMs() const;
};

} // namespace il
