// SPDX-License-Identifier: GPL-3.0-or-later
#include "gate/GatesPage.h"

#include "analytics/GateTracking.h"
#include "domain/Time.h"
#include "gate/GateVerdictStyle.h"
#include "gate/GateWizard.h"
#include "report/GateSignoffPdf.h"
#include "store/Store.h"

#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <map>

namespace il::ui {

namespace {

    constexpr int kRecordRole = Qt::UserRole + 1; // index into m_records

    QStandardItem* item(const QString& text, bool right = false)
    {
        auto* i = new QStandardItem(text);
        i->setEditable(false);
        if (right)
            i->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return i;
    }

    QString candidateOf(const GateRecord& g, std::string* estimate)
    {
        const int chosen = g.chosenIndex();
        const auto& cands = g.result.contains("candidates") ? g.result["candidates"] : nlohmann::json();
        if (chosen < 0 || !cands.is_array() || size_t(chosen) >= cands.size())
            return QStringLiteral("—");
        const auto& c = cands[size_t(chosen)];
        if (estimate && c.contains("cost_per_unit"))
            *estimate = c["cost_per_unit"].value("p50", std::string());
        return QString::fromStdString(c.value("provider", std::string()) + "/" + c.value("model", std::string()))
            + (c.value("batch", false) ? QObject::tr(" (batch)") : QString());
    }

} // namespace

GatesPage::GatesPage(std::string storePath, QWidget* parent)
    : QWidget(parent)
    , m_storePath(std::move(storePath))
    , m_model(new QStandardItemModel(0, ColumnCount, this))
    , m_view(new QTableView(this))
    , m_details(new QTextBrowser(this))
    , m_status(new QLabel(this))
    , m_new(new QPushButton(tr("&New gate…"), this))
    , m_newVersion(new QPushButton(tr("New &version…"), this))
    , m_export(new QPushButton(tr("&Export sign-off PDF…"), this))
    , m_refresh(new QPushButton(tr("&Refresh"), this))
{
    setObjectName(QStringLiteral("gatesPage"));
    m_pool.setMaxThreadCount(1); // reads in order; a superseded one is dropped when it arrives
    m_model->setHorizontalHeaderLabels({ tr("Feature"), tr("Version"), tr("Decision"), tr("Verdict"), tr("Launch with"),
                                         tr("Estimate / unit"), tr("Actual / unit"), tr("Breach"), tr("Recorded (UTC)"),
                                         tr("Content hash") });
    m_view->setObjectName(QStringLiteral("gatesTable"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAlternatingRowColors(true);
    m_details->setObjectName(QStringLiteral("gateDetails"));
    m_details->setOpenLinks(false);
    m_status->setObjectName(QStringLiteral("gatesStatus"));
    m_status->setWordWrap(true);
    m_new->setObjectName(QStringLiteral("newGateButton"));
    m_newVersion->setObjectName(QStringLiteral("newVersionButton"));
    m_export->setObjectName(QStringLiteral("exportPdfButton"));
    m_refresh->setObjectName(QStringLiteral("refreshGatesButton"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addWidget(m_newVersion);
    buttons->addWidget(m_export);
    buttons->addStretch(1);
    buttons->addWidget(m_refresh);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(m_new, &QPushButton::clicked, this, [this] { newGate(); });
    connect(m_newVersion, &QPushButton::clicked, this, [this] { newVersion(); });
    connect(m_export, &QPushButton::clicked, this, &GatesPage::exportSelected);
    connect(m_refresh, &QPushButton::clicked, this, &GatesPage::refresh);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &GatesPage::selectionChanged);
    m_status->setText(tr("Reading the gates…"));
    m_refresh->setEnabled(false);
    // The first read once the creator has had its say (setTrackingWindow right after construction reads for its
    // window instead of reading twice).
    QTimer::singleShot(0, this, [this] {
        if (m_generation == 0)
            refresh();
    });
}

GatesPage::~GatesPage()
{
    // The reads own copies of what they use; finishing them keeps shutdown (and a test's temporary store) orderly.
    ++m_generation;
    const auto watchers = findChildren<QFutureWatcher<GatesPageLoad>*>(Qt::FindDirectChildrenOnly);
    for (auto* w : watchers)
        w->waitForFinished();
}

namespace {

    // Runs on a worker: its own read-only connection (SQLite handles are never shared between threads), and no
    // exception crosses into the event loop.
    GatesPageLoad readGates(const std::string& path, const std::optional<GateTrackingWindow>& window)
    {
        GatesPageLoad out;
        try {
            auto store = Store::open(path, Store::Mode::ReadOnly);
            if (!store) {
                out.error = store.error().toString();
                return out;
            }
            auto gates = GateStore(**store).list();
            if (!gates) {
                out.error = gates.error().toString();
                return out;
            }
            out.records = std::move(*gates);
            auto tracking = window ? gateTrackingWithin(**store, *window) : gateTracking(**store);
            if (tracking)
                out.tracking = std::move(*tracking);
            else
                out.trackingError = tracking.error().toString();
        } catch (const std::exception& e) {
            out.error = std::string("cannot read the gates: ") + e.what();
        } catch (...) {
            out.error = "cannot read the gates: unexpected failure";
        }
        return out;
    }

} // namespace

void GatesPage::refresh()
{
    const quint64 generation = ++m_generation;
    if (!m_loading) {
        m_loading = true;
        m_refresh->setEnabled(false);
        if (m_records.empty())
            m_status->setText(tr("Reading the gates…"));
    }
    auto* watcher = new QFutureWatcher<GatesPageLoad>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        // Done: out of the destructor's wait (its future is emptied by takeResult, and waiting on an emptied
        // future never returns).
        watcher->setParent(nullptr);
        watcher->deleteLater();
        if (generation != m_generation)
            return; // superseded: a newer read is on its way
        m_loading = false;
        m_refresh->setEnabled(true);
        showLoad(watcher->future().takeResult());
        emit loaded();
    });
    watcher->setFuture(
        QtConcurrent::run(&m_pool, [path = m_storePath, window = m_window] { return readGates(path, window); }));
}

void GatesPage::setTrackingWindow(const GateTrackingWindow& window, const QString& label)
{
    m_windowLabel = label;
    if (m_window && m_window->fromMs == window.fromMs && m_window->toMs == window.toMs
        && m_window->features == window.features)
        return;
    m_window = window;
    m_model->setHeaderData(ActualColumn, Qt::Horizontal,
                           tr("Actuals: the cost per unit of the gate's feature over %1 (UTC), from its launch day; "
                              "all of its traffic, whatever the provider and model filters")
                               .arg(label),
                           Qt::ToolTipRole);
    refresh();
}

void GatesPage::showLoad(GatesPageLoad load)
{
    const std::optional<GateRecord> keep = selectedRecord();
    m_model->removeRows(0, m_model->rowCount());
    m_records.clear();
    if (!load.error.empty()) {
        m_status->setText(tr("The gates cannot be read: %1").arg(QString::fromStdString(load.error)));
        selectionChanged();
        return;
    }
    std::map<int64_t, GateTrackingRow> byGate;
    for (GateTrackingRow& t : load.tracking)
        byGate.emplace(t.gateId, std::move(t));
    // Newest version first within a feature: it is the one in force.
    std::vector<GateRecord> rows = std::move(load.records);
    std::stable_sort(rows.begin(), rows.end(), [](const GateRecord& a, const GateRecord& b) {
        return a.feature != b.feature ? a.feature < b.feature : a.version > b.version;
    });
    // In a window the tracking covers only the features the feature filter keeps; the others are not "superseded".
    std::map<std::string, int> newest;
    for (const GateRecord& g : rows)
        newest.emplace(g.feature, g.version);
    int selectRow = -1;
    for (GateRecord& g : rows) {
        const int row = m_model->rowCount();
        std::string estimate;
        const QString candidate = candidateOf(g, &estimate);
        QList<QStandardItem*> cells;
        cells << item(QString::fromStdString(g.feature)) << item(QString::number(g.version), true)
              << item(QString::fromStdString(gateDecisionLabel(g.decision.kind)));
        auto* verdict = item(verdictStyle(g.verdict).label);
        const VerdictStyle vs = verdictStyle(g.verdict, palette());
        verdict->setBackground(vs.background);
        verdict->setForeground(vs.foreground);
        cells << verdict << item(candidate)
              << item(estimate.empty() ? QStringLiteral("—") : gateMoneyText(estimate), true);
        const QColor muted = palette().color(QPalette::PlaceholderText);
        auto t = byGate.find(g.id);
        if (t != byGate.end()) {
            const GateTrackingRow& tr_ = t->second;
            auto* actual = item(tr_.actual ? gateMoney(*tr_.actual, tr_.currency) : tr("no data yet"), true);
            QString tip = tr_.trackedToMs > tr_.trackedFromMs
                ? tr("%1 – %2 (UTC): %3 requests, %4 units")
                      .arg(QString::fromStdString(formatIsoDate(tr_.trackedFromMs)),
                           QString::fromStdString(formatIsoDate(tr_.trackedToMs - 1)))
                      .arg(tr_.requests)
                      .arg(tr_.units ? QString::number(*tr_.units) : tr("no"))
                : QString();
            if (!tr_.note.empty())
                tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) + QString::fromStdString(tr_.note);
            actual->setToolTip(tip);
            if (!tr_.actual)
                actual->setForeground(muted);
            cells << actual;
            auto* breach = item(tr_.overThreshold      ? tr("over %1").arg(gateMoney(tr_.threshold, tr_.currency))
                                    : tr_.everBreached ? tr("a month over")
                                    : tr_.actual       ? tr("no")
                                                       : QStringLiteral("—"));
            if (tr_.overThreshold || tr_.everBreached) {
                const VerdictStyle bs = verdictStyle(tr_.overThreshold ? "rejected" : "flagged", palette());
                breach->setBackground(bs.background);
                breach->setForeground(bs.foreground);
            }
            cells << breach;
        } else if (newest[g.feature] == g.version) {
            cells << item(load.trackingError.empty() ? tr("not in the filters") : tr("unknown")) << item(QString());
            cells[cells.size() - 2]->setToolTip(QString::fromStdString(load.trackingError));
            cells[cells.size() - 2]->setForeground(muted);
        } else {
            cells << item(tr("superseded")) << item(QString());
            cells.back()->setForeground(muted);
            cells[cells.size() - 2]->setForeground(muted);
        }
        cells << item(QString::fromStdString(formatIsoTimestamp(g.recordedAtMs)))
              << item(QString::fromStdString(g.contentHash.substr(0, 16)) + QStringLiteral("…"));
        cells.back()->setToolTip(QString::fromStdString(g.contentHash));
        for (QStandardItem* c : cells)
            c->setData(row, kRecordRole);
        m_model->appendRow(cells);
        if (keep && keep->id == g.id)
            selectRow = row;
        m_records.push_back(std::move(g));
    }
    QString status = m_records.empty()
        ? tr("No gates recorded yet. “New gate…” estimates a feature's cost per unit before launch and records the "
             "decision.")
        : tr("%n gate version(s). A recorded version never changes; a new version supersedes it.", nullptr,
             int(m_records.size()));
    if (!m_records.empty() && m_window)
        status += QLatin1Char(' ') + tr("Actuals over %1 (UTC), from each launch day.").arg(m_windowLabel);
    if (!load.trackingError.empty())
        status += QLatin1Char(' ')
            + tr("The actuals could not be read: %1").arg(QString::fromStdString(load.trackingError));
    m_status->setText(status);
    // The rows arrive after the page was laid out (the read is on a worker): size the columns to them now rather
    // than leave them at the headers' widths until something else relayouts the view.
    m_view->horizontalHeader()->resizeSections(QHeaderView::ResizeToContents);
    m_view->resizeRowsToContents();
    if (selectRow < 0 && !m_records.empty())
        selectRow = 0;
    if (selectRow >= 0)
        m_view->selectRow(selectRow);
    selectionChanged();
}

std::optional<GateRecord> GatesPage::selectedRecord() const
{
    const QModelIndexList rows
        = m_view->selectionModel() ? m_view->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty())
        return std::nullopt;
    const int i = rows.front().data(kRecordRole).toInt();
    if (i < 0 || size_t(i) >= m_records.size())
        return std::nullopt;
    return m_records[size_t(i)];
}

