// SPDX-License-Identifier: GPL-3.0-or-later
#include "analytics/GateEvaluation.h"

#include "analytics/GateExact.h"
#include "domain/Money.h"
#include "domain/Time.h"
#include "pricing/PriceCatalogue.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <set>

namespace il {

using nlohmann::json;

// ---- names ----------------------------------------------------------------------------------------

const char* gateVerdictName(GateVerdict v)
{
    switch (v) {
    case GateVerdict::Pass:
        return "pass";
    case GateVerdict::Flagged:
        return "flagged";
    case GateVerdict::Rejected:
        return "rejected";
    }
    return "rejected";
}

std::optional<GateVerdict> parseGateVerdict(std::string_view s)
{
    if (s == "pass")
        return GateVerdict::Pass;
    if (s == "flagged")
        return GateVerdict::Flagged;
    if (s == "rejected")
        return GateVerdict::Rejected;
    return std::nullopt;
}

int gateExitCode(GateVerdict v)
{
    switch (v) {
    case GateVerdict::Pass:
        return 0;
    case GateVerdict::Flagged:
        return 1;
    case GateVerdict::Rejected:
        return 2;
    }
    return 2;
}

const char* gateCheckStatusName(GateCheckStatus s)
{
    switch (s) {
    case GateCheckStatus::Pass:
        return "pass";
    case GateCheckStatus::Fail:
        return "fail";
    case GateCheckStatus::Unknown:
        return "unknown";
    case GateCheckStatus::NotSet:
        return "not_set";
    }
    return "not_set";
}

const char* gateLeverName(GateLeverKind k)
{
    switch (k) {
    case GateLeverKind::Caching:
        return "caching";
    case GateLeverKind::PromptTrimming:
        return "prompt_trimming";
    case GateLeverKind::Routing:
        return "routing";
    case GateLeverKind::Batching:
        return "batching";
    }
    return "caching";
}

int64_t GateFigures::peakMonthCost() const
{
    return *std::max_element(monthCost.begin(), monthCost.end());
}

const GateLiveModel* GateLiveData::find(const std::string& provider, const std::string& model) const
{
    auto it = byModel.find(PriceCatalogue::canonicalProvider(provider) + "/" + PriceCatalogue::normalisedModel(model));
    return it == byModel.end() ? nullptr : &it->second;
}

// ---- decimals -------------------------------------------------------------------------------------

namespace {

