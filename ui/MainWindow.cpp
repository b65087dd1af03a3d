// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "DashboardLoader.h"
#include "ImportRunner.h"
#include "Settings.h"
#include "charts/ChartUpdateQueue.h"
#include "charts/ChartView.h"
#include "connectors/ConnectorManagerPage.h"
#include "gate/GatesPage.h"
#include "item/FeatureEconomicsModel.h"
#include "pages/FeaturePage.h"
#include "pages/FeaturesPage.h"
#include "pages/ModelsPage.h"
#include "pages/OverviewPage.h"
#include "widgets/DateRangeBar.h"
#include "widgets/FilterBar.h"
#include "widgets/MessageBanner.h"
#include "widgets/MultiSelectButton.h"
#include "widgets/PlaceholderTableView.h"
#include "widgets/ShortcutsDialog.h"
#include "widgets/ThemedIcon.h"

#ifdef INFERLEDGER_HAVE_REPORT_DIALOG
#include "report/FeatureReport.h"
#endif

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
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

    QStringList toQt(const std::vector<std::string>& v)
    {
        QStringList out;
        for (const std::string& s : v)
            out << QString::fromStdString(s);
        return out;
    }

    std::vector<std::string> toStd(const QStringList& l)
    {
        std::vector<std::string> out;
        for (const QString& s : l)
            out.push_back(s.toStdString());
        return out;
    }

    // The sidebar's rows, in order; the feature page has none (it is reached from a row and shows as Features).
    struct SidebarEntry {
        MainWindow::Page page;
        const char* id;
        const char* icon;
    };
    constexpr SidebarEntry kSidebar[] = {
        { MainWindow::Page::Overview, "overview", ":/icons/ui/overview.svg" },
        { MainWindow::Page::Features, "features", ":/icons/ui/features.svg" },
        { MainWindow::Page::Models, "models", ":/icons/ui/models.svg" },
        { MainWindow::Page::Gates, "gates", ":/icons/ui/gates.svg" },
        { MainWindow::Page::Connectors, "connectors", ":/icons/ui/connectors.svg" },
    };

    QString pageTitle(MainWindow::Page page)
    {
        switch (page) {
        case MainWindow::Page::Overview:
            return MainWindow::tr("Overview");
        case MainWindow::Page::Features:
        case MainWindow::Page::Feature:
            return MainWindow::tr("Features");
        case MainWindow::Page::Models:
            return MainWindow::tr("Models");
        case MainWindow::Page::Gates:
            return MainWindow::tr("Gates");
        case MainWindow::Page::Connectors:
            return MainWindow::tr("Connectors");
        }
        return {};
    }

    // Where the app gives no connector services (tests, a build without them): how to do it from the CLI.
    QWidget* connectorsPlaceholder(QWidget* parent)
    {
        auto* page = new QWidget(parent);
        auto* title = new QLabel(MainWindow::tr("Connectors — coming"), page);
        title->setObjectName(QStringLiteral("connectorsTitle"));
        QFont f = title->font();
        f.setPointSizeF(f.pointSizeF() * 1.25);
        f.setBold(true);
        title->setFont(f);
        auto* text = new QLabel(MainWindow::tr("<p>Provider APIs (OpenAI, Anthropic) and Prometheus are set up from "
                                               "the command line for now:</p><p><code>inferledger connector add NAME "
                                               "--type openai|anthropic|prometheus</code><br><code>inferledger "
                                               "connector list</code><br><code>inferledger sync</code></p>"),
                                page);
        text->setTextFormat(Qt::RichText);
        text->setWordWrap(true);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto* layout = new QVBoxLayout(page);
        layout->addWidget(title);
        layout->addWidget(text);
        layout->addStretch(1);
        return page;
    }

    int sidebarRow(MainWindow::Page page)
    {
        if (page == MainWindow::Page::Feature)
            page = MainWindow::Page::Features;
        for (int i = 0; i < int(std::size(kSidebar)); ++i)
            if (kSidebar[i].page == page)
                return i;
        return 0;
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
    auto* outer = new QHBoxLayout(central);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    createSidebar();
    outer->addWidget(m_sidebar);

    auto* content = new QWidget(central);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(12, 10, 12, 6);
    layout->setSpacing(8);

    m_errorBanner = new MessageBanner(MessageBanner::Kind::Error, content);
    m_errorBanner->setObjectName(QStringLiteral("errorBanner"));
    m_errorBanner->setClosable(true);
    m_errorBanner->hide();
    layout->addWidget(m_errorBanner);

    m_emptyBanner = new MessageBanner(MessageBanner::Kind::Information, content);
    m_emptyBanner->setObjectName(QStringLiteral("emptyBanner"));
    m_emptyBanner->setText(m_imports->isAvailable()
                               ? tr("No data yet — run `inferledger demo` or drop a file to import")
                               : tr("No data yet — run `inferledger demo` or `inferledger import FILE`"));
    if (m_imports->isAvailable())
        m_emptyBanner->addAction(m_importAction);
    m_emptyBanner->hide();
    layout->addWidget(m_emptyBanner);

    m_pages = new QStackedWidget(content);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_overviewPage = new OverviewPage(m_pages);
    m_overviewPage->setObjectName(QStringLiteral("overviewPage"));
    m_featuresPage = new FeaturesPage(m_model, m_pages);
    m_featuresPage->setObjectName(QStringLiteral("featuresPage"));
    m_featuresPage->setPlaceholderText(tr("Loading…"));
    m_featurePage = new FeaturePage(m_pages);
    m_featurePage->setObjectName(QStringLiteral("featurePage"));
    m_modelsPage = new ModelsPage(m_pages);
    m_modelsPage->setObjectName(QStringLiteral("modelsPage"));
    // The Gates page reads the gate table itself (off the UI thread, read-only): it is made when first shown, so that
    // opening the window does not read what may never be looked at.
    m_gatesPage = new QWidget(m_pages);
    if (m_services.connectors) {
        auto* connectors = new ConnectorManagerPage(m_services.connectors, m_pages);
        connect(connectors, &ConnectorManagerPage::dataChanged, this, [this] {
            invalidateGates();
            m_partKeys.clear();
            reload();
        });
        m_connectorsPage = connectors;
    } else {
        m_connectorsPage = connectorsPlaceholder(m_pages);
    }
    m_connectorsPage->setObjectName(QStringLiteral("connectorsPage"));
    // In Page order.
    for (QWidget* page :
         { static_cast<QWidget*>(m_overviewPage), static_cast<QWidget*>(m_featuresPage),
           static_cast<QWidget*>(m_featurePage), static_cast<QWidget*>(m_modelsPage), m_gatesPage, m_connectorsPage })
        m_pages->addWidget(page);
    layout->addWidget(m_pages, 1);
    outer->addWidget(content, 1);
    setCentralWidget(central);

    createStatusBar();

    m_saveFiltersTimer = new QTimer(this);
    m_saveFiltersTimer->setSingleShot(true);
    m_saveFiltersTimer->setInterval(1500);
    connect(m_saveFiltersTimer, &QTimer::timeout, this, &MainWindow::saveFilters);
    connect(ChartUpdateQueue::instance(), &ChartUpdateQueue::idle, this, [this] {
        if (m_announcePending) {
            m_announcePending = false;
            emit dashboardUpdated();
        }
    });

    connect(m_loader, &DashboardLoader::loadingChanged, this, &MainWindow::updateBusyIndicator);
    connect(m_loader, &DashboardLoader::loaded, this, &MainWindow::loaded);
    connect(m_loader, &DashboardLoader::failed, this, &MainWindow::loadFailed);
    connect(m_filterBar, &FilterBar::filtersChanged, this, &MainWindow::reload);
    connect(m_featuresPage, &FeaturesPage::featureActivated, this, &MainWindow::openFeature);
    connect(m_modelsPage, &ModelsPage::featureActivated, this, &MainWindow::openFeature);
    connect(m_featurePage, &FeaturePage::backRequested, this, &MainWindow::goBack);
    connect(m_sidebar, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < int(std::size(kSidebar)) && kSidebar[row].page != currentPage()
            && !(kSidebar[row].page == Page::Features && currentPage() == Page::Feature))
            showPage(kSidebar[row].page);
    });
    // Saving a chart or a table can fail (a read-only folder): say so where errors go.
    for (ChartView* chart : findChildren<ChartView*>())
        connect(chart, &ChartView::saveFailed, this, [this](const QString& m) { showError(m, false); });
    for (PlaceholderTableView* table : findChildren<PlaceholderTableView*>())
        connect(table, &PlaceholderTableView::exportFailed, this, [this](const QString& m) { showError(m, false); });

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
        if (succeeded > 0) {
            invalidateGates();
            m_partKeys.clear();
            reload();
            if (auto* gates = qobject_cast<GatesPage*>(m_gatesPage))
                gates->refresh(); // new actuals for the gates' tracking
        }
    });

    applyIcons();
    restoreSettings();
    reload();
}

