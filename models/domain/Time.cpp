// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Time.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace il {

int64_t daysFromCivil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + int64_t(doe) - 719468;
}

void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = int64_t(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

namespace {

inline bool digits(std::string_view s, size_t pos, size_t n, int& out)
{
    if (pos + n > s.size())
        return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        char c = s[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

inline unsigned daysInMonth(int y, int m)
{
    static const unsigned k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : k[m - 1];
}

} // namespace

std::optional<int64_t> parseTimestampMs(std::string_view s)
{
    // Padding as every other field has it (spaces, tabs, a CR at the end), and quotes some exporters leave.
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"' || s.back() == '\r'))
        s.remove_suffix(1);
    if (s.empty())
        return std::nullopt;
    // Unix time as a bare integer.
    if (s.size() < 4 || s[4] != '-') {
        int64_t v = 0;
        size_t i = 0;
        bool neg = false;
        if (s[0] == '-') {
            neg = true;
            i = 1;
        }
        if (i >= s.size() || s.size() - i > 16)
            return std::nullopt;
        for (; i < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9')
                return std::nullopt;
            v = v * 10 + (s[i] - '0');
        }
        if (neg)
            return std::nullopt;
        return v < 100'000'000'000LL ? v * 1000 : v;
    }
    int y, mo, d;
    if (!digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s.size() < 10 || s[7] != '-' || !digits(s, 8, 2, d))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || unsigned(d) > daysInMonth(y, mo))
        return std::nullopt;
    int64_t ms = daysFromCivil(y, unsigned(mo), unsigned(d)) * kMsPerDay;
    if (s.size() == 10)
        return ms;
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
        return std::nullopt;
    int h, mi, sec = 0;
    if (!digits(s, 11, 2, h) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2, mi))
        return std::nullopt;
    size_t i = 16;
    if (i < s.size() && s[i] == ':') {
        if (!digits(s, 17, 2, sec))
            return std::nullopt;
        i = 19;
    }
    if (h > 23 || mi > 59 || sec > 60)
        return std::nullopt;
    int64_t frac = 0;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        ++i;
        int n = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            if (n < 3)
                frac = frac * 10 + (s[i] - '0');
            ++n;
            ++i;
        }
        if (n == 0)
            return std::nullopt;
        for (; n < 3; ++n)
            frac *= 10;
    }
    int64_t offsetMin = 0;
    if (i < s.size()) {
        char c = s[i];
        if (c == 'Z' || c == 'z') {
            ++i;
        } else if (c == '+' || c == '-') {
            int oh, om = 0;
            if (!digits(s, i + 1, 2, oh))
                return std::nullopt;
            size_t j = i + 3;
            if (j < s.size() && s[j] == ':')
                ++j;
            if (j < s.size()) {
                if (!digits(s, j, 2, om))
                    return std::nullopt;
                j += 2;
            }
            offsetMin = (oh * 60 + om) * (c == '-' ? -1 : 1);
            i = j;
        } else if (c == ' ' && s.substr(i) == " UTC") {
            i = s.size();
        } else {
            return std::nullopt;
        }
    }
    if (i != s.size())
        return std::nullopt;
    ms += (int64_t(h) * 3600 + mi * 60 + sec) * 1000 + frac - offsetMin * 60'000;
    return ms;
}

std::optional<int64_t> parseDateMs(std::string_view s)
{
    if (s.size() != 10)
        return std::nullopt;
    return parseTimestampMs(s);
}

std::string formatIsoDate(int64_t ms)
{
    int64_t y;
    unsigned m, d;
    civilFromDays(floorTo(ms, kMsPerDay) / kMsPerDay, y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return buf;
}

std::string formatIsoTimestamp(int64_t ms)
{
    int64_t day = floorTo(ms, kMsPerDay);
    int64_t rest = ms - day;
    char buf[48];
    int h = int(rest / kMsPerHour), mi = int(rest / 60'000 % 60), s = int(rest / 1000 % 60), f = int(rest % 1000);
    if (f)
        std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d.%03dZ", h, mi, s, f);
    else
        std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", h, mi, s);
    return formatIsoDate(ms) + buf;
}

namespace {
std::atomic<int64_t> g_nowOverride{INT64_MIN};
}

int64_t nowMs()
{
    int64_t o = g_nowOverride.load();
    if (o != INT64_MIN)
        return o;
    if (const char* env = std::getenv("INFERLEDGER_NOW")) {
        if (auto v = parseTimestampMs(env))
            return *v;
    }
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void setNowOverrideMs(std::optional<int64_t> ms)
{
    g_nowOverride.store(ms ? *ms : INT64_MIN);
}

} // namespace il
