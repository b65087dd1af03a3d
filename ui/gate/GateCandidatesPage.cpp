// SPDX-License-Identifier: GPL-3.0-or-later
#include "gate/GateCandidatesPage.h"

#include "domain/Time.h"
#include "gate/GateWizard.h"
#include "pricing/PriceCatalogue.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include <set>

namespace il::ui {

namespace {

    constexpr int kKeyRole = Qt::UserRole + 1; // "provider/model" on the model cell

    QString rate(int64_t nanosPerMillion)
    {
        return QStringLiteral("$") + QString::fromStdString(formatRatePerMillion(nanosPerMillion));
    }

} // namespace

GateCandidatesPage::GateCandidatesPage(QWidget* parent)
    : QWizardPage(parent)
    , m_picker(new QComboBox(this))
    , m_batch(new QCheckBox(tr("&Batch"), this))
    , m_add(new QPushButton(tr("&Add"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_addSimilar(new QPushButton(this))
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_hint(new QLabel(this))
{
    setTitle(tr("Candidate models"));
    setSubTitle(tr("Models from the price catalogue, side by side. Estimates use the profile of the previous page; "
                   "batch uses the Batch API rates where the model has them."));
    m_picker->setObjectName(QStringLiteral("modelPicker"));
    m_picker->setEditable(true); // type to search; only catalogue entries can be added
    m_picker->setInsertPolicy(QComboBox::NoInsert);
    m_picker->setMinimumContentsLength(28);
    m_batch->setObjectName(QStringLiteral("addBatchCheck"));
    m_add->setObjectName(QStringLiteral("addCandidateButton"));
    m_remove->setObjectName(QStringLiteral("removeCandidateButton"));
    m_addSimilar->setObjectName(QStringLiteral("addSimilarModelsButton"));
    m_addSimilar->hide();
    m_table->setObjectName(QStringLiteral("candidateTable"));
    m_table->setHorizontalHeaderLabels({ tr("Model"), tr("Batch"), tr("Input / 1M"), tr("Cached / 1M"),
                                         tr("Output / 1M"), tr("Est. p50 / unit"), tr("Est. p95 / unit") });
    m_table->horizontalHeader()->setSectionResizeMode(ModelColumn, QHeaderView::Stretch);
    for (int c = BatchColumn; c < ColumnCount; ++c)
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_hint->setObjectName(QStringLiteral("candidatesHint"));
    m_hint->setWordWrap(true);

    auto* pick = new QHBoxLayout;
    auto* pickLabel = new QLabel(tr("&Model:"), this);
    pickLabel->setBuddy(m_picker);
    pick->addWidget(pickLabel);
    pick->addWidget(m_picker, 1);
    pick->addWidget(m_batch);
    pick->addWidget(m_add);
    pick->addWidget(m_remove);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(pick);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_hint);
    layout->addWidget(m_addSimilar, 0, Qt::AlignLeft);

    connect(m_add, &QPushButton::clicked, this, &GateCandidatesPage::addFromPicker);
    connect(m_remove, &QPushButton::clicked, this, &GateCandidatesPage::removeSelected);
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (!m_updating && item->column() == BatchColumn) {
            refreshEstimates();
            validate();
        }
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_table->selectedItems().isEmpty()); });
    connect(m_addSimilar, &QPushButton::clicked, this, [this] {
        auto* w = qobject_cast<GateWizard*>(wizard());
        if (w && w->prefill())
            for (const GateCandidateSpec& c : w->prefill()->models)
                addCandidate(QString::fromStdString(c.provider + "/" + c.model), false);
    });
    m_remove->setEnabled(false);
    validate();
}

GateCandidatesPage::~GateCandidatesPage() = default;

void GateCandidatesPage::fillPicker()
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    if (!w || m_picker->count() > 0)
        return;
    for (const GateCatalogueModel& m : w->catalogueModels()) {
        const QString key = QString::fromStdString(m.provider + "/" + m.model);
        m_picker->addItem(key, key);
    }
    m_picker->setCurrentIndex(-1);
    m_picker->setPlaceholderText(tr("provider/model"));
}

