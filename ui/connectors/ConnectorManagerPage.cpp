// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConnectorManagerPage.h"

#include "ConnectorDialog.h"
#include "OtlpReceiverPanel.h"
#include "domain/Time.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QMetaObject>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace il::ui {

namespace {
QString when(const std::optional<int64_t>& ms)
{
    if (!ms)
        return QStringLiteral("—");
    std::string t = formatIsoTimestamp(*ms);
    t[10] = ' ';
    return QString::fromStdString(t.substr(0, 16)) + QStringLiteral(" UTC");
}
} // namespace

ConnectorManagerPage::ConnectorManagerPage(std::shared_ptr<ConnectorServices> services, QWidget* parent)
    : QWidget(parent), m_services(std::move(services))
{
    setObjectName(QStringLiteral("connectorsPage"));
    auto* title = new QLabel(tr("Connectors"), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    f.setBold(true);
    title->setFont(f);
    auto* intro = new QLabel(tr("Provider usage and cost APIs, GPU telemetry, and folders of FOCUS billing or "
                                "OpenTelemetry exports, synced into the store. Keys stay in the OS keychain or an "
                                "environment variable — never in the store."),
                             this);
    intro->setWordWrap(true);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("connectorMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setAutoFillBackground(true);
    m_message->setMargin(8);
    m_message->hide();
    m_table = new QTableWidget(0, 7, this);
    m_table->setObjectName(QStringLiteral("connectorTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Type"), tr("Source"), tr("Key"), tr("Last success"),
                                        tr("Rows added"), tr("Last error")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    auto button = [this](const QString& text, const char* name) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(QString::fromUtf8(name));
        return b;
    };
    m_add = button(tr("&Add…"), "connectorAdd");
    m_edit = button(tr("&Edit…"), "connectorEdit");
    m_test = button(tr("&Test"), "connectorTest");
    m_sync = button(tr("&Sync"), "connectorSync");
    m_remove = button(tr("&Remove"), "connectorRemove");
    m_cancel = button(tr("Cancel"), "connectorCancel");
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("connectorProgress"));
    m_progress->hide();
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_add, m_edit, m_test, m_sync, m_remove})
        buttons->addWidget(b);
    buttons->addStretch();
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    if (m_services->hasOtlpReceiver()) {
        auto* receiver = new OtlpReceiverPanel(m_services, this);
        connect(receiver, &OtlpReceiverPanel::dataChanged, this, &ConnectorManagerPage::dataChanged);
        layout->addWidget(receiver);
    }
    connect(m_add, &QPushButton::clicked, this, &ConnectorManagerPage::addConnector);
    connect(m_edit, &QPushButton::clicked, this, &ConnectorManagerPage::editConnector);
    connect(m_remove, &QPushButton::clicked, this, &ConnectorManagerPage::removeConnector);
    connect(m_test, &QPushButton::clicked, this, &ConnectorManagerPage::testConnector);
    connect(m_sync, &QPushButton::clicked, this, &ConnectorManagerPage::syncConnector);
    connect(m_cancel, &QPushButton::clicked, this, &ConnectorManagerPage::cancel);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ConnectorManagerPage::updateButtons);
    connect(m_table, &QTableWidget::itemDoubleClicked, this, &ConnectorManagerPage::editConnector);
    refresh();
}

ConnectorManagerPage::~ConnectorManagerPage()
{
    if (m_cancelFlag)
        m_cancelFlag->store(true);
}

