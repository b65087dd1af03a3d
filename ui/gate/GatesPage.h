// SPDX-License-Identifier: GPL-3.0-or-later
// The Gates page: every recorded gate version (decision, verdict, content hash, what it supersedes), the
// latest version's actual cost per unit against its estimate and threshold (within the dashboard's date range
// when it is given one), and the actions — a new gate, a new version of the selected one (the wizard filled
// from its spec), the sign-off PDF. The gate table is read off the UI thread on a read-only connection of its
// own; the page never writes (the wizard records on a short-lived writer of its own).
#pragma once

#include "analytics/GateTracking.h"
#include "store/GateStore.h"

#include <QThreadPool>
#include <QWidget>

#include <memory>

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

// What one background read of the page hands back (QFuture needs a default-constructible value).
struct GatesPageLoad {
    std::vector<GateRecord> records;
    std::vector<GateTrackingRow> tracking;
    std::string error; // the gates could not be read (nothing to show)
    std::string trackingError; // the actuals could not be read (the gates still show)
};

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

    // Re-reads the gates in the background (after a wizard records one, or an import changes the actuals); a
    // read in flight is superseded. `loaded` says when the table shows the result.
    void refresh();
    bool isLoading() const { return m_loading; }
    // Tracks the actuals within the dashboard's date range (`label` names it, e.g. "2026-05-02 – 2026-05-31");
    // without one they are tracked since launch. Re-reads when the window changes.
    void setTrackingWindow(const GateTrackingWindow& window, const QString& label);
    // Opens the wizard (new gate, or a new version of the selected gate); it is returned for tests.
    GateWizard* newGate();
    GateWizard* newVersion();
    bool exportSelectedPdf(const QString& path);

    // The page's own worker (one thread): its reads never queue behind, or hold up, the global pool that Qt itself
    // paints with. Tests hold it up to show that the page never waits for a read.
    QThreadPool* readPool() { return &m_pool; }

    QStandardItemModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    std::optional<GateRecord> selectedRecord() const;

signals:
    void gateRecorded(qint64 id);
    void loaded();

private:
    GateWizard* openWizard(const GateSpec* startFrom);
    void showLoad(GatesPageLoad load);
    void selectionChanged();
    void exportSelected();

    std::string m_storePath;
    std::optional<GateTrackingWindow> m_window;
    QString m_windowLabel;
    QThreadPool m_pool;
    quint64 m_generation = 0; // of the newest read; older results are dropped
    bool m_loading = false;
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
