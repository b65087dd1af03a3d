// SPDX-License-Identifier: GPL-3.0-or-later
// FOCUS billing lines into billing_line. key_hash (unique) is a hash of the line's natural key; the key itself is
// stored beside it, so a re-imported line is recognised exactly and a (rare) hash collision between two different
// lines moves the second to the next free hash instead of dropping it.
#include "ingest/Ingestor.h"

#include "domain/BillingKey.h"
#include "domain/Hash.h"

#include <cmath>
#include <iterator>

namespace il {

namespace {

constexpr const char* kBillingColumns[] = {
    "key_hash", "natural_key", "provider", "publisher", "invoice_issuer", "billing_account_id", "billing_account_name",
    "sub_account_id", "sub_account_name", "service_name", "service_category", "service_subcategory",
    "charge_category", "charge_class", "charge_description", "charge_frequency", "pricing_category",
    "commitment_discount_id", "commitment_discount_status", "commitment_discount_category",
    "commitment_discount_type", "capacity_reservation_id", "capacity_reservation_status", "region", "resource_id",
    "resource_name", "resource_type", "sku_id", "sku_price_id", "invoice_id", "charge_period_start",
    "charge_period_end", "billing_period_start", "billing_period_end", "billed_cost", "effective_cost", "list_cost",
    "contracted_cost", "currency", "pricing_quantity", "pricing_unit", "consumed_quantity", "consumed_unit",
    "feature_id", "tags", "focus_version", "import_id"};

const std::string& insertBillingSql()
{
    static const std::string sql = [] {
        std::string cols, params;
        int i = 0;
        for (const char* c : kBillingColumns) {
            // Appended piecewise: GCC 12 warns (falsely, -Wrestrict) on "," + std::string.
            if (i) {
                cols += ',';
                params += ',';
            }
            cols += c;
            params += '?';
            params += std::to_string(i + 1);
            ++i;
        }
        return "INSERT OR IGNORE INTO billing_line(" + cols + ") VALUES(" + params + ")";
    }();
    return sql;
}

// A probe this long means something other than chance: stop rather than loop.
constexpr int kMaxProbes = 64;

} // namespace

Result<void> Ingestor::addBillingLines(std::span<const BillingLine> batch)
{
    if (!m_active)
        return makeError("addBillingLines outside an import");
    // Prepared once per batch (tens of thousands of lines): negligible beside the inserts.
    Statement ins(m_store.handle(), insertBillingSql());
    Statement probe(m_store.handle(), "SELECT natural_key FROM billing_line WHERE key_hash = ?1");
    if (!ins.valid() || !probe.valid())
        return fail("cannot prepare the billing statements");
    std::string fallbackKey, currency;
    for (const BillingLine& l : batch) {
        ++m_stats.billingRead;
        auto featureId = featureIdFor(l.feature);
        if (!featureId)
            return featureId.error();
        const std::string* key = &l.naturalKey;
        if (key->empty()) {
            fallbackKey = billingContentDigest(l).naturalKey();
            key = &fallbackKey;
        }
        currency = l.currency.str();

        int p = 2;
        auto text = [&](const std::string& s) {
            if (s.empty())
                ins.bindNull(p++);
            else
                ins.bind(p++, std::string_view(s));
        };
        auto real = [&](double v) {
            if (std::isnan(v))
                ins.bindNull(p++);
            else
                ins.bind(p++, v);
        };
        auto integer = [&](int64_t v) { ins.bind(p++, v); };
        ins.reset();
        ins.bind(p++, std::string_view(*key));
        for (const std::string* s :
             {&l.provider, &l.publisher, &l.invoiceIssuer, &l.billingAccountId, &l.billingAccountName, &l.subAccountId,
              &l.subAccountName, &l.serviceName, &l.serviceCategory, &l.serviceSubcategory, &l.chargeCategory,
              &l.chargeClass, &l.chargeDescription, &l.chargeFrequency, &l.pricingCategory, &l.commitmentDiscountId,
              &l.commitmentDiscountStatus, &l.commitmentDiscountCategory, &l.commitmentDiscountType,
              &l.capacityReservationId, &l.capacityReservationStatus, &l.regionId, &l.resourceId, &l.resourceName,
              &l.resourceType, &l.skuId, &l.skuPriceId, &l.invoiceId})
            text(*s);
        integer(l.chargePeriodStartMs);
        integer(l.chargePeriodEndMs);
        integer(l.billingPeriodStartMs);
        integer(l.billingPeriodEndMs);
        integer(l.billedCost);
        integer(l.effectiveCost);
        integer(l.listCost);
        ins.bindOptional(p++, l.contractedCost);
        ins.bind(p++, std::string_view(currency));
        real(l.pricingQuantity);
        text(l.pricingUnit);
        real(l.consumedQuantity);
        text(l.consumedUnit);
        integer(*featureId);
        text(l.tags);
        text(l.focusVersion);
        integer(m_stats.importId);
        if (p != int(std::size(kBillingColumns)) + 1)
            return makeError("internal error: billing_line column count mismatch");

        int64_t hash = KeyHasher().add("billing").add(*key).rowKey();
        for (int probes = 0;; ++probes) {
            if (probes == kMaxProbes)
                return makeError("cannot find a free key hash for a billing line after " + std::to_string(kMaxProbes)
                                     + " tries",
                                 "The store may be damaged; rebuild it from its sources");
            ins.reset(); // keeps the other bindings
            ins.bind(1, hash);
            ins.step();
            if (ins.failed())
                return fail("cannot store a billing line");
            if (sqlite3_changes(m_store.handle()) > 0) {
                ++m_stats.billingAdded;
                break;
            }
            probe.reset();
            probe.bind(1, hash);
            const bool found = probe.step();
            if (probe.failed())
                return fail("cannot read a billing line");
            if (!found)
                return makeError("a billing line was refused by the store", "The store may be damaged");
            if (probe.textView(0) == *key) {
                ++m_stats.billingDuplicate;
                break;
            }
            hash = hash == INT64_MAX ? 1 : hash + 1; // a different line holds this hash: the next one
        }
    }
    return {};
}

} // namespace il
