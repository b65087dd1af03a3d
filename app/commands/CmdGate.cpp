// SPDX-License-Identifier: GPL-3.0-or-later
// `inferledger gate …`: evaluate a cost-gate spec (exit 0 pass, 1 flagged, 2 rejected, 3 invalid spec),
// record the decision as an immutable version, list, show and verify recorded gates, track them after
// launch, and write the PDF sign-off sheet. docs/GATE.md documents the spec and result JSON.
#include "CliSupport.h"

#include "analytics/GateEvaluation.h"
#include "analytics/GateLiveData.h"
#include "analytics/GateTracking.h"
#include "analytics/Summary.h"
#include "domain/Time.h"
#include "report/GateSignoffPdf.h"
#include "store/GateStore.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace il {

using namespace il::cli;

namespace {

    // Failures that are not a verdict (store, file, PDF) must not look like one: exit 4.
    constexpr int kExitFailure = 4;

    std::string pad(std::string s, size_t w, bool right = false)
    {
        // Count UTF-8 code points, not bytes, so "—" and "≤" line up.
        size_t cps = 0;
        for (unsigned char c : s)
            cps += (c & 0xc0) != 0x80;
        if (cps >= w)
            return s;
        return right ? std::string(w - cps, ' ') + s : s + std::string(w - cps, ' ');
    }

    std::string unitMoney(int64_t nanos)
    {
        return formatNanos(nanos, 2, 9);
    }

    std::string upper(std::string s)
    {
        for (char& c : s)
            c = char(std::toupper(static_cast<unsigned char>(c)));
        return s;
    }

    std::string percentOf(int64_t scaled)
    {
        return formatGateDecimal(scaled * 100) + "%";
    }

    std::string textReport(const GateSpec& s, const GateResult& r)
    {
        std::string o;
        o += "Cost gate: " + s.feature + " (unit: " + s.unit + "), prices in force on "
            + formatIsoDate(r.evaluatedAtMs);
        for (const std::string& v : r.catalogueVersions)
            o += ", " + v;
        o += ", " + s.currency + "\n";
        o += "Volume: " + std::to_string(s.unitsPerMonth) + " units a month at launch, growth "
            + percentOf(s.monthlyGrowth) + " a month\n";
        o += "Profile per unit: " + formatGateDecimal(s.requestsPerUnit) + " requests, retry rate "
            + formatGateDecimal(s.retryRate) + "; per request input p50 " + std::to_string(s.inputTokensP50) + " / p95 "
            + std::to_string(s.inputTokensP95) + ", output p50 " + std::to_string(s.outputTokensP50) + " / p95 "
            + std::to_string(s.outputTokensP95) + ", cached share of input " + formatGateDecimal(s.cachedInputShare)
            + "\n";
        const GateThresholds& t = s.thresholds;
        o += "Thresholds: cost per unit ≤ " + unitMoney(t.maxCostPerUnit) + ", monthly budget "
            + (t.monthlyBudget ? unitMoney(*t.monthlyBudget) : std::string("not set")) + ", p95 latency "
            + (t.maxP95LatencyMs ? "≤ " + std::to_string(*t.maxP95LatencyMs) + " ms" : std::string("not set"))
            + ", accuracy " + (t.minAccuracy ? "≥ " + formatGateDecimal(*t.minAccuracy) : std::string("not set"))
            + "\n\n";

        std::vector<std::vector<std::string>> rows;
        rows.push_back({ "candidate", "p50/unit", "p95/unit", "month 1", "month 2", "month 3", "3 months", "verdict" });
        for (const GateCandidateResult& c : r.candidates) {
            const GateFigures& f = c.figures;
            rows.push_back({ c.spec.provider + "/" + c.spec.model + (c.spec.batch ? " (batch)" : ""),
                             unitMoney(f.costPerUnitP50), unitMoney(f.costPerUnitP95), formatMoney(f.monthCost[0]),
                             formatMoney(f.monthCost[1]), formatMoney(f.monthCost[2]), formatMoney(f.threeMonthCost),
                             upper(gateVerdictName(c.verdict)) });
        }
        std::vector<size_t> w(rows.front().size(), 0);
        for (const auto& row : rows)
            for (size_t i = 0; i < row.size(); ++i)
                w[i] = std::max(w[i], row[i].size());
        for (const auto& row : rows) {
            std::string line;
            for (size_t i = 0; i < row.size(); ++i)
                line += (i ? "  " : "") + (i + 1 < row.size() ? pad(row[i], w[i], i > 0) : row[i]);
            o += line + "\n";
        }
        o += "(months at the p50 cost per unit; p95 figures are in --format json)\n";
        for (const GateCandidateResult& c : r.candidates) {
            o += "\n" + c.spec.provider + "/" + c.spec.model + (c.spec.batch ? " (batch)" : "") + ": "
                + upper(gateVerdictName(c.verdict)) + "\n";
            for (const GateCheck& k : c.checks) {
                const char* mark = k.status == GateCheckStatus::Pass ? "ok  "
                    : k.status == GateCheckStatus::Fail              ? "FAIL"
                    : k.status == GateCheckStatus::Unknown           ? "??  "
                                                                     : "--  ";
                o += std::string("  ") + mark + " " + k.detail + "\n";
            }
            for (const GateLever& l : c.levers) {
                o += "  lever " + std::string(gateLeverName(l.kind)) + ": " + l.change;
                if (!l.applicable) {
                    o += " — not applicable: " + l.note + "\n";
                    continue;
                }
                o += " → p50 " + unitMoney(l.figures.costPerUnitP50) + ", p95 " + unitMoney(l.figures.costPerUnitP95)
                    + " per unit (saves " + unitMoney(l.savingPerUnitP50) + " per unit, "
                    + formatMoney(l.savingPeakMonth) + " in the peak month); "
                    + (l.bringsUnder ? "meets every cost threshold"
                                     : "cost verdict after: " + std::string(gateVerdictName(l.costVerdictAfter)));
                if (!l.note.empty())
                    o += "; " + l.note;
                o += "\n";
            }
        }
        o += "\nOverall: " + upper(gateVerdictName(r.verdict)) + " (exit " + std::to_string(r.exitCode()) + ")";
        if (r.recommended) {
            const GateCandidateResult& c = r.candidates[*r.recommended];
            o += "; recommended: " + c.spec.provider + "/" + c.spec.model + (c.spec.batch ? " (batch)" : "") + " at "
                + unitMoney(c.figures.costPerUnitP50) + " per unit (p50)";
        } else {
            o += "; every candidate is rejected";
        }
        return o + "\n";
    }

