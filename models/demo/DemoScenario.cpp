// SPDX-License-Identifier: GPL-3.0-or-later
// The generated demo scenario: seven features of a fictional company over 90 days, with model
// migrations, a launch, prompt and response caching, errors, evals and a GPU contract change.
//
// Determinism: all randomness comes from a local xoshiro256** seeded by splitmix64, normals are
// Irwin-Hall sums and exp() is computed here, so the stream depends on the seed and the options
// only, not on the standard library. Structural randomness (day-to-day noise, units-of-work
// jitter) comes from a hash of (seed, day, feature), so it is the same at every scale and volume
// stays linear in options.scale.
#include "demo/DemoScenario.h"

#include "domain/Time.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace il {
namespace {

constexpr size_t kRequestBatch = 16384;
constexpr size_t kOutcomeBatch = 4096;
constexpr int kReferenceDays = 90; // the scenario's story is told over 90 days; events scale with options.days

uint64_t splitmix64(uint64_t& state)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t mix64(uint64_t z)
{
    return splitmix64(z);
}

// exp() from IEEE arithmetic only (range reduction, degree-12 Taylor, exact scaling), so the
// lognormal draws do not depend on the platform's libm.
double detExp(double x)
{
    x = std::clamp(x, -700.0, 700.0);
    const double k = std::floor(x * 1.4426950408889634 + 0.5);
    const double r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
    constexpr std::array<double, 13> kInvFact
        = { 1.0,        1.0,         1.0 / 2,      1.0 / 6,       1.0 / 24,       1.0 / 120,      1.0 / 720,
            1.0 / 5040, 1.0 / 40320, 1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600 };
    double p = kInvFact[12];
    for (int i = 11; i >= 0; --i)
        p = p * r + kInvFact[size_t(i)];
    return std::ldexp(p, int(k));
}

// xoshiro256** (Blackman & Vigna), seeded through splitmix64.
class Rng {
public:
    explicit Rng(uint64_t seed)
    {
        for (uint64_t& w : m_s)
            w = splitmix64(seed);
    }

