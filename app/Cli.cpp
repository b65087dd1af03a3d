// SPDX-License-Identifier: GPL-3.0-or-later
#include "Cli.h"

#include "CliSupport.h"

#include "Workflows.h"
#include "analytics/Summary.h"
#include "domain/Time.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

namespace il {

using namespace il::cli;

namespace {

// ---- import -------------------------------------------------------------------------------------

Result<OtlpReadOptions> otlpOptionsFrom(const QCommandLineParser& p)
{
    OtlpReadOptions o;
    auto keys = [&](const char* name, std::vector<std::string>& dst) {
        if (p.isSet(QString::fromLatin1(name)))
            dst = OtlpAttributeKeys::parseList(p.value(QString::fromLatin1(name)).toStdString());
    };
    keys("attr-feature", o.keys.feature);
    keys("attr-eval", o.keys.evalScore);
    keys("attr-cache", o.keys.cache);
    auto convention = parseOtlpInputConvention(p.value(QStringLiteral("otlp-input")).toStdString());
    if (!convention)
        return makeError("--otlp-input must be auto, total or anthropic-raw");
    o.inputConvention = *convention;
    return o;
}

int cmdImport(const CliInvocation& inv)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("kind"), QStringLiteral("requests|outcomes|focus|otlp (default: detected)"), QStringLiteral("KIND")});
    p.addOption({QStringLiteral("format"), QStringLiteral("text|json"), QStringLiteral("FORMAT"), QStringLiteral("text")});
    p.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("files to import"));
    // OTLP files: which attributes carry the feature, eval score and cache outcome (docs/FORMATS-otlp.md).
    p.addOption({QStringLiteral("attr-feature"), QStringLiteral("OTLP feature attribute keys, comma-separated"), QStringLiteral("KEYS")});
    p.addOption({QStringLiteral("attr-eval"), QStringLiteral("OTLP eval score attribute keys"), QStringLiteral("KEYS")});
    p.addOption({QStringLiteral("attr-cache"), QStringLiteral("OTLP cache outcome attribute keys"), QStringLiteral("KEYS")});
    p.addOption({QStringLiteral("otlp-input"), QStringLiteral("auto|total|anthropic-raw"), QStringLiteral("MODE")});
    // FOCUS files: the Tags keys that name the feature, tried in order.
    p.addOption({QStringLiteral("tag-key"), QStringLiteral("FOCUS tag key naming the feature (repeatable; default feature)"),
                 QStringLiteral("KEY")});
    std::string e;
    if (!parseArgs(p, inv.command, inv.args, e))
        return usageError(e);
    auto otlp = otlpOptionsFrom(p);
    if (!otlp)
        return usageError(otlp.error().message);
    std::vector<std::string> focusTagKeys;
    for (const QString& v : p.values(QStringLiteral("tag-key")))
        for (const QString& k : v.split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!k.trimmed().isEmpty())
                focusTagKeys.push_back(k.trimmed().toStdString());
    const QStringList files = p.positionalArguments();
    if (files.isEmpty())
        return usageError("import needs at least one FILE");
    FileKind kind = FileKind::Unknown;
    if (p.isSet(QStringLiteral("kind"))) {
        auto k = parseFileKind(p.value(QStringLiteral("kind")).toStdString());
        if (!k)
            return usageError("--kind must be requests, outcomes, focus or otlp");
        kind = *k;
    }
    auto store = openStore(dbPathOf(inv));
    if (!store)
        return fail(store.error());
    const bool json = p.value(QStringLiteral("format")) == QStringLiteral("json");
    nlohmann::json report = nlohmann::json::array();
    int failures = 0;
    for (const QString& f : files) {
        const std::string path = f.toStdString();
        auto r = importFile(**store, path, kind, stderrProgress("importing " + QFileInfo(f).fileName().toStdString()),
                            nullptr, *otlp, focusTagKeys);
        if (!r) {
            ++failures;
            fail(r.error());
            report.push_back({{"file", path}, {"ok", false}, {"error", r.error().toString()}});
            continue;
        }
        const ImportStats& s = r->stats;
        const bool outcomes = r->kind == FileKind::Outcomes, billing = r->kind == FileKind::Focus;
        const int64_t read = billing ? s.billingRead : outcomes ? s.outcomesRead : s.requestsRead;
        const int64_t added = billing ? s.billingAdded : outcomes ? s.outcomesAdded : s.requestsAdded;
        const int64_t dup = billing ? s.billingDuplicate : outcomes ? s.outcomesDuplicate : s.requestsDuplicate;
        report.push_back({{"file", path}, {"ok", true}, {"kind", fileKindName(r->kind)}, {"rows_read", read},
                          {"rows_added", added}, {"rows_duplicate", dup}, {"unpriced", s.unpriced},
                          {"reported_cost_rows", s.reportedCost}});
        if (r->kind == FileKind::Otlp)
            report.back()["spans_skipped"] = r->read.skipped; // spans without GenAI usage, and agent aggregates
        if (!json) {
            std::ostringstream o;
            o << path << ": " << fileKindName(r->kind) << ", " << read << " rows read, " << added << " added, " << dup
              << " already in the store";
            if (r->kind == FileKind::Otlp)
                o << ", " << r->read.skipped << " spans skipped (no GenAI usage)";
            if (s.unpriced)
                o << ", " << s.unpriced << " UNPRICED (no catalogue price for their model; see `inferledger prices show`)";
            o << "\n";
            out(o.str());
        }
    }
    if (json)
        out(report.dump(2) + "\n");
    return failures ? 1 : 0;
}