MainWindow::~MainWindow()
{
    saveSettings();
}

void MainWindow::createActions()
{
    m_importAction = new QAction(tr("&Import…"), this);
    m_importAction->setProperty("iconPath", QStringLiteral(":/icons/ui/import.svg"));
    m_importAction->setObjectName(QStringLiteral("importAction"));
    m_importAction->setShortcut(QKeySequence::Open);
    m_importAction->setToolTip(tr("Import request logs or outcomes (Ctrl+O); you can also drop files on the window"));
    m_importAction->setEnabled(m_imports->isAvailable());
    connect(m_importAction, &QAction::triggered, this, &MainWindow::chooseFilesToImport);

    m_exportReportAction = new QAction(tr("&Export Report…"), this);
    m_exportReportAction->setProperty("iconPath", QStringLiteral(":/icons/ui/export-pdf.svg"));
    m_exportReportAction->setObjectName(QStringLiteral("exportReportAction"));
    m_exportReportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
#ifdef INFERLEDGER_HAVE_REPORT_DIALOG
    m_exportReportAction->setToolTip(tr("The feature economics report as a PDF, for the filters shown (Ctrl+E)"));
    m_exportReportAction->setEnabled(false); // until the first load has resolved the period
#else
    m_exportReportAction->setToolTip(tr("The PDF report is not part of this build yet; `inferledger report --pdf OUT` "
                                        "writes it from the command line once it is"));
    m_exportReportAction->setEnabled(false);
#endif
    connect(m_exportReportAction, &QAction::triggered, this, &MainWindow::exportReport);

    m_reloadAction = new QAction(tr("&Reload"), this);
    m_reloadAction->setProperty("iconPath", QStringLiteral(":/icons/ui/refresh.svg"));
    m_reloadAction->setObjectName(QStringLiteral("reloadAction"));
    m_reloadAction->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_R), QKeySequence(Qt::Key_F5) });
    m_reloadAction->setToolTip(tr("Read the store again (Ctrl+R or F5)"));
    connect(m_reloadAction, &QAction::triggered, this, [this] {
        invalidateGates();
        m_partKeys.clear();
        reload();
        if (auto* gates = qobject_cast<GatesPage*>(m_gatesPage))
            gates->refresh();
    });

    m_filterAction = new QAction(tr("&Find Feature"), this);
    m_filterAction->setObjectName(QStringLiteral("findFeatureAction"));
    m_filterAction->setShortcut(QKeySequence::Find);
    connect(m_filterAction, &QAction::triggered, this, [this] {
        showPage(Page::Features);
        m_featuresPage->focusFilter();
    });

    m_backAction = new QAction(tr("&Back"), this);
    m_backAction->setObjectName(QStringLiteral("backAction"));
    // Alt+Left everywhere, and the platform's Back keys beside it (⌘[ on macOS, a keyboard's Back key) — but not a
    // bare Backspace, which some platforms bind and which would leave the page from a table by a slip of the key.
    QList<QKeySequence> back { QKeySequence(Qt::ALT | Qt::Key_Left) };
    for (const QKeySequence& k : QKeySequence::keyBindings(QKeySequence::Back))
        if (!back.contains(k) && k[0].key() != Qt::Key_Backspace)
            back << k;
    m_backAction->setShortcuts(back);
    m_backAction->setEnabled(false);
    connect(m_backAction, &QAction::triggered, this, &MainWindow::goBack);

    int n = 0;
    for (const SidebarEntry& e : kSidebar) {
        auto* a = new QAction(pageTitle(e.page), this);
        a->setProperty("iconPath", QString::fromLatin1(e.icon));
        a->setObjectName(QStringLiteral("page-") + QString::fromLatin1(e.id));
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + n++)));
        const Page page = e.page;
        connect(a, &QAction::triggered, this, [this, page] { showPage(page); });
        m_pageActions << a;
    }

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    // Some platforms (and the offscreen one) bind no Quit key: Ctrl+Q, as the user guide says.
    m_quitAction->setShortcuts(QKeySequence::keyBindings(QKeySequence::Quit).isEmpty()
                                   ? QList<QKeySequence> { QKeySequence(Qt::CTRL | Qt::Key_Q) }
                                   : QKeySequence::keyBindings(QKeySequence::Quit));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_newGateAction = new QAction(tr("New Cost &Gate…"), this);
    m_newGateAction->setObjectName(QStringLiteral("newGateAction"));
    m_newGateAction->setProperty("iconPath", QStringLiteral(":/icons/ui/gates.svg"));
    m_newGateAction->setShortcut(QKeySequence::New);
    m_newGateAction->setToolTip(tr("Estimate a feature's cost per unit before launch and record the decision"));
    connect(m_newGateAction, &QAction::triggered, this, [this] {
        showPage(Page::Gates);
        if (auto* gates = qobject_cast<GatesPage*>(m_gatesPage))
            gates->newGate();
    });

    m_shortcutsAction = new QAction(tr("&Keyboard Shortcuts"), this);
    m_shortcutsAction->setObjectName(QStringLiteral("shortcutsAction"));
    m_shortcutsAction->setShortcut(QKeySequence::HelpContents);
    connect(m_shortcutsAction, &QAction::triggered, this, [this] { showShortcuts(); });

    m_aboutAction = new QAction(tr("&About InferLedger"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_importAction);
    file->addAction(m_exportReportAction);
    file->addSeparator();
    file->addAction(m_newGateAction);
    file->addSeparator();
    file->addAction(m_quitAction);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QAction* a : std::as_const(m_pageActions))
        view->addAction(a);
    view->addAction(m_backAction);
    view->addSeparator();
    view->addAction(m_reloadAction);
    view->addAction(m_filterAction);
    QMenu* filters = menuBar()->addMenu(tr("F&ilters"));
    filters->setObjectName(QStringLiteral("filtersMenu"));
    m_filterActions.clear();
    // Filled once the filter bar exists (createToolBar); the menu holds their shortcuts.
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_shortcutsAction);
    help->addSeparator();
    help->addAction(m_aboutAction);
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar")); // saveState() needs it
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    bar->addAction(m_importAction);
    bar->addAction(m_reloadAction);
    bar->addAction(m_exportReportAction);
    bar->addSeparator();
    // The filters apply to every page, so they live in the window's toolbar rather than on a page.
    m_filterBar = new FilterBar(bar);
    m_filterBar->setObjectName(QStringLiteral("filterBar"));
    bar->addWidget(m_filterBar);
    auto* spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);

    QMenu* filters = menuBar()->findChild<QMenu*>(QStringLiteral("filtersMenu"));
    auto addFilterAction = [&](const QString& text, QKeySequence keys, auto&& slot) {
        auto* a = new QAction(text, this);
        a->setObjectName(QStringLiteral("filterAction%1").arg(m_filterActions.size()));
        a->setShortcut(keys);
        connect(a, &QAction::triggered, this, slot);
        if (filters)
            filters->addAction(a);
        addAction(a);
        m_filterActions << a;
        return a;
    };
    addFilterAction(tr("&Period…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), [this] {
        auto* preset = m_filterBar->dateBar()->findChild<QComboBox*>(QStringLiteral("datePreset"));
        if (preset) {
            preset->setFocus(Qt::ShortcutFocusReason);
            preset->showPopup();
        }
    });
    addFilterAction(tr("P&rovider…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
                    [this] { m_filterBar->providerFilter()->showMenu(); });
    addFilterAction(tr("&Model…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M),
                    [this] { m_filterBar->modelFilter()->showMenu(); });
    addFilterAction(tr("&Feature…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F),
                    [this] { m_filterBar->featureFilter()->showMenu(); });
    if (filters)
        filters->addSeparator();
    addFilterAction(tr("&Clear Filters"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backspace),
                    [this] { m_filterBar->clearNameFilters(); });
}

void MainWindow::createSidebar()
{
    m_sidebar = new QListWidget(this);
    m_sidebar->setObjectName(QStringLiteral("pageList"));
    m_sidebar->setIconSize(QSize(22, 22));
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setSelectionMode(QAbstractItemView::SingleSelection);
    m_sidebar->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_sidebar->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_sidebar->setSpacing(2);
    // A shade of the window, not the white of a list: it is navigation, not content.
    m_sidebar->setBackgroundRole(QPalette::Window);
    m_sidebar->viewport()->setBackgroundRole(QPalette::Window);
    int n = 1;
    int widest = 0;
    for (const SidebarEntry& e : kSidebar) {
        auto* item = new QListWidgetItem(pageTitle(e.page), m_sidebar);
        item->setData(Qt::UserRole, QString::fromLatin1(e.icon));
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(pageTitle(e.page)).arg(n++));
        item->setSizeHint(QSize(0, 34));
        widest = std::max(widest, m_sidebar->fontMetrics().horizontalAdvance(item->text()));
    }
    m_sidebar->setFixedWidth(widest + 22 + 44);
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
    // Showing it for each query must not move anything: a relayout would resize (and repaint) every chart.
    QSizePolicy keep = m_progress->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    m_progress->setSizePolicy(keep);
    m_progress->hide();
    statusBar()->addPermanentWidget(m_progress);
}

void MainWindow::restoreSettings()
{
    const QByteArray geometry = m_settings->value(settings::kWindowGeometry);
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1280, 760);
    restoreState(m_settings->value(settings::kWindowState));
    m_featuresPage->restoreHeaderState(m_settings->value(settings::kFeatureTableHeader));
    m_modelsPage->restoreHeaderState(m_settings->value(settings::kModelsTableHeader));

    DateRangeBar* dates = m_filterBar->dateBar();
    const DatePreset preset = presetFromId(m_settings->value(settings::kDatePreset)).value_or(DatePreset::Last30Days);
    dates->setPreset(preset);
    if (preset == DatePreset::Custom) {
        const DatePeriod custom { m_settings->value(settings::kCustomFrom), m_settings->value(settings::kCustomTo) };
        if (custom.isValid())
            dates->showPeriod(custom, {});
    }
    m_filterBar->providerFilter()->setSelected(m_settings->value(settings::kFilterProviders));
    m_filterBar->modelFilter()->setSelected(m_settings->value(settings::kFilterModels));
    m_filterBar->featureFilter()->setSelected(m_settings->value(settings::kFilterFeatures));
    m_filterBar->setResolution(resolutionFromId(m_settings->value(settings::kResolution)).value_or(Resolution::Auto));
    m_filterBar->setAvailable({}, {}, {});

    const QString page = m_settings->value(settings::kPage);
    Page start = Page::Overview;
    for (const SidebarEntry& e : kSidebar)
        if (page == QString::fromLatin1(e.id))
            start = e.page;
    showPage(start);
}

