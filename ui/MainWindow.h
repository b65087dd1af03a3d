// SPDX-License-Identifier: GPL-3.0-or-later
// The main window: the feature economics table on the store, with a date range. Queries run off the UI thread.
#pragma once

#include "domain/Result.h"

#include <QMainWindow>

#include <functional>
#include <string>

namespace il::ui {

// What the app gives the ui: where the store is and how to import a file (the ui never sees connectors).
struct AppServices {
    std::string storePath;
    std::function<Result<std::string>(const std::string& path, const std::function<void(uint64_t, uint64_t)>& progress)>
        importFile;
};

void initResources();

class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(AppServices services, QWidget* parent = nullptr);
    ~MainWindow() override;
    void importFiles(const QStringList& files);

private:
    AppServices m_services;
};

} // namespace il::ui
