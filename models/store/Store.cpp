// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Store.h"

#include "store/RequestChunks.h"
#include "store/WritebackVfs.h"

#include "domain/LatencyHistogram.h"
#include "domain/Time.h"
#include "pricing/PriceCatalogue.h"

#include <nlohmann/json.hpp>

#include <filesystem>


namespace il {

namespace {

    // il_latency_hist(latency_ms): the rollups' encoded LatencyHistogram over a group's non-negative
    // latencies, so that SQL (a migration's backfill) builds exactly what the ingest path builds.
    void latencyHistStep(sqlite3_context* ctx, int, sqlite3_value** argv)
    {
        auto** slot = static_cast<LatencyHistogram**>(sqlite3_aggregate_context(ctx, sizeof(LatencyHistogram*)));
        if (!slot)
            return sqlite3_result_error_nomem(ctx);
        if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
            return;
        const double ms = sqlite3_value_double(argv[0]);
        if (!(ms >= 0))
            return;
        if (!*slot)
            *slot = new LatencyHistogram();
        (*slot)->add(ms);
    }

    void latencyHistFinal(sqlite3_context* ctx)
    {
        auto** slot = static_cast<LatencyHistogram**>(sqlite3_aggregate_context(ctx, 0));
        if (!slot || !*slot)
            return sqlite3_result_null(ctx);
        const std::string encoded = (*slot)->encode();
        sqlite3_result_blob(ctx, encoded.data(), int(encoded.size()), SQLITE_TRANSIENT);
        delete *slot;
        *slot = nullptr;
    }

} // namespace

Store::~Store()
{
    if (m_db)
        sqlite3_close_v2(m_db);
}

Error Store::sqlError(std::string_view what) const
{
    Error e;
    e.source = m_path;
    e.message = std::string(what) + ": " + (m_db ? sqlite3_errmsg(m_db) : "no database");
    const int code = m_db ? sqlite3_errcode(m_db) : 0;
    if (code == SQLITE_FULL)
        e.hint = "The disk is full; free space and try again (nothing was written)";
    else if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        e.hint = "Another InferLedger process is writing to this store; wait for it to finish";
    else if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM)
        e.hint = "Check that the store's folder exists and is writable, or pass another --db PATH";
    else if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
        e.hint = "This file is not an InferLedger store; pass another --db PATH";
    return e;
}

namespace {

    // Once, before the first connection: SQLite's memory statistics take a global mutex on every allocation
    // (Debian builds it with them on and without lookaside memory): 10-20 % of a bare bulk insert here; nothing
    // here reads them.
    std::function<void(const std::string&, int, int)>& upgradeNotice()
    {
        static std::function<void(const std::string&, int, int)> notice;
        return notice;
    }

    void configureSqliteOnce()
    {
        static const bool done = [] {
            sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
            return sqlite3_initialize() == SQLITE_OK;
        }();
        (void)done;
    }

} // namespace

