// SPDX-License-Identifier: GPL-3.0-or-later
// Stand-ins for the providers' servers (which cannot exist here), speaking their documented wire formats:
// OpenAI's organization usage/completions and costs pages, Anthropic's usage_report/messages and cost_report, and
// Prometheus' query_range / query. Written from the API references' shapes; each keeps a "truth" per day that a
// test can correct later, pages by cursor, checks auth headers and records nothing itself (TestHttpServer does).
#pragma once

#include "support/TestHttpServer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace il::test {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kHourMs = 3'600'000;

inline int64_t floorDay(int64_t ms)
{
    return ms / kDayMs * kDayMs;
}

// Scripted failures before a route's normal answers, and an optional delay for the periods a test marks slow.
class FakeBase {
public:
    void failNext(const std::string& path, std::vector<TestResponse> responses)
    {
        std::lock_guard lock(m_mutex);
        for (auto& r : responses)
            m_failures[path].push_back(std::move(r));
    }
    // Requests whose period starts at or after fromMs are answered after `delay` (a slow provider).
    void slowFrom(int64_t fromMs, std::chrono::milliseconds delay)
    {
        std::lock_guard lock(m_mutex);
        m_slowFromMs = fromMs;
        m_delay = delay;
    }
    // Requests whose period starts at or after fromMs get `response` instead (nullopt: answer normally again).
    void breakFrom(int64_t fromMs, std::optional<TestResponse> response)
    {
        std::lock_guard lock(m_mutex);
        m_breakFromMs = response ? fromMs : INT64_MAX;
        m_break = std::move(response);
    }
    void setPageSize(int n)
    {
        std::lock_guard lock(m_mutex);
        m_pageSize = n;
    }

protected:
    std::optional<TestResponse> scripted(const std::string& path)
    {
        auto it = m_failures.find(path);
        if (it == m_failures.end() || it->second.empty())
            return std::nullopt;
        TestResponse r = it->second.front();
        it->second.pop_front();
        return r;
    }
    TestResponse delayed(TestResponse r, int64_t periodStartMs) const
    {
        if (periodStartMs >= m_breakFromMs && m_break)
            return *m_break;
        if (periodStartMs >= m_slowFromMs)
            r.delay = m_delay;
        return r;
    }

    // Buckets [offset, offset + page) of the list; cursor "page_<offset>".
    template <typename MakeBucket>
    nlohmann::json page(int64_t startMs, int64_t endMs, int64_t widthMs, const std::string& cursor, int limit,
                        MakeBucket&& make) const
    {
        std::vector<int64_t> starts;
        for (int64_t t = startMs; t < endMs; t += widthMs)
            starts.push_back(t);
        size_t offset = cursor.empty() ? 0 : size_t(std::stoul(cursor.substr(5)));
        const size_t n = size_t(std::min(limit, m_pageSize));
        nlohmann::json data = nlohmann::json::array();
        for (size_t i = offset; i < starts.size() && i < offset + n; ++i)
            data.push_back(make(starts[i], std::min(starts[i] + widthMs, endMs)));
        const bool more = offset + n < starts.size();
        return { { "data", data },
                 { "has_more", more },
                 { "next_page",
                   more ? nlohmann::json("page_" + std::to_string(offset + n)) : nlohmann::json(nullptr) } };
    }

    mutable std::mutex m_mutex;
    std::map<std::string, std::deque<TestResponse>> m_failures;
    int64_t m_slowFromMs = INT64_MAX;
    int64_t m_breakFromMs = INT64_MAX;
    std::optional<TestResponse> m_break;
    std::chrono::milliseconds m_delay { 0 };
    int m_pageSize = 3;
};

// ---- OpenAI ------------------------------------------------------------------------------------------------------

class FakeOpenAi : public FakeBase {
public:
    struct Usage {
        std::string project, model;
        int64_t input = 0, cached = 0, cacheWrite = 0, output = 0, requests = 0;
    };
    struct Cost {
        std::string lineItem, project;
        std::string value; // the JSON number's text, e.g. "0.12"
    };
    static constexpr const char* kUsagePath = "/v1/organization/usage/completions";
    static constexpr const char* kCostsPath = "/v1/organization/costs";

    std::string key = "sk-admin-FAKE-0123456789abcdef";

