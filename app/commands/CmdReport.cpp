// SPDX-License-Identifier: GPL-3.0-or-later
// `inferledger report --pdf OUT`: the feature economics report as a PDF (ui/report/FeatureReport.h), for the
// same period and features as `summary` and with its figures. main.cpp runs --pdf commands on an offscreen
// QGuiApplication, which the PDF's fonts need.
#include "CliSupport.h"

#include "analytics/Summary.h"
#include "domain/Time.h"
#include "report/FeatureReport.h"
#include "store/Store.h"

#include <QCommandLineParser>
#include <QGuiApplication>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace il {

using namespace il::cli;

namespace {

    int run(const CliInvocation& inv)
    {
        QCommandLineParser p;
        p.addOption({ QStringLiteral("pdf"), QStringLiteral("the PDF file to write"), QStringLiteral("OUT") });
        p.addOption({ QStringLiteral("from"), QStringLiteral("first day, YYYY-MM-DD (UTC)"), QStringLiteral("DATE") });
        p.addOption({ QStringLiteral("to"), QStringLiteral("last day, inclusive"), QStringLiteral("DATE") });
        p.addOption(
            { QStringLiteral("feature"), QStringLiteral("only this feature (repeatable)"), QStringLiteral("F") });
        p.addOption(
            { QStringLiteral("page-size"), QStringLiteral("a4|letter"), QStringLiteral("SIZE"), QStringLiteral("a4") });
        p.addOption({ QStringLiteral("currency"), QStringLiteral("currency (default USD)"), QStringLiteral("CUR"),
                      QStringLiteral("USD") });
        p.addOption({ QStringLiteral("format"), QStringLiteral("text|json: what is printed about the file written"),
                      QStringLiteral("FORMAT"), QStringLiteral("text") });
        std::string e;
        if (!parseArgs(p, inv.command, inv.args, e))
            return usageError(e);
        if (!p.positionalArguments().isEmpty())
            return usageError("report takes no positional arguments (the file goes after --pdf)");
        if (!p.isSet(QStringLiteral("pdf")))
            return usageError("report needs --pdf OUT, the PDF file to write");
        const QString path = p.value(QStringLiteral("pdf"));
        const auto pageSize = ui::parseReportPageSize(p.value(QStringLiteral("page-size")));
        if (!pageSize)
            return usageError("--page-size must be a4 or letter");
        const QString format = p.value(QStringLiteral("format"));
        if (format != QStringLiteral("text") && format != QStringLiteral("json"))
            return usageError("--format must be text or json");
        if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
            return fail(makeError("the PDF report needs a QGuiApplication for its fonts",
                                  "Run it as `inferledger report --pdf OUT`, which starts one offscreen"));
        // A bad path fails before the store is read.
        if (auto ok = ui::checkReportPath(path); !ok)
            return fail(ok.error());

        const std::string db = dbPathOf(inv);
        ui::ReportRequest request;
        request.storePath = db;
        request.currency = p.value(QStringLiteral("currency")).toUpper().toStdString();
        for (const QString& f : p.values(QStringLiteral("feature")))
            request.features.push_back(f.toStdString());
        // The default period is summary's: every day with data.
        {
            auto store = Store::open(db, Store::Mode::ReadOnly);
            if (!store)
                return fail(store.error());
            auto range = Analytics(**store).dataRange();
            if (!range)
                return fail(range.error());
            request.fromMs = floorTo(range->firstMs, kMsPerDay);
            request.toMs = floorTo(range->lastMs, kMsPerDay) + kMsPerDay;
            if (range->empty())
                request.fromMs = request.toMs = floorTo(nowMs(), kMsPerDay);
        }
        if (p.isSet(QStringLiteral("from"))) {
            auto d = parseDateMs(p.value(QStringLiteral("from")).toStdString());
            if (!d)
                return usageError("--from must be a date like 2026-03-01");
            request.fromMs = *d;
        }
        if (p.isSet(QStringLiteral("to"))) {
            auto d = parseDateMs(p.value(QStringLiteral("to")).toStdString());
            if (!d)
                return usageError("--to must be a date like 2026-03-31");
            request.toMs = *d + kMsPerDay;
        }
        const bool explicitPeriod = p.isSet(QStringLiteral("from")) || p.isSet(QStringLiteral("to"));
        if (request.toMs <= request.fromMs && explicitPeriod)
            return usageError("--to is before --from");
        if (request.toMs <= request.fromMs) {
            Error er = makeError("the store has no data, so there is no period to report on",
                                 "Import data first (`inferledger import FILE`) or give --from and --to");
            er.source = db;
            return fail(er);
        }

        auto data = ui::loadReportData(request);
        if (!data)
            return fail(data.error());
        ui::ReportOptions options;
        options.pageSize = *pageSize;
        auto progress = stderrProgress("rendering report");
        auto stats = ui::renderFeatureReport(*data, path, options, [&](int done, int total) {
            progress(uint64_t(done), uint64_t(total));
            return true;
        });
        if (!stats)
            return fail(stats.error());
        const double loadMs = stats->loadSeconds * 1000, renderMs = stats->renderSeconds * 1000;
        if (format == QStringLiteral("json")) {
            nlohmann::json j;
            j["path"] = path.toStdString();
            j["pages"] = stats->pages;
            j["page_size"] = ui::reportPageSizeName(*pageSize).toStdString();
            j["from"] = formatIsoDate(request.fromMs);
            j["to"] = formatIsoDate(request.toMs - 1);
            j["features"] = nlohmann::json::array();
            for (const ui::ReportFeature& f : data->features)
                j["features"].push_back(f.row.key);
            j["bytes"] = stats->bytes;
            j["load_ms"] = loadMs;
            j["render_ms"] = renderMs;
            out(j.dump(2) + "\n");
            return 0;
        }
        char buf[512];
        std::snprintf(buf, sizeof buf,
                      "Wrote %s: %d pages (%s), %s .. %s (UTC), %zu features; read in %.0f ms, rendered in %.0f ms\n",
                      path.toStdString().c_str(), stats->pages, qPrintable(ui::reportPageSizeName(*pageSize)),
                      formatIsoDate(request.fromMs).c_str(), formatIsoDate(request.toMs - 1).c_str(),
                      data->features.size(), loadMs, renderMs);
        out(buf);
        return 0;
    }

    const bool kRegistered = il::cli::registerCommand(
        { "report", &run,
          "  report --pdf OUT [--from D] [--to D] [--feature F]... [--page-size a4|letter] [--currency CUR]\n"
     "         [--format text|json]\n"
          "                                 the feature economics report as a PDF (docs/REPORTS.md)\n" });

} // namespace

} // namespace il
