// SPDX-License-Identifier: GPL-3.0-or-later
// Reading connector options (the `--option KEY=VALUE` pairs): numbers, lists and id → feature mappings.
#pragma once

#include "domain/ConnectorConfig.h"

#include <charconv>
#include <optional>
#include <string>
#include <vector>

namespace il::connectoropt {

inline std::optional<int64_t> parseInteger(const std::string& s)
{
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty())
        return std::nullopt;
    return v;
}

// The option as a number; `fallback` when absent (validateConnectorConfig has refused malformed values).
inline int64_t integer(const ConnectorConfig& c, const std::string& key, int64_t fallback)
{
    auto it = c.options.find(key);
    if (it == c.options.end())
        return fallback;
    return parseInteger(it->second).value_or(fallback);
}

// "a, b,c" → {"a", "b", "c"}; empty items dropped.
inline std::vector<std::string> list(const std::string& s)
{
    std::vector<std::string> out;
    std::string item;
    auto flush = [&] {
        size_t b = item.find_first_not_of(" \t");
        size_t e = item.find_last_not_of(" \t");
        if (b != std::string::npos)
            out.push_back(item.substr(b, e - b + 1));
        item.clear();
    };
    for (char ch : s) {
        if (ch == ',')
            flush();
        else
            item += ch;
    }
    flush();
    return out;
}

// The feature for a project / workspace id: option "<prefix><id>", or "<prefix>default" for a result without an id
// (the default workspace); "" (unattributed) when not mapped.
inline std::string featureFor(const ConnectorConfig& c, const std::string& prefix, const std::string& id)
{
    return c.option(prefix + (id.empty() ? std::string("default") : id));
}

} // namespace il::connectoropt
