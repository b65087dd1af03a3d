// SPDX-License-Identifier: GPL-3.0-or-later
// One feature over time: cost per unit, model mix, latency p50/p95, accuracy, tokens per request and, once the
// feature has a gate, its actual cost per unit against the gate's estimate and threshold (with a banner when
// it is over). Opened from a row of the Features or Models table; Back returns there.
#pragma once

#include <QWidget>

class QLabel;
class QToolButton;
class QGridLayout;

namespace il::ui {

class MessageBanner;
class TimeChartView;
struct DashboardData;

class FeaturePage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeaturePage)
public:
    explicit FeaturePage(QWidget* parent = nullptr);
    ~FeaturePage() override;

    // Switches to a feature: its name shows at once, the figures when the next load arrives.
    void showFeature(const QString& feature);
    QString feature() const { return m_feature; }
    // Fills the page from a load that carries this feature's detail (others are ignored).
    void setData(const DashboardData& data);
    void clear(const QString& why);

    TimeChartView* costPerUnitChart() const { return m_cpu; }
    TimeChartView* modelMixChart() const { return m_mix; }
    TimeChartView* latencyChart() const { return m_latency; }
    TimeChartView* accuracyChart() const { return m_accuracy; }
    TimeChartView* tokensChart() const { return m_tokens; }
    TimeChartView* gateChart() const { return m_gate; }
    MessageBanner* gateBanner() const { return m_gateBanner; }
    QLabel* figuresLabel() const { return m_figures; }

signals:
    void backRequested();

private:
    QString m_feature;
    QToolButton* m_back;
    QLabel* m_title;
    QLabel* m_figures;
    MessageBanner* m_gateBanner;
    TimeChartView* m_cpu;
    TimeChartView* m_mix;
    TimeChartView* m_latency;
    TimeChartView* m_accuracy;
    TimeChartView* m_tokens;
    TimeChartView* m_gate;
    QGridLayout* m_grid;
};

} // namespace il::ui
