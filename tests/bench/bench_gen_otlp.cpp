// SPDX-License-Identifier: GPL-3.0-or-later
// The OTLP benchmarks' tool, three modes:
//   bench_gen_otlp SPANS OUT.jsonl [SPANS_PER_LINE]  write a deterministic OTLP/JSON Lines file (Collector
//   file-exporter
//                                                    layout) of GenAI chat spans with realistic extra attributes
//   bench_gen_otlp --parse FILE                      parse it with OtlpSpanReader into a sink that keeps nothing:
//                                                    the reader's own rate, without the store
//   bench_gen_otlp --post URL SPANS [BATCH] [CONNS]  a load client: POST batches of BATCH spans to an OTLP/HTTP
//                                                    receiver over CONNS keep-alive connections, report spans/s
#include "otlp/OtlpSpanReader.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

uint64_t g_state = 0x9e3779b97f4a7c15ULL;
uint64_t next()
{
    uint64_t z = (g_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

const char* kFeatures[] = { "support-assistant", "doc-summarizer",     "semantic-search",
                            "code-review-bot",   "invoice-extraction", "sales-email-drafts" };
const char* kModels[][3] = { { "openai", "gpt-4o", "gpt-4o-2024-08-06" },
                             { "openai", "gpt-4.1-mini", "gpt-4.1-mini-2025-04-14" },
                             { "anthropic", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929" },
                             { "anthropic", "claude-haiku-4-5", "claude-haiku-4-5-20251001" },
                             { "gcp.gemini", "gemini-2.5-flash", "gemini-2.5-flash" },
                             { "openai", "o4-mini", "o4-mini-2025-04-16" } };

// One span, as OpenLLMetry-style instrumentation writes it (about 1.1 KB).
void appendSpan(std::string& o, long long i, long long total)
{
    const uint64_t r = next();
    const int64_t start = 1'780'000'000'000LL; // ms, 2026-05-28
    const int64_t span = 30LL * 86'400'000;
    const int64_t t = start + int64_t(double(i) / double(total) * double(span));
    const int mi = int((r >> 8) % 6);
    const long long in = 200 + int((r >> 16) % 6000), cached = in * int((r >> 28) % 60) / 100;
    const long long out = 50 + int((r >> 36) % 900), reasoning = mi == 5 ? out / 2 : 0;
    const int latency = 80 + int((r >> 44) % 4000);
    const bool error = (r >> 56) % 50 == 0;
    char buf[2048];
    std::snprintf(buf, sizeof buf,
                  "{\"traceId\":\"%016" PRIx64 "%016llx\",\"spanId\":\"%016llx\",\"parentSpanId\":\"%016llx\","
                  "\"name\":\"chat %s\",\"kind\":3,\"startTimeUnixNano\":\"%" PRId64
                  "000000\",\"endTimeUnixNano\":\"%" PRId64 "000000\",\"attributes\":["
                  "{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"chat\"}},"
                  "{\"key\":\"gen_ai.provider.name\",\"value\":{\"stringValue\":\"%s\"}},"
                  "{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"%s\"}},"
                  "{\"key\":\"gen_ai.response.model\",\"value\":{\"stringValue\":\"%s\"}},"
                  "{\"key\":\"gen_ai.response.id\",\"value\":{\"stringValue\":\"resp-bench-%lld\"}},"
                  "{\"key\":\"gen_ai.request.temperature\",\"value\":{\"doubleValue\":0.2}},"
                  "{\"key\":\"gen_ai.request.max_tokens\",\"value\":{\"intValue\":\"4096\"}},"
                  "{\"key\":\"gen_ai.response.finish_reasons\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":"
                  "\"stop\"}]}}},"
                  "{\"key\":\"server.address\",\"value\":{\"stringValue\":\"api.example.com\"}},"
                  "{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"%lld\"}},"
                  "{\"key\":\"gen_ai.usage.cache_read.input_tokens\",\"value\":{\"intValue\":\"%lld\"}},"
                  "{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"intValue\":\"%lld\"}},"
                  "{\"key\":\"gen_ai.usage.reasoning.output_tokens\",\"value\":{\"intValue\":\"%lld\"}},"
                  "{\"key\":\"inferledger.feature\",\"value\":{\"stringValue\":\"%s\"}}%s"
                  "],\"status\":{\"code\":%d}}",
                  uint64_t(i), static_cast<unsigned long long>(r), static_cast<unsigned long long>(r ^ 0x5555),
                  static_cast<unsigned long long>(r ^ 0xaaaa), kModels[mi][1], t, int64_t(t + latency), kModels[mi][0],
                  kModels[mi][1], kModels[mi][2], i, in, cached, out, reasoning, kFeatures[r % 6],
                  error ? ",{\"key\":\"error.type\",\"value\":{\"stringValue\":\"timeout\"}}" : "", error ? 2 : 0);
    o += buf;
}

std::string exportRequest(long long first, long long count, long long total)
{
    std::string o = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                    "{\"stringValue\":\"bench\"}},{\"key\":\"telemetry.sdk.language\",\"value\":{\"stringValue\":"
                    "\"python\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"opentelemetry.instrumentation.openai\","
                    "\"version\":\"0.40.0\"},\"spans\":[";
    for (long long i = first; i < first + count; ++i) {
        if (i > first)
            o += ',';
        appendSpan(o, i, total);
    }
    o += "]}]}]}";
    return o;
}

class NullSink final : public il::IngestSink {
public:
    long long n = 0;
    il::Result<void> addRequests(std::span<const il::RequestRecord> b) override
    {
        n += static_cast<long long>(b.size());
        return {};
    }
    il::Result<void> addOutcomes(std::span<const il::OutcomeEvent>) override { return {}; }
};

size_t discard(char*, size_t size, size_t n, void*)
{
    return size * n;
}

int post(const char* url, long long spans, long long batch, int conns)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    // Bodies are made before the clock starts: the client's own JSON writing is not the receiver's cost.
    std::vector<std::string> bodies;
    for (long long i = 0; i < spans; i += batch)
        bodies.push_back(exportRequest(i, std::min(batch, spans - i), spans));
    std::atomic<size_t> nextBody { 0 };
    std::atomic<int> failures { 0 };
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < conns; ++c)
        threads.emplace_back([&] {
            CURL* h = curl_easy_init();
            curl_slist* hdr = curl_slist_append(nullptr, "Content-Type: application/json");
            curl_easy_setopt(h, CURLOPT_URL, url);
            curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
            curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
            curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
            for (size_t b; (b = nextBody++) < bodies.size();) {
                curl_easy_setopt(h, CURLOPT_POSTFIELDS, bodies[b].data());
                curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bodies[b].size()));
                long status = 0;
                if (curl_easy_perform(h) != CURLE_OK
                    || (curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status), status != 200))
                    ++failures;
            }
            curl_slist_free_all(hdr);
            curl_easy_cleanup(h);
        });
    for (auto& t : threads)
        t.join();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    size_t bytes = 0;
    for (const auto& b : bodies)
        bytes += b.size();
    std::printf("posted %lld spans in %zu batches of %lld over %d connection(s): %.2f s, %.0f spans/s, %.1f MiB/s, "
                "%d failed\n",
                spans, bodies.size(), batch, conns, s, double(spans) / s, double(bytes) / s / 1048576.0,
                failures.load());
    curl_global_cleanup();
    return failures ? 1 : 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc >= 3 && std::strcmp(argv[1], "--parse") == 0) {
        NullSink sink;
        il::OtlpSpanReader reader;
        const auto t0 = std::chrono::steady_clock::now();
        auto r = reader.readFile(argv[2], sink);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!r) {
            std::fprintf(stderr, "%s\n", r.error().toString().c_str());
            return 1;
        }
        std::printf("parsed %lld spans (%lld records) in %.2f s: %.0f spans/s (OtlpSpanReader, no store)\n",
                    static_cast<long long>(r->spans), sink.n, s, double(r->spans) / s);
        return 0;
    }
    if (argc >= 4 && std::strcmp(argv[1], "--post") == 0)
        return post(argv[2], std::atoll(argv[3]), argc > 4 ? std::atoll(argv[4]) : 1000,
                    argc > 5 ? std::atoi(argv[5]) : 1);
    if (argc < 3) {
        std::fprintf(stderr,
                     "usage: %s SPANS OUT.jsonl [SPANS_PER_LINE]\n       %s --parse FILE\n"
                     "       %s --post URL SPANS [BATCH] [CONNECTIONS]\n",
                     argv[0], argv[0], argv[0]);
        return 64;
    }
    const long long spans = std::atoll(argv[1]);
    const long long perLine = argc > 3 ? std::atoll(argv[3]) : 512;
    FILE* f = std::fopen(argv[2], "w");
    if (!f)
        return 1;
    for (long long i = 0; i < spans; i += perLine) {
        const std::string line = exportRequest(i, std::min(perLine, spans - i), spans) + "\n";
        std::fwrite(line.data(), 1, line.size(), f);
    }
    return std::fclose(f) == 0 ? 0 : 1;
}
