// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard on a real SQLite store, driven as a user would (findChild by objectName, clicks and keys):
// the Overview tiles and the Features table show what Analytics::summary (and `inferledger summary`) says for
// the same filters; provider/model/feature filters and presets reach every page; a row opens its feature page
// and Back returns; the Models page's frontier; charts are filled, downsampled to the plot's width and saved as
// PNG and SVG; tables copy as TSV and export as CSV; filters are remembered; every page is screenshot.
#include "MainWindow.h"
#include "charts/ScatterChartView.h"
#include "charts/TimeChartView.h"
#include "gate/GatesPage.h"
#include "item/FeatureEconomicsModel.h"
#include "item/ModelEconomicsModel.h"
#include "pages/FeaturePage.h"
#include "pages/ModelsPage.h"
#include "pages/OverviewPage.h"
#include "widgets/FilterBar.h"
#include "widgets/MessageBanner.h"
#include "widgets/MultiSelectButton.h"
#include "widgets/PlaceholderTableView.h"
#include "widgets/StatTile.h"

#include "analytics/GateEvaluation.h"
#include "domain/Money.h"
#include "domain/Time.h"
#include "ingest/Ingestor.h"
#include "pricing/PriceCatalogue.h"
#include "store/GateStore.h"
#include "store/Store.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using M = il::FeatureEconomicsModel;
using il::ui::MainWindow;

namespace {

constexpr int kTimeoutMs = 20'000;
const int64_t kLastDay = *il::parseDateMs("2026-03-31");
constexpr int kDays = 60;

struct Traffic {
    const char* feature; // "" → unattributed
    const char* provider;
    const char* model;
    int requests;
    bool outcomes, evals;
    double evalBase;
};
// support-assistant runs on two models (a cheap one and a more accurate, dearer one); doc-summariser has a model
// the catalogue cannot price; code-review has neither outcomes nor scores; some traffic is unattributed.
const Traffic kTraffic[] = {
    { "support-assistant", "openai", "gpt-4o-mini", 240, true, true, 0.70 },
    { "support-assistant", "openai", "gpt-4o", 90, false, true, 0.86 },
    { "doc-summariser", "anthropic", "claude-haiku-4-5", 150, true, true, 0.75 },
    { "doc-summariser", "acme", "acme-large-unpriced", 70, false, true, 0.80 },
    { "code-review", "openai", "gpt-4.1", 80, false, false, 0 },
    { "", "openai", "gpt-4o-mini", 70, false, false, 0 },
};

il::PriceCatalogue storedCatalogue(il::Store& store)
{
    auto entries = il::bundledCatalogue();
    if (!entries)
        qFatal("bundled catalogue: %s", entries.error().toString().c_str());
    if (auto r = store.storePrices(*entries); !r)
        qFatal("storePrices: %s", r.error().toString().c_str());
    auto loaded = store.loadPrices();
    if (!loaded)
        qFatal("loadPrices: %s", loaded.error().toString().c_str());
    il::PriceCatalogue c;
    c.addAll(std::move(*loaded));
    return c;
}

void fillStore(const QString& path, bool withGate)
{
    auto opened = il::Store::open(path.toStdString());
    if (!opened)
        qFatal("open: %s", opened.error().toString().c_str());
    il::Store& store = **opened;
    il::PriceCatalogue catalogue = storedCatalogue(store);
    std::vector<il::RequestRecord> requests;
    std::vector<il::OutcomeEvent> outcomes;
    const int64_t firstDay = kLastDay - (kDays - 1) * il::kMsPerDay;
    int n = 0;
    for (const Traffic& t : kTraffic) {
        for (int i = 0; i < t.requests; ++i, ++n) {
            il::RequestRecord r;
            r.timestampMs = firstDay + (i % kDays) * il::kMsPerDay + int64_t((i * 7919 + n * 131) % 86'000) * 1000;
            r.requestId = "req-" + std::to_string(n);
            r.feature = t.feature;
            r.provider = t.provider;
            r.model = t.model;
            r.inputTokens = 700 + (i * 37) % 1600;
            r.cachedInputTokens = i % 3 == 0 ? 256 : 0;
            r.outputTokens = 120 + (i * 53) % 500;
            r.latencyMs = 250 + (i * 97) % 2600;
            r.error = i % 31 == 0;
            r.cache = i % 4 == 0 ? il::CacheOutcome::Hit : i % 4 == 1 ? il::CacheOutcome::Miss : il::CacheOutcome::None;
            if (t.evals && i % 2 == 0)
                r.evalScore = t.evalBase + double(i % 10) / 100.0;
            requests.push_back(r);
            if (t.outcomes && i % 2 == 0) {
                il::OutcomeEvent o;
                o.timestampMs = r.timestampMs + 30'000;
                o.feature = t.feature;
                o.unit = "unit";
                o.outcomeId = "out-" + std::to_string(n);
                outcomes.push_back(o);
            }
        }
    }
    il::Ingestor ingestor(store, catalogue);
    if (auto r = ingestor.begin("tst_dashboard", "requests"); !r)
        qFatal("begin: %s", r.error().toString().c_str());
    if (auto r = ingestor.addRequests(requests); !r)
        qFatal("addRequests: %s", r.error().toString().c_str());
    if (auto r = ingestor.addOutcomes(outcomes); !r)
        qFatal("addOutcomes: %s", r.error().toString().c_str());
    if (auto r = ingestor.commit(); !r)
        qFatal("commit: %s", r.error().toString().c_str());

    if (!withGate)
        return;
    // A gate for support-assistant launched on 1 February: the estimate passes its threshold, the actuals are well
    // over it (a breach).
    const std::string spec = R"({
      "feature": "support-assistant", "unit": "unit", "units_per_month": 5000, "requests_per_unit": 2,
      "input_tokens": {"p50": 1200, "p95": 2200}, "output_tokens": {"p50": 300, "p95": 600},
      "candidates": [{"provider": "openai", "model": "gpt-4o-mini"}],
      "thresholds": {"max_cost_per_unit": "0.001"},
      "evaluation_date": "2026-01-20", "launch_date": "2026-02-01"})";
    auto parsed = il::parseGateSpec(spec, "tst_dashboard gate");
    if (!parsed)
        qFatal("gate spec: %s", parsed.error().toString().c_str());
    auto result = il::evaluateGate(*parsed, catalogue);
    if (!result)
        qFatal("gate evaluation: %s", result.error().toString().c_str());
    auto recorded = il::GateStore(store).record(*parsed, *result, il::GateDecision {}, *il::parseDateMs("2026-01-25"));
    if (!recorded)
        qFatal("gate record: %s", recorded.error().toString().c_str());
}

