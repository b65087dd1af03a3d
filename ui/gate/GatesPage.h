// SPDX-License-Identifier: GPL-3.0-or-later
// The Gates page: every recorded gate version (decision, verdict, content hash, what it supersedes), the
// latest version's actual cost per unit against its estimate and threshold, and the actions — a new gate,
// a new version of the selected one (the wizard filled from its spec), the sign-off PDF.
#pragma once

#include "store/GateStore.h"

#include <QWidget>

#include <optional>
#include <string>
#include <vector>

class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;
class QTextBrowser;

namespace il::ui {

class GateWizard;

class GatesPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatesPage)
public:
    enum Column {
        FeatureColumn,
        VersionColumn,
        DecisionColumn,
        VerdictColumn,
        CandidateColumn,
        EstimateColumn,
        ActualColumn,
        BreachColumn,
        RecordedColumn,
        HashColumn,
        ColumnCount
    };

    explicit GatesPage(std::string storePath, QWidget* parent = nullptr);
    ~GatesPage() override;

    // Re-reads the gates (after a wizard records one, or an import changes the actuals).
    void refresh();
    // Opens the wizard (new gate, or a new version of the selected gate); it is returned for tests.
    GateWizard* newGate();
    GateWizard* newVersion();
    bool exportSelectedPdf(const QString& path);

    QStandardItemModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    std::optional<GateRecord> selectedRecord() const;

signals:
    void gateRecorded(qint64 id);

private:
    GateWizard* openWizard(const GateSpec* startFrom);
    void selectionChanged();
    void exportSelected();

    std::string m_storePath;
    std::vector<GateRecord> m_records; // in model row order
    QStandardItemModel* m_model;
    QTableView* m_view;
    QTextBrowser* m_details;
    QLabel* m_status;
    QPushButton* m_new;
    QPushButton* m_newVersion;
    QPushButton* m_export;
    QPushButton* m_refresh;
};

} // namespace il::ui
