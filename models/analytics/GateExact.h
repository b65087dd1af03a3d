// SPDX-License-Identifier: GPL-3.0-or-later
// Exact arithmetic for the cost gate: a non-negative integer of any size, so that a cost per unit
// (requests × retries × tokens × shares × rates, each a scaled integer) is formed without any rounding
// and divided by its power-of-ten scale exactly once, half to even. 128 bits are not enough once
// growth is compounded over three months with nine-decimal multipliers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace il {

class GateExact {
public:
    GateExact() = default;
    explicit GateExact(uint64_t v);
    // Product of non-negative factors; a negative factor is a programming error (clamped to 0).
    static GateExact product(std::initializer_list<int64_t> factors);

    GateExact& operator+=(const GateExact& o);
    GateExact& operator*=(const GateExact& o);
    GateExact& operator*=(uint64_t v);
    friend GateExact operator+(GateExact a, const GateExact& b) { return a += b; }
    friend GateExact operator*(GateExact a, const GateExact& b) { return a *= b; }
    friend int compare(const GateExact& a, const GateExact& b);
    friend bool operator==(const GateExact& a, const GateExact& b) { return compare(a, b) == 0; }

    bool isZero() const { return m_limbs.empty(); }
    static GateExact pow10(int k);

    // this / 10^k rounded half to even; nullopt when the quotient does not fit an int64.
    std::optional<int64_t> roundedDivPow10(int k) const;
    // num / den rounded half to even (den > 0); nullopt when den is zero or the quotient does not fit an int64.
    static std::optional<int64_t> roundedDiv(const GateExact& num, const GateExact& den);
    std::string toString() const; // decimal digits (tests)

private:
    void trim();
    uint32_t divSmall(uint32_t d); // in place; returns the remainder
    GateExact& subtract(const GateExact& o); // requires *this >= o
    size_t bitLength() const;
    bool bit(size_t i) const { return (m_limbs[i / 32] >> (i % 32)) & 1u; }
    void shiftLeftOne();
    std::optional<int64_t> toInt64() const;

    std::vector<uint32_t> m_limbs; // little-endian base 2^32; empty is zero
};

} // namespace il
