// SPDX-License-Identifier: GPL-3.0-or-later
// A price catalogue written for the gate tests (not the bundled one, so that a price update elsewhere
// never moves these hand-computed figures), and a spec builder.
#pragma once

#include "analytics/GateEvaluation.h"
#include "pricing/PriceCatalogue.h"

#include <nlohmann/json.hpp>

#include <QtTest>

namespace gatetest {

// Rates per million tokens, as the providers publish them.
inline const char* kCatalogue = R"JSON({
  "catalogue": "gate-test", "version": "2026-01-01", "currency": "USD", "unit": "per_1m_tokens",
  "models": [
    {"provider": "openai", "model": "gpt-4o-mini", "aliases": ["gpt-4o-mini-2024-07-18"],
     "prices": [{"effective_from": "2024-07-18", "rates": {"input": "0.15", "cached_input": "0.075", "output": "0.60"},
                 "batch": {"input": "0.075", "cached_input": "0.0375", "output": "0.30"}}]},
    {"provider": "openai", "model": "cheap-model",
     "prices": [{"effective_from": "2025-01-01", "rates": {"input": "0.05", "cached_input": "0.025", "output": "0.20"}}]},
    {"provider": "openai", "model": "future-model",
     "prices": [{"effective_from": "2030-01-01", "rates": {"input": "0.01", "output": "0.01"}}]},
    {"provider": "anthropic", "model": "claude-sonnet-4",
     "prices": [{"effective_from": "2025-05-22",
                 "rates": {"input": "3.00", "cached_input": "0.30", "output": "15.00"},
                 "batch": {"input": "1.50", "cached_input": "0.15", "output": "7.50"},
                 "long_context": [{"above_input_tokens": 200000, "input": "6.00", "cached_input": "0.60", "output": "22.50"}]}]},
    {"provider": "anthropic", "model": "no-cache-model",
     "prices": [{"effective_from": "2025-01-01", "rates": {"input": "2.00", "output": "8.00"}}]},
    {"provider": "test", "model": "half-model",
     "prices": [{"effective_from": "2025-01-01", "rates": {"input": "0.0125", "cached_input": "0.0125", "output": "0.0375"}}]},
    {"provider": "self-hosted", "model": "llama-test",
     "prices": [{"effective_from": "2025-01-01", "gpu_hour": "3.20", "tokens_per_gpu_hour": 9000000}]}
  ]})JSON";

inline il::PriceCatalogue catalogue()
{
    auto entries = il::parseCatalogueJson(kCatalogue, "test catalogue");
    if (!entries)
        qFatal("test catalogue: %s", entries.error().toString().c_str());
    il::PriceCatalogue c;
    c.addAll(std::move(*entries));
    return c;
}

// The issue's example spec, evaluated on 2026-07-24.
inline nlohmann::json exampleSpec()
{
    return nlohmann::json::parse(R"JSON({"feature": "claims-triage", "unit": "claim_triaged", "units_per_month": 20000,
      "monthly_growth": 0.15, "requests_per_unit": 1.3, "input_tokens": {"p50": 1800, "p95": 4200},
      "output_tokens": {"p50": 350, "p95": 900}, "cached_input_share": 0.4, "retry_rate": 0.05,
      "candidates": [{"provider": "openai", "model": "gpt-4o-mini"}, {"provider": "anthropic", "model": "claude-sonnet-4", "batch": false}],
      "thresholds": {"max_cost_per_unit": "0.02", "monthly_budget": "2000", "max_p95_latency_ms": 3000, "min_accuracy": 0.85},
      "evaluation_date": "2026-07-24"})JSON");
}

inline il::GateSpec spec(const nlohmann::json& j)
{
    auto s = il::gateSpecFromJson(j, "test");
    if (!s)
        qFatal("spec: %s", s.error().toString().c_str());
    return *s;
}

} // namespace gatetest