// ---- summary ------------------------------------------------------------------------------------

std::string pad(const std::string& s, size_t w, bool right)
{
    if (s.size() >= w)
        return s;
    return right ? std::string(w - s.size(), ' ') + s : s + std::string(w - s.size(), ' ');
}

std::string optFixed(const std::optional<double>& v, int decimals, const char* suffix = "")
{
    if (!v)
        return "—";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f%s", decimals, *v, suffix);
    return buf;
}

int cmdSummary(const CliInvocation& inv)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("from"), QStringLiteral("first day, YYYY-MM-DD (UTC)"), QStringLiteral("DATE")});
    p.addOption({QStringLiteral("to"), QStringLiteral("last day, inclusive"), QStringLiteral("DATE")});
    p.addOption({QStringLiteral("by"), QStringLiteral("feature|model|provider|day"), QStringLiteral("BY"), QStringLiteral("feature")});
    p.addOption({QStringLiteral("format"), QStringLiteral("table|json|csv"), QStringLiteral("FORMAT"), QStringLiteral("table")});
    p.addOption({QStringLiteral("feature"), QStringLiteral("only this feature (repeatable)"), QStringLiteral("F")});
    p.addOption({QStringLiteral("model"), QStringLiteral("only this model (repeatable)"), QStringLiteral("M")});
    p.addOption({QStringLiteral("provider"), QStringLiteral("only this provider (repeatable)"), QStringLiteral("P")});
    p.addOption({QStringLiteral("currency"), QStringLiteral("currency (default USD)"), QStringLiteral("CUR"), QStringLiteral("USD")});
    std::string e;
    if (!parseArgs(p, inv.command, inv.args, e))
        return usageError(e);
    auto by = parseGroupBy(p.value(QStringLiteral("by")).toStdString());
    if (!by)
        return usageError("--by must be feature, model, provider or day");
    const QString format = p.value(QStringLiteral("format"));
    if (format != QStringLiteral("table") && format != QStringLiteral("json") && format != QStringLiteral("csv"))
        return usageError("--format must be table, json or csv");
    auto store = Store::open(dbPathOf(inv), Store::Mode::ReadOnly);
    if (!store)
        return fail(store.error());
    Analytics analytics(**store);
    auto range = analytics.dataRange();
    if (!range)
        return fail(range.error());
    SummaryFilter f;
    f.by = *by;
    f.currency = p.value(QStringLiteral("currency")).toUpper().toStdString();
    f.fromMs = floorTo(range->firstMs, kMsPerDay);
    f.toMs = floorTo(range->lastMs, kMsPerDay) + kMsPerDay;
    if (range->empty())
        f.fromMs = f.toMs = floorTo(nowMs(), kMsPerDay);
    if (p.isSet(QStringLiteral("from"))) {
        auto d = parseDateMs(p.value(QStringLiteral("from")).toStdString());
        if (!d)
            return usageError("--from must be a date like 2026-03-01");
        f.fromMs = *d;
    }
    if (p.isSet(QStringLiteral("to"))) {
        auto d = parseDateMs(p.value(QStringLiteral("to")).toStdString());
        if (!d)
            return usageError("--to must be a date like 2026-03-31");
        f.toMs = *d + kMsPerDay;
    }
    if (f.toMs < f.fromMs)
        return usageError("--to is before --from");
    for (const QString& s : p.values(QStringLiteral("feature")))
        f.features.push_back(s.toStdString());
    for (const QString& s : p.values(QStringLiteral("model")))
        f.models.push_back(s.toStdString());
    for (const QString& s : p.values(QStringLiteral("provider")))
        f.providers.push_back(s.toStdString());
    auto s = analytics.summary(f);
    if (!s)
        return fail(s.error());
    if (format == QStringLiteral("json")) {
        out(summaryToJson(*s).dump(2) + "\n");
        return 0;
    }
    struct Col {
        const char* name;
        bool right;
    };
    const std::vector<Col> cols = {{groupByName(f.by), false}, {"requests", true}, {"errors", true}, {"cost", true},
                                   {"units", true}, {"cost/unit", true}, {"p50 ms", true}, {"p95 ms", true},
                                   {"p99 ms", true}, {"accuracy", true}, {"cache hit", true}, {"unpriced", true}};
    auto cells = [&](const SummaryRow& r, const std::string& key) {
        auto cpu = r.costPerUnit();
        return std::vector<std::string>{key,
                                        std::to_string(r.requests),
                                        std::to_string(r.errors),
                                        formatMoney(r.cost),
                                        r.units ? std::to_string(*r.units) : "—",
                                        cpu ? formatUnitCost(*cpu) : "—",
                                        optFixed(r.latencyQuantile(0.5), 0),
                                        optFixed(r.latencyQuantile(0.95), 0),
                                        optFixed(r.latencyQuantile(0.99), 0),
                                        optFixed(r.accuracy(), 3),
                                        r.cacheHitRate() ? optFixed(*r.cacheHitRate() * 100.0, 1, "%") : "—",
                                        std::to_string(r.unpricedRequests)};
    };
    std::vector<std::vector<std::string>> table;
    for (const SummaryRow& r : s->rows)
        table.push_back(cells(r, r.key));
    table.push_back(cells(s->total, "TOTAL"));
    if (format == QStringLiteral("csv")) {
        std::string o;
        const char* csvCols[] = {groupByName(f.by), "requests", "errors", "cost", "units", "cost_per_unit",
                                 "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "accuracy", "cache_hit_rate",
                                 "unpriced_requests"};
        for (size_t i = 0; i < 12; ++i)
            o += std::string(i ? "," : "") + csvCols[i];
        o += "\n";
        auto csvRow = [&](const SummaryRow& r, const std::string& key) {
            auto cpu = r.costPerUnit();
            auto num = [](const std::optional<double>& v) { return v ? optFixed(v, 6) : std::string(); };
            std::vector<std::string> c = {csvEscape(key), std::to_string(r.requests), std::to_string(r.errors),
                                          formatNanos(r.cost, 2, 9), r.units ? std::to_string(*r.units) : "",
                                          cpu ? formatNanos(*cpu, 2, 9) : "", num(r.latencyQuantile(0.5)),
                                          num(r.latencyQuantile(0.95)), num(r.latencyQuantile(0.99)), num(r.accuracy()),
                                          num(r.cacheHitRate()), std::to_string(r.unpricedRequests)};
            std::string line;
            for (size_t i = 0; i < c.size(); ++i)
                line += (i ? "," : "") + c[i];
            return line + "\n";
        };
        for (const SummaryRow& r : s->rows)
            o += csvRow(r, r.key);
        o += csvRow(s->total, "TOTAL");
        out(o);
        return 0;
    }
    std::vector<size_t> width(cols.size());
    for (size_t i = 0; i < cols.size(); ++i) {
        width[i] = std::string(cols[i].name).size();
        for (const auto& row : table)
            width[i] = std::max(width[i], row[i] == "—" ? size_t(1) : row[i].size());
    }
    std::string o = "InferLedger summary " + formatIsoDate(f.fromMs) + " .. " + formatIsoDate(f.toMs - 1) + " (UTC), "
        + f.currency + ", by " + groupByName(f.by) + "\n";
    auto line = [&](const std::vector<std::string>& c) {
        std::string l;
        for (size_t i = 0; i < c.size(); ++i) {
            // "—" is three bytes but one column wide.
            size_t w = width[i] + (c[i] == "—" ? 2 : 0);
            l += (i ? "  " : "") + pad(c[i], w, cols[i].right);
        }
        return l + "\n";
    };
    std::vector<std::string> header;
    for (const Col& c : cols)
        header.push_back(c.name);
    o += line(header);
    for (size_t i = 0; i < table.size(); ++i) {
        if (i + 1 == table.size()) {
            size_t total = 0;
            for (size_t w : width)
                total += w + 2;
            o += std::string(total - 2, '-') + "\n";
        }
        o += line(table[i]);
    }
    if (s->total.unpricedRequests)
        o += "Note: " + std::to_string(s->total.unpricedRequests)
            + " requests have no price (their cost is not in the figures above); `inferledger prices show MODEL` "
              "lists what is priced.\n";
    out(o);
    return 0;
}

