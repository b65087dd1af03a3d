// SPDX-License-Identifier: GPL-3.0-or-later
#include "gate/GateFeaturePage.h"

#include "gate/GateInput.h"
#include "gate/GateWizard.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

namespace il::ui {

GateFeaturePage::GateFeaturePage(QWidget* parent)
    : QWizardPage(parent)
    , m_feature(
          new GateInput(QStringLiteral("featureEdit"), gaterules::text(true, 120), tr("e.g. claims-triage"), this))
    , m_unit(new GateInput(QStringLiteral("unitEdit"), gaterules::text(true, 80), tr("e.g. claim_triaged"), this))
    , m_description(new GateInput(QStringLiteral("descriptionEdit"), gaterules::text(false, 400),
                                  tr("What it does, in one sentence (optional)"), this))
    , m_similar(new QComboBox(this))
    , m_similarNote(new QLabel(this))
    , m_storeProblem(new QLabel(this))
{
    setTitle(tr("Feature and unit of value"));
    setSubTitle(tr("The gate estimates what one unit of value costs — a claim triaged, a ticket resolved — "
                   "before the feature launches."));
    m_similar->setObjectName(QStringLiteral("similarFeatureCombo"));
    m_similarNote->setObjectName(QStringLiteral("similarFeatureNote"));
    m_similarNote->setWordWrap(true);
    m_storeProblem->setObjectName(QStringLiteral("storeProblemLabel"));
    m_storeProblem->setWordWrap(true);
    m_storeProblem->setStyleSheet(QStringLiteral("color: #c0223b"));
    m_storeProblem->hide();

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Feature:"), m_feature);
    form->addRow(tr("&Unit of value:"), m_unit);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&Similar live feature:"), m_similar);
    form->addRow(QString(), m_similarNote);
    for (GateInput* in : { m_feature, m_unit, m_description })
        if (auto* l = qobject_cast<QLabel*>(form->labelForField(in)))
            l->setBuddy(in->edit());
    if (auto* l = qobject_cast<QLabel*>(form->labelForField(m_similar)))
        l->setBuddy(m_similar);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_storeProblem);
    layout->addLayout(form);
    layout->addStretch(1);

    for (GateInput* in : { m_feature, m_unit, m_description })
        connect(in, &GateInput::changed, this, &QWizardPage::completeChanged);
    connect(m_similar, &QComboBox::currentIndexChanged, this, &GateFeaturePage::similarChanged);
}

GateFeaturePage::~GateFeaturePage() = default;

void GateFeaturePage::initializePage()
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    if (!w || m_filledCombo)
        return;
    m_filledCombo = true;
    // The live features arrive with the store's read (in the background); until then the list says so.
    connect(w, &GateWizard::liveDataReady, this, &GateFeaturePage::fillSimilar);
    fillSimilar();
}

void GateFeaturePage::fillSimilar()
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    if (!w)
        return;
    if (!w->storeProblem().isEmpty()) {
        m_storeProblem->setText(tr("The store could not be opened, so nothing can be recorded and no live figures "
                                   "are used: %1")
                                    .arg(w->storeProblem()));
        m_storeProblem->show();
    }
    const QSignalBlocker block(m_similar);
    m_similar->clear();
    if (w->liveDataPending()) {
        m_similar->addItem(tr("(reading the live features…)"), QString());
        m_similar->setEnabled(false);
        m_similarNote->setText(tr("Reading the store's last %1 days…").arg(kGateLiveDays));
        return;
    }
    m_similar->addItem(tr("(none)"), QString());
    for (const QString& f : w->liveFeatureNames())
        m_similar->addItem(f, f);
    m_similar->setEnabled(m_similar->count() > 1);
    m_similarNote->setText(m_similar->count() > 1
                               ? tr("Its last %1 days prefill the request profile and the targets.").arg(kGateLiveDays)
                               : tr("No live features in the store: every figure is entered by hand."));
}

bool GateFeaturePage::isComplete() const
{
    return m_feature->isValid() && m_unit->isValid() && m_description->isValid();
}

void GateFeaturePage::similarChanged()
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    if (!w)
        return;
    const QString feature = m_similar->currentData().toString();
    w->setSimilarFeature(feature);
    const auto& p = w->prefill();
    if (!p) {
        m_similarNote->setText(feature.isEmpty()
                                   ? tr("Every figure is entered by hand.")
                                   : tr("No figures for %1 in the last %2 days.").arg(feature).arg(kGateLiveDays));
        return;
    }
    if (!p->unit.empty())
        m_unit->setTextIfEmpty(QString::fromStdString(p->unit));
    m_similarNote->setText(tr("%1: %2 requests in the last %3 days. Its figures prefill the next pages (where you "
                              "have not typed yet).")
                               .arg(feature)
                               .arg(p->requests)
                               .arg(kGateLiveDays));
}

void GateFeaturePage::contribute(nlohmann::json& spec) const
{
    spec["feature"] = m_feature->text().toStdString();
    spec["unit"] = m_unit->text().toStdString();
    if (!m_description->isEmpty())
        spec["description"] = m_description->text().toStdString();
}

void GateFeaturePage::load(const GateSpec& spec)
{
    m_feature->setText(QString::fromStdString(spec.feature));
    m_unit->setText(QString::fromStdString(spec.unit));
    m_description->setText(QString::fromStdString(spec.description));
}

} // namespace il::ui
