// SPDX-License-Identifier: GPL-3.0-or-later
// The OpenAI usage sync end to end: the real TestHttpServer on 127.0.0.1 (keep-alive, as the real API) serves N
// pages of organization usage buckets in the documented wire format (/v1/organization/usage/completions, hourly
// buckets grouped by model and project, one day a page, followed by its next_page cursor), and the real connector
// sync (libcurl, JSON parse, merge, one Ingestor transaction with the watermark per batch) stores them in a real
// SQLite file. The pages are rendered before the clock starts, so the figure is the client's, not the fake's.
// Prints the transport alone (the same pages fetched and thrown away) and the whole sync: pages/s and buckets/s.
//
//   bench_sync_openai [PAGES=200] [RESULTS_PER_HOUR=20] [STORE=/tmp/bench_sync_openai.db]
#include "ConnectorSync.h"
#include "support/TestHttpServer.h"

#include "domain/Time.h"
#include "http/HttpClient.h"
#include "store/Store.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace il;

namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kStartMs = 1'767'225'600'000; // 2026-01-01T00:00:00Z
constexpr const char* kUsagePath = "/v1/organization/usage/completions";
constexpr const char* kCostsPath = "/v1/organization/costs";
constexpr const char* kKey = "sk-admin-BENCH-0123456789abcdef";

// One day of hourly buckets, `results` groups (model × project) each, as OpenAI's usage page has them.
std::string renderDay(int day, int results, bool more)
{
    static const char* const kModels[] = { "gpt-4o-mini-2024-07-18", "gpt-4o-2024-08-06", "gpt-4.1-mini", "o3-mini" };
    nlohmann::json data = nlohmann::json::array();
    for (int h = 0; h < 24; ++h) {
        const int64_t start = kStartMs + day * kDayMs + h * kHourMs;
        nlohmann::json rs = nlohmann::json::array();
        for (int r = 0; r < results; ++r) {
            const int64_t input = 1000 + (day * 31 + h * 7 + r * 13) % 5000;
            const int64_t cached = input / 4;
            rs.push_back({ { "object", "organization.usage.completions.result" },
                           { "input_tokens", input },
                           { "input_cached_tokens", cached },
                           { "input_cache_write_tokens", 0 },
                           { "input_uncached_tokens", input - cached },
                           { "output_tokens", 200 + r },
                           { "input_audio_tokens", 0 },
                           { "output_audio_tokens", 0 },
                           { "num_model_requests", 3 + r % 5 },
                           { "project_id", "proj_" + std::to_string(r / 4) },
                           { "user_id", nullptr },
                           { "api_key_id", nullptr },
                           { "model", kModels[r % 4] },
                           { "batch", nullptr },
                           { "service_tier", nullptr } });
        }
        data.push_back({ { "object", "bucket" },
                         { "start_time", start / 1000 },
                         { "end_time", (start + kHourMs) / 1000 },
                         { "results", rs } });
    }
    return nlohmann::json {
        { "object", "page" },
        { "data", data },
        { "has_more", more },
        { "next_page", more ? nlohmann::json("day_" + std::to_string(day + 1)) : nlohmann::json() }
    }.dump();
}

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

} // namespace

