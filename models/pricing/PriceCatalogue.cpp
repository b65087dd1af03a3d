// SPDX-License-Identifier: GPL-3.0-or-later
#include "pricing/PriceCatalogue.h"

#include "domain/Time.h"

#include <QFile>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

// A resource compiled into a static library must be registered by name before use.
static void initBundledPricesResource()
{
    Q_INIT_RESOURCE(prices);
}

namespace il {

namespace {

std::string key(const std::string& provider, const std::string& model)
{
    return provider + '\x1f' + model;
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool allDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

std::string PriceCatalogue::canonicalProvider(std::string_view provider)
{
    std::string p = lower(provider);
    static const std::unordered_map<std::string, std::string> kAliases = {
        {"google", "google"},         {"gemini", "google"},          {"gcp.gemini", "google"},
        {"gcp.vertex_ai", "google"},  {"vertex_ai", "google"},       {"vertex_ai-language-models", "google"},
        {"gcp.gen_ai", "google"},     {"openai", "openai"},          {"anthropic", "anthropic"},
        {"self-hosted", "self-hosted"}, {"self_hosted", "self-hosted"}, {"selfhosted", "self-hosted"},
        {"vllm", "self-hosted"},      {"local", "self-hosted"},
    };
    auto it = kAliases.find(p);
    return it == kAliases.end() ? p : it->second;
}

std::string PriceCatalogue::normalisedModel(std::string_view model)
{
    std::string m = lower(model);
    while (!m.empty() && std::isspace(static_cast<unsigned char>(m.back())))
        m.pop_back();
    size_t start = 0;
    while (start < m.size() && std::isspace(static_cast<unsigned char>(m[start])))
        ++start;
    m.erase(0, start);
    size_t slash = m.rfind('/');
    if (slash != std::string::npos)
        m.erase(0, slash + 1);
    return m;
}

std::string PriceCatalogue::withoutSnapshotSuffix(std::string_view model)
{
    std::string m(model);
    // -YYYY-MM-DD (OpenAI), -YYYYMMDD or @YYYYMMDD (Anthropic, Vertex), -latest, -NNN (Gemini), -vN:M (Bedrock)
    if (m.size() > 11 && m[m.size() - 11] == '-' && m[m.size() - 3] == '-' && m[m.size() - 6] == '-'
        && allDigits(std::string_view(m).substr(m.size() - 10, 4)))
        return m.substr(0, m.size() - 11);
    if (m.size() > 9 && (m[m.size() - 9] == '-' || m[m.size() - 9] == '@')
        && allDigits(std::string_view(m).substr(m.size() - 8)))
        return m.substr(0, m.size() - 9);
    if (m.size() > 7 && m.compare(m.size() - 7, 7, "-latest") == 0)
        return m.substr(0, m.size() - 7);
    if (m.size() > 4 && m[m.size() - 4] == '-' && allDigits(std::string_view(m).substr(m.size() - 3)))
        return m.substr(0, m.size() - 4);
    size_t v = m.rfind("-v");
    if (v != std::string::npos && m.find(':', v) != std::string::npos)
        return m.substr(0, v);
    return {};
}

void PriceCatalogue::add(PriceEntry entry)
{
    m_entries.push_back(std::move(entry));
    reindex();
}

void PriceCatalogue::addAll(std::vector<PriceEntry> entries)
{
    for (auto& e : entries)
        m_entries.push_back(std::move(e));
    reindex();
}

void PriceCatalogue::reindex()
{
    m_index.clear();
    for (size_t i = 0; i < m_entries.size(); ++i) {
        const PriceEntry& e = m_entries[i];
        const std::string prov = canonicalProvider(e.provider);
        m_index[key(prov, normalisedModel(e.model))].push_back(i);
        for (const std::string& a : e.aliases)
            m_index[key(prov, normalisedModel(a))].push_back(i);
    }
    for (auto& [k, list] : m_index) {
        std::sort(list.begin(), list.end(), [this](size_t a, size_t b) {
            const PriceEntry &x = m_entries[a], &y = m_entries[b];
            if (x.effectiveFromMs != y.effectiveFromMs)
                return x.effectiveFromMs < y.effectiveFromMs;
            return x.version < y.version;
        });
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
}

const std::vector<size_t>* PriceCatalogue::lookup(const std::string& provider, const std::string& model) const
{
    auto it = m_index.find(key(provider, model));
    if (it != m_index.end())
        return &it->second;
    std::string base = withoutSnapshotSuffix(model);
    if (!base.empty()) {
        it = m_index.find(key(provider, base));
        if (it != m_index.end())
            return &it->second;
    }
    return nullptr;
}

const PriceEntry* PriceCatalogue::resolve(std::string_view provider, std::string_view model, int64_t tsMs) const
{
    const std::vector<size_t>* list = lookup(canonicalProvider(provider), normalisedModel(model));
    if (!list)
        return nullptr;
    const PriceEntry* best = nullptr;
    for (size_t i : *list) {
        if (m_entries[i].effectiveFromMs <= tsMs)
            best = &m_entries[i]; // sorted ascending: the last one in force wins
        else
            break;
    }
    return best;
}

std::vector<const PriceEntry*> PriceCatalogue::history(std::string_view provider, std::string_view model) const
{
    std::vector<const PriceEntry*> out;
    if (const std::vector<size_t>* list = lookup(canonicalProvider(provider), normalisedModel(model)))
        for (size_t i : *list)
            out.push_back(&m_entries[i]);
    return out;
}

std::vector<const PriceEntry*> PriceCatalogue::findByModel(std::string_view model) const
{
    std::vector<const PriceEntry*> out;
    const std::string m = normalisedModel(model);
    const std::string base = withoutSnapshotSuffix(m);
    for (const auto& [k, list] : m_index) {
        std::string_view name = std::string_view(k).substr(k.find('\x1f') + 1);
        if (name == m || (!base.empty() && name == base))
            for (size_t i : list)
                out.push_back(&m_entries[i]);
    }
    std::sort(out.begin(), out.end(), [](const PriceEntry* a, const PriceEntry* b) {
        return std::tie(a->provider, a->effectiveFromMs, a->version) < std::tie(b->provider, b->effectiveFromMs, b->version);
    });
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// ---- JSON -------------------------------------------------------------------------------------

std::string formatRatePerMillion(int64_t nanosPerMillion)
{
    return formatNanos(nanosPerMillion, 2, 9);
}

namespace {

Error jsonError(const std::string& source, const std::string& field, const std::string& message)
{
    Error e;
    e.source = source;
    e.field = field;
    e.message = message;
    e.hint = "Fix the catalogue entry and import it again";
    return e;
}

// A rate given as a decimal string (or a JSON number) per million tokens.
bool readRate(const nlohmann::json& j, const char* name, int64_t& out, std::string& err)
{
    auto it = j.find(name);
    if (it == j.end() || it->is_null())
        return true;
    std::string text = it->is_string() ? it->get<std::string>() : it->is_number() ? it->dump() : std::string();
    auto v = parseDecimalNanos(text);
    if (!v || *v < 0) {
        err = std::string("rate '") + name + "' is not a non-negative decimal (" + it->dump() + ")";
        return false;
    }
    out = *v;
    return true;
}

bool readRateSet(const nlohmann::json& j, RateSet& r, std::string& err)
{
    return readRate(j, "input", r.input, err) && readRate(j, "cached_input", r.cachedInput, err)
        && readRate(j, "cache_write_5m", r.cacheWrite5m, err) && readRate(j, "cache_write_1h", r.cacheWrite1h, err)
        && readRate(j, "output", r.output, err) && readRate(j, "reasoning", r.reasoning, err);
}

nlohmann::json rateSetToJson(const RateSet& r)
{
    nlohmann::json j = nlohmann::json::object();
    auto put = [&](const char* n, int64_t v) {
        if (v >= 0)
            j[n] = formatRatePerMillion(v);
    };
    put("input", r.input);
    put("cached_input", r.cachedInput);
    put("cache_write_5m", r.cacheWrite5m);
    put("cache_write_1h", r.cacheWrite1h);
    put("output", r.output);
    put("reasoning", r.reasoning);
    return j;
}

} // namespace

nlohmann::json priceEntryToJson(const PriceEntry& e)
{
    nlohmann::json j;
    j["catalogue"] = e.catalogue;
    j["version"] = e.version;
    j["provider"] = e.provider;
    j["model"] = e.model;
    j["aliases"] = e.aliases;
    j["effective_from"] = formatIsoDate(e.effectiveFromMs);
    j["currency"] = e.currency.str();
    j["rates"] = rateSetToJson(e.standard);
    if (e.batch)
        j["batch"] = rateSetToJson(*e.batch);
    if (e.priority)
        j["priority"] = rateSetToJson(*e.priority);
    if (e.flex)
        j["flex"] = rateSetToJson(*e.flex);
    for (const auto& t : e.longContext) {
        nlohmann::json tj = rateSetToJson(t.rates);
        tj["above_input_tokens"] = t.aboveInputTokens;
        j["long_context"].push_back(tj);
    }
    if (e.perGpuHour()) {
        j["gpu_hour"] = formatNanos(e.gpuHourNanos, 2, 9);
        j["tokens_per_gpu_hour"] = e.tokensPerGpuHour;
    }
    return j;
}

Result<PriceEntry> priceEntryFromJson(const nlohmann::json& j, const std::string& source)
{
    PriceEntry e;
    if (!j.is_object())
        return jsonError(source, "", "a price entry must be a JSON object");
    auto str = [&](const char* n) { return j.contains(n) && j[n].is_string() ? j[n].get<std::string>() : std::string(); };
    e.catalogue = str("catalogue");
    e.version = str("version");
    e.provider = str("provider");
    e.model = str("model");
    if (e.provider.empty() || e.model.empty())
        return jsonError(source, "provider/model", "every entry needs a provider and a model");
    const std::string where = e.provider + "/" + e.model;
    if (j.contains("aliases") && j["aliases"].is_array())
        for (const auto& a : j["aliases"])
            if (a.is_string())
                e.aliases.push_back(a.get<std::string>());
    auto from = parseTimestampMs(str("effective_from"));
    if (!from)
        return jsonError(source, where + ".effective_from", "missing or not an ISO 8601 date");
    e.effectiveFromMs = *from;
    if (auto cur = Currency::parse(j.value("currency", std::string("USD"))))
        e.currency = *cur;
    else
        return jsonError(source, where + ".currency", "not an ISO 4217 code");
    std::string err;
    if (j.contains("rates") && !readRateSet(j["rates"], e.standard, err))
        return jsonError(source, where + ".rates", err);
    auto variant = [&](const char* n, std::optional<RateSet>& dst) {
        if (!j.contains(n))
            return true;
        RateSet r;
        if (!readRateSet(j[n], r, err))
            return false;
        dst = r;
        return true;
    };
    if (!variant("batch", e.batch) || !variant("priority", e.priority) || !variant("flex", e.flex))
        return jsonError(source, where, err);
    if (j.contains("long_context"))
        for (const auto& t : j["long_context"]) {
            LongContextTier tier;
            tier.aboveInputTokens = t.value("above_input_tokens", int64_t(0));
            if (!readRateSet(t, tier.rates, err))
                return jsonError(source, where + ".long_context", err);
            e.longContext.push_back(tier);
        }
    std::sort(e.longContext.begin(), e.longContext.end(),
              [](const LongContextTier& a, const LongContextTier& b) { return a.aboveInputTokens < b.aboveInputTokens; });
    if (j.contains("gpu_hour")) {
        std::string text = j["gpu_hour"].is_string() ? j["gpu_hour"].get<std::string>() : j["gpu_hour"].dump();
        auto v = parseDecimalNanos(text);
        if (!v || *v <= 0)
            return jsonError(source, where + ".gpu_hour", "not a positive decimal");
        e.gpuHourNanos = *v;
        e.tokensPerGpuHour = j.value("tokens_per_gpu_hour", int64_t(0));
        if (e.tokensPerGpuHour <= 0)
            return jsonError(source, where + ".tokens_per_gpu_hour", "a GPU-hour price needs a positive throughput");
    } else if (!e.standard.any()) {
        return jsonError(source, where + ".rates", "an entry needs input or output rates, or a GPU-hour price");
    }
    return e;
}

Result<std::vector<PriceEntry>> parseCatalogueJson(std::string_view text, const std::string& source)
{
    nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return jsonError(source, "", "not a JSON object (expected an InferLedger price catalogue)");
    if (doc.value("unit", std::string("per_1m_tokens")) != "per_1m_tokens")
        return jsonError(source, "unit", "only catalogues priced per million tokens (\"per_1m_tokens\") are read");
    const std::string catalogue = doc.value("catalogue", std::string("custom"));
    const std::string version = doc.value("version", std::string());
    const std::string currency = doc.value("currency", std::string("USD"));
    if (version.empty())
        return jsonError(source, "version", "a catalogue needs a version (its as-of date)");
    std::vector<PriceEntry> out;
    if (!doc.contains("models") || !doc["models"].is_array())
        return jsonError(source, "models", "missing the models array");
    for (const auto& m : doc["models"]) {
        if (!m.contains("prices") || !m["prices"].is_array())
            return jsonError(source, "models[].prices", "every model needs a prices array");
        for (const auto& p : m["prices"]) {
            nlohmann::json merged = p;
            merged["catalogue"] = catalogue;
            merged["version"] = version;
            merged["provider"] = m.value("provider", std::string());
            merged["model"] = m.value("model", std::string());
            merged["aliases"] = m.value("aliases", nlohmann::json::array());
            if (!merged.contains("currency"))
                merged["currency"] = currency;
            auto e = priceEntryFromJson(merged, source);
            if (!e)
                return e.error();
            out.push_back(std::move(*e));
        }
    }
    return out;
}

Result<std::vector<PriceEntry>> parseLiteLlmJson(std::string_view text, const std::string& source,
                                                 const std::string& version, int64_t effectiveFromMs)
{
    nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return jsonError(source, "", "not a JSON object (expected LiteLLM's model_prices_and_context_window.json)");
    std::vector<PriceEntry> out;
    std::unordered_map<std::string, size_t> seen;
    // A per-token USD figure → nano-units per million tokens (scale 9 + 6 = 15), exact from its text.
    auto rate = [](const nlohmann::json& m, const std::string& n) -> int64_t {
        auto it = m.find(n);
        if (it == m.end() || !it->is_number())
            return -1;
        auto v = parseDecimalScaled(it->dump(), 15);
        return v && *v >= 0 ? *v : -1;
    };
    auto rates = [&](const nlohmann::json& m, const std::string& suffix) {
        RateSet r;
        r.input = rate(m, "input_cost_per_token" + suffix);
        r.output = rate(m, "output_cost_per_token" + suffix);
        r.cachedInput = rate(m, "cache_read_input_token_cost" + suffix);
        r.cacheWrite5m = rate(m, "cache_creation_input_token_cost" + suffix);
        return r;
    };
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        if (it.key() == "sample_spec" || !it->is_object())
            continue;
        const nlohmann::json& m = *it;
        PriceEntry e;
        e.catalogue = "litellm";
        e.version = version;
        e.effectiveFromMs = effectiveFromMs;
        e.provider = PriceCatalogue::canonicalProvider(m.value("litellm_provider", std::string()));
        e.model = PriceCatalogue::normalisedModel(it.key());
        if (e.provider.empty() || e.model.empty())
            continue;
        e.standard = rates(m, "");
        if (!e.standard.any())
            continue; // image, audio-per-second and search entries have no token prices
        e.standard.cacheWrite1h = rate(m, "cache_creation_input_token_cost_above_1hr");
        e.standard.reasoning = rate(m, "output_cost_per_reasoning_token");
        RateSet b;
        b.input = rate(m, "input_cost_per_token_batches");
        b.output = rate(m, "output_cost_per_token_batches");
        if (b.any())
            e.batch = b;
        if (RateSet p = rates(m, "_priority"); p.any())
            e.priority = p;
        if (RateSet f = rates(m, "_flex"); f.any())
            e.flex = f;
        // *_above_<N>k_tokens keys are long-context tiers.
        std::map<int64_t, RateSet> tiers;
        for (auto f = m.begin(); f != m.end(); ++f) {
            const std::string& k = f.key();
            // The tier's "_above_<N>k_tokens" is the last "_above_" in the key
            // ("cache_creation_input_token_cost_above_1hr_above_200k_tokens" is the 1-hour write in the tier).
            size_t a = k.rfind("_above_");
            if (a == std::string::npos || k.size() < 8 || k.compare(k.size() - 7, 7, "_tokens") != 0)
                continue;
            std::string n = k.substr(a + 7, k.size() - 7 - (a + 7));
            if (n.empty() || (n.back() != 'k' && n.back() != 'K'))
                continue;
            n.pop_back();
            if (!allDigits(n))
                continue;
            int64_t threshold = std::stoll(n) * 1000;
            std::string base = k.substr(0, a);
            int64_t v = rate(m, k);
            RateSet& t = tiers[threshold];
            if (base == "input_cost_per_token")
                t.input = v;
            else if (base == "output_cost_per_token")
                t.output = v;
            else if (base == "cache_read_input_token_cost")
                t.cachedInput = v;
            else if (base == "cache_creation_input_token_cost")
                t.cacheWrite5m = v;
            else if (base == "cache_creation_input_token_cost_above_1hr")
                t.cacheWrite1h = v;
        }
        for (const auto& [threshold, r] : tiers)
            if (r.any())
                e.longContext.push_back({threshold, r});
        // The same model appears under several keys ("gpt-4o", "openai/gpt-4o"): the first wins.
        const std::string k = key(e.provider, e.model);
        if (seen.count(k))
            continue;
        seen[k] = out.size();
        out.push_back(std::move(e));
    }
    if (out.empty())
        return jsonError(source, "", "no model with token prices found; is this LiteLLM's model_prices_and_context_window.json?");
    return out;
}

int inheritUnstated(std::vector<PriceEntry>& incoming, const PriceCatalogue& existing)
{
    int changed = 0;
    for (PriceEntry& e : incoming) {
        const PriceEntry* prev = existing.resolve(e.provider, e.model, e.effectiveFromMs - 1);
        if (!prev || prev->perGpuHour())
            continue;
        bool any = false;
        for (const std::string& a : prev->aliases)
            if (std::find(e.aliases.begin(), e.aliases.end(), a) == e.aliases.end()) {
                e.aliases.push_back(a);
                any = true;
            }
        // Variants are only carried over when the base price did not move: a stale batch rate after a
        // price change would be wrong, while falling back to the standard rate is visibly conservative.
        if (prev->standard.input == e.standard.input && prev->standard.output == e.standard.output) {
            const RateSet before = e.standard;
            e.standard = prev->standard.overlaidWith(e.standard);
            any = any || before.cachedInput != e.standard.cachedInput || before.cacheWrite5m != e.standard.cacheWrite5m
                || before.cacheWrite1h != e.standard.cacheWrite1h || before.reasoning != e.standard.reasoning;
            auto inherit = [&](std::optional<RateSet>& dst, const std::optional<RateSet>& src) {
                if (src) {
                    dst = dst ? src->overlaidWith(*dst) : *src;
                    any = true;
                }
            };
            inherit(e.batch, prev->batch);
            inherit(e.priority, prev->priority);
            inherit(e.flex, prev->flex);
            if (e.longContext.empty() && !prev->longContext.empty()) {
                e.longContext = prev->longContext;
                any = true;
            }
        }
        changed += any ? 1 : 0;
    }
    return changed;
}

Result<std::vector<PriceEntry>> bundledCatalogue()
{
    initBundledPricesResource();
    QFile f(QStringLiteral(":/prices/catalogue.json"));
    if (!f.open(QIODevice::ReadOnly))
        return makeError("the bundled price catalogue is missing from this build", "Reinstall InferLedger");
    const QByteArray data = f.readAll();
    return parseCatalogueJson(std::string_view(data.constData(), size_t(data.size())), "bundled catalogue");
}

std::string bundledCatalogueVersion()
{
    auto c = bundledCatalogue();
    return c && !c->empty() ? c->front().version : std::string();
}

} // namespace il