    // The default truth for `days` days from fromMs: two projects, two models, two cost lines a day.
    void fillDays(int64_t fromMs, int days)
    {
        std::lock_guard lock(m_mutex);
        for (int i = 0; i < days; ++i) {
            const int64_t day = floorDay(fromMs) + i * kDayMs;
            m_usage[day] = { { "proj_support", "gpt-4o-mini-2024-07-18", 1000 + i, 200, 50, 300 + i, 10 },
                             { "proj_search", "gpt-4o", 500, 0, 0, 100, 2 } };
            m_costs[day] = { { "gpt-4o-mini-2024-07-18, input", "proj_support", "0.12" },
                             { "gpt-4o, output", "proj_search", "1.5" } };
        }
    }
    void setUsage(int64_t dayMs, std::vector<Usage> rows)
    {
        std::lock_guard lock(m_mutex);
        m_usage[floorDay(dayMs)] = std::move(rows);
    }
    void setCosts(int64_t dayMs, std::vector<Cost> rows)
    {
        std::lock_guard lock(m_mutex);
        m_costs[floorDay(dayMs)] = std::move(rows);
    }

    void install(TestHttpServer& server)
    {
        server.route("GET", kUsagePath, [this](const TestRequest& r) { return answer(r, true); });
        server.route("GET", kCostsPath, [this](const TestRequest& r) { return answer(r, false); });
    }

private:
    TestResponse answer(const TestRequest& r, bool usage)
    {
        std::lock_guard lock(m_mutex);
        if (auto s = scripted(r.path))
            return *s;
        if (r.header("Authorization") != "Bearer " + key)
            return TestResponse::json(
                R"({"error":{"message":"Incorrect API key provided: sk-wr***ng. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})",
                401);
        if (!r.hasQuery("start_time"))
            return TestResponse::json(
                R"({"error":{"message":"start_time is required","type":"invalid_request_error"}})", 400);
        const int64_t start = std::stoll(r.queryValue("start_time")) * 1000;
        const int64_t end = r.hasQuery("end_time") ? std::stoll(r.queryValue("end_time")) * 1000 : start + 7 * kDayMs;
        const std::string width = r.hasQuery("bucket_width") ? r.queryValue("bucket_width") : "1d";
        if (!usage && width != "1d")
            return TestResponse::json(
                R"({"error":{"message":"bucket_width must be 1d","type":"invalid_request_error"}})", 400);
        const int64_t widthMs = width == "1h" ? kHourMs : kDayMs;
        const int limit = r.hasQuery("limit") ? std::stoi(r.queryValue("limit")) : 7;
        const std::vector<std::string> groups = r.queryValues("group_by[]");
        auto grouped = [&groups](const char* g) { return std::find(groups.begin(), groups.end(), g) != groups.end(); };
        nlohmann::json body = page(start, end, widthMs, r.queryValue("page"), limit, [&](int64_t b, int64_t e) {
            nlohmann::json results = nlohmann::json::array();
            const bool dayStart = b % kDayMs == 0; // hourly buckets: the day's traffic sits in its first hour
            if (usage && dayStart && m_usage.count(b)) {
                for (const Usage& u : m_usage.at(b))
                    results.push_back({ { "object", "organization.usage.completions.result" },
                                        { "input_tokens", u.input },
                                        { "input_cached_tokens", u.cached },
                                        { "input_cache_write_tokens", u.cacheWrite },
                                        { "input_uncached_tokens", u.input - u.cached - u.cacheWrite },
                                        { "output_tokens", u.output },
                                        { "input_audio_tokens", 0 },
                                        { "output_audio_tokens", 0 },
                                        { "num_model_requests", u.requests },
                                        { "project_id", grouped("project_id") ? nlohmann::json(u.project) : nullptr },
                                        { "user_id", nullptr },
                                        { "api_key_id", nullptr },
                                        { "model", grouped("model") ? nlohmann::json(u.model) : nullptr },
                                        { "batch", nullptr },
                                        { "service_tier", nullptr } });
            }
            if (!usage && m_costs.count(b)) {
                for (const Cost& c : m_costs.at(b))
                    results.push_back(
                        { { "object", "organization.costs.result" },
                          { "amount", { { "value", nlohmann::json::parse(c.value) }, { "currency", "usd" } } },
                          { "line_item", grouped("line_item") ? nlohmann::json(c.lineItem) : nullptr },
                          { "project_id", grouped("project_id") ? nlohmann::json(c.project) : nullptr },
                          { "api_key_id", nullptr },
                          { "quantity", nullptr },
                          { "quantity_unit", nullptr } });
            }
            return nlohmann::json {
                { "object", "bucket" }, { "start_time", b / 1000 }, { "end_time", e / 1000 }, { "results", results }
            };
        });
        body["object"] = "page";
        return delayed(TestResponse::json(body.dump()), start);
    }

    std::map<int64_t, std::vector<Usage>> m_usage;
    std::map<int64_t, std::vector<Cost>> m_costs;
};

// ---- Anthropic ---------------------------------------------------------------------------------------------------

