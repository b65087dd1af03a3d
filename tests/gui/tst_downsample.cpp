// SPDX-License-Identifier: GPL-3.0-or-later
// LTTB downsampling (the charts' points ≤ the plot's width, peaks kept), UTC time ticks and value formats.
#include "charts/Downsample.h"
#include "charts/TimeAxis.h"
#include "charts/ValueFormat.h"

#include "domain/Time.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace il::ui;

namespace {

QList<QPointF> line(int n, const std::function<double(int)>& f)
{
    QList<QPointF> pts;
    for (int i = 0; i < n; ++i)
        pts.append(QPointF(double(i) * 3600'000.0, f(i)));
    return pts;
}

} // namespace

class TestDownsample : public QObject {
    Q_OBJECT

private slots:
    void keepsEverythingWhenSmall_data()
    {
        QTest::addColumn<int>("points");
        QTest::addColumn<int>("threshold");
        QTest::newRow("empty") << 0 << 100;
        QTest::newRow("fewer than the threshold") << 50 << 100;
        QTest::newRow("equal") << 100 << 100;
        QTest::newRow("threshold below 3") << 500 << 2;
        QTest::newRow("threshold 0") << 500 << 0;
    }
    void keepsEverythingWhenSmall()
    {
        QFETCH(int, points);
        QFETCH(int, threshold);
        const QList<QPointF> in = line(points, [](int i) { return std::sin(i / 10.0); });
        QCOMPARE(downsampleLttb(in, threshold), in);
        QCOMPARE(lttbIndices(in, threshold).size(), size_t(points));
    }

    void reducesToThreshold_data()
    {
        QTest::addColumn<int>("points");
        QTest::addColumn<int>("threshold");
        QTest::newRow("1440 → 600") << 1440 << 600;
        QTest::newRow("10000 → 3") << 10000 << 3;
        QTest::newRow("8761 → 1234") << 8761 << 1234;
        QTest::newRow("101 → 100") << 101 << 100;
    }
    void reducesToThreshold()
    {
        QFETCH(int, points);
        QFETCH(int, threshold);
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> noise(0, 1);
        const QList<QPointF> in = line(points, [&](int) { return noise(rng); });
        const std::vector<qsizetype> idx = lttbIndices(in, threshold);
        QCOMPARE(idx.size(), size_t(threshold));
        QCOMPARE(idx.front(), qsizetype(0));
        QCOMPARE(idx.back(), qsizetype(points - 1));
        for (size_t i = 1; i < idx.size(); ++i)
            QVERIFY(idx[i] > idx[i - 1]); // ascending and unique: the line keeps its x order
        const QList<QPointF> out = downsampleLttb(in, threshold);
        QCOMPARE(out.size(), qsizetype(threshold));
        for (qsizetype i = 0; i < out.size(); ++i)
            QCOMPARE(out[i], in[idx[size_t(i)]]); // real points, not averages
    }

    void keepsPeaks_data()
    {
        QTest::addColumn<int>("spikeAt");
        QTest::newRow("early") << 17;
        QTest::newRow("middle") << 5003;
        QTest::newRow("late") << 9990;
    }
    void keepsPeaks()
    {
        // A flat line with one spike and one dip: decimation would likely drop both, LTTB must not.
        QFETCH(int, spikeAt);
        const int dipAt = (spikeAt + 4321) % 10000;
        const QList<QPointF> in = line(10000, [&](int i) { return i == spikeAt ? 100.0 : i == dipAt ? -50.0 : 1.0; });
        const QList<QPointF> out = downsampleLttb(in, 200);
        QCOMPARE(out.size(), qsizetype(200));
        bool spike = false, dip = false;
        for (const QPointF& p : out) {
            spike = spike || p.y() == 100.0;
            dip = dip || p.y() == -50.0;
        }
        QVERIFY(spike);
        QVERIFY(dip);
    }

    void sharedIndices()
    {
        // Stacked areas pick the same x positions on every edge.
        const QList<QPointF> top = line(1000, [](int i) { return 10 + std::sin(i / 30.0); });
        const QList<QPointF> lower = line(1000, [](int i) { return 5 + std::cos(i / 20.0); });
        const auto idx = lttbIndices(top, 100);
        const QList<QPointF> a = pick(top, idx), b = pick(lower, idx);
        QCOMPARE(a.size(), b.size());
        for (qsizetype i = 0; i < a.size(); ++i)
            QCOMPARE(a[i].x(), b[i].x());
    }

    void timeTicksAreUtcAndFit_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<int>("width");
        QTest::addColumn<QString>("firstLabel");
        QTest::newRow("30 days, 600 px") << "2026-03-02"
                                         << "2026-03-31" << 600 << "2 Mar";
        QTest::newRow("across new year") << "2025-12-29"
                                         << "2026-01-15" << 600 << "29 Dec";
        QTest::newRow("7 days, 900 px: 12-hour ticks") << "2026-03-25"
                                                       << "2026-03-31" << 900 << "25 Mar\n00:00";
        QTest::newRow("7 days, 400 px: daily ticks") << "2026-03-25"
                                                     << "2026-03-31" << 400 << "25 Mar";
        QTest::newRow("a year, 500 px") << "2026-01-01"
                                        << "2026-12-31" << 500 << "Jan 2026";
        QTest::newRow("a day, 800 px") << "2026-03-31"
                                       << "2026-03-31" << 800 << "31 Mar\n00:00";
    }
    void timeTicksAreUtcAndFit()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(int, width);
        QFETCH(QString, firstLabel);
        const int64_t a = *il::parseDateMs(from.toStdString());
        const int64_t b = *il::parseDateMs(to.toStdString()) + (from == to ? 23 * il::kMsPerHour : 0);
        const auto ticks = timeTicks(a, b, width);
        QVERIFY(!ticks.empty());
        QVERIFY2(int(ticks.size()) <= std::max(2, width / 75) + 1, qPrintable(QString::number(ticks.size())));
        QCOMPARE(ticks.front().label, firstLabel);
        for (const TimeTick& t : ticks) {
            QVERIFY(t.ms >= a && t.ms <= b);
            QCOMPARE(t.ms % il::kMsPerHour, int64_t(0)); // on whole UTC hours, whatever the local zone
        }
    }

