// SPDX-License-Identifier: GPL-3.0-or-later
// The main window on a real SQLite store, driven as a user would: the feature table's figures against
// values computed here from the records, presets, custom dates, sorting, the filter, drop-to-import,
// empty and unreadable stores, remembered settings, and (when the binary is built) parity with the CLI.
#include "MainWindow.h"
#include "item/FeatureEconomicsModel.h"

#include "domain/Time.h"
#include "ingest/Ingestor.h"
#include "pricing/PriceCatalogue.h"
#include "store/Store.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProcess>
#include <QProgressBar>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>

using il::FeatureEconomicsModel;
using M = il::FeatureEconomicsModel;

namespace {

constexpr int kTimeoutMs = 20'000;
const int64_t kLastDay = *il::parseDateMs("2026-03-31");
constexpr int kDays = 60;

struct FeatureSpec {
    const char* name;
    const char* provider;
    const char* model;
    int requests;
    bool outcomes;
    bool evals;
};
const FeatureSpec kFeatures[] = {
    { "support-assistant", "openai", "gpt-4o-mini", 200, true, true },
    { "doc-summariser", "anthropic", "claude-haiku-4-5", 120, true, true },
    { "code-review", "openai", "gpt-4.1", 80, false, false }, // no outcomes, no scores: its unit figures are unknowable
};

struct Dataset {
    std::vector<il::RequestRecord> requests;
    std::vector<il::OutcomeEvent> outcomes;
};

Dataset makeDataset(const std::vector<FeatureSpec>& specs, int64_t lastDay)
{
    Dataset d;
    const int64_t firstDay = lastDay - (kDays - 1) * il::kMsPerDay;
    for (size_t f = 0; f < specs.size(); ++f) {
        const FeatureSpec& s = specs[f];
        for (int i = 0; i < s.requests; ++i) {
            il::RequestRecord r;
            r.timestampMs
                = firstDay + (i % kDays) * il::kMsPerDay + int64_t((i * 7919 + int(f) * 4271) % 86'000) * 1000;
            r.requestId = std::string(s.name) + "-" + std::to_string(i);
            r.feature = s.name;
            r.provider = s.provider;
            r.model = s.model;
            r.inputTokens = 800 + (i * 37) % 1500;
            if (f == 1) {
                r.cachedInputTokens = r.inputTokens / 4;
                r.cacheWriteTokens = i % 5 == 0 ? 300 : 0;
            } else if (i % 3 == 0) {
                r.cachedInputTokens = 256;
            }
            r.outputTokens = 150 + (i * 53) % 600;
            r.latencyMs = 300 + (i * 97) % 2500;
            r.error = i % 25 == 0;
            r.cache = i % 4 == 0 ? il::CacheOutcome::Hit : i % 4 == 1 ? il::CacheOutcome::Miss : il::CacheOutcome::None;
            if (s.evals && i % 2 == 0)
                r.evalScore = 0.6 + double(i % 40) / 100.0;
            if (f == 0 && i % 10 == 0)
                r.reportedCostNanos = 1'234'567 + i; // a provider-reported cost wins over the estimate
            d.requests.push_back(r);
            if (s.outcomes && (f == 1 || i % 2 == 0)) {
                il::OutcomeEvent o;
                o.timestampMs = r.timestampMs + 60'000;
                o.feature = s.name;
                o.unit = f == 0 ? "resolved_ticket" : "document_processed";
                o.count = f == 1 ? 1 + i % 2 : 1;
                o.outcomeId = r.requestId;
                d.outcomes.push_back(o);
            }
        }
    }
    return d;
}

// The bundled catalogue, stored and loaded back so that the entries carry their price ids.
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

il::Result<void> ingest(il::Store& store, const Dataset& d)
{
    il::PriceCatalogue catalogue = storedCatalogue(store);
    il::Ingestor ingestor(store, catalogue);
    if (auto r = ingestor.begin("tst_mainwindow", "requests"); !r)
        return r;
    if (auto r = ingestor.addRequests(d.requests); !r)
        return r;
    if (auto r = ingestor.addOutcomes(d.outcomes); !r)
        return r;
    if (auto r = ingestor.commit(); !r)
        return r.error();
    return {};
}

void createStore(const QString& path, const Dataset& d)
{
    auto store = il::Store::open(path.toStdString());
    if (!store)
        qFatal("open: %s", store.error().toString().c_str());
    if (d.requests.empty() && d.outcomes.empty())
        return;
    if (auto r = ingest(**store, d); !r)
        qFatal("ingest: %s", r.error().toString().c_str());
}

// What the table must show, worked out from the records with the pricing rules, not from the store.
struct Figures {
    int64_t cost = 0, requests = 0;
    std::optional<int64_t> units;
};

std::map<std::string, Figures> expectedFigures(const Dataset& d, const il::PriceCatalogue& catalogue, int64_t fromMs,
                                               int64_t toMs)
{
    std::map<std::string, Figures> out;
    for (const il::RequestRecord& r : d.requests) {
        if (r.timestampMs < fromMs || r.timestampMs >= toMs)
            continue;
        Figures& f = out[r.feature];
        ++f.requests;
        if (r.reportedCostNanos) {
            f.cost += *r.reportedCostNanos;
        } else {
            const il::PriceEntry* price = catalogue.resolve(r.provider, r.model, r.timestampMs);
            if (!price)
                qFatal("no price for %s", r.model.c_str());
            f.cost += il::priceRequest(*price, r).total();
        }
    }
    for (const il::OutcomeEvent& o : d.outcomes)
        if (o.timestampMs >= fromMs && o.timestampMs < toMs)
            out[o.feature].units = out[o.feature].units.value_or(0) + o.count;
    return out;
}

int64_t dayMs(const char* iso)
{
    return *il::parseDateMs(iso);
}

QString money(int64_t nanos)
{
    return QStringLiteral("$") + QString::fromStdString(il::formatMoney(nanos));
}

QString unitCost(const Figures& f)
{
    if (!f.units || *f.units == 0)
        return QStringLiteral("—");
    return QStringLiteral("$") + QString::fromStdString(il::formatUnitCost(il::divRoundHalfEven(f.cost, *f.units)));
}

int rowOf(const QAbstractItemModel* m, const QString& key)
{
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, 0).data(M::KeyRole).toString() == key)
            return r;
    return -1;
}

