// SPDX-License-Identifier: GPL-3.0-or-later
// A set of natural keys (well-mixed 64-bit hashes, never 0) for de-duplication during an import: open
// addressing over a flat array, because a million std::unordered_set nodes cost more than the rest of ingest.
#pragma once

#include <cstdint>
#include <vector>

namespace il {

class KeySet {
public:
    // Adds `key`; false if it was already there.
    bool insert(uint64_t key)
    {
        if ((m_size + 1) * 4 > m_slots.size() * 3)
            grow();
        size_t i = size_t(key) & m_mask;
        while (m_slots[i] != 0) {
            if (m_slots[i] == key)
                return false;
            i = (i + 1) & m_mask;
        }
        m_slots[i] = key;
        ++m_size;
        return true;
    }
    size_t size() const { return m_size; }
    size_t memoryBytes() const { return m_slots.size() * sizeof(uint64_t); }

private:
    void grow()
    {
        std::vector<uint64_t> old = std::move(m_slots);
        m_slots.assign(old.empty() ? 64 : old.size() * 2, 0);
        m_mask = m_slots.size() - 1;
        m_size = 0;
        for (uint64_t k : old)
            if (k != 0)
                insert(k);
    }

    std::vector<uint64_t> m_slots;
    size_t m_mask = 0;
    size_t m_size = 0;
};

} // namespace il
