// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "DashboardLoader.h"
#include "ImportRunner.h"
#include "Settings.h"
#include "item/FeatureEconomicsModel.h"
#include "pages/FeaturesPage.h"
#include "widgets/DateRangeBar.h"
#include "widgets/MessageBanner.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

static void initUiResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace il::ui {

void initResources()
{
    initUiResources();
}

namespace {

    QStringList localFiles(const QMimeData* mime)
    {
        QStringList files;
        if (!mime || !mime->hasUrls())
            return files;
        for (const QUrl& url : mime->urls())
            if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile())
                files << url.toLocalFile();
        return files;
    }

} // namespace

MainWindow::MainWindow(AppServices services, QWidget* parent)
    : QMainWindow(parent)
    , m_services(std::move(services))
    , m_settings(std::make_unique<Settings>())
    , m_model(new FeatureEconomicsModel(this))
    , m_loader(new DashboardLoader(m_services.storePath, this))
    , m_imports(new ImportRunner(m_services.importFile, this))
{
    setWindowTitle(tr("InferLedger — %1").arg(QFileInfo(QString::fromStdString(m_services.storePath)).fileName()));
    setWindowIcon(QIcon(QStringLiteral(":/icons/inferledger.svg")));
    setAcceptDrops(m_imports->isAvailable());

    createActions();
    createMenus();
    createToolBar();

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(12, 10, 12, 6);
    layout->setSpacing(8);

    m_errorBanner = new MessageBanner(MessageBanner::Kind::Error, central);
    m_errorBanner->setObjectName(QStringLiteral("errorBanner"));
    m_errorBanner->setClosable(true);
    m_errorBanner->hide();
    layout->addWidget(m_errorBanner);

    m_emptyBanner = new MessageBanner(MessageBanner::Kind::Information, central);
    m_emptyBanner->setObjectName(QStringLiteral("emptyBanner"));
    m_emptyBanner->setText(m_imports->isAvailable()
                               ? tr("No data yet — run `inferledger demo` or drop a file to import")
                               : tr("No data yet — run `inferledger demo` or `inferledger import FILE`"));
    if (m_imports->isAvailable())
        m_emptyBanner->addAction(m_importAction);
    m_emptyBanner->hide();
    layout->addWidget(m_emptyBanner);

    // One page today; the dashboard's other pages (overview, models, gates) join this stack.
    m_pages = new QStackedWidget(central);
    m_featuresPage = new FeaturesPage(m_model, m_pages);
    m_featuresPage->setPlaceholderText(tr("Loading…"));
    m_pages->addWidget(m_featuresPage);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    createStatusBar();

    connect(m_loader, &DashboardLoader::loadingChanged, this, &MainWindow::updateBusyIndicator);
    connect(m_loader, &DashboardLoader::loaded, this, &MainWindow::loaded);
    connect(m_loader, &DashboardLoader::failed, this, &MainWindow::loadFailed);
    connect(m_dateBar, &DateRangeBar::periodChanged, this, &MainWindow::reload);

    connect(m_imports, &ImportRunner::fileStarted, this, [this](const QString& file, int index, int count) {
        m_importingFile = QFileInfo(file).fileName();
        m_progress->setRange(0, 100);
        m_progress->setValue(0);
        m_progress->setFormat(count > 1 ? tr("Importing %1 (%2 of %3)… %p%").arg(m_importingFile).arg(index).arg(count)
                                        : tr("Importing %1… %p%").arg(m_importingFile));
        updateBusyIndicator();
    });
    connect(m_imports, &ImportRunner::progress, this,
            [this](const QString&, int percent) { m_progress->setValue(percent); });
    connect(m_imports, &ImportRunner::fileFinished, this, [this](const QString& file, bool ok, const QString& message) {
        const QString name = QFileInfo(file).fileName();
        if (ok)
            statusBar()->showMessage(tr("Imported %1: %2").arg(name, message), 10'000);
        else
            showError(tr("Could not import %1: %2").arg(name, message), false);
    });
    connect(m_imports, &ImportRunner::finished, this, [this](int succeeded, int) {
        m_importingFile.clear();
        updateBusyIndicator();
        if (succeeded > 0)
            reload();
    });

    restoreSettings();
    reload();
}

MainWindow::~MainWindow()
{
    saveSettings();
}

void MainWindow::createActions()
{
    m_importAction = new QAction(QIcon(QStringLiteral(":/icons/ui/import.svg")), tr("&Import…"), this);
    m_importAction->setShortcut(QKeySequence::Open);
    m_importAction->setToolTip(tr("Import request logs or outcomes (Ctrl+O); you can also drop files on the window"));
    m_importAction->setEnabled(m_imports->isAvailable());
    connect(m_importAction, &QAction::triggered, this, &MainWindow::chooseFilesToImport);

    m_reloadAction = new QAction(QIcon(QStringLiteral(":/icons/ui/refresh.svg")), tr("&Reload"), this);
    m_reloadAction->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_R), QKeySequence(Qt::Key_F5) });
    m_reloadAction->setToolTip(tr("Read the store again (Ctrl+R)"));
    connect(m_reloadAction, &QAction::triggered, this, &MainWindow::reload);

    m_filterAction = new QAction(tr("&Filter Features"), this);
    m_filterAction->setShortcut(QKeySequence::Find);
    connect(m_filterAction, &QAction::triggered, this, [this] { m_featuresPage->focusFilter(); });

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_aboutAction = new QAction(tr("&About InferLedger"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_importAction);
    file->addSeparator();
    file->addAction(m_quitAction);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_reloadAction);
    view->addAction(m_filterAction);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar")); // saveState() needs it
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_importAction);
    bar->addAction(m_reloadAction);
    auto* spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    // The period applies to every page, so it lives in the window's toolbar rather than on a page.
    m_dateBar = new DateRangeBar(bar);
    bar->addWidget(m_dateBar);
}

