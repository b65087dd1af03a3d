// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/ReportData.h"

#include "domain/Time.h"
#include "pricing/PriceCatalogue.h"
#include "store/Store.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>
#include <set>
#include <thread>

namespace il::ui {

namespace {

    std::string joined(const std::vector<std::string>& v, const char* sep = ", ")
    {
        std::string out;
        for (const auto& s : v)
            out += (out.empty() ? "" : sep) + s;
        return out;
    }

    // Which catalogue versions priced the period's models: the entry in force at the start of the period and
    // every entry taking effect within it, per (provider, model). A provider-reported cost needs no catalogue;
    // that is said on the methodology page.
    void markVersionsInForce(ReportData& data, const std::vector<PriceEntry>& prices,
                             const std::vector<std::string>& providers)
    {
        PriceCatalogue catalogue;
        catalogue.addAll(prices);
        std::map<std::pair<std::string, std::string>, std::set<std::string>> used; // (catalogue, version) → models
        std::set<std::string> models;
        for (const ReportFeature& f : data.features)
            for (const SummaryRow& m : f.models.rows)
                models.insert(m.key);
        const int64_t from = data.request.fromMs, to = data.request.toMs;
        for (const std::string& model : models)
            for (const std::string& provider : providers) {
                std::set<int64_t> times = { from };
                for (const PriceEntry* e : catalogue.history(provider, model))
                    if (e->effectiveFromMs > from && e->effectiveFromMs < to)
                        times.insert(e->effectiveFromMs);
                for (int64_t t : times)
                    if (const PriceEntry* e = catalogue.resolve(provider, model, t))
                        used[{ e->catalogue, e->version }].insert(model);
            }
        std::map<std::pair<std::string, std::string>, ReportCatalogueVersion> versions;
        for (const PriceEntry& e : prices) {
            auto [it, inserted] = versions.try_emplace({ e.catalogue, e.version });
            ReportCatalogueVersion& v = it->second;
            if (inserted) {
                v.catalogue = e.catalogue;
                v.version = e.version;
                v.firstEffectiveMs = e.effectiveFromMs;
            }
            v.firstEffectiveMs = std::min(v.firstEffectiveMs, e.effectiveFromMs);
            ++v.entries;
        }
        for (auto& [key, v] : versions) {
            if (auto u = used.find(key); u != used.end())
                v.modelsInForce.assign(u->second.begin(), u->second.end());
            data.catalogues.push_back(std::move(v));
        }
        std::stable_sort(data.catalogues.begin(), data.catalogues.end(),
                         [](const ReportCatalogueVersion& a, const ReportCatalogueVersion& b) {
                             return a.firstEffectiveMs != b.firstEffectiveMs ? a.firstEffectiveMs > b.firstEffectiveMs
                                                                             : a.version > b.version;
                         });
        if (!data.catalogues.empty())
            data.newestCatalogue = data.catalogues.front().catalogue + " " + data.catalogues.front().version;
    }

    // A feature page's own queries (its model mix, in total and over time): independent of each other, so they run
    // on worker threads, each with its own read-only connection (SQLite handles are never shared between threads).
    struct FeatureQueries {
        Summary models;
        TimeSeries modelSeries;
        std::optional<Error> error;
    };

    void runFeatureQueries(const std::string& storePath, const SummaryFilter& filter, const SeriesFilter& series,
                           const std::vector<std::string>& features, std::vector<FeatureQueries>& out, size_t first,
                           size_t stride)
    {
        try {
            auto opened = Store::open(storePath, Store::Mode::ReadOnly);
            if (!opened) {
                for (size_t i = first; i < features.size(); i += stride)
                    out[i].error = opened.error();
                return;
            }
            Store& store = **opened;
            Analytics analytics(store);
            for (size_t i = first; i < features.size(); i += stride) {
                SummaryFilter mf = filter;
                mf.by = GroupBy::Model;
                mf.features = { features[i] };
                auto models = analytics.summary(mf);
                if (!models) {
                    out[i].error = models.error();
                    continue;
                }
                out[i].models = std::move(*models);
                SeriesFilter ms = series;
                ms.split = GroupBy::Model;
                ms.features = { features[i] };
                auto modelSeries = timeSeries(store, ms);
                if (!modelSeries) {
                    out[i].error = modelSeries.error();
                    continue;
                }
                out[i].modelSeries = std::move(*modelSeries);
            }
        } catch (const std::exception& e) {
            for (size_t i = first; i < features.size(); i += stride)
                out[i].error = makeError(std::string("cannot read the store for the report: ") + e.what());
        } catch (...) {
            for (size_t i = first; i < features.size(); i += stride)
                out[i].error = makeError("cannot read the store for the report: unexpected failure");
        }
    }