// ---- prices -------------------------------------------------------------------------------------

std::string rateLine(const char* label, const RateSet& r)
{
    auto f = [](int64_t v) {
        std::string s = v < 0 ? "—" : "$"; // built by appending: GCC 12 warns falsely (-Wrestrict) on "$" + string
        if (v >= 0)
            s += formatRatePerMillion(v);
        return s;
    };
    return std::string("    ") + label + ": input " + f(r.input) + ", cached input " + f(r.cachedInput)
        + ", cache write 5m " + f(r.cacheWrite5m) + ", cache write 1h " + f(r.cacheWrite1h) + ", output " + f(r.output)
        + ", reasoning " + f(r.reasoning) + "  (per 1M tokens)\n";
}

int cmdPrices(const CliInvocation& inv)
{
    if (inv.args.isEmpty())
        return usageError("prices needs `import FILE` or `show MODEL`");
    const QString sub = inv.args.front();
    QStringList rest = inv.args.mid(1);
    QCommandLineParser p;
    p.addOption({QStringLiteral("format"), QStringLiteral("text|json"), QStringLiteral("FORMAT"), QStringLiteral("text")});
    p.addOption({QStringLiteral("provider"), QStringLiteral("provider of MODEL"), QStringLiteral("P")});
    p.addOption({QStringLiteral("effective-from"), QStringLiteral("date the imported prices take effect (default today)"),
                 QStringLiteral("DATE")});
    p.addOption({QStringLiteral("version"), QStringLiteral("version label of the imported catalogue"), QStringLiteral("V")});
    p.addOption({QStringLiteral("at"), QStringLiteral("show the price in force on DATE"), QStringLiteral("DATE")});
    std::string e;
    if (!parseArgs(p, inv.command + QLatin1Char(' ') + sub, rest, e))
        return usageError(e);
    const QStringList pos = p.positionalArguments();
    auto store = openStore(dbPathOf(inv));
    if (!store)
        return fail(store.error());
    if (sub == QStringLiteral("import")) {
        if (pos.size() != 1)
            return usageError("prices import needs one FILE (LiteLLM's model_prices_and_context_window.json)");
        QFile file(pos.front());
        if (!file.open(QIODevice::ReadOnly)) {
            Error er;
            er.source = pos.front().toStdString();
            er.message = "cannot open the file: " + file.errorString().toStdString();
            er.hint = "Check the path";
            return fail(er);
        }
        const QByteArray data = file.readAll();
        int64_t from = floorTo(nowMs(), kMsPerDay);
        if (p.isSet(QStringLiteral("effective-from"))) {
            auto d = parseDateMs(p.value(QStringLiteral("effective-from")).toStdString());
            if (!d)
                return usageError("--effective-from must be a date like 2026-03-01");
            from = *d;
        }
        const std::string version = p.isSet(QStringLiteral("version")) ? p.value(QStringLiteral("version")).toStdString()
                                                                        : "litellm-" + formatIsoDate(from);
        auto entries = parseLiteLlmJson(std::string_view(data.constData(), size_t(data.size())), pos.front().toStdString(),
                                        version, from);
        if (!entries)
            return fail(entries.error());
        auto existing = loadCatalogue(**store);
        if (!existing)
            return fail(existing.error());
        const int inherited = inheritUnstated(*entries, *existing);
        Store& s = **store;
        if (auto r = s.exec("BEGIN IMMEDIATE"); !r)
            return fail(r.error());
        if (auto r = s.storePrices(*entries); !r) {
            (void)s.exec("ROLLBACK");
            return fail(r.error());
        }
        if (auto r = s.exec("COMMIT"); !r)
            return fail(r.error());
        out("Imported " + std::to_string(entries->size()) + " model prices as catalogue version " + version
            + ", effective from " + formatIsoDate(from) + " (" + std::to_string(inherited)
            + " carried over aliases or rates the file does not state from the previous price).\nRequests already stored keep the prices they were "
            "priced with; new imports use the newest price in force at each request's time.\n");
        return 0;
    }
    if (sub == QStringLiteral("show")) {
        if (pos.size() != 1)
            return usageError("prices show needs one MODEL");
        auto cat = loadCatalogue(**store);
        if (!cat)
            return fail(cat.error());
        const std::string model = pos.front().toStdString();
        std::vector<const PriceEntry*> entries = p.isSet(QStringLiteral("provider"))
            ? cat->history(p.value(QStringLiteral("provider")).toStdString(), model)
            : cat->findByModel(model);
        if (entries.empty()) {
            Error er;
            er.message = "no price for model '" + model + "'";
            er.hint = "Requests to it are stored and counted as unpriced; import a catalogue with "
                      "`inferledger prices import FILE` or check the model name";
            return fail(er, 1);
        }
        if (p.value(QStringLiteral("format")) == QStringLiteral("json")) {
            nlohmann::json j = nlohmann::json::array();
            for (const PriceEntry* pe : entries) {
                nlohmann::json x = priceEntryToJson(*pe);
                x["id"] = pe->id;
                x["unit"] = "per_1m_tokens";
                j.push_back(x);
            }
            out(j.dump(2) + "\n");
            return 0;
        }
        std::string o;
        for (const PriceEntry* pe : entries) {
            o += pe->provider + "/" + pe->model + "  effective from " + formatIsoDate(pe->effectiveFromMs) + "  ["
                + pe->catalogue + " " + pe->version + ", price id " + std::to_string(pe->id) + ", " + pe->currency.str()
                + "]\n";
            if (!pe->aliases.empty()) {
                o += "    aliases:";
                for (const auto& a : pe->aliases)
                    o += " " + a;
                o += "\n";
            }
            if (pe->perGpuHour()) {
                o += "    self-hosted: $" + formatNanos(pe->gpuHourNanos, 2, 9) + " per GPU-hour at "
                    + std::to_string(pe->tokensPerGpuHour) + " tokens per GPU-hour\n";
                continue;
            }
            o += rateLine("standard", pe->standard);
            if (pe->batch)
                o += rateLine("batch", pe->standard.overlaidWith(*pe->batch));
            if (pe->priority)
                o += rateLine("priority", pe->standard.overlaidWith(*pe->priority));
            if (pe->flex)
                o += rateLine("flex", pe->standard.overlaidWith(*pe->flex));
            for (const auto& t : pe->longContext)
                o += rateLine(("above " + std::to_string(t.aboveInputTokens) + " input tokens").c_str(),
                              pe->standard.overlaidWith(t.rates));
        }
        out(o);
        return 0;
    }
    return usageError("unknown prices command '" + sub.toStdString() + "' (import, show)");
}