void MainWindow::saveFilters()
{
    const DatePreset preset = m_filterBar->dateBar()->preset();
    m_settings->setValue(settings::kDatePreset, presetId(preset));
    if (preset == DatePreset::Custom) {
        const DatePeriod custom = m_filterBar->dateBar()->shownPeriod();
        m_settings->setValue(settings::kCustomFrom, custom.first);
        m_settings->setValue(settings::kCustomTo, custom.last);
    }
    m_settings->setValue(settings::kFilterProviders, m_filterBar->providerFilter()->selected());
    m_settings->setValue(settings::kFilterModels, m_filterBar->modelFilter()->selected());
    m_settings->setValue(settings::kFilterFeatures, m_filterBar->featureFilter()->selected());
    m_settings->setValue(settings::kResolution, resolutionId(m_filterBar->resolution()));
}

void MainWindow::saveSettings()
{
    m_settings->setValue(settings::kWindowGeometry, saveGeometry());
    m_settings->setValue(settings::kWindowState, saveState());
    m_settings->setValue(settings::kFeatureTableHeader, m_featuresPage->saveHeaderState());
    m_settings->setValue(settings::kModelsTableHeader, m_modelsPage->saveHeaderState());
    Page page = currentPage();
    if (page == Page::Feature)
        page = m_backPage;
    m_settings->setValue(settings::kPage, QString::fromLatin1(kSidebar[sidebarRow(page)].id));
    saveFilters();
    m_settings->sync();
}

