// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 5: targets — maximum cost per unit, monthly budget, p95 latency and minimum accuracy,
// prefilled from the similar live feature where the store has its figures.
#pragma once

#include "analytics/GateEvaluation.h"

#include <QWizardPage>

#include <nlohmann/json_fwd.hpp>

class QLabel;
class QPushButton;

namespace il::ui {

class GateInput;

class GateTargetsPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GateTargetsPage)
public:
    explicit GateTargetsPage(QWidget* parent = nullptr);
    ~GateTargetsPage() override;

    void initializePage() override;
    bool isComplete() const override;

    void contribute(nlohmann::json& spec) const;
    void load(const GateSpec& spec);

private:
    void applyPrefill(bool force);

    GateInput* m_maxCost;
    GateInput* m_budget;
    GateInput* m_latency;
    GateInput* m_accuracy;
    QPushButton* m_prefill;
    QLabel* m_prefillNote;
};

} // namespace il::ui
