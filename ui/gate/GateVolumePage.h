// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 2: volume — units a month at launch and the monthly growth over the calibration period.
#pragma once

#include "analytics/GateEvaluation.h"

#include <QWizardPage>

#include <nlohmann/json_fwd.hpp>

class QLabel;
class QPushButton;

namespace il::ui {

class GateInput;

class GateVolumePage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GateVolumePage)
public:
    explicit GateVolumePage(QWidget* parent = nullptr);
    ~GateVolumePage() override;

    void initializePage() override;
    bool isComplete() const override;

    void contribute(nlohmann::json& spec) const;
    void load(const GateSpec& spec);

private:
    void updatePreview();
    void applyPrefill(bool force);

    GateInput* m_units;
    GateInput* m_growth;
    QLabel* m_preview;
    QPushButton* m_prefill;
};

} // namespace il::ui
