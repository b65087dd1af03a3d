// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the dashboard's queries off the UI thread: one job per refresh computes, for the filters, the summary
// and the previous period's summary (every page shows those figures) and the parts the page on screen needs
// (the time series, each feature's models, a feature's detail, gate tracking), so the pages cannot disagree
// and nobody waits for a page they are not looking at. Each job opens its own read-only Store (SQLite
// handles are never shared between threads) and returns its result by value; a newer job supersedes an
// older one, which stops at its next step and is dropped.
#pragma once

#include "DatePeriod.h"
#include "analytics/GateTracking.h"
#include "analytics/Summary.h"
#include "analytics/TimeSeries.h"
#include "domain/Result.h"
#include "item/ModelEconomicsModel.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace il::ui {

// What a job computes beyond the summaries.
namespace part {
    inline constexpr unsigned Series = 1; // the overview's charts
    inline constexpr unsigned Models = 2; // each feature's summary by model
    inline constexpr unsigned Detail = 4; // the open feature page (needs detailFeature)
    inline constexpr unsigned Gates = 8; // gate tracking (follows the date range and the feature filter)
    inline constexpr unsigned All = Series | Models | Detail | Gates;
} // namespace part

struct DashboardQuery {
    DatePreset preset = DatePreset::Last30Days;
    DatePeriod custom; // for DatePreset::Custom
    std::vector<std::string> providers, models, features; // empty: all
    Resolution resolution = Resolution::Auto;
    std::string detailFeature; // the feature whose page is open ("": none)
    unsigned parts = part::All;
};

// The filters alone (not the parts, not the open feature): loads with equal keys show the same figures.
std::string filterKey(const DashboardQuery& query);

// One feature's page: its figures over time under the provider and model filters.
struct FeatureDetail {
    std::string feature;
    Summary summary, previous; // features = {feature}
    TimeSeries series; // split by feature: cost per unit, latency, accuracy, tokens per request
    TimeSeries byModel; // split by model: the model mix
    std::optional<GateTrackingRow> gate; // its newest gate, tracked within the period (since launch)
};

struct DashboardData {
    DashboardQuery query;
    DataRange range; // all the data in the store
    DatePeriod period; // the days the figures cover
    DatePeriod previousPeriod; // as many days just before
    Bucket bucket = Bucket::Day; // of the time series
    Summary summary; // by feature, with the filters: what `inferledger summary` prints
    Summary previous; // the same over previousPeriod
    TimeSeries byFeature; // split by feature
    std::vector<FeatureModels> models; // per feature (of summary), its summary by model
    std::vector<std::string> featureNames, modelNames, providerNames; // everything in the store
    std::vector<GateTrackingRow> gates; // of the filtered features, tracked within the period
    std::string gateError; // gate tracking failed (the rest still shows)
    std::optional<FeatureDetail> detail;
    unsigned parts = 0; // what was computed (part::*)
    double seconds = 0; // the job's own time
};

// The summary filter of a query for a period (name filters applied).
SummaryFilter summaryFilterFor(const DashboardQuery& query, const DatePeriod& period);

// Safe on any thread: everything it touches is its own. `superseded` is polled between steps; when it returns
// true the job gives up (its error then says so; nobody shows it).
Result<DashboardData> loadDashboard(const std::string& storePath, const DashboardQuery& query,
                                    const std::function<bool()>& superseded = {});

class DashboardLoader final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardLoader)
public:
    explicit DashboardLoader(std::string storePath, QObject* parent = nullptr);
    ~DashboardLoader() override;

    void load(const DashboardQuery& query);
    bool isLoading() const { return m_loading; }
    quint64 generation() const { return m_generation; }
    // Waits for every load in flight (tests, shutdown). Results still arrive through the event loop.
    void waitForIdle();

signals:
    void loadingChanged(bool loading);
    void loaded(const il::ui::DashboardData& data);
    void failed(const QString& message);

private:
    void setLoading(bool loading);

    std::string m_storePath;
    // The loader's own threads: a query is niced below the UI thread, so that on a busy machine the window is
    // never the one kept waiting for a CPU; other work (imports, reports) keeps the global pool's priority.
    QThreadPool m_pool;
    quint64 m_generation = 0; // of the newest load; older results are dropped when they arrive
    std::shared_ptr<std::atomic<quint64>> m_latest; // the same, for the workers to poll
    bool m_loading = false;
};

} // namespace il::ui
