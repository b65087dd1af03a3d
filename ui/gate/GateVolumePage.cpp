// SPDX-License-Identifier: GPL-3.0-or-later
#include "gate/GateVolumePage.h"

#include "analytics/GateExact.h"
#include "gate/GateInput.h"
#include "gate/GateWizard.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

namespace il::ui {

GateVolumePage::GateVolumePage(QWidget* parent)
    : QWizardPage(parent)
    , m_units(new GateInput(QStringLiteral("unitsPerMonthEdit"),
                            gaterules::whole(1, kGateMaxUnitsPerMonth, true, tr("units")), tr("e.g. 20000"), this))
    , m_growth(new GateInput(QStringLiteral("growthEdit"),
                             gaterules::decimal(-kGateOne, kGateMaxGrowth, true, false, true,
                                                tr("a percentage above -100 and at most 1000")),
                             tr("% a month, e.g. 15 (empty: no growth)"), this))
    , m_preview(new QLabel(this))
    , m_prefill(new QPushButton(this))
{
    setTitle(tr("Volume"));
    setSubTitle(tr("How many units a month at launch, and how fast that grows over the first three months "
                   "(the calibration period the estimate is held to)."));
    m_preview->setObjectName(QStringLiteral("monthsPreviewLabel"));
    m_preview->setWordWrap(true);
    m_prefill->setObjectName(QStringLiteral("prefillVolumeButton"));
    m_prefill->hide();
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Units a &month at launch:"), m_units);
    form->addRow(tr("Monthly &growth (%):"), m_growth);
    for (GateInput* in : { m_units, m_growth })
        if (auto* l = qobject_cast<QLabel*>(form->labelForField(in)))
            l->setBuddy(in->edit());
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_preview);
    layout->addWidget(m_prefill, 0, Qt::AlignLeft);
    layout->addStretch(1);
    for (GateInput* in : { m_units, m_growth })
        connect(in, &GateInput::changed, this, [this] {
            updatePreview();
            emit completeChanged();
        });
    connect(m_prefill, &QPushButton::clicked, this, [this] { applyPrefill(true); });
    updatePreview();
}

GateVolumePage::~GateVolumePage() = default;

void GateVolumePage::initializePage()
{
    applyPrefill(false);
}

void GateVolumePage::applyPrefill(bool force)
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    const auto* p = w && w->prefill() ? &*w->prefill() : nullptr;
    m_prefill->setVisible(p && p->unitsPerMonth);
    if (!p || !p->unitsPerMonth)
        return;
    const QString units = QString::number(*p->unitsPerMonth);
    m_prefill->setText(tr("Use %1's volume (%2 units a month)").arg(QString::fromStdString(p->feature), units));
    if (force)
        m_units->setText(units);
    else
        m_units->setTextIfEmpty(units);
    m_units->setNote(
        tr("%1 had %2 units in its last %3 days.").arg(QString::fromStdString(p->feature), units).arg(kGateLiveDays));
}

void GateVolumePage::updatePreview()
{
    const auto units = gaterules::wholeValue(m_units->text());
    const auto growth
        = m_growth->isEmpty() ? std::optional<int64_t>(0) : gaterules::decimalValue(m_growth->text(), true);
    if (!m_units->isValid() || !m_growth->isValid() || !units || !growth) {
        m_preview->setText(tr("Months 1–3: enter the volume to see them."));
        return;
    }
    // The same exact figures the evaluation uses (units × (1 + g)^(m−1), half to even at 10^-9).
    QStringList months;
    GateExact factor(1);
    for (int m = 0; m < 3; ++m) {
        GateExact n = factor * GateExact(uint64_t(*units)) * GateExact(uint64_t(kGateOne));
        auto v = n.roundedDivPow10(9 * m);
        months << (v ? QString::fromStdString(formatGateDecimal(*v)) : QStringLiteral("—"));
        factor *= uint64_t(kGateOne + *growth);
    }
    m_preview->setText(tr("Units in months 1, 2 and 3: %1.").arg(months.join(QStringLiteral(" · "))));
}

bool GateVolumePage::isComplete() const
{
    return m_units->isValid() && m_growth->isValid();
}

void GateVolumePage::contribute(nlohmann::json& spec) const
{
    if (auto u = gaterules::wholeValue(m_units->text()))
        spec["units_per_month"] = *u;
    else
        spec["units_per_month"] = m_units->text().toStdString();
    auto g = m_growth->isEmpty() ? std::optional<int64_t>(0) : gaterules::decimalValue(m_growth->text(), true);
    spec["monthly_growth"] = g ? formatGateDecimal(*g) : m_growth->text().toStdString();
}

void GateVolumePage::load(const GateSpec& spec)
{
    m_units->setText(QString::number(spec.unitsPerMonth));
    m_growth->setText(QString::fromStdString(formatGateDecimal(spec.monthlyGrowth * 100)));
}

} // namespace il::ui
