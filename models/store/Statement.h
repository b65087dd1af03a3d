// SPDX-License-Identifier: GPL-3.0-or-later
// A thin RAII wrapper over a prepared sqlite3 statement. Only store/ and ingest/ include SQLite.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace il {

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& o) noexcept : m_stmt(o.m_stmt), m_db(o.m_db) { o.m_stmt = nullptr; }
    Statement& operator=(Statement&& o) noexcept;

    bool valid() const { return m_stmt != nullptr; }
    sqlite3_stmt* get() const { return m_stmt; }
    std::string errorMessage() const;

    Statement& bind(int i, int64_t v) { sqlite3_bind_int64(m_stmt, i, v); return *this; }
    Statement& bind(int i, int v) { sqlite3_bind_int(m_stmt, i, v); return *this; }
    Statement& bind(int i, double v) { sqlite3_bind_double(m_stmt, i, v); return *this; }
    // Text is bound SQLITE_STATIC: it must outlive step().
    Statement& bind(int i, std::string_view v) { sqlite3_bind_text(m_stmt, i, v.data(), int(v.size()), SQLITE_STATIC); return *this; }
    Statement& bindTransient(int i, std::string_view v) { sqlite3_bind_text(m_stmt, i, v.data(), int(v.size()), SQLITE_TRANSIENT); return *this; }
    Statement& bindBlob(int i, const void* p, size_t n) { sqlite3_bind_blob(m_stmt, i, p, int(n), SQLITE_STATIC); return *this; }
    Statement& bindNull(int i) { sqlite3_bind_null(m_stmt, i); return *this; }
    Statement& bindOptional(int i, std::optional<int64_t> v) { return v ? bind(i, *v) : bindNull(i); }

    // SQLITE_ROW → true; SQLITE_DONE → false; an error sets rc().
    bool step();
    int rc() const { return m_rc; }
    bool failed() const { return m_rc != SQLITE_OK && m_rc != SQLITE_ROW && m_rc != SQLITE_DONE; }
    void reset() { sqlite3_reset(m_stmt); m_rc = SQLITE_OK; }
    void clearBindings() { sqlite3_clear_bindings(m_stmt); }

    int64_t int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
    double real(int col) const { return sqlite3_column_double(m_stmt, col); }
    bool isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
    std::string text(int col) const;
    std::string_view textView(int col) const;
    std::string_view blob(int col) const;

private:
    sqlite3_stmt* m_stmt = nullptr;
    sqlite3* m_db = nullptr;
    int m_rc = SQLITE_OK;
};

} // namespace il
