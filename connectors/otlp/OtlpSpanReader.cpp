// SPDX-License-Identifier: GPL-3.0-or-later
#include "otlp/OtlpSpanReader.h"

#include "files/BlockPipeline.h"
#include "files/FieldParsers.h"
#include "files/InputFile.h"


#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>

namespace il {

std::vector<std::string> OtlpAttributeKeys::parseList(std::string_view s)
{
    std::vector<std::string> out;
    while (!s.empty()) {
        const size_t comma = s.find(',');
        std::string_view item = fields::trim(s.substr(0, comma));
        if (!item.empty())
            out.emplace_back(item);
        if (comma == std::string_view::npos)
            break;
        s.remove_prefix(comma + 1);
    }
    return out;
}

std::optional<OtlpInputConvention> parseOtlpInputConvention(std::string_view s)
{
    s = fields::trim(s);
    if (s.empty() || s == "auto")
        return OtlpInputConvention::Auto;
    if (s == "total")
        return OtlpInputConvention::Total;
    if (s == "anthropic-raw")
        return OtlpInputConvention::AnthropicRaw;
    return std::nullopt;
}

OtlpReadStats& OtlpReadStats::operator+=(const OtlpReadStats& o)
{
    spans += o.spans;
    records += o.records;
    skippedNoUsage += o.skippedNoUsage;
    skippedAggregate += o.skippedAggregate;
    rejected += o.rejected;
    inputNormalised += o.inputNormalised;
    outputNormalised += o.outputNormalised;
    if (firstRejection.empty())
        firstRejection = o.firstRejection;
    return *this;
}

std::string otlpProviderName(std::string_view otelName)
{
    std::string p(fields::trim(otelName));
    std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    // The GenAI registry's well-known values whose catalogue name differs; gcp.* is folded into
    // "google" when the store canonicalises provider names.
    static const std::pair<std::string_view, std::string_view> kNames[] = {
        { "aws.bedrock", "bedrock" },      { "azure.ai.openai", "azure" },
        { "az.ai.openai", "azure" },       { "azure.ai.inference", "azure_ai" },
        { "az.ai.inference", "azure_ai" }, { "ibm.watsonx.ai", "watsonx" },
        { "mistral_ai", "mistral" },       { "x_ai", "xai" },
    };
    for (const auto& [otel, ours] : kNames)
        if (p == otel)
            return std::string(ours);
    return p;
}

namespace {

    using simdjson::dom::element;
    using simdjson::dom::element_type;

    // ---- what an attribute key means -----------------------------------------------------------------

    enum class A : uint8_t {
        Operation,
        Provider,
        RequestModel,
        ResponseModel,
        ResponseId,
        ErrorType,
        Input,
        Output,
        CacheRead,
        CacheCreation,
        Reasoning,
        Tier,
        Feature,
        Eval,
        Cache
    };

    struct AttrInfo {
        A what;
        uint16_t rank; // among keys for the same field: higher wins (current names over deprecated ones)
    };

    // The keys the reader looks for: ~25 among the dozens an instrumented span carries, so most lookups
    // miss. An open-addressing table on length and a few bytes beats std::unordered_map's full-string hash.
    class KeyTable {
    public:
        void insert(std::string_view key, AttrInfo info)
        {
            for (uint32_t i = slot(key);; i = (i + 1) & kMask) {
                Entry& e = m_slots[i];
                if (!e.used || e.key == key) {
                    e = { key, info, true };
                    return;
                }
            }
        }
        const AttrInfo* find(std::string_view key) const
        {
            if (key.empty())
                return nullptr; // an attribute without a key
            for (uint32_t i = slot(key);; i = (i + 1) & kMask) {
                const Entry& e = m_slots[i];
                if (!e.used)
                    return nullptr;
                if (e.key.size() == key.size() && std::memcmp(e.key.data(), key.data(), key.size()) == 0)
                    return &e.info;
            }
        }

    private:
        static constexpr uint32_t kMask = 255; // at most 100 × 3 configured keys + ~25 built in
        struct Entry {
            std::string_view key;
            AttrInfo info { A::Operation, 0 };
            bool used = false;
        };
        static uint32_t slot(std::string_view k)
        {
            if (k.empty())
                return 0;
            uint64_t tail = 0;
            const size_t n = std::min<size_t>(8, k.size());
            std::memcpy(&tail, k.data() + k.size() - n, n);
            const uint64_t mid = k.empty() ? 0 : uint8_t(k[k.size() / 2]);
            const uint64_t h = (tail ^ (uint64_t(k.size()) << 56) ^ (mid << 48)) * 0x9E3779B97F4A7C15ull;
            return uint32_t(h >> 56) & kMask;
        }
        std::array<Entry, kMask + 1> m_slots {};
    };

    // Values found so far for one span (or its resource). string_views point into the parsed document.
    template <typename T> struct Slot {
        T v {};
        uint16_t rank = 0;
        bool set = false;
        bool fromSpan = false;
        void put(T value, uint16_t r, bool span)
        {
            if (!set || r >= rank) {
                v = value;
                rank = r;
                set = true;
                fromSpan = span;
            }
        }
    };

    struct Fields {
        Slot<std::string_view> op, provider, requestModel, responseModel, responseId, errorType, tier, feature;
        Slot<int64_t> input, output, cacheRead, cacheCreation, reasoning;
        Slot<double> eval;
        Slot<CacheOutcome> cache;
    };

    // ---- AnyValue ------------------------------------------------------------------------------------

    enum class VT : uint8_t { Missing, String, Int, Double, Bool, Other };

    struct AnyVal {
        VT type = VT::Missing;
        std::string_view s;
        int64_t i = 0;
        double d = 0;
        bool b = false;
        std::string_view kind; // the AnyValue member name as written, for messages
    };

