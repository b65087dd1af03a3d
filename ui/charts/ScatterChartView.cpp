// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/ScatterChartView.h"

#include "charts/ChartPalette.h"

#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>

#include <cmath>
#include <limits>

namespace il::ui {

ScatterChartView::ScatterChartView(QWidget* parent)
    : ChartView(parent)
    , m_y(new QValueAxis(this))
{
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_y->setLabelsFont(small);
    chart()->addAxis(m_y, Qt::AlignLeft);
    chart()->legend()->setAlignment(Qt::AlignRight);
    setHasData(false);
}

ScatterChartView::~ScatterChartView() = default;

void ScatterChartView::setData(ScatterChartData data)
{
    m_data = std::move(data);
    rebuild();
}

qsizetype ScatterChartView::pointCount() const
{
    qsizetype n = 0;
    for (const QScatterSeries* s : m_points)
        n += s->count();
    return n;
}

qsizetype ScatterChartView::frontierPointCount() const
{
    qsizetype n = 0;
    for (const QLineSeries* s : m_frontiers)
        n += s->count();
    return n;
}

void ScatterChartView::rebuild()
{
    // A handful of series: rebuilt on every change (nothing here is long enough to need downsampling).
    chart()->removeAllSeries();
    m_points.clear();
    m_frontiers.clear();
    QAbstractAxis* x = nullptr;
    if (m_xLog) {
        chart()->removeAxis(m_xLog);
        delete m_xLog;
        m_xLog = nullptr;
    }
    if (m_xLinear) {
        chart()->removeAxis(m_xLinear);
        delete m_xLinear;
        m_xLinear = nullptr;
    }
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    if (m_data.logX) {
        m_xLog = new QLogValueAxis(this);
        m_xLog->setBase(10);
        m_xLog->setRange(0.01, 1); // a positive range before any series meets it
        m_xLog->setMinorTickCount(8);
        x = m_xLog;
    } else {
        m_xLinear = new QValueAxis(this);
        x = m_xLinear;
    }
    x->setLabelsFont(small);
    x->setTitleText(m_data.xTitle);
    m_y->setTitleText(m_data.yTitle);
    chart()->addAxis(x, Qt::AlignBottom);

    double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
    for (size_t g = 0; g < m_data.groups.size(); ++g) {
        const ScatterGroup& group = m_data.groups[g];
        auto* points = new QScatterSeries;
        points->setName(group.name);
        points->setMarkerSize(11);
        QList<QPointF> pts;
        for (const ScatterPoint& p : group.points) {
            if (m_data.logX && p.at.x() <= 0)
                continue;
            pts.append(p.at);
            xlo = std::min(xlo, p.at.x());
            xhi = std::max(xhi, p.at.x());
            ylo = std::min(ylo, p.at.y());
            yhi = std::max(yhi, p.at.y());
        }
        points->replace(pts);
        auto* frontier = new QLineSeries;
        frontier->setName(tr("%1 frontier").arg(group.name));
        QList<QPointF> f(group.frontier.begin(), group.frontier.end());
        frontier->replace(f);
        // The frontier first, so that the points are drawn over it.
        chart()->addSeries(frontier);
        chart()->addSeries(points);
        for (QAbstractSeries* s : { static_cast<QAbstractSeries*>(frontier), static_cast<QAbstractSeries*>(points) }) {
            s->attachAxis(x);
            s->attachAxis(m_y);
        }
        const int index = int(g);
        connect(points, &QScatterSeries::hovered, this, [this, index](const QPointF& p, bool state) {
            showToolTip(state ? toolTipNear(index, p) : QString());
        });
        m_points.push_back(points);
        m_frontiers.push_back(frontier);
        for (QLegendMarker* m : chart()->legend()->markers(frontier))
            m->setVisible(false);
    }
    const bool any = std::isfinite(xlo);
    if (any) {
        if (m_xLog) {
            double lo = std::pow(10.0, std::floor(std::log10(xlo)));
            double hi = std::pow(10.0, std::ceil(std::log10(xhi)));
            if (hi <= lo)
                hi = lo * 10;
            m_xLog->setRange(lo, hi);
            m_xLog->setLabelFormat(axisLabelFormat(m_data.xFormat, lo, m_data.currency));
        } else {
            m_xLinear->setRange(std::min(0.0, xlo), xhi * 1.1);
            m_xLinear->applyNiceNumbers();
            const double step = (m_xLinear->max() - m_xLinear->min()) / std::max(1, m_xLinear->tickCount() - 1);
            m_xLinear->setLabelFormat(axisLabelFormat(m_data.xFormat, step, m_data.currency));
        }
        const double pad = std::max((yhi - ylo) * 0.15, 0.02);
        m_y->setRange(std::max(0.0, ylo - pad), std::min(1.0, yhi + pad));
        m_y->setTickCount(6);
        m_y->applyNiceNumbers();
        m_y->setLabelFormat(axisLabelFormat(m_data.yFormat, (m_y->max() - m_y->min()) / 5, m_data.currency));
    }
    applyChartPalette(chart(), palette());
    style();
    setHasData(any);
}

void ScatterChartView::style()
{
    const QColor base = palette().color(QPalette::Base);
    for (size_t g = 0; g < m_points.size() && g < m_data.groups.size(); ++g) {
        const QColor c = chartcolors::series(m_data.groups[g].colorIndex, palette());
        m_points[g]->setColor(c);
        m_points[g]->setBorderColor(base); // a ring of background keeps overlapping points apart
        QPen pen(c);
        pen.setWidthF(1.6);
        pen.setStyle(Qt::DashLine);
        m_frontiers[g]->setPen(pen);
    }
}

void ScatterChartView::paletteChanged()
{
    style();
}

QString ScatterChartView::toolTipNear(int group, const QPointF& at) const
{
    if (group < 0 || size_t(group) >= m_data.groups.size())
        return {};
    const ScatterGroup& g = m_data.groups[size_t(group)];
    const ScatterPoint* best = nullptr;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (const ScatterPoint& p : g.points) {
        // Compare on the axes' scales: x is logarithmic.
        const double dx
            = m_data.logX && p.at.x() > 0 && at.x() > 0 ? std::log10(p.at.x()) - std::log10(at.x()) : p.at.x() - at.x();
        const double d = dx * dx + (p.at.y() - at.y()) * (p.at.y() - at.y());
        if (d < bestDistance) {
            bestDistance = d;
            best = &p;
        }
    }
    return best ? best->toolTip : QString();
}

} // namespace il::ui
