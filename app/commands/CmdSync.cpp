// SPDX-License-Identifier: GPL-3.0-or-later
// `inferledger sync [NAME] [--from D] [--to D]`: pull from the configured API connectors, incrementally. Progress on
// stderr; Ctrl-C stops after rolling back the batch in flight (batches already committed, and their watermark, stay).
#include "CliSupport.h"
#include "ConnectorSync.h"
#include "FileConnectorSync.h"

#include "domain/Time.h"

#include <QCommandLineParser>

#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace il {

using namespace il::cli;

namespace {

    std::atomic<bool> g_cancel { false };
    static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

    extern "C" void onInterrupt(int)
    {
        g_cancel.store(true);
    }

    // A date (UTC midnight) or a full timestamp. `inclusiveDay`: a bare date for --to means the end of that day.
    std::optional<int64_t> parseWhen(const QString& text, bool inclusiveDay)
    {
        const std::string s = text.trimmed().toStdString();
        if (auto d = parseDateMs(s); d && s.size() == 10)
            return inclusiveDay ? *d + kMsPerDay : *d;
        return parseTimestampMs(s);
    }

    std::string period(int64_t from, int64_t to)
    {
        return formatIsoTimestamp(from) + " .. " + formatIsoTimestamp(to);
    }

    std::string summaryLine(const SyncRunReport& r)
    {
        std::string o = r.connector + ": ";
        if (isFileImportType(r.type))
            return o + fileSyncSummary(r) + "\n";
        if (r.window.toMs <= r.window.fromMs && !r.error)
            return o + "nothing to sync (up to date)\n";
        o += period(r.window.fromMs, r.window.toMs) + ", " + std::to_string(r.batchesCommitted) + " of "
            + std::to_string(r.batches) + " batches stored: ";
        std::vector<std::string> parts;
        if (r.type == "prometheus") {
            parts.push_back(std::to_string(r.gpuAdded) + " GPU samples added");
            if (r.skippedSamples)
                parts.push_back(std::to_string(r.skippedSamples) + " NaN values skipped");
        } else {
            parts.push_back(std::to_string(r.usageAdded) + " usage buckets added, " + std::to_string(r.usageCorrected)
                            + " corrected");
            parts.push_back(std::to_string(r.costAdded) + " cost buckets added, " + std::to_string(r.costCorrected)
                            + " corrected");
            if (r.pruned)
                parts.push_back(std::to_string(r.pruned) + " no longer reported and removed");
        }
        for (size_t i = 0; i < parts.size(); ++i)
            o += (i ? "; " : "") + parts[i];
        if (r.watermarkMs)
            o += "; data complete up to " + formatIsoTimestamp(*r.watermarkMs);
        return o + "\n";
    }

