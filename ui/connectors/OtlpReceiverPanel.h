// SPDX-License-Identifier: GPL-3.0-or-later
// The Connectors page's "OpenTelemetry receiver" group: a switch and a port for the in-app OTLP/HTTP receiver
// on 127.0.0.1, and a status line (listening where, spans received / stored / skipped, the last error in plain
// words). Both are remembered. The receiver itself runs in the app (ConnectorServices), on its own thread.
#pragma once

#include "ConnectorServices.h"

#include <QGroupBox>

#include <atomic>
#include <memory>

class QCheckBox;
class QLabel;
class QSpinBox;
class QTimer;

namespace il::ui {

class OtlpReceiverPanel final : public QGroupBox {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OtlpReceiverPanel)
public:
    // Starts the receiver when the settings say it was on.
    explicit OtlpReceiverPanel(std::shared_ptr<ConnectorServices> services, QWidget* parent = nullptr);
    ~OtlpReceiverPanel() override; // stops the receiver

signals:
    // Spans were stored: the dashboard should reload (at most about once a second while spans arrive).
    void dataChanged();

private:
    void apply(); // start, restart or stop as the switch and the port say, and remember them
    void showStatus();

    std::shared_ptr<ConnectorServices> m_services;
    QCheckBox* m_enabled;
    QSpinBox* m_port;
    QLabel* m_status;
    QLabel* m_help;
    QTimer* m_reloadTimer;
    int m_runningPort = -1; // the port asked for when it was last started; -1: stopped
    int64_t m_storedSeen = 0;
    std::shared_ptr<std::atomic<bool>> m_statusQueued;
};

} // namespace il::ui