void MainWindow::applyIcons()
{
    const QPalette p = palette();
    const auto actions = findChildren<QAction*>();
    for (QAction* a : actions) {
        const QString path = a->property("iconPath").toString();
        if (!path.isEmpty())
            a->setIcon(themedIcon(path, p));
    }
    for (int i = 0; i < m_sidebar->count(); ++i) {
        QListWidgetItem* item = m_sidebar->item(i);
        item->setIcon(themedIcon(item->data(Qt::UserRole).toString(), p));
    }
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    // The system switched between light and dark: the icons are drawn in the palette's colours.
    if (event->type() == QEvent::PaletteChange && m_sidebar)
        applyIcons();
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
        this, tr("Import"), QString(),
        tr("Request logs, outcomes, billing exports, spans (*.csv *.csv.gz *.jsonl *.ndjson *.json *.gz);;All files (*)"));
    if (!files.isEmpty())
        importFiles(files);
}

void MainWindow::exportReport()
{
#ifdef INFERLEDGER_HAVE_REPORT_DIALOG
    if (!m_shown)
        return;
    showExportReportDialog(this, m_services.storePath, m_shown->summary.filter);
#endif
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About InferLedger"),
        tr("<b>InferLedger %1</b><p>The unit economics of AI features: per feature, what a unit of "
           "work costs beside how fast and how accurate it is.</p><p>Store: %2</p>")
            .arg(QStringLiteral(INFERLEDGER_VERSION), QString::fromStdString(m_services.storePath).toHtmlEscaped()));
}