inline std::string rfc3339(int64_t ms)
{
    const time_t t = time_t(ms / 1000);
    std::tm tm {};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

inline int64_t parseRfc3339(const std::string& s)
{
    std::tm tm {};
    strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    return int64_t(timegm(&tm)) * 1000;
}

class FakeAnthropic : public FakeBase {
public:
    struct Usage {
        std::string workspace, model;
        int64_t uncached = 0, cacheRead = 0, write5m = 0, write1h = 0, output = 0;
    };
    struct Cost {
        std::string workspace, description, model;
        std::string cents; // decimal string
    };
    static constexpr const char* kUsagePath = "/v1/organizations/usage_report/messages";
    static constexpr const char* kCostPath = "/v1/organizations/cost_report";

    std::string key = "sk-ant-admin01-FAKE-0123456789";

    void fillDays(int64_t fromMs, int days)
    {
        std::lock_guard lock(m_mutex);
        for (int i = 0; i < days; ++i) {
            const int64_t day = floorDay(fromMs) + i * kDayMs;
            m_usage[day] = { { "wrkspc_contracts", "claude-sonnet-4-20250514", 1500 + i, 200, 500, 1000, 500 },
                             { "", "claude-haiku-4-5-20251001", 100, 0, 0, 0, 20 } };
            m_costs[day] = { { "wrkspc_contracts", "Claude Sonnet 4 Usage - Input Tokens", "claude-sonnet-4-20250514",
                               "123.45" },
                             { "", "Claude Haiku 4.5 Usage - Output Tokens", "claude-haiku-4-5-20251001", "0.0125" } };
        }
    }
    void setUsage(int64_t dayMs, std::vector<Usage> rows)
    {
        std::lock_guard lock(m_mutex);
        m_usage[floorDay(dayMs)] = std::move(rows);
    }
    void setCosts(int64_t dayMs, std::vector<Cost> rows)
    {
        std::lock_guard lock(m_mutex);
        m_costs[floorDay(dayMs)] = std::move(rows);
    }

    void install(TestHttpServer& server)
    {
        server.route("GET", kUsagePath, [this](const TestRequest& r) { return answer(r, true); });
        server.route("GET", kCostPath, [this](const TestRequest& r) { return answer(r, false); });
    }

private:
    TestResponse answer(const TestRequest& r, bool usage)
    {
        std::lock_guard lock(m_mutex);
        if (auto s = scripted(r.path))
            return *s;
        if (r.header("x-api-key") != key)
            return TestResponse::json(
                R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})", 401);
        if (r.header("anthropic-version") != "2023-06-01")
            return TestResponse::json(
                R"({"type":"error","error":{"type":"invalid_request_error","message":"anthropic-version: header is required"}})",
                400);
        if (!r.hasQuery("starting_at"))
            return TestResponse::json(
                R"({"type":"error","error":{"type":"invalid_request_error","message":"starting_at: Field required"}})",
                400);
        const int64_t start = parseRfc3339(r.queryValue("starting_at"));
        const int64_t end = r.hasQuery("ending_at") ? parseRfc3339(r.queryValue("ending_at")) : start + 7 * kDayMs;
        const std::string width = r.hasQuery("bucket_width") ? r.queryValue("bucket_width") : "1d";
        const int64_t widthMs = width == "1h" ? kHourMs : kDayMs;
        const int limit = r.hasQuery("limit") ? std::stoi(r.queryValue("limit")) : 7;
        const std::vector<std::string> groups = r.queryValues("group_by[]");
        auto grouped = [&groups](const char* g) { return std::find(groups.begin(), groups.end(), g) != groups.end(); };
        auto orNull = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
        nlohmann::json body = page(start, end, widthMs, r.queryValue("page"), limit, [&](int64_t b, int64_t e) {
            nlohmann::json results = nlohmann::json::array();
            const bool dayStart = b % kDayMs == 0;
            if (usage && dayStart && m_usage.count(b)) {
                for (const Usage& u : m_usage.at(b))
                    results.push_back({ { "uncached_input_tokens", u.uncached },
                                        { "cache_creation",
                                          { { "ephemeral_1h_input_tokens", u.write1h },
                                            { "ephemeral_5m_input_tokens", u.write5m } } },
                                        { "cache_read_input_tokens", u.cacheRead },
                                        { "output_tokens", u.output },
                                        { "server_tool_use", { { "web_search_requests", 0 } } },
                                        { "api_key_id", nullptr },
                                        { "workspace_id", grouped("workspace_id") ? orNull(u.workspace) : nullptr },
                                        { "model", grouped("model") ? orNull(u.model) : nullptr },
                                        { "service_tier", nullptr },
                                        { "context_window", nullptr } });
            }
            if (!usage && m_costs.count(b)) {
                for (const Cost& c : m_costs.at(b))
                    results.push_back({ { "currency", "USD" },
                                        { "amount", c.cents },
                                        { "workspace_id", grouped("workspace_id") ? orNull(c.workspace) : nullptr },
                                        { "description", grouped("description") ? orNull(c.description) : nullptr },
                                        { "cost_type", "tokens" },
                                        { "context_window", "0-200k" },
                                        { "model", grouped("description") ? orNull(c.model) : nullptr },
                                        { "service_tier", "standard" },
                                        { "token_type", "uncached_input_tokens" } });
            }
            // Buckets with no usage are returned too, with empty results.
            return nlohmann::json { { "starting_at", rfc3339(b) },
                                    { "ending_at", rfc3339(e) },
                                    { "results", results } };
        });
        return delayed(TestResponse::json(body.dump()), start);
    }

    std::map<int64_t, std::vector<Usage>> m_usage;
    std::map<int64_t, std::vector<Cost>> m_costs;
};

