// SPDX-License-Identifier: GPL-3.0-or-later
// FeatureEconomicsModel on hand-built summaries: QAbstractItemModelTester, the CLI's digits, "—" for the
// unknowable, raw sort values, alignment and tooltips. Qt Core only, like the model.
#include "item/FeatureEconomicsModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using il::FeatureEconomicsModel;
using il::Summary;
using il::SummaryRow;

namespace {

SummaryRow supportRow()
{
    SummaryRow r;
    r.key = "support-assistant";
    r.requests = 1200;
    r.errors = 12;
    r.cost = 1'234'567'890'123; // $1234.567890123
    r.units = 300;
    r.evalCount = 3;
    r.evalSum = 2.7;
    r.cacheHits = 1;
    r.cacheLookups = 3;
    r.unpricedRequests = 2;
    for (int i = 0; i < 10; ++i)
        r.latency.add(100.0);
    r.latencyCount = 10;
    r.latencySum = 1000;
    return r;
}

// No outcomes, no eval scores, no cache lookups, no latencies: every derived figure is unknowable.
SummaryRow bareRow()
{
    SummaryRow r;
    r.key = "code-review";
    r.requests = 40;
    r.cost = 500'000'000;
    return r;
}

Summary makeSummary()
{
    Summary s;
    s.rows = { supportRow(), bareRow() };
    for (const SummaryRow& r : s.rows)
        s.total.add(r);
    s.total.key = "total";
    return s;
}

QString cell(const QAbstractItemModel& m, int row, int column, int role = Qt::DisplayRole)
{
    return m.data(m.index(row, column), role).toString();
}

} // namespace

class TestItemModels : public QObject {
    Q_OBJECT

private slots:
    void modelTester()
    {
        FeatureEconomicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSummary(makeSummary());
        QCOMPARE(model.rowCount(), 3);
        model.setSummary(Summary {});
        QCOMPARE(model.rowCount(), 0); // an empty period has no total row either
        Summary byModel = makeSummary();
        byModel.filter.by = il::GroupBy::Model;
        model.setSummary(byModel);
        QCOMPARE(model.headerData(FeatureEconomicsModel::Feature, Qt::Horizontal).toString(), QStringLiteral("Model"));
    }

    void resetSignals()
    {
        FeatureEconomicsModel model;
        QSignalSpy aboutToReset(&model, &QAbstractItemModel::modelAboutToBeReset);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setSummary(makeSummary());
        QCOMPARE(aboutToReset.count(), 1);
        QCOMPARE(reset.count(), 1);
    }

