// SPDX-License-Identifier: GPL-3.0-or-later
// The Gates page reads off the UI thread on a read-only connection: with every worker of the pool held up, the
// page is on screen, the event loop keeps turning and nothing has been read; released, the gates are listed.
// Its actuals follow the dashboard's dates. Recording a decision writes off the UI thread on a short-lived
// writer: while an import holds the store's write lock the wizard stays responsive and, when the lock outlasts
// SQLite's wait, says in plain words to try again; once the lock is gone, the same button records it.
#include "GateFixture.h"

#include "gate/GateDecisionPage.h"
#include "gate/GateWizard.h"
#include "gate/GatesPage.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSemaphore>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>

using namespace il;
using il::ui::GatesPage;
using il::ui::GateWizard;

namespace {

constexpr int kTimeoutMs = 20'000;

template <typename T> T* child(QWidget* w, const char* name)
{
    T* c = w->findChild<T*>(QString::fromLatin1(name));
    if (!c)
        qFatal("no child %s", name);
    return c;
}

QAbstractButton* forward(GateWizard& w)
{
    QAbstractButton* commit = w.button(QWizard::CommitButton);
    return commit->isVisible() ? commit : w.button(QWizard::NextButton);
}

void next(GateWizard& w)
{
    QTRY_VERIFY_WITH_TIMEOUT(forward(w)->isEnabled() && forward(w)->isVisible(), kTimeoutMs);
    const int before = w.currentId();
    QTest::mouseClick(forward(w), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(w.currentId() != before, kTimeoutMs);
}

// Holds every thread of a pool (the page's reader) until released.
class PoolBlocker {
public:
    explicit PoolBlocker(QThreadPool* pool)
    {
        m_threads = pool->maxThreadCount();
        for (int i = 0; i < m_threads; ++i)
            pool->start([this] {
                m_started.release();
                m_gate.acquire();
            });
        m_started.acquire(m_threads);
    }
    ~PoolBlocker() { release(); }
    void release()
    {
        m_gate.release(m_threads);
        m_threads = 0;
    }

private:
    int m_threads = 0;
    QSemaphore m_started, m_gate;
};

// Counts how often the event loop ran a 5 ms timer for `ms`: more than a few ticks means it was never held up.
int ticksDuring(int ms)
{
    int ticks = 0;
    QTimer beat;
    beat.setInterval(5);
    QObject::connect(&beat, &QTimer::timeout, &beat, [&] { ++ticks; });
    beat.start();
    QTest::qWait(ms);
    return ticks;
}

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("INFERLEDGER_SCREENSHOT_DIR");
    return dir.isEmpty() ? QDir::tempPath() : dir;
}

} // namespace

class TestGatesPage final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_store;