    std::string_view trimmed(std::string_view t)
    {
        while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front())))
            t.remove_prefix(1);
        while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back())))
            t.remove_suffix(1);
        return t;
    }

    // Decimal places a number needs once its exponent is applied ("0.0250" → 3, "1.5e-8" → 9, "2e3" → 0);
    // nullopt when the text is not a plain or E-notation decimal.
    std::optional<int> decimalPlaces(std::string_view t)
    {
        t = trimmed(t);
        size_t i = 0;
        if (i < t.size() && (t[i] == '+' || t[i] == '-'))
            ++i;
        size_t digits = 0;
        int frac = 0, fracNonZeroEnd = 0;
        bool dot = false;
        for (; i < t.size(); ++i) {
            const char c = t[i];
            if (c >= '0' && c <= '9') {
                ++digits;
                if (dot) {
                    ++frac;
                    if (c != '0')
                        fracNonZeroEnd = frac;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (digits == 0)
            return std::nullopt;
        long exp = 0;
        if (i < t.size()) {
            if (t[i] != 'e' && t[i] != 'E')
                return std::nullopt;
            ++i;
            bool neg = false;
            if (i < t.size() && (t[i] == '+' || t[i] == '-'))
                neg = t[i++] == '-';
            if (i >= t.size())
                return std::nullopt;
            for (; i < t.size(); ++i) {
                if (t[i] < '0' || t[i] > '9')
                    return std::nullopt;
                exp = exp * 10 + (t[i] - '0');
                if (exp > 400)
                    return std::nullopt;
            }
            if (neg)
                exp = -exp;
        }
        return std::max<long>(0, fracNonZeroEnd - exp);
    }

} // namespace

std::optional<int64_t> parseGateDecimal(std::string_view text, std::string* why)
{
    auto places = decimalPlaces(text);
    if (!places) {
        if (why)
            *why = "not a number";
        return std::nullopt;
    }
    if (*places > kGateScale) {
        if (why)
            *why = "has more than 9 decimal places";
        return std::nullopt;
    }
    auto v = parseDecimalScaled(trimmed(text), kGateScale);
    if (!v) {
        if (why)
            *why = "is too large";
        return std::nullopt;
    }
    return v;
}

std::string formatGateDecimal(int64_t scaled)
{
    return formatNanos(scaled, 0, 9);
}

// ---- spec parsing ---------------------------------------------------------------------------------

namespace {

    const char* const kTopFields[]
        = { "schema",         "feature",           "unit",         "description",   "units_per_month",
            "monthly_growth", "requests_per_unit", "input_tokens", "output_tokens", "cached_input_share",
            "retry_rate",     "candidates",        "thresholds",   "currency",      "evaluation_date",
            "launch_date" };
    const char* const kTokenFields[] = { "p50", "p95" };
    const char* const kCandidateFields[] = { "provider", "model", "batch" };
    const char* const kThresholdFields[]
        = { "max_cost_per_unit", "monthly_budget", "max_p95_latency_ms", "min_accuracy" };

    size_t editDistance(std::string_view a, std::string_view b)
    {
        std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
        for (size_t j = 0; j <= b.size(); ++j)
            prev[j] = j;
        for (size_t i = 1; i <= a.size(); ++i) {
            cur[0] = i;
            for (size_t j = 1; j <= b.size(); ++j)
                cur[j] = std::min({ prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1) });
            std::swap(prev, cur);
        }
        return prev[b.size()];
    }

    class SpecReader {
    public:
        explicit SpecReader(std::string source)
            : m_source(std::move(source))
        {
        }

        Error error(const std::string& field, const std::string& message, const std::string& hint = {}) const
        {
            Error e;
            e.source = m_source;
            e.field = field;
            e.message = message;
            e.hint = hint.empty() ? "Fix the spec and evaluate again (docs/GATE.md describes every field)" : hint;
            return e;
        }

        template <size_t N>
        std::optional<Error> onlyKnown(const json& obj, const std::string& prefix, const char* const (&known)[N]) const
        {
            for (auto it = obj.begin(); it != obj.end(); ++it) {
                bool ok = false;
                std::string best;
                size_t bestD = 3;
                for (const char* k : known) {
                    if (it.key() == k)
                        ok = true;
                    const size_t d = editDistance(it.key(), k);
                    if (d < bestD) {
                        bestD = d;
                        best = k;
                    }
                }
                if (ok)
                    continue;
                std::string list;
                for (const char* k : known)
                    list += (list.empty() ? "" : ", ") + std::string(k);
                return error(prefix + it.key(), "unknown field",
                             best.empty() ? "Accepted fields here: " + list : "Did you mean '" + prefix + best + "'?");
            }
            return std::nullopt;
        }

        // The text of a numeric value: a JSON number as nlohmann writes it back (its shortest round-trip form,
        // which is the text written for up to 15 significant digits) or a decimal string.
        static std::optional<std::string> numberText(const json& v)
        {
            if (v.is_string())
                return v.get<std::string>();
            if (v.is_number())
                return v.dump();
            return std::nullopt;
        }

        // A decimal field into × 10^-9 units, within [min, max] (min exclusive when minExclusive).
        Result<int64_t> decimal(const json& v, const std::string& field, int64_t min, int64_t max, bool minExclusive,
                                const std::string& rangeText) const
        {
            auto text = numberText(v);
            if (!text)
                return error(field, "must be a number (got " + std::string(v.type_name()) + ")");
            std::string why;
            auto x = parseGateDecimal(*text, &why);
            if (!x)
                return error(field, "'" + *text + "' " + why,
                             why == "has more than 9 decimal places" ? "Round it to nine decimals" : std::string());
            if (*x < min || (minExclusive && *x == min) || *x > max)
                return error(field, "must be " + rangeText + " (got " + *text + ")");
            return *x;
        }

        Result<int64_t> whole(const json& v, const std::string& field, int64_t min, int64_t max,
                              const std::string& rangeText) const
        {
            auto text = numberText(v);
            if (!text)
                return error(field, "must be a whole number (got " + std::string(v.type_name()) + ")");
            auto places = decimalPlaces(*text);
            if (!places)
                return error(field, "'" + *text + "' is not a number");
            if (*places > 0)
                return error(field, "must be a whole number (got " + *text + ")");
            auto x = parseDecimalScaled(trimmed(*text), 0);
            if (!x || *x < min || *x > max)
                return error(field, "must be " + rangeText + " (got " + *text + ")");
            return *x;
        }

        Result<std::string> string(const json& obj, const char* key, const std::string& field, bool required) const
        {
            auto it = obj.find(key);
            if (it == obj.end() || it->is_null()) {
                if (required)
                    return error(field, "is missing");
                return std::string();
            }
            if (!it->is_string())
                return error(field, "must be a string (got " + std::string(it->type_name()) + ")");
            std::string s(trimmed(it->get<std::string>()));
            if (required && s.empty())
                return error(field, "must not be empty");
            for (unsigned char c : s)
                if (c < 0x20)
                    return error(field, "must not contain control characters");
            return s;
        }

        Result<std::optional<int64_t>> date(const json& obj, const char* key) const
        {
            auto it = obj.find(key);
            if (it == obj.end() || it->is_null())
                return std::optional<int64_t>();
            if (!it->is_string())
                return error(key, "must be a date string like \"2026-03-01\"");
            auto d = parseDateMs(it->get<std::string>());
            if (!d)
                return error(key, "'" + it->get<std::string>() + "' is not a date like 2026-03-01 (UTC)");
            return std::optional<int64_t>(*d);
        }

    private:
        std::string m_source;
    };

    void lineColumn(std::string_view text, size_t byte, long long& line, int& column)
    {
        line = 1;
        column = 1;
        const size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
        for (size_t i = 0; i < end; ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
    }

} // namespace

Result<GateSpec> parseGateSpec(std::string_view text, const std::string& source)
{
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        Error err;
        err.source = source;
        lineColumn(text, e.byte, err.line, err.column);
        std::string what = e.what();
        // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while parsing …"
        const size_t colon = what.find(": ");
        err.message = "not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2));
        err.hint = "Fix the JSON syntax (a missing comma, quote or brace is the usual cause)";
        return err;
    }
    return gateSpecFromJson(j, source);
}

Result<GateSpec> gateSpecFromJson(const json& j, const std::string& source)
{
    SpecReader r(source);
    GateSpec s;
    if (!j.is_object())
        return r.error("", "a gate spec must be a JSON object", "See docs/examples/gate-pass.json for the shape");
    if (auto e = r.onlyKnown(j, "", kTopFields))
        return *e;
    if (auto it = j.find("schema"); it != j.end() && (!it->is_string() || it->get<std::string>() != kGateSpecSchema))
        return r.error("schema", std::string("must be \"") + kGateSpecSchema + "\" when given");

    auto feature = r.string(j, "feature", "feature", true);
    if (!feature)
        return feature.error();
    s.feature = *feature;
    if (s.feature.size() > 120)
        return r.error("feature", "is longer than 120 characters");
    auto unit = r.string(j, "unit", "unit", true);
    if (!unit)
        return unit.error();
    s.unit = *unit;
    auto desc = r.string(j, "description", "description", false);
    if (!desc)
        return desc.error();
    s.description = *desc;

    auto need = [&](const char* key) -> Result<const json*> {
        auto it = j.find(key);
        if (it == j.end() || it->is_null())
            return r.error(key, "is missing");
        return &*it;
    };
    auto optional = [&](const json& obj, const char* key) -> const json* {
        auto it = obj.find(key);
        return it == obj.end() || it->is_null() ? nullptr : &*it;
    };

    {
        auto v = need("units_per_month");
        if (!v)
            return v.error();
        auto x = r.whole(**v, "units_per_month", 1, kGateMaxUnitsPerMonth, "a whole number from 1 to 10^12");
        if (!x)
            return x.error();
        s.unitsPerMonth = *x;
    }
    if (const json* v = optional(j, "monthly_growth")) {
        auto x = r.decimal(*v, "monthly_growth", -kGateOne, kGateMaxGrowth, true,
                           "a fraction above -1 and at most 10 (0.15 is +15 % a month)");
        if (!x)
            return x.error();
        s.monthlyGrowth = *x;
    }
    {
        auto v = need("requests_per_unit");
        if (!v)
            return v.error();
        auto x
            = r.decimal(**v, "requests_per_unit", 0, kGateMaxRequestsPerUnit, true, "more than 0 and at most 1000000");
        if (!x)
            return x.error();
        s.requestsPerUnit = *x;
    }
    auto tokens = [&](const char* key, int64_t& p50, int64_t& p95) -> std::optional<Error> {
        auto v = need(key);
        if (!v)
            return v.error();
        const json& o = **v;
        if (!o.is_object())
            return r.error(key, "must be an object like {\"p50\": 1800, \"p95\": 4200}");
        if (auto e = r.onlyKnown(o, std::string(key) + ".", kTokenFields))
            return e;
        for (const char* p : kTokenFields) {
            const std::string field = std::string(key) + "." + p;
            const json* x = optional(o, p);
            if (!x)
                return r.error(field, "is missing",
                               "Give the tokens per request at the median (p50) and the 95th percentile (p95)");
            auto n = r.whole(*x, field, 0, kGateMaxTokens, "a whole number of tokens from 0 to 100000000");
            if (!n)
                return n.error();
            (std::string_view(p) == "p50" ? p50 : p95) = *n;
        }
        if (p95 < p50)
            return r.error(std::string(key) + ".p95",
                           "is below p50 (" + std::to_string(p95) + " < " + std::to_string(p50) + ")",
                           "The 95th percentile is at least the median; swap them or fix the figures");
        return std::nullopt;
    };
    if (auto e = tokens("input_tokens", s.inputTokensP50, s.inputTokensP95))
        return *e;
    if (auto e = tokens("output_tokens", s.outputTokensP50, s.outputTokensP95))
        return *e;
    if (s.inputTokensP95 + s.outputTokensP95 == 0)
        return r.error("input_tokens.p95", "a request with no input and no output tokens costs nothing to gate",
                       "Give the tokens per request");
    if (const json* v = optional(j, "cached_input_share")) {
        auto x = r.decimal(*v, "cached_input_share", 0, kGateOne, false, "a fraction from 0 to 1 (0.4 is 40 %)");
        if (!x)
            return x.error();
        s.cachedInputShare = *x;
    }
    if (const json* v = optional(j, "retry_rate")) {
        auto x = r.decimal(*v, "retry_rate", 0, kGateMaxRetryRate, false, "a fraction from 0 to 10 (0.05 is 5 %)");
        if (!x)
            return x.error();
        s.retryRate = *x;
    }

    if (const json* v = optional(j, "currency")) {
        if (!v->is_string() || !Currency::parse(v->get<std::string>()))
            return r.error("currency", "must be an ISO 4217 code like \"USD\"");
        s.currency = Currency::parse(v->get<std::string>())->str();
    }
    auto evalDate = r.date(j, "evaluation_date");
    if (!evalDate)
        return evalDate.error();
    s.evaluationDateMs = *evalDate;
    auto launch = r.date(j, "launch_date");
    if (!launch)
        return launch.error();
    s.launchDateMs = *launch;

    {
        auto v = need("candidates");
        if (!v)
            return v.error();
        const json& arr = **v;
        if (!arr.is_array() || arr.empty())
            return r.error("candidates", "must be a non-empty array of {\"provider\", \"model\"}",
                           "List at least one model to price");
        if (arr.size() > size_t(kGateMaxCandidates))
            return r.error("candidates", "has more than 20 candidates", "Compare at most 20 models in one gate");
        std::set<std::string> seen;
        for (size_t i = 0; i < arr.size(); ++i) {
            const std::string path = "candidates[" + std::to_string(i) + "]";
            const json& c = arr[i];
            if (!c.is_object())
                return r.error(path, "must be an object like {\"provider\": \"openai\", \"model\": \"gpt-4o-mini\"}");
            if (auto e = r.onlyKnown(c, path + ".", kCandidateFields))
                return *e;
            GateCandidateSpec cs;
            auto prov = r.string(c, "provider", path + ".provider", true);
            if (!prov)
                return prov.error();
            auto model = r.string(c, "model", path + ".model", true);
            if (!model)
                return model.error();
            cs.provider = *prov;
            cs.model = *model;
            if (const json* b = optional(c, "batch")) {
                if (!b->is_boolean())
                    return r.error(path + ".batch", "must be true or false");
                cs.batch = b->get<bool>();
            }
            const std::string key = PriceCatalogue::canonicalProvider(cs.provider) + "/"
                + PriceCatalogue::normalisedModel(cs.model) + (cs.batch ? "/batch" : "");
            if (!seen.insert(key).second)
                return r.error(path,
                               "repeats an earlier candidate (" + cs.provider + "/" + cs.model
                                   + (cs.batch ? ", batch" : "") + ")",
                               "Remove the duplicate");
            s.candidates.push_back(cs);
        }
    }

    {
        auto v = need("thresholds");
        if (!v)
            return v.error();
        const json& t = **v;
        if (!t.is_object())
            return r.error("thresholds", "must be an object with at least max_cost_per_unit");
        if (auto e = r.onlyKnown(t, "thresholds.", kThresholdFields))
            return *e;
        const json* max = optional(t, "max_cost_per_unit");
        if (!max)
            return r.error("thresholds.max_cost_per_unit", "is missing",
                           "A cost gate needs the maximum cost per unit, e.g. \"0.02\"");
        auto m = r.decimal(*max, "thresholds.max_cost_per_unit", 0, INT64_MAX, true, "a positive amount");
        if (!m)
            return m.error();
        s.thresholds.maxCostPerUnit = *m;
        if (const json* b = optional(t, "monthly_budget")) {
            auto x = r.decimal(*b, "thresholds.monthly_budget", 0, INT64_MAX, true, "a positive amount");
            if (!x)
                return x.error();
            s.thresholds.monthlyBudget = *x;
        }
        if (const json* l = optional(t, "max_p95_latency_ms")) {
            auto x = r.whole(*l, "thresholds.max_p95_latency_ms", 1, 7LL * 86'400'000,
                             "a whole number of milliseconds from 1 to 604800000");
            if (!x)
                return x.error();
            s.thresholds.maxP95LatencyMs = *x;
        }
        if (const json* a = optional(t, "min_accuracy")) {
            auto x = r.decimal(*a, "thresholds.min_accuracy", 0, kGateOne, false, "a score from 0 to 1");
            if (!x)
                return x.error();
            s.thresholds.minAccuracy = *x;
        }
    }
    return s;
}

namespace {

    // A decimal as a JSON number when its double writes back to the same text, else as a string
    // (both are read back exactly).
    json decimalJson(int64_t scaled)
    {
        const std::string text = formatGateDecimal(scaled);
        const json n = json(std::strtod(text.c_str(), nullptr));
        if (parseGateDecimal(n.dump()) == scaled)
            return n;
        return text;
    }

} // namespace

json gateSpecToJson(const GateSpec& s)
{
    json j;
    j["schema"] = kGateSpecSchema;
    j["feature"] = s.feature;
    j["unit"] = s.unit;
    if (!s.description.empty())
        j["description"] = s.description;
    j["units_per_month"] = s.unitsPerMonth;
    j["monthly_growth"] = decimalJson(s.monthlyGrowth);
    j["requests_per_unit"] = decimalJson(s.requestsPerUnit);
    j["input_tokens"] = { { "p50", s.inputTokensP50 }, { "p95", s.inputTokensP95 } };
    j["output_tokens"] = { { "p50", s.outputTokensP50 }, { "p95", s.outputTokensP95 } };
    j["cached_input_share"] = decimalJson(s.cachedInputShare);
    j["retry_rate"] = decimalJson(s.retryRate);
    j["candidates"] = json::array();
    for (const GateCandidateSpec& c : s.candidates)
        j["candidates"].push_back({ { "provider", c.provider }, { "model", c.model }, { "batch", c.batch } });
    json t;
    t["max_cost_per_unit"] = formatNanos(s.thresholds.maxCostPerUnit, 2, 9);
    if (s.thresholds.monthlyBudget)
        t["monthly_budget"] = formatNanos(*s.thresholds.monthlyBudget, 2, 9);
    if (s.thresholds.maxP95LatencyMs)
        t["max_p95_latency_ms"] = *s.thresholds.maxP95LatencyMs;
    if (s.thresholds.minAccuracy)
        t["min_accuracy"] = decimalJson(*s.thresholds.minAccuracy);
    j["thresholds"] = t;
    j["currency"] = s.currency;
    if (s.evaluationDateMs)
        j["evaluation_date"] = formatIsoDate(*s.evaluationDateMs);
    if (s.launchDateMs)
        j["launch_date"] = formatIsoDate(*s.launchDateMs);
    return j;
}

// ---- pricing --------------------------------------------------------------------------------------

namespace {

    // What varies between a candidate and its levers: the request profile.
    struct Profile {
        int64_t requestsPerUnit = 0, retryRate = 0, cachedShare = 0;
        int64_t in50 = 0, in95 = 0, out50 = 0, out95 = 0;
        int64_t trim = kGateOne; // factor on input tokens (× 10^-9): prompt trimming
    };

    Profile profileOf(const GateSpec& s)
    {
        Profile p;
        p.requestsPerUnit = s.requestsPerUnit;
        p.retryRate = s.retryRate;
        p.cachedShare = s.cachedInputShare;
        p.in50 = s.inputTokensP50;
        p.in95 = s.inputTokensP95;
        p.out50 = s.outputTokensP50;
        p.out95 = s.outputTokensP95;
        return p;
    }

    GateRates ratesFor(const PriceEntry& p, int64_t inputTokens, bool batch)
    {
        RequestRecord req;
        req.inputTokens = inputTokens;
        req.batch = batch;
        const RateSet r = effectiveRates(p, req);
        GateRates g;
        g.input = r.input;
        g.cachedInput = r.cachedInput;
        g.output = r.output;
        g.gpuHourNanos = p.gpuHourNanos;
        g.tokensPerGpuHour = p.tokensPerGpuHour;
        return g;
    }

    // A figure as an exact fraction: nano-units = num / (10^pow10 × extra).
    struct Exact {
        GateExact num;
        int pow10 = 0;
        int64_t extra = 1;

        std::optional<int64_t> rounded() const
        {
            if (extra == 1)
                return num.roundedDivPow10(pow10);
            return GateExact::roundedDiv(num, GateExact::pow10(pow10) * GateExact(uint64_t(extra)));
        }
    };

    // One request at (input, output) tokens. Per-token prices:
    //   [in·trim·((1 − c)·r_in + c·r_cached) + out·r_out] with trim and c × 10^-9, rates per 10^6 tokens
    //   → num / 10^24 nano-units.
    // GPU-hour prices: (in·trim + out) × gpu_hour / tokens_per_gpu_hour → num / (10^9 × tokens_per_gpu_hour).
    Exact requestCost(const GateRates& r, int64_t in, int64_t out, const Profile& p)
    {
        Exact e;
        if (r.perGpuHour()) {
            e.num = GateExact::product({ in, p.trim }) + GateExact::product({ out, kGateOne });
            e.num *= uint64_t(r.gpuHourNanos);
            e.pow10 = 9;
            e.extra = r.tokensPerGpuHour;
            return e;
        }
        GateExact perInput = GateExact::product({ kGateOne - p.cachedShare, r.input })
            + GateExact::product({ p.cachedShare, r.cachedInput });
        e.num
            = GateExact::product({ in, p.trim }) * perInput + GateExact::product({ out, kGateOne, kGateOne, r.output });
        e.pow10 = 24;
        return e;
    }

    // × requests per unit × (1 + retry rate), both × 10^-9.
    Exact perUnit(const Exact& request, const Profile& p)
    {
        Exact e = request;
        e.num *= GateExact::product({ p.requestsPerUnit, kGateOne + p.retryRate });
        e.pow10 += 18;
        return e;
    }

    Error overflowError(const GateSpec& s)
    {
        Error e;
        e.field = "units_per_month";
        e.message = "the estimated figures are too large to represent (over 9.2 billion " + s.currency + ")";
        e.hint = "Check the volume, the tokens per request and the requests per unit";
        return e;
    }

    int64_t inputAfterTrim(int64_t tokens, int64_t trim)
    {
        return int64_t(GateExact::product({ tokens, trim }).roundedDivPow10(kGateScale).value_or(0));
    }

    Result<GateFigures> figuresFor(const PriceEntry& price, bool batch, const Profile& p, const GateSpec& s,
                                   bool* longContextP95 = nullptr, GateRates* r50Out = nullptr,
                                   GateRates* r95Out = nullptr)
    {
        // A long-context tier is chosen on the (trimmed) input tokens of the request it prices.
        const GateRates r50 = ratesFor(price, inputAfterTrim(p.in50, p.trim), batch);
        const GateRates r95 = ratesFor(price, inputAfterTrim(p.in95, p.trim), batch);
        if (longContextP95) {
            const GateRates plain = ratesFor(price, 0, batch);
            *longContextP95 = r95.input != plain.input || r95.output != plain.output;
        }
        if (r50Out)
            *r50Out = r50;
        if (r95Out)
            *r95Out = r95;
        GateFigures f;
        const Exact q50 = requestCost(r50, p.in50, p.out50, p), q95 = requestCost(r95, p.in95, p.out95, p);
        const Exact u50 = perUnit(q50, p), u95 = perUnit(q95, p);
        auto set = [](int64_t& dst, const Exact& e) {
            auto v = e.rounded();
            if (!v)
                return false;
            dst = *v;
            return true;
        };
        if (!set(f.costPerRequestP50, q50) || !set(f.costPerRequestP95, q95) || !set(f.costPerUnitP50, u50)
            || !set(f.costPerUnitP95, u95))
            return overflowError(s);
        // Month m (1..3): units × (1 + g)^(m−1), each growth factor × 10^-9.
        GateExact growth(1);
        GateExact total; // months over a common denominator 10^18 (g²): month 1 × 10^18, month 2 × (1+g) × 10^9, …
        for (int m = 0; m < 3; ++m) {
            Exact units;
            units.num = growth * GateExact(uint64_t(s.unitsPerMonth)) * GateExact(uint64_t(kGateOne));
            units.pow10 = 9 * m;
            Exact c50 = u50, c95 = u95;
            c50.num *= growth * GateExact(uint64_t(s.unitsPerMonth));
            c50.pow10 += 9 * m;
            c95.num *= growth * GateExact(uint64_t(s.unitsPerMonth));
            c95.pow10 += 9 * m;
            if (!set(f.monthUnits[size_t(m)], units) || !set(f.monthCost[size_t(m)], c50)
                || !set(f.monthCostP95[size_t(m)], c95))
                return overflowError(s);
            total += c50.num * GateExact::pow10(9 * (2 - m));
            growth *= uint64_t(kGateOne + s.monthlyGrowth);
        }
        Exact t = u50;
        t.num = total;
        t.pow10 = u50.pow10 + 18;
        if (!set(f.threeMonthCost, t))
            return overflowError(s);
        return f;
    }

    GateVerdict costVerdict(const GateFigures& f, const GateThresholds& t)
    {
        if (f.costPerUnitP50 > t.maxCostPerUnit)
            return GateVerdict::Rejected;
        if (f.costPerUnitP95 > t.maxCostPerUnit || (t.monthlyBudget && f.peakMonthCost() > *t.monthlyBudget))
            return GateVerdict::Flagged;
        return GateVerdict::Pass;
    }

    std::string money(int64_t nanos)
    {
        return formatNanos(nanos, 2, 9);
    }

    std::string fixed(double v, int decimals)
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        return buf;
    }

    struct LiveFigures {
        std::optional<double> p95LatencyMs, accuracy;
        std::string note; // where the figures come from
        std::string noLatency, noAccuracy; // why a figure is unknown
    };

    LiveFigures liveFor(const GateLiveData* live, const std::string& provider, const std::string& model)
    {
        LiveFigures out;
        const std::string name = provider + "/" + model;
        if (!live) {
            out.note = out.noLatency = out.noAccuracy = "no store was consulted for live figures";
            return out;
        }
        const std::string period = formatIsoDate(live->fromMs) + " .. " + formatIsoDate(live->toMs - 1);
        const GateLiveModel* m = live->find(provider, model);
        if (!m || m->requests == 0) {
            out.note = out.noLatency = out.noAccuracy
                = "no live requests for " + name + " in the store (" + period + ")";
            return out;
        }
        out.p95LatencyMs = m->p95LatencyMs;
        out.accuracy = m->accuracy;
        out.note = "live, all features on " + name + ", " + period + ": " + std::to_string(m->requests) + " requests, "
            + (live->latencyRead ? std::to_string(m->latencyCount) + " interactive with latency, " : std::string())
            + std::to_string(m->evalCount) + " scored";
        out.noLatency = live->latencyRead
            ? "no interactive (non-batch) latency recorded for " + name + " in the store (" + period + ")"
            : "latency not read (no latency target)";
        out.noAccuracy = "no eval scores for " + name + " in the store (" + period + ")";
        return out;
    }

    // The checks of one priced option, in the order they are shown.
    std::vector<GateCheck> checksFor(const GateFigures& f, const GateSpec& s, bool batch, const LiveFigures& live,
                                     const std::string& name)
    {
        const GateThresholds& t = s.thresholds;
        std::vector<GateCheck> out;
        auto add
            = [&](const char* n, GateCheckStatus st, std::string value, std::string threshold, std::string detail) {
                  out.push_back({ n, st, std::move(value), std::move(threshold), std::move(detail) });
              };
        const std::string max = money(t.maxCostPerUnit);
        const bool p50Over = f.costPerUnitP50 > t.maxCostPerUnit, p95Over = f.costPerUnitP95 > t.maxCostPerUnit;
        add("cost_per_unit_p50", p50Over ? GateCheckStatus::Fail : GateCheckStatus::Pass, money(f.costPerUnitP50), max,
            "p50 cost per unit " + money(f.costPerUnitP50) + (p50Over ? " is over" : " is within") + " the maximum "
                + max);
        add("cost_per_unit_p95", p95Over ? GateCheckStatus::Fail : GateCheckStatus::Pass, money(f.costPerUnitP95), max,
            "p95 cost per unit " + money(f.costPerUnitP95) + (p95Over ? " is over" : " is within") + " the maximum "
                + max);
        if (t.monthlyBudget) {
            const bool over = f.peakMonthCost() > *t.monthlyBudget;
            add("peak_month_cost", over ? GateCheckStatus::Fail : GateCheckStatus::Pass, money(f.peakMonthCost()),
                money(*t.monthlyBudget),
                "peak monthly spend of the first three months " + money(f.peakMonthCost())
                    + (over ? " is over" : " is within") + " the budget " + money(*t.monthlyBudget));
        } else {
            add("peak_month_cost", GateCheckStatus::NotSet, money(f.peakMonthCost()), "", "no monthly budget set");
        }
        if (!t.maxP95LatencyMs) {
            add("p95_latency_ms", GateCheckStatus::NotSet, live.p95LatencyMs ? fixed(*live.p95LatencyMs, 0) : "", "",
                "no p95 latency target set");
        } else if (batch) {
            // Not a measurement: the Batch API promises results within 24 h, which no interactive target allows.
            add("p95_latency_ms", GateCheckStatus::Fail, "", std::to_string(*t.maxP95LatencyMs),
                "batch results arrive within 24 h, beyond the p95 latency target of "
                    + std::to_string(*t.maxP95LatencyMs) + " ms");
        } else if (live.p95LatencyMs) {
            const bool over = *live.p95LatencyMs > double(*t.maxP95LatencyMs);
            add("p95_latency_ms", over ? GateCheckStatus::Fail : GateCheckStatus::Pass, fixed(*live.p95LatencyMs, 0),
                std::to_string(*t.maxP95LatencyMs),
                "live p95 latency " + fixed(*live.p95LatencyMs, 0) + " ms" + (over ? " is over" : " is within")
                    + " the target " + std::to_string(*t.maxP95LatencyMs) + " ms (" + live.note + ")");
        } else {
            add("p95_latency_ms", GateCheckStatus::Unknown, "", std::to_string(*t.maxP95LatencyMs),
                "p95 latency unknown — not checked: "
                    + (live.noLatency.empty() ? "no live latency for " + name : live.noLatency));
        }
        if (!t.minAccuracy) {
            add("accuracy", GateCheckStatus::NotSet, live.accuracy ? fixed(*live.accuracy, 3) : "", "",
                "no minimum accuracy set");
        } else if (live.accuracy) {
            const double min = double(*t.minAccuracy) / double(kGateOne);
            const bool under = *live.accuracy < min;
            add("accuracy", under ? GateCheckStatus::Fail : GateCheckStatus::Pass, fixed(*live.accuracy, 3),
                formatGateDecimal(*t.minAccuracy),
                "live accuracy " + fixed(*live.accuracy, 3) + (under ? " is below" : " meets") + " the minimum "
                    + formatGateDecimal(*t.minAccuracy) + " (" + live.note + ")");
        } else {
            add("accuracy", GateCheckStatus::Unknown, "", formatGateDecimal(*t.minAccuracy),
                "accuracy unknown — not checked: "
                    + (live.noAccuracy.empty() ? "no live eval scores for " + name : live.noAccuracy));
        }
        return out;
    }

    GateVerdict verdictOf(const std::vector<GateCheck>& checks)
    {
        GateVerdict v = GateVerdict::Pass;
        for (const GateCheck& c : checks) {
            if (c.status != GateCheckStatus::Fail)
                continue;
            if (c.name == "cost_per_unit_p50")
                return GateVerdict::Rejected;
            v = GateVerdict::Flagged;
        }
        return v;
    }

    // Every model in force at the date, once (aliases and snapshots resolve to their canonical entry).
    std::vector<const PriceEntry*> modelsInForce(const PriceCatalogue& cat, int64_t dateMs)
    {
        std::map<std::string, const PriceEntry*> byKey;
        for (const PriceEntry& e : cat.entries()) {
            const PriceEntry* now = cat.resolve(e.provider, e.model, dateMs);
            if (!now)
                continue;
            byKey.emplace(PriceCatalogue::canonicalProvider(now->provider) + "/"
                              + PriceCatalogue::normalisedModel(now->model),
                          now);
        }
        std::vector<const PriceEntry*> out;
        for (const auto& [k, e] : byKey)
            out.push_back(e);
        return out;
    }

    void fillSavings(GateLever& l, const GateFigures& before, const GateThresholds& t)
    {
        l.costVerdictAfter = costVerdict(l.figures, t);
        l.bringsUnder = l.costVerdictAfter == GateVerdict::Pass;
        l.savingPerUnitP50 = before.costPerUnitP50 - l.figures.costPerUnitP50;
        l.savingPerUnitP95 = before.costPerUnitP95 - l.figures.costPerUnitP95;
        l.savingPeakMonth = before.peakMonthCost() - l.figures.peakMonthCost();
    }

    // The smallest step of a lever that meets every cost threshold; failing that (for a rejected candidate)
    // the smallest that lifts the rejection to a flag; failing that, the largest step (how far it goes alone).
    template <typename Apply>
    std::optional<GateLever> searchSteps(const std::vector<int64_t>& steps, const Apply& apply,
                                         const GateFigures& before, const GateThresholds& t)
    {
        std::optional<GateLever> firstFlag, last;
        for (int64_t step : steps) {
            std::optional<GateLever> l = apply(step);
            if (!l)
                continue;
            fillSavings(*l, before, t);
            if (l->costVerdictAfter == GateVerdict::Pass)
                return l;
            if (!firstFlag && l->costVerdictAfter == GateVerdict::Flagged
                && costVerdict(before, t) == GateVerdict::Rejected)
                firstFlag = l;
            last = l;
        }
        return firstFlag ? firstFlag : last;
    }

    // Why a lever that does not meet every cost threshold is still listed.
    std::string shortfall(const GateLever& l, GateVerdict before, const std::string& how)
    {
        if (before == GateVerdict::Rejected && l.costVerdictAfter == GateVerdict::Flagged)
            return "lifts the p50 cost per unit under the maximum " + how
                + ", but the p95 or the peak month stays over "
                  "(flagged): combine it with another lever";
        return "not enough on its own, even " + how;
    }

    constexpr int64_t kCacheStep = kGateOne / 100; // 0.01
    constexpr int64_t kMaxCachedShare = 95 * kCacheStep; // the question part of a prompt is never cached
    constexpr int kTrimStepPercent = 5, kMaxTrimPercent = 50; // past half the prompt it is a redesign

    void addLevers(GateCandidateResult& c, const PriceEntry& price, const GateSpec& s, const PriceCatalogue& cat,
                   const GateLiveData* live, int64_t dateMs)
    {
        const Profile base = profileOf(s);
        const GateFigures& before = c.figures;
        const GateThresholds& t = s.thresholds;
        const GateVerdict baseCost = costVerdict(before, t);
        const bool costFails = baseCost != GateVerdict::Pass;
        const std::string name = c.priceProvider + "/" + c.priceModel;

        if (costFails) {
            // Caching: raise the cached share of input.
            GateLever cache;
            cache.kind = GateLeverKind::Caching;
            if (c.ratesP50.perGpuHour()) {
                cache.applicable = false;
                cache.note = name + " is priced per GPU-hour: a prompt cache saves no money at list price";
            } else if (c.ratesP50.cachedInput >= c.ratesP50.input) {
                cache.applicable = false;
                cache.note = "the catalogue has no cached-input discount for " + name;
            } else if (base.cachedShare >= kMaxCachedShare) {
                cache.applicable = false;
                cache.note = "the cached share is already " + formatGateDecimal(base.cachedShare) + " (0.95 at most)";
            } else {
                std::vector<int64_t> steps;
                for (int64_t x = (base.cachedShare / kCacheStep + 1) * kCacheStep; x <= kMaxCachedShare;
                     x += kCacheStep)
                    steps.push_back(x);
                auto found = searchSteps(
                    steps,
                    [&](int64_t x) -> std::optional<GateLever> {
                        Profile p = base;
                        p.cachedShare = x;
                        auto f = figuresFor(price, c.spec.batch, p, s);
                        if (!f)
                            return std::nullopt;
                        GateLever l;
                        l.kind = GateLeverKind::Caching;
                        l.parameter = formatGateDecimal(x);
                        l.change = "raise the cached share of input from " + formatGateDecimal(base.cachedShare)
                            + " to " + formatGateDecimal(x);
                        l.figures = *f;
                        return l;
                    },
                    before, t);
                if (found) {
                    cache = *found;
                    if (!cache.bringsUnder)
                        cache.note = shortfall(cache, baseCost, "at a cached share of " + cache.parameter);
                }
            }
            if (!cache.applicable)
                cache.change = "raise the cached share of input";
            c.levers.push_back(cache);

            // Prompt trimming: cut input tokens by a share.
            std::vector<int64_t> steps;
            for (int pct = kTrimStepPercent; pct <= kMaxTrimPercent; pct += kTrimStepPercent)
                steps.push_back(pct);
            auto trim = searchSteps(
                steps,
                [&](int64_t pct) -> std::optional<GateLever> {
                    Profile p = base;
                    p.trim = kGateOne / 100 * (100 - pct);
                    auto f = figuresFor(price, c.spec.batch, p, s);
                    if (!f)
                        return std::nullopt;
                    GateLever l;
                    l.kind = GateLeverKind::PromptTrimming;
                    l.parameter = std::to_string(pct) + "%";
                    l.change = "cut input tokens by " + std::to_string(pct) + "% (p50 " + std::to_string(base.in50)
                        + " → "
                        + formatGateDecimal(GateExact::product({ base.in50, p.trim }).roundedDivPow10(0).value_or(0))
                        + ", p95 " + std::to_string(base.in95) + " → "
                        + formatGateDecimal(GateExact::product({ base.in95, p.trim }).roundedDivPow10(0).value_or(0))
                        + ")";
                    l.figures = *f;
                    return l;
                },
                before, t);
            if (trim) {
                if (!trim->bringsUnder)
                    trim->note = shortfall(*trim, baseCost, "cutting " + trim->parameter + " of the input");
                c.levers.push_back(*trim);
            }

            // Batching: the Batch API rates, where the model has them and the feature tolerates the latency.
            if (!c.spec.batch) {
                GateLever b;
                b.kind = GateLeverKind::Batching;
                b.parameter = "batch";
                b.change = "use the Batch API rates (results within 24 h)";
                if (!price.batch) {
                    b.applicable = false;
                    b.note = "the catalogue has no batch rates for " + name;
                } else {
                    auto f = figuresFor(price, true, base, s);
                    if (f) {
                        b.figures = *f;
                        fillSavings(b, before, t);
                        if (t.maxP95LatencyMs) {
                            b.applicable = false;
                            b.note = "the feature's p95 latency target of " + std::to_string(*t.maxP95LatencyMs)
                                + " ms rules out batch processing";
                        } else if (!b.bringsUnder) {
                            b.note = shortfall(b, baseCost, "at batch rates");
                        }
                    } else {
                        b.applicable = false;
                        b.note = f.error().message;
                    }
                }
                c.levers.push_back(b);
            }
        }

        // Routing: the cheapest catalogue model that passes every threshold, same provider first.
        struct Target {
            const PriceEntry* price;
            GateFigures figures;
            LiveFigures live;
            bool batch;
        };
        std::optional<Target> sameProvider, anyProvider;
        for (const PriceEntry* e : modelsInForce(cat, dateMs)) {
            const std::string prov = PriceCatalogue::canonicalProvider(e->provider);
            if (prov == c.priceProvider && PriceCatalogue::normalisedModel(e->model) == c.priceModel)
                continue;
            const bool batch = c.spec.batch && e->batch.has_value();
            auto f = figuresFor(*e, batch, base, s);
            if (!f)
                continue;
            LiveFigures lf = liveFor(live, prov, e->model);
            if (verdictOf(checksFor(*f, s, batch, lf, prov + "/" + e->model)) != GateVerdict::Pass)
                continue;
            Target tg { e, *f, lf, batch };
            auto cheaper = [&](const std::optional<Target>& cur) {
                return !cur || f->costPerUnitP50 < cur->figures.costPerUnitP50
                    || (f->costPerUnitP50 == cur->figures.costPerUnitP50
                        && f->costPerUnitP95 < cur->figures.costPerUnitP95);
            };
            if (prov == c.priceProvider && cheaper(sameProvider))
                sameProvider = tg;
            if (cheaper(anyProvider))
                anyProvider = tg;
        }
        auto routeLever = [&](const Target& tg) {
            GateLever l;
            l.kind = GateLeverKind::Routing;
            l.provider = PriceCatalogue::canonicalProvider(tg.price->provider);
            l.model = tg.price->model;
            l.parameter = l.provider + "/" + l.model;
            l.change = "route to " + l.parameter + (tg.batch ? " (batch)" : "");
            l.figures = tg.figures;
            l.targetAccuracy = tg.live.accuracy;
            l.targetP95LatencyMs = tg.live.p95LatencyMs;
            fillSavings(l, before, t);
            if (tg.live.accuracy)
                l.note = "accuracy known: " + fixed(*tg.live.accuracy, 3) + " (" + tg.live.note + ")";
            else
                l.note = "accuracy unknown — no live eval scores for " + l.parameter
                    + "; evaluate it on this feature before switching";
            return l;
        };
        if (sameProvider)
            c.levers.push_back(routeLever(*sameProvider));
        if (anyProvider && (!sameProvider || anyProvider->price != sameProvider->price))
            c.levers.push_back(routeLever(*anyProvider));
        if (!sameProvider && !anyProvider) {
            GateLever l;
            l.kind = GateLeverKind::Routing;
            l.applicable = false;
            l.change = "route to a cheaper catalogue model";
            l.note = "no catalogue model meets every threshold with this request profile";
            c.levers.push_back(l);
        }
    }

    Error unknownModelError(const GateSpec& s, size_t i, const PriceCatalogue& cat, int64_t dateMs)
    {
        const GateCandidateSpec& c = s.candidates[i];
        Error e;
        e.field = "candidates[" + std::to_string(i) + "].model";
        const auto history = cat.history(c.provider, c.model);
        if (!history.empty()) {
            e.message = "no price for " + c.provider + "/" + c.model + " in the catalogue on " + formatIsoDate(dateMs)
                + " (its first price takes effect on " + formatIsoDate(history.front()->effectiveFromMs) + ")";
            e.hint = "Set evaluation_date on or after that day, or pick another model";
            return e;
        }
        e.message = "no price for " + c.provider + "/" + c.model + " in the catalogue";
        std::string suggestion;
        size_t best = 4;
        for (const PriceEntry* p : modelsInForce(cat, dateMs)) {
            const size_t d = editDistance(PriceCatalogue::normalisedModel(c.model), p->model);
            if (d < best) {
                best = d;
                suggestion = PriceCatalogue::canonicalProvider(p->provider) + "/" + p->model;
            }
        }
        const auto other = cat.findByModel(c.model);
        if (!other.empty())
            e.hint = "The catalogue prices it under provider '" + other.front()->provider + "'";
        else if (!suggestion.empty())
            e.hint = "Did you mean " + suggestion
                + "? `inferledger prices show MODEL` lists prices; import a catalogue "
                  "with `inferledger prices import FILE`";
        else
            e.hint = "Check the name with `inferledger prices show MODEL`, or import a catalogue with "
                     "`inferledger prices import FILE`";
        return e;
    }

} // namespace