void GatesPage::selectionChanged()
{
    const auto g = selectedRecord();
    m_newVersion->setEnabled(g.has_value());
    m_export->setEnabled(g.has_value());
    if (!g) {
        m_details->clear();
        return;
    }
    auto esc = [](const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); };
    QStringList approvers;
    for (const std::string& a : g->decision.approvers)
        approvers << esc(a);
    QString html = QStringLiteral("<h3>%1 — version %2</h3>").arg(esc(g->feature)).arg(g->version);
    html += tr("<p><b>%1</b> · verdict %2 · launch with %3 · approvers: %4</p>")
                .arg(esc(gateDecisionLabel(g->decision.kind)), verdictStyle(g->verdict).label.toHtmlEscaped(),
                     candidateOf(*g, nullptr).toHtmlEscaped(),
                     approvers.isEmpty() ? tr("—") : approvers.join(QStringLiteral(", ")));
    if (!g->decision.conditions.empty())
        html += tr("<p><b>Conditions:</b> %1</p>").arg(esc(g->decision.conditions));
    if (!g->decision.notes.empty())
        html += tr("<p><b>Notes:</b> %1</p>").arg(esc(g->decision.notes));
    html += tr("<p>Evaluated on %1 with %2. Recorded %3 UTC.</p>")
                .arg(esc(g->result.value("evaluated_at", std::string())), esc(g->catalogueVersion),
                     esc(formatIsoTimestamp(g->recordedAtMs)));
    html += tr("<p>Content hash <code>%1</code>%2</p>")
                .arg(esc(g->contentHash),
                     g->supersedesHash.empty() ? QString()
                                               : tr("<br>supersedes <code>%1</code>").arg(esc(g->supersedesHash)));
    m_details->setHtml(html);
}