    // Member names are compared in every span and attribute: inlined, length first.
    [[gnu::always_inline]] inline bool keyIs(std::string_view k, std::string_view camel, std::string_view snake)
    {
        return (k.size() == camel.size() && std::memcmp(k.data(), camel.data(), k.size()) == 0)
            || (k.size() == snake.size() && std::memcmp(k.data(), snake.data(), k.size()) == 0);
    }

    // Decodes {stringValue|intValue|doubleValue|boolValue|arrayValue|kvlistValue|bytesValue: ...}.
    // Returns an error message, or "" when fine.
    std::string decodeAny(element value, AnyVal& out)
    {
        out = AnyVal {};
        simdjson::dom::object obj;
        if (value.get_object().get(obj))
            return "an attribute value must be an AnyValue object such as {\"intValue\": \"12\"}";
        for (auto [k, v] : obj) {
            out.kind = k;
            if (keyIs(k, "stringValue", "string_value")) {
                if (v.type() != element_type::STRING)
                    return "stringValue must be a JSON string";
                out.type = VT::String;
                out.s = v.get_string().value_unsafe();
            } else if (keyIs(k, "intValue", "int_value")) {
                // int64 is a string in the proto3 JSON mapping; producers also write bare numbers.
                switch (v.type()) {
                case element_type::STRING: {
                    std::string_view t = v.get_string().value_unsafe();
                    auto n = fields::toInt(t);
                    if (!n)
                        return "intValue \"" + std::string(t.substr(0, 40)) + "\" is not a whole number";
                    out.i = *n;
                    break;
                }
                case element_type::INT64:
                    out.i = v.get_int64().value_unsafe();
                    break;
                case element_type::UINT64:
                    return "intValue is larger than a signed 64-bit integer";
                case element_type::DOUBLE: {
                    const double d = v.get_double().value_unsafe();
                    if (!(std::floor(d) == d && std::fabs(d) < 9.0e15))
                        return "intValue is not a whole number";
                    out.i = int64_t(d);
                    break;
                }
                default:
                    return "intValue must be a string or a number";
                }
                out.type = VT::Int;
            } else if (keyIs(k, "doubleValue", "double_value")) {
                switch (v.type()) {
                case element_type::DOUBLE:
                    out.d = v.get_double().value_unsafe();
                    break;
                case element_type::INT64:
                    out.d = double(v.get_int64().value_unsafe());
                    break;
                case element_type::UINT64:
                    out.d = double(v.get_uint64().value_unsafe());
                    break;
                case element_type::STRING: {
                    auto d = fields::toDouble(v.get_string().value_unsafe());
                    if (!d)
                        return "doubleValue is not a number";
                    out.d = *d;
                    break;
                }
                default:
                    return "doubleValue must be a number";
                }
                out.type = VT::Double;
            } else if (keyIs(k, "boolValue", "bool_value")) {
                if (v.type() == element_type::BOOL)
                    out.b = v.get_bool().value_unsafe();
                else if (auto b = v.type() == element_type::STRING ? fields::toBool(v.get_string().value_unsafe())
                                                                   : std::nullopt)
                    out.b = *b;
                else
                    return "boolValue must be true or false";
                out.type = VT::Bool;
            } else {
                out.type = VT::Other; // arrayValue, kvlistValue, bytesValue: never what a known key needs
            }
            return {};
        }
        return {}; // {} is an empty AnyValue: treated as absent
    }

    std::string kindName(const AnyVal& v)
    {
        return v.kind.empty() ? std::string("an empty value") : std::string(v.kind);
    }

    std::string asTokens(const AnyVal& v, int64_t& out)
    {
        switch (v.type) {
        case VT::Int:
            out = v.i;
            break;
        case VT::Double:
            if (!(std::floor(v.d) == v.d && std::fabs(v.d) < 9.0e15))
                return "expected a whole number of tokens, got " + std::to_string(v.d);
            out = int64_t(v.d);
            break;
        case VT::String: {
            auto n = fields::toInt(v.s);
            if (!n)
                return "expected a whole number of tokens, got \"" + std::string(v.s.substr(0, 40)) + "\"";
            out = *n;
            break;
        }
        default:
            return "expected a whole number of tokens (intValue), got " + kindName(v);
        }
        if (out < 0)
            return "a token count cannot be negative (" + std::to_string(out) + ")";
        if (out > fields::kMaxTokensPerRequest)
            return "an absurd token count (" + std::to_string(out) + ", more than 100,000,000 in one request)";
        return {};
    }

    std::string asString(const AnyVal& v, std::string_view& out)
    {
        if (v.type != VT::String)
            return "expected a string (stringValue), got " + kindName(v);
        out = fields::trim(v.s);
        return {};
    }

    std::string asScore(const AnyVal& v, double& out)
    {
        std::optional<double> d;
        if (v.type == VT::Double)
            d = v.d;
        else if (v.type == VT::Int)
            d = double(v.i);
        else if (v.type == VT::String)
            d = fields::toDouble(v.s);
        else
            return "expected an eval score between 0 and 1 (doubleValue), got " + kindName(v);
        if (!d || !(*d >= 0.0 && *d <= 1.0))
            return "expected an eval score between 0 and 1, got "
                + (v.type == VT::String ? "\"" + std::string(v.s.substr(0, 40)) + "\""
                                        : std::to_string(d.value_or(NAN)));
        out = *d;
        return {};
    }

    std::string asCache(const AnyVal& v, CacheOutcome& out)
    {
        if (v.type == VT::Bool) {
            out = v.b ? CacheOutcome::Hit : CacheOutcome::Miss;
            return {};
        }
        if (v.type == VT::String) {
            std::string s(fields::trim(v.s));
            std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
            if (s == "hit" || s == "true") {
                out = CacheOutcome::Hit;
                return {};
            }
            if (s == "miss" || s == "false") {
                out = CacheOutcome::Miss;
                return {};
            }
            if (s == "none" || s.empty()) {
                out = CacheOutcome::None;
                return {};
            }
            return "expected \"hit\", \"miss\" or \"none\", got \"" + std::string(v.s.substr(0, 40)) + "\"";
        }
        return "expected \"hit\", \"miss\" or \"none\" (stringValue) or a boolValue, got " + kindName(v);
    }