il::Summary summaryOf(const QString& path, il::SummaryFilter f)
{
    auto store = il::Store::open(path.toStdString(), il::Store::Mode::ReadOnly);
    if (!store)
        qFatal("open: %s", store.error().toString().c_str());
    auto s = il::Analytics(**store).summary(f);
    if (!s)
        qFatal("summary: %s", s.error().toString().c_str());
    return *s;
}

il::SummaryFilter period(const char* from, const char* to)
{
    il::SummaryFilter f;
    f.fromMs = *il::parseDateMs(from);
    f.toMs = *il::parseDateMs(to) + il::kMsPerDay;
    return f;
}

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("INFERLEDGER_SCREENSHOT_DIR");
    return dir.isEmpty() ? QDir::tempPath() : dir;
}

int rowOf(const QAbstractItemModel* m, const QString& key)
{
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, 0).data(M::KeyRole).toString() == key)
            return r;
    return -1;
}

QString cell(const QAbstractItemModel* m, const QString& key, int column)
{
    const int row = rowOf(m, key);
    return row < 0 ? QStringLiteral("<no row %1>").arg(key) : m->index(row, column).data().toString();
}

QPalette darkPalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(45, 45, 48));
    dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
    dark.setColor(QPalette::Base, QColor(30, 30, 32));
    dark.setColor(QPalette::AlternateBase, QColor(38, 38, 42));
    dark.setColor(QPalette::Text, QColor(230, 230, 230));
    dark.setColor(QPalette::Button, QColor(52, 52, 56));
    dark.setColor(QPalette::ButtonText, QColor(230, 230, 230));
    dark.setColor(QPalette::Highlight, QColor(42, 130, 218));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
    dark.setColor(QPalette::ToolTipBase, QColor(52, 52, 56));
    dark.setColor(QPalette::ToolTipText, QColor(230, 230, 230));
    return dark;
}

} // namespace

class TestDashboard : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void overviewTilesMatchSummary();
    void featuresTableMatchesSummaryAndCli();
    void filtersReachEveryPage();
    void filterMenuByKeyboard();
    void pageShortcuts();
    void rowOpensFeaturePage();
    void modelsPageFrontier();
    void chartsAreDownsampled();
    void chartsSaveAsPngAndSvg();
    void tablesCopyAndExportCsv();
    void modelsUnderTester();
    void remembersFilters();
    void exportReportAction();
    void emptyStoreSaysWhy();
    void screenshots();
    void screenshotsDark();

private:
    std::unique_ptr<MainWindow> openWindow(const QString& store = {});
    bool waitForLoad(MainWindow* w, const std::function<void()>& trigger = {});
    template <typename T> T* child(QWidget* w, const char* name) { return w->findChild<T*>(QString::fromLatin1(name)); }
    void saveScreenshot(QWidget* w, const QString& name);

    QTemporaryDir m_dir;
    QString m_store;
    int m_settings = 0;
};

void TestDashboard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    il::ui::initResources();
    // Gate tracking runs to "now": pinned just after the data, so the months tracked do not drift.
    il::setNowOverrideMs(*il::parseDateMs("2026-04-01") + 12 * il::kMsPerHour);
    m_store = m_dir.filePath(QStringLiteral("dashboard.db"));
    fillStore(m_store, true);
}

void TestDashboard::init()
{
    qputenv("INFERLEDGER_SETTINGS", m_dir.filePath(QStringLiteral("settings-%1.ini").arg(++m_settings)).toLocal8Bit());
}

void TestDashboard::cleanup()
{
    qunsetenv("INFERLEDGER_SETTINGS");
}

std::unique_ptr<MainWindow> TestDashboard::openWindow(const QString& store)
{
    il::ui::AppServices services;
    services.storePath = (store.isEmpty() ? m_store : store).toStdString();
    auto w = std::make_unique<MainWindow>(std::move(services));
    w->resize(1280, 760);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        qWarning("window not exposed");
    waitForLoad(w.get());
    return w;
}

bool TestDashboard::waitForLoad(MainWindow* w, const std::function<void()>& trigger)
{
    QSignalSpy updated(w, &MainWindow::dashboardUpdated);
    if (trigger)
        trigger();
    const bool ok = QTest::qWaitFor([&] { return !w->isBusy() && (updated.count() > 0 || !trigger); }, kTimeoutMs);
    QCoreApplication::processEvents();
    return ok;
}

