// SPDX-License-Identifier: GPL-3.0-or-later
// Entry point: a command runs headless on QCoreApplication; no command opens the dashboard.
#include "Cli.h"
#include "Workflows.h"
#include "GuiLauncher.h"

#include <QCoreApplication>

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
    if (!inv.command.isEmpty()) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("InferLedger"));
        QCoreApplication::setOrganizationName(QStringLiteral("InferLedger"));
        QCoreApplication::setApplicationVersion(QStringLiteral(INFERLEDGER_VERSION));
        return il::runCommand(inv);
    }
    return il::launchGui(argc, argv, inv);
}