Result<GateResult> evaluateGate(const GateSpec& s, const PriceCatalogue& cat, const GateLiveData* live,
                                const GateEvaluationOptions& options)
{
    GateResult out;
    out.feature = s.feature;
    out.unit = s.unit;
    out.currency = s.currency;
    out.evaluatedAtMs
        = s.evaluationDateMs ? *s.evaluationDateMs : floorTo(options.todayMs ? options.todayMs : nowMs(), kMsPerDay);
    // Prices in force at any time on the evaluation day.
    const int64_t at = out.evaluatedAtMs + kMsPerDay - 1;
    std::set<std::string> versions;
    for (size_t i = 0; i < s.candidates.size(); ++i) {
        const GateCandidateSpec& cs = s.candidates[i];
        const PriceEntry* price = cat.resolve(cs.provider, cs.model, at);
        if (!price)
            return unknownModelError(s, i, cat, at);
        if (price->currency.str() != s.currency) {
            Error e;
            e.field = "candidates[" + std::to_string(i) + "].model";
            e.message = "the catalogue prices " + cs.provider + "/" + cs.model + " in " + price->currency.str()
                + ", the spec is in " + s.currency;
            e.hint = "Set \"currency\" to " + price->currency.str() + " or pick a model priced in " + s.currency;
            return e;
        }
        if (cs.batch && !price->batch) {
            Error e;
            e.field = "candidates[" + std::to_string(i) + "].batch";
            e.message = "the catalogue has no batch rates for " + cs.provider + "/" + cs.model;
            e.hint = "Set \"batch\": false, or import a catalogue with its Batch API rates";
            return e;
        }
        GateCandidateResult c;
        c.spec = cs;
        c.priceProvider = PriceCatalogue::canonicalProvider(price->provider);
        c.priceModel = price->model;
        c.priceId = price->id;
        c.catalogue = price->catalogue;
        c.catalogueVersion = price->version;
        c.priceEffectiveFromMs = price->effectiveFromMs;
        c.batchAvailable = price->batch.has_value();
        versions.insert(price->catalogue + " " + price->version);
        auto f = figuresFor(*price, cs.batch, profileOf(s), s, &c.longContextP95, &c.ratesP50, &c.ratesP95);
        if (!f)
            return f.error();
        c.figures = *f;
        const LiveFigures lf = liveFor(live, c.priceProvider, c.priceModel);
        c.liveP95LatencyMs = lf.p95LatencyMs;
        c.liveAccuracy = lf.accuracy;
        c.liveNote = lf.note;
        c.checks = checksFor(c.figures, s, cs.batch, lf, c.priceProvider + "/" + c.priceModel);
        c.verdict = verdictOf(c.checks);
        for (const GateCheck& k : c.checks)
            if (k.status == GateCheckStatus::Fail)
                c.reasons.push_back(k.detail);
        if (options.levers && c.verdict != GateVerdict::Pass)
            addLevers(c, *price, s, cat, live, at);
        out.candidates.push_back(std::move(c));
    }
    out.catalogueVersions.assign(versions.begin(), versions.end());
    for (size_t i = 0; i < out.candidates.size(); ++i) {
        const GateCandidateResult& c = out.candidates[i];
        if (c.verdict == GateVerdict::Rejected)
            continue;
        if (!out.recommended) {
            out.recommended = i;
            continue;
        }
        const GateCandidateResult& b = out.candidates[*out.recommended];
        auto rank = [](GateVerdict v) { return v == GateVerdict::Pass ? 0 : 1; };
        if (std::make_tuple(rank(c.verdict), c.figures.costPerUnitP50, c.figures.costPerUnitP95)
            < std::make_tuple(rank(b.verdict), b.figures.costPerUnitP50, b.figures.costPerUnitP95))
            out.recommended = i;
    }
    out.verdict = out.recommended ? out.candidates[*out.recommended].verdict : GateVerdict::Rejected;
    out.liveDataNote = live ? "live latency and accuracy by model from the store, " + formatIsoDate(live->fromMs)
            + " .. " + formatIsoDate(live->toMs - 1)
                            : "no store consulted: latency and accuracy unknown";
    return out;
}