void GateCandidatesPage::initializePage()
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    // The candidates come from the stored catalogue; a user faster than the store's read (it takes tens of
    // milliseconds) waits for it here rather than picking from the bundled prices alone.
    if (w && w->liveDataPending())
        w->waitForLiveData();
    fillPicker();
    const auto* p = w && w->prefill() ? &*w->prefill() : nullptr;
    m_addSimilar->setVisible(p && !p->models.empty());
    if (p && !p->models.empty()) {
        QStringList names;
        for (const GateCandidateSpec& c : p->models)
            names << QString::fromStdString(c.provider + "/" + c.model);
        m_addSimilar->setText(
            tr("Add what %1 runs on (%2)").arg(QString::fromStdString(p->feature), names.join(QStringLiteral(", "))));
    }
    refreshEstimates();
    validate();
}

bool GateCandidatesPage::addCandidate(const QString& key, bool batch)
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    if (!w)
        return false;
    const GateCatalogueModel* model = nullptr;
    for (const GateCatalogueModel& m : w->catalogueModels())
        if (QString::fromStdString(m.provider + "/" + m.model) == key)
            model = &m;
    if (!model) {
        m_hint->setText(tr("“%1” is not in the price catalogue: pick a model from the list.").arg(key));
        m_hint->setStyleSheet(QStringLiteral("color: #c0223b"));
        return false;
    }
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const bool rowBatch = m_table->item(r, BatchColumn)->checkState() == Qt::Checked;
        if (m_table->item(r, ModelColumn)->data(kKeyRole).toString() == key && rowBatch == (batch && model->batch)) {
            m_hint->setText(tr("%1 is already a candidate.").arg(key));
            m_hint->setStyleSheet(QStringLiteral("color: #c0223b"));
            return false;
        }
    }
    m_updating = true;
    const int r = m_table->rowCount();
    m_table->insertRow(r);
    auto* name = new QTableWidgetItem(key);
    name->setData(kKeyRole, key);
    name->setToolTip(
        tr("Priced from %1 %2").arg(QString::fromStdString(model->catalogue), QString::fromStdString(model->version)));
    m_table->setItem(r, ModelColumn, name);
    auto* b = new QTableWidgetItem;
    b->setFlags(model->batch ? (Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable)
                             : Qt::ItemIsSelectable);
    b->setCheckState(batch && model->batch ? Qt::Checked : Qt::Unchecked);
    b->setToolTip(model->batch ? tr("Price at the Batch API rates (results within 24 h)")
                               : tr("The catalogue has no batch rates for this model"));
    m_table->setItem(r, BatchColumn, b);
    for (int c = InputColumn; c < ColumnCount; ++c) {
        auto* item = new QTableWidgetItem;
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(r, c, item);
    }
    m_updating = false;
    refreshEstimates();
    validate();
    return true;
}

void GateCandidatesPage::addFromPicker()
{
    const int i = m_picker->findText(m_picker->currentText().trimmed(), Qt::MatchFixedString);
    const QString key = i >= 0 ? m_picker->itemText(i) : m_picker->currentText().trimmed();
    if (addCandidate(key, m_batch->isChecked()))
        m_picker->setCurrentIndex(-1);
}

void GateCandidatesPage::removeSelected()
{
    std::set<int, std::greater<>> rows;
    for (QTableWidgetItem* item : m_table->selectedItems())
        rows.insert(item->row());
    for (int r : rows)
        m_table->removeRow(r);
    validate();
}

int GateCandidatesPage::candidateCount() const
{
    return m_table->rowCount();
}

