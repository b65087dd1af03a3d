// SPDX-License-Identifier: GPL-3.0-or-later
// The floor under the request import: SQLite alone inserting N pre-built rows of the request table's shape
// (24 columns, a time-led rowid, INSERT OR IGNORE, one transaction, WAL, 16 KiB pages — as the store does),
// with no parsing, pricing or rollups. If this takes longer than a target allows, no parser can meet it.
//   bench_sqlite_insert [ROWS=1000000] [DB=/tmp/bench_sqlite_insert.db]
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    const int n = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
    const std::string path = argc > 2 ? argv[2] : "/tmp/bench_sqlite_insert.db";
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK)
        return std::fprintf(stderr, "cannot open %s\n", path.c_str()), 1;
    sqlite3_exec(db, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
                     "CREATE TABLE r(id INTEGER PRIMARY KEY, ts INT, f INT, m INT, p INT, a INT, b INT, c INT, d INT, e INT,"
                     " g INT, lat INT, st INT, ca INT, ev REAL, est INT, rep INT, cur TEXT, bat INT, tier TEXT, price INT,"
                     " ext TEXT, ph TEXT, imp INT)",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT OR IGNORE INTO r VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,"
                       "?20,?21,?22,?23,?24)",
                       -1, &s, nullptr);
    std::mt19937_64 rng(1);
    const auto rows = static_cast<size_t>(n);
    std::vector<long long> keys(rows);
    std::vector<std::string> ext(rows), hash(rows);
    for (int i = 0; i < n; ++i) {
        keys[size_t(i)] = ((1'000'000'000'000LL + i * 50LL) << 22) | static_cast<long long>(rng() & 0x3fffff);
        ext[size_t(i)] = "bench-" + std::to_string(i);
        char b[32];
        std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(rng()));
        hash[size_t(i)] = b;
    }
    const auto t0 = std::chrono::steady_clock::now();
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (int i = 0; i < n; ++i) {
        sqlite3_bind_int64(s, 1, keys[size_t(i)]);
        sqlite3_bind_int64(s, 2, 1'700'000'000'000LL + i * 50LL);
        for (int c = 3; c <= 14; ++c)
            sqlite3_bind_int64(s, c, (c * i) % 5000);
        sqlite3_bind_double(s, 15, 0.8);
        sqlite3_bind_int64(s, 16, 123'456);
        sqlite3_bind_null(s, 17);
        sqlite3_bind_text(s, 18, "USD", 3, SQLITE_STATIC);
        sqlite3_bind_int64(s, 19, 0);
        sqlite3_bind_null(s, 20);
        sqlite3_bind_int64(s, 21, 7);
        sqlite3_bind_text(s, 22, ext[size_t(i)].data(), int(ext[size_t(i)].size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 23, hash[size_t(i)].data(), 16, SQLITE_STATIC);
        sqlite3_bind_int64(s, 24, 1);
        sqlite3_step(s);
        sqlite3_reset(s);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    sqlite3_finalize(s);
    sqlite3_close(db);
    std::printf("sqlite alone: %d rows of 24 columns in %.3f s = %.0f rows/s\n", n, secs, n / secs);
    std::remove(path.c_str());
    return 0;
}
