// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/ConnectorStore.h"

#include <nlohmann/json.hpp>

namespace il {

namespace {

    std::string optionsJson(const ConnectorConfig& c)
    {
        nlohmann::json j = nlohmann::json::object();
        for (const auto& [k, v] : c.options)
            j[k] = v;
        return j.dump();
    }

    std::optional<int64_t> optionalInt(const Statement& st, int col)
    {
        if (st.isNull(col))
            return std::nullopt;
        return st.int64(col);
    }

    void bindOptional(Statement& st, int i, const std::optional<int64_t>& v)
    {
        if (v)
            st.bind(i, *v);
        else
            st.bindNull(i);
    }

    void bindText(Statement& st, int i, const std::string& v)
    {
        if (v.empty())
            st.bindNull(i);
        else
            st.bind(i, std::string_view(v));
    }

    const char* kSelectConnector
        = "SELECT name, type, base_url, key_storage, key_env, options, created_at FROM connector";

    Result<ConnectorConfig> readConnector(const Statement& st, const std::string& dbPath)
    {
        ConnectorConfig c;
        c.name = st.text(0);
        c.type = st.text(1);
        c.baseUrl = st.text(2);
        c.keyStorage = parseKeyStorage(st.text(3)).value_or(KeyStorage::Env);
        c.keyEnv = st.text(4);
        c.createdMs = st.int64(6);
        const auto options = nlohmann::json::parse(st.text(5), nullptr, false);
        if (!options.is_object()) {
            Error e
                = makeError("the stored options of connector '" + c.name + "' are damaged",
                            "Remove the connector with `inferledger connector remove " + c.name + "` and add it again");
            e.source = dbPath;
            return e;
        }
        for (const auto& [k, v] : options.items())
            c.options[k] = v.is_string() ? v.get<std::string>() : v.dump();
        return c;
    }

} // namespace

Result<void> ConnectorStore::add(const ConnectorConfig& config)
{
    Statement exists(m_store.handle(), "SELECT 1 FROM connector WHERE name=?1");
    exists.bind(1, std::string_view(config.name));
    if (exists.step()) {
        Error e = makeError("a connector named '" + config.name + "' already exists",
                            "Choose another name, or remove it first with `inferledger connector remove " + config.name
                                + "`");
        e.source = m_store.path();
        return e;
    }
    const std::string options = optionsJson(config);
    Statement st(m_store.handle(),
                 "INSERT INTO connector(name, type, base_url, key_storage, key_env, options, created_at)"
                 " VALUES(?1,?2,?3,?4,?5,?6,?7)");
    st.bind(1, std::string_view(config.name)).bind(2, std::string_view(config.type));
    bindText(st, 3, config.baseUrl);
    st.bind(4, std::string_view(keyStorageName(config.keyStorage)));
    bindText(st, 5, config.keyEnv);
    st.bind(6, std::string_view(options)).bind(7, config.createdMs);
    st.step();
    if (st.failed())
        return m_store.sqlError("cannot store connector '" + config.name + "'");
    return {};
}

Result<void> ConnectorStore::update(const ConnectorConfig& config)
{
    const std::string options = optionsJson(config);
    Statement st(m_store.handle(),
                 "UPDATE connector SET type=?2, base_url=?3, key_storage=?4, key_env=?5, options=?6 WHERE name=?1");
    st.bind(1, std::string_view(config.name)).bind(2, std::string_view(config.type));
    bindText(st, 3, config.baseUrl);
    st.bind(4, std::string_view(keyStorageName(config.keyStorage)));
    bindText(st, 5, config.keyEnv);
    st.bind(6, std::string_view(options));
    st.step();
    if (st.failed())
        return m_store.sqlError("cannot store connector '" + config.name + "'");
    if (sqlite3_changes(m_store.handle()) == 0)
        return get(config.name).error(); // no such connector: get() says so and where to look
    return {};
}

Result<std::vector<ConnectorConfig>> ConnectorStore::list() const
{
    Statement st(m_store.handle(), std::string(kSelectConnector) + " ORDER BY name");
    std::vector<ConnectorConfig> out;
    while (st.step()) {
        auto c = readConnector(st, m_store.path());
        if (!c)
            return c.error();
        out.push_back(std::move(*c));
    }
    if (st.failed() || !st.valid())
        return m_store.sqlError("cannot read the connectors");
    return out;
}

Result<ConnectorConfig> ConnectorStore::get(const std::string& name) const
{
    Statement st(m_store.handle(), std::string(kSelectConnector) + " WHERE name=?1");
    st.bind(1, std::string_view(name));
    if (st.step())
        return readConnector(st, m_store.path());
    if (st.failed() || !st.valid())
        return m_store.sqlError("cannot read connector '" + name + "'");
    Error e = makeError("no connector is named '" + name + "'",
                        "`inferledger connector list` shows the configured connectors; `inferledger connector add` "
                        "adds one");
    e.source = m_store.path();
    return e;
}

Result<bool> ConnectorStore::remove(const std::string& name, bool purgeData)
{
    if (auto r = m_store.exec("BEGIN IMMEDIATE"); !r)
        return r.error();
    auto failed = [this, &name](const char* what) {
        Error e = m_store.sqlError(std::string(what) + " of connector '" + name + "'");
        (void)m_store.exec("ROLLBACK");
        return e;
    };
    if (purgeData) {
        for (const char* sql :
             { "DELETE FROM usage_bucket WHERE connector=?1", "DELETE FROM cost_bucket WHERE connector=?1",
               "DELETE FROM gpu_sample WHERE connector=?1" }) {
            Statement del(m_store.handle(), sql);
            del.bind(1, std::string_view(name));
            del.step();
            if (del.failed())
                return failed("cannot delete the data");
        }
        // A focus folder connector's billing lines: their imports' sources are "connector NAME: PATH". (A otlp
        // connector's requests stay: they are in the rollups, which a delete here would not correct.)
        Statement billing(m_store.handle(),
                          "DELETE FROM billing_line WHERE import_id IN (SELECT id FROM import_log"
                          " WHERE substr(source, 1, length(?1)) = ?1)");
        const std::string prefix = "connector " + name + ": ";
        billing.bind(1, std::string_view(prefix));
        billing.step();
        if (billing.failed())
            return failed("cannot delete the billing lines");
    }
    Statement state(m_store.handle(), "DELETE FROM sync_state WHERE connector=?1");
    state.bind(1, std::string_view(name));
    state.step();
    if (state.failed())
        return failed("cannot delete the sync state");
    Statement del(m_store.handle(), "DELETE FROM connector WHERE name=?1");
    del.bind(1, std::string_view(name));
    del.step();
    if (del.failed())
        return failed("cannot remove the configuration");
    const bool removed = sqlite3_changes(m_store.handle()) > 0;
    if (auto r = m_store.exec("COMMIT"); !r) {
        (void)m_store.exec("ROLLBACK");
        return r.error();
    }
    return removed;
}

namespace {
    const char* kSelectState = "SELECT connector, cursor, watermark_ms, last_attempt_ms, last_success_ms, last_error,"
                               " last_error_ms, rows_added, rows_updated, rows_total FROM sync_state";

