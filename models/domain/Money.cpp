// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Money.h"

#include <cstdint>

#include <cstdlib>

namespace il {

std::optional<Currency> Currency::parse(std::string_view s)
{
    if (s.size() != 3)
        return std::nullopt;
    for (char c : s)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            return std::nullopt;
    Currency c;
    c.code = pack(s);
    return c;
}

std::string Currency::str() const
{
    std::string s(3, ' ');
    for (int i = 0; i < 3; ++i)
        s[size_t(i)] = char((code >> (8 * i)) & 0xff);
    return s;
}

int64_t divRoundHalfEven(Int128 n, int64_t d)
{
    // Most calls (pricing a request: tokens × rate) fit in 64 bits, where division is one instruction instead of
    // a call to the 128-bit division routine; the result is the same.
    if (d > 0 && n >= Int128(INT64_MIN) && n <= Int128(INT64_MAX)) {
        const auto n64 = static_cast<int64_t>(n);
        int64_t q = n64 / d;
        int64_t r = n64 % d;
        if (r < 0)
            r = -r;
        // 2r > d, written so that 2r cannot overflow.
        if (r > d - r || (r == d - r && (q % 2 != 0)))
            q += (n64 < 0) ? -1 : 1;
        return q;
    }
    Int128 q = n / d;
    Int128 r = n % d;
    if (r < 0)
        r = -r;
    Int128 twice = 2 * r;
    if (twice > d || (twice == d && (q % 2 != 0)))
        q += (n < 0) ? -1 : 1;
    return static_cast<int64_t>(q);
}

std::optional<int64_t> parseDecimalScaled(std::string_view t, int scale)
{
    // Trim spaces; real exports sometimes pad numbers.
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
        t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r'))
        t.remove_suffix(1);
    if (t.empty() || scale < 0 || scale > 18)
        return std::nullopt;
    size_t i = 0;
    bool neg = false;
    if (t[i] == '+' || t[i] == '-') {
        neg = t[i] == '-';
        ++i;
    }
    // Collect up to 38 significant digits as a 128-bit mantissa with a decimal exponent.
    Int128 mant = 0;
    int exp10 = 0;
    int digits = 0;
    bool any = false, dot = false;
    bool roundingTail = false; // non-zero digits dropped past 38 significant ones
    for (; i < t.size(); ++i) {
        char c = t[i];
        if (c >= '0' && c <= '9') {
            any = true;
            if (digits < 36) {
                if (mant != 0 || c != '0')
                    ++digits;
                mant = mant * 10 + (c - '0');
                if (dot)
                    --exp10;
            } else {
                if (c != '0')
                    roundingTail = true;
                if (!dot)
                    ++exp10;
            }
        } else if (c == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    if (!any)
        return std::nullopt;
    if (i < t.size()) {
        if (t[i] != 'e' && t[i] != 'E')
            return std::nullopt;
        ++i;
        bool eneg = false;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
            eneg = t[i] == '-';
            ++i;
        }
        if (i >= t.size())
            return std::nullopt;
        int e = 0;
        for (; i < t.size(); ++i) {
            if (t[i] < '0' || t[i] > '9')
                return std::nullopt;
            e = e * 10 + (t[i] - '0');
            if (e > 400)
                return std::nullopt;
        }
        exp10 += eneg ? -e : e;
    }
    (void)roundingTail;
    int shift = exp10 + scale; // value = mant * 10^shift in target units
    const Int128 limit = static_cast<Int128>(INT64_MAX);
    if (mant == 0)
        return int64_t(0);
    if (shift >= 0) {
        for (int k = 0; k < shift; ++k) {
            mant *= 10;
            if (mant > limit)
                return std::nullopt;
        }
    } else {
        if (-shift > 38)
            return int64_t(0);
        Int128 d = 1;
        for (int k = 0; k < -shift; ++k)
            d *= 10;
        // Round half to even.
        Int128 q = mant / d, r = mant % d;
        if (2 * r > d || (2 * r == d && (q % 2 != 0)))
            ++q;
        mant = q;
    }
    if (mant > limit)
        return std::nullopt;
    int64_t v = static_cast<int64_t>(mant);
    return neg ? -v : v;
}

std::optional<int64_t> parseDecimalNanos(std::string_view text)
{
    return parseDecimalScaled(text, 9);
}

std::string formatNanos(int64_t nanos, int minDecimals, int maxDecimals)
{
    bool neg = nanos < 0;
    unsigned long long a = neg ? 0ULL - static_cast<unsigned long long>(nanos) : static_cast<unsigned long long>(nanos);
    unsigned long long whole = a / 1'000'000'000ULL, frac = a % 1'000'000'000ULL;
    std::string f = std::to_string(frac);
    f.insert(0, 9 - f.size(), '0');
    if (maxDecimals < 9) {
        // Round half to even at maxDecimals.
        unsigned long long div = 1;
        for (int k = 0; k < 9 - maxDecimals; ++k)
            div *= 10;
        unsigned long long q = frac / div, r = frac % div;
        // Half to even: the kept digit that decides is the last decimal, or the units when none is kept.
        const unsigned long long last = maxDecimals > 0 ? q : whole;
        if (2 * r > div || (2 * r == div && (last % 2)))
            ++q;
        unsigned long long cap = 1;
        for (int k = 0; k < maxDecimals; ++k)
            cap *= 10;
        if (q >= cap) {
            q -= cap;
            ++whole;
        }
        f.clear();
        if (maxDecimals > 0) {
            f = std::to_string(q);
            f.insert(0, size_t(maxDecimals) - f.size(), '0');
        }
    }
    while (int(f.size()) > minDecimals && !f.empty() && f.back() == '0')
        f.pop_back();
    std::string out = (neg && (whole || f.find_first_not_of('0') != std::string::npos)) ? "-" : "";
    out += std::to_string(whole);
    if (!f.empty())
        out += '.' + f;
    return out;
}

} // namespace il
