// SPDX-License-Identifier: GPL-3.0-or-later
// `inferledger billing`: billed, effective and list cost of the imported FOCUS billing lines, grouped by provider,
// service, feature, pricing category, charge category or day, per billing currency (models/analytics/Billing.h).
#include "CliSupport.h"

#include "analytics/Billing.h"
#include "domain/Money.h"
#include "domain/Time.h"
#include "store/Store.h"

#include <QCommandLineParser>

#include <nlohmann/json.hpp>

namespace il {

using namespace il::cli;

namespace {

    // Display width in code points, so that "—" and accented names line up.
    size_t width(const std::string& s)
    {
        size_t n = 0;
        for (unsigned char c : s)
            n += (c & 0xc0) != 0x80;
        return n;
    }

    std::string pad(const std::string& s, size_t w, bool right)
    {
        const size_t n = width(s);
        if (n >= w)
            return s;
        return right ? std::string(w - n, ' ') + s : s + std::string(w - n, ' ');
    }

    int run(const CliInvocation& inv)
    {
        QCommandLineParser p;
        p.addOption({ QStringLiteral("from"), QStringLiteral("first day of charge periods, YYYY-MM-DD (UTC)"),
                      QStringLiteral("DATE") });
        p.addOption({ QStringLiteral("to"), QStringLiteral("last day, inclusive"), QStringLiteral("DATE") });
        p.addOption({ QStringLiteral("by"),
                      QStringLiteral("provider|service|feature|pricing_category|charge_category|day"),
                      QStringLiteral("BY"), QStringLiteral("provider") });
        p.addOption({ QStringLiteral("format"), QStringLiteral("table|json|csv"), QStringLiteral("FORMAT"),
                      QStringLiteral("table") });
        std::string e;
        if (!parseArgs(p, inv.command, inv.args, e))
            return usageError(e);
        if (!p.positionalArguments().isEmpty())
            return usageError("billing takes no arguments besides its options");
        auto by = parseBillingGroupBy(p.value(QStringLiteral("by")).toStdString());
        if (!by)
            return usageError("--by must be provider, service, feature, pricing_category, charge_category or day");
        const QString format = p.value(QStringLiteral("format"));
        if (format != QStringLiteral("table") && format != QStringLiteral("json") && format != QStringLiteral("csv"))
            return usageError("--format must be table, json or csv");
        std::optional<int64_t> from, to;
        if (p.isSet(QStringLiteral("from"))) {
            from = parseDateMs(p.value(QStringLiteral("from")).toStdString());
            if (!from)
                return usageError("--from must be a date like 2024-09-01");
        }
        if (p.isSet(QStringLiteral("to"))) {
            to = parseDateMs(p.value(QStringLiteral("to")).toStdString());
            if (!to)
                return usageError("--to must be a date like 2024-09-30");
            *to += kMsPerDay;
        }
        auto store = Store::open(dbPathOf(inv), Store::Mode::ReadOnly);
        if (!store)
            return fail(store.error());
        // Default range: every day that holds billing data.
        auto range = billingDataRange(**store);
        if (!range)
            return fail(range.error());
        BillingFilter f;
        f.by = *by;
        const int64_t today = floorTo(nowMs(), kMsPerDay);
        f.fromMs = from ? *from : *range ? floorTo((*range)->firstMs, kMsPerDay) : today;
        f.toMs = to ? *to : *range ? floorTo((*range)->lastMs, kMsPerDay) + kMsPerDay : f.fromMs + kMsPerDay;
        if (f.toMs <= f.fromMs)
            return usageError("--to is before --from");
        auto s = billingSummary(**store, f);
        if (!s)
            return fail(s.error());

        if (format == QStringLiteral("json")) {
            out(billingSummaryToJson(*s).dump(2) + "\n");
            return 0;
        }
        auto money = [](int64_t v) { return formatNanos(v, 2, 9); };
        auto optMoney = [&](const std::optional<int64_t>& v) { return v ? money(*v) : std::string(); };
        if (format == QStringLiteral("csv")) {
            std::string o = std::string(billingGroupByName(f.by))
                + ",currency,billed_cost,effective_cost,list_cost,contracted_cost,rows\n";
            auto line = [&](const std::string& key, const BillingRow& r) {
                o += csvEscape(key) + "," + r.currency + "," + money(r.billedCost) + "," + money(r.effectiveCost) + ","
                    + money(r.listCost) + "," + optMoney(r.contractedCost) + "," + std::to_string(r.rows) + "\n";
            };
            for (const BillingRow& r : s->rows)
                line(r.key.value_or(""), r);
            for (const BillingRow& t : s->totals)
                line("TOTAL", t);
            out(o);
            return 0;
        }

        // Table: money at cent precision (the JSON and CSV keep every decimal).
        auto cents = [](int64_t v) { return formatNanos(v, 2, 2); };
        const std::vector<std::string> header
            = { billingGroupByName(f.by), "currency", "billed", "effective", "list", "contracted", "rows" };
        const std::vector<bool> right = { false, false, true, true, true, true, true };
        auto cells = [&](const std::string& key, const BillingRow& r) {
            return std::vector<std::string> { key,
                                              r.currency,
                                              cents(r.billedCost),
                                              cents(r.effectiveCost),
                                              cents(r.listCost),
                                              r.contractedCost ? cents(*r.contractedCost) : "—",
                                              std::to_string(r.rows) };
        };
        std::vector<std::vector<std::string>> body, foot;
        for (const BillingRow& r : s->rows)
            body.push_back(cells(r.key.value_or("(none)"), r));
        for (const BillingRow& t : s->totals)
            foot.push_back(cells("TOTAL", t));
        std::vector<size_t> w(header.size());
        for (size_t i = 0; i < header.size(); ++i) {
            w[i] = width(header[i]);
            for (const auto* part : { &body, &foot })
                for (const auto& row : *part)
                    w[i] = std::max(w[i], width(row[i]));
        }
        auto line = [&](const std::vector<std::string>& c) {
            std::string l;
            for (size_t i = 0; i < c.size(); ++i)
                l += (i ? "  " : "") + pad(c[i], w[i], right[i]);
            while (!l.empty() && l.back() == ' ')
                l.pop_back();
            return l + "\n";
        };
        std::string o = "InferLedger billing " + formatIsoDate(f.fromMs) + " .. " + formatIsoDate(f.toMs - 1)
            + " (UTC, by charge period start), by " + billingGroupByName(f.by) + "\n";
        o += line(header);
        for (const auto& row : body)
            o += line(row);
        size_t total = 0;
        for (size_t x : w)
            total += x + 2;
        o += std::string(total - 2, '-') + "\n";
        if (foot.empty())
            o += "TOTAL  no billing lines in this range (import a FOCUS export with `inferledger import FILE`)\n";
        for (const auto& row : foot)
            o += line(row);
        if (s->totals.size() > 1)
            o += "Note: the lines are billed in " + std::to_string(s->totals.size())
                + " currencies; each has its own total (amounts in different currencies are not added).\n";
        if (std::any_of(s->totals.begin(), s->totals.end(), [](const BillingRow& t) { return !t.contractedCost; }))
            o += "Note: contracted cost is — where some lines of the export left ContractedCost empty.\n";
        out(o);
        return 0;
    }

    const bool kRegistered = il::cli::registerCommand(
        { "billing", &run,
          "  billing [--from D] [--to D] [--by provider|service|feature|pricing_category|charge_category|day]\n"
          "          [--format table|json|csv]\n"
          "                                 billed, effective and list cost of imported FOCUS billing lines\n" });

} // namespace

} // namespace il