    // ---- locating a JSON path in the raw text (only on the error path) -------------------------------

    struct Step {
        std::string_view key; // object member, or empty for an array index
        long index = -1;
    };

    size_t skipWs(std::string_view t, size_t p)
    {
        while (p < t.size() && (t[p] == ' ' || t[p] == '\n' || t[p] == '\r' || t[p] == '\t'))
            ++p;
        return p;
    }

    size_t skipString(std::string_view t, size_t p) // p at the opening quote
    {
        for (++p; p < t.size(); ++p) {
            if (t[p] == '\\')
                ++p;
            else if (t[p] == '"')
                return p + 1;
        }
        return t.size();
    }

    size_t skipValue(std::string_view t, size_t p)
    {
        if (p >= t.size())
            return p;
        if (t[p] == '"')
            return skipString(t, p);
        if (t[p] == '{' || t[p] == '[') {
            int depth = 0;
            while (p < t.size()) {
                const char c = t[p];
                if (c == '"') {
                    p = skipString(t, p);
                    continue;
                }
                if (c == '{' || c == '[')
                    ++depth;
                else if (c == '}' || c == ']') {
                    if (--depth == 0)
                        return p + 1;
                }
                ++p;
            }
            return p;
        }
        while (p < t.size() && std::strchr(",]} \t\r\n", t[p]) == nullptr)
            ++p;
        return p;
    }

    std::optional<size_t> locate(std::string_view t, const std::vector<Step>& steps)
    {
        size_t p = skipWs(t, 0);
        for (const Step& s : steps) {
            p = skipWs(t, p);
            if (s.index < 0) {
                if (p >= t.size() || t[p] != '{')
                    return std::nullopt;
                ++p;
                for (;;) {
                    p = skipWs(t, p);
                    if (p >= t.size() || t[p] != '"')
                        return std::nullopt;
                    const size_t end = skipString(t, p);
                    const std::string_view key = t.substr(p + 1, end - p - 2);
                    p = skipWs(t, end);
                    if (p >= t.size() || t[p] != ':')
                        return std::nullopt;
                    p = skipWs(t, p + 1);
                    if (key == s.key)
                        break;
                    p = skipWs(t, skipValue(t, p));
                    if (p >= t.size() || t[p] != ',')
                        return std::nullopt;
                    ++p;
                }
            } else {
                if (p >= t.size() || t[p] != '[')
                    return std::nullopt;
                ++p;
                for (long n = 0; n < s.index; ++n) {
                    p = skipWs(t, skipValue(t, skipWs(t, p)));
                    if (p >= t.size() || t[p] != ',')
                        return std::nullopt;
                    ++p;
                }
                p = skipWs(t, p);
            }
        }
        return p;
    }

    void lineColumnOf(std::string_view t, size_t offset, long long firstLine, long long& line, int& column)
    {
        offset = std::min(offset, t.size());
        line = firstLine;
        size_t lineStart = 0;
        for (size_t i = 0; i < offset; ++i)
            if (t[i] == '\n') {
                ++line;
                lineStart = i + 1;
            }
        column = int(offset - lineStart + 1);
    }

    // nlohmann's SAX parser, used only to say where simdjson found the text malformed.
    struct ErrorFinder final : nlohmann::json_sax<nlohmann::json> {
        size_t position = 0;
        std::string reason;
        bool null() override { return true; }
        bool boolean(bool) override { return true; }
        bool number_integer(number_integer_t) override { return true; }
        bool number_unsigned(number_unsigned_t) override { return true; }
        bool number_float(number_float_t, const string_t&) override { return true; }
        bool string(string_t&) override { return true; }
        bool binary(binary_t&) override { return true; }
        bool start_object(std::size_t) override { return true; }
        bool key(string_t&) override { return true; }
        bool end_object() override { return true; }
        bool start_array(std::size_t) override { return true; }
        bool end_array() override { return true; }
        bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& ex) override
        {
            position = pos;
            reason = ex.what();
            // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error while parsing ..."
            const size_t col = reason.find("column ");
            const size_t colon = col == std::string::npos ? std::string::npos : reason.find(": ", col);
            if (colon != std::string::npos)
                reason = reason.substr(colon + 2);
            return false;
        }
    };

    const char* kJsonHint = "Fix the exporter or the file and import it again; nothing was imported";

    // ---- the reader ----------------------------------------------------------------------------------

    struct Ctx {
        std::string_view text;
        const std::string* source;
        long long firstLine;
        std::string_view rsKey, ssKey, spansKey = "spans", attrsKey = "attributes";
        long rs = -1, ss = -1, span = -1, attr = -1;
        bool inResource = false;
    };

} // namespace

struct OtlpSpanReader::Impl {
    OtlpReadOptions opt;
    simdjson::dom::parser parser;
    KeyTable keys;
    // The last few provider names seen and their catalogue names: an export mixes a handful of providers.
    struct ProviderName {
        std::string in, out;
    };
    std::array<ProviderName, 8> providerNames;
    size_t providerNamesNext = 0;
    // Records of a batch the store has finished with: their strings' buffers are taken over by new
    // records, so a file import allocates nothing per span once the first batches are in flight (malloc
    // and free, half of them on the storing thread, were ~18% of the parse time).
    std::vector<RequestRecord> reuse;
    size_t reuseNext = 0;