    uint64_t next()
    {
        const uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // [0, 1)
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // [0, n) by multiply-shift; the bias for n < 2^32 is far below anything the demo could show.
    uint32_t below(uint32_t n) { return uint32_t((uint64_t(uint32_t(next() >> 32)) * n) >> 32); }
    bool chance(double p) { return uniform() < p; }
    // Standard normal, approximated by the sum of four uniforms (tails end at ±3.46σ, which suits a demo).
    double normal()
    {
        const uint64_t a = next();
        const uint64_t b = next();
        const double s = double(a >> 32) + double(a & 0xffffffffULL) + double(b >> 32) + double(b & 0xffffffffULL);
        return (s * 0x1.0p-32 - 2.0 + 2.0 * 0x1.0p-33) * 1.7320508075688772;
    }
    double lognormal(double median, double sigma) { return median * detExp(sigma * normal()); }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<uint64_t, 4> m_s {};
};

double smoothstep(double x)
{
    x = std::clamp(x, 0.0, 1.0);
    return x * x * (3.0 - 2.0 * x);
}

int64_t roundTokens(double v)
{
    return std::max<int64_t>(1, int64_t(std::floor(v + 0.5)));
}

int32_t roundLatency(double ms)
{
    return int32_t(std::clamp(std::floor(ms + 0.5), 1.0, 86'400'000.0));
}

enum class PromptCache : uint8_t {
    None, // no prompt cache reported
    OpenAi, // automatic, prefixes from 1,024 tokens in 128-token steps
    Anthropic, // explicit breakpoints: a read when warm, a write when cold
    Google, // implicit caching
    SelfHosted, // vLLM prefix cache: reported, but the GPU-hour cost does not change
};

struct ModelTraits {
    std::string provider;
    std::string model;
    double ttftMs; // median time to first token
    double tokPerSec; // output throughput
    double errorRate;
    double quality; // added to a feature's base eval score
    PromptCache cache;
    int64_t minCacheTokens;
};

enum ModelId : uint8_t {
    Gpt4o,
    Gpt4oMini,
    Gpt41,
    Gpt41Mini,
    Gpt5,
    Gpt5Mini,
    O4Mini,
    ClaudeSonnet45,
    ClaudeSonnet4,
    ClaudeHaiku45,
    Gemini25Flash,
    Llama33,
    MistralLarge, // deliberately absent from the bundled catalogue: the demo's unpriced calls
    ModelCount
};

std::vector<ModelTraits> modelTable()
{
    std::vector<ModelTraits> m(ModelCount);
    m[Gpt4o] = { "openai", "gpt-4o", 450, 90, 0.012, 0.00, PromptCache::OpenAi, 1024 };
    m[Gpt4oMini] = { "openai", "gpt-4o-mini", 350, 115, 0.010, -0.05, PromptCache::OpenAi, 1024 };
    m[Gpt41] = { "openai", "gpt-4.1", 500, 85, 0.012, 0.01, PromptCache::OpenAi, 1024 };
    m[Gpt41Mini] = { "openai", "gpt-4.1-mini", 300, 130, 0.010, -0.05, PromptCache::OpenAi, 1024 };
    m[Gpt5] = { "openai", "gpt-5", 1400, 75, 0.014, 0.04, PromptCache::OpenAi, 1024 };
    m[Gpt5Mini] = { "openai", "gpt-5-mini", 850, 115, 0.012, 0.00, PromptCache::OpenAi, 1024 };
    m[O4Mini] = { "openai", "o4-mini", 1100, 120, 0.021, 0.00, PromptCache::OpenAi, 1024 };
    m[ClaudeSonnet45] = { "anthropic", "claude-sonnet-4-5", 900, 70, 0.014, 0.04, PromptCache::Anthropic, 1024 };
    m[ClaudeSonnet4] = { "anthropic", "claude-sonnet-4", 850, 65, 0.013, 0.02, PromptCache::Anthropic, 1024 };
    m[ClaudeHaiku45] = { "anthropic", "claude-haiku-4-5", 420, 140, 0.010, -0.04, PromptCache::Anthropic, 2048 };
    // Rate limits at peak hours: the model with the visibly higher error rate.
    m[Gemini25Flash] = { "google", "gemini-2.5-flash", 480, 180, 0.041, -0.04, PromptCache::Google, 1024 };
    m[Llama33] = { "self-hosted", "llama-3.3-70b-instruct", 260, 55, 0.015, -0.06, PromptCache::SelfHosted, 0 };
    m[MistralLarge] = { "mistral", "mistral-large-2411", 500, 70, 0.015, -0.03, PromptCache::None, 0 };
    return m;
}

// One model's share of a feature's traffic, moving from w0 to w1 around shiftAt (a day of the
// 90-day story) over shiftDays; outside [activeFrom, activeTo) it gets nothing.
struct Arm {
    ModelId model;
    double w0 = 1, w1 = 1;
    double shiftAt = 0, shiftDays = 1;
    double activeFrom = -1, activeTo = -1;
    double reasoningShare = 0; // of output tokens
    double outFactor = 1; // output length relative to the feature's median
    double flexShare = 0, priorityShare = 0;
    double turnsFactor = 1; // requests per unit of work relative to the feature's
    bool cacheWrite1h = false; // Anthropic cache writes at the 1-hour rate
    bool longContext = false; // a few requests above 200k input tokens
};

struct Feature {
    std::string name;
    std::string unit;
    double perWeekday = 0; // requests on a weekday at the start of the period, full launch, scale 1
    double growth = 0; // relative growth over the period
    double saturday = 1; // relative to a weekday
    double sunday = 1;
    double businessHours = 1; // share of traffic that follows the business-hours curve (rest is flat)
    double requestsPerUnit = 1; // requests one unit of work takes
    double inMedian = 0, inSigma = 0, outMedian = 0, outSigma = 0;
    double prefixShare = 0; // cacheable share of input (system prompt, schema, retrieved context)
    double promptCacheHit = 0; // chance that the cacheable prefix is warm
    double responseCacheHit = 0; // application response cache; 0 = the feature has none
    double duplicateShare = 0; // requests whose prompt repeats a popular one
    double evalRate = 0; // share of requests an eval scores
    double evalBase = 0; // mean eval score before the model's quality offset
    double batchShare = 0; // share sent through a batch API
    double launchAt = -1, rampDays = 0; // day of the 90-day story; -1 = live all along
    double monthStartBoost = 1; // invoices pile up on the first days of a month
    double longContextRate = 0;
    std::vector<Arm> arms {};
};

std::vector<Feature> featureTable()
{
    std::vector<Feature> f;
    {
        Feature s { .name = "support-assistant",
                    .unit = "resolved_ticket",
                    .perWeekday = 7400,
                    .growth = 0.15,
                    .saturday = 0.45,
                    .sunday = 0.40,
                    .businessHours = 1.0,
                    .requestsPerUnit = 3.0,
                    .inMedian = 2500,
                    .inSigma = 0.55,
                    .outMedian = 350,
                    .outSigma = 0.50,
                    .prefixShare = 0.55,
                    .promptCacheHit = 0.90,
                    .responseCacheHit = 0.18,
                    .duplicateShare = 0.25,
                    .evalRate = 0.50,
                    .evalBase = 0.86 };
        // Around day 40 most traffic moves from gpt-4o to gpt-4.1-mini; a ticket then takes a few more turns.
        s.arms = { { .model = Gpt4o, .w0 = 0.85, .w1 = 0.30, .shiftAt = 40, .shiftDays = 7, .priorityShare = 0.10 },
                   { .model = Gpt41Mini,
                     .w0 = 0.0,
                     .w1 = 0.58,
                     .shiftAt = 40,
                     .shiftDays = 7,
                     .priorityShare = 0.10,
                     .turnsFactor = 1.08 },
                   { .model = ClaudeHaiku45, .w0 = 0.15, .w1 = 0.12 } };
        f.push_back(std::move(s));
    }
    {
        Feature s { .name = "doc-summarizer",
                    .unit = "document_summarised",
                    .perWeekday = 2900,
                    .growth = 0.10,
                    .saturday = 0.35,
                    .sunday = 0.30,
                    .businessHours = 0.9,
                    .requestsPerUnit = 1.8,
                    .inMedian = 8000,
                    .inSigma = 0.80,
                    .outMedian = 600,
                    .outSigma = 0.45,
                    .prefixShare = 0.35,
                    .promptCacheHit = 0.80,
                    .duplicateShare = 0.02,
                    .evalRate = 0.40,
                    .evalBase = 0.84 };
        s.longContextRate = 0.0003;
        s.arms = {
            { .model = ClaudeSonnet45, .w0 = 0.60, .w1 = 0.45, .shiftAt = 45, .shiftDays = 60, .longContext = true },
            { .model = ClaudeHaiku45, .w0 = 0.40, .w1 = 0.55, .shiftAt = 45, .shiftDays = 60 }
        };
        f.push_back(std::move(s));
    }
    {
        Feature s { .name = "semantic-search",
                    .unit = "search_served",
                    .perWeekday = 6200,
                    .growth = 0.25,
                    .saturday = 0.50,
                    .sunday = 0.45,
                    .businessHours = 0.9,
                    .requestsPerUnit = 1.25,
                    .inMedian = 600,
                    .inSigma = 0.40,
                    .outMedian = 120,
                    .outSigma = 0.45,
                    .prefixShare = 0.42,
                    .promptCacheHit = 0.85,
                    .responseCacheHit = 0.35,
                    .duplicateShare = 0.45,
                    .evalRate = 0.50,
                    .evalBase = 0.82 };
        s.arms = { { .model = Llama33, .w0 = 0.70, .w1 = 0.70 }, { .model = Gemini25Flash, .w0 = 0.30, .w1 = 0.30 } };
        f.push_back(std::move(s));
    }
    {
        Feature s { .name = "code-review-bot",
                    .unit = "pull_request_reviewed",
                    .perWeekday = 2500,
                    .growth = 0.05,
                    .saturday = 0.15,
                    .sunday = 0.12,
                    .businessHours = 1.0,
                    .requestsPerUnit = 4.0,
                    .inMedian = 6000,
                    .inSigma = 0.70,
                    .outMedian = 1500,
                    .outSigma = 0.55,
                    .prefixShare = 0.45,
                    .promptCacheHit = 0.85,
                    .duplicateShare = 0.01,
                    .evalRate = 0.60,
                    .evalBase = 0.78 };
        s.arms = { { .model = O4Mini, .w0 = 0.60, .w1 = 0.60, .reasoningShare = 0.60, .outFactor = 1.3 },
                   { .model = ClaudeSonnet4, .w0 = 0.40, .w1 = 0.40, .cacheWrite1h = true } };
        f.push_back(std::move(s));
    }
    {
        Feature s { .name = "invoice-extraction",
                    .unit = "invoice_processed",
                    .perWeekday = 2700,
                    .growth = 0.20,
                    .saturday = 0.30,
                    .sunday = 0.25,
                    .businessHours = 0.5,
                    .requestsPerUnit = 1.4,
                    .inMedian = 1800,
                    .inSigma = 0.35,
                    .outMedian = 400,
                    .outSigma = 0.30,
                    .prefixShare = 0.70,
                    .promptCacheHit = 0.92,
                    .duplicateShare = 0.03,
                    .evalRate = 0.55,
                    .evalBase = 0.93,
                    .batchShare = 0.65 };
        s.monthStartBoost = 1.6;
        // A gradual migration to gpt-5-mini through the period.
        s.arms = { { .model = Gpt4oMini, .w0 = 0.70, .w1 = 0.30, .shiftAt = 45, .shiftDays = 50 },
                   { .model = Gpt5Mini,
                     .w0 = 0.30,
                     .w1 = 0.70,
                     .shiftAt = 45,
                     .shiftDays = 50,
                     .reasoningShare = 0.30,
                     .outFactor = 1.25 } };
        f.push_back(std::move(s));
    }
    {
        Feature s { .name = "sales-email-drafts",
                    .unit = "email_drafted",
                    .perWeekday = 3000,
                    .growth = 0.12,
                    .saturday = 0.20,
                    .sunday = 0.15,
                    .businessHours = 1.0,
                    .requestsPerUnit = 2.0,
                    .inMedian = 2200,
                    .inSigma = 0.50,
                    .outMedian = 450,
                    .outSigma = 0.40,
                    .prefixShare = 0.55,
                    .promptCacheHit = 0.85,
                    .duplicateShare = 0.05,
                    .evalRate = 0.35,
                    .evalBase = 0.80 };
        // A one-week trial of a model that no catalogue prices: the unpriced counter has something to show.
        s.arms = {
            { .model = Gpt5Mini, .w0 = 0.80, .w1 = 0.80, .reasoningShare = 0.40, .outFactor = 1.4, .flexShare = 0.35 },
            { .model = Gpt41, .w0 = 0.20, .w1 = 0.20 },
            { .model = MistralLarge, .w0 = 0.02, .w1 = 0.02, .activeFrom = 62, .activeTo = 69 }
        };
        f.push_back(std::move(s));
    }
    {
        Feature s { .name = "claims-triage",
                    .unit = "claim_triaged",
                    .perWeekday = 3600,
                    .growth = 0.10,
                    .saturday = 0.50,
                    .sunday = 0.45,
                    .businessHours = 0.9,
                    .requestsPerUnit = 2.2,
                    .inMedian = 3500,
                    .inSigma = 0.50,
                    .outMedian = 500,
                    .outSigma = 0.40,
                    .prefixShare = 0.50,
                    .promptCacheHit = 0.85,
                    .duplicateShare = 0.02,
                    .evalRate = 0.45,
                    .evalBase = 0.85 };
        // Launched on day 50 with a pilot share, ramping to full traffic over two weeks.
        s.launchAt = 50;
        s.rampDays = 14;
        s.arms = { { .model = Gpt5Mini, .w0 = 0.62, .w1 = 0.62, .reasoningShare = 0.50, .outFactor = 1.5 },
                   { .model = ClaudeSonnet45, .w0 = 0.28, .w1 = 0.28 },
                   // Hard claims escalate to the larger reasoning model.
                   { .model = Gpt5, .w0 = 0.10, .w1 = 0.10, .reasoningShare = 0.60, .outFactor = 1.8 } };
        f.push_back(std::move(s));
    }
    return f;
}

// UTC hour-of-day weights for interactive traffic: European mornings and US afternoons.
constexpr std::array<double, 24> kBusinessHours
    = { 0.30, 0.25, 0.22, 0.20, 0.22, 0.30, 0.50, 0.80, 1.10, 1.35, 1.45, 1.45,
        1.40, 1.55, 1.70, 1.70, 1.55, 1.30, 1.05, 0.85, 0.70, 0.55, 0.45, 0.35 };

double businessHourWeight(int hour)
{
    double sum = 0;
    for (double w : kBusinessHours)
        sum += w;
    return kBusinessHours[size_t(hour)] * 24.0 / sum;
}

// The day of the 90-day story that `day` of an options.days-long run corresponds to.
double storyDay(int day, int days)
{
    return (double(day) + 0.5) * kReferenceDays / double(days);
}

int64_t effectiveEnd(const DemoOptions& o)
{
    return o.endMs > 0 ? o.endMs : floorTo(nowMs(), kMsPerDay);
}

void appendUnsigned(std::string& s, uint64_t v)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    s.append(buf, r.ptr);
}

void writeHex16(std::string& s, uint64_t v)
{
    static constexpr char kHex[] = "0123456789abcdef";
    s.resize(16);
    for (int i = 15; i >= 0; --i) {
        s[size_t(i)] = kHex[v & 0xf];
        v >>= 4;
    }
}

// Per (feature, day): volume and the model mix.
struct DayPlan {
    double expectedPerDay = 0;
    double requestsPerUnit = 1;
    double errorMultiplier = 1;
    std::array<double, 8> cumulative {}; // cumulative arm weights, normalised
};

struct Generator {
    const DemoOptions& opt;
    IngestSink& sink;
    int64_t endMs;
    std::vector<ModelTraits> models = modelTable();
    std::vector<Feature> features = featureTable();
    Rng rng;
    std::vector<RequestRecord> requests;
    std::vector<OutcomeEvent> outcomes;
    size_t used = 0;
    uint64_t requestSeq = 0;
    uint64_t outcomeSeq = 0;
    std::string idPrefix;
    std::string outcomePrefix;
    std::vector<uint64_t> keys;
    std::vector<uint8_t> featureOf;
    std::vector<DayPlan> plans;
    std::vector<double> unitCarry;

