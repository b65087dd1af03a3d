// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/LatencyHistogram.h"

#include <algorithm>
#include <cmath>

namespace il {

namespace {
const double kLogGamma = std::log(LatencyHistogram::kGamma);
}

int LatencyHistogram::bucketOf(double ms)
{
    if (!(ms >= 1.0))
        return 0; // 0 ms (and anything below 1 ms) shares bucket 0
    int b = 1 + int(std::ceil(std::log(ms) / kLogGamma));
    return std::min(b, kBuckets - 1);
}

int LatencyHistogram::bucketOfWholeMs(int64_t ms)
{
    // Filled by bucketOf itself, so every entry is the bucket bucketOf gives, to the last rounding.
    static constexpr int64_t kTableMs = 16384; // 32 KiB
    static const std::array<uint16_t, kTableMs> kTable = [] {
        std::array<uint16_t, kTableMs> t{};
        for (int64_t i = 0; i < kTableMs; ++i)
            t[size_t(i)] = uint16_t(bucketOf(double(i)));
        return t;
    }();
    return ms >= 0 && ms < kTableMs ? kTable[size_t(ms)] : bucketOf(double(ms));
}

double LatencyHistogram::valueOf(int bucket)
{
    if (bucket <= 0)
        return 0.0;
    // Bucket b covers (gamma^(b-2), gamma^(b-1)]; the midpoint in relative terms.
    double hi = std::pow(kGamma, bucket - 1);
    return 2.0 * hi / (kGamma + 1.0);
}

void LatencyHistogram::add(double ms, uint64_t n)
{
    int b = bucketOf(ms);
    m_counts[size_t(b)] += n;
    m_count += n;
    m_min = std::min(m_min, b);
    m_max = std::max(m_max, b);
}

void LatencyHistogram::addToBucket(int b, uint64_t n)
{
    b = std::clamp(b, 0, kBuckets - 1);
    m_counts[size_t(b)] += n;
    m_count += n;
    m_min = std::min(m_min, b);
    m_max = std::max(m_max, b);
}

void LatencyHistogram::merge(const LatencyHistogram& o)
{
    if (o.m_count == 0)
        return;
    for (int b = o.m_min; b <= o.m_max; ++b)
        m_counts[size_t(b)] += o.m_counts[size_t(b)];
    m_count += o.m_count;
    m_min = std::min(m_min, o.m_min);
    m_max = std::max(m_max, o.m_max);
}

void LatencyHistogram::clear()
{
    if (m_count)
        std::fill(m_counts.begin() + m_min, m_counts.begin() + m_max + 1, 0);
    m_count = 0;
    m_min = kBuckets;
    m_max = -1;
}

std::optional<double> LatencyHistogram::quantile(double q) const
{
    if (m_count == 0)
        return std::nullopt;
    q = std::clamp(q, 0.0, 1.0);
    // Nearest-rank: the smallest value with at least ceil(q·n) observations at or below it.
    uint64_t rank = uint64_t(std::ceil(q * double(m_count)));
    rank = std::max<uint64_t>(rank, 1);
    uint64_t seen = 0;
    for (int b = m_min; b <= m_max; ++b) {
        seen += m_counts[size_t(b)];
        if (seen >= rank)
            return valueOf(b);
    }
    return valueOf(m_max);
}

namespace {
void putVarint(std::string& out, uint64_t v)
{
    while (v >= 0x80) {
        out.push_back(char((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
}
bool getVarint(const unsigned char*& p, const unsigned char* end, uint64_t& v)
{
    v = 0;
    for (int shift = 0; shift < 64 && p < end; shift += 7) {
        unsigned char c = *p++;
        v |= uint64_t(c & 0x7f) << shift;
        if (!(c & 0x80))
            return true;
    }
    return false;
}
} // namespace

std::string LatencyHistogram::encode() const
{
    std::string out;
    if (m_count == 0)
        return out;
    out.reserve(size_t(m_max - m_min + 1) * 2);
    int prev = 0;
    for (int b = m_min; b <= m_max; ++b) {
        if (!m_counts[size_t(b)])
            continue;
        putVarint(out, uint64_t(b - prev));
        putVarint(out, m_counts[size_t(b)]);
        prev = b;
    }
    return out;
}

bool LatencyHistogram::mergeEncoded(const void* data, size_t size)
{
    auto p = static_cast<const unsigned char*>(data);
    const unsigned char* end = p + size;
    uint64_t b = 0;
    while (p < end) {
        uint64_t delta, n;
        if (!getVarint(p, end, delta) || !getVarint(p, end, n))
            return false;
        b += delta;
        if (b >= uint64_t(kBuckets))
            return false;
        m_counts[b] += n;
        m_count += n;
        m_min = std::min(m_min, int(b));
        m_max = std::max(m_max, int(b));
    }
    return true;
}

} // namespace il