GateWizard* GatesPage::openWizard(const GateSpec* from)
{
    auto* w = new GateWizard(m_storePath, this);
    w->setAttribute(Qt::WA_DeleteOnClose);
    if (from)
        w->startFrom(*from);
    connect(w, &GateWizard::gateRecorded, this, [this](qint64 id) {
        refresh();
        emit gateRecorded(id);
    });
    w->open();
    return w;
}

GateWizard* GatesPage::newGate()
{
    return openWizard(nullptr);
}

GateWizard* GatesPage::newVersion()
{
    const auto g = selectedRecord();
    if (!g)
        return nullptr;
    auto spec = gateSpecFromJson(g->spec, "gate " + std::to_string(g->id));
    if (!spec) {
        m_status->setText(QString::fromStdString(spec.error().toString()));
        return nullptr;
    }
    spec->evaluationDateMs.reset(); // a new version is priced today
    return openWizard(&*spec);
}

bool GatesPage::exportSelectedPdf(const QString& path)
{
    const auto g = selectedRecord();
    if (!g)
        return false;
    auto r = renderGateSignoffPdf(*g, path);
    m_status->setText(r ? tr("Sign-off sheet written to %1.").arg(QDir::toNativeSeparators(path))
                        : tr("Not written: %1").arg(QString::fromStdString(r.error().toString())));
    return r.ok();
}

void GatesPage::exportSelected()
{
    const auto g = selectedRecord();
    if (!g)
        return;
    const QString suggested = QStringLiteral("gate-%1-v%2.pdf").arg(QString::fromStdString(g->feature)).arg(g->version);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export sign-off PDF"), QDir::home().filePath(suggested),
                                                      tr("PDF (*.pdf)"));
    if (!path.isEmpty())
        exportSelectedPdf(path);
}

} // namespace il::ui
