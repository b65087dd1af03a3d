// SPDX-License-Identifier: GPL-3.0-or-later
// The store on real SQLite files: migrations with backups, ingest idempotency, rollups, rollback.
#include "analytics/Summary.h"
#include "domain/Time.h"
#include "ingest/Ingestor.h"
#include "pricing/PriceCatalogue.h"
#include "store/Store.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <map>

using namespace il;

namespace {

int64_t scalar(Store& s, const char* sql)
{
    Statement st(s.handle(), sql);
    return st.step() ? st.int64(0) : -1;
}

RequestRecord req(const char* id, const char* feature, const char* provider, const char* model, int64_t in, int64_t out,
                  int latency, int64_t ts)
{
    RequestRecord r;
    r.requestId = id;
    r.feature = feature;
    r.provider = provider;
    r.model = model;
    r.inputTokens = in;
    r.outputTokens = out;
    r.latencyMs = latency;
    r.timestampMs = ts;
    return r;
}

} // namespace

class TestStore final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    const int64_t m_t0 = *parseTimestampMs("2026-07-01T10:15:00Z");

    std::unique_ptr<Store> freshStore(const char* name, PriceCatalogue& cat)
    {
        auto s = Store::open(m_dir.filePath(QString::fromUtf8(name)).toStdString());
        if (!s.ok())
            return nullptr;
        if (!(*s)->ensureBundledPrices().ok())
            return nullptr;
        auto p = (*s)->loadPrices();
        cat.addAll(std::move(*p));
        return std::move(*s);
    }

