// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the dashboard's queries off the UI thread. Each load opens its own read-only Store (SQLite handles
// are never shared between threads) and returns its result by value; a newer load supersedes an older one.
#pragma once

#include "DatePeriod.h"
#include "analytics/Summary.h"
#include "domain/Result.h"

#include <QObject>

#include <string>

namespace il::ui {

struct DashboardQuery {
    DatePreset preset = DatePreset::Last30Days;
    DatePeriod custom; // for DatePreset::Custom
};

struct DashboardData {
    DataRange range; // all the data in the store
    DatePeriod period; // the days the summary covers
    Summary summary;
};

// Safe on any thread: everything it touches is its own.
Result<DashboardData> loadDashboard(const std::string& storePath, const DashboardQuery& query);

class DashboardLoader final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardLoader)
public:
    explicit DashboardLoader(std::string storePath, QObject* parent = nullptr);
    ~DashboardLoader() override;

    void load(const DashboardQuery& query);
    bool isLoading() const { return m_loading; }
    // Waits for every load in flight (tests, shutdown). Results still arrive through the event loop.
    void waitForIdle();

signals:
    void loadingChanged(bool loading);
    void loaded(const il::ui::DashboardData& data);
    void failed(const QString& message);

private:
    void setLoading(bool loading);

    std::string m_storePath;
    quint64 m_generation = 0; // of the newest load; older results are dropped when they arrive
    bool m_loading = false;
};

} // namespace il::ui
