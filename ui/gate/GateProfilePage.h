// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 3: the request profile of one unit — requests per unit, input and output tokens per request
// at p50 and p95, the cached share of input and the retry rate.
#pragma once

#include "analytics/GateEvaluation.h"

#include <QWizardPage>

#include <nlohmann/json_fwd.hpp>

class QLabel;
class QPushButton;

namespace il::ui {

class GateInput;

class GateProfilePage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GateProfilePage)
public:
    explicit GateProfilePage(QWidget* parent = nullptr);
    ~GateProfilePage() override;

    void initializePage() override;
    bool isComplete() const override;

    void contribute(nlohmann::json& spec) const;
    void load(const GateSpec& spec);

private:
    void applyPrefill(bool force);

    GateInput* m_requests;
    GateInput* m_inP50;
    GateInput* m_inP95;
    GateInput* m_outP50;
    GateInput* m_outP95;
    GateInput* m_cached;
    GateInput* m_retry;
    QPushButton* m_prefill;
    QLabel* m_prefillNote;
};

} // namespace il::ui