ShortcutsDialog* MainWindow::showShortcuts()
{
    using Entry = ShortcutsDialog::Entry;
    std::vector<Entry> entries;
    auto add = [&](const QString& group, const QAction* a) {
        QString what = a->text();
        what.remove(QLatin1Char('&'));
        what.remove(QStringLiteral("…"));
        entries.push_back({ group, what, a->shortcuts(), {} });
    };
    const QString pages = tr("Pages");
    for (const QAction* a : std::as_const(m_pageActions))
        add(pages, a);
    add(pages, m_backAction);
    entries.push_back({ pages, tr("Open the selected feature's page (Features, Models)"), {}, tr("Enter") });
    const QString filters = tr("Filters");
    for (const QAction* a : std::as_const(m_filterActions))
        add(filters, a);
    add(filters, m_filterAction);
    const QString data = tr("Data");
    add(data, m_reloadAction);
    add(data, m_importAction);
    add(data, m_exportReportAction);
    add(data, m_newGateAction);
    entries.push_back({ data,
                        tr("Copy the selected table cells (as tab-separated text)"),
                        { QKeySequence(QKeySequence::Copy) },
                        {} });
    const QString app = tr("Application");
    add(app, m_shortcutsAction);
    add(app, m_quitAction);
    auto* dialog = findChild<ShortcutsDialog*>(QString(), Qt::FindDirectChildrenOnly);
    delete dialog; // rebuilt: the bindings are read afresh
    dialog = new ShortcutsDialog(entries, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
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

MainWindow::Page MainWindow::currentPage() const
{
    return Page(std::max(0, m_pages->currentIndex()));
}

void MainWindow::ensureGatesPage()
{
    if (qobject_cast<GatesPage*>(m_gatesPage))
        return;
    auto* gates = new GatesPage(m_services.storePath, m_pages);
    gates->setObjectName(QStringLiteral("gatesPage"));
    connect(gates, &GatesPage::gateRecorded, this, [this] {
        invalidateGates();
        reload();
    });
    QWidget* placeholder = m_gatesPage;
    m_gatesPage = gates;
    updateGatesWindow(); // before its first read, so that the read is for the dates on screen
    m_pages->insertWidget(int(Page::Gates), gates);
    m_pages->removeWidget(placeholder);
    placeholder->deleteLater();
}

void MainWindow::updateGatesWindow()
{
    auto* gates = qobject_cast<GatesPage*>(m_gatesPage);
    if (!gates || !m_shown || m_shown->range.empty())
        return;
    // The date range only: the Gates page lists every gate, whatever the name filters.
    GateTrackingWindow window;
    window.fromMs = m_shown->summary.filter.fromMs;
    window.toMs = m_shown->summary.filter.toMs;
    gates->setTrackingWindow(window, periodText(m_shown->period));
}

void MainWindow::showPage(Page page)
{
    if (page == Page::Gates)
        ensureGatesPage();
    m_pages->setCurrentIndex(int(page));
    updatePage(page);
    {
        const QSignalBlocker block(m_sidebar);
        m_sidebar->setCurrentRow(sidebarRow(page));
    }
    m_backAction->setEnabled(page == Page::Feature);
    // A page shown for the first time since the filters changed loads its parts; the others are current.
    if (m_shown && missingParts(partsFor(page)) != 0 && !m_loader->isLoading())
        reload();
}

void MainWindow::openFeature(const QString& feature)
{
    if (feature.isEmpty())
        return;
    if (currentPage() != Page::Feature)
        m_backPage = currentPage();
    const bool same = feature.toStdString() == m_detailFeature;
    m_detailFeature = feature.toStdString();
    m_featurePage->showFeature(feature);
    // The detail loaded for this feature and these filters may still be there (Back, then the same row).
    if (same && m_shown && missingParts(part::Detail | part::Gates) == 0)
        m_featurePage->setData(*m_shown);
    else
        m_dirtyPages.insert(Page::Feature);
    showPage(Page::Feature); // loads what is missing
}

void MainWindow::goBack()
{
    if (currentPage() == Page::Feature)
        showPage(m_backPage);
}

DashboardQuery MainWindow::currentQuery() const
{
    DashboardQuery query;
    DateRangeBar* dates = m_filterBar->dateBar();
    query.preset = dates->preset();
    if (query.preset == DatePreset::Custom)
        query.custom = dates->shownPeriod();
    query.providers = toStd(m_filterBar->providerFilter()->selected());
    query.models = toStd(m_filterBar->modelFilter()->selected());
    query.features = toStd(m_filterBar->featureFilter()->selected());
    query.resolution = m_filterBar->resolution();
    query.detailFeature = m_detailFeature;
    return query;
}

unsigned MainWindow::partsFor(Page page)
{
    switch (page) {
    case Page::Overview:
        return part::Series | part::Gates;
    case Page::Feature:
        return part::Detail | part::Gates;
    case Page::Models:
        return part::Models;
    case Page::Features:
    case Page::Gates:
    case Page::Connectors:
        break;
    }
    return 0;
}

unsigned MainWindow::missingParts(unsigned parts) const
{
    unsigned missing = 0;
    const std::string key = filterKey(currentQuery());
    for (unsigned bit : { part::Series, part::Models, part::Detail, part::Gates }) {
        if (!(parts & bit) || (bit == part::Detail && m_detailFeature.empty()))
            continue;
        std::string want = key;
        if (bit == part::Detail)
            want += "#" + m_detailFeature;
        const auto it = m_partKeys.find(bit);
        if (it == m_partKeys.end() || it->second != want)
            missing |= bit;
    }
    return missing;
}

void MainWindow::invalidateGates()
{
    // A gate was recorded (or the store changed): the tracking, and the open feature's gate with it, are stale.
    m_partKeys.erase(part::Gates);
    m_partKeys.erase(part::Detail);
}

void MainWindow::announceWhenDrawn()
{
    // The charts of the page load in turns of their own (ChartUpdateQueue): the load is shown once they have.
    if (ChartUpdateQueue::instance()->isIdle()) {
        m_announcePending = false;
        emit dashboardUpdated();
    } else {
        m_announcePending = true;
    }
}

void MainWindow::reload()
{
    // Written to disk a moment later, not now: a settings file sync is a file write (and rename) on the UI thread,
    // some 15 ms of a filter change's response on a busy disk.
    m_saveFiltersTimer->start();
    DashboardQuery query = currentQuery();
    // The page on screen gets its parts now; the others when they are shown. Gate tracking (a summary per gate
    // and month) is kept while the filters and the store stay the same.
    query.parts = partsFor(currentPage());
    if (!missingParts(part::Gates))
        query.parts &= ~part::Gates;
    m_loader->load(query);
}

bool MainWindow::isBusy() const
{
    return m_loader->isLoading() || m_imports->isRunning() || m_announcePending;
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
    const std::string key = filterKey(data.query);
    // Merge: the summaries are always new; a part is kept from an earlier load while its filters are current.
    DashboardData merged = data;
    if (m_shown && key == m_shownKey) {
        const DashboardData& old = *m_shown;
        if (!(data.parts & part::Series) && (old.parts & part::Series)) {
            merged.byFeature = old.byFeature;
            merged.parts |= part::Series;
        }
        if (!(data.parts & part::Models) && (old.parts & part::Models)) {
            merged.models = old.models;
            merged.parts |= part::Models;
        }
        if (!(data.parts & part::Detail) && (old.parts & part::Detail)) {
            merged.detail = old.detail;
            merged.parts |= part::Detail;
        }
        if (!(data.parts & part::Gates) && (old.parts & part::Gates)) {
            merged.gates = old.gates;
            merged.gateError = old.gateError;
            merged.parts |= part::Gates;
        }
    } else {
        m_partKeys.clear();
    }
    for (unsigned bit : { part::Series, part::Models, part::Gates })
        if (data.parts & bit)
            m_partKeys[bit] = key;
    if (data.parts & part::Detail)
        m_partKeys[part::Detail] = key + "#" + data.query.detailFeature;
    m_shown = std::move(merged);
    m_shownKey = key;
    showPages();
    announceWhenDrawn();
    // The user moved on while this loaded (another page, another feature): fetch what that page lacks.
    if (!m_loader->isLoading() && missingParts(partsFor(currentPage())) != 0)
        reload();
}

void MainWindow::updatePage(Page page)
{
    if (!m_shown || !m_dirtyPages.count(page))
        return;
    m_dirtyPages.erase(page);
    const DashboardData& data = *m_shown;
    if (data.range.empty())
        return; // showPages() has said why on every page
    // A page whose parts are not loaded for these filters says so (it loads when shown) rather than show
    // figures of other filters beside these.
    const QString loading = tr("Loading…");
    switch (page) {
    case Page::Overview:
        if (data.parts & part::Series)
            m_overviewPage->setData(data);
        else
            m_overviewPage->clear(loading);
        break;
    case Page::Models:
        if (data.parts & part::Models)
            m_modelsPage->setData(data);
        else
            m_modelsPage->clear(loading);
        break;
    case Page::Feature:
        if ((data.parts & part::Detail) && data.detail)
            m_featurePage->setData(data);
        else if (!m_detailFeature.empty())
            m_featurePage->clear(loading);
        break;
    case Page::Features:
    case Page::Gates:
    case Page::Connectors:
        break;
    }
}

void MainWindow::showPages()
{
    const DashboardData& data = *m_shown;
    m_filterBar->setAvailable(toQt(data.providerNames), toQt(data.modelNames), toQt(data.featureNames));
    m_filterBar->dateBar()->showPeriod(data.period, data.range);
    m_model->setSummary(data.summary, data.previous);
#ifdef INFERLEDGER_HAVE_REPORT_DIALOG
    m_exportReportAction->setEnabled(!data.range.empty());
#endif

    const bool storeEmpty = data.range.empty();
    m_emptyBanner->setVisible(storeEmpty);
    const QString period = periodText(data.period);
    if (storeEmpty) {
        const QString why = tr("Each feature's cost per unit of work, latency and accuracy will show here once "
                               "requests and outcomes are imported.");
        m_featuresPage->setPlaceholderText(why);
        m_overviewPage->clear(why);
        m_modelsPage->clear(why);
        m_featurePage->clear(why);
        m_statusSummary->setText(tr("No data in the store"));
        return;
    }
    if (data.summary.rows.empty()) {
        m_featuresPage->setPlaceholderText(
            tr("No requests or outcomes from %1 (UTC) with these filters.\nThe store has data from %2 — choose "
               "“All data” or clear the filters to see it.")
                .arg(period, periodText({ utcDateOfMs(data.range.firstMs), utcDateOfMs(data.range.lastMs) })));
    } else {
        m_featuresPage->setPlaceholderText({});
    }
    // Only the page on screen is drawn now (so that a load costs the UI thread one page); the others are
    // brought up to date when they are shown.
    m_dirtyPages = { Page::Overview, Page::Models, Page::Feature };
    updatePage(currentPage());
    updateStatusSummary(data);
    updateGatesWindow();
}

void MainWindow::updateStatusSummary(const DashboardData& data)
{
    using M = FeatureEconomicsModel;
    const SummaryRow& total = data.summary.total;
    const std::string& currency = data.summary.filter.currency;
    const qint64 days = data.period.days();
    const QString period = periodText(data.period);
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
    QStringList filters;
    if (!data.query.providers.empty())
        filters << tr("%n provider(s)", nullptr, int(data.query.providers.size()));
    if (!data.query.models.empty())
        filters << tr("%n model(s)", nullptr, int(data.query.models.size()));
    if (!data.query.features.empty())
        filters << tr("%n feature(s)", nullptr, int(data.query.features.size()));
    if (!filters.isEmpty())
        text += QStringLiteral("  ·  ") + tr("filtered to %1").arg(filters.join(QStringLiteral(", ")));
    m_statusSummary->setText(text);
}

void MainWindow::loadFailed(const QString& message)
{
    showError(tr("Could not read the store: %1").arg(message), true);
    // No figures from an earlier period beside an error about this one: they would read as current.
    m_model->setSummary({});
    const QString why = tr("The store could not be read.");
    m_featuresPage->setPlaceholderText(why);
    m_overviewPage->clear(why);
    m_modelsPage->clear(why);
    m_featurePage->clear(why);
    m_shown.reset();
    m_shownKey.clear();
    m_partKeys.clear();
    m_statusSummary->setText(tr("No figures: the store could not be read"));
    m_announcePending = false;
    emit dashboardUpdated();
}

void MainWindow::showError(const QString& message, bool fromLoad)
{
    m_errorIsFromLoad = fromLoad;
    m_errorBanner->showMessage(message);
}

} // namespace il::ui
