// SPDX-License-Identifier: GPL-3.0-or-later
// The chunked request store (schema 5): the row encoding round-trips every field, `request` reads the chunks
// back as rows (with its ts bounds), de-duplication holds across imports, small imports into one hour share a
// chunk, an import over more hours than ingest keeps in memory still de-duplicates, and a schema-4 store's
// requests move into chunks with keys that a re-import recognises.
#include "domain/RequestKey.h"
#include "domain/Time.h"
#include "ingest/Ingestor.h"
#include "pricing/PriceCatalogue.h"
#include "store/RequestChunks.h"
#include "store/Schema.h"
#include "store/Store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace il;

namespace {

int64_t scalar(Store& s, const char* sql)
{
    Statement st(s.handle(), sql);
    return st.valid() && st.step() ? st.int64(0) : -1;
}

RequestRecord record(int i, int64_t ts)
{
    RequestRecord r;
    r.timestampMs = ts;
    r.requestId = i % 3 == 0 ? std::string() : "req-" + std::to_string(i); // every third: content key
    r.feature = i % 2 ? "support" : "search";
    r.provider = "openai";
    r.model = "gpt-4o-mini";
    r.inputTokens = 1000 + i;
    r.cachedInputTokens = i % 5 == 0 ? 200 : 0;
    r.outputTokens = 100 + i;
    r.latencyMs = i % 7 == 0 ? -1 : 200 + i;
    r.evalScore = i % 4 == 0 ? 0.5 + 0.001 * i : NAN;
    r.promptHash = i % 2 ? "ph" + std::to_string(i) : std::string();
    return r;
}

bool loadCatalogue(Store& s, PriceCatalogue& cat)
{
    if (!s.ensureBundledPrices())
        return false;
    auto prices = s.loadPrices();
    if (!prices)
        return false;
    cat.addAll(std::move(*prices));
    return true;
}

Result<ImportStats> importAll(Store& store, const PriceCatalogue& cat, const std::vector<RequestRecord>& rows,
                              size_t batch = 1000)
{
    Ingestor ing(store, cat);
    if (auto b = ing.begin("test", "requests"); !b)
        return b.error();
    for (size_t i = 0; i < rows.size(); i += batch) {
        std::span<const RequestRecord> part(rows.data() + i, std::min(batch, rows.size() - i));
        if (auto a = ing.addRequests(part); !a) {
            ing.rollback(a.error().message);
            return a.error();
        }
    }
    return ing.commit();
}

} // namespace

class TestRequestChunks final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    const int64_t m_t0 = *parseTimestampMs("2026-07-01T10:00:00Z");

