// SPDX-License-Identifier: GPL-3.0-or-later
#include "analytics/TimeSeries.h"

#include "domain/Time.h"
#include "analytics/NameLookup.h"
#include "store/Rollups.h"
#include "store/Store.h"

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>
#include <unordered_set>

namespace il {

int64_t bucketWidthMs(Bucket b)
{
    switch (b) {
    case Bucket::Hour: return kMsPerHour;
    case Bucket::Day: return kMsPerDay;
    case Bucket::Week: return 7 * kMsPerDay;
    }
    return kMsPerDay;
}

std::optional<int64_t> SeriesPoint::costPerUnit() const
{
    if (!units || *units <= 0)
        return std::nullopt;
    return divRoundHalfEven(cost, *units);
}

std::optional<double> SeriesPoint::accuracy() const
{
    return evalCount ? std::optional<double>(evalSum / double(evalCount)) : std::nullopt;
}

std::optional<double> SeriesPoint::tokensPerRequest() const
{
    return requests ? std::optional<double>(double(inputTokens + outputTokens) / double(requests)) : std::nullopt;
}

namespace {


std::unordered_set<int64_t> allowedIds(const std::unordered_map<int64_t, std::string>& all, const std::vector<std::string>& want)
{
    std::unordered_set<int64_t> ids;
    for (const auto& [id, name] : all)
        if (std::find(want.begin(), want.end(), name) != want.end())
            ids.insert(id);
    return ids;
}

// Weeks start on Monday (1970-01-01 was a Thursday).
int64_t bucketStart(int64_t ms, Bucket b)
{
    if (b == Bucket::Week) {
        const int64_t monday0 = 4 * kMsPerDay; // 1970-01-05
        return floorTo(ms - monday0, 7 * kMsPerDay) + monday0;
    }
    return floorTo(ms, bucketWidthMs(b));
}

struct Acc {
    SeriesPoint point;
    std::unique_ptr<LatencyHistogram> hist;
};

} // namespace

Result<TimeSeries> timeSeries(Store& store, const SeriesFilter& f)
{
    TimeSeries out;
    out.filter = f;
    if (f.toMs <= f.fromMs)
        return out;
    const ReadSnapshot snapshot(store); // names, rollups and outcomes as of one moment
    const int64_t width = bucketWidthMs(f.bucket);
    for (int64_t t = bucketStart(f.fromMs, f.bucket); t < f.toMs; t += width)
        out.bucketStarts.push_back(t);
    const size_t nb = out.bucketStarts.size();
    const int64_t first = out.bucketStarts.front();
    auto index = [&](int64_t hour) { return size_t((bucketStart(hour, f.bucket) - first) / width); };

    const auto featureNames = loadNames(store, "SELECT id, name FROM feature");
    const auto modelNames = loadNames(store, "SELECT id, name FROM model");
    const auto providerNames = loadNames(store, "SELECT id, name FROM provider");
    const auto okF = allowedIds(featureNames, f.features), okM = allowedIds(modelNames, f.models),
               okP = allowedIds(providerNames, f.providers);
    auto keep = [&](int64_t fid, int64_t mid, int64_t pid) {
        return (f.features.empty() || okF.count(fid)) && (f.models.empty() || okM.count(mid))
            && (f.providers.empty() || okP.count(pid));
    };
    const bool split = f.split != GroupBy::Day;
    auto seriesName = [&](int64_t fid, int64_t mid, int64_t pid) -> std::string {
        auto get = [](const std::unordered_map<int64_t, std::string>& m, int64_t id) {
            auto it = m.find(id);
            return it == m.end() ? std::string("?") : it->second;
        };
        switch (f.split) {
        case GroupBy::Model: return get(modelNames, mid);
        case GroupBy::Provider: return get(providerNames, pid);
        default: return get(featureNames, fid);
        }
    };

    // Per series, per bucket: accumulators; histograms only for the bucket being filled (rows arrive by hour).
    std::map<std::string, std::vector<Acc>> acc;
    std::vector<Acc> totalAcc(nb);
    auto seriesFor = [&](const std::string& key) -> std::vector<Acc>& {
        auto it = acc.find(key);
        if (it == acc.end())
            it = acc.emplace(key, std::vector<Acc>(nb)).first;
        return it->second;
    };
    auto finalise = [](Acc& a) {
        if (a.hist) {
            a.point.latencyP50 = a.hist->quantile(0.50);
            a.point.latencyP95 = a.hist->quantile(0.95);
            a.hist.reset();
        }
    };
    // Day and week buckets hold whole UTC days: read from the daily rollups, but for a range's partial days.
    const std::vector<RollupSpan> spans = f.bucket == Bucket::Hour
        ? std::vector<RollupSpan>{{RollupPeriod::Hour, f.fromMs, f.toMs}}
        : rollupSpans(f.fromMs, f.toMs);
    size_t current = SIZE_MAX;
    for (const RollupSpan& span : spans) {
        Statement st = rollupSpanRows(store.handle(), span,
                                      "feature_id, model_id, provider_id, requests, errors, cost, unpriced_requests,"
                                      " input_tokens, cached_input_tokens, output_tokens, cache_hits, cache_lookups,"
                                      " eval_sum, eval_count, latency_hist",
                                      f.currency, f.features.empty() ? nullptr : &okF);
        while (st.step()) {
            const int64_t periodStart = st.int64(0), fid = st.int64(1), mid = st.int64(2), pid = st.int64(3);
            if (!keep(fid, mid, pid))
                continue;
            const size_t b = index(periodStart);
            if (b != current) { // rows come in time order: the bucket before is complete
                if (current != SIZE_MAX) {
                    for (auto& [k, v] : acc)
                        finalise(v[current]);
                    finalise(totalAcc[current]);
                }
                current = b;
            }
            auto addTo = [&](Acc& a) {
                SeriesPoint& p = a.point;
                p.requests += st.int64(4);
                p.errors += st.int64(5);
                p.cost += st.int64(6);
                p.unpricedRequests += st.int64(7);
                p.inputTokens += st.int64(8);
                p.cachedInputTokens += st.int64(9);
                p.outputTokens += st.int64(10);
                p.cacheHits += st.int64(11);
                p.cacheLookups += st.int64(12);
                p.evalSum += st.real(13);
                p.evalCount += st.int64(14);
                std::string_view h = st.blob(15);
                if (!h.empty()) {
                    if (!a.hist)
                        a.hist = std::make_unique<LatencyHistogram>();
                    a.hist->mergeEncoded(h.data(), h.size());
                }
            };
            if (split)
                addTo(seriesFor(seriesName(fid, mid, pid))[b]);
            addTo(totalAcc[b]);
        }
        if (st.failed())
            return store.sqlError("cannot read rollups");
    }
    if (current != SIZE_MAX) {
        for (auto& [k, v] : acc)
            finalise(v[current]);
        finalise(totalAcc[current]);
    }

    // Units of work belong to features: per feature series, and in the total over the filtered features.
    if (f.split == GroupBy::Feature || !split) {
        Statement u(store.handle(), "SELECT hour, feature_id, SUM(count) FROM outcome_hourly WHERE hour >= ?1 AND hour < ?2"
                                    " GROUP BY hour, feature_id");
        u.bind(1, f.fromMs).bind(2, f.toMs);
        while (u.step()) {
            const int64_t fid = u.int64(1);
            if (!f.features.empty() && !okF.count(fid))
                continue;
            const size_t b = index(u.int64(0));
            const int64_t n = u.int64(2);
            if (split) {
                auto& s = seriesFor(seriesName(fid, 0, 0));
                s[b].point.units = s[b].point.units.value_or(0) + n;
            }
            totalAcc[b].point.units = totalAcc[b].point.units.value_or(0) + n;
        }
        if (u.failed())
            return store.sqlError("cannot read outcomes");
    }

    for (auto& [k, v] : acc) {
        Series s;
        s.key = k;
        for (Acc& a : v) {
            s.totalCost += a.point.cost;
            s.points.push_back(a.point);
        }
        out.series.push_back(std::move(s));
    }
    std::stable_sort(out.series.begin(), out.series.end(),
                     [](const Series& a, const Series& b) { return a.totalCost > b.totalCost; });
    out.total.key = "total";
    for (Acc& a : totalAcc) {
        out.total.totalCost += a.point.cost;
        out.total.points.push_back(a.point);
    }
    return out;
}

} // namespace il
