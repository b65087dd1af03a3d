// SPDX-License-Identifier: GPL-3.0-or-later
#include "OtlpReceiverPanel.h"

#include "Settings.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMetaObject>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace il::ui {

OtlpReceiverPanel::OtlpReceiverPanel(std::shared_ptr<ConnectorServices> services, QWidget* parent)
    : QGroupBox(tr("OpenTelemetry receiver"), parent)
    , m_services(std::move(services))
    , m_statusQueued(std::make_shared<std::atomic<bool>>(false))
{
    setObjectName(QStringLiteral("otlpReceiverGroup"));
    m_enabled = new QCheckBox(tr("Receive traces from OpenTelemetry exporters on this computer"), this);
    m_enabled->setObjectName(QStringLiteral("otlpReceiverEnabled"));
    auto* portLabel = new QLabel(tr("Port:"), this);
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("otlpReceiverPort"));
    // Ports below 1024 need administrator rights; 4318 is the OTLP/HTTP default.
    m_port->setRange(1024, 65535);
    m_port->setGroupSeparatorShown(false);
    m_port->setAccelerated(true);
    portLabel->setBuddy(m_port);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("otlpReceiverStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_help = new QLabel(this);
    m_help->setObjectName(QStringLiteral("otlpReceiverHelp"));
    m_help->setWordWrap(true);
    m_help->setTextFormat(Qt::PlainText);
    m_help->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_help->setForegroundRole(QPalette::PlaceholderText);
    auto* top = new QHBoxLayout;
    top->addWidget(m_enabled);
    top->addSpacing(16);
    top->addWidget(portLabel);
    top->addWidget(m_port);
    top->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_status);
    layout->addWidget(m_help);

    m_reloadTimer = new QTimer(this);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(1000);
    connect(m_reloadTimer, &QTimer::timeout, this, &OtlpReceiverPanel::dataChanged);

    // Called on the receiver's thread: only queue one status refresh here (the observer is removed before this
    // panel goes, and a queued call to a deleted panel is dropped by Qt).
    auto queued = m_statusQueued;
    m_services->setReceiverObserver([this, queued] {
        if (!queued->exchange(true))
            QMetaObject::invokeMethod(
                this, [this] { showStatus(); }, Qt::QueuedConnection);
    });

    Settings settings;
    m_port->setValue(settings.value(settings::kOtlpReceiverPort));
    m_enabled->setChecked(settings.value(settings::kOtlpReceiverEnabled));
    connect(m_enabled, &QCheckBox::toggled, this, &OtlpReceiverPanel::apply);
    connect(m_port, &QSpinBox::editingFinished, this, [this] {
        if (m_port->value() != m_runningPort)
            apply();
    });
    if (m_enabled->isChecked())
        apply();
    else
        showStatus();
}

OtlpReceiverPanel::~OtlpReceiverPanel()
{
    m_services->setReceiverObserver({});
    m_services->stopOtlpReceiver();
}

void OtlpReceiverPanel::apply()
{
    Settings settings;
    settings.setValue(settings::kOtlpReceiverEnabled, m_enabled->isChecked());
    settings.setValue(settings::kOtlpReceiverPort, m_port->value());
    if (m_enabled->isChecked()) {
        m_runningPort = m_port->value();
        m_storedSeen = 0;
        (void)m_services->startOtlpReceiver(m_port->value()); // a failure is in the status, in plain words
    } else {
        m_runningPort = -1;
        m_services->stopOtlpReceiver();
    }
    showStatus();
}

void OtlpReceiverPanel::showStatus()
{
    m_statusQueued->store(false);
    const ReceiverStatus s = m_services->receiverStatus();
    const QLocale locale;
    auto n = [&locale](int64_t v) { return locale.toString(qlonglong(v)); };
    const QString port = QString::number(s.listening ? s.port : m_port->value());
    QString text;
    bool error = false;
    if (s.listening) {
        text = tr("Listening on 127.0.0.1:%1. %2 spans received: %3 stored, %4 already stored, %5 skipped (no GenAI "
                  "usage), %6 rejected.")
                   .arg(port, n(s.spansReceived), n(s.spansStored), n(s.spansDuplicate), n(s.spansSkipped),
                        n(s.spansRejected));
        if (!s.lastError.empty())
            text += QLatin1Char('\n') + tr("Last error: %1").arg(QString::fromStdString(s.lastError));
    } else if (m_enabled->isChecked()) {
        error = true;
        text = tr("Not receiving: %1.")
                   .arg(s.lastError.empty() ? tr("the receiver stopped") : QString::fromStdString(s.lastError));
    } else {
        text = tr("Off.");
        if (s.spansReceived > 0)
            text += QLatin1Char(' ')
                + tr("While it was on: %1 spans received, %2 stored, %3 skipped.")
                      .arg(n(s.spansReceived), n(s.spansStored), n(s.spansSkipped));
    }
    m_status->setText(text);
    m_status->setProperty("isError", error);
    QPalette p = palette();
    if (error)
        p.setColor(QPalette::WindowText, QColor(190, 40, 30));
    m_status->setPalette(p);
    m_help->setText(tr("Point an OpenTelemetry SDK or Collector at http://127.0.0.1:%1/v1/traces with the http/json "
                       "protocol; only this computer can reach it. Spans without GenAI token usage are counted and "
                       "skipped.\nFor an SDK: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:%1/v1/traces "
                       "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json")
                        .arg(port));
    // Stored spans change the dashboard; reload it once the burst has had a second to land.
    if (s.spansStored > m_storedSeen) {
        m_storedSeen = s.spansStored;
        if (!m_reloadTimer->isActive())
            m_reloadTimer->start();
    }
}

} // namespace il::ui
