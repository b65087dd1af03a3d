// SPDX-License-Identifier: GPL-3.0-or-later
#include "analytics/Summary.h"

#include "domain/Time.h"
#include "analytics/NameLookup.h"
#include "store/Rollups.h"
#include "store/Statement.h"
#include "store/Store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace il {

std::optional<GroupBy> parseGroupBy(std::string_view s)
{
    if (s == "feature")
        return GroupBy::Feature;
    if (s == "model")
        return GroupBy::Model;
    if (s == "provider")
        return GroupBy::Provider;
    if (s == "day")
        return GroupBy::Day;
    return std::nullopt;
}

const char* groupByName(GroupBy g)
{
    switch (g) {
    case GroupBy::Feature: return "feature";
    case GroupBy::Model: return "model";
    case GroupBy::Provider: return "provider";
    case GroupBy::Day: return "day";
    }
    return "feature";
}

std::optional<int64_t> SummaryRow::costPerUnit() const
{
    if (!units || *units <= 0)
        return std::nullopt;
    return divRoundHalfEven(cost, *units);
}

std::optional<double> SummaryRow::accuracy() const
{
    return evalCount ? std::optional<double>(evalSum / double(evalCount)) : std::nullopt;
}

std::optional<double> SummaryRow::cacheHitRate() const
{
    return cacheLookups ? std::optional<double>(double(cacheHits) / double(cacheLookups)) : std::nullopt;
}

void SummaryRow::add(const SummaryRow& o)
{
    requests += o.requests;
    errors += o.errors;
    cost += o.cost;
    estimatedCost += o.estimatedCost;
    reportedCost += o.reportedCost;
    reportedRequests += o.reportedRequests;
    unpricedRequests += o.unpricedRequests;
    inputTokens += o.inputTokens;
    cachedInputTokens += o.cachedInputTokens;
    cacheWriteTokens += o.cacheWriteTokens;
    outputTokens += o.outputTokens;
    reasoningTokens += o.reasoningTokens;
    cacheHits += o.cacheHits;
    cacheLookups += o.cacheLookups;
    evalCount += o.evalCount;
    evalSum += o.evalSum;
    latencyCount += o.latencyCount;
    latencySum += o.latencySum;
    latency.merge(o.latency);
    if (o.units)
        units = units.value_or(0) + *o.units;
}

namespace {


std::unordered_set<std::string> asSet(const std::vector<std::string>& v)
{
    return {v.begin(), v.end()};
}

} // namespace

Result<DataRange> Analytics::dataRange() const
{
    Statement st(m_store.handle(), "SELECT MIN(hour), MAX(hour) FROM rollup_hourly");
    DataRange r;
    if (st.step() && !st.isNull(0)) {
        r.firstMs = st.int64(0);
        r.lastMs = st.int64(1);
    }
    if (st.failed())
        return m_store.sqlError("cannot read the data range");
    return r;
}

Result<std::vector<std::string>> Analytics::names(GroupBy what) const
{
    const char* sql = what == GroupBy::Model ? "SELECT DISTINCT name FROM model ORDER BY name"
        : what == GroupBy::Provider         ? "SELECT name FROM provider ORDER BY name"
                                            : "SELECT name FROM feature ORDER BY name";
    std::vector<std::string> out;
    Statement st(m_store.handle(), sql);
    while (st.step())
        out.push_back(st.text(0));
    if (st.failed())
        return m_store.sqlError("cannot list names");
    return out;
}

namespace {

// Eval score sums are added up as whole millionths of a score: doubles holding integers add exactly, so the
// accuracy is the same to the last digit however the same rollup rows are grouped (by feature, model or day,
// or merged by name).
constexpr double kEvalUnitsPerScore = 1e6;

// Adds one rollup row, as the summary query selects it (columns 4-22), to its group.
void addRollupRow(SummaryRow& g, const Statement& st)
{
    g.requests += st.int64(4);
    g.errors += st.int64(5);
    g.inputTokens += st.int64(6);
    g.cachedInputTokens += st.int64(7);
    g.cacheWriteTokens += st.int64(8);
    g.outputTokens += st.int64(9);
    g.reasoningTokens += st.int64(10);
    g.cost += st.int64(11);
    g.estimatedCost += st.int64(12);
    g.reportedCost += st.int64(13);
    g.reportedRequests += st.int64(14);
    g.unpricedRequests += st.int64(15);
    g.cacheHits += st.int64(16);
    g.cacheLookups += st.int64(17);
    g.evalSum += std::nearbyint(st.real(18) * kEvalUnitsPerScore); // see kEvalUnitsPerScore
    g.evalCount += st.int64(19);
    g.latencySum += st.int64(20);
    g.latencyCount += st.int64(21);
    std::string_view hist = st.blob(22);
    g.latency.mergeEncoded(hist.data(), hist.size());
}

} // namespace