std::vector<GateCatalogueModel> gateCatalogueModels(const PriceCatalogue& cat, int64_t dateMs)
{
    std::vector<GateCatalogueModel> out;
    for (const PriceEntry* e : modelsInForce(cat, dateMs + kMsPerDay - 1)) {
        GateCatalogueModel m;
        m.provider = PriceCatalogue::canonicalProvider(e->provider);
        m.model = e->model;
        m.standard = ratesFor(*e, 0, false);
        if (e->batch)
            m.batch = ratesFor(*e, 0, true);
        m.catalogue = e->catalogue;
        m.version = e->version;
        out.push_back(std::move(m));
    }
    return out;
}

// ---- JSON -----------------------------------------------------------------------------------------

namespace {

    json optNumber(const std::optional<double>& v, int decimals)
    {
        if (!v)
            return nullptr;
        if (decimals == 0)
            return json(std::llround(*v)); // whole milliseconds print as 1337, not 1337.0
        return json(std::strtod(fixed(*v, decimals).c_str(), nullptr));
    }

    json figuresJson(const GateFigures& f)
    {
        json j;
        j["cost_per_request"] = { { "p50", money(f.costPerRequestP50) }, { "p95", money(f.costPerRequestP95) } };
        j["cost_per_unit"] = { { "p50", money(f.costPerUnitP50) }, { "p95", money(f.costPerUnitP95) } };
        j["months"] = json::array();
        for (size_t m = 0; m < 3; ++m)
            j["months"].push_back({ { "month", int(m + 1) },
                                    { "units", formatNanos(f.monthUnits[m], 0, 9) },
                                    { "cost", money(f.monthCost[m]) },
                                    { "cost_p95", money(f.monthCostP95[m]) } });
        j["three_month_cost"] = money(f.threeMonthCost);
        j["peak_month_cost"] = money(f.peakMonthCost());
        return j;
    }

