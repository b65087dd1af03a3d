// SPDX-License-Identifier: GPL-3.0-or-later
// Stable 64-bit hashing for natural keys (the same on every platform and run).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace il {

class KeyHasher {
public:
    KeyHasher& add(std::string_view s)
    {
        for (unsigned char c : s)
            m_h = (m_h ^ c) * 0x100000001b3ULL;
        m_h = (m_h ^ 0x1f) * 0x100000001b3ULL; // field separator
        return *this;
    }
    KeyHasher& add(int64_t v)
    {
        unsigned char b[8];
        std::memcpy(b, &v, 8);
        for (unsigned char c : b)
            m_h = (m_h ^ c) * 0x100000001b3ULL;
        return *this;
    }
    // splitmix64 finaliser, folded to a positive SQLite rowid (never 0).
    int64_t rowKey() const
    {
        uint64_t z = m_h + 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        int64_t k = int64_t(z & 0x7fffffffffffffffULL);
        return k == 0 ? 1 : k;
    }

private:
    uint64_t m_h = 0xcbf29ce484222325ULL;
};

} // namespace il
