// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 7: the decision — approve, approve with conditions or reject, the candidate launched with,
// approvers and notes. Next records it (an immutable new version in the store).
#pragma once

#include "store/GateStore.h"

#include <QWizardPage>

class QButtonGroup;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QRadioButton;

namespace il::ui {

class GateInput;

class GateDecisionPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GateDecisionPage)
public:
    explicit GateDecisionPage(QWidget* parent = nullptr);
    ~GateDecisionPage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override; // records the decision

    GateDecision decision() const;

private:
    void update();
    void recordingFinished(bool ok, const QString& problem);

    QRadioButton* m_approve;
    QRadioButton* m_conditions;
    QRadioButton* m_reject;
    QButtonGroup* m_group;
    QComboBox* m_candidate;
    GateInput* m_approvers;
    QPlainTextEdit* m_conditionsEdit;
    QPlainTextEdit* m_notes;
    QLabel* m_hint;
    QString m_problem;
};

} // namespace il::ui