void ConnectorManagerPage::refresh()
{
    auto rows = m_services->list();
    if (!rows) {
        showMessage(QString::fromStdString(rows.error().toString()), true);
        return;
    }
    const std::string keep = selectedName();
    m_rows = std::move(*rows);
    m_table->setRowCount(int(m_rows.size()));
    for (int i = 0; i < int(m_rows.size()); ++i) {
        const ConnectorRow& r = m_rows[size_t(i)];
        QString key = r.config.keyStorage == KeyStorage::Env ? QStringLiteral("$") + QString::fromStdString(r.config.keyEnv)
            : r.config.keyStorage == KeyStorage::Keychain    ? tr("keychain")
                                                             : tr("none");
        const QStringList cells = {QString::fromStdString(r.config.name), QString::fromStdString(r.config.type),
                                   readsFiles(r.config.type) ? QString::fromStdString(r.config.option("path"))
                                       : r.config.baseUrl.empty() ? tr("(default)")
                                                                  : QString::fromStdString(r.config.baseUrl),
                                   key, when(r.state.lastSuccessMs), QString::number(r.state.rowsTotal),
                                   r.state.lastError.empty() ? QStringLiteral("—") : QString::fromStdString(r.state.lastError)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == 6 && !r.state.lastError.empty())
                item->setToolTip(cells[c]);
            if (c == 5)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(i, c, item);
        }
        if (r.config.name == keep)
            m_table->selectRow(i);
    }
    m_table->resizeColumnsToContents();
    updateButtons();
}

std::string ConnectorManagerPage::selectedName() const
{
    const auto sel = m_table->selectionModel() ? m_table->selectionModel()->selectedRows() : QModelIndexList();
    if (sel.isEmpty() || sel.front().row() >= int(m_rows.size()))
        return {};
    return m_rows[size_t(sel.front().row())].config.name;
}

void ConnectorManagerPage::updateButtons()
{
    const bool has = !selectedName().empty();
    m_add->setEnabled(!m_busy);
    for (QPushButton* b : {m_edit, m_remove, m_test, m_sync})
        b->setEnabled(has && !m_busy);
    m_cancel->setVisible(m_busy);
}

void ConnectorManagerPage::setBusy(bool busy, const QString& what)
{
    m_busy = busy;
    m_progress->setVisible(busy);
    m_progress->setRange(0, 0);
    m_progress->setFormat(what);
    m_progress->setTextVisible(!what.isEmpty());
    updateButtons();
}

void ConnectorManagerPage::showMessage(const QString& text, bool error)
{
    QPalette p = palette();
    const QColor base = error ? QColor(220, 60, 50) : palette().color(QPalette::Highlight);
    QColor bg = palette().color(QPalette::Window);
    bg = QColor((bg.red() * 3 + base.red()) / 4, (bg.green() * 3 + base.green()) / 4, (bg.blue() * 3 + base.blue()) / 4);
    p.setColor(QPalette::Window, bg);
    m_message->setPalette(p);
    m_message->setProperty("isError", error);
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void ConnectorManagerPage::addConnector()
{
    std::vector<std::string> taken;
    for (const ConnectorRow& r : m_rows)
        taken.push_back(r.config.name);
    ConnectorDialog dlg(m_services->types(), taken, this);
    dlg.setWindowTitle(tr("Add connector"));
    if (dlg.exec() != QDialog::Accepted)
        return;
    auto r = m_services->add(dlg.config(), dlg.keyForKeychain());
    if (!r) {
        showMessage(QString::fromStdString(r.error().toString()), true);
        return;
    }
    showMessage(tr("Connector %1 added. Test it to check the key, then sync.").arg(QString::fromStdString(dlg.config().name)),
                false);
    refresh();
}

void ConnectorManagerPage::editConnector()
{
    const std::string name = selectedName();
    auto it = std::find_if(m_rows.begin(), m_rows.end(), [&](const ConnectorRow& r) { return r.config.name == name; });
    if (it == m_rows.end() || m_busy)
        return;
    ConnectorDialog dlg(m_services->types(), {}, this);
    dlg.setWindowTitle(tr("Edit connector"));
    dlg.setConfig(it->config);
    if (dlg.exec() != QDialog::Accepted)
        return;
    // Editing changes the configuration in place: the sync state (watermark, cursor) and the key stay unless
    // the dialog gives new ones.
    ConnectorConfig c = dlg.config();
    c.createdMs = it->config.createdMs;
    if (auto r = m_services->update(c, dlg.keyForKeychain()); !r) {
        showMessage(QString::fromStdString(r.error().toString()), true);
        return;
    }
    showMessage(tr("Connector %1 changed.").arg(QString::fromStdString(c.name)), false);
    refresh();
}

void ConnectorManagerPage::removeConnector()
{
    const std::string name = selectedName();
    if (name.empty())
        return;
    if (QMessageBox::question(this, tr("Remove connector"),
                              tr("Remove %1? Data it already synced stays in the store.").arg(QString::fromStdString(name)))
        != QMessageBox::Yes)
        return;
    auto r = m_services->remove(name);
    if (!r)
        showMessage(QString::fromStdString(r.error().toString()), true);
    else
        showMessage(tr("Connector %1 removed.").arg(QString::fromStdString(name)), false);
    refresh();
}

void ConnectorManagerPage::testConnector()
{
    const std::string name = selectedName();
    auto key = m_services->keyFor(name); // main thread: the keychain needs the event loop
    if (!key) {
        showMessage(QString::fromStdString(key.error().toString()), true);
        return;
    }
    m_cancelFlag = std::make_shared<std::atomic<bool>>(false);
    setBusy(true, tr("Testing %1…").arg(QString::fromStdString(name)));
    auto services = m_services;
    auto flag = m_cancelFlag;
    auto* watcher = new QFutureWatcher<Result<std::string>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, name] {
        Result<std::string> r = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (r)
            showMessage(tr("%1: %2").arg(QString::fromStdString(name), QString::fromStdString(*r)), false);
        else
            showMessage(QString::fromStdString(r.error().toString()), true);
    });
    watcher->setFuture(QtConcurrent::run([services, name, k = *key, flag] { return services->test(name, k, flag.get()); }));
}

