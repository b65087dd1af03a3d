// SPDX-License-Identifier: GPL-3.0-or-later
// Strict, fast parsers for the values of import files; each says what it expected on failure.
#pragma once

#include <charconv>
#include <cstring>
#include <cstdint>
#include <optional>
#include <string_view>

namespace il::fields {

// s == lit, with the literal's length known when compiled: a few inline compares, not a call to memcmp.
template <size_t N>
inline bool is(std::string_view s, const char (&lit)[N])
{
    return s.size() == N - 1 && std::memcmp(s.data(), lit, N - 1) == 0;
}

[[gnu::noinline]] inline std::string_view trimPadded(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// Spaces, tabs (and a CR at the end) around a value dropped. Most values have none, which two compares tell
// inline: spaces, tabs and CR are all at or below 0x20 (another control byte there is kept, by trimPadded).
[[gnu::always_inline]] inline std::string_view trim(std::string_view s)
{
    if (!s.empty() && static_cast<unsigned char>(s.front()) > 0x20 && static_cast<unsigned char>(s.back()) > 0x20)
        return s;
    return trimPadded(s);
}

inline bool isNull(std::string_view s)
{
    s = trim(s);
    if (s.empty())
        return true;
    if (s.front() != 'N' && s.front() != 'n') // every null marker starts so: most values are decided here
        return false;
    return is(s, "NULL") || is(s, "null") || is(s, "NA") || is(s, "N/A");
}

// 1 to 18 plain digits (most token counts and latencies): their value without from_chars' generality.
inline std::optional<int64_t> plainDigits(std::string_view s)
{
    if (s.empty() || s.size() > 18)
        return std::nullopt;
    int64_t v = 0;
    for (char c : s) {
        const unsigned d = unsigned(c) - unsigned('0');
        if (d > 9)
            return std::nullopt;
        v = v * 10 + int64_t(d);
    }
    return v;
}

// A whole number; "12", "+12"; also "12.0" (some exporters write integers as floats).
inline std::optional<int64_t> toInt(std::string_view s)
{
    s = trim(s);
    if (auto plain = plainDigits(s))
        return plain;
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || s.empty())
        return std::nullopt;
    if (p != s.data() + s.size()) {
        std::string_view rest(p, size_t(s.data() + s.size() - p));
        if (rest.size() >= 2 && rest[0] == '.' && rest.find_first_not_of('0', 1) == std::string_view::npos)
            return v;
        return std::nullopt;
    }
    return v;
}

inline std::optional<double> toDouble(std::string_view s)
{
    s = trim(s);
    if (s.size() <= 15) // an integer below 10^15 is exactly a double: what from_chars would give
        if (auto plain = plainDigits(s))
            return double(*plain);
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty())
        return std::nullopt;
    return v;
}

inline std::optional<bool> toBool(std::string_view s)
{
    s = trim(s);
    if (is(s, "true") || is(s, "TRUE") || is(s, "True") || is(s, "1") || is(s, "yes"))
        return true;
    if (is(s, "false") || is(s, "FALSE") || is(s, "False") || is(s, "0") || is(s, "no") || s.empty())
        return false;
    return std::nullopt;
}

// Limits beyond which a value is a producer bug, not a real request.
constexpr int64_t kMaxTokensPerRequest = 100'000'000;
constexpr int64_t kMaxLatencyMs = 86'400'000;

} // namespace il::fields
