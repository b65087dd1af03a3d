// SPDX-License-Identifier: GPL-3.0-or-later
// The SQLite store: one file in WAL mode, one writer, readers on their own connections.
// The only code (with ingest/) that speaks SQL.
#pragma once

#include "domain/Result.h"
#include "pricing/PriceEntry.h"
#include "store/Schema.h"
#include "store/Statement.h"

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace il {

class Store {
public:
    enum class Mode { ReadWrite, ReadOnly };
    // PRAGMA cache_size of every connection (an import lowers its own while it runs, ingest/Ingestor.cpp).
    static constexpr const char* kPageCachePragma = "PRAGMA cache_size=-65536"; // 64 MiB
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // Opens (creating if needed) and migrates forward; a store with data is backed up first
    // to "<path>.backup-v<old>". A read-only open of an older store upgrades it through a short-lived writer.
    static Result<std::unique_ptr<Store>> open(const std::string& path, Mode mode = Mode::ReadWrite,
                                               const std::vector<Migration>& migrations = schemaMigrations());

    // Told before a store that holds data is upgraded (it takes seconds on a large one): the CLI says so on
    // stderr. Set once at start-up; called on the thread that opens the store.
    static void setUpgradeNotice(std::function<void(const std::string& path, int from, int to)> notice);

    sqlite3* handle() const { return m_db; }
    const std::string& path() const { return m_path; }
    int schemaVersion() const;
    std::string lastBackupPath() const { return m_lastBackup; }

    Result<void> exec(std::string_view sql);
    Error sqlError(std::string_view what) const;

    // Reference ids, created on first use and cached.
    Result<int64_t> providerId(const std::string& name);
    Result<int64_t> modelId(int64_t providerId, const std::string& name);
    Result<int64_t> featureId(const std::string& name);

    // Prices: stored once per (catalogue, version, provider, model, effective-from); ids assigned.
    Result<void> storePrices(std::vector<PriceEntry>& entries);
    Result<std::vector<PriceEntry>> loadPrices();
    // Makes sure the bundled catalogue's version is in the store.
    Result<void> ensureBundledPrices();

    std::string meta(const std::string& key) const;
    Result<void> setMeta(const std::string& key, const std::string& value);

    bool isEmpty() const; // no requests at all

private:
    Store() = default;
    Result<void> migrate(const std::vector<Migration>& migrations);

    sqlite3* m_db = nullptr;
    std::string m_path;
    std::string m_lastBackup;
    std::unordered_map<std::string, int64_t> m_providers, m_features, m_models;
};

// Queries made while one is alive read one snapshot: a write committed meanwhile shows in all of them or in
// none. Inside a transaction the caller already holds, it does nothing.
class ReadSnapshot {
public:
    explicit ReadSnapshot(Store& store);
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
    Store& m_store;
    bool m_own = false;
};

} // namespace il
