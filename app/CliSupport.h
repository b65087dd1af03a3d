// SPDX-License-Identifier: GPL-3.0-or-later
// Shared pieces of the command line: output helpers and the command registry, so that every
// command lives in its own file (app/commands/Cmd*.cpp) and registers itself.
#pragma once

#include "Cli.h"
#include "Workflows.h"
#include "domain/Result.h"

#include <QCommandLineParser>

#include <string>

namespace il::cli {

void err(const std::string& s);
void out(const std::string& s);
int fail(const Error& e, int code = 1);
int usageError(const std::string& msg); // exit 64
std::string dbPathOf(const CliInvocation& inv);
// One RFC 4180 field: quoted when it holds a comma, a quote or a line break.
std::string csvEscape(const std::string& s);
ProgressFn stderrProgress(const std::string& label);
// Parses the command's own options; false with a message on malformed input.
bool parseArgs(QCommandLineParser& p, const QString& command, const QStringList& args, std::string& error);

using CommandFn = int (*)(const CliInvocation&);
struct Command {
    const char* name;
    CommandFn run;
    const char* usage; // lines for --help, indented by two spaces
};
// Commands register at static-initialisation time: `static const bool r = registerCommand({...});`
bool registerCommand(const Command& c);
const Command* findCommand(const QString& name);
std::vector<Command> allCommands();

} // namespace il::cli