void MainWindow::createStatusBar()
{
    m_statusSummary = new QLabel(this);
    m_statusSummary->setObjectName(QStringLiteral("statusSummary"));
    m_statusSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_statusSummary, 1);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("loadProgress"));
    m_progress->setMaximumWidth(260);
    m_progress->setMinimumWidth(160);
    m_progress->setMaximumHeight(statusBar()->fontMetrics().height() + 4);
    m_progress->hide();
    statusBar()->addPermanentWidget(m_progress);
}

void MainWindow::restoreSettings()
{
    const QByteArray geometry = m_settings->value(settings::kWindowGeometry);
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1180, 620);
    restoreState(m_settings->value(settings::kWindowState));
    m_featuresPage->restoreHeaderState(m_settings->value(settings::kFeatureTableHeader));

    const DatePreset preset = presetFromId(m_settings->value(settings::kDatePreset)).value_or(DatePreset::Last30Days);
    m_dateBar->setPreset(preset);
    if (preset == DatePreset::Custom) {
        const DatePeriod custom { m_settings->value(settings::kCustomFrom), m_settings->value(settings::kCustomTo) };
        if (custom.isValid())
            m_dateBar->showPeriod(custom, {});
    }
}

void MainWindow::saveSettings()
{
    m_settings->setValue(settings::kWindowGeometry, saveGeometry());
    m_settings->setValue(settings::kWindowState, saveState());
    m_settings->setValue(settings::kFeatureTableHeader, m_featuresPage->saveHeaderState());
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (m_imports->isAvailable() && !localFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QStringList files = localFiles(event->mimeData());
    if (files.isEmpty() || !m_imports->isAvailable())
        return;
    event->acceptProposedAction();
    importFiles(files);
}

void MainWindow::chooseFilesToImport()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import"), QString(), tr("Request logs and outcomes (*.csv *.jsonl *.ndjson *.json);;All files (*)"));
    if (!files.isEmpty())
        importFiles(files);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About InferLedger"),
        tr("<b>InferLedger %1</b><p>The unit economics of AI features: per feature, what a unit of "
           "work costs beside how fast and how accurate it is.</p><p>Store: %2</p>")
            .arg(QStringLiteral(INFERLEDGER_VERSION), QString::fromStdString(m_services.storePath).toHtmlEscaped()));
}

