// SPDX-License-Identifier: GPL-3.0-or-later
// Time series add up to the same figures as the summary for the same filter (charts agree with tables).
#include "analytics/Summary.h"
#include "analytics/TimeSeries.h"
#include "demo/DemoScenario.h"
#include "domain/Time.h"
#include "ingest/Ingestor.h"
#include "store/Store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace il;

class TestTimeSeries final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    DemoOptions m_demo;

private slots:
    void initTestCase()
    {
        auto s = Store::open(m_dir.filePath(QStringLiteral("ts.db")).toStdString());
        QVERIFY(s.ok());
        m_store = std::move(*s);
        QVERIFY(m_store->ensureBundledPrices().ok());
        m_demo.seed = 7;
        m_demo.scale = 0.005;
        m_demo.endMs = *parseDateMs("2026-11-01");
        auto extra = demoPriceEntries(m_demo);
        QVERIFY(m_store->storePrices(extra).ok());
        PriceCatalogue cat;
        cat.addAll(std::move(*m_store->loadPrices()));
        Ingestor in(*m_store, cat);
        QVERIFY(in.begin("demo", "demo").ok());
        QVERIFY(generateDemo(in, m_demo).ok());
        QVERIFY(in.commit().ok());
    }

    void agreesWithSummary_data()
    {
        QTest::addColumn<int>("split");
        QTest::addColumn<int>("bucket");
        QTest::newRow("feature/day") << int(GroupBy::Feature) << int(Bucket::Day);
        QTest::newRow("feature/week") << int(GroupBy::Feature) << int(Bucket::Week);
        QTest::newRow("model/day") << int(GroupBy::Model) << int(Bucket::Day);
        QTest::newRow("provider/hour") << int(GroupBy::Provider) << int(Bucket::Hour);
    }
    void agreesWithSummary()
    {
        QFETCH(int, split);
        QFETCH(int, bucket);
        SeriesFilter sf;
        sf.fromMs = m_demo.endMs - 30 * kMsPerDay;
        sf.toMs = m_demo.endMs;
        sf.split = GroupBy(split);
        sf.bucket = Bucket(bucket);
        auto ts = timeSeries(*m_store, sf);
        QVERIFY(ts.ok());
        SummaryFilter f;
        f.fromMs = sf.fromMs;
        f.toMs = sf.toMs;
        f.by = GroupBy(split);
        auto sum = Analytics(*m_store).summary(f);
        QVERIFY(sum.ok());
        QCOMPARE(ts->series.size(), sum->rows.size());
        for (const SummaryRow& row : sum->rows) {
            auto it = std::find_if(ts->series.begin(), ts->series.end(), [&](const Series& s) { return s.key == row.key; });
            QVERIFY2(it != ts->series.end(), row.key.c_str());
            int64_t cost = 0, requests = 0, units = 0;
            bool anyUnits = false;
            for (const SeriesPoint& p : it->points) {
                cost += p.cost;
                requests += p.requests;
                if (p.units) {
                    units += *p.units;
                    anyUnits = true;
                }
            }
            QCOMPARE(cost, row.cost);
            QCOMPARE(requests, row.requests);
            QCOMPARE(anyUnits, row.units.has_value());
            if (anyUnits)
                QCOMPARE(units, *row.units);
        }
        QCOMPARE(ts->total.totalCost, sum->total.cost);
        QCOMPARE(ts->bucketStarts.size(), ts->total.points.size());
    }

    // Day and week buckets read whole days from the daily rollups, partial days from the hourly ones: each
    // bucket must hold what the same range's hour buckets (hourly rows only) add up to, p95 included.
    void dayBucketsAreTheirHours_data()
    {
        QTest::addColumn<int>("bucket");
        QTest::addColumn<qint64>("fromOffsetMs");
        QTest::addColumn<qint64>("toOffsetMs");
        QTest::newRow("days, edge hours") << int(Bucket::Day) << qint64(7 * kMsPerHour) << qint64(-5 * kMsPerHour);
        QTest::newRow("days, whole") << int(Bucket::Day) << qint64(0) << qint64(0);
        QTest::newRow("weeks, edge hours") << int(Bucket::Week) << qint64(13 * kMsPerHour) << qint64(-2 * kMsPerHour);
    }
    void dayBucketsAreTheirHours()
    {
        QFETCH(int, bucket);
        QFETCH(qint64, fromOffsetMs);
        QFETCH(qint64, toOffsetMs);
        SeriesFilter sf;
        sf.fromMs = m_demo.endMs - 20 * kMsPerDay + fromOffsetMs;
        sf.toMs = m_demo.endMs + toOffsetMs;
        sf.bucket = Bucket(bucket);
        auto coarse = timeSeries(*m_store, sf);
        QVERIFY(coarse.ok());
        sf.bucket = Bucket::Hour;
        auto hours = timeSeries(*m_store, sf);
        QVERIFY(hours.ok());
        const auto& starts = coarse->bucketStarts;
        QCOMPARE(coarse->series.size(), hours->series.size());
        for (const Series& c : coarse->series) {
            auto h = std::find_if(hours->series.begin(), hours->series.end(), [&](const Series& s) { return s.key == c.key; });
            QVERIFY2(h != hours->series.end(), c.key.c_str());
            for (size_t b = 0; b < starts.size(); ++b) {
                const int64_t end = b + 1 < starts.size() ? starts[b + 1] : INT64_MAX;
                int64_t requests = 0, cost = 0, evalCount = 0;
                for (size_t i = 0; i < hours->bucketStarts.size(); ++i) {
                    if (hours->bucketStarts[i] < starts[b] || hours->bucketStarts[i] >= end)
                        continue;
                    requests += h->points[i].requests;
                    cost += h->points[i].cost;
                    evalCount += h->points[i].evalCount;
                }
                const QByteArray where = QByteArray(c.key.c_str()) + " bucket " + QByteArray::number(int(b));
                QVERIFY2(c.points[b].requests == requests, where);
                QVERIFY2(c.points[b].cost == cost, where);
                QVERIFY2(c.points[b].evalCount == evalCount, where);
            }
        }
        // p95 per bucket: the summary of the bucket's range (also whole days + edge hours) must agree.
        for (size_t b = 0; b < starts.size(); ++b) {
            SummaryFilter f;
            f.fromMs = std::max(starts[b], sf.fromMs);
            f.toMs = b + 1 < starts.size() ? starts[b + 1] : sf.toMs;
            auto sum = Analytics(*m_store).summary(f);
            QVERIFY(sum.ok());
            QCOMPARE(coarse->total.points[b].requests, sum->total.requests);
            QCOMPARE(coarse->total.points[b].latencyP95, sum->total.latency.quantile(0.95));
        }
    }

    void filterNarrowsBoth()
    {
        SeriesFilter sf;
        sf.fromMs = m_demo.endMs - 10 * kMsPerDay;
        sf.toMs = m_demo.endMs;
        sf.features = {"support-assistant"};
        sf.split = GroupBy::Model;
        auto ts = timeSeries(*m_store, sf);
        QVERIFY(ts.ok());
        QVERIFY(ts->series.size() >= 2); // the feature uses several models
        SummaryFilter f;
        f.fromMs = sf.fromMs;
        f.toMs = sf.toMs;
        f.features = sf.features;
        auto sum = Analytics(*m_store).summary(f);
        QCOMPARE(ts->total.totalCost, sum->total.cost);
        QVERIFY(ts->total.points.back().latencyP95.has_value());
    }
};

QTEST_GUILESS_MAIN(TestTimeSeries)
#include "tst_timeseries.moc"
