// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the real inferledger binary (INFERLEDGER_BINARY, defined for every test target) and collects what it
// printed: the CLI tests assert on exit codes, stdout and stderr as a user or a script would see them.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace il::test {

struct Run {
    int exitCode = -1;
    QString out, err;
};

inline Run runCli(const QStringList& args, int timeoutMs = 120'000)
{
    QProcess p;
    p.start(QString::fromUtf8(INFERLEDGER_BINARY), args);
    p.waitForFinished(timeoutMs);
    return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()) };
}

} // namespace il::test
