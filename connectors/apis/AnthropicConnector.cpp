// SPDX-License-Identifier: GPL-3.0-or-later
#include "apis/AnthropicConnector.h"

#include "apis/ApiJson.h"
#include "apis/ConnectorOptions.h"
#include "domain/Time.h"

#include <nlohmann/json.hpp>

namespace il {

namespace {

    constexpr const char* kProvider = "anthropic";

    template <typename OnResult>
    Result<void> forEachResult(const nlohmann::json& page, const std::string& source, OnResult&& onResult)
    {
        using namespace apijson;
        if (auto o = requireObject(page, "", source); !o)
            return o.error();
        auto data = array(page, "data", "", source);
        if (!data)
            return data.error();
        for (size_t i = 0; i < (*data)->size(); ++i) {
            const nlohmann::json& bucket = (**data)[i];
            const std::string path = at("data", i);
            if (auto o = requireObject(bucket, path, source); !o)
                return o.error();
            auto start = timestampMs(bucket, "starting_at", path, source);
            if (!start)
                return start.error();
            auto end = timestampMs(bucket, "ending_at", path, source);
            if (!end)
                return end.error();
            if (*end < *start)
                return shapeError(source, at(path, "ending_at"), "is before starting_at");
            auto results = array(bucket, "results", path, source);
            if (!results)
                return results.error();
            for (size_t j = 0; j < (*results)->size(); ++j) {
                const nlohmann::json& r = (**results)[j];
                const std::string rpath = at(at(path, "results"), j);
                if (auto o = requireObject(r, rpath, source); !o)
                    return o.error();
                if (auto done = onResult(r, rpath, *start, *end); !done)
                    return done.error();
            }
        }
        return {};
    }

    Result<int64_t> nonNegative(const nlohmann::json& obj, const char* key, const std::string& path,
                                const std::string& source)
    {
        auto v = apijson::count(obj, key, path, source);
        if (v && *v < 0)
            return apijson::shapeError(source, apijson::at(path, key), "is negative: " + std::to_string(*v));
        return v;
    }