void ConnectorManagerPage::syncConnector()
{
    const std::string name = selectedName();
    auto key = m_services->keyFor(name);
    if (!key) {
        showMessage(QString::fromStdString(key.error().toString()), true);
        return;
    }
    m_cancelFlag = std::make_shared<std::atomic<bool>>(false);
    setBusy(true, tr("Syncing %1…").arg(QString::fromStdString(name)));
    auto services = m_services;
    auto flag = m_cancelFlag;
    QPointer<ConnectorManagerPage> self(this);
    auto* watcher = new QFutureWatcher<SyncOutcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, name] {
        SyncOutcome o = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (o.error)
            showMessage(QString::fromStdString(o.error->toString()), true);
        else if (o.cancelled)
            showMessage(tr("Sync of %1 cancelled; what was committed before is kept and the next sync resumes from there.")
                            .arg(QString::fromStdString(name)),
                        false);
        else
            showMessage(tr("%1 synced: %2").arg(QString::fromStdString(name), QString::fromStdString(o.summary)), false);
        refresh();
        emit dataChanged();
    });
    watcher->setFuture(QtConcurrent::run([services, name, k = *key, flag, self] {
        return services->sync(name, k,
                              [self](int batch, int batches, const std::string& stage) {
                                  QMetaObject::invokeMethod(
                                      QCoreApplication::instance(), [self, batch, batches, stage] {
                                          if (!self)
                                              return;
                                          self->m_progress->setRange(0, std::max(batches, 1));
                                          self->m_progress->setValue(batch);
                                          self->m_progress->setFormat(
                                              QStringLiteral("%1 — batch %2 of %3")
                                                  .arg(QString::fromStdString(stage)).arg(batch).arg(batches));
                                      },
                                      Qt::QueuedConnection);
                              },
                              flag.get());
    }));
}

void ConnectorManagerPage::cancel()
{
    if (m_cancelFlag)
        m_cancelFlag->store(true);
    m_progress->setFormat(tr("Cancelling…"));
}

} // namespace il::ui
