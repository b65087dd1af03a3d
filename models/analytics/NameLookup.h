// SPDX-License-Identifier: GPL-3.0-or-later
// id → name maps of the reference tables, read once per query so the rollup scans work on integer ids.
#pragma once

#include "store/Store.h"

#include <string>
#include <unordered_map>

namespace il {

// `sql` selects (id, name), e.g. "SELECT id, name FROM feature".
inline std::unordered_map<int64_t, std::string> loadNames(Store& store, const char* sql)
{
    std::unordered_map<int64_t, std::string> out;
    Statement st(store.handle(), sql);
    while (st.step())
        out.emplace(st.int64(0), st.text(1));
    return out;
}

} // namespace il
