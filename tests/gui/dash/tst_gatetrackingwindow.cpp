// SPDX-License-Identifier: GPL-3.0-or-later
// Gate tracking within a date range (the dashboard's and the report's): the months are cut to the range and
// to the launch day, the headline figure is cost ÷ units over the range (exact, half to even), its breach is
// judged on that figure, and the feature list picks the gates. Without a window, tracking is as before.
#include "GateFixture.h"

#include "analytics/GateTracking.h"

#include <QTemporaryDir>
#include <QTest>

using namespace il;

namespace {

int64_t day(const char* d)
{
    return *parseDateMs(d);
}

} // namespace

class TestGateTrackingWindow final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;

    GateTrackingRow within(const char* from, const char* to, std::vector<std::string> features = {})
    {
        GateTrackingWindow w;
        w.fromMs = day(from);
        w.toMs = day(to);
        w.features = std::move(features);
        auto rows = gateTrackingWithin(*m_store, w, gatefixture::kNow);
        if (!rows || rows->size() != 1)
            qFatal("tracking %s – %s: %s", from, to, rows ? "not one row" : rows.error().toString().c_str());
        return rows->front();
    }

private slots:
    void initTestCase()
    {
        const QString path = m_dir.filePath(QStringLiteral("track.db"));
        gatefixture::fill(path);
        auto s = Store::open(path.toStdString(), Store::Mode::ReadOnly);
        QVERIFY(s);
        m_store = std::move(*s);
    }

    void aMonthWithin()
    {
        const GateTrackingRow r = within("2026-05-01", "2026-06-01");
        QVERIFY(r.windowed);
        QCOMPARE(r.threshold, int64_t(20'000'000));
        QCOMPARE(int(r.periods.size()), 1);
        QCOMPARE(r.trackedFromMs, day("2026-05-01"));
        QCOMPARE(r.trackedToMs, day("2026-06-01"));
        QCOMPARE(r.requests, int64_t(30));
        QCOMPARE(*r.units, int64_t(30));
        QCOMPARE(*r.actual, int64_t(10'000'000));
        QVERIFY(!r.overThreshold);
        QVERIFY(!r.everBreached);
        QCOMPARE(*r.vsEstimate, *r.actual - *r.estimateP50);
    }

    void aMonthOver()
    {
        const GateTrackingRow r = within("2026-06-01", "2026-07-01");
        QCOMPARE(*r.actual, int64_t(50'000'000));
        QVERIFY(r.overThreshold);
        QVERIFY(r.breach && r.everBreached);
    }

    // Two months: $0.55 over 35 units = $0.0157142857… → 15 714 286 nano-dollars, within; June alone is over.
    void overallWithinWithAMonthOver()
    {
        const GateTrackingRow r = within("2026-05-01", "2026-07-01");
        QCOMPARE(int(r.periods.size()), 2);
        QCOMPARE(r.cost, int64_t(550'000'000));
        QCOMPARE(*r.units, int64_t(35));
        QCOMPARE(*r.actual, int64_t(15'714'286));
        QVERIFY(!r.overThreshold);
        QVERIFY(r.everBreached);
        QVERIFY(r.breach); // the latest month with units (June)
    }

    // A window that starts before the launch is cut to the launch day: the April request never counts.
    void cutToTheLaunchDay()
    {
        const GateTrackingRow r = within("2026-04-15", "2026-05-16");
        QCOMPARE(r.trackedFromMs, day("2026-05-01"));
        QCOMPARE(int(r.periods.size()), 1);
        QVERIFY(r.periods[0].partial); // cut by the window's end
        QCOMPARE(r.periods[0].toMs, day("2026-05-16"));
        QCOMPARE(r.requests, int64_t(30));
        QCOMPARE(*r.actual, int64_t(10'000'000));
    }

    // Mid-month to mid-month: two partial months, the same sums as the days they cover.
    void midMonthWindow()
    {
        const GateTrackingRow r = within("2026-05-20", "2026-06-20");
        QCOMPARE(int(r.periods.size()), 2);
        QVERIFY(r.periods[0].partial && r.periods[1].partial);
        QCOMPARE(r.requests, int64_t(5)); // only June's (May's were on the 10th)
        QCOMPARE(*r.actual, int64_t(50'000'000));
        QVERIFY(r.overThreshold);
    }

    // Requests but no units: unknowable, never $0, and no breach.
    void noUnitsIsUnknown()
    {
        const GateTrackingRow r = within("2026-07-01", "2026-08-01");
        QCOMPARE(r.requests, int64_t(10));
        QVERIFY(!r.actual);
        QVERIFY(!r.overThreshold);
        QVERIFY(QString::fromStdString(r.note).contains(QStringLiteral("no units")));
        QCOMPARE(r.trackedToMs, gatefixture::kNow + kMsPerHour); // up to now (the hour under way)
    }

    void beforeTheLaunch()
    {
        const GateTrackingRow r = within("2026-03-01", "2026-04-01");
        QVERIFY(r.periods.empty());
        QCOMPARE(r.trackedFromMs, r.trackedToMs);
        QVERIFY(!r.actual);
        QVERIFY(QString::fromStdString(r.note).contains(QStringLiteral("after this period")));
        const nlohmann::json j = gateTrackingToJson({ r });
        QVERIFY(j[0]["tracked"].is_null());
        QVERIFY(j[0]["actual_per_unit"].is_null());
    }

    void featuresPickTheGates()
    {
        GateTrackingWindow w;
        w.fromMs = day("2026-05-01");
        w.toMs = day("2026-07-01");
        w.features = { "another-feature" };
        auto none = gateTrackingWithin(*m_store, w, gatefixture::kNow);
        QVERIFY(none);
        QVERIFY(none->empty());
        w.features = { "another-feature", "claims-triage" };
        auto one = gateTrackingWithin(*m_store, w, gatefixture::kNow);
        QVERIFY(one);
        QCOMPARE(int(one->size()), 1);
    }

    // Without a window: since launch to now, as `gate track` has always reported; the range figure beside it.
    void sinceLaunchWithoutAWindow()
    {
        auto rows = gateTracking(*m_store, "claims-triage", gatefixture::kNow);
        QVERIFY(rows);
        const GateTrackingRow& r = rows->front();
        QVERIFY(!r.windowed);
        QCOMPARE(int(r.periods.size()), 3);
        QCOMPARE(*r.latestActual, int64_t(50'000'000));
        QVERIFY(r.breach);
        QCOMPARE(r.requests, int64_t(45));
        // $0.65 (July's requests have a cost, no units) over 35 units = $0.0185714285… → 18 571 429.
        QCOMPARE(r.cost, int64_t(650'000'000));
        QCOMPARE(*r.actual, int64_t(18'571'429));
        QVERIFY(!r.overThreshold);
    }
};

QTEST_GUILESS_MAIN(TestGateTrackingWindow)
#include "tst_gatetrackingwindow.moc"
