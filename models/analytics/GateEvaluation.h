// SPDX-License-Identifier: GPL-3.0-or-later
// The cost gate before launch: a feature's spec (volume, request profile, candidate models, targets)
// is read and validated with the JSON path of every problem, priced from the catalogue in exact
// nano-units, held against its thresholds, and answered with a verdict per candidate and the levers
// that would bring a failing one under. The CLI, the wizard and the PDF sign-off all read this.
// docs/GATE.md is the contract: formulas, rounding, verdict rules, the spec and result schemas.
#pragma once

#include "domain/Result.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace il {

class PriceCatalogue;

// Fractional multipliers (shares, rates, requests per unit, growth) are integers × 10^-9, parsed
// exactly from their text: "0.4" is 400'000'000, never the double nearest to 0.4.
constexpr int kGateScale = 9;
constexpr int64_t kGateOne = 1'000'000'000;

// Limits of the spec (beyond them a figure is a typo, not a plan). The wizard validates with the same.
constexpr int64_t kGateMaxUnitsPerMonth = 1'000'000'000'000; // 10^12
constexpr int64_t kGateMaxTokens = 100'000'000; // per request
constexpr int64_t kGateMaxRequestsPerUnit = 1'000'000 * kGateOne;
constexpr int64_t kGateMaxRetryRate = 10 * kGateOne; // 10 retries per request on average
constexpr int64_t kGateMaxGrowth = 10 * kGateOne; // +1000 % a month
constexpr int64_t kGateMaxCandidates = 20;
constexpr double kGateBatchLatencyMs = 86'400'000; // a batch job completes within 24 h

constexpr const char* kGateSpecSchema = "inferledger.gate.spec/1";
constexpr const char* kGateResultSchema = "inferledger.gate.result/1";

enum class GateVerdict { Pass, Flagged, Rejected };
const char* gateVerdictName(GateVerdict v); // "pass", "flagged", "rejected"
std::optional<GateVerdict> parseGateVerdict(std::string_view s);
// The CLI's exit code for an overall verdict: 0 pass, 1 flagged, 2 rejected (3 is an invalid spec).
int gateExitCode(GateVerdict v);
constexpr int kGateExitInvalid = 3;

struct GateCandidateSpec {
    std::string provider;
    std::string model;
    bool batch = false; // priced at the model's Batch API rates
};

struct GateThresholds {
    int64_t maxCostPerUnit = 0; // nano-units of the spec currency, > 0
    std::optional<int64_t> monthlyBudget; // nano-units, > 0
    std::optional<int64_t> maxP95LatencyMs; // > 0
    std::optional<int64_t> minAccuracy; // × 10^-9, 0..1
};

struct GateSpec {
    std::string feature;
    std::string unit; // the unit of value, e.g. claim_triaged
    std::string description; // free text, optional
    int64_t unitsPerMonth = 0; // at launch, whole units
    int64_t monthlyGrowth = 0; // × 10^-9, > −1 (−100 %)
    int64_t requestsPerUnit = 0; // × 10^-9, > 0
    int64_t inputTokensP50 = 0, inputTokensP95 = 0; // per request, including cached input
    int64_t outputTokensP50 = 0, outputTokensP95 = 0; // per request, including reasoning
    int64_t cachedInputShare = 0; // × 10^-9, 0..1: the share of input tokens read from the prompt cache
    int64_t retryRate = 0; // × 10^-9, ≥ 0: extra requests per request (0.05 = 5 % retried once)
    std::vector<GateCandidateSpec> candidates;
    GateThresholds thresholds;
    std::string currency = "USD";
    std::optional<int64_t> evaluationDateMs; // prices in force on this UTC day; default today
    std::optional<int64_t> launchDateMs; // tracking after launch starts here; default the decision day
};

// Parses and validates a spec file. Errors carry the source, line:column for JSON syntax, the JSON path
// of the field ("input_tokens.p95", "candidates[1].model") and what to do.
Result<GateSpec> parseGateSpec(std::string_view jsonText, const std::string& source);
Result<GateSpec> gateSpecFromJson(const nlohmann::json& j, const std::string& source);
// The normalised spec (the shape of docs/GATE.md; decimals as JSON numbers written from their exact text).
nlohmann::json gateSpecToJson(const GateSpec& spec);

// One decimal field read as the spec file reads it: a JSON number or a decimal string, at most nine
// decimals, into × 10^-9 units. Used by the wizard for its inputs; nullopt with `why` on bad text.
std::optional<int64_t> parseGateDecimal(std::string_view text, std::string* why = nullptr);
// "0.4" from 400'000'000: the shortest exact decimal text.
std::string formatGateDecimal(int64_t scaled);

// ---- evaluation -----------------------------------------------------------------------------------

// Rates in nano-units per million tokens with the provider fallbacks applied (cached → input).
struct GateRates {
    int64_t input = 0;
    int64_t cachedInput = 0;
    int64_t output = 0;
    int64_t gpuHourNanos = 0; // self-hosted: a GPU-hour price …
    int64_t tokensPerGpuHour = 0; // … at a stated throughput
    bool perGpuHour() const { return gpuHourNanos > 0 && tokensPerGpuHour > 0; }
};

