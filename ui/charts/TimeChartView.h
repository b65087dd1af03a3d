// SPDX-License-Identifier: GPL-3.0-or-later
// A chart of figures over time (one value per hour, day or week bucket): lines, or areas stacked to a total
// or to 100%. It keeps the full-resolution data and shows it downsampled to the plot's width — lines by LTTB,
// stacked areas averaged over calendar bins — loaded with QXYSeries::replace(); the series are reused when
// only the numbers change. Tooltips list every series at the hovered bucket.
#pragma once

#include "charts/ChartView.h"
#include "charts/ValueFormat.h"

#include <QColor>
#include <QList>
#include <QPointF>

#include <optional>
#include <string>
#include <vector>

class QAreaSeries;
class QCategoryAxis;
class QLineSeries;
class QLogValueAxis;
class QValueAxis;
class QXYSeries;

namespace il::ui {

enum class TimeChartKind { Lines, Stacked, StackedPercent };
enum class LineRole { Series, Neutral, Reference, Alarm };

struct TimeLine {
    QString name;
    std::vector<std::optional<double>> values; // one per bucket; nullopt: unknown there (a gap, not a zero)
    int colorIndex = 0; // the categorical colour (LineRole::Series)
    LineRole role = LineRole::Series;
    Qt::PenStyle style = Qt::SolidLine;
    bool inLegend = true;
    bool markers = false; // a dot at each point (few points, e.g. months: a lone one is otherwise not drawn)
};

struct TimeChartData {
    std::vector<int64_t> bucketStarts; // UTC ms
    int64_t bucketMs = 0;
    std::vector<TimeLine> lines;
    TimeChartKind kind = TimeChartKind::Lines;
    ValueFormat format = ValueFormat::Money;
    bool logY = false; // figures that span orders of magnitude (cost per unit across features)
    bool yFromZero = true;
    std::string currency = "USD";
};

class TimeChartView final : public ChartView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimeChartView)
public:
    explicit TimeChartView(QWidget* parent = nullptr);
    ~TimeChartView() override;

    void setData(TimeChartData data);
    // Staged: setData() hands the work to ChartUpdateQueue (a later turn of the event loop), so that a page of
    // charts never holds the UI thread for all of them at once. Off by default (a lone chart loads at once).
    void setStaged(bool staged) { m_staged = staged; }
    const TimeChartData& data() const { return m_data; }
    void clear();

    // Points each line holds at full resolution, and as shown (≤ the plot width once downsampled).
    qsizetype fullPointCount(int line) const;
    qsizetype shownPointCount(int line) const;
    int lineCount() const { return int(m_data.lines.size()); }
    // The tooltip for a bucket; `highlight` is the hovered line (-1: none).
    QString toolTipAt(qsizetype bucket, int highlight = -1) const;
    // The bucket nearest to x (ms), or -1.
    qsizetype bucketAt(double xMs) const;
    // Stacked areas average whole bins of buckets: how many buckets a bin takes to come down to `target` points.
    static qsizetype stackBinSize(qsizetype buckets, qsizetype target, int64_t bucketMs);

protected:
    void paletteChanged() override;
    void plotWidthChanged() override;

private:
    void ensureStructure();
    void removeSeries();
    void computeFullResolution();
    void resample();
    void updateAxes();
    void styleSeries();
    QColor colorOf(const TimeLine& line) const;
    void hovered(const QPointF& point, bool state, int line);

    void apply(TimeChartData data);

    TimeChartData m_data;
    bool m_staged = false;
    QCategoryAxis* m_x;
    QValueAxis* m_yLinear = nullptr;
    QLogValueAxis* m_yLog = nullptr;
    std::vector<QLineSeries*> m_lines; // Lines: the lines; stacked: each area's upper edge
    std::vector<QLineSeries*> m_lowers; // stacked: each area's lower edge
    std::vector<QAreaSeries*> m_areas;
    TimeChartKind m_builtKind = TimeChartKind::Lines;
    bool m_builtLog = false;
    std::vector<QList<QPointF>> m_full; // per line (stacked: the cumulative upper edge)
    QList<QPointF> m_zero, m_total; // stacked: the baseline and the top, at full resolution
};

} // namespace il::ui