    Result<ReportData> load(const ReportRequest& request)
    {
        const auto started = std::chrono::steady_clock::now();
        auto opened = Store::open(request.storePath, Store::Mode::ReadOnly);
        if (!opened)
            return opened.error();
        Store& store = **opened;
        Analytics analytics(store);
        ReportData data;
        data.request = request;
        if (!data.request.generatedAtMs)
            data.request.generatedAtMs = nowMs();
        auto range = analytics.dataRange();
        if (!range)
            return range.error();
        data.storeRange = *range;

        SummaryFilter filter;
        filter.fromMs = request.fromMs;
        filter.toMs = request.toMs;
        filter.by = GroupBy::Feature;
        filter.features = request.features;
        filter.currency = request.currency;
        auto summary = analytics.summary(filter);
        if (!summary)
            return summary.error();
        data.summary = std::move(*summary);
        const std::string period = formatIsoDate(request.fromMs) + " .. " + formatIsoDate(request.toMs - 1) + " (UTC)";
        if (data.summary.total.requests == 0 && data.summary.total.units.value_or(0) == 0) {
            Error e;
            e.source = request.storePath;
            if (!request.features.empty()) {
                auto known = analytics.names(GroupBy::Feature);
                e.message = "no requests or outcomes for " + joined(request.features) + " in " + period;
                e.hint
                    = "The store's features are: " + (known && !known->empty() ? joined(*known) : std::string("none"));
            } else {
                e.message = "no requests or outcomes in " + period + ", nothing to report";
                e.hint = data.storeRange.empty()
                    ? std::string("The store is empty: import data first (`inferledger import FILE`)")
                    : "The store has data from " + formatIsoDate(data.storeRange.firstMs) + " to "
                        + formatIsoDate(data.storeRange.lastMs) + "; choose a period within it";
            }
            return e;
        }

        const int64_t length = request.toMs - request.fromMs;
        SeriesFilter sf;
        sf.fromMs = request.fromMs;
        sf.toMs = request.toMs;
        sf.bucket = length > int64_t(ReportData::kMaxDailyDays) * kMsPerDay ? Bucket::Week : Bucket::Day;
        sf.split = GroupBy::Feature;
        sf.features = request.features;
        sf.currency = request.currency;

        // The per-feature queries are most of the work: start them first, then read the rest on this thread.
        std::vector<std::string> features;
        for (const SummaryRow& row : data.summary.rows)
            features.push_back(row.key);
        std::vector<FeatureQueries> perFeature(features.size());
        const size_t workers
            = std::min<size_t>(features.size(), std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
        std::vector<std::thread> threads;
        for (size_t k = 0; k < workers; ++k)
            threads.emplace_back(runFeatureQueries, std::cref(request.storePath), std::cref(filter), std::cref(sf),
                                 std::cref(features), std::ref(perFeature), k, workers);
        struct Joiner {
            std::vector<std::thread>& threads;
            ~Joiner()
            {
                for (std::thread& t : threads)
                    if (t.joinable())
                        t.join();
            }
        } joiner { threads };

        // The same length of time just before, for the changes.
        data.previousFromMs = request.fromMs - length;
        data.previousToMs = request.fromMs;
        SummaryFilter prev = filter;
        prev.fromMs = data.previousFromMs;
        prev.toMs = data.previousToMs;
        auto previous = analytics.summary(prev);
        if (!previous)
            return previous.error();
        data.previous = std::move(*previous);

        auto series = timeSeries(store, sf);
        if (!series)
            return series.error();
        data.series = std::move(*series);

        // Gates: tracked within the period (from each launch day), as the dashboard does for the same dates, and
        // up to the period's end, so the report shows what was known then.
        GateTrackingWindow window;
        window.fromMs = request.fromMs;
        window.toMs = request.toMs;
        auto gates = gateTrackingWithin(store, window, request.toMs);
        auto prices = store.loadPrices();
        if (!prices)
            return prices.error();
        auto providers = analytics.names(GroupBy::Provider);
        if (!providers)
            return providers.error();

        for (std::thread& t : threads)
            t.join();
        for (size_t i = 0; i < data.summary.rows.size(); ++i) {
            const SummaryRow& row = data.summary.rows[i];
            if (perFeature[i].error)
                return *perFeature[i].error;
            ReportFeature f;
            f.row = row;
            for (const SummaryRow& p : data.previous.rows)
                if (p.key == row.key && (p.requests > 0 || p.units.value_or(0) > 0))
                    f.previous = p;
            for (const Series& s : data.series.series)
                if (s.key == row.key)
                    f.daily = s;
            if (f.daily.points.empty())
                f.daily.points.resize(data.series.bucketStarts.size());
            f.models = std::move(perFeature[i].models);
            f.modelSeries = std::move(perFeature[i].modelSeries);
            data.features.push_back(std::move(f));
        }

        if (!gates) {
            data.gatesError = gates.error().toString();
        } else {
            for (GateTrackingRow& g : *gates) {
                auto it = std::find_if(data.features.begin(), data.features.end(),
                                       [&](const ReportFeature& f) { return f.row.key == g.feature; });
                if (it == data.features.end())
                    continue;
                it->gate = g;
                data.gates.push_back(std::move(g));
            }
        }
        markVersionsInForce(data, *prices, *providers);
        data.bundledCatalogue = "inferledger-bundled " + bundledCatalogueVersion();
        data.loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return data;
    }

} // namespace

Result<ReportData> loadReportData(const ReportRequest& request)
{
    // Runs on worker threads: nothing may escape as an exception.
    try {
        if (request.toMs <= request.fromMs)
            return makeError("the report period is empty (" + formatIsoDate(request.fromMs) + " .. "
                                 + formatIsoDate(request.toMs - 1) + ")",
                             "Choose a last day on or after the first day");
        return load(request);
    } catch (const std::exception& e) {
        return makeError(std::string("cannot read the store for the report: ") + e.what());
    } catch (...) {
        return makeError("cannot read the store for the report: unexpected failure");
    }
}

} // namespace il::ui