    int run(const CliInvocation& inv)
    {
        QCommandLineParser p;
        p.addOption(
            { QStringLiteral("from"), QStringLiteral("first day (UTC), or a timestamp"), QStringLiteral("DATE") });
        p.addOption(
            { QStringLiteral("to"), QStringLiteral("last day, inclusive (default: now)"), QStringLiteral("DATE") });
        p.addOption({ QStringLiteral("format"), QStringLiteral("text|json"), QStringLiteral("FORMAT"),
                      QStringLiteral("text") });
        p.addOption({ QStringLiteral("quiet"), QStringLiteral("no progress on stderr") });
        p.addOption(
            { QStringLiteral("verbose"), QStringLiteral("every HTTP request and retry on stderr (keys redacted)") });
        std::string e;
        if (!parseArgs(p, inv.command, inv.args, e))
            return usageError(e);
        const QString format = p.value(QStringLiteral("format"));
        if (format != QStringLiteral("text") && format != QStringLiteral("json"))
            return usageError("--format must be text or json");
        if (p.positionalArguments().size() > 1)
            return usageError("sync takes at most one connector NAME");
        SyncRequest request;
        if (p.isSet(QStringLiteral("from"))) {
            request.fromMs = parseWhen(p.value(QStringLiteral("from")), false);
            if (!request.fromMs)
                return usageError("--from must be a date like 2026-03-01 (or an RFC 3339 timestamp)");
        }
        if (p.isSet(QStringLiteral("to"))) {
            request.toMs = parseWhen(p.value(QStringLiteral("to")), true);
            if (!request.toMs)
                return usageError("--to must be a date like 2026-03-31 (or an RFC 3339 timestamp)");
        }
        if (request.fromMs && request.toMs && *request.toMs <= *request.fromMs)
            return usageError("--to is before --from");

        auto store = openStore(dbPathOf(inv));
        if (!store)
            return fail(store.error());
        std::vector<ConnectorStatus> targets;
        if (p.positionalArguments().size() == 1) {
            auto s = connectorStatus(**store, p.positionalArguments().front().toStdString());
            if (!s)
                return fail(s.error());
            targets.push_back(std::move(*s));
        } else {
            auto all = listConnectors(**store);
            if (!all)
                return fail(all.error());
            targets = std::move(*all);
            if (targets.empty()) {
                Error er = makeError("no connectors are configured",
                                     "Add one with `inferledger connector add NAME --type openai --key-env VAR`");
                return fail(er);
            }
        }

        g_cancel.store(false);
        struct sigaction sa { };
        sa.sa_handler = &onInterrupt;
        sigemptyset(&sa.sa_mask);
        struct sigaction oldInt {
        }, oldTerm {};
        sigaction(SIGINT, &sa, &oldInt);
        sigaction(SIGTERM, &sa, &oldTerm);
        request.cancel = &g_cancel;

        const bool quiet = p.isSet(QStringLiteral("quiet"));
        const bool tty = isatty(STDERR_FILENO) != 0;
        request.progress = [quiet, tty](const SyncProgress& pr, int batch, int batches) {
            if (quiet || !tty)
                return; // page-by-page detail only where it is rewritten in place
            if (pr.bytesTotal > 0)
                std::fprintf(stderr, "\rsync %s: file %d/%d, %s %d%%   ", pr.connector.c_str(), batch, batches,
                             pr.stage.c_str() + 5, int(pr.bytesDone * 100 / pr.bytesTotal));
            else
                std::fprintf(stderr, "\rsync %s: batch %d/%d, %s page %d, %lld records   ", pr.connector.c_str(),
                             batch, batches, pr.stage.c_str(), pr.pages, static_cast<long long>(pr.records));
            std::fflush(stderr);
        };
        request.batchCommitted = [quiet, tty](const SyncBatchReport& b) {
            if (quiet)
                return;
            if (!b.file.empty()) {
                std::fprintf(stderr, "%ssync %s: file %d/%d stored (%s): %lld added, %lld replaced\n", tty ? "\r" : "",
                             b.connector.c_str(), b.batch, b.batches, b.file.c_str(), static_cast<long long>(b.added),
                             static_cast<long long>(b.corrected));
                std::fflush(stderr);
                return;
            }
            std::fprintf(stderr,
                         "%ssync %s: batch %d/%d stored (%s): %lld added, %lld corrected; data complete up to %s\n",
                         tty ? "\r" : "", b.connector.c_str(), b.batch, b.batches,
                         period(b.window.fromMs, b.window.toMs).c_str(), static_cast<long long>(b.added),
                         static_cast<long long>(b.corrected), formatIsoTimestamp(b.watermarkMs).c_str());
            std::fflush(stderr);
        };

        if (p.isSet(QStringLiteral("verbose")))
            request.httpLog = [](std::string_view line) {
                std::fprintf(stderr, "http: %.*s\n", int(line.size()), line.data());
                std::fflush(stderr);
            };

        KeychainSecretStore keychain;
        nlohmann::json reports = nlohmann::json::array();
        int failures = 0;
        bool cancelled = false;
        for (const ConnectorStatus& target : targets) {
            if (g_cancel.load()) {
                cancelled = true;
                break;
            }
            SyncRunReport report;
            auto key = connectorKey(target.config, &keychain);
            if (!key) {
                report.connector = target.config.name;
                report.type = target.config.type;
                report.error = key.error();
                (void)recordSyncFailure(**store, target.config.name, key.error());
            } else {
                report = syncConnector(**store, target.config, *key, request);
            }
            reports.push_back(syncReportToJson(report));
            if (report.cancelled) {
                cancelled = true;
                err("inferledger: sync of " + report.connector
                    + " cancelled: " + std::to_string(report.batchesCommitted) + " of " + std::to_string(report.batches)
                    + " batches were stored"
                    + (report.watermarkMs ? ", data complete up to " + formatIsoTimestamp(*report.watermarkMs)
                                          : std::string())
                    + ". Run `inferledger sync " + report.connector + "` again to continue.");
            } else if (report.error) {
                ++failures;
                fail(*report.error);
                if (report.batchesCommitted > 0 && isFileImportType(report.type))
                    err("inferledger: " + std::to_string(report.batchesCommitted) + " of "
                        + std::to_string(report.batches) + " files of " + report.connector
                        + " were stored before the error; the next sync reads the others again.");
                else if (report.batchesCommitted > 0)
                    err("inferledger: " + std::to_string(report.batchesCommitted) + " of "
                        + std::to_string(report.batches) + " batches of " + report.connector
                        + " were stored before the error; the next sync continues from "
                        + formatIsoTimestamp(*report.watermarkMs) + ".");
            }
            if (format == QStringLiteral("text") && !report.cancelled
                && !(report.error && report.batchesCommitted == 0))
                out(summaryLine(report));
        }
        sigaction(SIGINT, &oldInt, nullptr);
        sigaction(SIGTERM, &oldTerm, nullptr);
        if (format == QStringLiteral("json"))
            out(reports.dump(2) + "\n");
        if (cancelled)
            return 130;
        return failures ? 1 : 0;
    }

    const bool kRegistered = cli::registerCommand(
        { "sync", &run,
          "  sync [NAME] [--from D] [--to D] [--format text|json] [--quiet|--verbose]\n"
          "                                 pull usage, costs and GPU telemetry from the configured connectors,\n"
          "                                 and new or changed files from focus and otlp folder connectors;\n"
          "                                 by default from the last sync (less a 2-day lookback for late\n"
          "                                 corrections) to now; re-syncing a period replaces it, never doubles "
          "it\n" });

} // namespace

} // namespace il