Analytics::Analytics(Store& store) : m_store(store) {}
Analytics::~Analytics() = default;

Result<Summary> Analytics::summary(const SummaryFilter& f) const
{
    const ReadSnapshot snapshot(m_store); // names, days, edge hours and outcomes as of one moment
    Summary out;
    out.filter = f;
    const auto featureNames = loadNames(m_store, "SELECT id, name FROM feature");
    const auto modelNames = loadNames(m_store, "SELECT id, name FROM model");
    const auto providerNames = loadNames(m_store, "SELECT id, name FROM provider");
    const auto wantFeatures = asSet(f.features), wantModels = asSet(f.models), wantProviders = asSet(f.providers);
    auto keep = [](const std::unordered_set<std::string>& want, const std::string& name) {
        return want.empty() || want.count(name) > 0;
    };
    auto nameOf = [](const std::unordered_map<int64_t, std::string>& m, int64_t id) -> const std::string& {
        static const std::string kUnknown = "?";
        auto it = m.find(id);
        return it == m.end() ? kUnknown : it->second;
    };

    // Group by integer ids (feature, model, provider or day number) and name the groups at the end:
    // no string work per rollup row.
    auto allowed = [&](const std::unordered_map<int64_t, std::string>& names, const std::unordered_set<std::string>& want) {
        std::unordered_set<int64_t> ids;
        for (const auto& [id, name] : names)
            if (want.empty() || want.count(name))
                ids.insert(id);
        return ids;
    };
    const auto okFeatures = allowed(featureNames, wantFeatures);
    const auto okModels = allowed(modelNames, wantModels);
    const auto okProviders = allowed(providerNames, wantProviders);
    const char* latencyColumns = f.latency == LatencyScope::Interactive
        ? " interactive_latency_count, CASE WHEN interactive_latency_count = latency_count THEN latency_hist"
          " ELSE interactive_latency_hist END"
        : " latency_count, latency_hist";
    const std::string columns = std::string("feature_id, model_id, provider_id, requests, errors, input_tokens,"
                                            " cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,"
                                            " cost, est_cost, reported_cost, reported_requests, unpriced_requests,"
                                            " cache_hits, cache_lookups, eval_sum, eval_count, latency_sum,")
        + latencyColumns;
    // One part of the range, from its rollup table, into the groups.
    auto scan = [&](const RollupSpan& span, std::unordered_map<int64_t, SummaryRow>& byId) {
        Statement st = rollupSpanRows(m_store.handle(), span, columns, f.currency, wantFeatures.empty() ? nullptr : &okFeatures);
        int64_t lastId = INT64_MIN;
        SummaryRow* g = nullptr;
        while (st.step()) {
            const int64_t featureId = st.int64(1), modelId = st.int64(2), providerId = st.int64(3);
            if ((!wantFeatures.empty() && !okFeatures.count(featureId)) || (!wantModels.empty() && !okModels.count(modelId))
                || (!wantProviders.empty() && !okProviders.count(providerId)))
                continue;
            int64_t id = featureId;
            switch (f.by) {
            case GroupBy::Feature: id = featureId; break;
            case GroupBy::Model: id = modelId; break;
            case GroupBy::Provider: id = providerId; break;
            case GroupBy::Day: id = floorTo(st.int64(0), kMsPerDay) / kMsPerDay; break;
            }
            if (id != lastId || !g) {
                g = &byId[id];
                lastId = id;
            }
            addRollupRow(*g, st);
        }
        return !st.failed();
    };
    std::unordered_map<int64_t, SummaryRow> byId;
    for (const RollupSpan& span : rollupSpans(f.fromMs, f.toMs))
        if (!scan(span, byId))
            return m_store.sqlError("cannot read rollups");
    auto keyName = [&](int64_t id) -> std::string {
        switch (f.by) {
        case GroupBy::Feature: return nameOf(featureNames, id);
        case GroupBy::Model: return nameOf(modelNames, id);
        case GroupBy::Provider: return nameOf(providerNames, id);
        case GroupBy::Day: return formatIsoDate(id * kMsPerDay);
        }
        return {};
    };
    // Model names can repeat across providers; rows with the same name are one group.
    std::map<std::string, SummaryRow> groups;
    for (auto& [id, row] : byId) {
        const std::string name = keyName(id);
        auto it = groups.find(name);
        if (it == groups.end()) {
            row.key = name;
            groups.emplace(name, std::move(row));
        } else {
            it->second.add(row);
        }
    }

    // Units of work: per feature, per day, and in the total; not attributable to a model or provider.
    int64_t totalUnits = 0;
    bool anyUnits = false;
    {
        Statement u(m_store.handle(),
                    "SELECT hour, feature_id, SUM(count) FROM outcome_hourly WHERE hour >= ?1 AND hour < ?2"
                    " GROUP BY hour, feature_id");
        u.bind(1, f.fromMs).bind(2, f.toMs);
        while (u.step()) {
            const std::string& feature = nameOf(featureNames, u.int64(1));
            if (!keep(wantFeatures, feature))
                continue;
            const int64_t n = u.int64(2);
            totalUnits += n;
            anyUnits = true;
            std::string key = f.by == GroupBy::Day ? formatIsoDate(u.int64(0)) : feature;
            if (f.by == GroupBy::Feature || f.by == GroupBy::Day) {
                auto it = groups.find(key);
                if (it == groups.end()) {
                    it = groups.emplace(key, SummaryRow{}).first;
                    it->second.key = key;
                }
                it->second.units = it->second.units.value_or(0) + n;
            }
        }
        if (u.failed())
            return m_store.sqlError("cannot read outcomes");
    }

    for (auto& [k, row] : groups) {
        out.total.add(row);
        out.rows.push_back(std::move(row));
    }
    for (SummaryRow& r : out.rows)
        r.evalSum /= kEvalUnitsPerScore;
    out.total.evalSum /= kEvalUnitsPerScore;
    out.total.key = "total";
    out.total.units = anyUnits ? std::optional<int64_t>(totalUnits) : std::nullopt;
    if (f.by != GroupBy::Day)
        std::stable_sort(out.rows.begin(), out.rows.end(),
                         [](const SummaryRow& a, const SummaryRow& b) { return a.cost > b.cost; });
    return out;
}

