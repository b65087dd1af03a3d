// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 4: candidate models from the catalogue, side by side — their rates and, from the profile
// entered so far, the estimated cost per unit at p50 and p95 (at standard or batch rates).
#pragma once

#include "analytics/GateEvaluation.h"

#include <QWizardPage>

#include <nlohmann/json_fwd.hpp>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace il::ui {

class GateCandidatesPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GateCandidatesPage)
public:
    enum Column {
        ModelColumn,
        BatchColumn,
        InputColumn,
        CachedColumn,
        OutputColumn,
        P50Column,
        P95Column,
        ColumnCount
    };

    explicit GateCandidatesPage(QWidget* parent = nullptr);
    ~GateCandidatesPage() override;

    void initializePage() override;
    bool isComplete() const override;

    void contribute(nlohmann::json& spec) const;
    void load(const GateSpec& spec);

    // Adds "provider/model" as it appears in the picker; false when it is not in the catalogue.
    bool addCandidate(const QString& providerSlashModel, bool batch);
    int candidateCount() const;

private:
    void addFromPicker();
    void removeSelected();
    void refreshEstimates();
    void validate();
    void fillPicker();

    QComboBox* m_picker;
    QCheckBox* m_batch;
    QPushButton* m_add;
    QPushButton* m_remove;
    QPushButton* m_addSimilar;
    QTableWidget* m_table;
    QLabel* m_hint;
    QString m_problem;
    bool m_updating = false;
};

} // namespace il::ui
