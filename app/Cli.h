// SPDX-License-Identifier: GPL-3.0-or-later
// The command line. Every subcommand prints results on stdout, progress and errors on stderr,
// and returns a process exit code.
#pragma once

#include <QStringList>

namespace il {

struct CliInvocation {
    QString dbPath;
    QString command; // empty: open the GUI
    QStringList args; // after the command
    QStringList files; // bare file paths given without a command (open the GUI and import them)
};

// Parses the global part of argv; returns false with a message when it is malformed.
bool parseGlobal(const QStringList& argv, CliInvocation& out, QString& error, bool& handled, int& exitCode);
int runCommand(const CliInvocation& inv);
QString usageText();

} // namespace il
