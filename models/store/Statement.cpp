// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Statement.h"

namespace il {

Statement::Statement(sqlite3* db, std::string_view sql) : m_db(db)
{
    m_rc = sqlite3_prepare_v3(db, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (m_rc != SQLITE_OK)
        m_stmt = nullptr;
}

Statement::~Statement()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

Statement& Statement::operator=(Statement&& o) noexcept
{
    if (this != &o) {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
        m_stmt = o.m_stmt;
        m_db = o.m_db;
        m_rc = o.m_rc;
        o.m_stmt = nullptr;
    }
    return *this;
}

std::string Statement::errorMessage() const
{
    return m_db ? sqlite3_errmsg(m_db) : "no database";
}

bool Statement::step()
{
    m_rc = sqlite3_step(m_stmt);
    return m_rc == SQLITE_ROW;
}

std::string Statement::text(int col) const
{
    return std::string(textView(col));
}

std::string_view Statement::textView(int col) const
{
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
    return p ? std::string_view(p, size_t(sqlite3_column_bytes(m_stmt, col))) : std::string_view();
}

std::string_view Statement::blob(int col) const
{
    auto p = static_cast<const char*>(sqlite3_column_blob(m_stmt, col));
    return p ? std::string_view(p, size_t(sqlite3_column_bytes(m_stmt, col))) : std::string_view();
}

} // namespace il
