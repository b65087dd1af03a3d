// SPDX-License-Identifier: GPL-3.0-or-later
// A mergeable log-bucket latency histogram (DDSketch-style): any quantile within ~1% relative error,
// and p95 over any range and filter is a merge of hourly rollups, not a sort of raw rows.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace il {

class LatencyHistogram {
public:
    // gamma = 1.02: a bucket's representative value is within (gamma-1)/(gamma+1) ≈ 0.99% of any value in it.
    static constexpr double kGamma = 1.02;
    static constexpr int kBuckets = 1024; // covers 1 ms .. ~6e8 ms; bucket 0 holds 0 ms

    static int bucketOf(double ms);
    // bucketOf for a whole number of milliseconds: the same bucket, from a table below 16.4 s (no logarithm).
    static int bucketOfWholeMs(int64_t ms);
    static double valueOf(int bucket);

    void add(double ms, uint64_t n = 1);
    void addToBucket(int bucket, uint64_t n = 1);
    void merge(const LatencyHistogram& other);
    void clear();
    uint64_t count() const { return m_count; }
    bool empty() const { return m_count == 0; }
    // q in [0,1]; nullopt when empty.
    std::optional<double> quantile(double q) const;

    // Compact sparse encoding for the rollup table: varint pairs (bucket delta, count).
    std::string encode() const;
    bool mergeEncoded(const void* data, size_t size);

private:
    std::array<uint64_t, kBuckets> m_counts{};
    uint64_t m_count = 0;
    int m_min = kBuckets, m_max = -1;
};

} // namespace il