void GateCandidatesPage::refreshEstimates()
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    if (!w || m_table->rowCount() == 0)
        return;
    m_updating = true;
    // The profile entered so far, one candidate at a time (levers and live checks are for the review).
    const Result<nlohmann::json> base = w->previewSpecJson();
    GateEvaluationOptions opt;
    opt.todayMs = w->evaluationDayMs();
    opt.levers = false;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QString key = m_table->item(r, ModelColumn)->data(kKeyRole).toString();
        const bool batch = m_table->item(r, BatchColumn)->checkState() == Qt::Checked;
        for (const GateCatalogueModel& m : w->catalogueModels()) {
            if (QString::fromStdString(m.provider + "/" + m.model) != key)
                continue;
            const GateRates& rates = batch && m.batch ? *m.batch : m.standard;
            if (rates.perGpuHour()) {
                m_table->item(r, InputColumn)->setText(tr("per GPU-hour"));
                m_table->item(r, CachedColumn)->setText(QStringLiteral("—"));
                m_table->item(r, OutputColumn)->setText(gateMoney(rates.gpuHourNanos) + tr(" / h"));
            } else {
                m_table->item(r, InputColumn)->setText(rate(rates.input));
                m_table->item(r, CachedColumn)->setText(rate(rates.cachedInput));
                m_table->item(r, OutputColumn)->setText(rate(rates.output));
            }
        }
        QString p50 = QStringLiteral("—"), p95 = QStringLiteral("—");
        if (base) {
            nlohmann::json j = *base;
            const qsizetype slash = key.indexOf(QLatin1Char('/'));
            j["candidates"] = nlohmann::json::array({ { { "provider", key.left(slash).toStdString() },
                                                        { "model", key.mid(slash + 1).toStdString() },
                                                        { "batch", batch } } });
            auto spec = gateSpecFromJson(j, "wizard");
            if (spec) {
                auto res = evaluateGate(*spec, w->catalogue(), nullptr, opt);
                if (res && !res->candidates.empty()) {
                    p50 = gateMoney(res->candidates.front().figures.costPerUnitP50, spec->currency);
                    p95 = gateMoney(res->candidates.front().figures.costPerUnitP95, spec->currency);
                }
            }
        }
        m_table->item(r, P50Column)->setText(p50);
        m_table->item(r, P95Column)->setText(p95);
    }
    m_updating = false;
}

void GateCandidatesPage::validate()
{
    m_problem = m_table->rowCount() == 0 ? tr("Add at least one candidate model.") : QString();
    std::set<QString> seen;
    for (int r = 0; r < m_table->rowCount() && m_problem.isEmpty(); ++r) {
        const QString k = m_table->item(r, ModelColumn)->data(kKeyRole).toString()
            + (m_table->item(r, BatchColumn)->checkState() == Qt::Checked ? QStringLiteral("/batch") : QString());
        if (!seen.insert(k).second)
            m_problem = tr("%1 is listed twice.").arg(m_table->item(r, ModelColumn)->text());
    }
    if (m_table->rowCount() > kGateMaxCandidates)
        m_problem = tr("At most %1 candidates.").arg(kGateMaxCandidates);
    if (!m_problem.isEmpty()) {
        m_hint->setText(m_problem);
        m_hint->setStyleSheet(m_table->rowCount() == 0 ? QString() : QStringLiteral("color: #c0223b"));
    } else {
        m_hint->setText(
            tr("%n candidate(s). Untick or tick Batch to compare batch rates.", nullptr, m_table->rowCount()));
        m_hint->setStyleSheet(QString());
    }
    emit completeChanged();
}

bool GateCandidatesPage::isComplete() const
{
    return m_problem.isEmpty();
}

void GateCandidatesPage::contribute(nlohmann::json& spec) const
{
    nlohmann::json arr = nlohmann::json::array();
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QString key = m_table->item(r, ModelColumn)->data(kKeyRole).toString();
        const qsizetype slash = key.indexOf(QLatin1Char('/'));
        arr.push_back({ { "provider", key.left(slash).toStdString() },
                        { "model", key.mid(slash + 1).toStdString() },
                        { "batch", m_table->item(r, BatchColumn)->checkState() == Qt::Checked } });
    }
    spec["candidates"] = arr;
}

void GateCandidatesPage::load(const GateSpec& spec)
{
    fillPicker();
    m_table->setRowCount(0);
    auto* w = qobject_cast<GateWizard*>(wizard());
    for (const GateCandidateSpec& c : spec.candidates) {
        // A spec may name a snapshot or an alias: the picker lists canonical catalogue names.
        const PriceEntry* e
            = w ? w->catalogue().resolve(c.provider, c.model, w->evaluationDayMs() + kMsPerDay - 1) : nullptr;
        const std::string model = e ? e->model : c.model;
        addCandidate(QString::fromStdString(PriceCatalogue::canonicalProvider(c.provider) + "/" + model), c.batch);
    }
}

} // namespace il::ui
