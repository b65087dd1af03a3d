// SPDX-License-Identifier: GPL-3.0-or-later
// The rollups' interactive latency histogram: Batch API and flex-tier calls are left out of it (and only of
// it), the ingest path and the schema-3 backfill build the same histogram, and a gate reads its p95.
#include "analytics/GateLiveData.h"
#include "analytics/Summary.h"
#include "domain/LatencyHistogram.h"
#include "domain/Time.h"
#include "ingest/Ingestor.h"
#include "pricing/PriceCatalogue.h"
#include "store/Schema.h"
#include "store/Store.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace il;

namespace {

RequestRecord call(int i, int latency, bool batch, const char* tier, int64_t ts)
{
    RequestRecord r;
    r.requestId = "r" + std::to_string(i);
    r.feature = "support";
    r.provider = "openai";
    r.model = "gpt-4o-mini";
    r.inputTokens = 1000;
    r.outputTokens = 100;
    r.latencyMs = latency;
    r.batch = batch;
    r.serviceTier = tier;
    r.timestampMs = ts;
    return r;
}

// 200 interactive calls at 100..299 ms, 50 Batch API jobs at ~1 h, 30 flex calls at ~1 min, over two hours.
std::vector<RequestRecord> mixedTraffic(int64_t t0)
{
    std::vector<RequestRecord> out;
    for (int i = 0; i < 200; ++i)
        out.push_back(call(i, 100 + i, false, "", t0 + int64_t(i) * 30'000));
    for (int i = 0; i < 50; ++i)
        out.push_back(call(1000 + i, 3'600'000 + i, true, "", t0 + int64_t(i) * 60'000));
    for (int i = 0; i < 30; ++i)
        out.push_back(call(2000 + i, 60'000 + i, false, "flex", t0 + int64_t(i) * 90'000));
    return out;
}

// A new store at `path` with the bundled prices, loaded into `cat`; null when either fails.
std::unique_ptr<Store> pricedStore(const QString& path, PriceCatalogue& cat)
{
    auto s = Store::open(path.toStdString());
    if (!s.ok() || !(*s)->ensureBundledPrices().ok())
        return nullptr;
    auto prices = (*s)->loadPrices();
    if (!prices.ok())
        return nullptr;
    cat.addAll(std::move(*prices));
    return std::move(*s);
}

QByteArray bytes(std::string_view blob)
{
    return QByteArray(blob.data(), qsizetype(blob.size()));
}

QByteArray encoded(const LatencyHistogram& h)
{
    return QByteArray::fromStdString(h.encode());
}

double expectedInteractiveP95()
{
    LatencyHistogram h;
    for (int i = 0; i < 200; ++i)
        h.add(100 + i);
    return *h.quantile(0.95);
}

} // namespace

class TestInteractiveLatency final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    const int64_t m_t0 = *parseTimestampMs("2026-07-01T10:00:00Z");

    SummaryFilter dayFilter(LatencyScope scope) const
    {
        SummaryFilter f;
        f.fromMs = floorTo(m_t0, kMsPerDay);
        f.toMs = f.fromMs + kMsPerDay;
        f.latency = scope;
        return f;
    }

private slots:
    void ingestKeepsBothHistograms()
    {
        auto s = Store::open(m_dir.filePath(QStringLiteral("ingest.db")).toStdString());
        QVERIFY(s.ok());
        PriceCatalogue cat;
        QVERIFY((*s)->ensureBundledPrices().ok());
        cat.addAll(std::move(*(*s)->loadPrices()));
        const auto traffic = mixedTraffic(m_t0);
        // Two imports, so the second merges into the rollups the first wrote.
        for (size_t part = 0; part < 2; ++part) {
            Ingestor in(**s, cat);
            QVERIFY(in.begin("t", "requests").ok());
            std::vector<RequestRecord> half(traffic.begin() + long(part * traffic.size() / 2),
                                            traffic.begin() + long((part + 1) * traffic.size() / 2));
            QVERIFY(in.addRequests(half).ok());
            QVERIFY(in.commit().ok());
        }
        Analytics a(**s);
        auto all = a.summary(dayFilter(LatencyScope::All));
        auto interactive = a.summary(dayFilter(LatencyScope::Interactive));
        QVERIFY(all.ok() && interactive.ok());
        QCOMPARE(all->total.requests, int64_t(280));
        QCOMPARE(interactive->total.requests, int64_t(280)); // only latency is scoped
        QCOMPARE(all->total.latencyCount, int64_t(280));
        QCOMPARE(interactive->total.latencyCount, int64_t(200));
        QCOMPARE(*interactive->total.latencyQuantile(0.95), expectedInteractiveP95());
        QVERIFY(*all->total.latencyQuantile(0.95) > 3'000'000); // the batch hour swamps the all-calls p95

        // The gate's live p95 is the interactive one.
        auto live = loadGateLiveData(**s, cat, dayFilter(LatencyScope::All).fromMs, dayFilter(LatencyScope::All).toMs);
        QVERIFY(live.ok());
        const auto it = live->byModel.find("openai/gpt-4o-mini");
        QVERIFY(it != live->byModel.end());
        QCOMPARE(it->second.latencyCount, int64_t(200));
        QCOMPARE(*it->second.p95LatencyMs, expectedInteractiveP95());
    }

    void migrationBackfillsFromTheRequests()
    {
        const std::string path = m_dir.filePath(QStringLiteral("v2.db")).toStdString();
        // A schema-2 store as an older InferLedger wrote it: requests, and rollups with one histogram.
        {
            std::vector<Migration> v2(schemaMigrations().begin(), schemaMigrations().begin() + 2);
            QCOMPARE(v2.back().version, 2);
            auto s = Store::open(path, Store::Mode::ReadWrite, v2);
            QVERIFY(s.ok());
            QVERIFY((*s)->exec("INSERT INTO provider(id, name) VALUES(1, 'openai');"
                               "INSERT INTO model(id, provider_id, name) VALUES(1, 1, 'gpt-4o-mini');"
                               "INSERT INTO feature(id, name) VALUES(1, 'support');"
                               "INSERT INTO import_log(id, source, kind, started_at, status) VALUES(1, 't', 'requests', 0, 'ok');")
                        .ok());
            // Per hour: every call's histogram (what a schema-2 ingest wrote) and the interactive calls' one.
            std::map<int64_t, LatencyHistogram> allByHour, interactiveByHour;
            Statement ins((*s)->handle(),
                          "INSERT INTO request(id, ts, feature_id, model_id, provider_id, input_tokens, cached_input_tokens,"
                          " cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, latency_ms, status,"
                          " cache, currency, batch, service_tier, import_id) VALUES(?1, ?2, 1, 1, 1, 1000, 0, 0, 0, 100, 0,"
                          " ?3, 0, 0, 'USD', ?4, ?5, 1)");
            for (const RequestRecord& r : mixedTraffic(m_t0)) {
                ins.reset();
                ins.bind(1, Ingestor::requestKey(r)).bind(2, r.timestampMs).bind(3, int64_t(r.latencyMs));
                ins.bind(4, int64_t(r.batch ? 1 : 0));
                if (r.serviceTier.empty())
                    ins.bindNull(5);
                else
                    ins.bind(5, std::string_view(r.serviceTier));
                ins.step();
                QVERIFY(!ins.failed());
                const int64_t hour = floorTo(r.timestampMs, kMsPerHour);
                allByHour[hour].add(r.latencyMs);
                if (!r.batch && r.serviceTier != "flex")
                    interactiveByHour[hour].add(r.latencyMs);
            }
            QCOMPARE(int(allByHour.size()), 2);
            for (const auto& [hour, h] : allByHour) {
                Statement up((*s)->handle(),
                             "INSERT INTO rollup_hourly VALUES(?1, 1, 1, 1, 'USD', ?2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,"
                             " 0, 0, 0, 0, 0, ?2, ?3)");
                const std::string blob = h.encode();
                up.bind(1, hour).bind(2, int64_t(h.count())).bindBlob(3, blob.data(), blob.size());
                up.step();
                QVERIFY(!up.failed());
            }
            m_expectedInteractive = interactiveByHour;
            m_expectedAll = allByHour;
        }
        // A reader (summary, the dashboard) opening the old store upgrades it first, backup included.
        auto s = Store::open(path, Store::Mode::ReadOnly);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
        QVERIFY(QFile::exists(QString::fromStdString(path + ".backup-v2")));
        QCOMPARE((*s)->schemaVersion(), latestSchemaVersion());
        Analytics a(**s);
        auto interactive = a.summary(dayFilter(LatencyScope::Interactive));
        QVERIFY(interactive.ok());
        QCOMPARE(interactive->total.latencyCount, int64_t(200));
        QCOMPARE(*interactive->total.latencyQuantile(0.95), expectedInteractiveP95());
        // Row by row, the backfill wrote what the ingest path writes: the interactive histogram where the hour had
        // batch or flex calls, NULL (the same as latency_hist) where every call was interactive.
        Statement rows((*s)->handle(),
                       "SELECT hour, interactive_latency_count, interactive_latency_hist FROM rollup_hourly ORDER BY hour");
        int n = 0;
        while (rows.step()) {
            ++n;
            const int64_t hour = rows.int64(0);
            const LatencyHistogram& want = m_expectedInteractive[hour];
            QCOMPARE(rows.int64(1), int64_t(want.count()));
            if (want.count() == m_expectedAll[hour].count()) {
                QVERIFY(rows.isNull(2));
            } else {
                const std::string_view got = rows.blob(2);
                QCOMPARE(QByteArray(got.data(), qsizetype(got.size())), QByteArray::fromStdString(want.encode()));
            }
        }
        QCOMPARE(n, 2);
    }

    void listedAndSpilledCallsGiveTheSameHistograms_data()
    {
        QTest::addColumn<int>("calls");
        QTest::addColumn<int>("firstBatchCall"); // -1: none
        QTest::addColumn<int>("imports");
        QTest::newRow("few, all interactive") << 3 << -1 << 1;
        QTest::newRow("few, one batch call") << 5 << 2 << 1;
        QTest::newRow("just listed") << int(Ingestor::kListedCalls) << 100 << 1;
        QTest::newRow("spilled, batch before") << int(Ingestor::kListedCalls) + 1 << 0 << 1;
        QTest::newRow("spilled, batch after") << 2000 << 1500 << 1;
        QTest::newRow("spilled, all interactive") << 2000 << -1 << 1;
        QTest::newRow("two imports into one row") << 1500 << 700 << 2;
    }

    // The ingest lists a rollup's latencies while they are few and moves them into histograms beyond: the stored
    // histograms are those of every call either way.
    void listedAndSpilledCallsGiveTheSameHistograms()
    {
        QFETCH(int, calls);
        QFETCH(int, firstBatchCall);
        QFETCH(int, imports);
        PriceCatalogue cat;
        auto s = pricedStore(m_dir.filePath(QStringLiteral("listed-%1-%2-%3.db").arg(calls).arg(firstBatchCall).arg(imports)), cat);
        QVERIFY(s);
        std::vector<RequestRecord> traffic;
        LatencyHistogram all, interactive;
        for (int i = 0; i < calls; ++i) {
            const bool batch = firstBatchCall >= 0 && i >= firstBatchCall && i % 3 == 0;
            const int latency = 50 + (i * 37) % 5000;
            traffic.push_back(call(i, latency, batch, "", m_t0 + i)); // one hour, one rollup row
            all.add(latency);
            if (!batch)
                interactive.add(latency);
        }
        for (int part = 0; part < imports; ++part) {
            Ingestor in(*s, cat);
            QVERIFY(in.begin("t", "requests").ok());
            const size_t from = size_t(part) * traffic.size() / size_t(imports);
            const size_t to = size_t(part + 1) * traffic.size() / size_t(imports);
            QVERIFY(in.addRequests(std::span<const RequestRecord>(traffic.data() + from, to - from)).ok());
            QVERIFY(in.commit().ok());
        }
        Statement row(s->handle(), "SELECT latency_count, latency_hist, interactive_latency_count,"
                                      " interactive_latency_hist FROM rollup_hourly");
        QVERIFY(row.step());
        QCOMPARE(row.int64(0), int64_t(calls));
        QCOMPARE(bytes(row.blob(1)), encoded(all));
        QCOMPARE(row.int64(2), int64_t(interactive.count()));
        if (interactive.count() == all.count()) {
            QVERIFY(row.isNull(3));
        } else {
            QCOMPARE(bytes(row.blob(3)), encoded(interactive));
        }
        QVERIFY(!row.step());
    }

    // Rollups of an hour with none stored are written without being read back, unless the same import already
    // wrote them (rollups are written every 1,024 keys): a key seen again after that is added to, not replaced.
    void aRollupWrittenEarlierInTheImportIsAddedTo()
    {
        PriceCatalogue cat;
        auto s = pricedStore(m_dir.filePath(QStringLiteral("rewritten.db")), cat);
        QVERIFY(s);
        std::vector<RequestRecord> traffic;
        for (int h = 0; h < 1100; ++h) // more rollup keys than are held: the first ones are written mid-import
            traffic.push_back(call(h, 100 + h, false, "", m_t0 + int64_t(h) * kMsPerHour));
        traffic.push_back(call(5000, 7000, true, "", m_t0 + 1)); // hour 0 again, after it was written
        Ingestor in(*s, cat);
        QVERIFY(in.begin("t", "requests").ok());
        QVERIFY(in.addRequests(std::span<const RequestRecord>(traffic.data(), 1100)).ok());
        QVERIFY(in.addRequests(std::span<const RequestRecord>(traffic.data() + 1100, 1)).ok());
        QVERIFY(in.commit().ok());
        Statement row(s->handle(), "SELECT requests, latency_count, latency_hist, interactive_latency_count,"
                                      " interactive_latency_hist FROM rollup_hourly WHERE hour=?1");
        row.bind(1, floorTo(m_t0, kMsPerHour));
        QVERIFY(row.step());
        QCOMPARE(row.int64(0), int64_t(2));
        QCOMPARE(row.int64(1), int64_t(2));
        LatencyHistogram both, interactiveOnly;
        both.add(100);
        both.add(7000);
        interactiveOnly.add(100);
        QCOMPARE(bytes(row.blob(2)), encoded(both));
        QCOMPARE(row.int64(3), int64_t(1));
        QCOMPARE(bytes(row.blob(4)), encoded(interactiveOnly));
        Statement count(s->handle(), "SELECT count(*), sum(requests) FROM rollup_hourly");
        QVERIFY(count.step());
        QCOMPARE(count.int64(0), int64_t(1100));
        QCOMPARE(count.int64(1), int64_t(1101));
    }

    void readerRefusesANonStore()
    {
        // An empty file (or another program's database) is not upgraded by a reader into a store.
        const QString path = m_dir.filePath(QStringLiteral("empty.db"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        auto s = Store::open(path.toStdString(), Store::Mode::ReadOnly);
        QVERIFY(!s.ok());
        QVERIFY(QString::fromStdString(s.error().toString()).contains(QStringLiteral("not an InferLedger store")));
        QCOMPARE(QFileInfo(path).size(), qint64(0));
        auto missing = Store::open(m_dir.filePath(QStringLiteral("nothing-here.db")).toStdString(), Store::Mode::ReadOnly);
        QVERIFY(!missing.ok());
        QVERIFY(QString::fromStdString(missing.error().toString()).contains(QStringLiteral("no store here yet")));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("nothing-here.db"))));
    }

private:
    std::map<int64_t, LatencyHistogram> m_expectedInteractive, m_expectedAll;
};

QTEST_GUILESS_MAIN(TestInteractiveLatency)
#include "tst_interactivelatency.moc"