private slots:
    void initTestCase()
    {
        setNowOverrideMs(gatefixture::kNow);
        m_store = m_dir.filePath(QStringLiteral("gates.db"));
        gatefixture::fill(m_store);
    }

    void cleanupTestCase() { setNowOverrideMs(std::nullopt); }

    void loadsOffTheUiThread()
    {
        GatesPage page(m_store.toStdString());
        PoolBlocker blocked(page.readPool());
        page.resize(1100, 500);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        // The read cannot run (no free worker), yet the page is up and the event loop turns.
        QVERIFY(ticksDuring(200) > 5);
        QVERIFY(page.isLoading());
        QCOMPARE(page.model()->rowCount(), 0);
        QCOMPARE(child<QLabel>(&page, "gatesStatus")->text(), QStringLiteral("Reading the gates…"));
        QVERIFY(!child<QPushButton>(&page, "refreshGatesButton")->isEnabled());
        blocked.release();
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 1, kTimeoutMs);
        QVERIFY(!page.isLoading());
        QCOMPARE(page.model()->item(0, GatesPage::FeatureColumn)->text(), QStringLiteral("claims-triage"));
        // Since launch (no window): $0.65 over 35 units.
        QCOMPARE(page.model()->item(0, GatesPage::ActualColumn)->text(), QStringLiteral("$0.018571429"));
        QCOMPARE(page.model()->item(0, GatesPage::BreachColumn)->text(), QStringLiteral("a month over"));
        QVERIFY(child<QPushButton>(&page, "refreshGatesButton")->isEnabled());
    }

    void actualsFollowTheWindow()
    {
        GatesPage page(m_store.toStdString());
        page.resize(1100, 500);
        page.show();
        GateTrackingWindow june;
        june.fromMs = *parseDateMs("2026-06-01");
        june.toMs = *parseDateMs("2026-07-01");
        page.setTrackingWindow(june, QStringLiteral("2026-06-01 – 2026-06-30"));
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 1, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!page.isLoading(), kTimeoutMs);
        QCOMPARE(page.model()->item(0, GatesPage::ActualColumn)->text(), QStringLiteral("$0.05"));
        QCOMPARE(page.model()->item(0, GatesPage::BreachColumn)->text(), QStringLiteral("over $0.02"));
        QVERIFY(child<QLabel>(&page, "gatesStatus")->text().contains(QStringLiteral("2026-06-01 – 2026-06-30")));

        GateTrackingWindow may = june;
        may.fromMs = *parseDateMs("2026-05-01");
        may.toMs = *parseDateMs("2026-06-01");
        page.setTrackingWindow(may, QStringLiteral("2026-05-01 – 2026-05-31"));
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->item(0, GatesPage::ActualColumn)->text(), QStringLiteral("$0.01"),
                                  kTimeoutMs);
        QCOMPARE(page.model()->item(0, GatesPage::BreachColumn)->text(), QStringLiteral("no"));
        QVERIFY(page.grab().save(QDir(screenshotDir()).filePath(QStringLiteral("dash-gates-page.png"))));
    }

    // An import holds the write lock: recording waits off the UI thread, then says to try again; after the
    // lock is gone the same button records version 2, and the page lists it.
    void recordingWaitsForABusyStore()
    {
        GatesPage page(m_store.toStdString());
        page.resize(1100, 500);
        page.show();
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 1, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!page.isLoading(), kTimeoutMs);
        page.view()->selectRow(0);
        GateWizard* w = page.newVersion();
        QVERIFY(w);
        QVERIFY(QTest::qWaitForWindowExposed(w));
        for (int i = 0; i < 6; ++i)
            next(*w);
        QCOMPARE(w->currentId(), int(GateWizard::DecisionPage));
        QTest::keyClicks(child<QLineEdit>(w, "approversEdit"), QStringLiteral("Sam Okafor"));

        auto writer = Store::open(m_store.toStdString());
        QVERIFY(writer);
        QVERIFY((*writer)->exec("BEGIN IMMEDIATE"));
        QTRY_VERIFY_WITH_TIMEOUT(forward(*w)->isEnabled(), kTimeoutMs);
        QTest::mouseClick(forward(*w), Qt::LeftButton);
        QVERIFY(w->isRecording());
        QCOMPARE(child<QLabel>(w, "decisionHint")->text(), QStringLiteral("Recording…"));
        QVERIFY(!forward(*w)->isEnabled()); // no second click while the first is under way
        QVERIFY(ticksDuring(300) > 10); // the window is responsive while the writer waits for the lock
        QCOMPARE(w->currentId(), int(GateWizard::DecisionPage));
        // SQLite gives up after its busy timeout (10 s): the wizard says so in plain words, nothing is recorded.
        QTRY_VERIFY_WITH_TIMEOUT(!w->isRecording(), 15'000);
        const QString said = child<QLabel>(w, "decisionHint")->text();
        QVERIFY2(said.contains(QStringLiteral("try again in a moment")), qPrintable(said));
        QVERIFY(!w->recorded());
        QCOMPARE(w->currentId(), int(GateWizard::DecisionPage));

        QVERIFY((*writer)->exec("ROLLBACK"));
        writer->reset();
        QTRY_VERIFY_WITH_TIMEOUT(forward(*w)->isEnabled(), kTimeoutMs);
        QTest::mouseClick(forward(*w), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(w->currentId(), int(GateWizard::RecordedPage), kTimeoutMs);
        QCOMPARE(w->recorded()->version, 2);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 2, kTimeoutMs);
        QCOMPARE(page.model()->item(0, GatesPage::VersionColumn)->text(), QStringLiteral("2"));
        w->close();
    }

    void plainWordsForABusyStore()
    {
        Error busy;
        busy.source = "/tmp/x.db";
        busy.message = "cannot record the gate: database is locked";
        busy.hint = "Another InferLedger process is writing to this store; wait for it to finish";
        QVERIFY(il::ui::gateRecordProblem(busy).contains(QStringLiteral("try again in a moment")));
        Error other;
        other.message = "disk I/O error";
        QVERIFY(il::ui::gateRecordProblem(other).startsWith(QStringLiteral("Not recorded: ")));
    }
};

QTEST_MAIN(TestGatesPage)
#include "tst_gatespage.moc"
