// SPDX-License-Identifier: GPL-3.0-or-later
// Points in groups (one colour per group) with an optional frontier line per group: the Models page's
// cost against accuracy per (feature, model), the Pareto frontier drawn through the points it keeps.
#pragma once

#include "charts/ChartView.h"
#include "charts/ValueFormat.h"

#include <QPointF>

#include <string>
#include <vector>

class QLineSeries;
class QLogValueAxis;
class QScatterSeries;
class QValueAxis;

namespace il::ui {

struct ScatterPoint {
    QPointF at;
    QString toolTip; // rich text
};

struct ScatterGroup {
    QString name;
    int colorIndex = 0;
    std::vector<ScatterPoint> points;
    std::vector<QPointF> frontier; // by x; drawn as a line through those points
};

struct ScatterChartData {
    std::vector<ScatterGroup> groups;
    ValueFormat xFormat = ValueFormat::Money, yFormat = ValueFormat::Score;
    QString xTitle, yTitle;
    bool logX = true;
    std::string currency = "USD";
};

class ScatterChartView final : public ChartView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScatterChartView)
public:
    explicit ScatterChartView(QWidget* parent = nullptr);
    ~ScatterChartView() override;

    void setData(ScatterChartData data);
    const ScatterChartData& data() const { return m_data; }
    qsizetype pointCount() const;
    qsizetype frontierPointCount() const;
    // The tooltip of the point nearest to `at` in `group` (what hovering shows).
    QString toolTipNear(int group, const QPointF& at) const;

protected:
    void paletteChanged() override;

private:
    void rebuild();
    void style();

    ScatterChartData m_data;
    QLogValueAxis* m_xLog = nullptr;
    QValueAxis* m_xLinear = nullptr;
    QValueAxis* m_y;
    std::vector<QScatterSeries*> m_points;
    std::vector<QLineSeries*> m_frontiers;
};

} // namespace il::ui