void MainWindow::importFiles(const QStringList& files)
{
    if (files.isEmpty())
        return;
    if (!m_imports->isAvailable()) {
        showError(tr("Importing files is not available here; use `inferledger import FILE`."), false);
        return;
    }
    m_imports->enqueue(files);
}

void MainWindow::reload()
{
    const DatePreset preset = m_dateBar->preset();
    m_settings->setValue(settings::kDatePreset, presetId(preset));
    DashboardQuery query;
    query.preset = preset;
    if (preset == DatePreset::Custom) {
        query.custom = m_dateBar->shownPeriod();
        m_settings->setValue(settings::kCustomFrom, query.custom.first);
        m_settings->setValue(settings::kCustomTo, query.custom.last);
    }
    m_loader->load(query);
}

bool MainWindow::isBusy() const
{
    return m_loader->isLoading() || m_imports->isRunning();
}

void MainWindow::updateBusyIndicator()
{
    if (m_imports->isRunning()) {
        // Determinate: set up by fileStarted.
        m_progress->setTextVisible(true);
        m_progress->setToolTip(tr("Importing %1").arg(m_importingFile));
        m_progress->show();
    } else if (m_loader->isLoading()) {
        m_progress->setRange(0, 0); // busy: a query has no useful percentage
        m_progress->setTextVisible(false);
        m_progress->setToolTip(tr("Reading the store…"));
        m_progress->show();
    } else {
        m_progress->hide();
    }
}

void MainWindow::loaded(const DashboardData& data)
{
    if (m_errorIsFromLoad)
        m_errorBanner->hide();
    m_model->setSummary(data.summary);
    m_dateBar->showPeriod(data.period, data.range);

    const bool storeEmpty = data.range.empty();
    m_emptyBanner->setVisible(storeEmpty);
    const QString period = periodText(data.period);
    const SummaryRow& total = data.summary.total;
    if (storeEmpty) {
        m_featuresPage->setPlaceholderText(tr("Each feature's cost per unit of work, latency and accuracy will show "
                                              "here once requests and outcomes are imported."));
        m_statusSummary->setText(tr("No data in the store"));
        return;
    }
    if (data.summary.rows.empty()) {
        m_featuresPage->setPlaceholderText(
            tr("No requests or outcomes from %1 (UTC).\nThe store has data from %2 — choose “All data” to see it.")
                .arg(period, periodText({ utcDateOfMs(data.range.firstMs), utcDateOfMs(data.range.lastMs) })));
    } else {
        m_featuresPage->setPlaceholderText({});
    }
    using M = FeatureEconomicsModel;
    const std::string& currency = data.summary.filter.currency;
    const qint64 days = data.period.days();
    QString text = days == 1 ? tr("%1 (UTC), 1 day").arg(period) : tr("%1 (UTC), %2 days").arg(period).arg(days);
    text += QStringLiteral("   ·   ") + tr("cost %1").arg(M::displayText(total, M::Cost, currency));
    text += QStringLiteral("  ·  ") + tr("%1 requests").arg(M::displayText(total, M::Requests, currency));
    if (total.units) {
        text += QStringLiteral("  ·  ") + tr("%1 units").arg(M::displayText(total, M::Units, currency));
        if (total.costPerUnit())
            text += QStringLiteral("  ·  ") + tr("%1 per unit").arg(M::displayText(total, M::CostPerUnit, currency));
    }
    if (total.unpricedRequests > 0)
        text += QStringLiteral("  ·  ") + tr("%1 unpriced").arg(M::displayText(total, M::Unpriced, currency));
    m_statusSummary->setText(text);
}

void MainWindow::loadFailed(const QString& message)
{
    showError(tr("Could not read the store: %1").arg(message), true);
    // No figures from an earlier period beside an error about this one: they would read as current.
    m_model->setSummary({});
    m_featuresPage->setPlaceholderText(tr("The store could not be read."));
    m_statusSummary->setText(tr("No figures: the store could not be read"));
}

void MainWindow::showError(const QString& message, bool fromLoad)
{
    m_errorIsFromLoad = fromLoad;
    m_errorBanner->showMessage(message);
}

} // namespace il::ui
