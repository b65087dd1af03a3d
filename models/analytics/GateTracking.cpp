// SPDX-License-Identifier: GPL-3.0-or-later
#include "analytics/GateTracking.h"

#include "analytics/Summary.h"
#include "domain/Money.h"
#include "domain/Time.h"
#include "store/GateStore.h"
#include "store/Store.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace il {

using nlohmann::json;

namespace {

    int64_t nextMonthStart(int64_t ms)
    {
        int64_t y = 0;
        unsigned m = 0, d = 0;
        civilFromDays(floorTo(ms, kMsPerDay) / kMsPerDay, y, m, d);
        if (++m > 12) {
            m = 1;
            ++y;
        }
        return daysFromCivil(y, m, 1) * kMsPerDay;
    }

    std::optional<int64_t> nanosAt(const json& j, std::initializer_list<const char*> path)
    {
        const json* cur = &j;
        for (const char* k : path) {
            if (!cur->is_object() || !cur->contains(k))
                return std::nullopt;
            cur = &(*cur)[k];
        }
        if (!cur->is_string())
            return std::nullopt;
        return parseDecimalNanos(cur->get<std::string>());
    }

} // namespace

namespace {

    Result<std::vector<GateTrackingRow>> track(Store& store, const std::vector<GateRecord>& records,
                                               const GateTrackingWindow* window, int64_t now)
    {
        // The hour under way counts: its rollup is already being filled.
        const int64_t dataEnd = floorTo(now, kMsPerHour) + kMsPerHour;
        const bool cutEnd = window && window->toMs > 0;
        const int64_t queryEnd = cutEnd ? std::min(window->toMs, dataEnd) : dataEnd;
        const int64_t loopEnd = cutEnd ? std::min(now, window->toMs) : now;
        Analytics analytics(store);
        std::vector<GateTrackingRow> out;
        for (const GateRecord& g : records) {
            GateTrackingRow row;
            row.gateId = g.id;
            row.feature = g.feature;
            row.version = g.version;
            row.decision = gateDecisionName(g.decision.kind);
            row.verdict = g.verdict;
            row.contentHash = g.contentHash;
            row.currency = g.spec.value("currency", std::string("USD"));
            row.threshold = nanosAt(g.spec, { "thresholds", "max_cost_per_unit" }).value_or(0);
            row.windowed = window != nullptr;
            const int chosen = g.chosenIndex();
            const json& cands = g.result.contains("candidates") ? g.result["candidates"] : json();
            if (chosen >= 0 && cands.is_array() && size_t(chosen) < cands.size()) {
                const json& c = cands[size_t(chosen)];
                row.provider = c.value("provider", std::string());
                row.model = c.value("model", std::string());
                row.batch = c.value("batch", false);
                row.estimateP50 = nanosAt(c, { "cost_per_unit", "p50" });
                row.estimateP95 = nanosAt(c, { "cost_per_unit", "p95" });
            } else {
                row.note = "the gate names no candidate to launch with; actuals are shown against the threshold only";
            }
            std::optional<int64_t> launch;
            if (g.spec.contains("launch_date") && g.spec["launch_date"].is_string())
                launch = parseDateMs(g.spec["launch_date"].get<std::string>());
            if (!launch)
                launch = floorTo(g.decision.decidedAtMs.value_or(g.recordedAtMs), kMsPerDay);
            row.launchMs = *launch;
            const int64_t calibrationEnd = [&] {
                int64_t t = row.launchMs;
                for (int i = 0; i < 3; ++i)
                    t = nextMonthStart(t);
                return t;
            }();
            // Nothing before the launch counts, whatever the window: the gate is about the launched feature.
            const int64_t trackedFrom = window && window->fromMs > row.launchMs ? window->fromMs : row.launchMs;
            row.trackedFromMs = trackedFrom;
            row.trackedToMs = std::max(trackedFrom, queryEnd);
            SummaryRow overall;
            for (int64_t from = trackedFrom; from < loopEnd;) {
                const int64_t monthEnd = nextMonthStart(from);
                GateTrackingPeriod p;
                p.fromMs = from;
                p.toMs = cutEnd ? std::min(monthEnd, window->toMs) : monthEnd;
                p.partial = monthEnd > now || p.toMs != monthEnd || from != floorTo(from, kMsPerDay)
                    || nextMonthStart(from - kMsPerDay) != from;
                p.calibration = from < calibrationEnd;
                SummaryFilter f;
                f.fromMs = from;
                f.toMs = std::min(monthEnd, queryEnd);
                f.features = { g.feature };
                f.currency = row.currency;
                auto s = analytics.summary(f);
                if (!s)
                    return s.error();
                overall.add(s->total);
                p.requests = s->total.requests;
                p.cost = s->total.cost;
                p.units = s->total.units;
                p.actualCostPerUnit = s->total.costPerUnit();
                if (p.actualCostPerUnit) {
                    p.breach = row.threshold > 0 && *p.actualCostPerUnit > row.threshold;
                    if (row.estimateP50)
                        p.vsEstimate = *p.actualCostPerUnit - *row.estimateP50;
                    row.latestActual = p.actualCostPerUnit;
                    row.breach = p.breach;
                    row.everBreached = row.everBreached || p.breach;
                }
                row.periods.push_back(p);
                from = monthEnd;
            }
            if (row.periods.empty())
                row.trackedToMs = row.trackedFromMs;
            row.requests = overall.requests;
            row.cost = overall.cost;
            row.units = overall.units;
            // The sums of the months are the range's sums, so this is exactly cost ÷ units over the range.
            row.actual = overall.costPerUnit();
            if (row.actual) {
                row.overThreshold = row.threshold > 0 && *row.actual > row.threshold;
                if (row.estimateP50)
                    row.vsEstimate = *row.actual - *row.estimateP50;
            }
            if (row.periods.empty())
                row.note = cutEnd && row.launchMs >= window->toMs && row.launchMs < now
                    ? "launched on " + formatIsoDate(row.launchMs) + ", after this period"
                    : "launches on " + formatIsoDate(row.launchMs) + ": nothing to compare yet";
            else if (!row.latestActual && row.note.empty())
                row.note = window ? "no units recorded in this period since launch: the actual cost per unit is unknown"
                                  : "no units recorded since launch: the actual cost per unit is unknown";
            out.push_back(std::move(row));
        }
        return out;
    }

} // namespace

