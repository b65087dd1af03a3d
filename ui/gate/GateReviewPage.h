// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 6: review — per candidate the cost per unit at p50 and p95, the spend in months 1..3,
// the live latency and accuracy (or "unknown — not checked"), the verdict in its colour; and for the
// candidates that fail, the levers that would bring them under and by how much.
#pragma once

#include <QWizardPage>

class QLabel;
class QTableWidget;

namespace il::ui {

class GateReviewPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GateReviewPage)
public:
    enum Column {
        CandidateColumn,
        P50Column,
        P95Column,
        Month1Column,
        Month2Column,
        Month3Column,
        TotalColumn,
        LatencyColumn,
        AccuracyColumn,
        VerdictColumn,
        ColumnCount
    };
    enum LeverColumn {
        LeverCandidateColumn,
        LeverKindColumn,
        LeverChangeColumn,
        LeverP50Column,
        LeverSavingColumn,
        LeverPeakSavingColumn,
        LeverResultColumn,
        LeverColumnCount
    };

    explicit GateReviewPage(QWidget* parent = nullptr);
    ~GateReviewPage() override;

    void initializePage() override;
    bool isComplete() const override;

private:
    QLabel* m_summary;
    QLabel* m_error;
    QTableWidget* m_table;
    QLabel* m_checks;
    QTableWidget* m_levers;
    bool m_ok = false;
    bool m_waiting = false;
};

} // namespace il::ui
