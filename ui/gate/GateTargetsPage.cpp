// SPDX-License-Identifier: GPL-3.0-or-later
#include "gate/GateTargetsPage.h"

#include "analytics/GateExact.h"
#include "gate/GateInput.h"
#include "gate/GateWizard.h"

#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include <cmath>

namespace il::ui {

GateTargetsPage::GateTargetsPage(QWidget* parent)
    : QWizardPage(parent)
    , m_maxCost(new GateInput(QStringLiteral("maxCostEdit"),
                              gaterules::decimal(0, INT64_MAX, true, true, false, tr("a positive amount, e.g. 0.02")),
                              tr("per unit, e.g. 0.02"), this))
    , m_budget(new GateInput(QStringLiteral("budgetEdit"),
                             gaterules::decimal(0, INT64_MAX, true, false, false, tr("a positive amount")),
                             tr("per month, e.g. 2000 (empty: not checked)"), this))
    , m_latency(new GateInput(QStringLiteral("latencyEdit"),
                              gaterules::whole(1, 7LL * 86'400'000, false, tr("milliseconds")),
                              tr("ms, e.g. 3000 (empty: not checked)"), this))
    , m_accuracy(new GateInput(QStringLiteral("accuracyEdit"),
                               gaterules::decimal(0, kGateOne, false, false, false, tr("a score from 0 to 1")),
                               tr("eval score 0..1, e.g. 0.85 (empty: not checked)"), this))
    , m_prefill(new QPushButton(this))
    , m_prefillNote(new QLabel(this))
{
    setTitle(tr("Targets"));
    setSubTitle(tr("A candidate is rejected when its p50 cost per unit is over the maximum, flagged when its p95 "
                   "cost per unit or its peak monthly spend is over the maximum or the budget, or its live latency "
                   "or accuracy misses the target."));
    m_prefill->setObjectName(QStringLiteral("prefillTargetsButton"));
    m_prefill->hide();
    m_prefillNote->setObjectName(QStringLiteral("targetsPrefillLabel"));
    m_prefillNote->setWordWrap(true);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Maximum &cost per unit ($):"), m_maxCost);
    form->addRow(tr("Monthly &budget ($):"), m_budget);
    form->addRow(tr("Maximum p95 &latency (ms):"), m_latency);
    form->addRow(tr("Minimum &accuracy:"), m_accuracy);
    for (GateInput* in : { m_maxCost, m_budget, m_latency, m_accuracy })
        if (auto* l = qobject_cast<QLabel*>(form->labelForField(in)))
            l->setBuddy(in->edit());
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_prefill, 0, Qt::AlignLeft);
    layout->addWidget(m_prefillNote);
    layout->addStretch(1);
    for (GateInput* in : { m_maxCost, m_budget, m_latency, m_accuracy })
        connect(in, &GateInput::changed, this, &QWizardPage::completeChanged);
    connect(m_prefill, &QPushButton::clicked, this, [this] { applyPrefill(true); });
}

GateTargetsPage::~GateTargetsPage() = default;

void GateTargetsPage::initializePage()
{
    applyPrefill(false);
}

void GateTargetsPage::applyPrefill(bool force)
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    const auto* p = w && w->prefill() ? &*w->prefill() : nullptr;
    const bool any = p && (p->costPerUnit || p->p95LatencyMs || p->accuracy);
    m_prefill->setVisible(any);
    if (!any) {
        m_prefillNote->setText(p ? tr("%1 has no cost per unit, latency or accuracy in the last %2 days to start from.")
                                       .arg(QString::fromStdString(p->feature))
                                       .arg(kGateLiveDays)
                                 : QString());
        return;
    }
    const QString feature = QString::fromStdString(p->feature);
    m_prefill->setText(tr("Fill from %1").arg(feature));
    auto put = [&](GateInput* in, const QString& t) {
        if (force)
            in->setText(t);
        else
            in->setTextIfEmpty(t);
    };
    QStringList said;
    if (p->costPerUnit) {
        put(m_maxCost, QString::fromStdString(formatNanos(*p->costPerUnit, 2, 9)));
        said << tr("cost per unit %1").arg(gateMoney(*p->costPerUnit));
        // What a feature like it would spend at this volume in month 3 (units × (1+g)² × its cost per unit).
        if (auto spec = w->previewSpecJson()) {
            auto parsed = gateSpecFromJson(*spec, "wizard");
            if (parsed) {
                GateExact n = GateExact::product({ parsed->unitsPerMonth, kGateOne + parsed->monthlyGrowth,
                                                   kGateOne + parsed->monthlyGrowth, *p->costPerUnit });
                if (auto v = n.roundedDivPow10(18)) {
                    // Budgets are round figures: up to the next whole unit of money.
                    const int64_t whole = (*v + kGateOne - 1) / kGateOne * kGateOne;
                    put(m_budget, QString::fromStdString(formatNanos(whole, 0, 9)));
                    m_budget->setNote(
                        tr("%1's cost per unit × this feature's month-3 volume, rounded up.").arg(feature));
                }
            }
        }
    }
    if (p->p95LatencyMs) {
        // Latency targets are set in round hundreds of milliseconds, up.
        put(m_latency, QString::number(int64_t(std::ceil(*p->p95LatencyMs / 100.0) * 100)));
        said << tr("p95 latency %1 ms").arg(std::llround(*p->p95LatencyMs));
    }
    if (p->accuracy) {
        put(m_accuracy, QString::number(std::floor(*p->accuracy * 100.0) / 100.0, 'f', 2));
        said << tr("accuracy %1").arg(*p->accuracy, 0, 'f', 3);
    }
    m_prefillNote->setText(tr("Prefilled from %1 (last %2 days): %3. These are where a similar feature is today; "
                              "set them to what this one must meet.")
                               .arg(feature)
                               .arg(kGateLiveDays)
                               .arg(said.join(QStringLiteral(", "))));
}

bool GateTargetsPage::isComplete() const
{
    return m_maxCost->isValid() && m_budget->isValid() && m_latency->isValid() && m_accuracy->isValid();
}

void GateTargetsPage::contribute(nlohmann::json& spec) const
{
    nlohmann::json t = nlohmann::json::object();
    t["max_cost_per_unit"] = m_maxCost->text().toStdString();
    if (!m_budget->isEmpty())
        t["monthly_budget"] = m_budget->text().toStdString();
    if (!m_latency->isEmpty()) {
        auto v = gaterules::wholeValue(m_latency->text());
        t["max_p95_latency_ms"] = v ? nlohmann::json(*v) : nlohmann::json(m_latency->text().toStdString());
    }
    if (!m_accuracy->isEmpty())
        t["min_accuracy"] = m_accuracy->text().toStdString();
    spec["thresholds"] = t;
}

void GateTargetsPage::load(const GateSpec& s)
{
    m_maxCost->setText(QString::fromStdString(formatNanos(s.thresholds.maxCostPerUnit, 2, 9)));
    m_budget->setText(s.thresholds.monthlyBudget
                          ? QString::fromStdString(formatNanos(*s.thresholds.monthlyBudget, 0, 9))
                          : QString());
    m_latency->setText(s.thresholds.maxP95LatencyMs ? QString::number(*s.thresholds.maxP95LatencyMs) : QString());
    m_accuracy->setText(s.thresholds.minAccuracy ? QString::fromStdString(formatGateDecimal(*s.thresholds.minAccuracy))
                                                 : QString());
}

} // namespace il::ui
