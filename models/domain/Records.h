// SPDX-License-Identifier: GPL-3.0-or-later
// Plain domain records that connectors produce and ingest consumes. No SQL, no Qt.
#pragma once

#include "domain/Money.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

namespace il {

enum class CacheOutcome : uint8_t { None = 0, Hit = 1, Miss = 2 };

// One model call. Token counts follow one normalised convention whatever the provider:
// inputTokens counts ALL input (uncached + cache reads + cache writes), outputTokens includes reasoning.
struct RequestRecord {
    int64_t timestampMs = 0; // Unix milliseconds, UTC
    std::string requestId;   // provider or application id; empty → a content hash is the key
    std::string feature;     // empty → "unattributed"
    std::string provider;
    std::string model;
    int64_t inputTokens = 0;
    int64_t cachedInputTokens = 0;  // cache reads
    int64_t cacheWriteTokens = 0;   // cache writes at the 5-minute rate
    int64_t cacheWrite1hTokens = 0; // cache writes at the 1-hour rate
    int64_t outputTokens = 0;
    int64_t reasoningTokens = 0;
    int32_t latencyMs = -1; // -1: unknown
    bool error = false;
    CacheOutcome cache = CacheOutcome::None; // application-level response cache
    double evalScore = NAN;                  // 0..1; NaN: not evaluated
    std::optional<int64_t> reportedCostNanos; // provider-reported cost in `currency`
    Currency currency;
    bool batch = false;
    std::string serviceTier; // "", "default", "priority", "flex", ...
    std::string promptHash;

    // Filled by ingest's prepare step on the reading thread (Ingestor::prepareRequests), so that the
    // writing thread only inserts and adds up. Readers and connectors leave it alone.
    struct Prepared {
        bool ready = false;
        bool priced = false;
        int16_t latencyBucket = -1;
        uint32_t priceCurrency = 0;
        int64_t key = 0;
        uint32_t names = 0; // the number of this feature/provider/model triple in the sink's table (0: none)
        int64_t estCost = 0;
        int64_t priceId = 0;
        bool promptHashAsBytes = false; // store/RequestChunks.h
    } prepared;
};

// A product outcome: the unit of work a feature exists for.
struct OutcomeEvent {
    int64_t timestampMs = 0;
    std::string feature;
    std::string unit;
    int64_t count = 1;
    std::string outcomeId; // empty → content hash
};

inline constexpr const char* kUnattributed = "unattributed";

} // namespace il

namespace il {

// One FOCUS billing row (FOCUS 1.0–1.2). Money in nano-units of `currency` (BillingCurrency).
// Empty strings are FOCUS nulls. Only connectors/files/FocusReader produces these.
struct BillingLine {
    std::string provider;          // ProviderName
    std::string publisher, invoiceIssuer; // PublisherName, InvoiceIssuerName
    std::string billingAccountId, billingAccountName, subAccountId, subAccountName;
    std::string serviceName, serviceCategory, serviceSubcategory;
    std::string chargeCategory;    // Usage, Purchase, Tax, Credit, Adjustment
    std::string chargeClass;       // "" or Correction
    std::string chargeDescription, chargeFrequency; // One-Time, Recurring, Usage-Based
    std::string pricingCategory;   // Standard, Committed, Dynamic, Other
    std::string commitmentDiscountId, commitmentDiscountStatus; // Used, Unused
    std::string commitmentDiscountCategory, commitmentDiscountType; // Spend/Usage; provider's type name
    std::string capacityReservationId, capacityReservationStatus;  // FOCUS 1.1+
    std::string regionId, resourceId, resourceName, resourceType, skuId, skuPriceId;
    std::string invoiceId;         // FOCUS 1.2+
    int64_t chargePeriodStartMs = 0, chargePeriodEndMs = 0, billingPeriodStartMs = 0, billingPeriodEndMs = 0;
    int64_t billedCost = 0, effectiveCost = 0, listCost = 0;
    std::optional<int64_t> contractedCost; // FOCUS says never null, yet real exports (Oracle) leave it null
    Currency currency;
    double pricingQuantity = NAN, consumedQuantity = NAN;
    std::string pricingUnit, consumedUnit;
    std::string feature; // from the configured tag key; empty → unattributed
    std::string tags;    // the Tags JSON as given
    std::string focusVersion;
    std::string naturalKey; // stable identity of the row within its source (content hash when empty)

    // The text columns in billing_line's order (after natural_key): IngestorBilling binds them, FocusReader clears
    // them between rows. One list, so that the two cannot drift.
    template <class Self>
    static auto columnTexts(Self& l)
    {
        return std::array { &l.provider, &l.publisher, &l.invoiceIssuer, &l.billingAccountId, &l.billingAccountName,
                            &l.subAccountId, &l.subAccountName, &l.serviceName, &l.serviceCategory,
                            &l.serviceSubcategory, &l.chargeCategory, &l.chargeClass, &l.chargeDescription,
                            &l.chargeFrequency, &l.pricingCategory, &l.commitmentDiscountId,
                            &l.commitmentDiscountStatus, &l.commitmentDiscountCategory, &l.commitmentDiscountType,
                            &l.capacityReservationId, &l.capacityReservationStatus, &l.regionId, &l.resourceId,
                            &l.resourceName, &l.resourceType, &l.skuId, &l.skuPriceId, &l.invoiceId };
    }
};

// A provider usage-API bucket (OpenAI usage/completions, Anthropic usage_report): aggregated tokens.
// A different grain from RequestRecord: stored apart, compared in reconciliation, never summed with it.
struct UsageBucket {
    std::string connector, provider;
    int64_t startMs = 0, endMs = 0;
    std::string model, project; // project id / workspace id
    std::string feature;        // mapped from project/workspace; empty → unattributed
    std::string serviceTier;
    bool batch = false;
    // requests: the model requests the API reports for the bucket (OpenAI's num_model_requests). When the API does
    // not say — Anthropic's usage_report has no request count; an OpenAI result without num_model_requests — the
    // connector sets -1 and ingest stores NULL in usage_bucket.requests: unknown, never 0. Merging a -1 with a known
    // count keeps the known one (BucketMerge.h).
    int64_t requests = 0, inputTokens = 0, cachedInputTokens = 0, cacheWrite5mTokens = 0, cacheWrite1hTokens = 0,
            outputTokens = 0; // inputTokens counts all input, as in RequestRecord
};

// A provider cost-API bucket (OpenAI costs, Anthropic cost_report).
struct CostBucket {
    std::string connector, provider;
    int64_t startMs = 0, endMs = 0;
    std::string lineItem, project, model, feature;
    int64_t amountNanos = 0;
    Currency currency;
};

// One GPU telemetry sample (DCGM exporter through Prometheus).
struct GpuSample {
    int64_t timestampMs = 0;
    std::string connector; // the Prometheus connector that read it (gpu_sample.connector; NULL in rows before v2)
    std::string host, gpu, uuid, modelName;
    std::string metric; // DCGM_FI_DEV_GPU_UTIL, DCGM_FI_DEV_FB_USED, ...
    double value = NAN;
};

} // namespace il