    explicit Impl(OtlpReadOptions o)
        : opt(std::move(o))
    {
        static const std::pair<std::string_view, AttrInfo> kBuiltIn[] = {
            { "gen_ai.operation.name", { A::Operation, 2 } },
            { "gen_ai.provider.name", { A::Provider, 2 } },
            { "gen_ai.system", { A::Provider, 1 } },
            { "gen_ai.request.model", { A::RequestModel, 2 } },
            { "gen_ai.response.model", { A::ResponseModel, 2 } },
            { "gen_ai.response.id", { A::ResponseId, 2 } },
            { "error.type", { A::ErrorType, 2 } },
            { "gen_ai.usage.input_tokens", { A::Input, 2 } },
            { "gen_ai.usage.prompt_tokens", { A::Input, 1 } },
            { "gen_ai.usage.output_tokens", { A::Output, 2 } },
            { "gen_ai.usage.completion_tokens", { A::Output, 1 } },
            { "gen_ai.usage.cache_read.input_tokens", { A::CacheRead, 2 } },
            { "gen_ai.usage.cache_read_input_tokens", { A::CacheRead, 1 } }, // OpenLLMetry before the registry name
            { "gen_ai.usage.cache_creation.input_tokens", { A::CacheCreation, 2 } },
            { "gen_ai.usage.cache_creation_input_tokens", { A::CacheCreation, 1 } },
            { "gen_ai.usage.reasoning.output_tokens", { A::Reasoning, 2 } },
            { "gen_ai.usage.reasoning_tokens", { A::Reasoning, 1 } },
            { "openai.response.service_tier", { A::Tier, 4 } },
            { "gen_ai.openai.response.service_tier", { A::Tier, 3 } },
            { "openai.request.service_tier", { A::Tier, 2 } },
            { "gen_ai.openai.request.service_tier", { A::Tier, 1 } },
        };
        for (const auto& [k, info] : kBuiltIn)
            keys.insert(k, info);
        // Configured keys override a built-in meaning; earlier keys in a list rank higher.
        auto add = [&](const std::vector<std::string>& list, A what) {
            for (size_t i = 0; i < list.size() && i < 100; ++i)
                keys.insert(std::string_view(list[i]), AttrInfo { what, uint16_t(200 - i) });
        };
        add(opt.keys.feature, A::Feature);
        add(opt.keys.evalScore, A::Eval);
        add(opt.keys.cache, A::Cache);
    }

    std::vector<Step> steps(const Ctx& c, bool toValue) const
    {
        std::vector<Step> s;
        s.push_back({ c.rsKey });
        s.push_back({ {}, c.rs });
        if (c.inResource) {
            s.push_back({ "resource" });
        } else {
            s.push_back({ c.ssKey });
            s.push_back({ {}, c.ss });
            s.push_back({ c.spansKey });
            s.push_back({ {}, c.span });
        }
        if (c.attr >= 0) {
            s.push_back({ c.attrsKey });
            s.push_back({ {}, c.attr });
            if (toValue)
                s.push_back({ "value" });
        }
        return s;
    }

    static std::string pathText(const std::vector<Step>& steps)
    {
        std::string p;
        for (const Step& s : steps) {
            if (s.index >= 0)
                p += '[' + std::to_string(s.index) + ']';
            else
                p += (p.empty() ? "" : ".") + std::string(s.key);
        }
        return p;
    }

    Error error(const Ctx& c, std::string field, std::string message, bool toValue = true) const
    {
        Error e;
        e.source = *c.source;
        e.field = std::move(field);
        const std::vector<Step> s = steps(c, toValue);
        if (auto off = locate(c.text, s))
            lineColumnOf(c.text, *off, c.firstLine, e.line, e.column);
        else
            e.line = c.firstLine;
        e.message = message + " (at " + pathText(s) + ")";
        e.hint = opt.rejectInvalidSpans ? "The span was rejected; fix the instrumentation that sent it"
                                        : "Fix the value and import the file again; nothing was imported";
        return e;
    }

    Error structureError(const Ctx& c, std::string message, std::vector<Step> s) const
    {
        Error e;
        e.source = *c.source;
        if (auto off = locate(c.text, s))
            lineColumnOf(c.text, *off, c.firstLine, e.line, e.column);
        else
            e.line = c.firstLine;
        e.message = message + (s.empty() ? std::string() : " (at " + pathText(s) + ")");
        e.hint = opt.rejectInvalidSpans ? "This is not an OTLP/JSON ExportTraceServiceRequest; nothing was stored"
                                        : "This is not an OTLP/JSON ExportTraceServiceRequest; nothing was imported";
        return e;
    }

    Error syntaxError(std::string_view text, const std::string& source, long long firstLine,
                      simdjson::error_code code) const
    {
        Error e;
        e.source = source;
        ErrorFinder finder;
        const bool ok = nlohmann::json::sax_parse(text, &finder);
        if (!ok && finder.position > 0) {
            lineColumnOf(text, finder.position - 1, firstLine, e.line, e.column);
            e.message = "not valid JSON: " + finder.reason;
        } else {
            e.line = firstLine;
            e.message = std::string("not valid JSON (") + simdjson::error_message(code) + ")";
        }
        e.hint = opt.rejectInvalidSpans ? "Nothing from this request was stored; check the exporter's JSON encoding"
                                        : kJsonHint;
        return e;
    }

