// SPDX-License-Identifier: GPL-3.0-or-later
// The natural key of a FOCUS billing line: a 126-bit digest of the columns that identify a charge, plus the
// row's occurrence number among identical rows of one file. Shared by the FOCUS reader (which numbers the
// occurrences) and ingest (which falls back to the bare digest for lines that come without a key).
//
// Identifying columns: ProviderName, BillingAccountId, SubAccountId, ServiceName, ChargeCategory, ChargeClass,
// PricingCategory, BillingCurrency, Billing/ChargePeriodStart/End, ResourceId, SkuId, SkuPriceId, RegionId,
// CommitmentDiscountId/Status, CapacityReservationId/Status, PricingUnit, PricingQuantity, ConsumedUnit,
// ConsumedQuantity, BilledCost, EffectiveCost, ListCost, ContractedCost — as parsed values, so "1.50" and "1.5E0",
// or "2024-09-18T22:00:00Z" and "2024-09-18 22:00:00", are the same charge.
// Left out on purpose: display names and descriptions (BillingAccountName, SubAccountName, ResourceName,
// ChargeDescription, PublisherName, InvoiceIssuerName, ServiceCategory), Tags, InvoiceId (assigned after the fact)
// and every provider column (x_…, which may carry export timestamps): a provider re-issuing the same charges with
// re-worded labels, re-tagged resources or a final invoice id must not double them.
#pragma once

#include "domain/Hash.h"
#include "domain/Records.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

namespace il {

struct BillingDigest {
    int64_t a = 0, b = 0; // two independently seeded 63-bit hashes

    // "f1:<32 hex digits>" and "#n" for the n-th repeat (n ≥ 1) of an identical row in the same file.
    std::string naturalKey(uint32_t occurrence = 0) const
    {
        static const char* kHex = "0123456789abcdef";
        std::string s = "f1:";
        for (int64_t v : { a, b })
            for (int shift = 60; shift >= 0; shift -= 4)
                s += kHex[(uint64_t(v) >> shift) & 0xf];
        if (occurrence)
            s += '#' + std::to_string(occurrence);
        return s;
    }
};

inline BillingDigest billingContentDigest(const BillingLine& l)
{
    KeyHasher ha, hb;
    ha.add("focus-line-a");
    hb.add("focus-line-b");
    auto s = [&](const std::string& v) {
        ha.add(v);
        hb.add(v);
    };
    auto i = [&](int64_t v) {
        ha.add(v);
        hb.add(v);
    };
    auto d = [&](double v) {
        // NaN (null) and -0 get one spelling each.
        int64_t bits = INT64_MIN;
        if (!std::isnan(v)) {
            if (v == 0)
                v = 0;
            std::memcpy(&bits, &v, sizeof bits);
        }
        i(bits);
    };
    s(l.provider);
    s(l.billingAccountId);
    s(l.subAccountId);
    s(l.serviceName);
    s(l.chargeCategory);
    s(l.chargeClass);
    s(l.pricingCategory);
    i(int64_t(l.currency.code));
    i(l.billingPeriodStartMs);
    i(l.billingPeriodEndMs);
    i(l.chargePeriodStartMs);
    i(l.chargePeriodEndMs);
    s(l.resourceId);
    s(l.skuId);
    s(l.skuPriceId);
    s(l.regionId);
    s(l.commitmentDiscountId);
    s(l.commitmentDiscountStatus);
    s(l.capacityReservationId);
    s(l.capacityReservationStatus);
    s(l.pricingUnit);
    d(l.pricingQuantity);
    s(l.consumedUnit);
    d(l.consumedQuantity);
    i(l.billedCost);
    i(l.effectiveCost);
    i(l.listCost);
    i(l.contractedCost ? 1 : 0);
    i(l.contractedCost.value_or(0));
    return { ha.rowKey(), hb.rowKey() };
}

} // namespace il