    void displayText_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("expected");
        using M = FeatureEconomicsModel;
        // Same digits as `inferledger summary`'s table; money with a "$" in front.
        QTest::newRow("feature") << 0 << int(M::Feature) << QStringLiteral("support-assistant");
        QTest::newRow("cost") << 0 << int(M::Cost) << QStringLiteral("$1234.57");
        QTest::newRow("cost per unit") << 0 << int(M::CostPerUnit) << QStringLiteral("$4.115226");
        QTest::newRow("units") << 0 << int(M::Units) << QStringLiteral("300");
        QTest::newRow("requests") << 0 << int(M::Requests) << QStringLiteral("1200");
        QTest::newRow("accuracy") << 0 << int(M::Accuracy) << QStringLiteral("0.900");
        QTest::newRow("cache hit") << 0 << int(M::CacheHitRate) << QStringLiteral("33.3%");
        QTest::newRow("errors") << 0 << int(M::Errors) << QStringLiteral("12");
        QTest::newRow("unpriced") << 0 << int(M::Unpriced) << QStringLiteral("2");
        QTest::newRow("sub-cent cost") << 1 << int(M::Cost) << QStringLiteral("$0.50");
        // Unknowable is "—", never 0.
        QTest::newRow("no outcomes: units") << 1 << int(M::Units) << QStringLiteral("—");
        QTest::newRow("no outcomes: cost per unit") << 1 << int(M::CostPerUnit) << QStringLiteral("—");
        QTest::newRow("no scores: accuracy") << 1 << int(M::Accuracy) << QStringLiteral("—");
        QTest::newRow("no lookups: cache") << 1 << int(M::CacheHitRate) << QStringLiteral("—");
        QTest::newRow("no latencies: p50") << 1 << int(M::LatencyP50) << QStringLiteral("—");
        QTest::newRow("no latencies: p95") << 1 << int(M::LatencyP95) << QStringLiteral("—");
        QTest::newRow("total label") << 2 << int(M::Feature) << QStringLiteral("Total");
        QTest::newRow("total cost") << 2 << int(M::Cost) << QStringLiteral("$1235.07");
        // The total has units (from the feature that has them): cost of all ÷ all units.
        QTest::newRow("total cost per unit") << 2 << int(M::CostPerUnit) << QStringLiteral("$4.116893");
        QTest::newRow("total accuracy") << 2 << int(M::Accuracy) << QStringLiteral("0.900");
    }

    void displayText()
    {
        QFETCH(int, row);
        QFETCH(int, column);
        QFETCH(QString, expected);
        FeatureEconomicsModel model;
        model.setSummary(makeSummary());
        QCOMPARE(cell(model, row, column), expected);
    }

    void latencyDigits()
    {
        FeatureEconomicsModel model;
        model.setSummary(makeSummary());
        // The histogram is within ~1%: 100 ms shows as a whole number of milliseconds near 100.
        const double p50
            = model.data(model.index(0, FeatureEconomicsModel::LatencyP50), FeatureEconomicsModel::RawRole).toDouble();
        QVERIFY(std::abs(p50 - 100.0) <= 1.0);
        QCOMPARE(cell(model, 0, FeatureEconomicsModel::LatencyP50), QString::number(std::lround(p50)));
    }

    void rawAndSortRoles()
    {
        using M = FeatureEconomicsModel;
        M model;
        model.setSummary(makeSummary());
        const QVariant cost = model.data(model.index(0, M::Cost), M::SortRole);
        QCOMPARE(cost.metaType(), QMetaType::fromType<qint64>());
        QCOMPARE(cost.toLongLong(), 1'234'567'890'123LL); // exact nanos, not a rounded double
        QCOMPARE(model.data(model.index(0, M::CostPerUnit), M::RawRole).toLongLong(), 4'115'226'300LL);
        QVERIFY(!model.data(model.index(1, M::CostPerUnit), M::SortRole).isValid());
        QVERIFY(!model.data(model.index(1, M::Accuracy), M::SortRole).isValid());
        QCOMPARE(model.data(model.index(0, M::Accuracy), M::SortRole).toDouble(), 0.9);
        QVERIFY(model.data(model.index(2, 0), M::IsTotalRole).toBool());
        QVERIFY(!model.data(model.index(0, 0), M::IsTotalRole).toBool());
        QCOMPARE(model.data(model.index(1, 0), M::KeyRole).toString(), QStringLiteral("code-review"));
        QCOMPARE(model.totalRow(), 2);
        const auto names = model.roleNames();
        QCOMPARE(names.value(M::SortRole), QByteArray("sort"));
        QCOMPARE(names.value(M::RawRole), QByteArray("raw"));
    }

    void alignment()
    {
        using M = FeatureEconomicsModel;
        M model;
        model.setSummary(makeSummary());
        auto align = [&](int column) {
            return Qt::Alignment(model.data(model.index(0, column), Qt::TextAlignmentRole).toInt());
        };
        QVERIFY(align(M::Feature) & Qt::AlignLeft);
        for (int c = M::Cost; c < M::ColumnCount; ++c)
            QVERIFY2(align(c) & Qt::AlignRight, qPrintable(model.headerData(c, Qt::Horizontal).toString()));
    }

    void toolTips()
    {
        using M = FeatureEconomicsModel;
        M model;
        model.setSummary(makeSummary());
        const QString cpu = cell(model, 0, M::CostPerUnit, Qt::ToolTipRole);
        QVERIFY2(cpu.contains(QStringLiteral("÷")) && cpu.contains(QStringLiteral("300 units")), qPrintable(cpu));
        const QString accuracy = cell(model, 0, M::Accuracy, Qt::ToolTipRole);
        QVERIFY2(accuracy.contains(QStringLiteral("3 scored requests")), qPrintable(accuracy));
        const QString unknownCpu = cell(model, 1, M::CostPerUnit, Qt::ToolTipRole);
        QVERIFY2(unknownCpu.contains(QStringLiteral("not zero")), qPrintable(unknownCpu));
        const QString unpriced = cell(model, 0, M::Cost, Qt::ToolTipRole);
        QVERIFY2(unpriced.contains(QStringLiteral("2 requests have no price")), qPrintable(unpriced));
        QVERIFY(!model.headerData(M::CostPerUnit, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
    }

    void otherCurrency()
    {
        using M = FeatureEconomicsModel;
        M model;
        Summary s = makeSummary();
        s.filter.currency = "EUR";
        model.setSummary(s);
        QCOMPARE(cell(model, 0, M::Cost), QStringLiteral("EUR 1234.57"));
    }
};

QTEST_GUILESS_MAIN(TestItemModels)
#include "tst_itemmodels.moc"
