// SPDX-License-Identifier: GPL-3.0-or-later
#include "analytics/GateExact.h"

#include <algorithm>

namespace il {

GateExact::GateExact(uint64_t v)
{
    while (v) {
        m_limbs.push_back(uint32_t(v & 0xffffffffu));
        v >>= 32;
    }
}

GateExact GateExact::product(std::initializer_list<int64_t> factors)
{
    GateExact r(1);
    for (int64_t f : factors)
        r *= f > 0 ? uint64_t(f) : 0;
    return r;
}

void GateExact::trim()
{
    while (!m_limbs.empty() && m_limbs.back() == 0)
        m_limbs.pop_back();
}

GateExact& GateExact::operator+=(const GateExact& o)
{
    if (m_limbs.size() < o.m_limbs.size())
        m_limbs.resize(o.m_limbs.size(), 0);
    uint64_t carry = 0;
    for (size_t i = 0; i < m_limbs.size(); ++i) {
        uint64_t s = uint64_t(m_limbs[i]) + (i < o.m_limbs.size() ? o.m_limbs[i] : 0) + carry;
        m_limbs[i] = uint32_t(s & 0xffffffffu);
        carry = s >> 32;
    }
    if (carry)
        m_limbs.push_back(uint32_t(carry));
    return *this;
}

GateExact& GateExact::operator*=(const GateExact& o)
{
    if (isZero() || o.isZero()) {
        m_limbs.clear();
        return *this;
    }
    std::vector<uint32_t> r(m_limbs.size() + o.m_limbs.size(), 0);
    for (size_t i = 0; i < m_limbs.size(); ++i) {
        uint64_t carry = 0;
        for (size_t j = 0; j < o.m_limbs.size(); ++j) {
            uint64_t t = uint64_t(m_limbs[i]) * o.m_limbs[j] + r[i + j] + carry;
            r[i + j] = uint32_t(t & 0xffffffffu);
            carry = t >> 32;
        }
        size_t k = i + o.m_limbs.size();
        while (carry) {
            uint64_t t = uint64_t(r[k]) + carry;
            r[k] = uint32_t(t & 0xffffffffu);
            carry = t >> 32;
            ++k;
        }
    }
    m_limbs = std::move(r);
    trim();
    return *this;
}

GateExact& GateExact::operator*=(uint64_t v)
{
    return *this *= GateExact(v);
}

int compare(const GateExact& a, const GateExact& b)
{
    if (a.m_limbs.size() != b.m_limbs.size())
        return a.m_limbs.size() < b.m_limbs.size() ? -1 : 1;
    for (size_t i = a.m_limbs.size(); i-- > 0;)
        if (a.m_limbs[i] != b.m_limbs[i])
            return a.m_limbs[i] < b.m_limbs[i] ? -1 : 1;
    return 0;
}

GateExact GateExact::pow10(int k)
{
    GateExact r(1);
    while (k >= 9) {
        r *= 1'000'000'000u;
        k -= 9;
    }
    uint64_t rest = 1;
    while (k-- > 0)
        rest *= 10;
    r *= rest;
    return r;
}

uint32_t GateExact::divSmall(uint32_t d)
{
    uint64_t rem = 0;
    for (size_t i = m_limbs.size(); i-- > 0;) {
        uint64_t cur = (rem << 32) | m_limbs[i];
        m_limbs[i] = uint32_t(cur / d);
        rem = cur % d;
    }
    trim();
    return uint32_t(rem);
}

GateExact& GateExact::subtract(const GateExact& o)
{
    int64_t borrow = 0;
    for (size_t i = 0; i < m_limbs.size(); ++i) {
        int64_t s = int64_t(m_limbs[i]) - (i < o.m_limbs.size() ? int64_t(o.m_limbs[i]) : 0) - borrow;
        borrow = s < 0 ? 1 : 0;
        if (s < 0)
            s += int64_t(1) << 32;
        m_limbs[i] = uint32_t(s);
    }
    trim();
    return *this;
}

std::optional<int64_t> GateExact::roundedDivPow10(int k) const
{
    GateExact q = *this;
    for (int left = k; left > 0;) {
        const int step = std::min(left, 9);
        uint32_t d = 1;
        for (int i = 0; i < step; ++i)
            d *= 10;
        q.divSmall(d);
        left -= step;
    }
    // Remainder = this − q·10^k, compared with half the divisor; a tie goes to the even quotient.
    const GateExact divisor = pow10(k);
    GateExact rem = *this;
    rem.subtract(q * divisor);
    GateExact twice = rem;
    twice *= 2u;
    const int c = compare(twice, divisor);
    if (c > 0 || (c == 0 && !q.isZero() && (q.m_limbs[0] & 1u)))
        q += GateExact(1);
    return q.toInt64();
}

std::optional<int64_t> GateExact::toInt64() const
{
    if (m_limbs.size() > 2 || (m_limbs.size() == 2 && (m_limbs[1] & 0x80000000u)))
        return std::nullopt;
    uint64_t v = 0;
    for (size_t i = m_limbs.size(); i-- > 0;)
        v = (v << 32) | m_limbs[i];
    return int64_t(v);
}

size_t GateExact::bitLength() const
{
    if (m_limbs.empty())
        return 0;
    size_t n = (m_limbs.size() - 1) * 32;
    uint32_t top = m_limbs.back();
    while (top) {
        ++n;
        top >>= 1;
    }
    return n;
}

void GateExact::shiftLeftOne()
{
    uint32_t carry = 0;
    for (uint32_t& l : m_limbs) {
        const uint32_t next = l >> 31;
        l = (l << 1) | carry;
        carry = next;
    }
    if (carry)
        m_limbs.push_back(carry);
}

std::optional<int64_t> GateExact::roundedDiv(const GateExact& num, const GateExact& den)
{
    if (den.isZero())
        return std::nullopt;
    // Binary long division: only self-hosted (GPU-hour) prices have a divisor that is not a power of ten.
    GateExact q, rem;
    const size_t bits = num.bitLength();
    q.m_limbs.assign((bits + 31) / 32, 0);
    for (size_t i = bits; i-- > 0;) {
        rem.shiftLeftOne();
        if (num.bit(i)) {
            if (rem.m_limbs.empty())
                rem.m_limbs.push_back(0);
            rem.m_limbs[0] |= 1u;
        }
        if (compare(rem, den) >= 0) {
            rem.subtract(den);
            q.m_limbs[i / 32] |= 1u << (i % 32);
        }
    }
    q.trim();
    GateExact twice = rem;
    twice *= 2u;
    const int c = compare(twice, den);
    if (c > 0 || (c == 0 && !q.isZero() && (q.m_limbs[0] & 1u)))
        q += GateExact(1);
    return q.toInt64();
}

std::string GateExact::toString() const
{
    if (isZero())
        return "0";
    GateExact t = *this;
    std::string out;
    while (!t.isZero()) {
        uint32_t r = t.divSmall(1'000'000'000u);
        std::string chunk = std::to_string(r);
        if (!t.isZero())
            chunk.insert(0, 9 - chunk.size(), '0');
        out.insert(0, chunk);
    }
    return out;
}

} // namespace il
