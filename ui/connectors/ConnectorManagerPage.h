// SPDX-License-Identifier: GPL-3.0-or-later
// The Connectors page: add, edit, test, sync and remove API connectors, with progress and cancel.
// Tests and syncs run on worker threads; errors are told in plain words in a banner. Below, the in-app
// OpenTelemetry receiver's switch (OtlpReceiverPanel).
#pragma once

#include "ConnectorServices.h"

#include <QWidget>

#include <atomic>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace il::ui {

class ConnectorManagerPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectorManagerPage)
public:
    explicit ConnectorManagerPage(std::shared_ptr<ConnectorServices> services, QWidget* parent = nullptr);
    ~ConnectorManagerPage() override;
    void refresh();
    bool isBusy() const { return m_busy; }

signals:
    void dataChanged(); // a sync (or the OpenTelemetry receiver) added data: the dashboard should reload

private:
    void addConnector();
    void editConnector();
    void removeConnector();
    void testConnector();
    void syncConnector();
    void cancel();
    std::string selectedName() const;
    void setBusy(bool busy, const QString& what = {});
    void showMessage(const QString& text, bool error);
    void updateButtons();

    std::shared_ptr<ConnectorServices> m_services;
    std::vector<ConnectorRow> m_rows;
    QTableWidget* m_table;
    QPushButton *m_add, *m_edit, *m_remove, *m_test, *m_sync, *m_cancel;
    QProgressBar* m_progress;
    QLabel* m_message;
    bool m_busy = false;
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
};

} // namespace il::ui