    SyncState readState(const Statement& st)
    {
        SyncState s;
        s.connector = st.text(0);
        s.cursor = st.text(1);
        s.watermarkMs = optionalInt(st, 2);
        s.lastAttemptMs = optionalInt(st, 3);
        s.lastSuccessMs = optionalInt(st, 4);
        s.lastError = st.text(5);
        s.lastErrorMs = optionalInt(st, 6);
        s.rowsAdded = st.int64(7);
        s.rowsUpdated = st.int64(8);
        s.rowsTotal = st.int64(9);
        return s;
    }
} // namespace

Result<SyncState> ConnectorStore::syncState(const std::string& name) const
{
    Statement st(m_store.handle(), std::string(kSelectState) + " WHERE connector=?1");
    st.bind(1, std::string_view(name));
    if (st.step())
        return readState(st);
    if (st.failed() || !st.valid())
        return m_store.sqlError("cannot read the sync state of connector '" + name + "'");
    SyncState fresh;
    fresh.connector = name;
    return fresh;
}

Result<std::vector<SyncState>> ConnectorStore::syncStates() const
{
    Statement st(m_store.handle(), std::string(kSelectState) + " ORDER BY connector");
    std::vector<SyncState> out;
    while (st.step())
        out.push_back(readState(st));
    if (st.failed() || !st.valid())
        return m_store.sqlError("cannot read the sync states");
    return out;
}

Result<void> ConnectorStore::saveSyncState(const SyncState& s)
{
    Statement st(m_store.handle(),
                 "INSERT OR REPLACE INTO sync_state(connector, cursor, watermark_ms, last_attempt_ms, last_success_ms,"
                 " last_error, last_error_ms, rows_added, rows_updated, rows_total)"
                 " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
    st.bind(1, std::string_view(s.connector));
    bindText(st, 2, s.cursor);
    bindOptional(st, 3, s.watermarkMs);
    bindOptional(st, 4, s.lastAttemptMs);
    bindOptional(st, 5, s.lastSuccessMs);
    bindText(st, 6, s.lastError);
    bindOptional(st, 7, s.lastErrorMs);
    st.bind(8, s.rowsAdded).bind(9, s.rowsUpdated).bind(10, s.rowsTotal);
    st.step();
    if (st.failed())
        return m_store.sqlError("cannot save the sync state of connector '" + s.connector + "'");
    return {};
}

Result<int64_t> ConnectorStore::prune(const char* table, const std::string& connector, int64_t fromMs, int64_t toMs,
                                      int64_t keepImportId)
{
    Statement st(m_store.handle(),
                 std::string("DELETE FROM ") + table
                     + " WHERE connector=?1 AND start_ms>=?2 AND start_ms<?3 AND import_id<>?4");
    st.bind(1, std::string_view(connector)).bind(2, fromMs).bind(3, toMs).bind(4, keepImportId);
    st.step();
    if (st.failed())
        return m_store.sqlError(std::string("cannot replace the ") + table + " rows of connector '" + connector + "'");
    return int64_t(sqlite3_changes(m_store.handle()));
}

Result<int64_t> ConnectorStore::pruneUsageBuckets(const std::string& connector, int64_t fromMs, int64_t toMs,
                                                  int64_t keepImportId)
{
    return prune("usage_bucket", connector, fromMs, toMs, keepImportId);
}

Result<int64_t> ConnectorStore::pruneCostBuckets(const std::string& connector, int64_t fromMs, int64_t toMs,
                                                 int64_t keepImportId)
{
    return prune("cost_bucket", connector, fromMs, toMs, keepImportId);
}

} // namespace il
