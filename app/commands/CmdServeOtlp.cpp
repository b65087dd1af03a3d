// SPDX-License-Identifier: GPL-3.0-or-later
// `inferledger serve-otlp [--port 4318]`: an OTLP/HTTP JSON receiver on 127.0.0.1 that stores the GenAI
// spans it is sent, one transaction per POST, until SIGINT or SIGTERM. One line per batch on stderr.
#include "CliSupport.h"

#include "otlp/OtlpReceiver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace il {

using namespace il::cli;

namespace {

    // The self-pipe: a signal handler may only write(); the event loop reads it and quits.
    int g_signalPipe[2] = { -1, -1 };

    extern "C" void onStopSignal(int)
    {
        const char c = 1;
        [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &c, 1);
    }

    int run(const CliInvocation& inv)
    {
        QCommandLineParser p;
        p.addOption({ QStringLiteral("port"), QStringLiteral("TCP port on 127.0.0.1 (0: any free port)"),
                      QStringLiteral("PORT"), QStringLiteral("4318") });
        p.addOption({ QStringLiteral("attr-feature"), QStringLiteral("feature attribute keys, comma-separated"),
                      QStringLiteral("KEYS") });
        p.addOption(
            { QStringLiteral("attr-eval"), QStringLiteral("eval score attribute keys"), QStringLiteral("KEYS") });
        p.addOption(
            { QStringLiteral("attr-cache"), QStringLiteral("cache outcome attribute keys"), QStringLiteral("KEYS") });
        p.addOption({ QStringLiteral("otlp-input"), QStringLiteral("auto|total|anthropic-raw"), QStringLiteral("MODE"),
                      QStringLiteral("auto") });
        p.addOption({ QStringLiteral("max-body-mb"), QStringLiteral("largest accepted request body, MiB"),
                      QStringLiteral("N"), QStringLiteral("64") });
        std::string e;
        if (!parseArgs(p, inv.command, inv.args, e))
            return usageError(e);
        bool ok = false;
        const uint port = p.value(QStringLiteral("port")).toUInt(&ok);
        if (!ok || port > 65535)
            return usageError("--port must be a number from 0 to 65535");
        const qlonglong maxMb = p.value(QStringLiteral("max-body-mb")).toLongLong(&ok);
        if (!ok || maxMb < 1 || maxMb > 4096)
            return usageError("--max-body-mb must be a number from 1 to 4096");
        OtlpReceiver::Options options;
        options.port = quint16(port);
        options.maxBodyBytes = maxMb << 20;
        auto keys = [&](const char* name, std::vector<std::string>& dst) {
            if (p.isSet(QString::fromLatin1(name)))
                dst = OtlpAttributeKeys::parseList(p.value(QString::fromLatin1(name)).toStdString());
        };
        keys("attr-feature", options.read.keys.feature);
        keys("attr-eval", options.read.keys.evalScore);
        keys("attr-cache", options.read.keys.cache);
        auto convention = parseOtlpInputConvention(p.value(QStringLiteral("otlp-input")).toStdString());
        if (!convention)
            return usageError("--otlp-input must be auto, total or anthropic-raw");
        options.read.inputConvention = *convention;

        auto store = openStore(dbPathOf(inv));
        if (!store)
            return fail(store.error());
        // Prices as the store holds them at each batch: a catalogue imported while the receiver runs applies at once.
        LiveCatalogue prices;
        if (auto c = prices.get(**store); !c)
            return fail(c.error());

        std::string source;
        OtlpReceiver receiver(
            options, [&](std::span<const RequestRecord> records, const OtlpReadStats& read) -> Result<void> {
                // A fresh Ingestor per batch: its id caches must not outlive a rolled-back transaction.
                auto catalogue = prices.get(**store);
                if (!catalogue)
                    return catalogue.error();
                Ingestor ingest(**store, **catalogue);
                if (auto r = ingest.begin(source, "otlp"); !r)
                    return r;
                if (auto r = ingest.addRequests(records); !r) {
                    ingest.rollback(r.error().toString());
                    return r;
                }
                auto stats = ingest.commit();
                if (!stats)
                    return stats.error();
                char line[512];
                std::snprintf(
                    line, sizeof line,
                    "otlp: %lld spans: %lld added, %lld already stored, %lld skipped (no GenAI usage or agent "
                    "aggregate), %lld rejected%s",
                    static_cast<long long>(read.spans), static_cast<long long>(stats->requestsAdded),
                    static_cast<long long>(stats->requestsDuplicate), static_cast<long long>(read.skipped()),
                    static_cast<long long>(read.rejected), stats->unpriced ? ", some UNPRICED" : "");
                err(line);
                if (read.rejected)
                    err("otlp:   first rejected span: " + read.firstRejection);
                return {};
            });
        // Batches without a single GenAI span never reach the handler; say so all the same.
        QObject::connect(&receiver, &OtlpReceiver::batchProcessed, &receiver,
                         [](qint64 spans, qint64 records, qint64 skipped, qint64 rejected) {
                             if (records == 0)
                                 err("otlp: " + std::to_string(spans) + " spans: 0 with GenAI usage, "
                                     + std::to_string(skipped) + " skipped, " + std::to_string(rejected) + " rejected");
                         });
        QObject::connect(&receiver, &OtlpReceiver::requestFailed, &receiver, [](int status, const QString& message) {
            err("otlp: answered " + std::to_string(status) + ": " + message.toStdString());
        });
        if (auto r = receiver.listen(); !r)
            return fail(r.error());
        source = "otlp-http 127.0.0.1:" + std::to_string(receiver.port());

        if (::pipe(g_signalPipe) != 0) {
            Error er;
            er.message = "cannot set up signal handling";
            return fail(er);
        }
        QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
        QObject::connect(&notifier, &QSocketNotifier::activated, &notifier, [] {
            char c;
            [[maybe_unused]] const ssize_t n = ::read(g_signalPipe[0], &c, 1);
            QCoreApplication::quit();
        });
        struct sigaction sa = {};
        sa.sa_handler = onStopSignal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, nullptr);
        sigaction(SIGTERM, &sa, nullptr);

        err("inferledger: receiving OTLP/HTTP JSON traces on http://127.0.0.1:" + std::to_string(receiver.port())
            + "/v1/traces into " + dbPathOf(inv) + " (Ctrl-C stops)");
        std::fflush(stderr);
        QCoreApplication::exec();
        receiver.close();
        const OtlpReadStats& t = receiver.totals();
        err("inferledger: stopped; " + std::to_string(t.spans) + " spans received, " + std::to_string(t.records)
            + " with GenAI usage, " + std::to_string(t.skipped()) + " skipped, " + std::to_string(t.rejected)
            + " rejected");
        ::close(g_signalPipe[0]);
        ::close(g_signalPipe[1]);
        return 0;
    }

    const bool kRegistered = registerCommand({ "serve-otlp", &run,
                                               "  serve-otlp [--port 4318] [--attr-feature KEYS] [--attr-eval KEYS] "
                                               "[--attr-cache KEYS] [--otlp-input MODE]\n"
                                               "                                 receive OpenTelemetry GenAI spans "
                                               "(OTLP/HTTP JSON) on 127.0.0.1 until Ctrl-C\n" });

} // namespace

} // namespace il