// Every money figure rounded half to even to the nano-unit, once, from the exact product.
struct GateFigures {
    int64_t costPerRequestP50 = 0, costPerRequestP95 = 0; // shown for the hand check (rounded on their own)
    int64_t costPerUnitP50 = 0, costPerUnitP95 = 0;
    std::array<int64_t, 3> monthUnits {}; // × 10^-9: volume in months 1..3 under compound growth
    std::array<int64_t, 3> monthCost {}; // spend at the p50 cost per unit
    std::array<int64_t, 3> monthCostP95 {}; // spend at the p95 cost per unit
    int64_t threeMonthCost = 0; // months 1..3 at p50 (the calibration period)
    int64_t peakMonthCost() const; // the highest of monthCost (month 3 when growth ≥ 0)
};

enum class GateCheckStatus { Pass, Fail, Unknown, NotSet };
const char* gateCheckStatusName(GateCheckStatus s); // "pass", "fail", "unknown", "not_set"

struct GateCheck {
    std::string name; // cost_per_unit_p50, cost_per_unit_p95, peak_month_cost, p95_latency_ms, accuracy
    GateCheckStatus status = GateCheckStatus::NotSet;
    std::string value; // the figure as text ("" when unknown)
    std::string threshold; // the threshold as text ("" when not set)
    std::string detail; // one sentence a person can read
};

enum class GateLeverKind { Caching, PromptTrimming, Routing, Batching };
const char* gateLeverName(GateLeverKind k); // "caching", "prompt_trimming", "routing", "batching"

struct GateLever {
    GateLeverKind kind = GateLeverKind::Caching;
    bool applicable = true;
    std::string change; // "raise the cached share of input from 0.4 to 0.62"
    std::string parameter; // "0.62", "25%", "openai/gpt-4.1-mini", "batch"
    std::string note; // why it is not applicable, what it leaves unknown
    std::string provider, model; // routing: the target
    std::optional<double> targetAccuracy; // routing: live accuracy of the target, when the store has it
    std::optional<double> targetP95LatencyMs;
    GateFigures figures; // after the change
    GateVerdict costVerdictAfter = GateVerdict::Rejected; // against the cost thresholds only
    bool bringsUnder = false; // every cost threshold met after the change
    int64_t savingPerUnitP50 = 0, savingPerUnitP95 = 0, savingPeakMonth = 0;
};

struct GateCandidateResult {
    GateCandidateSpec spec;
    std::string priceProvider, priceModel; // canonical catalogue names
    int64_t priceId = 0;
    std::string catalogue, catalogueVersion;
    int64_t priceEffectiveFromMs = 0;
    bool batchAvailable = false;
    bool longContextP95 = false; // the p95 input crosses a long-context tier (its rates apply)
    GateRates ratesP50, ratesP95;
    GateFigures figures;
    std::optional<double> liveP95LatencyMs, liveAccuracy;
    std::string liveNote; // where the live figures come from, or why there are none
    std::vector<GateCheck> checks;
    GateVerdict verdict = GateVerdict::Rejected;
    std::vector<std::string> reasons; // why it is flagged or rejected
    std::vector<GateLever> levers; // for candidates that are not passing
};

struct GateResult {
    std::string feature, unit, currency;
    int64_t evaluatedAtMs = 0; // the UTC day prices were resolved at
    std::vector<GateCandidateResult> candidates;
    // The cheapest (p50 cost per unit) candidate with the best verdict; none when every one is rejected.
    std::optional<size_t> recommended;
    GateVerdict verdict = GateVerdict::Rejected; // recommended's verdict; rejected when none
    std::vector<std::string> catalogueVersions; // "inferledger-bundled 2026-07-24"
    std::string liveDataNote;
    int exitCode() const { return gateExitCode(verdict); }
};

// Live latency and accuracy by catalogue model (all features), from the store's rollups.
struct GateLiveModel {
    std::optional<double> p95LatencyMs;
    std::optional<double> accuracy;
    int64_t requests = 0, latencyCount = 0, evalCount = 0;
};
struct GateLiveData {
    int64_t fromMs = 0, toMs = 0;
    bool latencyRead = true; // false: latency was not read (no latency target asked for it)
    std::map<std::string, GateLiveModel> byModel; // "provider/model", canonical catalogue names
    const GateLiveModel* find(const std::string& provider, const std::string& model) const;
};

struct GateEvaluationOptions {
    int64_t todayMs = 0; // used when the spec has no evaluation_date; 0: il::nowMs()
    bool levers = true;
};

// Prices every candidate at the evaluation date. An unknown model is an Error (an invalid spec) naming
// candidates[i].model; `live` (may be null) supplies p95 latency and accuracy where the store has them.
Result<GateResult> evaluateGate(const GateSpec& spec, const PriceCatalogue& catalogue,
                                const GateLiveData* live = nullptr, const GateEvaluationOptions& options = {});

// The models a gate can pick from: every catalogue model in force on the day, once, by provider and name.
struct GateCatalogueModel {
    std::string provider, model;
    GateRates standard; // fallbacks applied, below any long-context tier
    std::optional<GateRates> batch;
    std::string catalogue, version;
};
std::vector<GateCatalogueModel> gateCatalogueModels(const PriceCatalogue& catalogue, int64_t dateMs);

nlohmann::json gateResultToJson(const GateResult& result);
// The JSON written for an invalid spec (`--format json`): {"schema", "valid": false, "exit_code": 3, "error": {...}}.
nlohmann::json gateErrorToJson(const Error& error);
nlohmann::json errorToJson(const Error& error);

} // namespace il
