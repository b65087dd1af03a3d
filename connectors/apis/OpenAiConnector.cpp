// SPDX-License-Identifier: GPL-3.0-or-later
#include "apis/OpenAiConnector.h"

#include "apis/ApiJson.h"
#include "apis/ConnectorOptions.h"
#include "domain/Time.h"

#include <nlohmann/json.hpp>

namespace il {

namespace {

    constexpr const char* kProvider = "openai";

    std::string unixSeconds(int64_t ms, bool roundUp)
    {
        const int64_t s = roundUp ? floorTo(ms + 999, 1000) / 1000 : floorTo(ms, 1000) / 1000;
        return std::to_string(s);
    }

    // The buckets of a page with their start and end, each result handed to `onResult`.
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
            auto start = unixSecondsMs(bucket, "start_time", path, source);
            if (!start)
                return start.error();
            auto end = unixSecondsMs(bucket, "end_time", path, source);
            if (!end)
                return end.error();
            if (*end < *start)
                return shapeError(source, at(path, "end_time"), "is before start_time");
            // "results" is documented; "result" appears in some versions of the reference.
            const char* key = bucket.contains("results") || !bucket.contains("result") ? "results" : "result";
            auto results = array(bucket, key, path, source);
            if (!results)
                return results.error();
            for (size_t j = 0; j < (*results)->size(); ++j) {
                const nlohmann::json& r = (**results)[j];
                const std::string rpath = at(at(path, key), j);
                if (auto o = requireObject(r, rpath, source); !o)
                    return o.error();
                if (auto done = onResult(r, rpath, *start, *end); !done)
                    return done.error();
            }
        }
        return {};
    }

    // The latest bucket end on a page (empty buckets count: they say how far the report has got).
    int64_t reachOf(const nlohmann::json& page)
    {
        int64_t reach = 0;
        if (const auto data = page.find("data"); data != page.end() && data->is_array())
            for (const auto& bucket : *data)
                if (bucket.is_object() && bucket.contains("end_time") && bucket["end_time"].is_number_integer())
                    reach = std::max(reach, bucket["end_time"].get<int64_t>() * 1000);
        return reach;
    }

} // namespace

OpenAiConnector::OpenAiConnector(ConnectorConfig config, std::string key, std::string baseUrl)
    : Connector(std::move(config), std::move(key), std::move(baseUrl))
{
}

std::string OpenAiConnector::keyHint() const
{
    return "Use an OpenAI organization Admin key (sk-admin-…): an organization owner creates one in the platform "
           "settings under Organization → Admin keys (https://platform.openai.com/settings/organization/admin-keys). "
           "Project API keys cannot read usage or costs";
}

std::string OpenAiConnector::bucketWidth() const
{
    return m_config.option("bucket_width", "1d");
}

int64_t OpenAiConnector::alignStart(int64_t ms) const
{
    return floorTo(ms, kMsPerDay); // cost buckets are days; usage buckets (hours or days) fit inside
}

HttpRequest OpenAiConnector::request(const char* path, QueryParams query) const
{
    HttpRequest r;
    r.url = m_baseUrl + path;
    r.query = std::move(query);
    r.headers.set("Authorization", "Bearer " + m_key, true);
    return r;
}

Result<std::vector<UsageBucket>>
OpenAiConnector::parseUsagePage(const nlohmann::json& page, const ConnectorConfig& config, const std::string& source)
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
            auto model = text(r, "model", path, source);
            auto project = text(r, "project_id", path, source);
            auto tier = text(r, "service_tier", path, source);
            if (!model || !project || !tier)
                return !model ? model.error() : !project ? project.error() : tier.error();
            b.model = *model;
            b.project = *project;
            b.serviceTier = *tier;
            if (const auto batch = r.find("batch"); batch != r.end() && !batch->is_null()) {
                if (!batch->is_boolean())
                    return shapeError(source, at(path, "batch"), "expected true or false, got " + preview(*batch));
                b.batch = batch->get<bool>();
            }
            b.feature = connectoropt::featureFor(config, "project.", b.project);
            struct Field {
                const char* key;
                int64_t* dst;
            };
            for (const Field& f :
                 { Field { "num_model_requests", &b.requests }, Field { "input_tokens", &b.inputTokens },
                   Field { "input_cached_tokens", &b.cachedInputTokens },
                   Field { "input_cache_write_tokens", &b.cacheWrite5mTokens },
                   Field { "output_tokens", &b.outputTokens } }) {
                auto v = count(r, f.key, path, source);
                if (!v)
                    return v.error();
                if (*v < 0)
                    return shapeError(source, at(path, f.key), "is negative: " + std::to_string(*v));
                *f.dst = *v;
            }
            // A request count the page does not give is unknown, not zero (UsageBucket::requests).
            if (const auto n = r.find("num_model_requests"); n == r.end() || n->is_null())
                b.requests = -1;
            if (b.cachedInputTokens + b.cacheWrite5mTokens > b.inputTokens)
                return shapeError(source, at(path, "input_cached_tokens"),
                                  "cached and cache-write tokens exceed input_tokens, which should include them");
            out.push_back(std::move(b));
            return {};
        });
    if (!done)
        return done.error();
    return out;
}