void TestDashboard::saveScreenshot(QWidget* w, const QString& name)
{
    QTest::qWait(150); // posted layouts settle, as they would before the next paint
    const QString path = screenshotDir() + QLatin1Char('/') + name;
    QVERIFY2(w->grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

void TestDashboard::overviewTilesMatchSummary()
{
    auto w = openWindow();
    QCOMPARE(w->currentPage(), MainWindow::Page::Overview);
    // The default period: the last 30 days up to the store's last day; the previous period the 30 before.
    const il::Summary s = summaryOf(m_store, period("2026-03-02", "2026-03-31"));
    const il::Summary before = summaryOf(m_store, period("2026-01-31", "2026-03-01"));
    il::ui::OverviewPage* page = w->overviewPage();

    QCOMPARE(page->spendTile()->value(), M::displayText(s.total, M::Cost));
    QCOMPARE(page->spendTile()->value(), QStringLiteral("$") + QString::fromStdString(il::formatMoney(s.total.cost)));
    QCOMPARE(page->changeTile()->value(), M::changeText(s.total, &before.total, M::Cost));
    QVERIFY(page->changeTile()->value().contains(QLatin1Char('%')));
    QVERIFY2(page->changeTile()->detail().contains(M::displayText(before.total, M::Cost)),
             qPrintable(page->changeTile()->detail()));
    QCOMPARE(page->costPerUnitTile()->value(), M::displayText(s.total, M::CostPerUnit));
    QCOMPARE(page->cacheTile()->value(), M::displayText(s.total, M::CacheHitRate));

    int64_t unattributed = -1;
    for (const il::SummaryRow& r : s.rows)
        if (r.key == il::kUnattributed)
            unattributed = r.cost;
    QVERIFY(unattributed > 0);
    QCOMPARE(page->unattributedTile()->value(),
             QStringLiteral("$") + QString::fromStdString(il::formatMoney(unattributed)));

    // Unpriced: the count of requests, and a word that the spend is unknown, never "$0".
    QVERIFY(s.total.unpricedRequests > 0);
    QCOMPARE(page->unpricedTile()->value(), QString::number(s.total.unpricedRequests));
    QVERIFY(!page->unpricedTile()->value().contains(QLatin1Char('$')));
    QVERIFY2(page->unpricedTile()->detail().contains(QStringLiteral("unknown")),
             qPrintable(page->unpricedTile()->detail()));

    // The gate is over its threshold: a tile and a banner say so.
    QVERIFY(page->gatesTile()->isVisible());
    QCOMPARE(page->gatesTile()->tone(), il::ui::StatTile::Tone::Alarm);
    auto* breach = child<il::ui::MessageBanner>(w.get(), "gateBreachBanner");
    QVERIFY(breach && breach->isVisible());
    QVERIFY2(breach->text().contains(QStringLiteral("support-assistant")), qPrintable(breach->text()));

    // Charts: spend stacked by feature (one band per feature with spend), cost per unit per feature with units.
    il::ui::TimeChartView* spend = page->spendChart();
    QVERIFY(spend->hasData());
    QCOMPARE(spend->data().kind, il::ui::TimeChartKind::Stacked);
    QCOMPARE(spend->lineCount(), int(s.rows.size()));
    QCOMPARE(spend->fullPointCount(0), qsizetype(30)); // daily for 30 days
    // The stacked bands add up to the spend tile (to the cent: plotted money is for drawing only).
    double plotted = 0;
    for (const il::ui::TimeLine& l : spend->data().lines)
        for (const auto& v : l.values)
            plotted += v.value_or(0);
    QVERIFY2(std::abs(plotted - double(s.total.cost) / 1e9) < 0.01, qPrintable(QString::number(plotted)));
    QVERIFY(page->costPerUnitChart()->hasData());
    QVERIFY(page->costPerUnitChart()->lineCount() >= 2);
    // Tooltips list the series at the hovered bucket.
    const QString tip = spend->toolTipAt(0, 0);
    QVERIFY2(tip.contains(QStringLiteral("Total")) && tip.contains(QStringLiteral("support-assistant")),
             qPrintable(tip));
}

void TestDashboard::featuresTableMatchesSummaryAndCli()
{
    auto w = openWindow();
    const il::Summary s = summaryOf(m_store, period("2026-03-02", "2026-03-31"));
    const il::Summary before = summaryOf(m_store, period("2026-01-31", "2026-03-01"));
    const QAbstractItemModel* m = child<QTableView>(w.get(), "featureTable")->model();
    QCOMPARE(m->rowCount(), int(s.rows.size()) + 1);
    for (const il::SummaryRow& r : s.rows) {
        const QString key = QString::fromStdString(r.key);
        for (int c : { M::Cost, M::CostPerUnit, M::Units, M::Requests, M::LatencyP50, M::LatencyP95, M::Accuracy,
                       M::CacheHitRate, M::Unpriced })
            QCOMPARE(cell(m, key, c), M::displayText(r, M::Column(c)));
        const il::SummaryRow* b = nullptr;
        for (const il::SummaryRow& p : before.rows)
            if (p.key == r.key)
                b = &p;
        if (b)
            QCOMPARE(cell(m, key, M::CostChange), M::changeText(r, b, M::Cost));
    }
    QCOMPARE(cell(m, QStringLiteral("code-review"), M::CostPerUnit), QStringLiteral("—"));
    QCOMPARE(cell(m, QStringLiteral("code-review"), M::CostPerUnitChange), QStringLiteral("—"));

    // One case through the real binary: a provider filter, the JSON total against the GUI's spend tile.
    const QString binary = qEnvironmentVariable("INFERLEDGER_BINARY", QStringLiteral(INFERLEDGER_BINARY));
    if (!QFileInfo(binary).isExecutable())
        QSKIP("the inferledger binary is not built");
    w->filterBar()->providerFilter()->setSelected({ QStringLiteral("openai") });
    QVERIFY(waitForLoad(w.get(), [&] { w->reload(); }));
    QProcess cli;
    cli.start(binary,
              { QStringLiteral("--db"), m_store, QStringLiteral("summary"), QStringLiteral("--from"),
                QStringLiteral("2026-03-02"), QStringLiteral("--to"), QStringLiteral("2026-03-31"),
                QStringLiteral("--provider"), QStringLiteral("openai"), QStringLiteral("--format"),
                QStringLiteral("json") });
    QVERIFY(cli.waitForFinished(60'000));
    QCOMPARE(cli.exitCode(), 0);
    const QJsonObject json = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    const QJsonObject total = json.value(QStringLiteral("total")).toObject();
    const auto cost = il::parseDecimalNanos(total.value(QStringLiteral("cost")).toString().toStdString());
    QVERIFY(cost.has_value());
    QCOMPARE(w->overviewPage()->spendTile()->value(),
             QStringLiteral("$") + QString::fromStdString(il::formatMoney(*cost)));
    QCOMPARE(cell(m, QString(), M::Requests), QString::number(total.value(QStringLiteral("requests")).toInteger()));
    QCOMPARE(json.value(QStringLiteral("rows")).toArray().size(), m->rowCount() - 1);
}

void TestDashboard::filtersReachEveryPage()
{
    auto w = openWindow();
    auto* providers = child<il::ui::MultiSelectButton>(w.get(), "providerFilter");
    QVERIFY(providers);
    QTRY_VERIFY(providers->items().contains(QStringLiteral("anthropic")));

    // Open the provider menu with the mouse and tick "anthropic": the menu stays open for more, Escape closes it.
    bool ticked = false;
    QTimer::singleShot(200, this, [&] {
        QMenu* menu = providers->menu();
        QAction* anthropic = nullptr;
        for (QAction* a : menu->actions())
            if (a->data().toString() == QStringLiteral("anthropic"))
                anthropic = a;
        if (anthropic && menu->isVisible()) {
            QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(anthropic).center());
            ticked = menu->isVisible() && anthropic->isChecked();
        }
        menu->close();
    });
    QSignalSpy updated(w.get(), &MainWindow::dashboardUpdated);
    QTest::mouseClick(providers, Qt::LeftButton);
    QVERIFY(ticked);
    QCOMPARE(providers->selected(), QStringList { QStringLiteral("anthropic") });
    QVERIFY(QTest::qWaitFor([&] { return updated.count() > 0 && !w->isBusy(); }, kTimeoutMs));

    il::SummaryFilter f = period("2026-03-02", "2026-03-31");
    f.providers = { "anthropic" };
    const il::Summary s = summaryOf(m_store, f);
    const QAbstractItemModel* m = child<QTableView>(w.get(), "featureTable")->model();
    QCOMPARE(m->rowCount(), int(s.rows.size()) + 1);
    QCOMPARE(cell(m, QStringLiteral("doc-summariser"), M::Cost), M::displayText(s.rows.front(), M::Cost));
    QCOMPARE(w->overviewPage()->spendTile()->value(), M::displayText(s.total, M::Cost));
    QCOMPARE(w->overviewPage()->costPerUnitTile()->value(), M::displayText(s.total, M::CostPerUnit));
    // The overview's spend chart: only doc-summariser's band.
    QCOMPARE(w->overviewPage()->spendChart()->lineCount(), 1);
    // Models (loaded when the page is shown): only anthropic's models.
    QVERIFY(waitForLoad(w.get(), [&] { QTest::keyClick(w.get(), Qt::Key_3, Qt::ControlModifier); }));
    QCOMPARE(w->modelsPage()->model()->rowCount(), 1); // acme's model is another provider's
    QCOMPARE(w->modelsPage()->model()->rows().front().model, std::string("claude-haiku-4-5"));
    // Back on the overview: the figures it had for these filters, no new query needed.
    QTest::keyClick(w.get(), Qt::Key_1, Qt::ControlModifier);
    QVERIFY(!w->isBusy());
    QCOMPARE(w->overviewPage()->spendTile()->value(), M::displayText(s.total, M::Cost));
    QCOMPARE(w->overviewPage()->spendChart()->lineCount(), 1);

    // A model filter on top, then a feature filter: the same figures as summary with all three.
    w->filterBar()->modelFilter()->toggle(QStringLiteral("claude-haiku-4-5"));
    QVERIFY(waitForLoad(w.get()));
    f.models = { "claude-haiku-4-5" };
    QTRY_COMPARE_WITH_TIMEOUT(w->overviewPage()->spendTile()->value(),
                              M::displayText(summaryOf(m_store, f).total, M::Cost), kTimeoutMs);
    QVERIFY(w->overviewPage()->unpricedTile()->value() == QStringLiteral("0"));

    // Ctrl+Shift+Backspace clears the name filters (the period stays).
    QSignalSpy again(w.get(), &MainWindow::dashboardUpdated);
    QTest::keyClick(w.get(), Qt::Key_Backspace, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(providers->selected().isEmpty());
    QVERIFY(w->filterBar()->modelFilter()->selected().isEmpty());
    QVERIFY(QTest::qWaitFor([&] { return again.count() > 0 && !w->isBusy(); }, kTimeoutMs));
    QCOMPARE(w->overviewPage()->spendTile()->value(),
             M::displayText(summaryOf(m_store, period("2026-03-02", "2026-03-31")).total, M::Cost));

    // The period preset from the keyboard: Last 7 days.
    auto* preset = child<QComboBox>(w.get(), "datePreset");
    preset->setFocus();
    QSignalSpy week(w.get(), &MainWindow::dashboardUpdated);
    QTest::keyClick(preset, Qt::Key_Up);
    QCOMPARE(preset->currentText(), QStringLiteral("Last 7 days"));
    QVERIFY(QTest::qWaitFor([&] { return week.count() > 0 && !w->isBusy(); }, kTimeoutMs));
    const il::Summary last7 = summaryOf(m_store, period("2026-03-25", "2026-03-31"));
    QCOMPARE(w->overviewPage()->spendTile()->value(), M::displayText(last7.total, M::Cost));
    // Seven days are drawn hourly.
    QCOMPARE(w->overviewPage()->spendChart()->fullPointCount(0), qsizetype(7 * 24));
}

void TestDashboard::filterMenuByKeyboard()
{
    auto w = openWindow();
    auto* features = child<il::ui::MultiSelectButton>(w.get(), "featureFilter");
    QTRY_VERIFY(features->items().contains(QStringLiteral("code-review")));
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    // Ctrl+Shift+F opens the feature menu; Space ticks the highlighted feature and leaves the menu open.
    bool ticked = false;
    QTimer::singleShot(200, this, [&] {
        QMenu* menu = features->menu();
        for (QAction* a : menu->actions())
            if (a->data().toString() == QStringLiteral("code-review"))
                menu->setActiveAction(a);
        QTest::keyClick(menu, Qt::Key_Space);
        ticked = menu->isVisible();
        QTest::keyClick(menu, Qt::Key_Escape);
    });
    QSignalSpy updated(w.get(), &MainWindow::dashboardUpdated);
    QTest::keyClick(w.get(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(ticked);
    QCOMPARE(features->selected(), QStringList { QStringLiteral("code-review") });
    QVERIFY(QTest::qWaitFor([&] { return updated.count() > 0 && !w->isBusy(); }, kTimeoutMs));
    QCOMPARE(child<QTableView>(w.get(), "featureTable")->model()->rowCount(), 2); // code-review and the total
    QCOMPARE(features->text(), QStringLiteral("Feature: code-review"));
}

void TestDashboard::pageShortcuts()
{
    auto w = openWindow();
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    const std::pair<Qt::Key, MainWindow::Page> keys[] = {
        { Qt::Key_2, MainWindow::Page::Features }, { Qt::Key_3, MainWindow::Page::Models },
        { Qt::Key_4, MainWindow::Page::Gates },    { Qt::Key_5, MainWindow::Page::Connectors },
        { Qt::Key_1, MainWindow::Page::Overview },
    };
    auto* sidebar = child<QListWidget>(w.get(), "pageList");
    QVERIFY(sidebar);
    for (const auto& [key, page] : keys) {
        QTest::keyClick(w.get(), key, Qt::ControlModifier);
        QCOMPARE(w->currentPage(), page);
    }
    QVERIFY(child<QWidget>(w.get(), "gatesPage")); // made when first shown
    // The sidebar by mouse.
    QTest::mouseClick(sidebar->viewport(), Qt::LeftButton, {}, sidebar->visualItemRect(sidebar->item(2)).center());
    QCOMPARE(w->currentPage(), MainWindow::Page::Models);
    QCOMPARE(sidebar->currentRow(), 2);
    // Ctrl+F finds a feature: the Features page with its filter focused.
    QTest::keyClick(w.get(), Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(w->currentPage(), MainWindow::Page::Features);
    QTRY_VERIFY(child<QWidget>(w.get(), "filterEdit")->hasFocus());
}

void TestDashboard::rowOpensFeaturePage()
{
    auto w = openWindow();
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
    auto* table = child<QTableView>(w.get(), "featureTable");
    const int row = rowOf(table->model(), QStringLiteral("support-assistant"));
    QVERIFY(row >= 0);
    table->setFocus();
    table->setCurrentIndex(table->model()->index(row, 0));
    QVERIFY(waitForLoad(w.get(), [&] { QTest::keyClick(table, Qt::Key_Return); }));
    QCOMPARE(w->currentPage(), MainWindow::Page::Feature);
    il::ui::FeaturePage* page = w->featurePage();
    QCOMPARE(page->feature(), QStringLiteral("support-assistant"));
    QTRY_VERIFY_WITH_TIMEOUT(page->costPerUnitChart()->hasData(), kTimeoutMs);

    const il::Summary s = [&] {
        il::SummaryFilter f = period("2026-03-02", "2026-03-31");
        f.features = { "support-assistant" };
        return summaryOf(m_store, f);
    }();
    const QString figures = page->figuresLabel()->text();
    QVERIFY2(figures.contains(M::displayText(s.rows.front(), M::Cost)), qPrintable(figures));
    QVERIFY2(figures.contains(M::displayText(s.rows.front(), M::CostPerUnit)), qPrintable(figures));

    for (il::ui::TimeChartView* c : { page->costPerUnitChart(), page->modelMixChart(), page->latencyChart(),
                                      page->accuracyChart(), page->tokensChart(), page->gateChart() }) {
        QVERIFY2(c->hasData(), qPrintable(c->title()));
        QVERIFY2(c->shownPointCount(0) > 0, qPrintable(c->title()));
        QVERIFY2(c->shownPointCount(0) <= c->plotWidth(), qPrintable(c->title()));
    }
    // Two models share its traffic; the mix adds up to 100% in every bucket that has requests.
    QCOMPARE(page->modelMixChart()->lineCount(), 2);
    QCOMPARE(page->modelMixChart()->data().kind, il::ui::TimeChartKind::StackedPercent);
    // p50 and p95 latency.
    QCOMPARE(page->latencyChart()->lineCount(), 2);
    // The gate: actual against the estimate and the threshold, month by month within the period (the gate launched
    // on 2026-02-01, before it: tracking starts with the period); over it: a banner.
    QVERIFY(page->gateChart()->lineCount() >= 2);
    QCOMPARE(page->gateChart()->data().bucketStarts.front(), *il::parseDateMs("2026-03-02"));
    QVERIFY(page->gateBanner()->isVisible());
    QCOMPARE(page->gateBanner()->kind(), il::ui::MessageBanner::Kind::Error);
    QVERIFY2(page->gateBanner()->text().contains(QStringLiteral("threshold")), qPrintable(page->gateBanner()->text()));
    // The cost per unit chart carries the gate's threshold as a reference line.
    bool threshold = false;
    for (const il::ui::TimeLine& l : page->costPerUnitChart()->data().lines)
        threshold = threshold || l.role == il::ui::LineRole::Alarm;
    QVERIFY(threshold);

    // Back (Alt+Left) returns to the table.
    QTest::keyClick(w.get(), Qt::Key_Left, Qt::AltModifier);
    QCOMPARE(w->currentPage(), MainWindow::Page::Features);

    // A feature without a gate: no gate chart data, and it says why.
    const int review = rowOf(table->model(), QStringLiteral("code-review"));
    QVERIFY(waitForLoad(w.get(), [&] { emit table->activated(table->model()->index(review, 0)); }));
    QCOMPARE(page->feature(), QStringLiteral("code-review"));
    QVERIFY(!page->gateChart()->hasData());
    QVERIFY(page->gateChart()->emptyText().contains(QStringLiteral("No gate")));
    QVERIFY(!page->accuracyChart()->hasData()); // no eval scores: unknown, not a line at zero
    QVERIFY(page->gateBanner()->isHidden());
    w->findChild<QAbstractButton*>(QStringLiteral("backButton"))->click();
    QCOMPARE(w->currentPage(), MainWindow::Page::Features);
}

void TestDashboard::modelsPageFrontier()
{
    auto w = openWindow();
    // The Models page loads its (feature, model) figures when it is first shown.
    QVERIFY(waitForLoad(w.get(), [&] { QTest::keyClick(w.get(), Qt::Key_3, Qt::ControlModifier); }));
    il::ModelEconomicsModel* model = w->modelsPage()->model();
    il::SummaryFilter f = period("2026-03-02", "2026-03-31");
    f.features = { "support-assistant" };
    f.by = il::GroupBy::Model;
    const il::Summary byModel = summaryOf(m_store, f);
    int seen = 0;
    for (const il::ModelEconomics& e : model->rows()) {
        if (e.feature != "support-assistant")
            continue;
        ++seen;
        for (const il::SummaryRow& r : byModel.rows)
            if (r.key == e.model) {
                QCOMPARE(e.row.cost, r.cost);
                QCOMPARE(e.row.requests, r.requests);
                QCOMPARE(*e.costPer1k, il::divRoundHalfEven(static_cast<il::Int128>(r.cost) * 1000, r.requests));
            }
    }
    QCOMPARE(seen, 2);
    // gpt-4o is dearer and more accurate than gpt-4o-mini: both on the frontier, gpt-4o with a marginal cost.
    const il::ModelEconomics* mini = nullptr;
    const il::ModelEconomics* big = nullptr;
    for (const il::ModelEconomics& e : model->rows())
        if (e.feature == "support-assistant")
            (e.model == "gpt-4o" ? big : mini) = &e;
    QVERIFY(mini && big);
    QVERIFY(mini->pareto.onFrontier && big->pareto.onFrontier);
    QVERIFY(!mini->pareto.previous);
    QCOMPARE(big->previousModel, std::string("gpt-4o-mini"));
    QVERIFY(big->marginalPerPoint1k && *big->marginalPerPoint1k > 0);
    const double expected = double(*big->costPer1k - *mini->costPer1k) / ((*big->accuracy - *mini->accuracy) * 100.0);
    QVERIFY(std::abs(*big->marginalPerPoint1k - expected) < 1e-6 * std::abs(expected));
    // The unpriced model: no cost per request ("—", never $0), off the chart.
    for (const il::ModelEconomics& e : model->rows())
        if (e.model == "acme-large-unpriced") {
            QVERIFY(!e.costPer1k);
            QCOMPARE(model->displayText(e, il::ModelEconomicsModel::Cost), QStringLiteral("—"));
        }
    // The chart: one point per priced, scored (feature, model); the tooltip names the latency.
    il::ui::ScatterChartView* chart = w->modelsPage()->chart();
    int plotted = 0;
    for (const il::ModelEconomics& e : model->rows())
        plotted += e.accuracy && e.costPer1k ? 1 : 0;
    QCOMPARE(chart->pointCount(), qsizetype(plotted));
    QVERIFY(chart->frontierPointCount() >= 2);
    int group = -1;
    for (size_t g = 0; g < chart->data().groups.size(); ++g)
        if (chart->data().groups[g].name == QStringLiteral("support-assistant"))
            group = int(g);
    QVERIFY(group >= 0);
    const QString tip = chart->toolTipNear(group, QPointF(double(*big->costPer1k) / 1e9, *big->accuracy));
    QVERIFY2(tip.contains(QStringLiteral("gpt-4o")) && tip.contains(QStringLiteral("p95")), qPrintable(tip));
}

void TestDashboard::chartsAreDownsampled()
{
    auto w = openWindow();
    // All 60 days, hourly: 1440 buckets, more than the plot is wide.
    auto* preset = child<QComboBox>(w.get(), "datePreset");
    auto* resolution = child<QComboBox>(w.get(), "resolution");
    QVERIFY(waitForLoad(w.get(), [&] { preset->setCurrentIndex(preset->findData(QStringLiteral("all"))); }));
    QVERIFY(waitForLoad(w.get(), [&] { resolution->setCurrentIndex(resolution->findData(QStringLiteral("hour"))); }));
    QTest::qWait(100);
    for (il::ui::TimeChartView* c : { w->overviewPage()->spendChart(), w->overviewPage()->costPerUnitChart() }) {
        QCOMPARE(c->data().bucketStarts.size(), size_t(kDays * 24));
        // Spend has a value in every bucket; cost per unit only where there are units (this data is sparse).
        if (c == w->overviewPage()->spendChart())
            QVERIFY2(c->fullPointCount(0) > c->plotWidth(), qPrintable(c->title()));
        for (int i = 0; i < c->lineCount(); ++i) {
            QVERIFY2(c->shownPointCount(i) > 2, qPrintable(c->title()));
            QVERIFY2(c->shownPointCount(i) <= c->plotWidth(),
                     qPrintable(QStringLiteral("%1: %2 points in %3 px")
                                    .arg(c->title())
                                    .arg(c->shownPointCount(i))
                                    .arg(c->plotWidth())));
        }
    }
    // A narrower window: resampled to the narrower plot.
    il::ui::TimeChartView* spend = w->overviewPage()->spendChart();
    const int wide = spend->plotWidth();
    w->resize(900, 700);
    QTRY_VERIFY(spend->plotWidth() < wide - 20);
    QTRY_VERIFY(spend->shownPointCount(0) <= spend->plotWidth());
}

void TestDashboard::chartsSaveAsPngAndSvg()
{
    auto w = openWindow();
    il::ui::TimeChartView* spend = w->overviewPage()->spendChart();
    QVERIFY(spend->savePngAction() && spend->saveSvgAction()); // what the context menu offers
    const QString png = m_dir.filePath(QStringLiteral("spend.png"));
    const QString svg = m_dir.filePath(QStringLiteral("spend.svg"));
    QVERIFY(spend->savePng(png));
    QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), spend->size() * spend->devicePixelRatioF());
    QVERIFY(spend->saveSvg(svg));
    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.contains("Spend over time"));
    // The scatter too.
    QVERIFY(waitForLoad(w.get(), [&] { w->showPage(MainWindow::Page::Models); }));
    QVERIFY(w->modelsPage()->chart()->hasData());
    QVERIFY(w->modelsPage()->chart()->saveSvg(m_dir.filePath(QStringLiteral("models.svg"))));
    // An unwritable place: false, no file, and nothing half-written.
    QVERIFY(!spend->savePng(m_dir.filePath(QStringLiteral("no-such-dir/spend.png"))));
    QVERIFY(!spend->saveSvg(m_dir.filePath(QStringLiteral("no-such-dir/spend.svg"))));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("no-such-dir"))));
}

void TestDashboard::tablesCopyAndExportCsv()
{
    auto w = openWindow();
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
    auto* table = child<il::ui::PlaceholderTableView>(w.get(), "featureTable");
    const QAbstractItemModel* m = table->model();
    const QString csvPath = m_dir.filePath(QStringLiteral("features.csv"));
    QVERIFY(table->exportCsv(csvPath));
    QFile f(csvPath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), m->rowCount() + 1);
    QVERIFY2(lines.front().startsWith(QStringLiteral("Feature,Cost,")), qPrintable(lines.front()));
    const int row = rowOf(m, QStringLiteral("support-assistant"));
    QVERIFY(lines.contains(QStringLiteral("support-assistant,") + m->index(row, M::Cost).data().toString()
                           + QLatin1Char(',') + m->index(row, M::CostChange).data().toString() + QLatin1Char(',')
                           + m->index(row, M::CostPerUnit).data().toString() + QLatin1Char(',')
                           + m->index(row, M::CostPerUnitChange).data().toString() + QLatin1Char(',')
                           + m->index(row, M::Units).data().toString() + QLatin1Char(',')
                           + m->index(row, M::Requests).data().toString() + QLatin1Char(',')
                           + m->index(row, M::LatencyP50).data().toString() + QLatin1Char(',')
                           + m->index(row, M::LatencyP95).data().toString() + QLatin1Char(',')
                           + m->index(row, M::Accuracy).data().toString() + QLatin1Char(',')
                           + m->index(row, M::CacheHitRate).data().toString() + QLatin1Char(',')
                           + m->index(row, M::Unpriced).data().toString()));
    QVERIFY(!lines.front().contains(QStringLiteral("Errors"))); // hidden columns stay out

    // Ctrl+C copies the selected row as tab-separated text, with the header.
    table->setFocus();
    table->selectRow(row);
    QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier);
    const QStringList copied = QApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(copied.size(), 2);
    QVERIFY2(copied.at(0).startsWith(QStringLiteral("Feature\tCost\t")), qPrintable(copied.at(0)));
    QVERIFY2(copied.at(1).startsWith(QStringLiteral("support-assistant\t") + m->index(row, M::Cost).data().toString()),
             qPrintable(copied.at(1)));

    // The Models table exports the same way.
    QVERIFY(waitForLoad(w.get(), [&] { QTest::keyClick(w.get(), Qt::Key_3, Qt::ControlModifier); }));
    auto* models = child<il::ui::PlaceholderTableView>(w.get(), "modelsTable");
    const QString modelsCsv = m_dir.filePath(QStringLiteral("models.csv"));
    QVERIFY(models->exportCsv(modelsCsv));
    QFile mf(modelsCsv);
    QVERIFY(mf.open(QIODevice::ReadOnly));
    const QStringList modelLines = QString::fromUtf8(mf.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(modelLines.size(), models->model()->rowCount() + 1);
    QVERIFY(modelLines.front().startsWith(QStringLiteral("Feature,Model,Requests,Cost,")));
    QVERIFY(!table->exportCsv(m_dir.filePath(QStringLiteral("no-such-dir/features.csv"))));
}

