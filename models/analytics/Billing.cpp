// SPDX-License-Identifier: GPL-3.0-or-later
#include "analytics/Billing.h"

#include "domain/Money.h"
#include "domain/Time.h"
#include "store/Store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace il {

std::optional<BillingGroupBy> parseBillingGroupBy(std::string_view s)
{
    for (BillingGroupBy g : { BillingGroupBy::Provider, BillingGroupBy::Service, BillingGroupBy::Feature,
                              BillingGroupBy::PricingCategory, BillingGroupBy::ChargeCategory, BillingGroupBy::Day })
        if (s == billingGroupByName(g))
            return g;
    return std::nullopt;
}

const char* billingGroupByName(BillingGroupBy g)
{
    switch (g) {
    case BillingGroupBy::Provider:
        return "provider";
    case BillingGroupBy::Service:
        return "service";
    case BillingGroupBy::Feature:
        return "feature";
    case BillingGroupBy::PricingCategory:
        return "pricing_category";
    case BillingGroupBy::ChargeCategory:
        return "charge_category";
    case BillingGroupBy::Day:
        return "day";
    }
    return "provider";
}

Result<std::optional<BillingRange>> billingDataRange(Store& store)
{
    Statement st(store.handle(), "SELECT MIN(charge_period_start), MAX(charge_period_start) FROM billing_line");
    std::optional<BillingRange> r;
    if (st.step() && !st.isNull(0))
        r = BillingRange { st.int64(0), st.int64(1) };
    if (st.failed())
        return store.sqlError("cannot read the billing data range");
    return r;
}

namespace {

    const char* keyExpression(BillingGroupBy g)
    {
        switch (g) {
        case BillingGroupBy::Provider:
            return "b.provider";
        case BillingGroupBy::Service:
            return "b.service_name";
        case BillingGroupBy::Feature:
            return "f.name";
        case BillingGroupBy::PricingCategory:
            return "b.pricing_category";
        case BillingGroupBy::ChargeCategory:
            return "b.charge_category";
        case BillingGroupBy::Day: // floor to the UTC day, also for times before 1970
            return "b.charge_period_start - ((b.charge_period_start % 86400000) + 86400000) % 86400000";
        }
        return "b.provider";
    }

    bool addTo(int64_t& dst, int64_t v)
    {
        return !__builtin_add_overflow(dst, v, &dst);
    }

} // namespace

Result<BillingSummary> billingSummary(Store& store, const BillingFilter& filter)
{
    BillingSummary out;
    out.filter = filter;
    // SQLite sums INTEGER columns exactly and reports an overflow as an error instead of rounding.
    const std::string sql = std::string("SELECT ") + keyExpression(filter.by)
        + ", b.currency, SUM(b.billed_cost), SUM(b.effective_cost), SUM(b.list_cost), SUM(b.contracted_cost),"
          " COUNT(b.contracted_cost), COUNT(*) FROM billing_line b LEFT JOIN feature f ON f.id = b.feature_id"
          " WHERE b.charge_period_start >= ?1 AND b.charge_period_start < ?2 GROUP BY 1, 2";
    Statement st(store.handle(), sql);
    if (!st.valid())
        return store.sqlError("cannot query billing lines");
    st.bind(1, filter.fromMs).bind(2, filter.toMs);
    std::map<std::string, BillingRow> totals;
    while (st.step()) {
        BillingRow r;
        if (!st.isNull(0))
            r.key = filter.by == BillingGroupBy::Day ? formatIsoDate(st.int64(0)) : st.text(0);
        r.currency = st.text(1);
        r.billedCost = st.int64(2);
        r.effectiveCost = st.int64(3);
        r.listCost = st.int64(4);
        r.rows = st.int64(7);
        if (st.int64(6) == r.rows)
            r.contractedCost = st.int64(5);
        BillingRow& t = totals[r.currency];
        t.key = "total";
        t.currency = r.currency;
        bool ok = addTo(t.billedCost, r.billedCost) && addTo(t.effectiveCost, r.effectiveCost)
            && addTo(t.listCost, r.listCost);
        if (t.rows == 0)
            t.contractedCost = 0;
        if (t.contractedCost && r.contractedCost)
            ok = ok && addTo(*t.contractedCost, *r.contractedCost);
        else
            t.contractedCost.reset();
        t.rows += r.rows;
        if (!ok)
            return makeError("a billing total exceeds ±9.2 billion " + r.currency,
                             "Query a shorter period with --from/--to");
        out.rows.push_back(std::move(r));
    }
    if (st.failed())
        return store.sqlError("cannot sum billing lines");
    for (auto& [currency, t] : totals)
        out.totals.push_back(std::move(t));
    const bool byDay = filter.by == BillingGroupBy::Day;
    std::stable_sort(out.rows.begin(), out.rows.end(), [byDay](const BillingRow& a, const BillingRow& b) {
        if (byDay)
            return std::tie(a.key, a.currency) < std::tie(b.key, b.currency);
        if (a.currency != b.currency)
            return a.currency < b.currency;
        if (a.effectiveCost != b.effectiveCost)
            return a.effectiveCost > b.effectiveCost;
        return a.key < b.key;
    });
    return out;
}

namespace {

    nlohmann::json rowToJson(const BillingRow& r, bool withKey)
    {
        auto money = [](int64_t v) { return formatNanos(v, 2, 9); };
        nlohmann::json j;
        if (withKey)
            j["key"] = r.key ? nlohmann::json(*r.key) : nlohmann::json(nullptr);
        j["currency"] = r.currency.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.currency);
        j["billed_cost"] = money(r.billedCost);
        j["effective_cost"] = money(r.effectiveCost);
        j["list_cost"] = money(r.listCost);
        j["contracted_cost"] = r.contractedCost ? nlohmann::json(money(*r.contractedCost)) : nlohmann::json(nullptr);
        j["rows"] = r.rows;
        return j;
    }

} // namespace

nlohmann::json billingSummaryToJson(const BillingSummary& s)
{
    nlohmann::json j;
    j["from"] = formatIsoDate(s.filter.fromMs);
    j["to"] = formatIsoDate(s.filter.toMs - 1);
    j["by"] = billingGroupByName(s.filter.by);
    j["rows"] = nlohmann::json::array();
    for (const BillingRow& r : s.rows)
        j["rows"].push_back(rowToJson(r, true));
    j["totals"] = nlohmann::json::array();
    for (const BillingRow& t : s.totals)
        j["totals"].push_back(rowToJson(t, false));
    if (s.totals.size() == 1) {
        j["total"] = rowToJson(s.totals.front(), false);
    } else if (s.totals.empty()) {
        BillingRow none;
        none.contractedCost = 0;
        j["total"] = rowToJson(none, false);
    } else {
        j["total"] = nullptr; // amounts in different currencies do not add up: see "totals"
    }
    return j;
}

} // namespace il