QString cellText(const QAbstractItemModel* m, const QString& key, int column)
{
    const int row = rowOf(m, key);
    return row < 0 ? QStringLiteral("<no row %1>").arg(key) : m->index(row, column).data().toString();
}

QVariant cellRaw(const QAbstractItemModel* m, const QString& key, int column)
{
    const int row = rowOf(m, key);
    return row < 0 ? QVariant() : m->index(row, column).data(M::SortRole);
}

// The text of a banner's labels, for failure messages and checks.
QString bannerText(QWidget* window, const QString& name)
{
    QString text;
    if (auto* banner = window->findChild<QWidget*>(name))
        for (const QLabel* l : banner->findChildren<QLabel*>())
            text += l->text();
    return text;
}

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("INFERLEDGER_SCREENSHOT_DIR");
    return dir.isEmpty() ? QDir::tempPath() : dir;
}

void saveScreenshot(QWidget* w, const QString& name)
{
    QTest::qWait(100); // let posted layout requests settle, as they would before the next paint
    const QString path = screenshotDir() + QLatin1Char('/') + name;
    QVERIFY2(w->grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void showsFeatureEconomics();
    void presetsFollowTheLatestDataDay();
    void customDates();
    void sortingKeepsTotalLast();
    void filterAndShortcuts();
    void proxyPassesModelTester();
    void remembersPresetAndGeometry();
    void emptyStoreShowsBanner();
    void unreadableStoreShowsError();
    void dropImportsThenReloads();
    void failedImportShowsError();
    void followsDarkPalette();
    void sameFiguresAsCli();

private:
    std::unique_ptr<il::ui::MainWindow> openWindow(il::ui::AppServices services = {});
    QTableView* table(QWidget* w) { return w->findChild<QTableView*>(QStringLiteral("featureTable")); }
    bool waitForRows(QWidget* w, int rows);

    QTemporaryDir m_dir;
    QString m_storePath;
    Dataset m_data;
    il::PriceCatalogue m_catalogue;
    int m_settingsCounter = 0;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    il::ui::initResources();
    m_storePath = m_dir.filePath(QStringLiteral("store.db"));
    m_data = makeDataset({ std::begin(kFeatures), std::end(kFeatures) }, kLastDay);
    createStore(m_storePath, m_data);
    auto store = il::Store::open(m_storePath.toStdString());
    QVERIFY(store.ok());
    auto loaded = (*store)->loadPrices();
    QVERIFY(loaded.ok());
    m_catalogue.addAll(std::move(*loaded));
}

void TestMainWindow::init()
{
    // A fresh settings file per test, so a remembered preset never leaks from one test to the next.
    qputenv("INFERLEDGER_SETTINGS",
            m_dir.filePath(QStringLiteral("settings-%1.ini").arg(++m_settingsCounter)).toLocal8Bit());
}

void TestMainWindow::cleanup()
{
    qunsetenv("INFERLEDGER_SETTINGS");
}

std::unique_ptr<il::ui::MainWindow> TestMainWindow::openWindow(il::ui::AppServices services)
{
    if (services.storePath.empty())
        services.storePath = m_storePath.toStdString();
    auto w = std::make_unique<il::ui::MainWindow>(std::move(services));
    w->resize(1180, 520);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        qWarning("window not exposed");
    return w;
}

bool TestMainWindow::waitForRows(QWidget* w, int rows)
{
    QTableView* t = table(w);
    return t && QTest::qWaitFor([&] { return t->model()->rowCount() == rows; }, kTimeoutMs);
}

void TestMainWindow::showsFeatureEconomics()
{
    auto w = openWindow();
    QTableView* t = table(w.get());
    QVERIFY(t);
    QVERIFY(waitForRows(w.get(), 4)); // 3 features + total
    const QAbstractItemModel* m = t->model();

    // Last 30 days by default, counted back from the store's last data day (2026-03-31), not from today.
    const auto expected = expectedFigures(m_data, m_catalogue, dayMs("2026-03-02"), dayMs("2026-04-01"));
    for (const FeatureSpec& spec : kFeatures) {
        const QString key = QString::fromLatin1(spec.name);
        const Figures& f = expected.at(spec.name);
        QCOMPARE(cellRaw(m, key, M::Cost).toLongLong(), qint64(f.cost));
        QCOMPARE(cellText(m, key, M::Cost), money(f.cost));
        QCOMPARE(cellText(m, key, M::CostPerUnit), unitCost(f));
        QCOMPARE(cellText(m, key, M::Requests), QString::number(f.requests));
        QCOMPARE(cellText(m, key, M::Units), f.units ? QString::number(*f.units) : QStringLiteral("—"));
    }
    // Unknowable, not zero.
    QCOMPARE(cellText(m, QStringLiteral("code-review"), M::Accuracy), QStringLiteral("—"));
    QCOMPARE(cellText(m, QStringLiteral("code-review"), M::CostPerUnit), QStringLiteral("—"));
    QVERIFY(cellText(m, QStringLiteral("support-assistant"), M::Accuracy) != QStringLiteral("—"));

    // The total is the last row, sums the features, and is labelled.
    const QModelIndex total = m->index(3, M::Feature);
    QVERIFY(total.data(M::IsTotalRole).toBool());
    QCOMPARE(total.data().toString(), QStringLiteral("Total"));
    int64_t totalCost = 0;
    for (const auto& [k, f] : expected)
        totalCost += f.cost;
    QCOMPARE(m->index(3, M::Cost).data().toString(), money(totalCost));
    // Sorted by cost, highest first.
    QVERIFY(m->index(0, M::Cost).data(M::SortRole).toLongLong() >= m->index(1, M::Cost).data(M::SortRole).toLongLong());

    // Numbers right-aligned, names left.
    QVERIFY(Qt::Alignment(m->index(0, M::Cost).data(Qt::TextAlignmentRole).toInt()) & Qt::AlignRight);
    QVERIFY(Qt::Alignment(m->index(0, M::Feature).data(Qt::TextAlignmentRole).toInt()) & Qt::AlignLeft);

    auto* summary = w->findChild<QLabel*>(QStringLiteral("statusSummary"));
    QVERIFY(summary);
    QVERIFY2(summary->text().contains(QStringLiteral("2026-03-02 – 2026-03-31")), qPrintable(summary->text()));
    QVERIFY2(summary->text().contains(money(totalCost)), qPrintable(summary->text()));
    QVERIFY(w->findChild<QWidget*>(QStringLiteral("emptyBanner"))->isHidden());
    QVERIFY(w->findChild<QWidget*>(QStringLiteral("errorBanner"))->isHidden());
    QTRY_VERIFY_WITH_TIMEOUT(w->findChild<QProgressBar*>(QStringLiteral("loadProgress"))->isHidden(), kTimeoutMs);

    // The date edits show the resolved period.
    QCOMPARE(w->findChild<QDateEdit*>(QStringLiteral("fromDate"))->date(), QDate(2026, 3, 2));
    QCOMPARE(w->findChild<QDateEdit*>(QStringLiteral("toDate"))->date(), QDate(2026, 3, 31));
    saveScreenshot(w.get(), QStringLiteral("inferledger-mainwindow.png"));
}

void TestMainWindow::presetsFollowTheLatestDataDay()
{
    auto w = openWindow();
    QVERIFY(waitForRows(w.get(), 4));
    const QAbstractItemModel* m = table(w.get())->model();
    auto* preset = w->findChild<QComboBox*>(QStringLiteral("datePreset"));
    QVERIFY(preset);
    QCOMPARE(preset->currentText(), QStringLiteral("Last 30 days"));

    // Up: "Last 7 days".
    preset->setFocus();
    QTest::keyClick(preset, Qt::Key_Up);
    QCOMPARE(preset->currentText(), QStringLiteral("Last 7 days"));
    const auto week = expectedFigures(m_data, m_catalogue, dayMs("2026-03-25"), dayMs("2026-04-01"));
    QTRY_COMPARE_WITH_TIMEOUT(cellText(m, QStringLiteral("support-assistant"), M::Cost),
                              money(week.at("support-assistant").cost), kTimeoutMs);
    QCOMPARE(cellText(m, QStringLiteral("doc-summariser"), M::CostPerUnit), unitCost(week.at("doc-summariser")));
    QCOMPARE(w->findChild<QDateEdit*>(QStringLiteral("fromDate"))->date(), QDate(2026, 3, 25));

    // Down ×4, past 30 and 90 days and month to date: "All data".
    for (int i = 0; i < 4; ++i)
        QTest::keyClick(preset, Qt::Key_Down);
    QCOMPARE(preset->currentText(), QStringLiteral("All data"));
    const auto all
        = expectedFigures(m_data, m_catalogue, kLastDay - (kDays - 1) * il::kMsPerDay, kLastDay + il::kMsPerDay);
    QTRY_COMPARE_WITH_TIMEOUT(cellText(m, QStringLiteral("support-assistant"), M::Cost),
                              money(all.at("support-assistant").cost), kTimeoutMs);
    QCOMPARE(cellText(m, QStringLiteral("code-review"), M::Requests), QStringLiteral("80"));
    QCOMPARE(cellText(m, QStringLiteral("support-assistant"), M::CostPerUnit), unitCost(all.at("support-assistant")));
    QCOMPARE(w->findChild<QDateEdit*>(QStringLiteral("fromDate"))->date(), QDate(2026, 1, 31));

    // Month to date: from the first of the last data day's month.
    QTest::keyClick(preset, Qt::Key_Up);
    QCOMPARE(preset->currentText(), QStringLiteral("Month to date"));
    const auto mtd = expectedFigures(m_data, m_catalogue, dayMs("2026-03-01"), dayMs("2026-04-01"));
    QTRY_COMPARE_WITH_TIMEOUT(cellText(m, QStringLiteral("doc-summariser"), M::Cost),
                              money(mtd.at("doc-summariser").cost), kTimeoutMs);
}

void TestMainWindow::customDates()
{
    auto w = openWindow();
    QVERIFY(waitForRows(w.get(), 4));
    const QAbstractItemModel* m = table(w.get())->model();
    auto* from = w->findChild<QDateEdit*>(QStringLiteral("fromDate"));
    auto* to = w->findChild<QDateEdit*>(QStringLiteral("toDate"));
    from->setDate(QDate(2026, 2, 10));
    to->setDate(QDate(2026, 2, 19));
    QCOMPARE(w->findChild<QComboBox*>(QStringLiteral("datePreset"))->currentText(), QStringLiteral("Custom"));
    const auto expected = expectedFigures(m_data, m_catalogue, dayMs("2026-02-10"), dayMs("2026-02-20"));
    QTRY_COMPARE_WITH_TIMEOUT(cellText(m, QStringLiteral("support-assistant"), M::Cost),
                              money(expected.at("support-assistant").cost), kTimeoutMs);
    QCOMPARE(cellText(m, QStringLiteral("code-review"), M::Cost), money(expected.at("code-review").cost));
    QTRY_VERIFY_WITH_TIMEOUT(w->findChild<QLabel*>(QStringLiteral("statusSummary"))
                                 ->text()
                                 .contains(QStringLiteral("2026-02-10 – 2026-02-19 (UTC), 10 days")),
                             kTimeoutMs);

    // A period with no data: an empty table that says so, not a row of zeros.
    from->setDate(QDate(2025, 6, 1));
    to->setDate(QDate(2025, 6, 7));
    QTRY_COMPARE_WITH_TIMEOUT(m->rowCount(), 0, kTimeoutMs);
}

void TestMainWindow::sortingKeepsTotalLast()
{
    auto w = openWindow();
    QVERIFY(waitForRows(w.get(), 4));
    QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier); // the Features page, where the header can be clicked
    QTRY_VERIFY(table(w.get())->isVisible());
    QTableView* t = table(w.get());
    const QAbstractItemModel* m = t->model();
    QHeaderView* header = t->horizontalHeader();
    auto clickHeader = [&](int column) {
        const QPoint p(header->sectionViewportPosition(column) + header->sectionSize(column) / 2, header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, p);
    };
    auto keys = [&] {
        QStringList k;
        for (int r = 0; r < m->rowCount(); ++r)
            k << m->index(r, 0).data().toString();
        return k;
    };

    clickHeader(M::Feature);
    const Qt::SortOrder first = header->sortIndicatorOrder();
    QStringList sorted
        = { QStringLiteral("code-review"), QStringLiteral("doc-summariser"), QStringLiteral("support-assistant") };
    if (first == Qt::DescendingOrder)
        std::reverse(sorted.begin(), sorted.end());
    QCOMPARE(keys(), sorted + QStringList { QStringLiteral("Total") });
    clickHeader(M::Feature);
    std::reverse(sorted.begin(), sorted.end());
    QCOMPARE(keys(), sorted + QStringList { QStringLiteral("Total") });

    // Unknown figures ("—") go after the known ones in both orders.
    clickHeader(M::CostPerUnit);
    QCOMPARE(keys().at(2), QStringLiteral("code-review"));
    QCOMPARE(keys().at(3), QStringLiteral("Total"));
    clickHeader(M::CostPerUnit);
    QCOMPARE(keys().at(2), QStringLiteral("code-review"));
    QCOMPARE(keys().at(3), QStringLiteral("Total"));
}