    Generator(const DemoOptions& o, IngestSink& s)
        : opt(o)
        , sink(s)
        , endMs(effectiveEnd(o))
        , rng(o.seed ^ 0x64656d6f5f726571ULL) // "demo_req"
    {
        requests.resize(kRequestBatch);
        outcomes.reserve(kOutcomeBatch);
        idPrefix = "demo-" + std::to_string(o.seed) + "-";
        outcomePrefix = idPrefix + "o";
        plans.resize(features.size());
        unitCarry.assign(features.size(), 0.0);
    }

    // Randomness that must not depend on the scale: one small generator per (day, feature, purpose).
    Rng structural(int day, size_t feature, uint64_t purpose) const
    {
        return Rng(
            mix64(opt.seed * 0x9e3779b97f4a7c15ULL ^ (uint64_t(day) << 20) ^ (uint64_t(feature) << 8) ^ purpose));
    }

    void planDay(int day, int64_t dayStartMs)
    {
        const double t = storyDay(day, opt.days);
        const int64_t civil = floorTo(dayStartMs, kMsPerDay) / kMsPerDay;
        const int dow = int(((civil + 3) % 7 + 7) % 7); // 1970-01-01 was a Thursday; 0 = Monday
        int64_t y = 0;
        unsigned m = 0, dom = 0;
        civilFromDays(civil, y, m, dom);
        for (size_t fi = 0; fi < features.size(); ++fi) {
            const Feature& f = features[fi];
            DayPlan& p = plans[fi];
            Rng r = structural(day, fi, 1);
            double v = f.perWeekday * (1.0 + f.growth * t / kReferenceDays);
            v *= dow == 5 ? f.saturday : dow == 6 ? f.sunday : 1.0;
            if (dom <= 3)
                v *= f.monthStartBoost;
            v *= std::max(0.5, 1.0 + 0.06 * r.normal());
            p.errorMultiplier = 1.0;
            if (f.launchAt >= 0) {
                if (t < f.launchAt) {
                    v = 0;
                } else {
                    const double ramp = smoothstep((t - f.launchAt) / f.rampDays);
                    v *= 0.05 + 0.95 * ramp;
                    p.errorMultiplier = 2.0 - ramp; // launch teething troubles
                }
            }
            p.expectedPerDay = v * opt.scale;
            // How many requests a unit of work took that day: the outcome success rate wobbles.
            p.requestsPerUnit = f.requestsPerUnit * std::max(0.7, 1.0 + 0.05 * r.normal());

            double total = 0;
            for (size_t a = 0; a < f.arms.size() && a < p.cumulative.size(); ++a) {
                const Arm& arm = f.arms[a];
                double w = arm.w0 + (arm.w1 - arm.w0) * smoothstep((t - arm.shiftAt) / arm.shiftDays + 0.5);
                if (arm.activeFrom >= 0 && (t < arm.activeFrom || t >= arm.activeTo))
                    w = 0;
                total += std::max(0.0, w);
                p.cumulative[a] = total;
            }
            for (size_t a = 0; a < f.arms.size() && a < p.cumulative.size(); ++a)
                p.cumulative[a] = total > 0 ? p.cumulative[a] / total : 1.0;
        }
    }