Result<std::vector<GateTrackingRow>> gateTracking(Store& store, const std::string& feature, int64_t now)
{
    if (!now)
        now = nowMs();
    GateStore gates(store);
    std::vector<GateRecord> records;
    if (feature.empty()) {
        auto all = gates.latestPerFeature();
        if (!all)
            return all.error();
        records = std::move(*all);
    } else {
        auto one = gates.latest(feature);
        if (!one)
            return one.error();
        if (*one)
            records.push_back(std::move(**one));
    }
    return track(store, records, nullptr, now);
}

Result<std::vector<GateTrackingRow>> gateTrackingWithin(Store& store, const GateTrackingWindow& window, int64_t now)
{
    if (!now)
        now = nowMs();
    auto all = GateStore(store).latestPerFeature();
    if (!all)
        return all.error();
    std::vector<GateRecord> records;
    for (GateRecord& g : *all)
        if (window.features.empty()
            || std::find(window.features.begin(), window.features.end(), g.feature) != window.features.end())
            records.push_back(std::move(g));
    return track(store, records, &window, now);
}

json gateTrackingToJson(const std::vector<GateTrackingRow>& rows)
{
    auto money = [](const std::optional<int64_t>& v) { return v ? json(formatNanos(*v, 2, 9)) : json(nullptr); };
    json arr = json::array();
    for (const GateTrackingRow& r : rows) {
        json j;
        j["gate_id"] = r.gateId;
        j["feature"] = r.feature;
        j["version"] = r.version;
        j["decision"] = r.decision;
        j["verdict"] = r.verdict;
        j["content_hash"] = r.contentHash;
        j["candidate"] = r.provider.empty()
            ? json(nullptr)
            : json({ { "provider", r.provider }, { "model", r.model }, { "batch", r.batch } });
        j["estimate_per_unit"] = { { "p50", money(r.estimateP50) }, { "p95", money(r.estimateP95) } };
        j["threshold"] = money(r.threshold);
        j["currency"] = r.currency;
        j["launch_date"] = formatIsoDate(r.launchMs);
        j["tracked"] = r.trackedToMs > r.trackedFromMs
            ? json({ { "from", formatIsoDate(r.trackedFromMs) }, { "to", formatIsoDate(r.trackedToMs - 1) } })
            : json(nullptr);
        j["requests"] = r.requests;
        j["cost"] = formatNanos(r.cost, 2, 9);
        j["units"] = r.units ? json(*r.units) : json(nullptr);
        j["actual_per_unit"] = money(r.actual);
        j["vs_estimate"] = money(r.vsEstimate);
        j["over_threshold"] = r.overThreshold;
        j["latest_actual_per_unit"] = money(r.latestActual);
        j["breach"] = r.breach;
        j["ever_breached"] = r.everBreached;
        j["note"] = r.note;
        j["periods"] = json::array();
        for (const GateTrackingPeriod& p : r.periods)
            j["periods"].push_back({ { "from", formatIsoDate(p.fromMs) },
                                     { "to", formatIsoDate(p.toMs - 1) },
                                     { "partial", p.partial },
                                     { "calibration", p.calibration },
                                     { "requests", p.requests },
                                     { "cost", formatNanos(p.cost, 2, 9) },
                                     { "units", p.units ? json(*p.units) : json(nullptr) },
                                     { "actual_per_unit", money(p.actualCostPerUnit) },
                                     { "vs_estimate", money(p.vsEstimate) },
                                     { "breach", p.breach } });
        arr.push_back(std::move(j));
    }
    return arr;
}

} // namespace il
