// SPDX-License-Identifier: GPL-3.0-or-later
// FeatureEconomicsModel and ModelEconomicsModel on hand-built summaries: QAbstractItemModelTester, the CLI's
// digits, "—" for the unknowable, raw sort values, alignment, tooltips, the change against the previous period,
// and the cost/accuracy Pareto frontier with its marginal cost per accuracy point. Qt Core only, like the models.
#include "item/FeatureEconomicsModel.h"
#include "item/ModelEconomicsModel.h"
#include "item/ParetoFrontier.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <optional>

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

    void changeColumns_data()
    {
        QTest::addColumn<qint64>("costBefore");
        QTest::addColumn<qint64>("costNow");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("tone");
        using T = FeatureEconomicsModel::Tone;
        QTest::newRow("up 12.5%") << qint64(800'000'000) << qint64(900'000'000) << QStringLiteral("▲ +12.5%")
                                  << int(T::Worse);
        QTest::newRow("down 25%") << qint64(800'000'000) << qint64(600'000'000) << QStringLiteral("▼ −25.0%")
                                  << int(T::Better);
        QTest::newRow("unchanged") << qint64(800'000'000) << qint64(800'000'000) << QStringLiteral("unchanged")
                                   << int(T::Neutral);
        QTest::newRow("nothing before") << qint64(0) << qint64(5) << QStringLiteral("new") << int(T::Neutral);
    }

    void changeColumns()
    {
        QFETCH(qint64, costBefore);
        QFETCH(qint64, costNow);
        QFETCH(QString, expected);
        QFETCH(int, tone);
        using M = FeatureEconomicsModel;
        Summary now = makeSummary(), before = makeSummary();
        now.rows[0].cost = costNow;
        before.rows[0].cost = costBefore;
        before.filter.fromMs = 1'767'225'600'000; // 2026-01-01
        before.filter.toMs = before.filter.fromMs + 31LL * 86'400'000;
        M model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSummary(now, before);
        QCOMPARE(cell(model, 0, M::CostChange), expected);
        QCOMPARE(model.data(model.index(0, M::CostChange), M::ToneRole).toInt(), tone);
        const QString tip = cell(model, 0, M::CostChange, Qt::ToolTipRole);
        QVERIFY2(tip.contains(QStringLiteral("2026-01-01 – 2026-01-31")), qPrintable(tip));
        // Without a previous period: unknown, not zero.
        model.setSummary(now);
        QCOMPARE(cell(model, 0, M::CostChange), QStringLiteral("—"));
        QVERIFY(!model.data(model.index(0, M::CostChange), M::SortRole).isValid());
    }

    void costPerUnitChangeNeedsUnits()
    {
        using M = FeatureEconomicsModel;
        Summary now = makeSummary(), before = makeSummary();
        before.rows[0].cost = 2 * now.rows[0].cost; // cost per unit halves
        M model;
        model.setSummary(now, before);
        QCOMPARE(cell(model, 0, M::CostPerUnitChange), QStringLiteral("▼ −50.0%"));
        QCOMPARE(cell(model, 1, M::CostPerUnitChange), QStringLiteral("—")); // no units either time
        QVERIFY(model.data(model.index(0, M::Unpriced), M::FlagRole).toBool());
        QVERIFY(!model.data(model.index(1, M::Unpriced), M::FlagRole).toBool());
    }

    void pareto_data()
    {
        QTest::addColumn<QList<double>>("costs");
        QTest::addColumn<QList<double>>("accuracies"); // < 0: unknown
        QTest::addColumn<QList<bool>>("frontier");
        QTest::addColumn<QList<int>>("dominatedBy"); // -1: none
        QTest::addColumn<QList<double>>("marginal"); // < 0: none
        QTest::newRow("dearer and better: both on it")
            << QList<double> { 1.0, 3.0 } << QList<double> { 0.80, 0.90 } << QList<bool> { true, true }
            << QList<int> { -1, -1 } << QList<double> { -1, 0.2 }; // (3 - 1) / 10 points
        QTest::newRow("dearer and worse: beaten")
            << QList<double> { 1.0, 3.0 } << QList<double> { 0.85, 0.80 } << QList<bool> { true, false }
            << QList<int> { -1, 0 } << QList<double> { -1, -1 };
        QTest::newRow("equal accuracy, dearer: beaten")
            << QList<double> { 2.0, 1.0 } << QList<double> { 0.8, 0.8 } << QList<bool> { false, true }
            << QList<int> { 1, -1 } << QList<double> { -1, -1 };
        QTest::newRow("three, middle beaten by the cheapest")
            << QList<double> { 1.0, 2.0, 4.0 } << QList<double> { 0.82, 0.81, 0.92 }
            << QList<bool> { true, false, true } << QList<int> { -1, 0, -1 } << QList<double> { -1, -1, 0.3 };
        QTest::newRow("no score: off the frontier")
            << QList<double> { 0.5, 1.0 } << QList<double> { -1, 0.8 } << QList<bool> { false, true }
            << QList<int> { -1, -1 } << QList<double> { -1, -1 };
        QTest::newRow("cheapest of several picked as the dominator")
            << QList<double> { 1.0, 2.0, 3.0 } << QList<double> { 0.9, 0.95, 0.85 } << QList<bool> { true, true, false }
            << QList<int> { -1, -1, 0 } << QList<double> { -1, 0.2, -1 };
    }

    void pareto()
    {
        QFETCH(QList<double>, costs);
        QFETCH(QList<double>, accuracies);
        QFETCH(QList<bool>, frontier);
        QFETCH(QList<int>, dominatedBy);
        QFETCH(QList<double>, marginal);
        std::vector<il::ParetoInput> in;
        for (qsizetype i = 0; i < costs.size(); ++i)
            in.push_back({ costs[i], accuracies[i] < 0 ? std::nullopt : std::optional<double>(accuracies[i]) });
        const auto out = il::paretoFrontier(in);
        QCOMPARE(out.size(), in.size());
        for (size_t i = 0; i < out.size(); ++i) {
            QCOMPARE(out[i].onFrontier, frontier[qsizetype(i)]);
            QCOMPARE(out[i].dominatedBy ? int(*out[i].dominatedBy) : -1, dominatedBy[qsizetype(i)]);
            const double m = marginal[qsizetype(i)];
            QCOMPARE(out[i].marginalCostPerPoint.has_value(), m >= 0);
            if (m >= 0)
                QVERIFY(std::abs(*out[i].marginalCostPerPoint - m) < 1e-9);
        }
    }

    void modelEconomics()
    {
        using E = il::ModelEconomicsModel;
        il::FeatureModels f;
        f.feature.key = "support-assistant";
        f.feature.requests = 1000;
        f.feature.units = 250; // 4 requests per unit
        SummaryRow cheap;
        cheap.key = "gpt-4o-mini";
        cheap.requests = 800;
        cheap.cost = 400'000'000; // $0.40: $0.50 per 1k requests
        cheap.evalCount = 10;
        cheap.evalSum = 8.0; // 0.800
        SummaryRow dear;
        dear.key = "gpt-4o";
        dear.requests = 150;
        dear.cost = 750'000'000; // $5.00 per 1k
        dear.evalCount = 10;
        dear.evalSum = 9.0; // 0.900
        SummaryRow unpriced;
        unpriced.key = "mystery";
        unpriced.requests = 50;
        unpriced.unpricedRequests = 50;
        unpriced.evalCount = 1;
        unpriced.evalSum = 0.99;
        f.models = { dear, unpriced, cheap };

        E model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setData({ f });
        QCOMPARE(model.rowCount(), 3);
        // Cheapest first; the unpriced model last (no cost to order it by).
        QCOMPARE(cell(model, 0, E::Model), QStringLiteral("gpt-4o-mini"));
        QCOMPARE(cell(model, 1, E::Model), QStringLiteral("gpt-4o"));
        QCOMPARE(cell(model, 2, E::Model), QStringLiteral("mystery"));
        QCOMPARE(cell(model, 0, E::CostPer1k), QStringLiteral("$0.5000"));
        QCOMPARE(cell(model, 1, E::CostPer1k), QStringLiteral("$5.00"));
        // ≈ cost per unit: 4 requests per unit × cost per request.
        QCOMPARE(cell(model, 0, E::EstCostPerUnit), QStringLiteral("≈ $0.0020"));
        QCOMPARE(cell(model, 1, E::EstCostPerUnit), QStringLiteral("≈ $0.0200"));
        QCOMPARE(cell(model, 0, E::Frontier), QStringLiteral("✓ frontier"));
        QCOMPARE(cell(model, 0, E::MarginalCost), QStringLiteral("cheapest"));
        // ($5.00 − $0.50) per 1k over 10 points: $0.45 per 1k requests per point.
        QCOMPARE(cell(model, 1, E::MarginalCost), QStringLiteral("+$0.4500 /pt"));
        QVERIFY(cell(model, 1, E::MarginalCost, Qt::ToolTipRole).contains(QStringLiteral("per unit of work")));
        // Unpriced: unknown cost, never $0, and not placed on the frontier despite its score.
        QCOMPARE(cell(model, 2, E::Cost), QStringLiteral("—"));
        QCOMPARE(cell(model, 2, E::CostPer1k), QStringLiteral("—"));
        QCOMPARE(cell(model, 2, E::Frontier), QStringLiteral("—"));
        QVERIFY(cell(model, 2, E::Cost, Qt::ToolTipRole).contains(QStringLiteral("not zero")));
        QCOMPARE(model.data(model.index(0, 0), E::KeyRole).toString(), QStringLiteral("support-assistant"));
        QCOMPARE(model.data(model.index(1, 0), E::ModelRole).toString(), QStringLiteral("gpt-4o"));
        model.setData({});
        QCOMPARE(model.rowCount(), 0);
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