    Result<std::string> readFile(const QString& path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            Error e;
            e.source = path.toStdString();
            e.message = "cannot open the spec: " + f.errorString().toStdString();
            e.hint = "Check the path";
            return e;
        }
        const QByteArray data = f.readAll();
        return std::string(data.constData(), size_t(data.size()));
    }

    // A store only when one exists or one is needed: evaluating a spec on a fresh machine creates nothing.
    Result<std::unique_ptr<Store>> storeFor(const CliInvocation& inv, bool write)
    {
        const std::string path = dbPathOf(inv);
        if (write)
            return openStore(path);
        if (!QFileInfo::exists(QString::fromStdString(path)))
            return std::unique_ptr<Store>();
        auto s = Store::open(path, Store::Mode::ReadOnly);
        if (!s) // an older schema: open it the normal way (migrating, with a backup)
            return openStore(path);
        return s;
    }

    int writePdf(const GateRecord& record, const QString& path)
    {
        auto r = writeGateSignoffPdf(record, path);
        if (!r) {
            fail(r.error());
            return kExitFailure;
        }
        err("inferledger: sign-off sheet written to " + path.toStdString());
        return 0;
    }

    int evaluate(const CliInvocation& inv, const QStringList& args)
    {
        QCommandLineParser p;
        p.addPositionalArgument(QStringLiteral("SPEC"), QStringLiteral("the gate spec (JSON)"));
        p.addOption({ QStringLiteral("format"), QStringLiteral("text|json"), QStringLiteral("FORMAT"),
                      QStringLiteral("text") });
        p.addOption(
            { QStringLiteral("record"), QStringLiteral("record the evaluation and decision as a new gate version") });
        p.addOption({ QStringLiteral("pdf"), QStringLiteral("write the sign-off sheet"), QStringLiteral("OUT") });
        p.addOption({ QStringLiteral("decision"), QStringLiteral("pending|approve|approve_with_conditions|reject"),
                      QStringLiteral("D"), QStringLiteral("pending") });
        p.addOption(
            { QStringLiteral("approver"), QStringLiteral("who signed off (repeatable)"), QStringLiteral("NAME") });
        p.addOption(
            { QStringLiteral("conditions"), QStringLiteral("conditions of an approval"), QStringLiteral("TEXT") });
        p.addOption({ QStringLiteral("notes"), QStringLiteral("notes"), QStringLiteral("TEXT") });
        p.addOption({ QStringLiteral("candidate"), QStringLiteral("index of the candidate launched with"),
                      QStringLiteral("N") });
        p.addOption(
            { QStringLiteral("no-live"), QStringLiteral("do not read live latency and accuracy from the store") });
        std::string e;
        if (!parseArgs(p, QStringLiteral("gate evaluate"), args, e))
            return usageError(e);
        const QStringList pos = p.positionalArguments();
        if (pos.size() != 1)
            return usageError("gate evaluate needs one SPEC.json");
        const QString format = p.value(QStringLiteral("format"));
        if (format != QStringLiteral("text") && format != QStringLiteral("json"))
            return usageError("--format must be text or json");
        const bool json = format == QStringLiteral("json");
        GateDecision decision;
        {
            auto k = parseGateDecision(p.value(QStringLiteral("decision")).toStdString());
            if (!k)
                return usageError("--decision must be pending, approve, approve_with_conditions or reject");
            decision.kind = *k;
            for (const QString& a : p.values(QStringLiteral("approver")))
                decision.approvers.push_back(a.toStdString());
            decision.conditions = p.value(QStringLiteral("conditions")).toStdString();
            decision.notes = p.value(QStringLiteral("notes")).toStdString();
            if (p.isSet(QStringLiteral("candidate"))) {
                bool ok = false;
                const int n = p.value(QStringLiteral("candidate")).toInt(&ok);
                if (!ok || n < 0)
                    return usageError("--candidate must be a candidate index (0, 1, …)");
                decision.chosenCandidate = n;
            }
            if (decision.kind != GateDecisionKind::Pending && !p.isSet(QStringLiteral("record"))
                && !p.isSet(QStringLiteral("pdf")))
                return usageError("--decision is recorded with --record (or printed with --pdf)");
        }

        auto invalid = [&](const Error& er) {
            if (json)
                out(gateErrorToJson(er).dump(2) + "\n");
            err("inferledger: invalid gate spec: " + er.toString());
            return kGateExitInvalid;
        };
        const std::string specPath = pos.front().toStdString();
        auto text = readFile(pos.front());
        if (!text)
            return invalid(text.error());
        auto spec = parseGateSpec(*text, specPath);
        if (!spec)
            return invalid(spec.error());

        const bool record = p.isSet(QStringLiteral("record"));
        auto store = storeFor(inv, record);
        if (!store) {
            fail(store.error());
            return kExitFailure;
        }
        PriceCatalogue catalogue;
        if (*store) {
            auto c = loadGateCatalogue(**store);
            if (!c) {
                fail(c.error());
                return kExitFailure;
            }
            catalogue = std::move(*c);
        } else {
            auto b = bundledCatalogue();
            if (!b) {
                fail(b.error());
                return kExitFailure;
            }
            catalogue.addAll(std::move(*b));
        }
        const int64_t day = spec->evaluationDateMs.value_or(floorTo(nowMs(), kMsPerDay));
        std::optional<GateLiveData> live;
        if (*store && !p.isSet(QStringLiteral("no-live"))) {
            // The latency pass scans every request: only when a latency target needs it.
        auto l = loadRecentGateLiveData(**store, catalogue, day, spec->thresholds.maxP95LatencyMs.has_value());
            if (!l) {
                fail(l.error());
                return kExitFailure;
            }
            live = std::move(*l);
        }
        GateEvaluationOptions opt;
        opt.todayMs = day;
        auto result = evaluateGate(*spec, catalogue, live ? &*live : nullptr, opt);
        if (!result) {
            Error er = result.error();
            if (er.source.empty())
                er.source = specPath;
            return invalid(er);
        }

        std::optional<GateRecord> recorded;
        if (record) {
            GateStore gates(**store);
            auto r = gates.record(*spec, *result, decision);
            if (!r) {
                Error er = r.error();
                if (!er.field.empty() && er.source.empty())
                    er.source = "--decision";
                fail(er);
                return kExitFailure;
            }
            recorded = std::move(*r);
            err("inferledger: recorded " + recorded->feature + " gate version " + std::to_string(recorded->version)
                + " (id " + std::to_string(recorded->id) + ", content hash " + recorded->contentHash + ")");
        } else if (auto er = validateGateDecision(decision, *result)) {
            return usageError(er->toString());
        }

        if (json) {
            nlohmann::json j = gateResultToJson(*result);
            if (recorded)
                j["record"]
                    = { { "id", recorded->id },
                        { "version", recorded->version },
                        { "content_hash", recorded->contentHash },
                        { "supersedes_id",
                          recorded->supersedesId ? nlohmann::json(*recorded->supersedesId) : nlohmann::json(nullptr) },
                        { "decision", gateDecisionToJson(recorded->decision) } };
            out(j.dump(2) + "\n");
        } else {
            out(textReport(*spec, *result));
            if (recorded)
                out("Recorded as version " + std::to_string(recorded->version) + " (id " + std::to_string(recorded->id)
                    + "), content hash " + recorded->contentHash + "\n");
        }
        if (p.isSet(QStringLiteral("pdf"))) {
            const GateRecord sheet = recorded ? *recorded : draftGateRecord(*spec, *result, decision);
            if (int rc = writePdf(sheet, p.value(QStringLiteral("pdf"))); rc != 0)
                return rc;
        }
        return result->exitCode();
    }

    Result<GateRecord> recordById(Store& store, const QString& idText)
    {
        bool ok = false;
        const qlonglong id = idText.toLongLong(&ok);
        Error e;
        e.source = "gate " + idText.toStdString();
        e.hint = "`inferledger gate list` shows the ids";
        if (!ok || id <= 0) {
            e.message = "not a gate id";
            return e;
        }
        auto r = GateStore(store).byId(id);
        if (!r)
            return r.error();
        if (!*r) {
            e.message = "no such gate";
            return e;
        }
        return std::move(**r);
    }

    int list(const CliInvocation& inv, const QStringList& args)
    {
        QCommandLineParser p;
        p.addOption({ QStringLiteral("format"), QStringLiteral("text|json"), QStringLiteral("FORMAT"),
                      QStringLiteral("text") });
        p.addOption({ QStringLiteral("feature"), QStringLiteral("only this feature"), QStringLiteral("F") });
        std::string e;
        if (!parseArgs(p, QStringLiteral("gate list"), args, e))
            return usageError(e);
        auto store = openStore(dbPathOf(inv));
        if (!store)
            return fail(store.error(), kExitFailure);
        auto gates = GateStore(**store).list(p.value(QStringLiteral("feature")).toStdString());
        if (!gates)
            return fail(gates.error(), kExitFailure);
        if (p.value(QStringLiteral("format")) == QStringLiteral("json")) {
            nlohmann::json arr = nlohmann::json::array();
            for (const GateRecord& g : *gates)
                arr.push_back({ { "id", g.id },
                                { "feature", g.feature },
                                { "version", g.version },
                                { "verdict", g.verdict },
                                { "decision", gateDecisionName(g.decision.kind) },
                                { "approvers", g.decision.approvers },
                                { "recorded_at", formatIsoTimestamp(g.recordedAtMs) },
                                { "content_hash", g.contentHash },
                                { "supersedes_id",
                                  g.supersedesId ? nlohmann::json(*g.supersedesId) : nlohmann::json(nullptr) } });
            out(arr.dump(2) + "\n");
            return 0;
        }
        if (gates->empty()) {
            out("No gates recorded. `inferledger gate evaluate SPEC.json --record` records one.\n");
            return 0;
        }
        std::string o = pad("id", 5) + pad("feature", 24) + pad("ver", 5) + pad("verdict", 10) + pad("decision", 26)
            + pad("recorded", 22) + "content hash\n";
        for (const GateRecord& g : *gates)
            o += pad(std::to_string(g.id), 5) + pad(g.feature, 24) + pad(std::to_string(g.version), 5)
                + pad(g.verdict, 10) + pad(gateDecisionName(g.decision.kind), 26)
                + pad(formatIsoTimestamp(g.recordedAtMs), 22) + g.contentHash.substr(0, 16) + "…\n";
        out(o);
        return 0;
    }

    int show(const CliInvocation& inv, const QStringList& args)
    {
        QCommandLineParser p;
        p.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("gate id"));
        p.addOption({ QStringLiteral("pdf"), QStringLiteral("write the sign-off sheet"), QStringLiteral("OUT") });
        std::string e;
        if (!parseArgs(p, QStringLiteral("gate show"), args, e))
            return usageError(e);
        if (p.positionalArguments().size() != 1)
            return usageError("gate show needs one ID");
        auto store = openStore(dbPathOf(inv));
        if (!store)
            return fail(store.error(), kExitFailure);
        auto g = recordById(**store, p.positionalArguments().front());
        if (!g)
            return fail(g.error(), kExitFailure);
        out(gateRecordToJson(*g).dump(2) + "\n");
        if (p.isSet(QStringLiteral("pdf")))
            return writePdf(*g, p.value(QStringLiteral("pdf")));
        return 0;
    }

    int verify(const CliInvocation& inv, const QStringList& args)
    {
        if (args.size() > 1)
            return usageError("gate verify takes at most one ID");
        auto store = openStore(dbPathOf(inv));
        if (!store)
            return fail(store.error(), kExitFailure);
        std::vector<GateRecord> gates;
        if (args.size() == 1) {
            auto g = recordById(**store, args.front());
            if (!g)
                return fail(g.error(), kExitFailure);
            gates.push_back(std::move(*g));
        } else {
            auto all = GateStore(**store).list();
            if (!all)
                return fail(all.error(), kExitFailure);
            gates = std::move(*all);
        }
        int bad = 0;
        for (const GateRecord& g : gates) {
            auto r = GateStore::verify(g);
            if (!r) {
                ++bad;
                fail(r.error());
            } else {
                out("ok  gate " + std::to_string(g.id) + " " + g.feature + " v" + std::to_string(g.version) + " "
                    + g.contentHash + "\n");
            }
        }
        return bad ? kExitFailure : 0;
    }

    int track(const CliInvocation& inv, const QStringList& args)
    {
        QCommandLineParser p;
        p.addOption({ QStringLiteral("format"), QStringLiteral("text|json"), QStringLiteral("FORMAT"),
                      QStringLiteral("text") });
        p.addOption({ QStringLiteral("feature"), QStringLiteral("only this feature"), QStringLiteral("F") });
        std::string e;
        if (!parseArgs(p, QStringLiteral("gate track"), args, e))
            return usageError(e);
        auto store = openStore(dbPathOf(inv));
        if (!store)
            return fail(store.error(), kExitFailure);
        auto rows = gateTracking(**store, p.value(QStringLiteral("feature")).toStdString());
        if (!rows)
            return fail(rows.error(), kExitFailure);
        if (p.value(QStringLiteral("format")) == QStringLiteral("json")) {
            out(gateTrackingToJson(*rows).dump(2) + "\n");
            return 0;
        }
        std::string o;
        for (const GateTrackingRow& r : *rows) {
            o += r.feature + " (gate v" + std::to_string(r.version) + ", " + r.decision + ", launched "
                + formatIsoDate(r.launchMs) + "): estimate "
                + (r.estimateP50 ? unitMoney(*r.estimateP50) : std::string("—")) + ", threshold "
                + unitMoney(r.threshold) + (r.breach ? "  BREACH" : "") + "\n";
            for (const GateTrackingPeriod& pd : r.periods)
                o += "  " + formatIsoDate(pd.fromMs) + " .. " + formatIsoDate(pd.toMs - 1)
                    + (pd.partial ? " (partial)" : "") + ": actual "
                    + (pd.actualCostPerUnit ? unitMoney(*pd.actualCostPerUnit) : std::string("—")) + " per unit"
                    + (pd.breach ? "  over the threshold" : "") + "\n";
            if (!r.note.empty())
                o += "  " + r.note + "\n";
        }
        out(o.empty() ? std::string("No gates recorded.\n") : o);
        return 0;
    }

    int run(const CliInvocation& inv)
    {
        if (inv.args.isEmpty())
            return usageError("gate needs a subcommand: evaluate, list, show, verify or track");
        const QString sub = inv.args.front();
        const QStringList rest = inv.args.mid(1);
        if (sub == QStringLiteral("evaluate"))
            return evaluate(inv, rest);
        if (sub == QStringLiteral("list"))
            return list(inv, rest);
        if (sub == QStringLiteral("show"))
            return show(inv, rest);
        if (sub == QStringLiteral("verify"))
            return verify(inv, rest);
        if (sub == QStringLiteral("track"))
            return track(inv, rest);
        return usageError("unknown gate command '" + sub.toStdString() + "' (evaluate, list, show, verify, track)");
    }

    const bool kRegistered = il::cli::registerCommand(
        { "gate", &run,
          "  gate evaluate SPEC.json [--format text|json] [--record] [--pdf OUT] [--decision D]\n"
          "                [--approver NAME]... [--conditions TEXT] [--notes TEXT] [--candidate N] [--no-live]\n"
          "                                 cost gate: exit 0 pass, 1 flagged, 2 rejected, 3 invalid spec "
          "(docs/GATE.md)\n"
          "  gate list [--feature F] [--format text|json] | gate show ID [--pdf OUT] | gate verify [ID]\n"
          "                                 recorded gate versions, their content hashes and sign-off sheets\n"
          "  gate track [--feature F] [--format text|json]\n"
          "                                 actual cost per unit after launch against the gate's estimate\n" });

} // namespace

} // namespace il