void TestMainWindow::filterAndShortcuts()
{
    auto w = openWindow();
    QVERIFY(waitForRows(w.get(), 4));
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    auto* filter = w->findChild<QLineEdit*>(QStringLiteral("filterEdit"));
    QVERIFY(filter);
    table(w.get())->setFocus();
    QTest::keyClick(w.get(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(filter->hasFocus());
    QTest::keyClicks(filter, QStringLiteral("DOC"));
    const QAbstractItemModel* m = table(w.get())->model();
    QCOMPARE(m->rowCount(), 2); // doc-summariser and the total
    QCOMPARE(m->index(0, 0).data().toString(), QStringLiteral("doc-summariser"));
    QTest::keyClicks(filter, QStringLiteral("zzz"));
    QCOMPARE(m->rowCount(), 0); // nothing matches: no lone total row
    filter->clear();
    QCOMPARE(m->rowCount(), 4);

    // Ctrl+R reloads (a new query: the busy indicator shows, then the same table comes back).
    auto* progress = w->findChild<QProgressBar*>(QStringLiteral("loadProgress"));
    QTRY_VERIFY_WITH_TIMEOUT(progress->isHidden(), kTimeoutMs);
    QTest::keyClick(w.get(), Qt::Key_R, Qt::ControlModifier);
    QVERIFY(progress->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(progress->isHidden(), kTimeoutMs);
    QCOMPARE(m->rowCount(), 4);
}

void TestMainWindow::proxyPassesModelTester()
{
    auto w = openWindow();
    QAbstractItemModel* proxy = table(w.get())->model();
    QAbstractItemModelTester proxyTester(proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester sourceTester(w->featureModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(waitForRows(w.get(), 4));
    auto* preset = w->findChild<QComboBox*>(QStringLiteral("datePreset"));
    preset->setFocus();
    QTest::keyClick(preset, Qt::Key_Up);
    QTest::keyClick(preset, Qt::Key_Down);
    QTest::keyClick(preset, Qt::Key_Down);
    QTRY_VERIFY_WITH_TIMEOUT(!w->isBusy(), kTimeoutMs);
    QCOMPARE(proxy->rowCount(), 4);
}

void TestMainWindow::remembersPresetAndGeometry()
{
    {
        auto w = openWindow();
        QVERIFY(waitForRows(w.get(), 4));
        auto* preset = w->findChild<QComboBox*>(QStringLiteral("datePreset"));
        preset->setFocus();
        QTest::keyClick(preset, Qt::Key_Down); // Last 90 days
        QCOMPARE(preset->currentText(), QStringLiteral("Last 90 days"));
        w->resize(900, 480);
        QTRY_VERIFY_WITH_TIMEOUT(!w->isBusy(), kTimeoutMs);
        w->close();
    }
    auto w = std::make_unique<il::ui::MainWindow>(il::ui::AppServices { m_storePath.toStdString(), {}, {} });
    QCOMPARE(w->findChild<QComboBox*>(QStringLiteral("datePreset"))->currentText(), QStringLiteral("Last 90 days"));
    QCOMPARE(w->size(), QSize(900, 480));
    QTRY_VERIFY_WITH_TIMEOUT(!w->isBusy(), kTimeoutMs);
}

void TestMainWindow::emptyStoreShowsBanner()
{
    const QString path = m_dir.filePath(QStringLiteral("empty.db"));
    createStore(path, {});
    auto w = openWindow({ path.toStdString(), {}, {} });
    auto* banner = w->findChild<QWidget*>(QStringLiteral("emptyBanner"));
    QVERIFY(banner);
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kTimeoutMs);
    QVERIFY(bannerText(w.get(), QStringLiteral("emptyBanner")).contains(QStringLiteral("No data yet")));
    QCOMPARE(table(w.get())->model()->rowCount(), 0);
    QVERIFY(w->findChild<QWidget*>(QStringLiteral("errorBanner"))->isHidden());
    QTRY_VERIFY_WITH_TIMEOUT(!w->isBusy(), kTimeoutMs);
    saveScreenshot(w.get(), QStringLiteral("inferledger-mainwindow-empty.png"));
}

void TestMainWindow::unreadableStoreShowsError()
{
    const QString path = m_dir.filePath(QStringLiteral("no-such-dir/store.db"));
    auto w = openWindow({ path.toStdString(), {}, {} });
    auto* banner = w->findChild<QWidget*>(QStringLiteral("errorBanner"));
    QVERIFY(banner);
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kTimeoutMs);
    QVERIFY(w->findChild<QWidget*>(QStringLiteral("emptyBanner"))->isHidden());
    QCOMPARE(table(w.get())->model()->rowCount(), 0);
    saveScreenshot(w.get(), QStringLiteral("inferledger-mainwindow-error.png"));
}

void TestMainWindow::dropImportsThenReloads()
{
    // Its own store: the import adds a fourth feature.
    const QString path = m_dir.filePath(QStringLiteral("import.db"));
    createStore(path, m_data);
    const QString file = m_dir.filePath(QStringLiteral("search.jsonl"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{}\n");
    }
    std::atomic<int> calls { 0 };
    il::ui::AppServices services;
    services.storePath = path.toStdString();
    // Stands in for the app's importer (the ui never sees connectors): a real ingest into the same file,
    // on the worker thread the window runs it on, with its own read-write connection.
    services.importFile
        = [&calls, path](const std::string& source,
                         const std::function<void(uint64_t, uint64_t)>& progress) -> il::Result<std::string> {
        ++calls;
        if (source.find("search.jsonl") == std::string::npos)
            return il::makeError("unexpected file " + source);
        progress(1, 2);
        auto store = il::Store::open(path.toStdString());
        if (!store)
            return store.error();
        const Dataset extra = makeDataset({ { "search-rerank", "openai", "gpt-4o-mini", 60, true, true } }, kLastDay);
        if (auto r = ingest(**store, extra); !r)
            return r.error();
        progress(2, 2);
        return std::string("60 rows added, 0 already stored");
    };
    auto w = openWindow(std::move(services));
    QVERIFY(waitForRows(w.get(), 4));

    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(file) });
    QDragEnterEvent enter(QPoint(40, 40), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(40, 40), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w.get(), &drop);

    const bool five = waitForRows(w.get(), 5);
    QVERIFY2(five, qPrintable(bannerText(w.get(), QStringLiteral("errorBanner"))));
    QCOMPARE(calls.load(), 1);
    QVERIFY(rowOf(table(w.get())->model(), QStringLiteral("search-rerank")) >= 0);
    QVERIFY2(w->statusBar()->currentMessage().contains(QStringLiteral("Imported search.jsonl")),
             qPrintable(w->statusBar()->currentMessage()));
    QVERIFY(w->findChild<QWidget*>(QStringLiteral("errorBanner"))->isHidden());
}

void TestMainWindow::failedImportShowsError()
{
    il::ui::AppServices services;
    services.storePath = m_storePath.toStdString();
    services.importFile
        = [](const std::string& source, const std::function<void(uint64_t, uint64_t)>&) -> il::Result<std::string> {
        il::Error e;
        e.source = source;
        e.line = 3;
        e.column = 7;
        e.message = "not a whole number";
        return e;
    };
    auto w = openWindow(std::move(services));
    QVERIFY(waitForRows(w.get(), 4));
    w->importFiles({ m_dir.filePath(QStringLiteral("broken.csv")) });
    auto* banner = w->findChild<QWidget*>(QStringLiteral("errorBanner"));
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kTimeoutMs);
    const QString text = bannerText(w.get(), QStringLiteral("errorBanner"));
    QVERIFY2(text.contains(QStringLiteral("Could not import broken.csv")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("broken.csv:3:7: not a whole number")), qPrintable(text));
    // A later successful load does not hide an import's error.
    w->reload();
    QTRY_VERIFY_WITH_TIMEOUT(!w->isBusy(), kTimeoutMs);
    QVERIFY(banner->isVisible());
}

void TestMainWindow::followsDarkPalette()
{
    const QPalette original = QApplication::palette();
    // The test's own dark theme stands in for the desktop's; the window brings no colours of its own.
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
    QApplication::setPalette(dark);

    il::ui::AppServices services;
    services.storePath = m_storePath.toStdString();
    services.importFile
        = [](const std::string& source, const std::function<void(uint64_t, uint64_t)>&) -> il::Result<std::string> {
        il::Error e;
        e.source = source;
        e.message = "cannot tell what kind of file this is";
        return e;
    };
    auto w = openWindow(std::move(services));
    QVERIFY(waitForRows(w.get(), 4));
    w->importFiles({ m_dir.filePath(QStringLiteral("notes.txt")) });
    auto* banner = w->findChild<QWidget*>(QStringLiteral("errorBanner"));
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kTimeoutMs);
    QVERIFY(banner->palette().color(QPalette::Window).lightness() < 100); // a tint of the dark window, not a light box
    QVERIFY(banner->palette().color(QPalette::Window) != dark.color(QPalette::Window));
    QTRY_VERIFY_WITH_TIMEOUT(!w->isBusy(), kTimeoutMs);
    saveScreenshot(w.get(), QStringLiteral("inferledger-mainwindow-dark.png"));
    w.reset();
    QApplication::setPalette(original);
}

