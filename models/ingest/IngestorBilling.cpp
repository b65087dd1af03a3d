// SPDX-License-Identifier: GPL-3.0-or-later
// FOCUS billing lines into billing_line, de-duplicated on the unique natural key (domain/BillingKey.h): a
// re-imported line is recognised by exact key equality, so two different lines never stand for each other.
#include "ingest/Ingestor.h"

#include "domain/BillingKey.h"

#include <cmath>
#include <iterator>

namespace il {

namespace {

    constexpr const char* kBillingColumns[] = { "natural_key",
                                                "provider",
                                                "publisher",
                                                "invoice_issuer",
                                                "billing_account_id",
                                                "billing_account_name",
                                                "sub_account_id",
                                                "sub_account_name",
                                                "service_name",
                                                "service_category",
                                                "service_subcategory",
                                                "charge_category",
                                                "charge_class",
                                                "charge_description",
                                                "charge_frequency",
                                                "pricing_category",
                                                "commitment_discount_id",
                                                "commitment_discount_status",
                                                "commitment_discount_category",
                                                "commitment_discount_type",
                                                "capacity_reservation_id",
                                                "capacity_reservation_status",
                                                "region",
                                                "resource_id",
                                                "resource_name",
                                                "resource_type",
                                                "sku_id",
                                                "sku_price_id",
                                                "invoice_id",
                                                "charge_period_start",
                                                "charge_period_end",
                                                "billing_period_start",
                                                "billing_period_end",
                                                "billed_cost",
                                                "effective_cost",
                                                "list_cost",
                                                "contracted_cost",
                                                "currency",
                                                "pricing_quantity",
                                                "pricing_unit",
                                                "consumed_quantity",
                                                "consumed_unit",
                                                "feature_id",
                                                "tags",
                                                "focus_version",
                                                "import_id" };

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
            // Not OR IGNORE: that would also swallow a NOT NULL violation and count the line as a duplicate.
            return "INSERT INTO billing_line(" + cols + ") VALUES(" + params + ") ON CONFLICT(natural_key) DO NOTHING";
        }();
        return sql;
    }

} // namespace

Result<void> Ingestor::addBillingLines(std::span<const BillingLine> batch)
{
    if (!m_active)
        return makeError("addBillingLines outside an import");
    // Prepared once per batch (tens of thousands of lines): negligible beside the inserts.
    Statement ins(m_store.handle(), insertBillingSql());
    if (!ins.valid())
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

        int p = 1;
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
        for (const std::string* s : BillingLine::columnTexts(l))
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

        ins.step();
        if (ins.failed())
            return fail("cannot store a billing line");
        if (sqlite3_changes(m_store.handle()) > 0)
            ++m_stats.billingAdded;
        else
            ++m_stats.billingDuplicate;
    }
    return {};
}

} // namespace il