    // Applies one attribute list to `f`. Returns an error for a malformed value of a key we use.
    std::optional<Error> applyAttributes(element attrs, Fields& f, Ctx& c, bool fromSpan)
    {
        simdjson::dom::array arr;
        if (attrs.get_array().get(arr))
            return error(c, "", "attributes must be an array", false);
        c.attr = -1;
        for (element kv : arr) {
            ++c.attr;
            simdjson::dom::object o;
            if (kv.get_object().get(o))
                return error(c, "", "an attribute must be an object {\"key\": ..., \"value\": {...}}", false);
            std::string_view key;
            element value;
            bool haveValue = false;
            for (auto [k, v] : o) {
                if (k.size() == 3 && k[0] == 'k' && k[1] == 'e' && k[2] == 'y') {
                    if (v.get_string().get(key))
                        return error(c, "", "an attribute key must be a string", false);
                } else if (k.size() == 5 && std::memcmp(k.data(), "value", 5) == 0) {
                    value = v;
                    haveValue = true;
                }
            }
            const AttrInfo* found = keys.find(key);
            if (!found || !haveValue)
                continue;
            AnyVal any;
            std::string msg = decodeAny(value, any);
            if (!msg.empty())
                return error(c, std::string(key), msg);
            if (any.type == VT::Missing)
                continue;
            const AttrInfo info = *found;
            const uint16_t rank = uint16_t(info.rank * 2 + (fromSpan ? 1 : 0));
            switch (info.what) {
            case A::Operation:
            case A::Provider:
            case A::RequestModel:
            case A::ResponseModel:
            case A::ResponseId:
            case A::ErrorType:
            case A::Tier:
            case A::Feature: {
                std::string_view s;
                if (info.what == A::ErrorType && any.type != VT::String) {
                    // error.type is a string by the conventions; a number (an HTTP status) still marks a failure.
                    s = "error";
                } else if (msg = asString(any, s); !msg.empty()) {
                    return error(c, std::string(key), msg);
                }
                Slot<std::string_view>* slot = nullptr;
                switch (info.what) {
                case A::Operation:
                    slot = &f.op;
                    break;
                case A::Provider:
                    slot = &f.provider;
                    break;
                case A::RequestModel:
                    slot = &f.requestModel;
                    break;
                case A::ResponseModel:
                    slot = &f.responseModel;
                    break;
                case A::ResponseId:
                    slot = &f.responseId;
                    break;
                case A::ErrorType:
                    slot = &f.errorType;
                    break;
                case A::Tier:
                    slot = &f.tier;
                    break;
                default:
                    slot = &f.feature;
                    break;
                }
                if (!s.empty())
                    slot->put(s, rank, fromSpan);
                break;
            }
            case A::Input:
            case A::Output:
            case A::CacheRead:
            case A::CacheCreation:
            case A::Reasoning: {
                int64_t n = 0;
                if (msg = asTokens(any, n); !msg.empty())
                    return error(c, std::string(key), msg);
                Slot<int64_t>& slot = info.what == A::Input ? f.input
                    : info.what == A::Output                ? f.output
                    : info.what == A::CacheRead             ? f.cacheRead
                    : info.what == A::CacheCreation         ? f.cacheCreation
                                                            : f.reasoning;
                slot.put(n, rank, fromSpan);
                break;
            }
            case A::Eval: {
                double d = 0;
                if (msg = asScore(any, d); !msg.empty())
                    return error(c, std::string(key), msg);
                f.eval.put(d, rank, fromSpan);
                break;
            }
            case A::Cache: {
                CacheOutcome co = CacheOutcome::None;
                if (msg = asCache(any, co); !msg.empty())
                    return error(c, std::string(key), msg);
                f.cache.put(co, rank, fromSpan);
                break;
            }
            }
        }
        c.attr = -1;
        return std::nullopt;
    }

    static std::optional<uint64_t> nanos(element v)
    {
        switch (v.type()) {
        case element_type::STRING: {
            std::string_view s = v.get_string().value_unsafe();
            uint64_t n = 0;
            auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
            if (ec != std::errc() || p != s.data() + s.size() || s.empty())
                return std::nullopt;
            return n;
        }
        case element_type::UINT64:
            return v.get_uint64().value_unsafe();
        case element_type::INT64: {
            const int64_t n = v.get_int64().value_unsafe();
            return n < 0 ? std::nullopt : std::optional<uint64_t>(uint64_t(n));
        }
        case element_type::DOUBLE: {
            const double d = v.get_double().value_unsafe();
            return d < 0 || !std::isfinite(d) ? std::nullopt : std::optional<uint64_t>(uint64_t(d));
        }
        default:
            return std::nullopt;
        }
    }

    static void lowerHex(std::string& dst, std::string_view s)
    {
        for (char ch : s)
            dst += (ch >= 'A' && ch <= 'Z') ? char(ch - 'A' + 'a') : ch;
    }

    // Moves the string buffers of a spent record into a fresh one (emptied, capacity kept).
    static void takeBuffers(RequestRecord& r, RequestRecord& spent)
    {
        auto take = [](std::string& to, std::string& from) {
            to.swap(from);
            to.clear();
        };
        take(r.requestId, spent.requestId);
        take(r.feature, spent.feature);
        take(r.provider, spent.provider);
        take(r.model, spent.model);
        take(r.serviceTier, spent.serviceTier);
    }

    // A batch the store is done with becomes the pool takeBuffers draws from; `batch` leaves empty.
    void recycle(std::vector<RequestRecord>& batch)
    {
        reuse.swap(batch);
        reuseNext = 0;
        batch.clear(); // the previous pool: its buffers were taken, so this frees little, on this thread
    }

    const std::string& providerName(std::string_view p)
    {
        for (const ProviderName& n : providerNames)
            if (!n.out.empty() && n.in == p)
                return n.out;
        ProviderName& n = providerNames[providerNamesNext++ % providerNames.size()];
        n.in.assign(p);
        n.out = p.empty() ? std::string("unknown") : otlpProviderName(p);
        return n.out;
    }