// ---- Prometheus --------------------------------------------------------------------------------------------------

class FakePrometheus : public FakeBase {
public:
    struct Series {
        nlohmann::json labels; // without __name__
        std::function<std::string(int64_t tsMs)> value; // the sample's text ("87", "NaN"); "" = no sample
    };
    static constexpr const char* kRangePath = "/api/v1/query_range";
    static constexpr const char* kQueryPath = "/api/v1/query";

    std::string token; // empty: no authentication

    void setSeries(const std::string& metric, std::vector<Series> series)
    {
        std::lock_guard lock(m_mutex);
        m_series[metric] = std::move(series);
    }

    void install(TestHttpServer& server)
    {
        server.route("GET", kRangePath, [this](const TestRequest& r) { return range(r); });
        server.route("GET", kQueryPath, [this](const TestRequest& r) { return instant(r); });
    }

private:
    static std::string metricOf(std::string query)
    {
        if (query.starts_with("count("))
            query = query.substr(6, query.size() - 7);
        return query.substr(0, query.find('{'));
    }
    static std::string error(const char* type, const std::string& message)
    {
        return nlohmann::json { { "status", "error" }, { "errorType", type }, { "error", message } }.dump();
    }
    bool authorised(const TestRequest& r) const
    {
        return token.empty() || r.header("Authorization") == "Bearer " + token;
    }

    TestResponse range(const TestRequest& r)
    {
        std::lock_guard lock(m_mutex);
        if (auto s = scripted(r.path))
            return *s;
        if (!authorised(r))
            return TestResponse::text("Unauthorized\n", 401);
        if (!r.hasQuery("query") || !r.hasQuery("start") || !r.hasQuery("end") || !r.hasQuery("step"))
            return TestResponse::json(
                error("bad_data", "invalid parameter \"start\": cannot parse \"\" to a valid timestamp"), 400);
        const std::string metric = metricOf(r.queryValue("query"));
        const double start = std::stod(r.queryValue("start")), end = std::stod(r.queryValue("end"));
        const double step = std::stod(r.queryValue("step"));
        if (end < start)
            return TestResponse::json(error("bad_data", "end timestamp must not be before start time"), 400);
        if ((end - start) / step > 11000)
            return TestResponse::json(error("bad_data",
                                            "exceeded maximum resolution of 11,000 points per timeseries. Try "
                                            "decreasing the query resolution (?step=XX)"),
                                      400);
        nlohmann::json result = nlohmann::json::array();
        for (const Series& s : m_series[metric]) {
            nlohmann::json values = nlohmann::json::array();
            for (double t = start; t <= end + 1e-9; t += step) {
                const std::string v = s.value(std::llround(t * 1000));
                if (!v.empty())
                    values.push_back({ t, v });
            }
            if (values.empty())
                continue;
            nlohmann::json labels = s.labels;
            labels["__name__"] = metric;
            result.push_back({ { "metric", labels }, { "values", values } });
        }
        return delayed(TestResponse::json(nlohmann::json {
                           { "status", "success" }, { "data", { { "resultType", "matrix" }, { "result", result } } } }
                                              .dump()),
                       std::llround(start * 1000));
    }

    TestResponse instant(const TestRequest& r)
    {
        std::lock_guard lock(m_mutex);
        if (!authorised(r))
            return TestResponse::text("Unauthorized\n", 401);
        const std::string metric = metricOf(r.queryValue("query"));
        const size_t n = m_series[metric].size();
        nlohmann::json result = nlohmann::json::array();
        if (n > 0)
            result.push_back(
                { { "metric", nlohmann::json::object() }, { "value", { 1767225600.0, std::to_string(n) } } });
        return TestResponse::json(
            nlohmann::json { { "status", "success" }, { "data", { { "resultType", "vector" }, { "result", result } } } }
                .dump());
    }

    std::map<std::string, std::vector<Series>> m_series;
};

} // namespace il::test