    Result<void> flushRequests()
    {
        if (used == 0)
            return {};
        auto r = sink.addRequests(std::span<const RequestRecord>(requests.data(), used));
        used = 0;
        return r;
    }

    Result<void> flushOutcomes()
    {
        if (outcomes.empty())
            return {};
        auto r = sink.addOutcomes(std::span<const OutcomeEvent>(outcomes.data(), outcomes.size()));
        outcomes.clear();
        return r;
    }

    size_t pickArm(const Feature& f, const DayPlan& p)
    {
        const double u = rng.uniform();
        for (size_t a = 0; a + 1 < f.arms.size(); ++a)
            if (u < p.cumulative[a])
                return a;
        return f.arms.size() - 1;
    }

    // Fills `rec` with one request; returns its contribution to units of work.
    double makeRequest(RequestRecord& rec, int64_t ts, size_t fi)
    {
        const Feature& f = features[fi];
        const DayPlan& p = plans[fi];
        const Arm& arm = f.arms[pickArm(f, p)];
        const ModelTraits& m = models[arm.model];

        rec.timestampMs = ts;
        rec.requestId.assign(idPrefix);
        appendUnsigned(rec.requestId, requestSeq++);
        rec.feature.assign(f.name);
        rec.provider.assign(m.provider);
        rec.model.assign(m.model);
        rec.inputTokens = rec.cachedInputTokens = rec.cacheWriteTokens = rec.cacheWrite1hTokens = 0;
        rec.outputTokens = rec.reasoningTokens = 0;
        rec.error = false;
        rec.evalScore = NAN;
        rec.reportedCostNanos.reset();
        rec.currency = Currency {};
        rec.batch = false;
        rec.serviceTier.clear();

        // Prompts: a popular pool (skewed, so some repeat often) or one of a kind.
        const bool responseCache = f.responseCacheHit > 0;
        const bool hit = responseCache && rng.chance(f.responseCacheHit);
        uint64_t promptId;
        if (hit || rng.chance(f.duplicateShare)) {
            const double u = rng.uniform();
            promptId = uint64_t(u * u * u * 4000.0);
        } else {
            promptId = (uint64_t(1) << 63) | requestSeq;
        }
        writeHex16(rec.promptHash, mix64(opt.seed * 0x2545f4914f6cdd1dULL ^ (uint64_t(fi) << 56) ^ promptId));
        rec.cache = responseCache ? (hit ? CacheOutcome::Hit : CacheOutcome::Miss) : CacheOutcome::None;

        if (hit) {
            // Answered from the application's cache: no tokens, a few milliseconds.
            rec.latencyMs = roundLatency(rng.lognormal(5.0, 0.4));
            return 1.0 / (p.requestsPerUnit * arm.turnsFactor);
        }

        rec.batch = f.batchShare > 0 && rng.chance(f.batchShare);
        if (!rec.batch) {
            const double u = rng.uniform();
            if (u < arm.flexShare)
                rec.serviceTier.assign("flex");
            else if (u < arm.flexShare + arm.priorityShare)
                rec.serviceTier.assign("priority");
        }

        int64_t input = roundTokens(rng.lognormal(f.inMedian, f.inSigma));
        if (arm.longContext && rng.chance(f.longContextRate))
            input = 200'001 + int64_t(rng.below(400'000));
        rec.inputTokens = input;

