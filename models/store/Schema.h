// SPDX-License-Identifier: GPL-3.0-or-later
// The store's schema as ordered forward migrations; PRAGMA user_version holds the applied version.
#pragma once

#include <string>
#include <vector>

namespace il {

struct Migration {
    int version;     // the user_version after it runs
    std::string sql; // one or more statements, run in one transaction
};

const std::vector<Migration>& schemaMigrations();
int latestSchemaVersion();

} // namespace il
