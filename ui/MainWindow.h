// SPDX-License-Identifier: GPL-3.0-or-later
// The main window: a sidebar over the dashboard's pages (Overview, Features and each feature's page, Models,
// Gates, Connectors), one filter bar they all follow, imports by menu or drop. Queries run off the UI thread:
// one background job per refresh computes what every page shows, so the pages cannot disagree.
#pragma once

#include "DashboardLoader.h"
#include "domain/Result.h"

#include <QMainWindow>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

class QAction;
class QLabel;
class QListWidget;
class QProgressBar;
class QStackedWidget;
class QTimer;

namespace il {
class FeatureEconomicsModel;
}

namespace il::ui {

class ConnectorServices;

// What the app gives the ui: where the store is, how to import a file and how to run connectors (the ui never
// sees the connectors library). Without connector services the Connectors page says how to use the CLI.
struct AppServices {
    std::string storePath;
    std::function<Result<std::string>(const std::string& path, const std::function<void(uint64_t, uint64_t)>& progress)>
        importFile;
    std::shared_ptr<ConnectorServices> connectors;
};

void initResources();

class FeaturePage;
class FeaturesPage;
class FilterBar;
class GatesPage;
class ImportRunner;
class MessageBanner;
class ShortcutsDialog;
class ModelsPage;
class OverviewPage;
class Settings;

class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    enum class Page { Overview, Features, Feature, Models, Gates, Connectors };
    Q_ENUM(Page)

    explicit MainWindow(AppServices services, QWidget* parent = nullptr);
    ~MainWindow() override;
    // Imports in a worker thread, one file after another, then reloads. Files dropped meanwhile queue up.
    void importFiles(const QStringList& files);
    // Re-runs the queries for the filters shown; a reload in flight is superseded.
    void reload();

    void showPage(Page page);
    Page currentPage() const;
    // Opens a feature's page (from a table row); Back returns to where it was opened from.
    void openFeature(const QString& feature);
    void goBack();

    FeatureEconomicsModel* featureModel() const { return m_model; }
    FilterBar* filterBar() const { return m_filterBar; }
    OverviewPage* overviewPage() const { return m_overviewPage; }
    FeaturesPage* featuresPage() const { return m_featuresPage; }
    FeaturePage* featurePage() const { return m_featurePage; }
    ModelsPage* modelsPage() const { return m_modelsPage; }
    QWidget* gatesPage() const { return m_gatesPage; } // a stand-in until the page is first shown
    // The filters and figures on screen (none before the first load): the latest load's summaries with the
    // parts of earlier loads that are still current for the same filters.
    const std::optional<DashboardData>& shownData() const { return m_shown; }
    // The parts (part::*) a page needs beyond the summaries.
    static unsigned partsFor(Page page);
    DashboardQuery currentQuery() const;
    bool isBusy() const;
    // Help → Keyboard Shortcuts: the table of every shortcut, read from the actions that hold them.
    ShortcutsDialog* showShortcuts();

signals:
    // A load's results are on every page (emitted after the pages were updated, before they repaint).
    void dashboardUpdated();

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createSidebar();
    void createStatusBar();
    void restoreSettings();
    void saveSettings();
    void saveFilters();
    void chooseFilesToImport();
    void exportReport();
    void ensureGatesPage();
    void applyIcons();
    void showAbout();

    void loaded(const DashboardData& data);
    void loadFailed(const QString& message);
    void showError(const QString& message, bool fromLoad);
    void updateBusyIndicator();
    void updateStatusSummary(const DashboardData& data);
    void updateGatesWindow();
    // Whether `parts` are loaded for the filters on screen (and, for the detail, the open feature).
    unsigned missingParts(unsigned parts) const;
    void showPages();
    void updatePage(Page page);
    void invalidateGates();
    void announceWhenDrawn();

    AppServices m_services;
    std::unique_ptr<Settings> m_settings;
    FeatureEconomicsModel* m_model;
    DashboardLoader* m_loader;
    ImportRunner* m_imports;

    FilterBar* m_filterBar = nullptr;
    QListWidget* m_sidebar = nullptr;
    QStackedWidget* m_pages = nullptr;
    OverviewPage* m_overviewPage = nullptr;
    FeaturesPage* m_featuresPage = nullptr;
    FeaturePage* m_featurePage = nullptr;
    ModelsPage* m_modelsPage = nullptr;
    QWidget* m_gatesPage = nullptr;
    QWidget* m_connectorsPage = nullptr;
    MessageBanner* m_errorBanner = nullptr;
    MessageBanner* m_emptyBanner = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_statusSummary = nullptr;

    QAction* m_importAction = nullptr;
    QAction* m_exportReportAction = nullptr;
    QAction* m_reloadAction = nullptr;
    QAction* m_filterAction = nullptr;
    QAction* m_backAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_newGateAction = nullptr;
    QAction* m_shortcutsAction = nullptr;
    QList<QAction*> m_pageActions;
    QList<QAction*> m_filterActions;

    Page m_backPage = Page::Features;
    std::string m_detailFeature; // the open feature page's feature
    std::optional<DashboardData> m_shown;
    std::string m_shownKey; // filterKey of the summaries shown
    std::map<unsigned, std::string> m_partKeys; // per part: the filterKey it was computed for
    std::set<Page> m_dirtyPages; // pages not yet drawn from m_shown
    bool m_errorIsFromLoad = false; // a successful load clears its own errors, not an import's
    QString m_importingFile;
    QTimer* m_saveFiltersTimer = nullptr;
    bool m_announcePending = false; // dashboardUpdated waits for the charts (ChartUpdateQueue::idle)
};

} // namespace il::ui
