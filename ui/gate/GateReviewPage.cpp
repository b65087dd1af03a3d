// SPDX-License-Identifier: GPL-3.0-or-later
#include "gate/GateReviewPage.h"

#include "domain/Time.h"
#include "gate/GateVerdictStyle.h"
#include "gate/GateWizard.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace il::ui {

namespace {

    QTableWidgetItem* cell(const QString& text, bool right = false)
    {
        auto* item = new QTableWidgetItem(text);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        if (right)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return item;
    }

    void paint(QTableWidgetItem* item, const std::string& verdict, const QPalette& palette)
    {
        const VerdictStyle s = verdictStyle(verdict, palette);
        item->setBackground(s.background);
        item->setForeground(s.foreground);
        QFont f = item->font();
        f.setBold(true);
        item->setFont(f);
    }

    QString candidateName(const GateCandidateResult& c)
    {
        return QString::fromStdString(c.spec.provider + "/" + c.spec.model)
            + (c.spec.batch ? QObject::tr(" (batch)") : QString());
    }

    const GateCheck* check(const GateCandidateResult& c, const char* name)
    {
        for (const GateCheck& k : c.checks)
            if (k.name == name)
                return &k;
        return nullptr;
    }

} // namespace

GateReviewPage::GateReviewPage(QWidget* parent)
    : QWizardPage(parent)
    , m_summary(new QLabel(this))
    , m_error(new QLabel(this))
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_checks(new QLabel(this))
    , m_levers(new QTableWidget(0, LeverColumnCount, this))
{
    setTitle(tr("Review"));
    setSubTitle(tr("Cost per unit at p50 and p95, spend in the first three months (at p50), and each candidate's "
                   "verdict against the targets. Levers show what would bring a failing candidate under."));
    m_summary->setObjectName(QStringLiteral("overallVerdictLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_error->setObjectName(QStringLiteral("reviewErrorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0223b"));
    m_error->hide();
    m_table->setObjectName(QStringLiteral("reviewTable"));
    m_table->setHorizontalHeaderLabels({ tr("Candidate"), tr("p50 / unit"), tr("p95 / unit"), tr("Month 1"),
                                         tr("Month 2"), tr("Month 3"), tr("3 months"), tr("p95 latency"),
                                         tr("Accuracy"), tr("Verdict") });
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(CandidateColumn, QHeaderView::Stretch);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_checks->setObjectName(QStringLiteral("checksLabel"));
    m_checks->setWordWrap(true);
    m_checks->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_levers->setObjectName(QStringLiteral("leversTable"));
    m_levers->setHorizontalHeaderLabels({ tr("Candidate"), tr("Lever"), tr("Change"), tr("p50 / unit after"),
                                          tr("Saving / unit"), tr("Peak-month saving"), tr("Result") });
    m_levers->verticalHeader()->hide();
    m_levers->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_levers->horizontalHeader()->setSectionResizeMode(LeverChangeColumn, QHeaderView::Stretch);
    m_levers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_levers->setWordWrap(true);

    m_table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_levers->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_error);
    layout->addWidget(m_table);
    layout->addWidget(m_checks);
    layout->addWidget(m_levers, 1);
}

GateReviewPage::~GateReviewPage() = default;

void GateReviewPage::initializePage()
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    m_table->setRowCount(0);
    m_levers->setRowCount(0);
    m_ok = false;
    if (!w)
        return;
    if (w->liveDataPending()) {
        // Comes back here when the live figures arrive (usually long before anyone reaches this page).
        m_summary->setText(tr("Reading live latency and accuracy from the store…"));
        m_summary->setStyleSheet(QString());
        m_error->hide();
        m_checks->clear();
        if (!m_waiting) {
            m_waiting = true;
            connect(w, &GateWizard::liveDataReady, this, [this, w] {
                if (w->currentPage() == this)
                    initializePage();
            });
        }
        emit completeChanged();
        return;
    }
    auto r = w->evaluate();
    if (!r) {
        m_error->setText(tr("The gate cannot be evaluated: %1").arg(QString::fromStdString(r.error().toString())));
        m_error->show();
        m_summary->clear();
        m_checks->clear();
        emit completeChanged();
        return;
    }
    m_error->hide();
    m_ok = true;
    const GateResult& res = *r;
    const std::string& cur = res.currency;
    QString versions;
    for (const std::string& v : res.catalogueVersions)
        versions += (versions.isEmpty() ? QString() : QStringLiteral(", ")) + QString::fromStdString(v);
    QString overall = tr("Overall: %1").arg(verdictStyle(gateVerdictName(res.verdict)).label.toUpper());
    if (res.recommended)
        overall += tr(" — recommended %1 at %2 per unit (p50)")
                       .arg(candidateName(res.candidates[*res.recommended]),
                            gateMoney(res.candidates[*res.recommended].figures.costPerUnitP50, cur));
    else
        overall += tr(" — every candidate is rejected");
    QString live = QString::fromStdString(res.liveDataNote);
    if (!live.isEmpty())
        live[0] = live[0].toUpper();
    m_summary->setText(overall + QStringLiteral("\n")
                       + tr("Prices in force on %1 (%2). %3.")
                             .arg(QString::fromStdString(formatIsoDate(res.evaluatedAtMs)), versions, live));
    const VerdictStyle vs = verdictStyle(gateVerdictName(res.verdict), palette());
    m_summary->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border: 1px solid %2; padding: 6px; "
                                            "border-radius: 3px; }")
                                 .arg(vs.background.name(), vs.foreground.name()));

    QStringList notes;
    for (const GateCandidateResult& c : res.candidates) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const GateFigures& f = c.figures;
        m_table->setItem(row, CandidateColumn, cell(candidateName(c)));
        m_table->setItem(row, P50Column, cell(gateMoney(f.costPerUnitP50, cur), true));
        m_table->setItem(row, P95Column, cell(gateMoney(f.costPerUnitP95, cur), true));
        m_table->setItem(row, Month1Column, cell(gateMoney(f.monthCost[0], cur), true));
        m_table->setItem(row, Month2Column, cell(gateMoney(f.monthCost[1], cur), true));
        m_table->setItem(row, Month3Column, cell(gateMoney(f.monthCost[2], cur), true));
        m_table->setItem(row, TotalColumn, cell(gateMoney(f.threeMonthCost, cur), true));
        auto liveCell = [&](const char* name, const std::optional<double>& v, int decimals, const QString& suffix) {
            const GateCheck* k = check(c, name);
            QTableWidgetItem* item
                = cell(v ? QString::number(*v, 'f', decimals) + suffix : tr("unknown — not checked"), true);
            if (k) {
                item->setToolTip(QString::fromStdString(k->detail));
                if (k->status == GateCheckStatus::Fail)
                    paint(item, "fail", palette());
                else if (!v)
                    item->setForeground(palette().color(QPalette::PlaceholderText));
            }
            return item;
        };
        m_table->setItem(row, LatencyColumn, liveCell("p95_latency_ms", c.liveP95LatencyMs, 0, tr(" ms")));
        m_table->setItem(row, AccuracyColumn, liveCell("accuracy", c.liveAccuracy, 3, QString()));
        auto* verdict = cell(verdictStyle(gateVerdictName(c.verdict)).label);
        paint(verdict, gateVerdictName(c.verdict), palette());
        QStringList why;
        for (const std::string& reason : c.reasons)
            why << QString::fromStdString(reason);
        verdict->setToolTip(why.isEmpty() ? tr("Meets every threshold that could be checked")
                                          : why.join(QLatin1Char('\n')));
        m_table->setItem(row, VerdictColumn, verdict);
        for (const std::string& reason : c.reasons)
            notes << candidateName(c) + QStringLiteral(": ") + QString::fromStdString(reason);

        for (const GateLever& l : c.levers) {
            const int lr = m_levers->rowCount();
            m_levers->insertRow(lr);
            m_levers->setItem(lr, LeverCandidateColumn, cell(candidateName(c)));
            m_levers->setItem(
                lr, LeverKindColumn,
                cell(QString::fromStdString(gateLeverName(l.kind)).replace(QLatin1Char('_'), QLatin1Char(' '))));
            QString change = QString::fromStdString(l.change);
            if (!l.note.empty())
                change += QStringLiteral(" — ") + QString::fromStdString(l.note);
            m_levers->setItem(lr, LeverChangeColumn, cell(change));
            const bool figures = !l.parameter.empty();
            m_levers->setItem(lr, LeverP50Column,
                              cell(figures ? gateMoney(l.figures.costPerUnitP50, cur) : QStringLiteral("—"), true));
            m_levers->setItem(lr, LeverSavingColumn,
                              cell(figures ? gateMoney(l.savingPerUnitP50, cur) : QStringLiteral("—"), true));
            m_levers->setItem(lr, LeverPeakSavingColumn,
                              cell(figures ? gateMoney(l.savingPeakMonth, cur) : QStringLiteral("—"), true));
            auto* result
                = cell(!l.applicable ? tr("not applicable")
                           : l.bringsUnder
                           ? tr("meets the cost thresholds")
                           : tr("not enough (%1)").arg(QString::fromStdString(gateVerdictName(l.costVerdictAfter))));
            paint(result, !l.applicable ? "unknown" : l.bringsUnder ? "pass" : "flagged", palette());
            m_levers->setItem(lr, LeverResultColumn, result);
        }
    }
    int unknown = 0;
    for (const GateCandidateResult& c : res.candidates)
        for (const GateCheck& k : c.checks)
            unknown += k.status == GateCheckStatus::Unknown;
    if (unknown)
        notes << tr("%n check(s) could not be made (no live data for the model): shown as “unknown — not checked”, "
                    "never as passed.",
                    nullptr, unknown);
    if (m_levers->rowCount() == 0)
        notes << tr("Every candidate passes: no levers needed.");
    m_checks->setText(notes.join(QLatin1Char('\n')));
    m_levers->setVisible(m_levers->rowCount() > 0);
    // The table of candidates is as tall as its rows (at most ten), the levers take the rest of the page.
    m_table->resizeRowsToContents();
    int h = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth();
    for (int r = 0; r < std::min(m_table->rowCount(), 10); ++r)
        h += m_table->rowHeight(r);
    m_table->setMaximumHeight(h + 2);
    emit completeChanged();
}

bool GateReviewPage::isComplete() const
{
    return m_ok;
}

} // namespace il::ui