void Store::setUpgradeNotice(std::function<void(const std::string& path, int from, int to)> notice)
{
    upgradeNotice() = std::move(notice);
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, Mode mode, const std::vector<Migration>& migrations)
{
    configureSqliteOnce();
    std::unique_ptr<Store> s(new Store());
    s->m_path = path;
    if (mode == Mode::ReadWrite) {
        std::error_code ec;
        auto dir = std::filesystem::path(path).parent_path();
        if (!dir.empty())
            std::filesystem::create_directories(dir, ec);
    }
    if (mode == Mode::ReadOnly && !std::filesystem::exists(path)) {
        Error e;
        e.source = path;
        e.message = "there is no store here yet";
        e.hint = "Import data first (`inferledger --db PATH import FILE`, or `demo` for the demo data), or pass another --db PATH";
        return e;
    }
    int flags = mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &s->m_db, flags, writebackVfsName()) != SQLITE_OK) {
        Error e = s->sqlError("cannot open the store");
        return e;
    }
    sqlite3_busy_timeout(s->m_db, 10'000);
    sqlite3_create_function_v2(s->m_db, "il_latency_hist", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, nullptr,
                               &latencyHistStep, &latencyHistFinal, nullptr);
    registerRequestTable(s->m_db);
    // A non-SQLite file fails on its first read; make that read here with a clear message.
    if (auto r = s->exec("PRAGMA schema_version"); !r)
        return r.error();
    if (mode == Mode::ReadWrite) {
        // Larger pages: fewer b-tree levels and cheaper appends for wide fact rows (only takes effect on a new file).
        if (auto r = s->exec("PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !r)
            return r.error();
    }
    // 64 MiB of page cache. Readers also map the file (fast scans of rollups); the writer does not, so a
    // large import's resident memory stays bounded by the cache, not by the size of the store.
    (void)s->exec(kPageCachePragma);
    (void)s->exec("PRAGMA temp_store=MEMORY;");
    if (mode == Mode::ReadOnly)
        (void)s->exec("PRAGMA mmap_size=268435456;");
    const int current = s->schemaVersion();
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    if (current > latest) {
        Error e;
        e.source = path;
        e.message = "this store has schema version " + std::to_string(current) + ", newer than this InferLedger ("
            + std::to_string(latest) + ")";
        e.hint = "Open it with a newer InferLedger";
        return e;
    }
    if (current < latest) {
        if (mode == Mode::ReadOnly && current == 0) {
            // Version 0 is an empty file or another program's database: a reader never turns it into a store.
            Error e;
            e.source = path;
            e.message = "this is not an InferLedger store yet (it holds no InferLedger tables)";
            e.hint = "Import data into it first (`inferledger --db PATH import FILE` or `demo`), or pass another --db PATH";
            return e;
        }
        if (mode == Mode::ReadOnly) {
            // A reader of a store an older InferLedger wrote: upgrade it through a short-lived writer (the
            // migration backs it up first), then read. Only a store that cannot be written stays un-upgraded.
            s.reset();
            auto writer = open(path, Mode::ReadWrite, migrations);
            if (!writer) {
                Error e = writer.error();
                e.message = "this store needs a schema upgrade (version " + std::to_string(current) + " → "
                    + std::to_string(latest) + ") and it could not be upgraded: " + e.message;
                if (e.hint.empty())
                    e.hint = "Open it once with write access to upgrade it";
                return e;
            }
            writer->reset();
            return open(path, Mode::ReadOnly, migrations);
        }
        if (auto r = s->migrate(migrations); !r)
            return r.error();
    }
    return s;
}

int Store::schemaVersion() const
{
    Statement st(m_db, "PRAGMA user_version");
    return st.valid() && st.step() ? int(st.int64(0)) : 0;
}

Result<void> Store::exec(std::string_view sql)
{
    char* err = nullptr;
    std::string s(sql);
    if (sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        Error e;
        e.source = m_path;
        e.message = err ? err : "SQL error";
        sqlite3_free(err);
        Error full = sqlError("store error");
        e.hint = full.hint;
        return e;
    }
    // Ids cached during a rolled-back transaction name rows that no longer exist (and SQLite hands the same ids
    // to the next rows inserted): forget them.
    if (s.rfind("ROLLBACK", 0) == 0) {
        m_providers.clear();
        m_features.clear();
        m_models.clear();
    }
    return {};
}

Result<void> Store::migrate(const std::vector<Migration>& migrations)
{
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    const int seen = schemaVersion();
    if (seen >= latest)
        return {};
    // Back up before touching a store that already holds data. SQLite cannot copy a database from a connection
    // that is writing it, so the copy goes to a file of this process's own first, and becomes the backup only
    // if, under the write lock, the store is still at the version copied (another process may have upgraded it
    // meanwhile: then its backup stays and this copy is dropped).
    std::string copy;
    if (seen > 0 && upgradeNotice())
        upgradeNotice()(m_path, seen, latest);
    if (seen > 0) {
        copy = m_path + ".backup-v" + std::to_string(seen) + ".partial-" + std::to_string(::getpid());
        sqlite3* dst = nullptr;
        if (sqlite3_open(copy.c_str(), &dst) != SQLITE_OK) {
            sqlite3_close(dst);
            return sqlError("cannot create the pre-migration backup " + copy);
        }
        sqlite3_busy_timeout(dst, 10'000);
        sqlite3_backup* b = sqlite3_backup_init(dst, "main", m_db, "main");
        const int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
        sqlite3_backup_finish(b);
        sqlite3_close(dst);
        if (rc != SQLITE_DONE) {
            std::error_code ec;
            std::filesystem::remove(copy, ec);
            Error e;
            e.source = m_path;
            e.message = std::string("the pre-migration backup failed (") + sqlite3_errstr(rc) + "); the store was not changed";
            e.hint = rc == SQLITE_FULL ? "Free disk space and open the store again"
                                       : "Check that the store's folder is writable, then open the store again";
            return e;
        }
    }
    auto dropCopy = [&copy] {
        std::error_code ec;
        if (!copy.empty())
            std::filesystem::remove(copy, ec);
    };
    // One transaction for every migration: a failure anywhere leaves the store as it was.
    if (auto r = exec("BEGIN IMMEDIATE"); !r) {
        dropCopy();
        return r;
    }
    auto abandon = [&](Error e) {
        (void)exec("ROLLBACK");
        dropCopy();
        return e;
    };
    const int current = schemaVersion();
    if (current >= latest) { // another connection upgraded it while this one copied or waited for the lock
        (void)exec("ROLLBACK");
        dropCopy();
        return {};
    }
    if (current != seen)
        return abandon(makeError("the store was changed by another program while it was being upgraded",
                                 "Open it again"));
    if (!copy.empty()) {
        m_lastBackup = m_path + ".backup-v" + std::to_string(seen);
        std::error_code ec;
        std::filesystem::rename(copy, m_lastBackup, ec);
        if (ec) {
            Error e = makeError("cannot keep the pre-migration backup " + m_lastBackup + ": " + ec.message(),
                                "Check that the store's folder is writable, then open the store again");
            e.source = m_path;
            return abandon(e);
        }
    }
    for (const Migration& m : migrations) {
        if (m.version <= current)
            continue;
        auto r = exec(m.sql);
        if (r && m.run)
            r = m.run(m_db);
        if (!r) {
            Error e = r.error();
            e.message = "migration to schema version " + std::to_string(m.version) + " failed: " + e.message;
            (void)exec("ROLLBACK");
            return e;
        }
    }
    if (auto r = exec("PRAGMA user_version=" + std::to_string(latest)); !r) {
        (void)exec("ROLLBACK");
        return r.error();
    }
    return exec("COMMIT");
}

namespace {
Result<int64_t> idFor(Store& s, std::unordered_map<std::string, int64_t>& cache, const std::string& cacheKey,
                      const char* selectSql, const char* insertSql, auto bindAll)
{
    if (auto it = cache.find(cacheKey); it != cache.end())
        return it->second;
    Statement sel(s.handle(), selectSql);
    bindAll(sel);
    if (sel.step()) {
        int64_t id = sel.int64(0);
        cache.emplace(cacheKey, id);
        return id;
    }
    Statement ins(s.handle(), insertSql);
    bindAll(ins);
    ins.step();
    if (ins.failed())
        return s.sqlError("cannot add a reference row");
    int64_t id = sqlite3_last_insert_rowid(s.handle());
    cache.emplace(cacheKey, id);
    return id;
}
} // namespace

Result<int64_t> Store::providerId(const std::string& name)
{
    return idFor(*this, m_providers, name, "SELECT id FROM provider WHERE name=?1", "INSERT INTO provider(name) VALUES(?1)",
                 [&](Statement& st) { st.bind(1, std::string_view(name)); });
}

Result<int64_t> Store::modelId(int64_t providerId, const std::string& name)
{
    const std::string k = std::to_string(providerId) + '\x1f' + name;
    return idFor(*this, m_models, k, "SELECT id FROM model WHERE provider_id=?1 AND name=?2",
                 "INSERT INTO model(provider_id, name) VALUES(?1, ?2)",
                 [&](Statement& st) { st.bind(1, providerId).bind(2, std::string_view(name)); });
}

Result<int64_t> Store::featureId(const std::string& name)
{
    return idFor(*this, m_features, name, "SELECT id FROM feature WHERE name=?1", "INSERT INTO feature(name) VALUES(?1)",
                 [&](Statement& st) { st.bind(1, std::string_view(name)); });
}

Result<void> Store::storePrices(std::vector<PriceEntry>& entries)
{
    Statement ins(m_db, "INSERT OR IGNORE INTO price(catalogue, version, provider, model, effective_from, currency, entry, imported_at)"
                        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
    Statement sel(m_db, "SELECT id FROM price WHERE catalogue=?1 AND version=?2 AND provider=?3 AND model=?4 AND effective_from=?5");
    const int64_t now = nowMs();
    for (PriceEntry& e : entries) {
        const std::string json = priceEntryToJson(e).dump();
        const std::string cur = e.currency.str();
        ins.reset();
        ins.bind(1, std::string_view(e.catalogue)).bind(2, std::string_view(e.version)).bind(3, std::string_view(e.provider));
        ins.bind(4, std::string_view(e.model)).bind(5, e.effectiveFromMs).bind(6, std::string_view(cur));
        ins.bind(7, std::string_view(json)).bind(8, now);
        ins.step();
        if (ins.failed())
            return sqlError("cannot store a price");
        sel.reset();
        sel.bind(1, std::string_view(e.catalogue)).bind(2, std::string_view(e.version)).bind(3, std::string_view(e.provider));
        sel.bind(4, std::string_view(e.model)).bind(5, e.effectiveFromMs);
        if (sel.step())
            e.id = sel.int64(0);
    }
    return {};
}

Result<std::vector<PriceEntry>> Store::loadPrices()
{
    std::vector<PriceEntry> out;
    Statement st(m_db, "SELECT id, entry FROM price ORDER BY id");
    while (st.step()) {
        auto j = nlohmann::json::parse(st.textView(1), nullptr, false);
        auto e = priceEntryFromJson(j, m_path + " (price " + std::to_string(st.int64(0)) + ")");
        if (!e)
            return e.error();
        e->id = st.int64(0);
        out.push_back(std::move(*e));
    }
    if (st.failed())
        return sqlError("cannot read prices");
    return out;
}

Result<void> Store::ensureBundledPrices()
{
    auto bundled = bundledCatalogue();
    if (!bundled)
        return bundled.error();
    if (bundled->empty())
        return {};
    Statement st(m_db, "SELECT 1 FROM price WHERE catalogue=?1 AND version=?2 LIMIT 1");
    st.bind(1, std::string_view(bundled->front().catalogue)).bind(2, std::string_view(bundled->front().version));
    if (st.step())
        return {};
    if (auto r = exec("BEGIN IMMEDIATE"); !r)
        return r;
    auto r = storePrices(*bundled);
    if (!r) {
        (void)exec("ROLLBACK");
        return r;
    }
    return exec("COMMIT");
}

std::string Store::meta(const std::string& key) const
{
    Statement st(m_db, "SELECT value FROM meta WHERE key=?1");
    st.bind(1, std::string_view(key));
    return st.valid() && st.step() ? st.text(0) : std::string();
}

Result<void> Store::setMeta(const std::string& key, const std::string& value)
{
    Statement st(m_db, "INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value=excluded.value");
    st.bind(1, std::string_view(key)).bind(2, std::string_view(value));
    st.step();
    if (st.failed())
        return sqlError("cannot write store metadata");
    return {};
}

bool Store::isEmpty() const
{
    Statement st(m_db, "SELECT 1 FROM rollup_hourly LIMIT 1");
    return !(st.valid() && st.step());
}

ReadSnapshot::ReadSnapshot(Store& store) : m_store(store)
{
    m_own = sqlite3_get_autocommit(store.handle()) && store.exec("BEGIN");
}

ReadSnapshot::~ReadSnapshot()
{
    if (m_own)
        (void)m_store.exec("COMMIT");
}

} // namespace il
