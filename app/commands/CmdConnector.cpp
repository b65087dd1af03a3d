// SPDX-License-Identifier: GPL-3.0-or-later
// `inferledger connector add|list|test|remove`: API connector configurations. Keys never go in the store: they come
// from an environment variable (--key-env VAR) or the OS keychain.
#include "CliSupport.h"
#include "ConnectorSync.h"

#include "domain/Time.h"

#include <QCommandLineParser>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace il {

using namespace il::cli;

namespace {

    // One line from standard input; hidden and prompted for on a terminal.
    std::string readKeyFromStdin(const std::string& connector)
    {
        const bool tty = isatty(STDIN_FILENO) != 0;
        termios old {};
        if (tty) {
            std::fprintf(stderr, "API key for connector '%s' (input hidden): ", connector.c_str());
            std::fflush(stderr);
            tcgetattr(STDIN_FILENO, &old);
            termios quiet = old;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
        std::string line;
        std::getline(std::cin, line);
        if (tty) {
            tcsetattr(STDIN_FILENO, TCSANOW, &old);
            std::fprintf(stderr, "\n");
        }
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.pop_back();
        return line;
    }

    std::string describeKey(const ConnectorConfig& c)
    {
        switch (c.keyStorage) {
        case KeyStorage::Env:
            return "key from $" + c.keyEnv;
        case KeyStorage::Keychain:
            return "key in the OS keychain";
        case KeyStorage::None:
            return "no key";
        }
        return {};
    }

    int cmdAdd(const CliInvocation& inv, const QStringList& rest)
    {
        QCommandLineParser p;
        p.addOption({ QStringLiteral("type"), QStringLiteral("openai|anthropic|prometheus"), QStringLiteral("TYPE") });
        p.addOption({ QStringLiteral("base-url"), QStringLiteral("the API's address"), QStringLiteral("URL") });
        p.addOption({ QStringLiteral("key-env"), QStringLiteral("environment variable that holds the key"),
                      QStringLiteral("VAR") });
        p.addOption(
            { QStringLiteral("key-stdin"), QStringLiteral("read the key from standard input into the OS keychain") });
        p.addOption(
            { QStringLiteral("option"), QStringLiteral("KEY=VALUE (repeatable)"), QStringLiteral("KEY=VALUE") });
        std::string e;
        if (!parseArgs(p, QStringLiteral("connector add"), rest, e))
            return usageError(e);
        const QStringList pos = p.positionalArguments();
        if (pos.size() != 1)
            return usageError("connector add needs one NAME");
        if (!p.isSet(QStringLiteral("type")))
            return usageError("connector add needs --type openai|anthropic|prometheus");
        ConnectorConfig c;
        c.name = pos.front().toStdString();
        c.type = p.value(QStringLiteral("type")).toLower().toStdString();
        c.baseUrl = p.value(QStringLiteral("base-url")).toStdString();
        for (const QString& kv : p.values(QStringLiteral("option"))) {
            const qsizetype eq = kv.indexOf(QLatin1Char('='));
            if (eq <= 0)
                return usageError("--option needs KEY=VALUE, got '" + kv.toStdString() + "'");
            c.options[kv.left(eq).trimmed().toStdString()] = kv.mid(eq + 1).trimmed().toStdString();
        }
        const bool keyEnv = p.isSet(QStringLiteral("key-env"));
        const bool keyStdin = p.isSet(QStringLiteral("key-stdin"));
        if (keyEnv && keyStdin)
            return usageError("pass either --key-env VAR or --key-stdin, not both");
        if (keyEnv) {
            c.keyStorage = KeyStorage::Env;
            c.keyEnv = p.value(QStringLiteral("key-env")).toStdString();
        } else if (keyStdin || connectorNeedsKey(c.type)) {
            c.keyStorage = KeyStorage::Keychain;
        } else {
            c.keyStorage = KeyStorage::None;
        }
        // Everything that can be checked without the key first, so nobody types a key for a doomed connector.
        if (auto v = validateConnectorConfig(c); !v)
            return fail(v.error());
        auto store = openStore(dbPathOf(inv));
        if (!store)
            return fail(store.error());
        KeychainSecretStore keychain;
        std::string key;
        if (c.keyStorage == KeyStorage::Keychain) {
            // A probe: a working keychain says "no key stored" for a new name; a missing one says to use --key-env.
            auto probe = keychain.get(c.name);
            if (!probe && probe.error().message.find("no API key is stored") == std::string::npos)
                return fail(probe.error());
            key = readKeyFromStdin(c.name);
            if (key.empty()) {
                Error er = makeError(
                    "no API key was given on standard input for connector '" + c.name + "'",
                    "Type or pipe the key, or pass --key-env VAR where the environment variable VAR holds it");
                return fail(er);
            }
        }
        if (auto r = addConnector(**store, c, &keychain, key); !r)
            return fail(r.error());
        const std::string where = isFileImportType(c.type) ? c.option("path")
            : c.baseUrl.empty()                             ? defaultBaseUrl(c.type)
                                                            : c.baseUrl;
        out("Added connector " + c.name + " (" + c.type + ", " + where + ", " + describeKey(c) + ").\n"
            + "Check it with `inferledger connector test " + c.name + "`, then pull data with `inferledger sync "
            + c.name + "`.\n");
        return 0;
    }

    int cmdList(const CliInvocation& inv, const QStringList& rest)
    {
        QCommandLineParser p;
        p.addOption({ QStringLiteral("format"), QStringLiteral("text|json"), QStringLiteral("FORMAT"),
                      QStringLiteral("text") });
        std::string e;
        if (!parseArgs(p, QStringLiteral("connector list"), rest, e))
            return usageError(e);
        const QString format = p.value(QStringLiteral("format"));
        if (format != QStringLiteral("text") && format != QStringLiteral("json"))
            return usageError("--format must be text or json");
        if (!p.positionalArguments().isEmpty())
            return usageError("connector list takes no arguments");
        auto store = openStore(dbPathOf(inv));
        if (!store)
            return fail(store.error());
        auto list = listConnectors(**store);
        if (!list)
            return fail(list.error());
        if (format == QStringLiteral("json")) {
            nlohmann::json j = nlohmann::json::array();
            for (const ConnectorStatus& s : *list)
                j.push_back(connectorStatusToJson(s));
            out(j.dump(2) + "\n");
            return 0;
        }
        if (list->empty()) {
            out("No connectors. Add one with `inferledger connector add NAME --type openai|anthropic|prometheus "
                "--key-env VAR`,\nor for a folder of exports `inferledger connector add NAME --type focus|otlp "
                "--option path=FOLDER`.\n");
            return 0;
        }
        std::string o;
        for (const ConnectorStatus& s : *list) {
            const ConnectorConfig& c = s.config;
            o += c.name + "  " + c.type + "  " + (c.baseUrl.empty() ? defaultBaseUrl(c.type) : c.baseUrl) + "  "
                + describeKey(c) + "\n";
            for (const auto& [k, v] : c.options)
                o += "    option " + k + "=" + v + "\n";
            const SyncState& st = s.state;
            if (!st.lastAttemptMs) {
                o += "    never synced\n";
                continue;
            }
            o += "    last success: "
                + (st.lastSuccessMs ? formatIsoTimestamp(*st.lastSuccessMs) : std::string("never"))
                + "; last run added " + std::to_string(st.rowsAdded) + " rows, corrected "
                + std::to_string(st.rowsUpdated) + " (" + std::to_string(st.rowsTotal) + " added in all)\n";
            if (st.watermarkMs)
                o += "    data complete up to " + formatIsoTimestamp(*st.watermarkMs) + "\n";
            if (!st.lastError.empty())
                o += "    last error (" + (st.lastErrorMs ? formatIsoTimestamp(*st.lastErrorMs) : std::string())
                    + "): " + st.lastError + "\n";
        }
        out(o);
        return 0;
    }

    int cmdTest(const CliInvocation& inv, const QStringList& rest)
    {
        if (rest.size() != 1)
            return usageError("connector test needs one NAME");
        auto store = openStore(dbPathOf(inv));
        if (!store)
            return fail(store.error());
        auto status = connectorStatus(**store, rest.front().toStdString());
        if (!status)
            return fail(status.error());
        KeychainSecretStore keychain;
        auto key = connectorKey(status->config, &keychain);
        if (!key)
            return fail(key.error());
        auto result = testConnector(status->config, *key);
        if (!result)
            return fail(result.error());
        out(*result + "\n");
        return 0;
    }

    int cmdRemove(const CliInvocation& inv, const QStringList& rest)
    {
        QCommandLineParser p;
        p.addOption({ QStringLiteral("purge"),
                      QStringLiteral("also delete the usage and cost buckets, GPU samples and FOCUS billing lines it "
                                     "brought in (an otlp connector's requests stay)") });
        std::string e;
        if (!parseArgs(p, QStringLiteral("connector remove"), rest, e))
            return usageError(e);
        if (p.positionalArguments().size() != 1)
            return usageError("connector remove needs one NAME");
        const std::string name = p.positionalArguments().front().toStdString();
        auto store = openStore(dbPathOf(inv));
        if (!store)
            return fail(store.error());
        KeychainSecretStore keychain;
        std::string warning;
        auto removed = removeConnector(**store, name, p.isSet(QStringLiteral("purge")), &keychain, &warning);
        if (!removed)
            return fail(removed.error());
        if (!*removed) {
            Error er = makeError("no connector is named '" + name + "'",
                                 "`inferledger connector list` shows the configured connectors");
            return fail(er);
        }
        if (!warning.empty())
            err("inferledger: note: connector '" + name + "' was removed, but " + warning);
        out("Removed connector " + name
            + (p.isSet(QStringLiteral("purge"))
                   ? " and the usage and cost buckets, GPU samples and billing lines it brought in.\n"
                   : ". The data it brought in stays in the store (use --purge to delete it).\n"));
        return 0;
    }

    int run(const CliInvocation& inv)
    {
        if (inv.args.isEmpty())
            return usageError("connector needs add, list, test or remove");
        const QString sub = inv.args.front();
        const QStringList rest = inv.args.mid(1);
        if (sub == QStringLiteral("add"))
            return cmdAdd(inv, rest);
        if (sub == QStringLiteral("list"))
            return cmdList(inv, rest);
        if (sub == QStringLiteral("test"))
            return cmdTest(inv, rest);
        if (sub == QStringLiteral("remove"))
            return cmdRemove(inv, rest);
        return usageError("unknown connector command '" + sub.toStdString() + "' (add, list, test, remove)");
    }

    const bool kRegistered = cli::registerCommand(
        { "connector", &run,
          "  connector add NAME --type openai|anthropic|prometheus [--base-url URL] [--key-env VAR | --key-stdin]\n"
          "                [--option KEY=VALUE]...\n"
          "                                 configure an API connector; the key stays in VAR or the OS keychain\n"
          "                                 options: bucket_width=1h|1d, project.<id>=FEATURE (openai),\n"
          "                                 workspace.<id>=FEATURE (anthropic), metrics=A,B step=SECONDS selector=L\n"
          "                                 (prometheus), lookback_days, initial_days, batch_days, timeout, retries\n"
          "  connector list [--format text|json]\n"
          "                                 connectors with their last success, last error and rows added\n"
          "  connector test NAME            one authenticated request: is the connector set up right?\n"
          "  connector remove NAME [--purge]\n"
          "                                 forget a connector (--purge: and the buckets and GPU samples it\n"
          "                                 brought in)\n" });

} // namespace

} // namespace il
