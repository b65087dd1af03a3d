// SPDX-License-Identifier: GPL-3.0-or-later
// The overview: headline tiles (spend, change against the previous period, blended cost per unit, cache hit
// rate, unattributed and unpriced spend, gate breaches), spend over time stacked by feature and cost per unit
// over time per feature. It shows what the window's loader computed; it never queries the store.
#pragma once

#include <QWidget>

namespace il::ui {

class MessageBanner;
class StatTile;
class TimeChartView;
struct DashboardData;

class OverviewPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)
public:
    explicit OverviewPage(QWidget* parent = nullptr);
    ~OverviewPage() override;

    void setData(const DashboardData& data);
    // No figures (empty store, unreadable store, loading): every tile says "—" and the charts say why.
    void clear(const QString& why);

    StatTile* spendTile() const { return m_spend; }
    StatTile* changeTile() const { return m_change; }
    StatTile* costPerUnitTile() const { return m_costPerUnit; }
    StatTile* cacheTile() const { return m_cache; }
    StatTile* unattributedTile() const { return m_unattributed; }
    StatTile* unpricedTile() const { return m_unpriced; }
    StatTile* gatesTile() const { return m_gates; }
    TimeChartView* spendChart() const { return m_spendChart; }
    TimeChartView* costPerUnitChart() const { return m_cpuChart; }

signals:
    void featureActivated(const QString& feature);
    void gatesRequested();

private:
    StatTile* m_spend;
    StatTile* m_change;
    StatTile* m_costPerUnit;
    StatTile* m_cache;
    StatTile* m_unattributed;
    StatTile* m_unpriced;
    StatTile* m_gates;
    MessageBanner* m_breach;
    TimeChartView* m_spendChart;
    TimeChartView* m_cpuChart;
};

} // namespace il::ui
