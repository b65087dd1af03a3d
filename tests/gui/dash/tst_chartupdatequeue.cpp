// SPDX-License-Identifier: GPL-3.0-or-later
// ChartUpdateQueue: updates run later, in order, one per turn of the event loop (other events run between
// them); a newer update of the same chart replaces the pending one in its place; nothing runs for a chart that
// is gone; idle() says when all are done. A staged TimeChartView shows its data once the queue has run it.
#include "charts/ChartUpdateQueue.h"
#include "charts/TimeChartView.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using il::ui::ChartUpdateQueue;

class TestChartUpdateQueue final : public QObject {
    Q_OBJECT

private slots:
    void runsInOrderOnePerTurn()
    {
        ChartUpdateQueue* q = ChartUpdateQueue::instance();
        QSignalSpy idle(q, &ChartUpdateQueue::idle);
        QObject a, b, c;
        QStringList ran;
        int ticks = 0;
        std::vector<int> ticksAt;
        QTimer beat;
        beat.setInterval(0);
        connect(&beat, &QTimer::timeout, this, [&] { ++ticks; });
        beat.start();
        q->enqueue(&a, [&] {
            ran << QStringLiteral("a1");
            ticksAt.push_back(ticks);
        });
        q->enqueue(&b, [&] {
            ran << QStringLiteral("b");
            ticksAt.push_back(ticks);
        });
        q->enqueue(&c, [&] {
            ran << QStringLiteral("c");
            ticksAt.push_back(ticks);
        });
        q->enqueue(&a, [&] {
            ran << QStringLiteral("a2");
            ticksAt.push_back(ticks);
        }); // replaces a1, first still
        QVERIFY(ran.isEmpty()); // later, never now
        QVERIFY(!q->isIdle());
        QTRY_COMPARE(idle.count(), 1);
        QCOMPARE(ran, (QStringList { QStringLiteral("a2"), QStringLiteral("b"), QStringLiteral("c") }));
        // Other events (a zero timer here) ran between the updates.
        QVERIFY(ticksAt[1] > ticksAt[0] && ticksAt[2] > ticksAt[1]);
        QVERIFY(q->isIdle());
    }

    void skipsOwnersThatAreGone()
    {
        ChartUpdateQueue* q = ChartUpdateQueue::instance();
        QSignalSpy idle(q, &ChartUpdateQueue::idle);
        bool ran = false;
        auto* gone = new QObject;
        q->enqueue(gone, [&] { ran = true; });
        delete gone;
        QTRY_COMPARE(idle.count(), 1);
        QVERIFY(!ran);
    }

    void stagedChartShowsItsDataLater()
    {
        il::ui::TimeChartView chart;
        chart.resize(600, 300);
        chart.setStaged(true);
        il::ui::TimeChartData d;
        d.bucketStarts = { 0, 3'600'000, 7'200'000 };
        d.bucketMs = 3'600'000;
        il::ui::TimeLine line;
        line.name = QStringLiteral("x");
        line.values = { 1.0, 2.0, 3.0 };
        d.lines = { line };
        QSignalSpy idle(ChartUpdateQueue::instance(), &ChartUpdateQueue::idle);
        chart.setData(d);
        QVERIFY(!chart.hasData());
        QTRY_COMPARE(idle.count(), 1);
        QVERIFY(chart.hasData());
        QCOMPARE(chart.lineCount(), 1);
    }
};

QTEST_MAIN(TestChartUpdateQueue)
#include "tst_chartupdatequeue.moc"