std::string formatMoney(int64_t nanos, int decimals)
{
    return formatNanos(nanos, decimals, decimals);
}

std::string formatUnitCost(int64_t nanos)
{
    // Unit costs are often fractions of a cent: show at least 4 decimals, up to 6.
    return formatNanos(nanos, 4, 6);
}

namespace {

nlohmann::json rowToJson(const SummaryRow& r, bool withKey)
{
    nlohmann::json j;
    if (withKey)
        j["key"] = r.key;
    auto optNum = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    j["requests"] = r.requests;
    j["errors"] = r.errors;
    j["cost"] = formatNanos(r.cost, 2, 9);
    j["units"] = r.units ? nlohmann::json(*r.units) : nlohmann::json(nullptr);
    auto cpu = r.costPerUnit();
    j["cost_per_unit"] = cpu ? nlohmann::json(formatNanos(*cpu, 2, 9)) : nlohmann::json(nullptr);
    j["input_tokens"] = r.inputTokens;
    j["cached_input_tokens"] = r.cachedInputTokens;
    j["output_tokens"] = r.outputTokens;
    j["latency_p50_ms"] = optNum(r.latencyQuantile(0.50));
    j["latency_p95_ms"] = optNum(r.latencyQuantile(0.95));
    j["latency_p99_ms"] = optNum(r.latencyQuantile(0.99));
    j["accuracy"] = optNum(r.accuracy());
    j["cache_hit_rate"] = optNum(r.cacheHitRate());
    j["unpriced_requests"] = r.unpricedRequests;
    // Beyond the documented minimum: provenance of the cost figure.
    j["estimated_cost"] = formatNanos(r.estimatedCost, 2, 9);
    j["reported_cost"] = formatNanos(r.reportedCost, 2, 9);
    j["reported_requests"] = r.reportedRequests;
    j["cache_write_tokens"] = r.cacheWriteTokens;
    j["reasoning_tokens"] = r.reasoningTokens;
    return j;
}

} // namespace

nlohmann::json summaryToJson(const Summary& s)
{
    nlohmann::json j;
    j["from"] = formatIsoDate(s.filter.fromMs);
    j["to"] = formatIsoDate(s.filter.toMs - 1);
    j["currency"] = s.filter.currency;
    j["by"] = groupByName(s.filter.by);
    j["rows"] = nlohmann::json::array();
    for (const SummaryRow& r : s.rows)
        j["rows"].push_back(rowToJson(r, true));
    j["total"] = rowToJson(s.total, false);
    return j;
}

} // namespace il
