// SPDX-License-Identifier: GPL-3.0-or-later
// The store's schema as ordered forward migrations; PRAGMA user_version holds the applied version.
#pragma once

#include "domain/Result.h"

#include <string>
#include <vector>

struct sqlite3;

namespace il {

struct Migration {
    int version;     // the user_version after it runs
    std::string sql; // one or more statements, run in one transaction
    // Work SQL alone cannot do, run after `sql` in the same transaction (nullptr: none).
    Result<void> (*run)(sqlite3* db) = nullptr;
};

const std::vector<Migration>& schemaMigrations();
int latestSchemaVersion();

} // namespace il