    json ratesJson(const GateRates& r)
    {
        json j;
        if (r.perGpuHour()) {
            j["gpu_hour"] = money(r.gpuHourNanos);
            j["tokens_per_gpu_hour"] = r.tokensPerGpuHour;
        } else {
            j["input"] = formatRatePerMillion(r.input);
            j["cached_input"] = formatRatePerMillion(r.cachedInput);
            j["output"] = formatRatePerMillion(r.output);
        }
        return j;
    }

    json leverJson(const GateLever& l)
    {
        json j;
        j["lever"] = gateLeverName(l.kind);
        j["applicable"] = l.applicable;
        j["change"] = l.change;
        j["parameter"] = l.parameter.empty() ? json(nullptr) : json(l.parameter);
        j["note"] = l.note;
        if (l.kind == GateLeverKind::Routing) {
            j["provider"] = l.provider.empty() ? json(nullptr) : json(l.provider);
            j["model"] = l.model.empty() ? json(nullptr) : json(l.model);
            j["accuracy"] = optNumber(l.targetAccuracy, 4);
            j["accuracy_known"] = l.targetAccuracy.has_value();
            j["p95_latency_ms"] = optNumber(l.targetP95LatencyMs, 0);
        }
        const bool figures = !(l.kind == GateLeverKind::Routing && !l.applicable) && !l.parameter.empty();
        if (figures) {
            j["cost_per_unit"]
                = { { "p50", money(l.figures.costPerUnitP50) }, { "p95", money(l.figures.costPerUnitP95) } };
            j["peak_month_cost"] = money(l.figures.peakMonthCost());
            j["saving_per_unit"] = { { "p50", money(l.savingPerUnitP50) }, { "p95", money(l.savingPerUnitP95) } };
            j["saving_peak_month"] = money(l.savingPeakMonth);
            j["cost_verdict_after"] = gateVerdictName(l.costVerdictAfter);
            j["brings_under"] = l.bringsUnder;
        } else {
            j["cost_per_unit"] = nullptr;
            j["peak_month_cost"] = nullptr;
            j["saving_per_unit"] = nullptr;
            j["saving_peak_month"] = nullptr;
            j["cost_verdict_after"] = nullptr;
            j["brings_under"] = false;
        }
        return j;
    }

} // namespace

