// SPDX-License-Identifier: GPL-3.0-or-later
// Timestamps: parsed fast (import hot path), always UTC Unix milliseconds inside the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace il {

constexpr int64_t kMsPerHour = 3'600'000;
constexpr int64_t kMsPerDay = 86'400'000;

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d);
void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d);

// Accepts ISO 8601 / RFC 3339 ("2026-03-01T12:00:00Z", "...+02:00", fractional seconds, "T" or " ",
// date only "2026-03-01"), and Unix time as a bare integer (milliseconds; seconds when < 1e11).
std::optional<int64_t> parseTimestampMs(std::string_view text);
// Date only ("2026-03-01") → midnight UTC.
std::optional<int64_t> parseDateMs(std::string_view text);

std::string formatIsoDate(int64_t ms);      // 2026-03-01
std::string formatIsoTimestamp(int64_t ms); // 2026-03-01T12:00:00Z (milliseconds when not whole)

inline int64_t floorTo(int64_t ms, int64_t unit)
{
    int64_t q = ms / unit;
    if (ms % unit < 0)
        --q;
    return q * unit;
}

// A clock that tests can set (billing periods, "last 30 days", forecasts).
int64_t nowMs();
void setNowOverrideMs(std::optional<int64_t> ms);

} // namespace il
