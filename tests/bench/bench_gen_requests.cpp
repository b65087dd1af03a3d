// SPDX-License-Identifier: GPL-3.0-or-later
// Writes a deterministic request-log CSV of N rows (time-ordered, all documented columns) for the import benchmark.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {
uint64_t g_state = 0x9e3779b97f4a7c15ULL;
uint64_t next()
{
    uint64_t z = (g_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
void isoTime(int64_t ms, char* out)
{
    int64_t s = ms / 1000, days = s / 86400, rem = s % 86400;
    // civil from days (Hinnant)
    int64_t z = days + 719468, era = z / 146097;
    unsigned doe = unsigned(z - era * 146097), yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = int64_t(yoe) + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    std::snprintf(out, 64, "%04" PRId64 "-%02u-%02uT%02d:%02d:%02d.%03dZ", y, m, d, int(rem / 3600), int(rem / 60 % 60),
                  int(rem % 60), int(ms % 1000));
}
} // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s ROWS OUT.csv\n", argv[0]);
        return 64;
    }
    const long long rows = std::atoll(argv[1]);
    FILE* f = std::fopen(argv[2], "w");
    if (!f)
        return 1;
    static char buf[1 << 20];
    std::setvbuf(f, buf, _IOFBF, sizeof buf);
    std::fputs("timestamp,request_id,feature,provider,model,input_tokens,cached_input_tokens,cache_write_tokens,"
               "output_tokens,reasoning_tokens,latency_ms,status,cache,eval_score,cost,currency,batch,service_tier,"
               "prompt_hash\n",
               f);
    const char* features[] = {"support-assistant", "doc-summarizer", "semantic-search", "code-review-bot",
                              "invoice-extraction", "sales-email-drafts"};
    const char* models[][2] = {{"openai", "gpt-4o"}, {"openai", "gpt-4.1-mini"}, {"anthropic", "claude-sonnet-4-5"},
                               {"anthropic", "claude-haiku-4-5"}, {"google", "gemini-2.5-flash"},
                               {"self-hosted", "llama-3.3-70b-instruct"}, {"openai", "o4-mini"}};
    const int64_t start = 1'780'000'000'000LL; // 2026-05-28
    const int64_t span = 30LL * 86'400'000;
    char ts[64];
    for (long long i = 0; i < rows; ++i) {
        const uint64_t r = next();
        const int64_t t = start + int64_t(double(i) / double(rows) * double(span));
        isoTime(t, ts);
        const int fi = int(r % 6), mi = int((r >> 8) % 7);
        const long long in = 200 + int((r >> 16) % 6000), cached = in * int((r >> 28) % 60) / 100;
        const long long out = 50 + int((r >> 36) % 900), reasoning = mi == 6 ? out / 2 : 0;
        const int latency = 80 + int((r >> 44) % 4000);
        const bool error = (r >> 56) % 50 == 0;
        const char* cache = fi == 2 ? ((r >> 58) % 4 == 0 ? "hit" : "miss") : "none";
        char eval[16] = "";
        if ((r >> 60) % 2)
            std::snprintf(eval, sizeof eval, "0.%02d", int((r >> 20) % 100));
        std::fprintf(f, "%s,bench-%lld,%s,%s,%s,%lld,%lld,0,%lld,%lld,%d,%s,%s,%s,,USD,%s,,%016llx\n", ts, i,
                     features[fi], models[mi][0], models[mi][1], in, cached, out, reasoning, latency,
                     error ? "error" : "ok", cache, eval, fi == 4 ? "true" : "false",
                     static_cast<unsigned long long>(r & 0xffffffffffffULL));
    }
    return std::fclose(f) == 0 ? 0 : 1;
}