void TestDashboard::modelsUnderTester()
{
    auto w = openWindow();
    QVERIFY(waitForLoad(w.get(), [&] { QTest::keyClick(w.get(), Qt::Key_3, Qt::ControlModifier); }));
    QAbstractItemModelTester t1(w->featureModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(child<QTableView>(w.get(), "featureTable")->model(),
                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(w->modelsPage()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t4(child<QTableView>(w.get(), "modelsTable")->model(),
                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(waitForLoad(w.get(), [&] { w->filterBar()->providerFilter()->toggle(QStringLiteral("openai")); }));
    QVERIFY(waitForLoad(w.get(), [&] { w->filterBar()->clearNameFilters(); }));
    auto* preset = child<QComboBox>(w.get(), "datePreset");
    QVERIFY(waitForLoad(w.get(), [&] { preset->setCurrentIndex(preset->findData(QStringLiteral("last7"))); }));
    QVERIFY(w->modelsPage()->model()->rowCount() > 0);
}

void TestDashboard::remembersFilters()
{
    {
        auto w = openWindow();
        w->filterBar()->providerFilter()->toggle(QStringLiteral("openai"));
        auto* resolution = child<QComboBox>(w.get(), "resolution");
        resolution->setCurrentIndex(resolution->findData(QStringLiteral("week")));
        QTest::keyClick(w.get(), Qt::Key_3, Qt::ControlModifier);
        QVERIFY(waitForLoad(w.get()));
        w->close();
    }
    auto w = openWindow();
    QCOMPARE(w->filterBar()->providerFilter()->selected(), QStringList { QStringLiteral("openai") });
    QCOMPARE(w->filterBar()->resolution(), il::ui::Resolution::Week);
    QCOMPARE(w->currentPage(), MainWindow::Page::Models);
    QVERIFY(w->shownData().has_value());
    QCOMPARE(w->shownData()->summary.filter.providers, std::vector<std::string> { "openai" });
    QCOMPARE(w->shownData()->bucket, il::Bucket::Week);
}

void TestDashboard::exportReportAction()
{
    auto w = openWindow();
    auto* action = w->findChild<QAction*>(QStringLiteral("exportReportAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    // Live once the report's dialog is in the build (and a load has resolved the period); until then it says why.
    const bool built = QFileInfo::exists(QStringLiteral(INFERLEDGER_SOURCE_DIR "/ui/report/ReportExportDialog.cpp"));
    QCOMPARE(action->isEnabled(), built);
    QVERIFY(!action->toolTip().isEmpty());
}

void TestDashboard::emptyStoreSaysWhy()
{
    const QString path = m_dir.filePath(QStringLiteral("empty.db"));
    {
        auto s = il::Store::open(path.toStdString());
        QVERIFY(s.ok());
    }
    auto w = openWindow(path);
    il::ui::OverviewPage* page = w->overviewPage();
    QCOMPARE(page->spendTile()->value(), QStringLiteral("—"));
    QVERIFY(!page->spendChart()->hasData());
    QVERIFY(page->spendChart()->emptyText().contains(QStringLiteral("imported")));
    QVERIFY(!w->modelsPage()->chart()->hasData());
    QVERIFY(w->findChild<QWidget*>(QStringLiteral("emptyBanner"))->isVisible());
    saveScreenshot(w.get(), QStringLiteral("inferledger-dashboard-empty.png"));
}

void TestDashboard::screenshots()
{
    auto w = openWindow();
    saveScreenshot(w.get(), QStringLiteral("inferledger-dashboard-overview.png"));
    QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
    saveScreenshot(w.get(), QStringLiteral("inferledger-dashboard-features.png"));
    QVERIFY(waitForLoad(w.get(), [&] { w->openFeature(QStringLiteral("support-assistant")); }));
    saveScreenshot(w.get(), QStringLiteral("inferledger-dashboard-feature.png"));
    QVERIFY(waitForLoad(w.get(), [&] { QTest::keyClick(w.get(), Qt::Key_3, Qt::ControlModifier); }));
    saveScreenshot(w.get(), QStringLiteral("inferledger-dashboard-models.png"));
    QTest::keyClick(w.get(), Qt::Key_4, Qt::ControlModifier);
    // The Gates page reads on its own worker: the screenshot waits for the gates, as a person would.
    auto* gates = qobject_cast<il::ui::GatesPage*>(w->gatesPage());
    QVERIFY(gates);
    QTRY_VERIFY_WITH_TIMEOUT(!gates->isLoading() && gates->model()->rowCount() > 0, kTimeoutMs);
    saveScreenshot(w.get(), QStringLiteral("inferledger-dashboard-gates.png"));
    QTest::keyClick(w.get(), Qt::Key_5, Qt::ControlModifier);
    saveScreenshot(w.get(), QStringLiteral("inferledger-dashboard-connectors.png"));
}

void TestDashboard::screenshotsDark()
{
    const QPalette original = QApplication::palette();
    QApplication::setPalette(darkPalette());
    {
        auto w = openWindow();
        // The charts take their background and text from the palette.
        il::ui::TimeChartView* spend = w->overviewPage()->spendChart();
        QVERIFY(spend->chart()->backgroundBrush().color().lightness() < 100);
        QVERIFY(spend->chart()->titleBrush().color().lightness() > 150);
        saveScreenshot(w.get(), QStringLiteral("inferledger-dashboard-overview-dark.png"));
        QVERIFY(waitForLoad(w.get(), [&] { w->openFeature(QStringLiteral("support-assistant")); }));
        saveScreenshot(w.get(), QStringLiteral("inferledger-dashboard-feature-dark.png"));
        QVERIFY(waitForLoad(w.get(), [&] { QTest::keyClick(w.get(), Qt::Key_3, Qt::ControlModifier); }));
        saveScreenshot(w.get(), QStringLiteral("inferledger-dashboard-models-dark.png"));
    }
    QApplication::setPalette(original);
}

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
