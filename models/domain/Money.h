// SPDX-License-Identifier: GPL-3.0-or-later
// Exact money: int64 nano-units (1e-9) of a currency, and exact per-token rates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace il {

// 128-bit intermediates keep token × rate products exact (GCC/Clang extension).
__extension__ typedef __int128 Int128;

constexpr int64_t kNanosPerUnit = 1'000'000'000;

// An ISO 4217 code packed into an integer so that hot paths compare it cheaply.
struct Currency {
    uint32_t code = pack("USD");

    static constexpr uint32_t pack(std::string_view s)
    {
        uint32_t v = 0;
        for (size_t i = 0; i < 3 && i < s.size(); ++i)
            v |= uint32_t(static_cast<unsigned char>(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i])) << (8 * i);
        return v;
    }
    static std::optional<Currency> parse(std::string_view s);
    std::string str() const;
    friend bool operator==(Currency a, Currency b) { return a.code == b.code; }
};

struct Money {
    int64_t nanos = 0;
    Currency currency;
};

// Parses a plain or E-notation decimal ("12.5", "-0.0000008", "1.2E-5", "3e2") into nano-units,
// rounding half to even past the ninth decimal. Returns nullopt on anything else or on overflow.
std::optional<int64_t> parseDecimalNanos(std::string_view text);

// Parses a decimal into units of 10^-scale (scale 0..18); the general form of parseDecimalNanos.
std::optional<int64_t> parseDecimalScaled(std::string_view text, int scale);

// "1234.500000000" style, trimmed to at least minDecimals decimals ("1234.50" for minDecimals 2).
std::string formatNanos(int64_t nanos, int minDecimals = 2, int maxDecimals = 9);

// Rounds numerator / denominator half to even (denominator > 0), in 128-bit so products never overflow.
int64_t divRoundHalfEven(Int128 numerator, int64_t denominator);

// A rate in nano-units per million tokens: $2.50 / 1M tokens is 2'500'000'000.
// tokens × rate / 1e6, rounded half to even: exact for every catalogue price.
inline int64_t costOfTokens(int64_t tokens, int64_t nanosPerMillion)
{
    // Priced several times a request: when the product fits in 64 bits, a division by the constant 10^6 (a
    // multiplication, once compiled), rounded as divRoundHalfEven rounds.
    int64_t n = 0;
    if (tokens == 0)
        return 0;
    if (__builtin_mul_overflow(tokens, nanosPerMillion, &n))
        return divRoundHalfEven(static_cast<Int128>(tokens) * nanosPerMillion, 1'000'000);
    int64_t q = n / 1'000'000, r = n % 1'000'000;
    if (r < 0)
        r = -r;
    if (r > 500'000 || (r == 500'000 && q % 2 != 0))
        q += n < 0 ? -1 : 1;
    return q;
}

} // namespace il