// ---- demo ---------------------------------------------------------------------------------------

int cmdDemo(const CliInvocation& inv)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("seed"), QStringLiteral("random seed"), QStringLiteral("N"), QStringLiteral("42")});
    p.addOption({QStringLiteral("scale"), QStringLiteral("volume multiplier (1.0 ≈ 2M requests)"), QStringLiteral("X"),
                 QStringLiteral("1.0")});
    p.addOption({QStringLiteral("if-empty"), QStringLiteral("only fill a store that has no data")});
    std::string e;
    if (!parseArgs(p, inv.command, inv.args, e))
        return usageError(e);
    bool ok = false;
    const qulonglong seed = p.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok)
        return usageError("--seed must be a whole number");
    const double scale = p.value(QStringLiteral("scale")).toDouble(&ok);
    if (!ok || scale <= 0 || scale > 20)
        return usageError("--scale must be a number between 0 and 20");
    auto store = openStore(dbPathOf(inv));
    if (!store)
        return fail(store.error());
    if (p.isSet(QStringLiteral("if-empty")) && !(*store)->isEmpty()) {
        err("inferledger: the store already has data; demo not generated");
        return 0;
    }
    auto r = fillDemo(**store, seed, scale, stderrProgress("generating demo"));
    if (!r)
        return fail(r.error());
    char buf[256];
    std::snprintf(buf, sizeof buf, "Demo scenario (seed %llu): %lld requests, %lld outcomes in %.1f s into %s\n", seed,
                  static_cast<long long>(r->requests), static_cast<long long>(r->outcomes), r->seconds,
                  dbPathOf(inv).c_str());
    out(buf);
    return 0;
}

} // namespace

