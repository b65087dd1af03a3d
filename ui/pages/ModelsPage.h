// SPDX-License-Identifier: GPL-3.0-or-later
// Models: cost against accuracy for each (feature, model), latency in the tooltip, each feature's
// cost/accuracy Pareto frontier drawn through the models it keeps, and the marginal cost of each accuracy
// point along it, in a chart and a sortable table.
#pragma once

#include <QWidget>

class QLabel;

namespace il {
class ModelEconomicsModel;
}

namespace il::ui {

class FeatureTableProxy;
class PlaceholderTableView;
class ScatterChartView;
struct DashboardData;

class ModelsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelsPage)
public:
    explicit ModelsPage(QWidget* parent = nullptr);
    ~ModelsPage() override;

    void setData(const DashboardData& data);
    void clear(const QString& why);

    ModelEconomicsModel* model() const { return m_model; }
    PlaceholderTableView* table() const { return m_table; }
    ScatterChartView* chart() const { return m_chart; }
    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray& state);

signals:
    void featureActivated(const QString& feature);

private:
    ModelEconomicsModel* m_model;
    FeatureTableProxy* m_proxy;
    ScatterChartView* m_chart;
    PlaceholderTableView* m_table;
    QLabel* m_note;
};

} // namespace il::ui
