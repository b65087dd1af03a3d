// SPDX-License-Identifier: GPL-3.0-or-later
// The report's value axes: round ticks that cover the data, the unit latency and counts are shown in (chosen
// from the top tick), the decimals a label needs, and the page-size names the CLI and the dialog accept.
#include "report/FeatureReport.h"
#include "report/ReportCharts.h"

#include <QTest>

using namespace il::ui;
using namespace il::ui::report;

Q_DECLARE_METATYPE(AxisFormat)

class TestReportCharts : public QObject {
    Q_OBJECT

private slots:
    void niceTicks_data()
    {
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<QList<double>>("ticks");
        QTest::newRow("money") << 0.0 << 3.2 << QList<double>{0, 1, 2, 3, 4};
        QTest::newRow("2.5 steps") << 0.0 << 0.108 << QList<double>{0, 0.025, 0.05, 0.075, 0.1, 0.125};
        QTest::newRow("exact top") << 0.0 << 100.0 << QList<double>{0, 20, 40, 60, 80, 100};
        QTest::newRow("score band") << 0.76 << 0.9 << QList<double>{0.75, 0.8, 0.85, 0.9};
        QTest::newRow("flat zero") << 0.0 << 0.0 << QList<double>{0, 0.2, 0.4, 0.6, 0.8, 1};
    }

    void niceTicks()
    {
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(QList<double>, ticks);
        const std::vector<double> got = report::niceTicks(lo, hi, 5);
        QCOMPARE(int(got.size()), ticks.size());
        for (int i = 0; i < ticks.size(); ++i)
            QVERIFY2(qAbs(got[size_t(i)] - ticks[i]) < 1e-9, qPrintable(QString::number(got[size_t(i)])));
        QVERIFY(got.front() <= lo && got.back() >= hi);
    }

    void axisLabels_data()
    {
        QTest::addColumn<AxisFormat>("format");
        QTest::addColumn<double>("hi");
        QTest::addColumn<QString>("top");
        QTest::newRow("money cents") << AxisFormat::Money << 0.108 << QStringLiteral("$0.125");
        QTest::newRow("money dollars") << AxisFormat::Money << 3.2 << QStringLiteral("$4");
        QTest::newRow("money under a dollar") << AxisFormat::Money << 0.9 << QStringLiteral("$1.00");
        QTest::newRow("latency ms") << AxisFormat::Millis << 850.0 << QStringLiteral("1000 ms");
        QTest::newRow("latency s from the top tick") << AxisFormat::Millis << 9000.0 << QStringLiteral("10 s");
        QTest::newRow("latency min") << AxisFormat::Millis << 1'300'000.0 << QStringLiteral("25 min");
        QTest::newRow("latency h") << AxisFormat::Millis << 8'000'000.0 << QStringLiteral("2.5 h");
        QTest::newRow("count") << AxisFormat::Count << 340.0 << QStringLiteral("400");
        QTest::newRow("count k") << AxisFormat::Count << 12'500.0 << QStringLiteral("12.5k");
        QTest::newRow("count M") << AxisFormat::Count << 10'400'000.0 << QStringLiteral("12.5M");
        QTest::newRow("percent") << AxisFormat::Percent << 38.8 << QStringLiteral("40%");
        QTest::newRow("score") << AxisFormat::Score << 1.0 << QStringLiteral("1.0");
    }

    void axisLabels()
    {
        QFETCH(AxisFormat, format);
        QFETCH(double, hi);
        QFETCH(QString, top);
        const Axis a = makeAxis(0, hi, format, QStringLiteral("$"));
        QVERIFY(a.ticks.size() >= 2);
        QCOMPARE(a.label(a.ticks.back()), top);
        QVERIFY(a.ticks.back() >= hi);
    }

    void pageSizes()
    {
        QCOMPARE(parseReportPageSize(QStringLiteral("a4")), std::optional<ReportPageSize>(ReportPageSize::A4));
        QCOMPARE(parseReportPageSize(QStringLiteral("Letter")), std::optional<ReportPageSize>(ReportPageSize::Letter));
        QCOMPARE(parseReportPageSize(QStringLiteral(" LETTER ")), std::optional<ReportPageSize>(ReportPageSize::Letter));
        QVERIFY(!parseReportPageSize(QStringLiteral("a5")));
        QCOMPARE(reportPageSizeName(ReportPageSize::Letter), QStringLiteral("Letter"));
    }
};

QTEST_GUILESS_MAIN(TestReportCharts)
#include "tst_reportcharts.moc"