private slots:
    void freshStoreIsLatestAndWal()
    {
        PriceCatalogue cat;
        auto s = freshStore("fresh.db", cat);
        QVERIFY(s);
        QCOMPARE(s->schemaVersion(), latestSchemaVersion());
        Statement st(s->handle(), "PRAGMA journal_mode");
        QVERIFY(st.step());
        QCOMPARE(QString::fromStdString(st.text(0)), QStringLiteral("wal"));
        QVERIFY(s->isEmpty());
    }

    void migrationBacksUpAndKeepsData()
    {
        const std::string path = m_dir.filePath(QStringLiteral("mig.db")).toStdString();
        {
            auto s = Store::open(path);
            QVERIFY(s.ok());
            QVERIFY((*s)->setMeta("marker", "kept").ok());
        }
        std::vector<Migration> next = schemaMigrations();
        next.push_back({latestSchemaVersion() + 1, "CREATE TABLE future_table (x INTEGER); ALTER TABLE feature ADD COLUMN owner TEXT;"});
        auto s = Store::open(path, Store::Mode::ReadWrite, next);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
        QCOMPARE((*s)->schemaVersion(), latestSchemaVersion() + 1);
        QCOMPARE(QString::fromStdString((*s)->meta("marker")), QStringLiteral("kept"));
        const std::string backup = (*s)->lastBackupPath();
        QVERIFY(QFile::exists(QString::fromStdString(backup)));
        auto b = Store::open(backup, Store::Mode::ReadOnly);
        QVERIFY(b.ok());
        QCOMPARE((*b)->schemaVersion(), latestSchemaVersion());
        QCOMPARE(QString::fromStdString((*b)->meta("marker")), QStringLiteral("kept"));
        // This build cannot open a store from the future.
        s->reset();
        auto old = Store::open(path);
        QVERIFY(!old.ok());
        QVERIFY(QString::fromStdString(old.error().toString()).contains(QStringLiteral("newer")));
    }

    void failedMigrationLeavesStoreAsItWas()
    {
        const std::string path = m_dir.filePath(QStringLiteral("migfail.db")).toStdString();
        QVERIFY(Store::open(path).ok());
        std::vector<Migration> next = schemaMigrations();
        next.push_back({latestSchemaVersion() + 1, "CREATE TABLE t1 (x); THIS IS NOT SQL;"});
        auto s = Store::open(path, Store::Mode::ReadWrite, next);
        QVERIFY(!s.ok());
        auto again = Store::open(path);
        QVERIFY(again.ok());
        QCOMPARE((*again)->schemaVersion(), latestSchemaVersion());
        QCOMPARE(scalar(**again, "SELECT COUNT(*) FROM sqlite_master WHERE name='t1'"), int64_t(0));
    }

    // Schema v2: gpu_sample gains a connector column; a v1 store's samples are kept and name no connector.
    void migrationFromV1AddsGpuSampleConnector()
    {
        const std::string path = m_dir.filePath(QStringLiteral("v1.db")).toStdString();
        {
            auto v1 = Store::open(path, Store::Mode::ReadWrite, std::vector<Migration> { schemaMigrations().front() });
            QVERIFY2(v1.ok(), v1.ok() ? "" : v1.error().toString().c_str());
            QCOMPARE((*v1)->schemaVersion(), 1);
            QCOMPARE(scalar(**v1, "SELECT COUNT(*) FROM pragma_table_info('gpu_sample') WHERE name='connector'"),
                     int64_t(0));
            QVERIFY((*v1)->exec("INSERT INTO gpu_sample(ts, host, gpu, metric, value, uuid)"
                                " VALUES(1767225600000, 'node-1', '0', 'DCGM_FI_DEV_GPU_UTIL', 42, 'GPU-1')"));
        }
        auto s = Store::open(path);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
        QVERIFY((*s)->schemaVersion() >= 2);
        QCOMPARE(scalar(**s, "SELECT COUNT(*) FROM pragma_table_info('gpu_sample') WHERE name='connector'"),
                 int64_t(1));
        QCOMPARE(scalar(**s,
                        "SELECT COUNT(*) FROM gpu_sample WHERE connector IS NULL AND uuid='GPU-1'"
                        " AND CAST(value AS INTEGER)=42"),
                 int64_t(1));
        QVERIFY(QFile::exists(QString::fromStdString((*s)->lastBackupPath())));
        // A sample written after the migration names its connector.
        QVERIFY((*s)->exec("INSERT INTO gpu_sample(ts, host, gpu, metric, value, connector)"
                           " VALUES(1767225660000, 'node-1', '0', 'DCGM_FI_DEV_GPU_UTIL', 43, 'gpus')"));
        QCOMPARE(scalar(**s, "SELECT COUNT(*) FROM gpu_sample WHERE connector='gpus'"), int64_t(1));
    }

    void notAStore()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.db"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        auto s = Store::open(path.toStdString());
        QVERIFY(!s.ok());
        QVERIFY(QString::fromStdString(s.error().toString()).contains(QStringLiteral("--db")));
    }

    void ingestPricesDedupesAndRollsUp()
    {
        PriceCatalogue cat;
        auto s = freshStore("ingest.db", cat);
        QVERIFY(s);
        std::vector<RequestRecord> rs = {
            req("a", "support", "openai", "gpt-4o", 1000, 500, 100, m_t0),
            req("b", "support", "openai", "gpt-4o-2024-08-06", 2000, 100, 300, m_t0 + 60'000),
            req("c", "search", "anthropic", "claude-haiku-4-5", 1000, 1000, 50, m_t0 + kMsPerHour),
            req("d", "search", "acme", "mystery-model", 10, 10, 70, m_t0 + kMsPerHour),
        };
        rs[0].cachedInputTokens = 400;
        rs[2].reportedCostNanos = 123'456; // provider-reported cost wins over the estimate
        rs[2].evalScore = 0.5;
        rs[1].evalScore = 1.0;
        rs[0].cache = CacheOutcome::Hit;
        rs[1].cache = CacheOutcome::Miss;
        {
            Ingestor in(*s, cat);
            QVERIFY(in.begin("t", "requests").ok());
            QVERIFY(in.addRequests(rs).ok());
            auto st = in.commit();
            QVERIFY(st.ok());
            QCOMPARE(st->requestsAdded, int64_t(4));
            QCOMPARE(st->unpriced, int64_t(1));
        }
        // Re-import of an overlapping batch adds nothing twice.
        {
            Ingestor in(*s, cat);
            QVERIFY(in.begin("t2", "requests").ok());
            std::vector<RequestRecord> again = {rs[1], rs[3], req("e", "support", "openai", "gpt-4o", 0, 0, 10, m_t0)};
            QVERIFY(in.addRequests(again).ok());
            auto st = in.commit();
            QVERIFY(st.ok());
            QCOMPARE(st->requestsAdded, int64_t(1));
            QCOMPARE(st->requestsDuplicate, int64_t(2));
        }
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM request"), int64_t(5));
        QCOMPARE(scalar(*s, "SELECT SUM(requests) FROM rollup_hourly"), int64_t(5));
        // Both cost figures kept for reconciliation.
        QCOMPARE(scalar(*s, "SELECT reported_cost FROM request WHERE external_id='c'"), int64_t(123'456));
        QCOMPARE(scalar(*s, "SELECT est_cost FROM request WHERE external_id='c'"), int64_t(6'000'000)); // 1000×1 + 1000×5 µ$
        QVERIFY(scalar(*s, "SELECT price_id FROM request WHERE external_id='a'") > 0);
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM request WHERE external_id='d' AND est_cost IS NULL AND price_id IS NULL"),
                 int64_t(1));

        Analytics a(*s);
        SummaryFilter f;
        f.fromMs = floorTo(m_t0, kMsPerDay);
        f.toMs = f.fromMs + kMsPerDay;
        auto sum = a.summary(f);
        QVERIFY(sum.ok());
        QCOMPARE(int(sum->rows.size()), 2);
        // support: a = 600×2.5 + 400×1.25 + 500×10 = 7000 µ$; b = 2000×2.5 + 100×10 = 6000 µ$; e = 0.
        const SummaryRow* support = nullptr;
        for (const auto& r : sum->rows)
            if (r.key == "support")
                support = &r;
        QVERIFY(support);
        QCOMPARE(support->cost, int64_t(13'000'000));
        QCOMPARE(support->requests, int64_t(3));
        QCOMPARE(*support->cacheHitRate(), 0.5);
        QCOMPARE(*support->accuracy(), 1.0);
        QVERIFY(!support->units); // no outcomes: unknown, not 0
        QCOMPARE(sum->total.unpricedRequests, int64_t(1));
        QCOMPARE(sum->total.cost, int64_t(13'000'000 + 123'456));
        QCOMPARE(sum->total.reportedRequests, int64_t(1));
    }

    // A summary reads whole days from rollup_daily and the hours at its range's edges from rollup_hourly
    // (analytics/Summary.cpp, rollupSpans). Whatever the range, its figures must be what the requests say.
    void summaryOverDaysAndEdgeHoursMatchesTheRequests()
    {
        PriceCatalogue cat;
        auto s = freshStore("days.db", cat);
        QVERIFY(s);
        const char* features[] = {"support", "search", "docs"};
        auto requests = [&](int firstDay, int lastDay, const char* prefix) {
            std::vector<RequestRecord> rs;
            for (int day = firstDay; day <= lastDay; ++day)
                for (int i = 0; i < 40; ++i) {
                    const std::string id = prefix + std::to_string(day) + "-" + std::to_string(i);
                    RequestRecord r = req(id.c_str(), features[i % 3], "openai", i % 2 ? "gpt-4o" : "gpt-4o-mini",
                                          1000 + i, 100 + day, 50 + i * 7 + day, m_t0 + day * kMsPerDay + i * 1'800'000);
                    if (i % 4 != 1)
                        r.evalScore = double((day * 37 + i * 11) % 1000) / 997.0; // many decimals
                    r.batch = i % 9 == 4; // not interactive: rows keep an interactive histogram of their own
                    rs.push_back(r);
                }
            return rs;
        };
        // Two imports; the second adds to days (and hours) the first already wrote.
        for (const auto& batch : {requests(0, 59, "a"), requests(20, 29, "b")}) {
            Ingestor in(*s, cat);
            QVERIFY(in.begin("days", "requests").ok());
            QVERIFY(in.addRequests(batch).ok());
            QVERIFY(in.commit().ok());
        }
        // Every day's rollup is its hours added up.
        const char* grouped = "SELECT hour - hour % 86400000 AS day, feature_id, model_id, provider_id, currency,"
                              " SUM(requests) AS n, SUM(cost) AS c, SUM(est_cost) AS e, SUM(input_tokens) AS i,"
                              " SUM(latency_count) AS lc, SUM(interactive_latency_count) AS ilc, SUM(eval_count) AS ec"
                              " FROM rollup_hourly GROUP BY 1, 2, 3, 4, 5";
        const int64_t days = scalar(*s, "SELECT COUNT(*) FROM rollup_daily");
        QVERIFY(days > 60);
        QCOMPARE(scalar(*s, (std::string("SELECT COUNT(*) FROM (") + grouped + ") h JOIN rollup_daily d USING (day,"
                             " feature_id, model_id, provider_id, currency) WHERE d.requests = h.n AND d.cost = h.c"
                             " AND d.est_cost = h.e AND d.input_tokens = h.i AND d.latency_count = h.lc"
                             " AND d.interactive_latency_count = h.ilc AND d.eval_count = h.ec").c_str()),
                 days);
        QCOMPARE(scalar(*s, (std::string("SELECT COUNT(*) FROM (") + grouped + ")").c_str()), days);

        const int64_t d0 = floorTo(m_t0, kMsPerDay), h = kMsPerHour, d = kMsPerDay;
        const std::pair<int64_t, int64_t> ranges[] = {
            {d0, d0 + 61 * d},                   // whole days only
            {d0 + 3 * d + 7 * h, d0 + 40 * d + 15 * h}, // edge hours on both sides
            {d0 + 3 * d + 7 * h + 1'800'000, d0 + 40 * d}, // a start inside an hour: that hour is left out
            {d0 + 5 * d + 2 * h, d0 + 5 * d + 20 * h},  // inside one day
            {d0 + 10 * d + 5 * h, d0 + 11 * d + 3 * h}, // across one midnight
            {d0 + 25 * d, d0 + 26 * d},                 // one day
        };
        Analytics a(*s);
        for (const auto& [from, to] : ranges) {
            // What the requests say, from the raw facts: requests whose hour starts inside the range.
            Statement raw(s->handle(), "SELECT COALESCE(reported_cost, est_cost, 0), latency_ms, batch, eval_score, ts"
                                       " FROM request WHERE ts - ts % 3600000 >= ?1 AND ts - ts % 3600000 < ?2");
            raw.bind(1, from).bind(2, to);
            int64_t n = 0, cost = 0, evalCount = 0;
            double evalSum = 0;
            LatencyHistogram all, interactive;
            std::map<int64_t, int64_t> perDay;
            while (raw.step()) {
                ++n;
                cost += raw.int64(0);
                all.add(double(raw.int64(1)));
                if (raw.int64(2) == 0)
                    interactive.add(double(raw.int64(1)));
                if (!raw.isNull(3)) {
                    evalSum += raw.real(3);
                    ++evalCount;
                }
                ++perDay[floorTo(raw.int64(4), kMsPerDay)];
            }
            QVERIFY(n > 0);
            SummaryFilter f;
            f.fromMs = from;
            f.toMs = to;
            const QByteArray where = QByteArray::number(qint64(from)) + ".." + QByteArray::number(qint64(to));
            auto byFeature = a.summary(f);
            QVERIFY(byFeature.ok());
            QVERIFY2(byFeature->total.requests == n, where);
            QVERIFY2(byFeature->total.cost == cost, where);
            QVERIFY2(byFeature->total.latency.quantile(0.95) == all.quantile(0.95), where);
            QVERIFY2(byFeature->total.latency.quantile(0.5) == all.quantile(0.5), where);
            QVERIFY2(std::abs(*byFeature->total.accuracy() - evalSum / double(evalCount)) < 1e-6, where);
            f.latency = LatencyScope::Interactive;
            auto interactiveOnly = a.summary(f);
            QVERIFY(interactiveOnly.ok());
            QVERIFY2(interactiveOnly->total.latency.quantile(0.95) == interactive.quantile(0.95), where);
            f.latency = LatencyScope::All;
            // Grouped by day: one row per day met, each with that day's requests; the same total, bit for bit.
            f.by = GroupBy::Day;
            auto byDay = a.summary(f);
            QVERIFY(byDay.ok());
            QCOMPARE(byDay->rows.size(), perDay.size());
            size_t i = 0;
            for (const auto& [day, count] : perDay) {
                QCOMPARE(byDay->rows[i].key, formatIsoDate(day));
                QCOMPARE(byDay->rows[i].requests, count);
                ++i;
            }
            QVERIFY2(*byDay->total.accuracy() == *byFeature->total.accuracy(), where);
            QCOMPARE(byDay->total.cost, byFeature->total.cost);
            // A model filter applies to days and hours alike.
            f.by = GroupBy::Model;
            f.models = {"gpt-4o"};
            auto oneModel = a.summary(f);
            QVERIFY(oneModel.ok());
            QCOMPARE(int(oneModel->rows.size()), 1);
            QVERIFY2(oneModel->total.requests == n / 2, where); // every other request of an hour is gpt-4o
        }
    }

    // Schema 7 adds rollup_daily and fills it from the hourly rollups: the same rows imports keep.
    void migrationToV7FillsDailyRollups()
    {
        PriceCatalogue cat;
        const std::string path = m_dir.filePath(QStringLiteral("v6.db")).toStdString();
        std::vector<RequestRecord> rs;
        for (int i = 0; i < 500; ++i) {
            RequestRecord r = req(("m" + std::to_string(i)).c_str(), i % 2 ? "support" : "search", "openai", "gpt-4o",
                                  900 + i, 80, 40 + i, m_t0 + int64_t(i) * 1'234'567);
            r.batch = i % 7 == 0;
            r.evalScore = i % 3 ? 0.25 * (i % 5) : std::nan("");
            rs.push_back(r);
        }
        const char* dump = "SELECT group_concat(day || ':' || feature_id || ':' || requests || ':' || cost || ':'"
                           " || latency_count || ':' || hex(latency_hist) || ':' || interactive_latency_count || ':'"
                           " || coalesce(hex(interactive_latency_hist), '-') || ':' || eval_sum, ',')"
                           " FROM (SELECT * FROM rollup_daily ORDER BY 1, 2, 3, 4, 5)";
        std::string kept;
        {
            auto s = freshStore("v6.db", cat);
            QVERIFY(s);
            Ingestor in(*s, cat);
            QVERIFY(in.begin("v6", "requests").ok());
            QVERIFY(in.addRequests(rs).ok());
            QVERIFY(in.commit().ok());
            {
                Statement st(s->handle(), dump);
                QVERIFY(st.step());
                kept = st.text(0);
            }
            // Back to schema 6: no daily rollups.
            QVERIFY(s->exec("DROP TABLE rollup_daily; PRAGMA user_version=6").ok());
        }
        QVERIFY(!kept.empty());
        auto s = Store::open(path);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
        QCOMPARE((*s)->schemaVersion(), latestSchemaVersion());
        QVERIFY(QFile::exists(QString::fromStdString((*s)->lastBackupPath())));
        Statement st((*s)->handle(), dump);
        QVERIFY(st.step());
        QCOMPARE(st.text(0), kept);
    }

    // One Ingestor serves many imports (the OTLP receiver: one per POST). Names first stored by an import that
    // was rolled back are gone with it; the next import must not reuse their ids (SQLite hands them out again).
    void rolledBackNamesAreNotReused()
    {
        PriceCatalogue cat;
        auto s = freshStore("rollback-ids.db", cat);
        Ingestor in(*s, cat);
        for (bool prepared : {false, true}) {
            const std::string tag = prepared ? "p" : "u";
            QVERIFY(in.begin("t", "requests").ok());
            std::vector<RequestRecord> gone = {req(("g" + tag).c_str(), ("gone-" + tag).c_str(), "openai",
                                                   ("model-gone-" + tag).c_str(), 10, 1, 5, m_t0)};
            if (prepared)
                in.prepareRequests(gone);
            QVERIFY(in.addRequests(gone).ok());
            in.rollback("test");
            QVERIFY(in.begin("t", "requests").ok());
            std::vector<RequestRecord> rs = {req(("k" + tag).c_str(), ("kept-" + tag).c_str(), "openai",
                                                 ("model-kept-" + tag).c_str(), 10, 1, 5, m_t0),
                                             req(("g2" + tag).c_str(), ("gone-" + tag).c_str(), "openai",
                                                 ("model-gone-" + tag).c_str(), 10, 1, 5, m_t0 + 1)};
            if (prepared)
                in.prepareRequests(rs);
            QVERIFY(in.addRequests(rs).ok());
            QVERIFY(in.commit().ok());
        }
        // Every rollup row names a feature and a model that exist, and each name has its own rows.
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM rollup_hourly WHERE feature_id NOT IN (SELECT id FROM feature)"
                            " OR model_id NOT IN (SELECT id FROM model)"), int64_t(0));
        for (const char* name : {"kept-u", "gone-u", "kept-p", "gone-p"}) {
            const std::string sql = std::string("SELECT SUM(requests) FROM rollup_hourly r JOIN feature f ON f.id = r.feature_id"
                                                " WHERE f.name = '") + name + "'";
            QCOMPARE(scalar(*s, sql.c_str()), int64_t(1));
        }
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM request r JOIN feature f ON f.id = r.feature_id"
                            " JOIN model m ON m.id = r.model_id WHERE f.name <> substr(m.name, 7)"), int64_t(0));
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM request"), int64_t(4));
    }

    void outcomesGiveCostPerUnit()
    {
        PriceCatalogue cat;
        auto s = freshStore("units.db", cat);
        Ingestor in(*s, cat);
        QVERIFY(in.begin("t", "mixed").ok());
        std::vector<RequestRecord> rs = {req("a", "f", "openai", "gpt-4o", 1'000'000, 0, 10, m_t0)}; // $2.50
        QVERIFY(in.addRequests(rs).ok());
        std::vector<OutcomeEvent> os(3);
        for (int i = 0; i < 3; ++i) {
            os[size_t(i)].feature = "f";
            os[size_t(i)].unit = "ticket";
            os[size_t(i)].timestampMs = m_t0;
            os[size_t(i)].outcomeId = "o" + std::to_string(i);
        }
        QVERIFY(in.addOutcomes(os).ok());
        QVERIFY(in.addOutcomes(os).ok()); // duplicates ignored
        QVERIFY(in.commit().ok());
        Analytics a(*s);
        SummaryFilter f;
        f.fromMs = floorTo(m_t0, kMsPerDay);
        f.toMs = f.fromMs + kMsPerDay;
        auto sum = a.summary(f);
        QVERIFY(sum.ok());
        QCOMPARE(*sum->rows[0].units, int64_t(3));
        QCOMPARE(*sum->rows[0].costPerUnit(), int64_t(833'333'333)); // $2.50 / 3, half-even
        f.by = GroupBy::Model;
        auto byModel = a.summary(f);
        QVERIFY(!byModel->rows[0].units); // units are not attributable to a model
        QCOMPARE(*byModel->total.units, int64_t(3));
    }

    void rollbackLeavesNothing()
    {
        PriceCatalogue cat;
        auto s = freshStore("rollback.db", cat);
        {
            Ingestor in(*s, cat);
            QVERIFY(in.begin("t", "requests").ok());
            std::vector<RequestRecord> rs = {req("a", "f", "openai", "gpt-4o", 10, 10, 10, m_t0)};
            QVERIFY(in.addRequests(rs).ok());
            in.rollback("bad row at line 3");
        }
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM request"), int64_t(0));
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM rollup_hourly"), int64_t(0));
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM import_log WHERE status='failed'"), int64_t(1));
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
