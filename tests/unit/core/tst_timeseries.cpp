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