    // One span: a request, a skip, or an error (returned; the caller decides whether it rejects or stops).
    std::optional<Error> span(element spanEl, const Fields& resource, Ctx& c, std::vector<RequestRecord>& out,
                              OtlpReadStats& stats)
    {
        simdjson::dom::object so;
        c.attr = -1;
        if (spanEl.get_object().get(so))
            return error(c, "", "a span must be an object", false);
        std::string_view traceId, spanId;
        std::optional<uint64_t> start, end;
        element attrs;
        bool haveAttrs = false;
        int64_t kind = 0;
        bool statusError = false;
        std::string_view badTime; // reported only for a span we keep: others may carry any junk
        for (auto [k, v] : so) {
            if (keyIs(k, "attributes", "attributes")) {
                attrs = v;
                haveAttrs = true;
                c.attrsKey = k;
            } else if (keyIs(k, "startTimeUnixNano", "start_time_unix_nano")) {
                start = nanos(v);
                if (!start)
                    badTime = k;
            } else if (keyIs(k, "endTimeUnixNano", "end_time_unix_nano")) {
                end = nanos(v);
                if (!end)
                    badTime = k;
            } else if (keyIs(k, "traceId", "trace_id")) {
                if (v.get_string().get(traceId))
                    traceId = {};
            } else if (keyIs(k, "spanId", "span_id")) {
                if (v.get_string().get(spanId))
                    spanId = {};
            } else if (k == "kind") {
                if (v.type() == element_type::INT64)
                    kind = v.get_int64().value_unsafe();
                else if (v.type() == element_type::STRING) {
                    std::string_view s = v.get_string().value_unsafe();
                    kind = s == "SPAN_KIND_INTERNAL" ? 1
                        : s == "SPAN_KIND_SERVER"    ? 2
                        : s == "SPAN_KIND_CLIENT"    ? 3
                        : s == "SPAN_KIND_PRODUCER"  ? 4
                        : s == "SPAN_KIND_CONSUMER"  ? 5
                                                     : 0;
                }
            } else if (k == "status") {
                simdjson::dom::object st;
                if (!v.get_object().get(st)) {
                    for (auto [sk, sv] : st) {
                        if (sk != "code")
                            continue;
                        if (sv.type() == element_type::INT64)
                            statusError = sv.get_int64().value_unsafe() == 2;
                        else if (sv.type() == element_type::STRING)
                            statusError = sv.get_string().value_unsafe() == "STATUS_CODE_ERROR";
                    }
                }
            }
        }
        Fields f = resource;
        if (haveAttrs)
            if (auto e = applyAttributes(attrs, f, c, true))
                return e;
        const bool usage = (f.input.set && f.input.fromSpan) || (f.output.set && f.output.fromSpan);
        if (!usage) {
            ++stats.skippedNoUsage;
            return std::nullopt;
        }
        if (!opt.countInProcessAgentSpans && kind != 3 && f.op.set
            && (f.op.v == "invoke_agent" || f.op.v == "invoke_workflow" || f.op.v == "execute_tool")) {
            ++stats.skippedAggregate;
            return std::nullopt;
        }
        if (!badTime.empty())
            return error(c, std::string(badTime), "expected a time in Unix nanoseconds (a uint64 string)", false);
        if (!start || *start == 0)
            return error(c, "startTimeUnixNano", "a span with GenAI usage needs its start time", false);
        RequestRecord r;
        if (reuseNext < reuse.size())
            takeBuffers(r, reuse[reuseNext++]);
        r.timestampMs = int64_t(*start / 1'000'000u);
        if (r.timestampMs < 946'684'800'000 || r.timestampMs >= 946'684'800'000 + (int64_t(1) << 41))
            return error(c, "startTimeUnixNano",
                         "the start time is outside 2000–2069; is it in micro- or milliseconds instead of nanoseconds?",
                         false);
        if (end && *end >= *start) {
            const uint64_t ms = (*end - *start + 500'000u) / 1'000'000u;
            if (ms <= uint64_t(fields::kMaxLatencyMs))
                r.latencyMs = int32_t(ms);
        }
        if (f.responseId.set && !f.responseId.v.empty()) {
            r.requestId.assign(f.responseId.v);
        } else if (!traceId.empty() || !spanId.empty()) {
            // No provider id: the span's identity keeps re-imports of the same export idempotent.
            r.requestId.reserve(6 + traceId.size() + spanId.size());
            r.requestId = "otlp:";
            lowerHex(r.requestId, traceId);
            r.requestId += '-';
            lowerHex(r.requestId, spanId);
        }
        if (f.feature.set)
            r.feature.assign(f.feature.v);
        r.provider = providerName(f.provider.set ? f.provider.v : std::string_view());
        // The response model is the one that ran (a dated snapshot); it is the one priced and kept.
        const std::string_view model = f.responseModel.set && !f.responseModel.v.empty() ? f.responseModel.v
            : f.requestModel.set                                                         ? f.requestModel.v
                                                                                         : std::string_view();
        r.model.assign(model.empty() ? std::string_view("unknown") : model);
        r.inputTokens = f.input.set ? f.input.v : 0;
        r.outputTokens = f.output.set ? f.output.v : 0;
        r.cachedInputTokens = f.cacheRead.set ? f.cacheRead.v : 0;
        r.cacheWriteTokens = f.cacheCreation.set ? f.cacheCreation.v : 0; // the 5-minute rate: Anthropic's default TTL
        r.reasoningTokens = f.reasoning.set ? f.reasoning.v : 0;
        const int64_t cacheTokens = r.cachedInputTokens + r.cacheWriteTokens;
        if (opt.inputConvention == OtlpInputConvention::AnthropicRaw && cacheTokens > 0 && r.provider == "anthropic") {
            r.inputTokens += cacheTokens;
            ++stats.inputNormalised;
        } else if (cacheTokens > r.inputTokens) {
            if (opt.inputConvention == OtlpInputConvention::Total)
                return error(c, "gen_ai.usage.input_tokens",
                             "cache_read + cache_creation tokens (" + std::to_string(cacheTokens)
                                 + ") exceed input_tokens (" + std::to_string(r.inputTokens)
                                 + ") although input_tokens is set to include them",
                             false);
            // Only a count that leaves the cache out can be smaller than its cache part: Anthropic's raw figure.
            r.inputTokens += cacheTokens;
            ++stats.inputNormalised;
        }
        if (r.reasoningTokens > r.outputTokens) {
            r.outputTokens += r.reasoningTokens; // a producer that reports reasoning apart from the output
            ++stats.outputNormalised;
        }
        if (r.inputTokens > fields::kMaxTokensPerRequest || r.outputTokens > fields::kMaxTokensPerRequest)
            return error(c, "gen_ai.usage.input_tokens", "an absurd token count (more than 100,000,000 in one request)",
                         false);
        r.error = statusError || (f.errorType.set && !f.errorType.v.empty());
        if (f.eval.set)
            r.evalScore = f.eval.v;
        if (f.cache.set)
            r.cache = f.cache.v;
        if (f.tier.set)
            r.serviceTier.assign(f.tier.v);
        out.push_back(std::move(r));
        ++stats.records;
        return std::nullopt;
    }

    using Flush = std::function<Result<void>(std::vector<RequestRecord>&)>;

    Result<void> document(element doc, Ctx& c, std::vector<RequestRecord>& out, OtlpReadStats& stats,
                          const Flush& flush)
    {
        simdjson::dom::object root;
        if (doc.get_object().get(root))
            return structureError(c, "expected a JSON object with \"resourceSpans\"", {});
        element rsList;
        bool have = false;
        for (auto [k, v] : root)
            if (keyIs(k, "resourceSpans", "resource_spans")) {
                rsList = v;
                c.rsKey = k;
                have = true;
            }
        if (!have)
            return {}; // a metrics or logs line in a shared file, or an empty request
        simdjson::dom::array rsArr;
        if (rsList.get_array().get(rsArr))
            return structureError(c, "resourceSpans must be an array", { { c.rsKey } });
        c.rs = -1;
        for (element rs : rsArr) {
            ++c.rs;
            c.ss = c.span = c.attr = -1;
            simdjson::dom::object rso;
            if (rs.get_object().get(rso))
                return structureError(c, "each resourceSpans entry must be an object", { { c.rsKey }, { {}, c.rs } });
            Fields resource;
            element ssList, resourceAttrs;
            bool haveSs = false, haveResourceAttrs = false;
            for (auto [k, v] : rso) {
                if (k == "resource") {
                    simdjson::dom::object ro;
                    if (v.get_object().get(ro))
                        continue;
                    for (auto [rk, rv] : ro)
                        if (rk == "attributes") {
                            resourceAttrs = rv;
                            haveResourceAttrs = true;
                            c.attrsKey = rk;
                        }
                } else if (keyIs(k, "scopeSpans", "scope_spans")
                           || keyIs(k, "instrumentationLibrarySpans", "instrumentation_library_spans")) {
                    ssList = v;
                    c.ssKey = k;
                    haveSs = true;
                }
            }
            if (haveResourceAttrs) {
                c.inResource = true;
                auto e = applyAttributes(resourceAttrs, resource, c, false);
                c.inResource = false;
                if (e) {
                    if (!opt.rejectInvalidSpans)
                        return *e;
                    // A bad resource attribute spoils every span under it.
                    if (haveSs)
                        rejectAll(ssList, stats);
                    if (stats.firstRejection.empty())
                        stats.firstRejection = e->toString();
                    continue;
                }
            }
            if (!haveSs)
                continue;
            simdjson::dom::array ssArr;
            if (ssList.get_array().get(ssArr))
                return structureError(c, "scopeSpans must be an array", { { c.rsKey }, { {}, c.rs }, { c.ssKey } });
            c.ss = -1;
            for (element ss : ssArr) {
                ++c.ss;
                c.span = -1;
                simdjson::dom::object sso;
                if (ss.get_object().get(sso))
                    continue;
                for (auto [k, v] : sso) {
                    if (k != "spans")
                        continue;
                    simdjson::dom::array spans;
                    if (v.get_array().get(spans))
                        return structureError(c, "spans must be an array",
                                              { { c.rsKey }, { {}, c.rs }, { c.ssKey }, { {}, c.ss }, { "spans" } });
                    for (element sp : spans) {
                        ++c.span;
                        ++stats.spans;
                        if (auto e = span(sp, resource, c, out, stats)) {
                            if (!opt.rejectInvalidSpans)
                                return *e;
                            ++stats.rejected;
                            if (stats.firstRejection.empty())
                                stats.firstRejection = e->toString();
                        }
                        if (flush && out.size() >= opt.batchSize)
                            if (auto r = flush(out); !r)
                                return r;
                    }
                }
            }
        }
        return {};
    }

    // Counts every span under a resource whose attributes are unusable as rejected.
    static void rejectAll(element ssList, OtlpReadStats& stats)
    {
        simdjson::dom::array ssArr;
        if (ssList.get_array().get(ssArr))
            return;
        for (element ss : ssArr) {
            simdjson::dom::object sso;
            if (ss.get_object().get(sso))
                continue;
            for (auto [sk, sv] : sso) {
                simdjson::dom::array spans;
                if (sk == "spans" && !sv.get_array().get(spans)) {
                    stats.spans += int64_t(spans.size());
                    stats.rejected += int64_t(spans.size());
                }
            }
        }
    }

    Result<void> parseText(std::string_view text, bool padded, const std::string& source, long long firstLine,
                           std::vector<RequestRecord>& out, OtlpReadStats& stats, const Flush& flush)
    {
        element doc;
        if (auto code = parser.parse(text.data(), text.size(), !padded).get(doc))
            return syntaxError(text, source, firstLine, code);
        Ctx c;
        c.text = text;
        c.source = &source;
        c.firstLine = firstLine;
        return document(doc, c, out, stats, flush);
    }
};

OtlpSpanReader::OtlpSpanReader(OtlpReadOptions options)
    : m_impl(std::make_unique<Impl>(std::move(options)))
{
}
OtlpSpanReader::~OtlpSpanReader() = default;

const OtlpReadOptions& OtlpSpanReader::options() const
{
    return m_impl->opt;
}

Result<void> OtlpSpanReader::parseRequest(std::string_view json, std::vector<RequestRecord>& out, OtlpReadStats& stats,
                                          const std::string& source, long long firstLine)
{
    if (fields::trim(json).empty()) {
        Error e;
        e.source = source;
        e.message = "the request body is empty";
        e.hint = "Send an OTLP/JSON ExportTraceServiceRequest";
        return e;
    }
    return m_impl->parseText(json, false, source, firstLine, out, stats, {});
}

namespace {