        if (rng.chance(m.errorRate * p.errorMultiplier)) {
            rec.error = true;
            if (rng.chance(0.65)) {
                // Rate limit or 5xx: rejected before any token was processed.
                rec.inputTokens = 0;
                rec.latencyMs = roundLatency(rng.lognormal(180.0, 0.5));
            } else {
                // Timeout or broken stream: the prompt was processed, nothing usable came back.
                rec.latencyMs = roundLatency(rng.lognormal(30'000.0, 0.25));
            }
            if (rec.batch)
                rec.latencyMs = roundLatency(rng.lognormal(35.0 * 60'000.0, 0.6));
            return 0.0;
        }

        const int64_t output = roundTokens(rng.lognormal(f.outMedian * arm.outFactor, f.outSigma));
        rec.outputTokens = output;
        if (arm.reasoningShare > 0)
            rec.reasoningTokens = std::min<int64_t>(
                output - 1, int64_t(std::floor(double(output) * arm.reasoningShare * rng.uniform(0.75, 1.25) + 0.5)));

        const int64_t prefix = std::min<int64_t>(
            input, int64_t(std::floor(double(input) * f.prefixShare * rng.uniform(0.85, 1.15) + 0.5)));
        const bool warm = rng.chance(f.promptCacheHit);
        if (prefix >= m.minCacheTokens && prefix > 0) {
            switch (m.cache) {
            case PromptCache::OpenAi:
                if (warm)
                    rec.cachedInputTokens = prefix / 128 * 128;
                break;
            case PromptCache::Anthropic:
                if (warm)
                    rec.cachedInputTokens = prefix;
                else if (arm.cacheWrite1h)
                    rec.cacheWrite1hTokens = prefix;
                else
                    rec.cacheWriteTokens = prefix;
                break;
            case PromptCache::Google:
                if (warm && rng.chance(0.8))
                    rec.cachedInputTokens = prefix;
                break;
            case PromptCache::SelfHosted:
                if (warm)
                    rec.cachedInputTokens = prefix;
                break;
            case PromptCache::None:
                break;
            }
        }

        double latency = (m.ttftMs + double(output) / m.tokPerSec * 1000.0) * rng.lognormal(1.0, 0.35);
        latency += double(input) * 0.02; // prefill
        if (rec.serviceTier == "flex")
            latency *= rng.uniform(1.4, 2.4);
        else if (rec.serviceTier == "priority")
            latency *= 0.8;
        if (rec.batch)
            latency = rng.lognormal(35.0 * 60'000.0, 0.6); // submission to result
        rec.latencyMs = roundLatency(latency);

        if (rng.chance(f.evalRate)) {
            double score = f.evalBase + m.quality + 0.09 * rng.normal();
            if (input > 200'000)
                score -= 0.05;
            rec.evalScore = std::floor(std::clamp(score, 0.0, 1.0) * 100.0 + 0.5) / 100.0;
        }
        return 1.0 / (p.requestsPerUnit * arm.turnsFactor);
    }

    Result<void> run()
    {
        const int64_t startMs = endMs - int64_t(opt.days) * kMsPerDay;
        std::vector<double> unitsThisHour(features.size());
        for (int day = 0; day < opt.days; ++day) {
            const int64_t dayStart = startMs + int64_t(day) * kMsPerDay;
            planDay(day, dayStart);
            for (int h = 0; h < 24; ++h) {
                const int64_t hourStart = dayStart + int64_t(h) * kMsPerHour;
                const int hod = int((floorTo(hourStart, kMsPerHour) / kMsPerHour % 24 + 24) % 24);
                const double business = businessHourWeight(hod);
                keys.clear();
                featureOf.clear();
                for (size_t fi = 0; fi < features.size(); ++fi) {
                    const Feature& f = features[fi];
                    const double weight = f.businessHours * business + (1.0 - f.businessHours);
                    const double expected = plans[fi].expectedPerDay * weight / 24.0;
                    const auto n = uint64_t(std::floor(expected + rng.uniform()));
                    for (uint64_t i = 0; i < n; ++i) {
                        keys.push_back((uint64_t(rng.below(uint32_t(kMsPerHour))) << 32) | featureOf.size());
                        featureOf.push_back(uint8_t(fi));
                    }
                }
                std::sort(keys.begin(), keys.end());
                std::fill(unitsThisHour.begin(), unitsThisHour.end(), 0.0);
                for (uint64_t key : keys) {
                    const size_t fi = featureOf[key & 0xffffffffULL];
                    unitsThisHour[fi] += makeRequest(requests[used], hourStart + int64_t(key >> 32), fi);
                    if (++used == requests.size())
                        if (auto r = flushRequests(); !r)
                            return r;
                }
                // Units of work finished this hour, one aggregated event per feature.
                for (size_t fi = 0; fi < features.size(); ++fi) {
                    unitCarry[fi] += unitsThisHour[fi];
                    const double whole = std::floor(unitCarry[fi]);
                    if (whole < 1)
                        continue;
                    unitCarry[fi] -= whole;
                    OutcomeEvent o;
                    o.timestampMs = hourStart + kMsPerHour - 1;
                    o.feature = features[fi].name;
                    o.unit = features[fi].unit;
                    o.count = int64_t(whole);
                    o.outcomeId = outcomePrefix;
                    appendUnsigned(o.outcomeId, outcomeSeq++);
                    outcomes.push_back(std::move(o));
                    if (outcomes.size() >= kOutcomeBatch)
                        if (auto r = flushOutcomes(); !r)
                            return r;
                }
            }
            if (opt.progress)
                opt.progress(double(day + 1) / double(opt.days));
        }
        if (auto r = flushRequests(); !r)
            return r;
        return flushOutcomes();
    }
};

} // namespace

std::vector<PriceEntry> demoPriceEntries(const DemoOptions& options)
{
    // The self-hosted GPU contract is renegotiated half-way through: $3.20 → $2.40 per GPU-hour.
    const int days = std::max(options.days, 1);
    PriceEntry e;
    e.catalogue = "demo";
    e.version = "demo-" + std::to_string(options.seed);
    e.provider = "self-hosted";
    e.model = "llama-3.3-70b-instruct";
    e.aliases = { "meta-llama/llama-3.3-70b-instruct" };
    e.effectiveFromMs = floorTo(effectiveEnd(options) - int64_t(days - days / 2) * kMsPerDay, kMsPerDay);
    e.currency = Currency {};
    e.gpuHourNanos = 2'400'000'000;
    e.tokensPerGpuHour = 9'000'000;
    return { e };
}

Result<void> generateDemo(IngestSink& sink, const DemoOptions& options)
{
    if (options.days < 1 || options.days > 3660)
        return makeError("the demo needs between 1 and 3660 days, not " + std::to_string(options.days),
                         "Use the default of 90 days");
    if (!(options.scale > 0) || !std::isfinite(options.scale) || options.scale > 1000)
        return makeError("the demo scale must be a positive number up to 1000", "Use 1.0 for about 2 million requests");
    Generator g(options, sink);
    return g.run();
}

} // namespace il
