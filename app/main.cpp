// SPDX-License-Identifier: GPL-3.0-or-later
// Entry point: a command runs headless on QCoreApplication; no command opens the dashboard.
#include "Cli.h"
#include "GuiLauncher.h"
#include "Workflows.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <algorithm>
#include <cstdio>

int main(int argc, char** argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    il::CliInvocation inv;
    QString error;
    bool handled = false;
    int exitCode = 0;
    if (!il::parseGlobal(args, inv, error, handled, exitCode)) {
        std::fprintf(stderr, "inferledger: %s\nRun `inferledger --help` for usage.\n", qPrintable(error));
        return 64;
    }
    if (handled)
        return exitCode;
    il::Store::setUpgradeNotice([](const std::string& path, int from, int to) {
        std::fprintf(stderr,
                     "inferledger: upgrading the store %s from schema %d to %d (once; a backup is kept as %s.backup-v%d)\n",
                     path.c_str(), from, to, path.c_str(), from);
    });
    // A command that writes a PDF (`--pdf OUT`) needs fonts, hence a QGuiApplication; offscreen, so that
    // it runs without a display (SSH, CI). Every other command stays on QCoreApplication.
    const bool rendersPdf = std::any_of(inv.args.begin(), inv.args.end(), [](const QString& a) {
        return a == QStringLiteral("--pdf") || a.startsWith(QStringLiteral("--pdf="));
    });
    if (!inv.command.isEmpty() && rendersPdf) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("InferLedger"));
        QCoreApplication::setOrganizationName(QStringLiteral("InferLedger"));
        QCoreApplication::setApplicationVersion(QStringLiteral(INFERLEDGER_VERSION));
        return il::runCommand(inv);
    }
    if (!inv.command.isEmpty()) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("InferLedger"));
        QCoreApplication::setOrganizationName(QStringLiteral("InferLedger"));
        QCoreApplication::setApplicationVersion(QStringLiteral(INFERLEDGER_VERSION));
        return il::runCommand(inv);
    }
    return il::launchGui(argc, argv, inv);
}