    Error fileError(const std::string& path, std::string message, std::string hint)
    {
        Error e;
        e.source = path;
        e.message = std::move(message);
        e.hint = std::move(hint);
        return e;
    }

} // namespace

Result<OtlpReadStats> OtlpSpanReader::readFile(const std::string& path, IngestSink& sink)
{
    // JSON Lines (the Collector's file exporter) is parsed in blocks on parser threads; one export object, which
    // cannot be cut, is read whole.
    static_assert(simdjson::SIMDJSON_PADDING <= kBlockPadding);
    Impl& d = *m_impl;
    BlockReader reader(path, BlockReader::Rows::Lines, d.opt.blockBytes, d.opt.mapFile);
    TextBlock first;
    auto got = reader.openFirst(first);
    if (!got)
        return got.error();
    std::string_view firstLine;
    if (*got)
        forEachLine(first.text(), [&](std::string_view line, long long) {
            firstLine = line;
            return fields::trim(line).empty();
        });
    if (fields::trim(firstLine).empty())
        return fileError(path, "the file is empty", "Nothing was imported");
    simdjson::dom::element probe;
    const bool jsonLines = !d.parser.parse(firstLine.data(), firstLine.size(), false).get(probe)
        && probe.type() == element_type::OBJECT;
    if (!jsonLines)
        return readWholeFile(path, sink);

    struct Block {
        std::vector<RequestRecord> records;
        OtlpReadStats stats;
        long long lines = 0;
        std::optional<Error> error;
    };
    const int workers = parserThreads(d.opt.parserThreads);
    std::vector<std::unique_ptr<Impl>> impls;
    for (int w = 0; w < workers; ++w)
        impls.push_back(std::make_unique<Impl>(d.opt));
    auto parse = [&](int w, const TextBlock& block, Block& out) {
        Impl& impl = *impls[size_t(w)];
        impl.recycle(out.records); // the delivered records' string buffers are reused
        out.stats = {};
        out.lines = forEachLine(block.text(), [&](std::string_view line, long long ln) {
            if (fields::trim(line).empty())
                return true;
            // The rest of the block, or its zero padding, lies behind every line.
            if (auto r = impl.parseText(line, true, path, ln, out.records, out.stats, {}); !r) {
                out.error = r.error();
                return false;
            }
            return true;
        });
        if (out.error)
            return;
        if (!out.records.empty())
            sink.prepareRequests(std::span<RequestRecord>(out.records.data(), out.records.size()));
    };
    OtlpReadStats stats;
    auto deliver = [&](Block& out) -> Result<void> {
        stats += out.stats;
        if (out.records.empty())
            return {};
        return sink.addRequests(std::span<const RequestRecord>(out.records.data(), out.records.size()));
    };
    BlockPipeline<Block> pipe(workers, parse, deliver);
    if (auto r = pipe.run(reader, std::move(first), 0, d.opt.cancel, d.opt.progress, path); !r)
        return r.error();
    if (stats.spans == 0)
        return fileError(path, "the file holds no trace spans (no resourceSpans[].scopeSpans[].spans[])",
                         "Export traces (not metrics or logs) in OTLP/JSON; nothing was imported");
    if (d.opt.progress)
        d.opt.progress(reader.fileSize(), reader.fileSize());
    return stats;
}

Result<OtlpReadStats> OtlpSpanReader::readWholeFile(const std::string& path, IngestSink& sink)
{
    Impl& d = *m_impl;
    // One export object cannot be cut into blocks: it is read whole (decompressed when gzip).
    InputFile in(path);
    if (auto r = in.open(); !r)
        return r.error();
    std::string whole;
    for (;;) {
        const size_t at = whole.size();
        whole.resize(at + (size_t(1) << 20));
        auto got = in.read(whole.data() + at, size_t(1) << 20);
        if (!got)
            return got.error();
        whole.resize(at + *got);
        if (*got == 0)
            break;
    }
    const simdjson::padded_string text(whole);
    whole = {};
    OtlpReadStats stats;
    Impl::Flush flush = [&](std::vector<RequestRecord>& b) -> Result<void> {
        if (b.empty())
            return {};
        sink.prepareRequests(std::span<RequestRecord>(b.data(), b.size()));
        if (auto r = sink.addRequests(std::span<const RequestRecord>(b.data(), b.size())); !r)
            return r;
        d.recycle(b);
        if (d.opt.cancel && d.opt.cancel->load())
            return fileError(path, "the import was cancelled", "Nothing was imported");
        return {};
    };
    std::vector<RequestRecord> batch;
    if (auto r = d.parseText(std::string_view(text.data(), text.size()), true, path, 1, batch, stats, flush); !r)
        return r.error();
    if (auto r = flush(batch); !r)
        return r.error();
    d.reuse = {};
    if (stats.spans == 0)
        return fileError(path, "the file holds no trace spans (no resourceSpans[].scopeSpans[].spans[])",
                         "Export traces (not metrics or logs) in OTLP/JSON; nothing was imported");
    if (d.opt.progress)
        d.opt.progress(text.size(), text.size());
    return stats;
}

Result<ReadStats> readOtlpFile(const std::string& path, IngestSink& sink, const OtlpReadOptions& options)
{
    OtlpSpanReader reader(options);
    auto r = reader.readFile(path, sink);
    if (!r)
        return r.error();
    return r->toReadStats();
}

} // namespace il