json gateResultToJson(const GateResult& r)
{
    json j;
    j["schema"] = kGateResultSchema;
    j["valid"] = true;
    j["feature"] = r.feature;
    j["unit"] = r.unit;
    j["currency"] = r.currency;
    j["evaluated_at"] = formatIsoDate(r.evaluatedAtMs);
    j["verdict"] = gateVerdictName(r.verdict);
    j["exit_code"] = r.exitCode();
    if (r.recommended) {
        const GateCandidateResult& c = r.candidates[*r.recommended];
        j["recommended"] = { { "index", *r.recommended },
                             { "provider", c.spec.provider },
                             { "model", c.spec.model },
                             { "batch", c.spec.batch },
                             { "verdict", gateVerdictName(c.verdict) } };
    } else {
        j["recommended"] = nullptr;
    }
    j["catalogue_versions"] = r.catalogueVersions;
    j["live_data"] = r.liveDataNote;
    j["candidates"] = json::array();
    for (size_t i = 0; i < r.candidates.size(); ++i) {
        const GateCandidateResult& c = r.candidates[i];
        json cj = figuresJson(c.figures);
        cj["index"] = i;
        cj["provider"] = c.spec.provider;
        cj["model"] = c.spec.model;
        cj["batch"] = c.spec.batch;
        cj["price"] = { { "id", c.priceId > 0 ? json(c.priceId) : json(nullptr) },
                        { "provider", c.priceProvider },
                        { "model", c.priceModel },
                        { "catalogue", c.catalogue },
                        { "version", c.catalogueVersion },
                        { "effective_from", formatIsoDate(c.priceEffectiveFromMs) },
                        { "variant", c.spec.batch ? "batch" : "standard" },
                        { "batch_available", c.batchAvailable },
                        { "long_context_p95", c.longContextP95 },
                        { "unit", c.ratesP50.perGpuHour() ? "per_gpu_hour" : "per_1m_tokens" },
                        { "rates_p50", ratesJson(c.ratesP50) },
                        { "rates_p95", ratesJson(c.ratesP95) } };
        cj["live"] = { { "p95_latency_ms", optNumber(c.liveP95LatencyMs, 0) },
                       { "accuracy", optNumber(c.liveAccuracy, 4) },
                       { "note", c.liveNote } };
        cj["checks"] = json::array();
        for (const GateCheck& k : c.checks)
            cj["checks"].push_back({ { "check", k.name },
                                     { "status", gateCheckStatusName(k.status) },
                                     { "value", k.value.empty() ? json(nullptr) : json(k.value) },
                                     { "threshold", k.threshold.empty() ? json(nullptr) : json(k.threshold) },
                                     { "detail", k.detail } });
        cj["verdict"] = gateVerdictName(c.verdict);
        cj["reasons"] = c.reasons;
        cj["levers"] = json::array();
        for (const GateLever& l : c.levers)
            cj["levers"].push_back(leverJson(l));
        j["candidates"].push_back(std::move(cj));
    }
    return j;
}

json errorToJson(const Error& e)
{
    json j;
    j["message"] = e.message;
    j["source"] = e.source.empty() ? json(nullptr) : json(e.source);
    j["line"] = e.line > 0 ? json(e.line) : json(nullptr);
    j["column"] = e.column > 0 ? json(e.column) : json(nullptr);
    j["field"] = e.field.empty() ? json(nullptr) : json(e.field);
    j["hint"] = e.hint.empty() ? json(nullptr) : json(e.hint);
    j["text"] = e.toString();
    return j;
}

json gateErrorToJson(const Error& e)
{
    return { { "schema", kGateResultSchema },
             { "valid", false },
             { "exit_code", kGateExitInvalid },
             { "error", errorToJson(e) } };
}

} // namespace il