private slots:
    void encodingRoundTrips()
    {
        RequestChunkWriter w;
        w.hour = floorTo(m_t0, kMsPerHour);
        StoredRequest a;
        a.ts = m_t0 + 1234;
        a.featureId = 3;
        a.modelId = 300;
        a.providerId = 2;
        a.inputTokens = 5'000'000'000; // beyond 32 bits
        a.cachedInputTokens = 7;
        a.cacheWriteTokens = 8;
        a.cacheWrite1hTokens = 9;
        a.outputTokens = 10;
        a.reasoningTokens = 11;
        a.latencyMs = 0;
        a.error = true;
        a.cache = 2;
        a.evalScore = 0.125;
        a.estCost = -42; // a credit
        a.reportedCost = 123'456'789'012;
        a.currency = Currency::pack("EUR");
        a.batch = true;
        a.priceId = 77;
        a.importId = 5;
        a.serviceTier = "flex";
        a.externalId = "msg_01";
        a.promptHash = "abc";
        StoredRequest b; // every optional field absent
        b.ts = w.hour;
        b.currency = Currency::pack("USD");
        w.append(a, 0x0123456789abcdefULL);
        w.append(b, 1);
        QCOMPARE(w.rows(), 2);
        RequestChunkReader r(w.hour, w.data(), w.keys());
        StoredRequest x;
        uint64_t key = 0;
        QVERIFY(r.next(x, key));
        QCOMPARE(key, 0x0123456789abcdefULL);
        QCOMPARE(x.ts, a.ts);
        QCOMPARE(x.modelId, int64_t(300));
        QCOMPARE(x.inputTokens, a.inputTokens);
        QCOMPARE(x.reasoningTokens, int64_t(11));
        QCOMPARE(x.latencyMs, int64_t(0));
        QVERIFY(x.error && x.batch);
        QCOMPARE(x.cache, 2);
        QCOMPARE(x.evalScore, 0.125);
        QCOMPARE(*x.estCost, int64_t(-42));
        QCOMPARE(*x.reportedCost, a.reportedCost.value());
        QCOMPARE(x.currency, Currency::pack("EUR"));
        QCOMPARE(x.priceId, int64_t(77));
        QCOMPARE(x.importId, int64_t(5));
        QCOMPARE(x.serviceTier, std::string_view("flex"));
        QCOMPARE(x.externalId, std::string_view("msg_01"));
        QCOMPARE(x.promptHash, std::string_view("abc"));
        QVERIFY(r.next(x, key));
        QCOMPARE(key, uint64_t(1));
        QCOMPARE(x.latencyMs, int64_t(-1));
        QVERIFY(std::isnan(x.evalScore));
        QVERIFY(!x.estCost && !x.reportedCost && !x.error && !x.batch);
        QVERIFY(x.externalId.empty());
        QVERIFY(!r.next(x, key));
        QVERIFY(r.ok());

        // A truncated blob is reported, not read past.
        const std::string cut = w.data().substr(0, w.data().size() - 3);
        RequestChunkReader damaged(w.hour, cut, w.keys());
        QVERIFY(damaged.next(x, key));
        QVERIFY(!damaged.next(x, key));
        QVERIFY(!damaged.ok());
    }

    // Schema 6's compact forms round-trip exactly, beside the plain ones they fall back to: eval scores (exact
    // millionths or not), prompt hashes (lowercase hex or anything else), request ids sharing a prefix with the
    // row before (also after a stored chunk is adopted), strings longer than the row buffer.
    void compactFormsRoundTrip()
    {
        struct Row {
            double eval;
            std::string id, hash;
        };
        const std::string longId = "run-" + std::string(600, 'x');
        const std::vector<Row> rows = {
            {0.42, "chatcmpl-AAAA0001", "0123456789abcdef"},
            {1.0 / 3.0, "chatcmpl-AAAA0002", "0123456789ABCDEF"}, // not exact millionths; uppercase hex
            {0.0, "chatcmpl-AAAA0002", "abc"},                     // the same id again; odd-length hash
            {1.0, "chat", std::string(128, 'f')},                  // the longest hash kept as bytes
            {0.999999, "x", std::string(130, 'e')},                // too long: kept as text
            {NAN, "", "00"},
            {0.5, longId, "deadbeef"},
            {0.25, longId + "y", ""},                              // shares 127 bytes, the rest after the buffer
            {0.123456, "msg_01ABC", "zz-not-hex"},
            {-0.0, "msg_01ABD", ""}, // kept as the double: millionths would give back +0.0
        };
        auto stored = [](const Row& row, int i) {
            StoredRequest r;
            r.ts = 1'780'000'000'000LL + i;
            r.evalScore = row.eval;
            r.externalId = row.id;
            r.promptHash = row.hash;
            return r;
        };
        auto check = [&](const RequestChunkWriter& w, size_t adoptedRows) {
            RequestChunkReader rd(w.hour, w.data(), w.keys());
            StoredRequest x;
            uint64_t key = 0;
            for (size_t i = 0; i < rows.size() + adoptedRows; ++i) {
                QVERIFY2(rd.next(x, key), qPrintable(QStringLiteral("row %1").arg(i)));
                const Row& want = rows[i % rows.size()];
                if (std::isnan(want.eval))
                    QVERIFY(std::isnan(x.evalScore));
                else
                    QCOMPARE(x.evalScore, want.eval); // bit-exact, sign of zero included
                if (!std::isnan(want.eval))
                    QCOMPARE(std::signbit(x.evalScore), std::signbit(want.eval));
                QCOMPARE(std::string(x.externalId), want.id);
                QCOMPARE(std::string(x.promptHash), want.hash);
                QCOMPARE(key, uint64_t(i + 1));
            }
            QVERIFY(!rd.next(x, key));
            QVERIFY(rd.ok());
        };
        RequestChunkWriter w;
        w.hour = 1'780'000'000'000LL - 1'780'000'000'000LL % kMsPerHour;
        for (size_t i = 0; i < rows.size(); ++i)
            w.append(stored(rows[i], int(i)), i + 1);
        check(w, 0);
        // A lowercase hex hash takes half its length, a shared prefix only the rest.
        RequestChunkWriter plain;
        plain.hour = w.hour;
        const Row hexRow{0.5, "chatcmpl-AAAA0001", std::string(64, 'a')};
        const Row textRow{0.5, "chatcmpl-AAAA0001", std::string(64, 'g')};
        StoredRequest a = stored(hexRow, 0); // views into hexRow
        plain.append(a, 1);
        const size_t first = plain.data().size();
        a.externalId = "chatcmpl-AAAA0002";
        plain.append(a, 2);
        RequestChunkWriter text;
        text.hour = w.hour;
        text.append(stored(textRow, 0), 1); // not hex: as text
        QCOMPARE(text.data().size() - first, size_t(32));                              // 32 hash bytes saved
        QCOMPARE(first - (plain.data().size() - first), size_t(18 - 3)); // id: shared length, "2", not all 17 bytes
        // Rows appended after adopting a stored chunk read back alike.
        RequestChunkWriter more;
        more.hour = w.hour;
        more.adopt(w.data(), w.keys(), w.rows(), w.firstTs(), w.lastTs());
        for (size_t i = 0; i < rows.size(); ++i)
            more.append(stored(rows[i], int(i)), rows.size() + i + 1);
        check(more, rows.size());
        // A shared prefix longer than the row before's id is damage, not a read past it: the second row alone.
        const std::string second = plain.data().substr(first);
        RequestChunkReader alone(plain.hour, second, std::string_view(plain.keys()).substr(8));
        StoredRequest x;
        uint64_t key = 0;
        QVERIFY(!alone.next(x, key));
        QVERIFY(!alone.ok());
    }

    void requestTableReadsChunksAndDedupes()
    {
        auto s = Store::open(m_dir.filePath(QStringLiteral("rt.db")).toStdString());
        QVERIFY(s.ok());
        PriceCatalogue cat;
        QVERIFY(loadCatalogue(**s, cat));
        std::vector<RequestRecord> rows;
        for (int i = 0; i < 3000; ++i)
            rows.push_back(record(i, m_t0 + int64_t(i) * 7'000)); // ~5.8 hours
        auto first = importAll(**s, cat, rows);
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().toString().c_str());
        QCOMPARE(first->requestsAdded, int64_t(3000));
        auto again = importAll(**s, cat, rows, 700);
        QVERIFY(again.ok());
        QCOMPARE(again->requestsAdded, int64_t(0));
        QCOMPARE(again->requestsDuplicate, int64_t(3000));
        Store& st = **s;
        QCOMPARE(scalar(st, "SELECT COUNT(*) FROM request"), int64_t(3000));
        int64_t input = 0, latencyNulls = 0, evals = 0;
        for (int i = 0; i < 3000; ++i) {
            input += 1000 + i;
            latencyNulls += i % 7 == 0;
            evals += i % 4 == 0;
        }
        QCOMPARE(scalar(st, "SELECT SUM(input_tokens) FROM request"), input);
        QCOMPARE(scalar(st, "SELECT COUNT(*) FROM request WHERE latency_ms IS NULL"), latencyNulls);
        QCOMPARE(scalar(st, "SELECT COUNT(eval_score) FROM request"), evals);
        QCOMPARE(scalar(st, "SELECT COUNT(*) FROM request WHERE external_id = 'req-10'"), int64_t(1));
        QCOMPARE(scalar(st, "SELECT SUM(requests) FROM rollup_hourly"), int64_t(3000));
        QCOMPARE(scalar(st, "SELECT SUM(est_cost) FROM request"), scalar(st, "SELECT SUM(est_cost) FROM rollup_hourly"));
        // ts bounds narrow the chunks read and still give exactly the rows inside them.
        const std::string from = std::to_string(m_t0 + 1000 * 7'000), to = std::to_string(m_t0 + 2000 * 7'000);
        QCOMPARE(scalar(st, ("SELECT COUNT(*) FROM request WHERE ts >= " + from + " AND ts < " + to).c_str()),
                 int64_t(1000));
        QCOMPARE(scalar(st, ("SELECT COUNT(*) FROM request WHERE ts = " + from).c_str()), int64_t(1));
        // A row's id is its natural key.
        QCOMPARE(scalar(st, ("SELECT id FROM request WHERE ts = " + from).c_str()), Ingestor::requestKey(rows[1000]));
    }

    void smallImportsShareTheirHoursChunk()
    {
        auto s = Store::open(m_dir.filePath(QStringLiteral("small.db")).toStdString());
        QVERIFY(s.ok());
        PriceCatalogue cat;
        QVERIFY(loadCatalogue(**s, cat));
        for (int post = 0; post < 50; ++post) {
            std::vector<RequestRecord> rows;
            for (int i = 0; i < 10; ++i)
                rows.push_back(record(post * 10 + i, m_t0 + int64_t(post * 10 + i) * 1000)); // one hour
            auto r = importAll(**s, cat, rows);
            QVERIFY(r.ok());
            QCOMPARE(r->requestsAdded, int64_t(10));
        }
        QCOMPARE(scalar(**s, "SELECT COUNT(*) FROM request_chunk"), int64_t(1));
        QCOMPARE(scalar(**s, "SELECT SUM(rows) FROM request_chunk"), int64_t(500));
        QCOMPARE(scalar(**s, "SELECT COUNT(*) FROM request"), int64_t(500));
    }

    void manyHoursOutOfOrderStillDedupe()
    {
        // 1200 hours, visited in a scattered order twice within ONE import: more hours than ingest holds keys
        // for, so some hours are forgotten and read back from the store.
        auto s = Store::open(m_dir.filePath(QStringLiteral("hours.db")).toStdString());
        QVERIFY(s.ok());
        PriceCatalogue cat;
        QVERIFY(loadCatalogue(**s, cat));
        std::vector<RequestRecord> rows;
        for (int pass = 0; pass < 2; ++pass)
            for (int i = 0; i < 1200; ++i) {
                const int hour = (i * 577) % 1200;
                rows.push_back(record(hour, m_t0 + int64_t(hour) * kMsPerHour + 5));
            }
        auto r = importAll(**s, cat, rows, 50);
        QVERIFY(r.ok());
        QCOMPARE(r->requestsAdded, int64_t(1200));
        QCOMPARE(r->requestsDuplicate, int64_t(1200));
        QCOMPARE(scalar(**s, "SELECT COUNT(*) FROM request"), int64_t(1200));
        QCOMPARE(scalar(**s, "SELECT SUM(requests) FROM rollup_hourly"), int64_t(1200));
    }

    void failedImportWritesNoChunk()
    {
        auto s = Store::open(m_dir.filePath(QStringLiteral("fail.db")).toStdString());
        QVERIFY(s.ok());
        PriceCatalogue cat;
        QVERIFY(loadCatalogue(**s, cat));
        Ingestor ing(**s, cat);
        QVERIFY(ing.begin("test", "requests").ok());
        std::vector<RequestRecord> rows;
        for (int i = 0; i < 20000; ++i) // more than one chunk: some are written before the failure
            rows.push_back(record(i, m_t0 + i));
        QVERIFY(ing.addRequests(rows).ok());
        ing.rollback("the file had a bad row");
        QCOMPARE(scalar(**s, "SELECT COUNT(*) FROM request_chunk"), int64_t(0));
        QCOMPARE(scalar(**s, "SELECT COUNT(*) FROM request"), int64_t(0));
        QCOMPARE(scalar(**s, "SELECT COUNT(*) FROM rollup_hourly"), int64_t(0));
    }

    void schema4RequestsMoveIntoChunks()
    {
        const std::string path = m_dir.filePath(QStringLiteral("v4.db")).toStdString();
        std::vector<RequestRecord> rows;
        for (int i = 0; i < 500; ++i)
            rows.push_back(record(i, m_t0 + int64_t(i) * 60'000));
        {
            std::vector<Migration> v4(schemaMigrations().begin(), schemaMigrations().begin() + 4);
            QCOMPARE(v4.back().version, 4);
            auto s = Store::open(path, Store::Mode::ReadWrite, v4);
            QVERIFY(s.ok());
            QVERIFY((*s)->exec("INSERT INTO provider(id, name) VALUES(1, 'openai');"
                               "INSERT INTO model(id, provider_id, name) VALUES(1, 1, 'gpt-4o-mini');"
                               "INSERT INTO feature(id, name) VALUES(1, 'support'), (2, 'search');"
                               "INSERT INTO import_log(id, source, kind, started_at, status) VALUES(1, 't', 'requests', 0, 'ok');")
                        .ok());
            // As schema 4 stored them (its rowid key is not the new natural key: the migration recomputes that).
            Statement ins((*s)->handle(),
                          "INSERT INTO request(id, ts, feature_id, model_id, provider_id, input_tokens, cached_input_tokens,"
                          " cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, latency_ms, status,"
                          " cache, eval_score, est_cost, currency, batch, external_id, prompt_hash, import_id)"
                          " VALUES(?1, ?2, ?3, 1, 1, ?4, ?5, 0, 0, ?6, 0, ?7, 0, 0, ?8, ?9, 'USD', 0, ?10, ?11, 1)");
            for (size_t i = 0; i < rows.size(); ++i) {
                const RequestRecord& r = rows[i];
                ins.reset();
                ins.bind(1, int64_t(i + 1)).bind(2, r.timestampMs).bind(3, int64_t(r.feature == "support" ? 1 : 2));
                ins.bind(4, r.inputTokens).bind(5, r.cachedInputTokens).bind(6, r.outputTokens);
                if (r.latencyMs >= 0)
                    ins.bind(7, int64_t(r.latencyMs));
                else
                    ins.bindNull(7);
                if (std::isnan(r.evalScore))
                    ins.bindNull(8);
                else
                    ins.bind(8, r.evalScore);
                ins.bind(9, int64_t(1000));
                if (r.requestId.empty())
                    ins.bindNull(10);
                else
                    ins.bind(10, std::string_view(r.requestId));
                if (r.promptHash.empty())
                    ins.bindNull(11);
                else
                    ins.bind(11, std::string_view(r.promptHash));
                ins.step();
                QVERIFY(!ins.failed());
            }
        }
        auto s = Store::open(path);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
        QCOMPARE((*s)->schemaVersion(), latestSchemaVersion());
        QCOMPARE(scalar(**s, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'request'"), int64_t(0));
        QCOMPARE(scalar(**s, "SELECT COUNT(*) FROM request"), int64_t(500));
        QCOMPARE(scalar(**s, "SELECT SUM(est_cost) FROM request"), int64_t(500 * 1000));
        QCOMPARE(scalar(**s, "SELECT COUNT(*) FROM request WHERE feature_id = 1"), int64_t(250));
        QCOMPARE(scalar(**s, "SELECT COUNT(*) FROM request WHERE latency_ms IS NULL"),
                 int64_t(std::count_if(rows.begin(), rows.end(), [](const RequestRecord& r) { return r.latencyMs < 0; })));
        // The moved rows' keys are the ones ingest computes: importing the same records adds nothing.
        PriceCatalogue cat;
        QVERIFY(loadCatalogue(**s, cat));
        auto again = importAll(**s, cat, rows);
        QVERIFY(again.ok());
        QCOMPARE(again->requestsAdded, int64_t(0));
        QCOMPARE(again->requestsDuplicate, int64_t(500));
    }
};

QTEST_GUILESS_MAIN(TestRequestChunks)
#include "tst_requestchunks.moc"
