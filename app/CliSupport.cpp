// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliSupport.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace il::cli {

void err(const std::string& s)
{
    std::fprintf(stderr, "%s\n", s.c_str());
}

void out(const std::string& s)
{
    std::fwrite(s.data(), 1, s.size(), stdout);
}

int fail(const Error& e, int code)
{
    err("inferledger: " + e.toString());
    return code;
}

int usageError(const std::string& msg)
{
    err("inferledger: " + msg + "\nRun `inferledger --help` for usage.");
    return 64;
}

std::string dbPathOf(const CliInvocation& inv)
{
    return inv.dbPath.isEmpty() ? defaultStorePath() : inv.dbPath.toStdString();
}

std::string csvEscape(const std::string& s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string o = "\"";
    for (char c : s) {
        if (c == '"')
            o += '"';
        o += c;
    }
    return o + "\"";
}

// Progress on stderr, rewritten in place when stderr is a terminal.
ProgressFn stderrProgress(const std::string& label)
{
    return [label](uint64_t done, uint64_t total) {
        if (total == 0)
            return;
        std::fprintf(stderr, "\r%s: %3d%%", label.c_str(), int(100.0 * double(done) / double(total)));
        if (done >= total)
            std::fprintf(stderr, "\n");
        std::fflush(stderr);
    };
}

bool parseArgs(QCommandLineParser& p, const QString& command, const QStringList& args, std::string& error)
{
    QStringList full = args;
    full.prepend(QStringLiteral("inferledger ") + command);
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!p.parse(full)) {
        error = p.errorText().toStdString();
        return false;
    }
    return true;
}

namespace {
std::map<std::string, Command>& registry()
{
    static std::map<std::string, Command> r;
    return r;
}
} // namespace

bool registerCommand(const Command& c)
{
    registry()[c.name] = c;
    return true;
}

const Command* findCommand(const QString& name)
{
    auto it = registry().find(name.toStdString());
    return it == registry().end() ? nullptr : &it->second;
}

std::vector<Command> allCommands()
{
    std::vector<Command> v;
    for (const auto& [k, c] : registry())
        v.push_back(c);
    return v;
}

} // namespace il::cli