void TestMainWindow::sameFiguresAsCli()
{
    const QString binary = qEnvironmentVariable("INFERLEDGER_BINARY", QStringLiteral(INFERLEDGER_BINARY));
    if (!QFileInfo(binary).isExecutable())
        QSKIP("the inferledger binary is not built");
    QProcess cli;
    cli.start(binary,
              { QStringLiteral("--db"), m_storePath, QStringLiteral("summary"), QStringLiteral("--from"),
                QStringLiteral("2026-03-02"), QStringLiteral("--to"), QStringLiteral("2026-03-31") });
    QVERIFY(cli.waitForFinished(60'000));
    QCOMPARE(cli.exitCode(), 0);
    const QStringList lines = QString::fromUtf8(cli.readAllStandardOutput()).split(QLatin1Char('\n'));

    auto w = openWindow();
    QVERIFY(waitForRows(w.get(), 4));
    const QAbstractItemModel* m = table(w.get())->model();
    // CLI columns: feature requests errors cost units cost/unit p50 p95 p99 accuracy cache-hit unpriced.
    const std::pair<int, int> columns[]
        = { { 1, M::Requests },      { 2, M::Errors },     { 3, M::Cost },       { 4, M::Units },
            { 5, M::CostPerUnit },   { 6, M::LatencyP50 }, { 7, M::LatencyP95 }, { 9, M::Accuracy },
            { 10, M::CacheHitRate }, { 11, M::Unpriced } };
    int compared = 0;
    for (const QString& line : lines) {
        const QStringList cells = line.trimmed().split(QRegularExpression(QStringLiteral("\\s{2,}")));
        if (cells.size() != 12)
            continue;
        const QString key = cells[0] == QStringLiteral("TOTAL") ? QString() : cells[0];
        const int row = rowOf(m, key);
        if (row < 0)
            continue; // the header
        for (const auto& [cliColumn, guiColumn] : columns) {
            QString gui = m->index(row, guiColumn).data().toString();
            if (gui.startsWith(QLatin1Char('$')))
                gui.remove(0, 1);
            QVERIFY2(gui == cells[cliColumn],
                     qPrintable(QStringLiteral("%1 column %2: GUI %3, CLI %4")
                                    .arg(cells[0])
                                    .arg(cliColumn)
                                    .arg(gui, cells[cliColumn])));
        }
        ++compared;
    }
    QCOMPARE(compared, 4);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
