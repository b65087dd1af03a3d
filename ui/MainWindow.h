// SPDX-License-Identifier: GPL-3.0-or-later
// The main window: the feature economics table on the store, with a date range. Queries run off the UI thread.
#pragma once

#include "domain/Result.h"

#include <QMainWindow>

#include <functional>
#include <memory>
#include <string>

class QAction;
class QLabel;
class QProgressBar;
class QStackedWidget;

namespace il {
class FeatureEconomicsModel;
}

namespace il::ui {

// What the app gives the ui: where the store is and how to import a file (the ui never sees connectors).
struct AppServices {
    std::string storePath;
    std::function<Result<std::string>(const std::string& path, const std::function<void(uint64_t, uint64_t)>& progress)>
        importFile;
};

void initResources();

class DashboardLoader;
class DateRangeBar;
class FeaturesPage;
class ImportRunner;
class MessageBanner;
class Settings;
struct DashboardData;

class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(AppServices services, QWidget* parent = nullptr);
    ~MainWindow() override;
    // Imports in a worker thread, one file after another, then reloads. Files dropped meanwhile queue up.
    void importFiles(const QStringList& files);
    // Re-runs the queries for the period shown; a reload in flight is superseded.
    void reload();

    FeatureEconomicsModel* featureModel() const { return m_model; }
    bool isBusy() const;

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void restoreSettings();
    void saveSettings();
    void chooseFilesToImport();
    void showAbout();

    void loaded(const DashboardData& data);
    void loadFailed(const QString& message);
    void showError(const QString& message, bool fromLoad);
    void updateBusyIndicator();

    AppServices m_services;
    std::unique_ptr<Settings> m_settings;
    FeatureEconomicsModel* m_model;
    DashboardLoader* m_loader;
    ImportRunner* m_imports;

    DateRangeBar* m_dateBar = nullptr;
    FeaturesPage* m_featuresPage = nullptr;
    QStackedWidget* m_pages = nullptr;
    MessageBanner* m_errorBanner = nullptr;
    MessageBanner* m_emptyBanner = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_statusSummary = nullptr;

    QAction* m_importAction = nullptr;
    QAction* m_reloadAction = nullptr;
    QAction* m_filterAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_aboutAction = nullptr;

    bool m_errorIsFromLoad = false; // a successful load clears its own errors, not an import's
    QString m_importingFile;
};

} // namespace il::ui