QString usageText()
{
    return QStringLiteral(
        "InferLedger " INFERLEDGER_VERSION " — the unit economics of AI features\n"
        "\n"
        "Usage: inferledger [--db PATH] [COMMAND [OPTIONS]]\n"
        "\n"
        "  (no command) [FILE...]         open the dashboard (and import the files given)\n"
        "  demo [--seed N] [--scale X] [--if-empty]\n"
        "                                 fill the store with the generated demo scenario\n"
        "  import FILE... [--kind K] [--format text|json] [--tag-key KEY]\n"
        "                                 import request logs or outcomes (CSV or JSON Lines), FOCUS billing\n"
        "                                 exports (--tag-key: the Tags key naming the feature, default feature)\n"
        "         [--attr-feature KEYS] [--attr-eval KEYS] [--attr-cache KEYS] [--otlp-input MODE]\n"
        "                                 or OpenTelemetry GenAI spans (OTLP/JSON, one object or JSON Lines;\n"
        "                                 --attr-*: the span attributes naming feature, eval score, cache outcome)\n"
        "  summary [--from D] [--to D] [--by feature|model|provider|day] [--format table|json|csv]\n"
        "          [--feature F] [--model M] [--provider P]\n"
        "                                 cost, cost per unit, latency and accuracy\n"
        "  prices import FILE [--effective-from D] [--version V]\n"
        "                                 add LiteLLM's price catalogue as a new dated version\n"
        "  prices show MODEL [--provider P] [--format text|json]\n"
        "                                 the dated prices of a model\n"
        "%1"
        "\n"
        "Global options:\n"
        "  --db PATH      the store (default: the user's data folder)\n"
        "  --version      print the version\n"
        "  --help         this text\n"
        "\n"
        "Dates are UTC days (YYYY-MM-DD); --to is inclusive. Money is printed as exact decimals.\n"
        "Exit codes: 0 success, 1 failure (the message says what and where), 64 usage error.\n")
        .arg(QString::fromUtf8([] {
            std::string extra;
            for (const cli::Command& c : cli::allCommands())
                extra += c.usage;
            return extra;
        }()));
}

