// SPDX-License-Identifier: GPL-3.0-or-later
// Billed, effective and list cost of the stored FOCUS billing lines, grouped by provider, service, feature,
// pricing category, charge category or day, always per billing currency (amounts in different currencies are
// never added together). Exact: int64 nano-unit sums. The CLI's `billing` command and any view read this.
#pragma once

#include "domain/Result.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace il {

class Store;

enum class BillingGroupBy { Provider, Service, Feature, PricingCategory, ChargeCategory, Day };
std::optional<BillingGroupBy> parseBillingGroupBy(std::string_view s);
const char* billingGroupByName(BillingGroupBy g); // "provider", "service", …, "day"

struct BillingFilter {
    int64_t fromMs = 0; // charge period start, inclusive (UTC)
    int64_t toMs = 0; // exclusive
    BillingGroupBy by = BillingGroupBy::Provider;
};

struct BillingRow {
    std::optional<std::string> key; // nullopt: the lines left this column null
    std::string currency; // ISO 4217 BillingCurrency
    int64_t billedCost = 0, effectiveCost = 0, listCost = 0;
    std::optional<int64_t> contractedCost; // nullopt when any line of the group has no ContractedCost
    int64_t rows = 0;
};

struct BillingSummary {
    BillingFilter filter;
    std::vector<BillingRow> rows; // by currency, then effective cost, highest first (by day: by date)
    std::vector<BillingRow> totals; // one per currency, key "total"
};

// Charge-period starts of the first and last stored lines; nullopt when there are none.
struct BillingRange {
    int64_t firstMs = 0, lastMs = 0;
};
Result<std::optional<BillingRange>> billingDataRange(Store& store);

Result<BillingSummary> billingSummary(Store& store, const BillingFilter& filter);

// {"from","to","by","rows":[{"key","currency","billed_cost","effective_cost","list_cost","contracted_cost","rows"}],
//  "total":{…} (null when the range holds several currencies), "totals":[{…} per currency]}; money as decimal strings.
nlohmann::json billingSummaryToJson(const BillingSummary& s);

} // namespace il
