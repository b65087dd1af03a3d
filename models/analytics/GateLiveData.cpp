// SPDX-License-Identifier: GPL-3.0-or-later
#include "analytics/GateLiveData.h"

#include "analytics/Summary.h"
#include "domain/Time.h"
#include "store/Store.h"

#include <algorithm>
#include <cmath>

namespace il {

Result<PriceCatalogue> loadGateCatalogue(Store& store)
{
    const bool readOnly = sqlite3_db_readonly(store.handle(), "main") == 1;
    if (!readOnly)
        if (auto r = store.ensureBundledPrices(); !r)
            return r.error();
    auto entries = store.loadPrices();
    if (!entries)
        return entries.error();
    PriceCatalogue c;
    const std::string bundled = bundledCatalogueVersion();
    const bool hasBundled = std::any_of(entries->begin(), entries->end(), [&](const PriceEntry& e) {
        return e.catalogue == "inferledger-bundled" && e.version == bundled;
    });
    c.addAll(std::move(*entries));
    if (!hasBundled) {
        // A read-only store that predates this build's catalogue: price from the bundled one in memory.
        auto b = bundledCatalogue();
        if (!b)
            return b.error();
        c.addAll(std::move(*b));
    }
    return c;
}

namespace {

    // The canonical "provider/model" keys a store model name is priced as (a name can exist under several providers).
    std::vector<std::string> canonicalKeys(const PriceCatalogue& cat, const std::string& storeModel)
    {
        std::vector<std::string> out;
        for (const PriceEntry* e : cat.findByModel(storeModel)) {
            std::string k
                = PriceCatalogue::canonicalProvider(e->provider) + "/" + PriceCatalogue::normalisedModel(e->model);
            if (std::find(out.begin(), out.end(), k) == out.end())
                out.push_back(std::move(k));
        }
        return out;
    }

} // namespace

Result<GateLiveData> loadGateLiveData(Store& store, const PriceCatalogue& cat, int64_t fromMs, int64_t toMs,
                                      bool withLatency)
{
    GateLiveData out;
    out.fromMs = fromMs;
    out.toMs = toMs;
    Analytics analytics(store);
    SummaryFilter f;
    f.fromMs = fromMs;
    f.toMs = toMs;
    f.by = GroupBy::Model;
    // Latency over the interactive calls only (Batch API and flex tier left out): a batch job's minutes or hours
    // would swamp the p95, and a latency target is about the interactive path. The rollups keep both histograms.
    f.latency = LatencyScope::Interactive;
    auto s = analytics.summary(f);
    if (!s)
        return s.error();
    // Rows of the same catalogue model (a snapshot and its base name) are merged before the quantile.
    std::map<std::string, SummaryRow> merged;
    for (const SummaryRow& r : s->rows)
        for (const std::string& k : canonicalKeys(cat, r.key))
            merged[k].add(r);
    out.latencyRead = withLatency;
    for (const auto& [k, r] : merged) {
        GateLiveModel m;
        m.requests = r.requests;
        m.evalCount = r.evalCount;
        m.accuracy = r.accuracy();
        if (withLatency && r.latencyCount > 0) {
            m.latencyCount = r.latencyCount;
            m.p95LatencyMs = r.latencyQuantile(0.95);
        }
        out.byModel[k] = m;
    }
    return out;
}

Result<GateLiveData> loadRecentGateLiveData(Store& store, const PriceCatalogue& cat, int64_t todayMs, bool withLatency)
{
    const int64_t today = floorTo(todayMs ? todayMs : nowMs(), kMsPerDay);
    return loadGateLiveData(store, cat, today - kGateLiveDays * kMsPerDay, today, withLatency);
}

Result<std::vector<std::string>> liveFeatures(Store& store, int64_t fromMs, int64_t toMs)
{
    Analytics analytics(store);
    SummaryFilter f;
    f.fromMs = fromMs;
    f.toMs = toMs;
    f.by = GroupBy::Feature;
    auto s = analytics.summary(f);
    if (!s)
        return s.error();
    std::vector<std::string> out;
    for (const SummaryRow& r : s->rows)
        if (r.requests > 0 && r.key != kUnattributed)
            out.push_back(r.key);
    return out;
}

Result<GatePrefill> gatePrefillFromFeature(Store& store, const PriceCatalogue& cat, const std::string& feature,
                                           int64_t fromMs, int64_t toMs)
{
    GatePrefill p;
    p.feature = feature;
    p.fromMs = fromMs;
    p.toMs = toMs;
    Analytics analytics(store);
    SummaryFilter f;
    f.fromMs = fromMs;
    f.toMs = toMs;
    f.features = { feature };
    f.by = GroupBy::Feature;
    f.latency = LatencyScope::Interactive; // the p95 a latency target would be set against
    auto s = analytics.summary(f);
    if (!s)
        return s.error();
    const SummaryRow& t = s->total;
    p.requests = t.requests;
    const int64_t days = std::max<int64_t>(1, (toMs - fromMs) / kMsPerDay);
    if (t.units && *t.units > 0) {
        p.unitsPerMonth = divRoundHalfEven(Int128(*t.units) * 30, days);
        if (t.requests > 0)
            p.requestsPerUnit = divRoundHalfEven(Int128(t.requests) * kGateOne, *t.units);
    }
    if (t.requests > 0) {
        p.meanInputTokens = divRoundHalfEven(t.inputTokens, t.requests);
        p.meanOutputTokens = divRoundHalfEven(t.outputTokens, t.requests);
        p.retryRate = divRoundHalfEven(Int128(t.errors) * kGateOne, t.requests);
        if (t.inputTokens > 0)
            p.cachedInputShare = divRoundHalfEven(Int128(t.cachedInputTokens) * kGateOne, t.inputTokens);
    }
    p.costPerUnit = t.costPerUnit();
    if (t.latencyCount > 0)
        p.p95LatencyMs = t.latencyQuantile(0.95);
    p.accuracy = t.accuracy();

    // The outcome unit it counts most.
    {
        Statement st(store.handle(),
                     "SELECT o.unit, SUM(o.count) AS n FROM outcome_hourly o JOIN feature f ON f.id = o.feature_id"
                     " WHERE f.name = ?1 AND o.hour >= ?2 AND o.hour < ?3 GROUP BY o.unit ORDER BY n DESC LIMIT 1");
        st.bind(1, std::string_view(feature)).bind(2, fromMs).bind(3, toMs);
        if (st.step())
            p.unit = st.text(0);
        if (st.failed())
            return store.sqlError("cannot read the outcome units of " + feature);
    }

    // The models it runs on, by cost.
    f.by = GroupBy::Model;
    auto byModel = analytics.summary(f);
    if (!byModel)
        return byModel.error();
    for (const SummaryRow& r : byModel->rows) {
        const auto entries = cat.findByModel(r.key);
        if (entries.empty())
            continue; // unpriced: it could not be a gate candidate anyway
        GateCandidateSpec c;
        c.provider = PriceCatalogue::canonicalProvider(entries.front()->provider);
        c.model = entries.front()->model;
        const bool dup = std::any_of(p.models.begin(), p.models.end(), [&](const GateCandidateSpec& x) {
            return x.provider == c.provider && x.model == c.model;
        });
        if (!dup)
            p.models.push_back(c);
    }
    return p;
}

} // namespace il
