// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 1: the feature, its unit of value, and the similar live feature that prefills the rest.
#pragma once

#include "analytics/GateEvaluation.h"

#include <QWizardPage>

#include <nlohmann/json_fwd.hpp>

class QComboBox;
class QLabel;

namespace il::ui {

class GateInput;

class GateFeaturePage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GateFeaturePage)
public:
    explicit GateFeaturePage(QWidget* parent = nullptr);
    ~GateFeaturePage() override;

    void initializePage() override;
    void fillSimilar(); // the similar-feature list, from what the wizard has read of the store so far
    bool isComplete() const override;

    void contribute(nlohmann::json& spec) const;
    void load(const GateSpec& spec);

private:
    void similarChanged();

    GateInput* m_feature;
    GateInput* m_unit;
    GateInput* m_description;
    QComboBox* m_similar;
    QLabel* m_similarNote;
    QLabel* m_storeProblem;
    bool m_filledCombo = false;
};

} // namespace il::ui