bool parseGlobal(const QStringList& argv, CliInvocation& inv, QString& error, bool& handled, int& exitCode)
{
    handled = false;
    for (int i = 1; i < argv.size(); ++i) {
        const QString& a = argv[i];
        if (inv.command.isEmpty()) {
            if (a == QStringLiteral("--db")) {
                if (i + 1 >= argv.size()) {
                    error = QStringLiteral("--db needs a PATH");
                    return false;
                }
                inv.dbPath = argv[++i];
                continue;
            }
            if (a.startsWith(QStringLiteral("--db="))) {
                inv.dbPath = a.mid(5);
                continue;
            }
            if (a == QStringLiteral("--version") || a == QStringLiteral("-v")) {
                out("inferledger " INFERLEDGER_VERSION "\n");
                handled = true;
                exitCode = 0;
                return true;
            }
            if (a == QStringLiteral("--help") || a == QStringLiteral("-h")) {
                out(usageText().toStdString());
                handled = true;
                exitCode = 0;
                return true;
            }
            if (a.startsWith(QLatin1Char('-'))) {
                // Qt's own GUI options (-platform, -style …) pass through to QApplication.
                if (a == QStringLiteral("-platform") || a == QStringLiteral("-style") || a == QStringLiteral("-qwindowgeometry")) {
                    ++i;
                    continue;
                }
                error = QStringLiteral("unknown option ") + a;
                return false;
            }
            static const QStringList kCommands = {QStringLiteral("demo"), QStringLiteral("import"),
                                                  QStringLiteral("summary"), QStringLiteral("prices")};
            if (kCommands.contains(a) || cli::findCommand(a)) {
                inv.command = a;
                continue;
            }
            if (QFileInfo::exists(a)) {
                inv.files << a;
                continue;
            }
            error = QStringLiteral("unknown command '") + a + QStringLiteral("'");
            return false;
        }
        inv.args << a;
    }
    return true;
}

int runCommand(const CliInvocation& inv)
{
    if (inv.command == QStringLiteral("import"))
        return cmdImport(inv);
    if (inv.command == QStringLiteral("summary"))
        return cmdSummary(inv);
    if (inv.command == QStringLiteral("prices"))
        return cmdPrices(inv);
    if (inv.command == QStringLiteral("demo"))
        return cmdDemo(inv);
    if (const cli::Command* c = cli::findCommand(inv.command))
        return c->run(inv);
    return usageError("unknown command");
}

} // namespace il
