// SPDX-License-Identifier: GPL-3.0-or-later
// A store with one gated feature for the dashboard's gate tests: claims-triage, launched 2026-05-01 on
// openai/gpt-4o-mini with a threshold of $0.02 per unit. May: 30 requests at a reported $0.01 and 30 units
// ($0.01 a unit, within); June: 5 at $0.05 and 5 units ($0.05 a unit, over); July to the 20th: 10 requests at
// $0.01 and no units (unknown). April 20th: a request before the launch, never tracked.
#pragma once

#include "analytics/GateEvaluation.h"
#include "analytics/GateLiveData.h"
#include "domain/Time.h"
#include "ingest/Ingestor.h"
#include "store/GateStore.h"
#include "store/Store.h"

#include <QString>
#include <QtGlobal>

#include <nlohmann/json.hpp>

namespace gatefixture {

inline const int64_t kNow = *il::parseTimestampMs("2026-07-20T00:00:00Z");

inline nlohmann::json spec()
{
    return nlohmann::json::parse(R"JSON({"feature": "claims-triage", "unit": "claim_triaged", "units_per_month": 20000,
      "monthly_growth": 0.15, "requests_per_unit": 1.3, "input_tokens": {"p50": 1800, "p95": 4200},
      "output_tokens": {"p50": 350, "p95": 900}, "cached_input_share": 0.4, "retry_rate": 0.05,
      "candidates": [{"provider": "openai", "model": "gpt-4o-mini"}],
      "thresholds": {"max_cost_per_unit": "0.02"},
      "evaluation_date": "2026-04-24", "launch_date": "2026-05-01"})JSON");
}

// Fills `path` and records the gate (version 1); fatal on any failure (nothing to test without it).
inline void fill(const QString& path)
{
    auto s = il::Store::open(path.toStdString());
    if (!s)
        qFatal("%s", s.error().toString().c_str());
    il::Store& store = **s;
    auto cat = il::loadGateCatalogue(store);
    if (!cat)
        qFatal("%s", cat.error().toString().c_str());
    std::vector<il::RequestRecord> reqs;
    std::vector<il::OutcomeEvent> outs;
    auto add = [&](const char* day, int n, int64_t costNanos, bool outcome) {
        for (int i = 0; i < n; ++i) {
            il::RequestRecord r;
            r.timestampMs = *il::parseTimestampMs(std::string(day) + "T10:00:00Z") + i * 60'000;
            r.requestId = std::string(day) + "-" + std::to_string(i);
            r.feature = "claims-triage";
            r.provider = "openai";
            r.model = "gpt-4o-mini";
            r.inputTokens = 100;
            r.outputTokens = 10;
            r.latencyMs = 500;
            r.reportedCostNanos = costNanos;
            reqs.push_back(r);
            if (outcome) {
                il::OutcomeEvent o;
                o.timestampMs = r.timestampMs + 1000;
                o.feature = "claims-triage";
                o.unit = "claim_triaged";
                o.outcomeId = r.requestId;
                outs.push_back(o);
            }
        }
    };
    add("2026-04-20", 1, 999'000'000, true);
    add("2026-05-10", 30, 10'000'000, true);
    add("2026-06-10", 5, 50'000'000, true);
    add("2026-07-10", 10, 10'000'000, false);
    il::Ingestor ingest(store, *cat);
    if (!ingest.begin("gatefixture", "requests") || !ingest.addRequests(reqs) || !ingest.addOutcomes(outs)
        || !ingest.commit())
        qFatal("gate fixture: the import failed");
    auto sp = il::gateSpecFromJson(spec(), "fixture");
    if (!sp)
        qFatal("%s", sp.error().toString().c_str());
    auto result = il::evaluateGate(*sp, *cat);
    if (!result)
        qFatal("%s", result.error().toString().c_str());
    il::GateDecision d;
    d.kind = il::GateDecisionKind::Approve;
    d.approvers = { "Dana Ruiz" };
    d.chosenCandidate = 0;
    auto g = il::GateStore(store).record(*sp, *result, d, *il::parseTimestampMs("2026-04-24T09:00:00Z"));
    if (!g)
        qFatal("%s", g.error().toString().c_str());
}

} // namespace gatefixture