Result<std::vector<CostBucket>>
OpenAiConnector::parseCostsPage(const nlohmann::json& page, const ConnectorConfig& config, const std::string& source)
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
            auto lineItem = text(r, "line_item", path, source);
            auto project = text(r, "project_id", path, source);
            if (!lineItem || !project)
                return !lineItem ? lineItem.error() : project.error();
            b.lineItem = *lineItem;
            b.project = *project;
            b.feature = connectoropt::featureFor(config, "project.", b.project);
            const auto amount = r.find("amount");
            if (amount == r.end() || !amount->is_object())
                return shapeError(source, at(path, "amount"),
                                  amount == r.end() ? "is missing"
                                                    : "expected {value, currency}, got " + preview(*amount));
            const auto value = amount->find("value");
            const std::string apath = at(path, "amount");
            if (value == amount->end() || !(value->is_number() || value->is_string()))
                return shapeError(source, at(apath, "value"),
                                  value == amount->end() ? "is missing" : "expected a number, got " + preview(*value));
            // The number's own text (nlohmann prints the shortest text that reads back to the same double), parsed as
            // a decimal: 0.06 stays 60'000'000 nano-dollars, never 59'999'999.
            const std::string valueText = value->is_string() ? value->get<std::string>() : value->dump();
            auto nanos = parseDecimalNanos(valueText);
            if (!nanos)
                return shapeError(source, at(apath, "value"), "is not an amount: " + preview(*value));
            b.amountNanos = *nanos;
            auto cur = text(*amount, "currency", apath, source);
            if (!cur)
                return cur.error();
            auto currency = Currency::parse(cur->empty() ? std::string("usd") : *cur);
            if (!currency)
                return shapeError(source, at(apath, "currency"), "is not an ISO 4217 currency code: " + *cur);
            b.currency = *currency;
            out.push_back(std::move(b));
            return {};
        });
    if (!done)
        return done.error();
    return out;
}

Result<SyncOutcome> OpenAiConnector::sync(const SyncWindow& window, const SyncCursor&, IngestSink& sink,
                                          const SyncProgressFn& progress, const std::atomic<bool>* cancel)
{
    watchCancel(cancel);
    const std::string width = bucketWidth();
    const int64_t usageFrom = floorTo(window.fromMs, width == "1h" ? kMsPerHour : kMsPerDay);
    const int64_t costFrom = floorTo(window.fromMs, kMsPerDay);
    const std::string end = unixSeconds(window.toMs, true); // end_time is exclusive
    std::vector<BucketStage> stages;
    stages.push_back({ "usage", BucketTable::Usage, usageFrom,
                       request(kUsagePath,
                               { { "start_time", unixSeconds(usageFrom, false) },
                                 { "end_time", end },
                                 { "bucket_width", width },
                                 { "group_by[]", "model" },
                                 { "group_by[]", "project_id" },
                                 { "limit", width == "1h" ? "168" : "31" } }),
                       appendBuckets([this](const nlohmann::json& page, const std::string& where) {
                           return parseUsagePage(page, m_config, where);
                       }, [](const nlohmann::json& page) { return reachOf(page); }) });
    stages.push_back({ "costs", BucketTable::Cost, costFrom,
                       request(kCostsPath,
                               { { "start_time", unixSeconds(costFrom, false) },
                                 { "end_time", end },
                                 { "bucket_width", "1d" },
                                 { "group_by[]", "line_item" },
                                 { "group_by[]", "project_id" },
                                 { "limit", "180" } }),
                       appendBuckets([this](const nlohmann::json& page, const std::string& where) {
                           return parseCostsPage(page, m_config, where);
                       }, [](const nlohmann::json& page) { return reachOf(page); }) });
    return readBucketStages(window, std::move(stages), sink, progress);
}

Result<std::string> OpenAiConnector::test()
{
    const int64_t now = nowMs();
    const int64_t from = floorTo(now, kMsPerDay) - kMsPerDay;
    int64_t usageResults = 0, costNanos = 0;
    for (const char* path : { kUsagePath, kCostsPath }) {
        auto r = m_http.send(request(path,
                                     { { "start_time", unixSeconds(from, false) },
                                       { "end_time", unixSeconds(now, true) },
                                       { "bucket_width", "1d" },
                                       { "limit", "2" } }));
        if (!r)
            return describe(r.error());
        const auto page = nlohmann::json::parse(r->body, nullptr, false);
        const std::string source = sourceFor(m_baseUrl + path);
        if (page.is_discarded())
            return apijson::shapeError(source, "", "the answer is not JSON");
        if (path == std::string_view(kUsagePath)) {
            auto b = parseUsagePage(page, m_config, source);
            if (!b)
                return b.error();
            usageResults = int64_t(b->size());
        } else {
            auto b = parseCostsPage(page, m_config, source);
            if (!b)
                return b.error();
            for (const CostBucket& c : *b)
                costNanos += c.amountNanos;
        }
    }
    return "OpenAI at " + m_baseUrl + " accepted the admin key of connector '" + m_config.name
        + "': organization usage and costs are readable (since " + formatIsoDate(from) + ": "
        + std::to_string(usageResults) + " usage result(s), $" + formatNanos(costNanos, 2, 9)
        + " of costs on the first page).";
}

} // namespace il