int main(int argc, char** argv)
{
    const int pages = argc > 1 ? std::atoi(argv[1]) : 200;
    const int results = argc > 2 ? std::atoi(argv[2]) : 20;
    const std::string storePath = argc > 3 ? argv[3] : "/tmp/bench_sync_openai.db";
    if (pages < 1 || results < 1) {
        std::fprintf(stderr, "usage: %s [PAGES] [RESULTS_PER_HOUR] [STORE]\n", argv[0]);
        return 64;
    }

    // Every page twice: as the last of its batch (has_more false) and followed by the next day.
    std::vector<std::string> last(static_cast<size_t>(pages)), more(static_cast<size_t>(pages));
    size_t bytes = 0;
    for (int d = 0; d < pages; ++d) {
        last[size_t(d)] = renderDay(d, results, false);
        more[size_t(d)] = renderDay(d, results, true);
        bytes += last[size_t(d)].size();
    }
    const std::string emptyCosts = R"({"object":"page","data":[],"has_more":false,"next_page":null})";

    test::TestHttpServer server;
    server.setKeepAlive(true);
    server.route("GET", kUsagePath, [&](const test::TestRequest& r) {
        if (r.header("Authorization") != std::string("Bearer ") + kKey)
            return test::TestResponse::json(R"({"error":{"message":"Incorrect API key provided"}})", 401);
        const int64_t endMs = std::stoll(r.queryValue("end_time")) * 1000;
        const std::string cursor = r.queryValue("page");
        const int day = cursor.empty() ? int((std::stoll(r.queryValue("start_time")) * 1000 - kStartMs) / kDayMs)
                                       : std::stoi(cursor.substr(4));
        if (day < 0 || day >= pages)
            return test::TestResponse::json(R"({"object":"page","data":[],"has_more":false,"next_page":null})");
        const bool hasMore = kStartMs + (day + 1) * kDayMs < endMs;
        return test::TestResponse::json(hasMore ? more[size_t(day)] : last[size_t(day)]);
    });
    server.route("GET", kCostsPath, test::TestResponse::json(emptyCosts));
    if (!server.start()) {
        std::fprintf(stderr, "cannot start the server: %s\n", server.errorString().c_str());
        return 1;
    }

    // The transport alone: every page fetched over one keep-alive connection, nothing parsed.
    {
        HttpClient http;
        HttpHeaders auth;
        auth.add("Authorization", std::string("Bearer ") + kKey, true);
        const auto t0 = std::chrono::steady_clock::now();
        for (int d = 0; d < pages; ++d) {
            auto r = http.get(server.url(kUsagePath),
                              { { "start_time", std::to_string((kStartMs + d * kDayMs) / 1000) },
                                { "end_time", std::to_string((kStartMs + (d + 1) * kDayMs) / 1000) } },
                              auth);
            if (!r) {
                std::fprintf(stderr, "%s\n", r.error().toString().c_str());
                return 1;
            }
        }
        const double s = seconds(t0);
        std::printf("transport only: %d pages (%.1f MB of JSON) in %.3f s: %.0f pages/s, %.1f MB/s\n", pages,
                    double(bytes) / 1e6, s, pages / s, double(bytes) / 1e6 / s);
    }

    for (const char* suffix : { "", "-wal", "-shm" })
        std::filesystem::remove(storePath + suffix);
    auto store = Store::open(storePath);
    if (!store || !(*store)->ensureBundledPrices()) {
        std::fprintf(stderr, "cannot open the store %s\n", storePath.c_str());
        return 1;
    }
    ConnectorConfig c;
    c.name = "openai-bench";
    c.type = "openai";
    c.baseUrl = server.baseUrl();
    c.keyStorage = KeyStorage::Env;
    c.keyEnv = "OPENAI_ADMIN_KEY";
    c.options = { { "bucket_width", "1h" }, { "project.proj_0", "support-assistant" }, { "timeout", "60" } };
    if (auto r = addConnector(**store, c); !r) {
        std::fprintf(stderr, "%s\n", r.error().toString().c_str());
        return 1;
    }
    setNowOverrideMs(kStartMs + int64_t(pages) * kDayMs + kHourMs);
    SyncRequest req;
    req.fromMs = kStartMs;
    req.toMs = kStartMs + int64_t(pages) * kDayMs;
    const auto t0 = std::chrono::steady_clock::now();
    SyncRunReport report = syncConnector(**store, c, kKey, req);
    const double s = seconds(t0);
    if (!report.ok()) {
        std::fprintf(stderr, "sync failed: %s\n", report.error ? report.error->toString().c_str() : "cancelled");
        return 1;
    }
    Statement count((*store)->handle(), "SELECT COUNT(*) FROM usage_bucket");
    const long long stored = count.step() ? count.int64(0) : -1;
    const long long expected = static_cast<long long>(pages) * 24 * results;
    std::printf("sync: %d usage pages (+%d cost pages), %lld buckets stored in %d batches in %.3f s: %.0f buckets/s, "
                "%.0f pages/s\n",
                pages, report.pages - pages, stored, report.batchesCommitted, s, double(stored) / s, pages / s);
    if (stored != expected) {
        std::fprintf(stderr, "expected %lld buckets, the store has %lld\n", expected, stored);
        return 1;
    }
    return 0;
}