    void formats_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("expected");
        QTest::newRow("money") << 1234.567 << int(ValueFormat::Money) << "$1234.57";
        QTest::newRow("unit cost") << 0.0169463 << int(ValueFormat::UnitCost) << "$0.016946";
        QTest::newRow("ms") << 812.4 << int(ValueFormat::Milliseconds) << "812 ms";
        QTest::newRow("score") << 0.84217 << int(ValueFormat::Score) << "0.842";
        QTest::newRow("percent") << 18.14 << int(ValueFormat::Percent) << "18.1%";
        QTest::newRow("not a number") << double(NAN) << int(ValueFormat::Money) << "—";
    }
    void formats()
    {
        QFETCH(double, value);
        QFETCH(int, format);
        QFETCH(QString, expected);
        QCOMPARE(formatValue(value, ValueFormat(format)), expected);
    }

    void axisFormats()
    {
        QCOMPARE(axisLabelFormat(ValueFormat::Money, 50), QStringLiteral("$%.0f"));
        QCOMPARE(axisLabelFormat(ValueFormat::UnitCost, 0.001), QStringLiteral("$%.3f"));
        QCOMPARE(axisLabelFormat(ValueFormat::Percent, 25), QStringLiteral("%.0f%%"));
        QCOMPARE(axisLabelFormat(ValueFormat::Milliseconds, 500), QStringLiteral("%.0f ms"));
        QCOMPARE(axisLabelFormat(ValueFormat::Money, 50, "EUR"), QStringLiteral("EUR %.0f"));
    }
};

QTEST_APPLESS_MAIN(TestDownsample)
#include "tst_downsample.moc"