    // The latest bucket end on a page; empty buckets are returned too and count.
    int64_t reachOf(const nlohmann::json& page)
    {
        int64_t reach = 0;
        if (const auto data = page.find("data"); data != page.end() && data->is_array())
            for (const auto& bucket : *data)
                if (bucket.is_object() && bucket.contains("ending_at") && bucket["ending_at"].is_string())
                    reach = std::max(reach, parseTimestampMs(bucket["ending_at"].get<std::string>()).value_or(0));
        return reach;
    }

} // namespace

AnthropicConnector::AnthropicConnector(ConnectorConfig config, std::string key, std::string baseUrl)
    : Connector(std::move(config), std::move(key), std::move(baseUrl))
{
}

std::string AnthropicConnector::keyHint() const
{
    return "Use an Anthropic Admin API key (sk-ant-admin…): an organization admin creates one in the Claude Console "
           "under Settings → Admin keys (https://console.anthropic.com/settings/admin-keys). Ordinary API keys cannot "
           "read usage or cost reports";
}

int64_t AnthropicConnector::alignStart(int64_t ms) const
{
    return floorTo(ms, kMsPerDay);
}

HttpRequest AnthropicConnector::request(const char* path, QueryParams query) const
{
    HttpRequest r;
    r.url = m_baseUrl + path;
    r.query = std::move(query);
    r.headers.set("x-api-key", m_key, true);
    r.headers.set("anthropic-version", kApiVersion);
    return r;
}

Result<std::vector<UsageBucket>>
AnthropicConnector::parseUsagePage(const nlohmann::json& page, const ConnectorConfig& config, const std::string& source)
{
    std::vector<UsageBucket> out;
    auto done = forEachResult(
        page, source,
        [&](const nlohmann::json& r, const std::string& path, int64_t start, int64_t end) -> Result<void> {
            using namespace apijson;
            UsageBucket b;
            b.connector = config.name;
            b.provider = kProvider;
            b.startMs = start;
            b.endMs = end;
            b.requests = -1;
            auto model = text(r, "model", path, source);
            auto workspace = text(r, "workspace_id", path, source);
            auto tier = text(r, "service_tier", path, source);
            if (!model || !workspace || !tier)
                return !model ? model.error() : !workspace ? workspace.error() : tier.error();
            b.model = *model;
            b.project = *workspace;
            b.serviceTier = *tier;
            b.batch = b.serviceTier == "batch";
            b.feature = connectoropt::featureFor(config, "workspace.", b.project);
            auto uncached = nonNegative(r, "uncached_input_tokens", path, source);
            auto read = nonNegative(r, "cache_read_input_tokens", path, source);
            auto output = nonNegative(r, "output_tokens", path, source);
            if (!uncached || !read || !output)
                return !uncached ? uncached.error() : !read ? read.error() : output.error();
            int64_t w5m = 0, w1h = 0;
            if (const auto cc = r.find("cache_creation"); cc != r.end() && !cc->is_null()) {
                const std::string cpath = at(path, "cache_creation");
                if (auto o = requireObject(*cc, cpath, source); !o)
                    return o.error();
                auto a = nonNegative(*cc, "ephemeral_5m_input_tokens", cpath, source);
                auto h = nonNegative(*cc, "ephemeral_1h_input_tokens", cpath, source);
                if (!a || !h)
                    return !a ? a.error() : h.error();
                w5m = *a;
                w1h = *h;
            }
            b.inputTokens = *uncached + *read + w5m + w1h;
            b.cachedInputTokens = *read;
            b.cacheWrite5mTokens = w5m;
            b.cacheWrite1hTokens = w1h;
            b.outputTokens = *output;
            out.push_back(std::move(b));
            return {};
        });
    if (!done)
        return done.error();
    return out;
}

Result<std::vector<CostBucket>>
AnthropicConnector::parseCostPage(const nlohmann::json& page, const ConnectorConfig& config, const std::string& source)
{
    std::vector<CostBucket> out;
    auto done = forEachResult(
        page, source,
        [&](const nlohmann::json& r, const std::string& path, int64_t start, int64_t end) -> Result<void> {
            using namespace apijson;
            CostBucket b;
            b.connector = config.name;
            b.provider = kProvider;
            b.startMs = start;
            b.endMs = end;
            auto workspace = text(r, "workspace_id", path, source);
            auto description = text(r, "description", path, source);
            auto model = text(r, "model", path, source);
            auto costType = text(r, "cost_type", path, source);
            auto tokenType = text(r, "token_type", path, source);
            if (!workspace || !description || !model || !costType || !tokenType)
                return !workspace  ? workspace.error()
                    : !description ? description.error()
                    : !model       ? model.error()
                    : !costType    ? costType.error()
                                   : tokenType.error();
            b.project = *workspace;
            b.model = *model;
            // The description ("Claude Sonnet 4 Usage - Input Tokens") names the line; without it, the cost and token
            // types do.
            b.lineItem = !description->empty() ? *description
                                               : *costType + (tokenType->empty() ? std::string() : ":" + *tokenType);
            b.feature = connectoropt::featureFor(config, "workspace.", b.project);
            const auto amount = r.find("amount");
            if (amount == r.end() || !(amount->is_string() || amount->is_number()))
                return shapeError(source, at(path, "amount"),
                                  amount == r.end() ? "is missing"
                                                    : "expected a decimal string of cents, got " + preview(*amount));
            // Cents → nano-dollars: 10^-2 × 10^9 = a decimal scaled by 10^7, exact.
            const std::string cents = amount->is_string() ? amount->get<std::string>() : amount->dump();
            auto nanos = parseDecimalScaled(cents, 7);
            if (!nanos)
                return shapeError(source, at(path, "amount"), "is not a decimal amount of cents: " + preview(*amount));
            b.amountNanos = *nanos;
            auto cur = text(r, "currency", path, source);
            if (!cur)
                return cur.error();
            auto currency = Currency::parse(cur->empty() ? std::string("USD") : *cur);
            if (!currency)
                return shapeError(source, at(path, "currency"), "is not an ISO 4217 currency code: " + *cur);
            b.currency = *currency;
            out.push_back(std::move(b));
            return {};
        });
    if (!done)
        return done.error();
    return out;
}

Result<SyncOutcome> AnthropicConnector::sync(const SyncWindow& window, const SyncCursor&, IngestSink& sink,
                                             const SyncProgressFn& progress, const std::atomic<bool>* cancel)
{
    watchCancel(cancel);
    const std::string width = m_config.option("bucket_width", "1d");
    const int64_t usageFrom = floorTo(window.fromMs, width == "1h" ? kMsPerHour : kMsPerDay);
    const int64_t costFrom = floorTo(window.fromMs, kMsPerDay);
    // Whole seconds, rounded up: the report takes RFC 3339 times, and ending_at is exclusive.
    const std::string end = formatIsoTimestamp(floorTo(window.toMs + 999, 1000));
    std::vector<BucketStage> stages;
    stages.push_back({ "usage", BucketTable::Usage, usageFrom,
                       request(kUsagePath,
                               { { "starting_at", formatIsoTimestamp(usageFrom) },
                                 { "ending_at", end },
                                 { "bucket_width", width },
                                 { "group_by[]", "model" },
                                 { "group_by[]", "workspace_id" },
                                 { "limit", width == "1h" ? "168" : "31" } }),
                       appendBuckets([this](const nlohmann::json& page, const std::string& where) {
                           return parseUsagePage(page, m_config, where);
                       }, [](const nlohmann::json& page) { return reachOf(page); }) });
    stages.push_back({ "costs", BucketTable::Cost, costFrom,
                       request(kCostPath,
                               { { "starting_at", formatIsoTimestamp(costFrom) },
                                 { "ending_at", end },
                                 { "bucket_width", "1d" },
                                 { "group_by[]", "workspace_id" },
                                 { "group_by[]", "description" },
                                 { "limit", "31" } }),
                       appendBuckets([this](const nlohmann::json& page, const std::string& where) {
                           return parseCostPage(page, m_config, where);
                       }, [](const nlohmann::json& page) { return reachOf(page); }) });
    return readBucketStages(window, std::move(stages), sink, progress);
}

Result<std::string> AnthropicConnector::test()
{
    const int64_t now = nowMs();
    const int64_t from = floorTo(now, kMsPerDay) - kMsPerDay;
    auto r = m_http.send(request(
        kUsagePath, { { "starting_at", formatIsoTimestamp(from) }, { "bucket_width", "1d" }, { "limit", "2" } }));
    if (!r)
        return describe(r.error());
    const auto page = nlohmann::json::parse(r->body, nullptr, false);
    const std::string source = sourceFor(m_baseUrl + kUsagePath);
    if (page.is_discarded())
        return apijson::shapeError(source, "", "the answer is not JSON");
    auto buckets = parseUsagePage(page, m_config, source);
    if (!buckets)
        return buckets.error();
    int64_t tokens = 0;
    for (const UsageBucket& b : *buckets)
        tokens += b.inputTokens + b.outputTokens;
    return "Anthropic at " + m_baseUrl + " accepted the Admin key of connector '" + m_config.name
        + "': the organization's usage report is readable (since " + formatIsoDate(from) + ": " + std::to_string(tokens)
        + " tokens in " + std::to_string(buckets->size()) + " result(s)).";
}

} // namespace il
