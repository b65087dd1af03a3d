// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/TimeChartView.h"

#include "charts/ChartPalette.h"
#include "charts/ChartUpdateQueue.h"
#include "charts/Downsample.h"
#include "charts/TimeAxis.h"
#include "domain/Time.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace il::ui {

TimeChartView::TimeChartView(QWidget* parent)
    : ChartView(parent)
    , m_x(new QCategoryAxis(this))
{
    chart()->addAxis(m_x, Qt::AlignBottom);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_x->setLabelsFont(small);
    m_x->setGridLineVisible(true);
    setHasData(false);
}

TimeChartView::~TimeChartView() = default;

void TimeChartView::clear()
{
    setData({});
}

QColor TimeChartView::colorOf(const TimeLine& line) const
{
    switch (line.role) {
    case LineRole::Series:
        return chartcolors::series(line.colorIndex, palette());
    case LineRole::Neutral:
        return chartcolors::neutral(palette());
    case LineRole::Reference:
        return chartcolors::reference(palette());
    case LineRole::Alarm:
        return chartcolors::alarm(palette());
    }
    return palette().color(QPalette::Text);
}

void TimeChartView::removeSeries()
{
    chart()->removeAllSeries(); // deletes the series (and the areas' edges, parented to them)
    m_lines.clear();
    m_lowers.clear();
    m_areas.clear();
}

void TimeChartView::ensureStructure()
{
    const bool stacked = m_data.kind != TimeChartKind::Lines;
    const bool log = m_data.logY && !stacked;
    const size_t n = m_data.lines.size();
    const bool same = m_builtKind == m_data.kind && m_builtLog == log && m_lines.size() == n
        && (stacked ? m_areas.size() == n : m_areas.empty());
    if (same && (log ? m_yLog != nullptr : m_yLinear != nullptr))
        return;
    removeSeries();
    if (m_yLinear) {
        chart()->removeAxis(m_yLinear);
        delete m_yLinear;
        m_yLinear = nullptr;
    }
    if (m_yLog) {
        chart()->removeAxis(m_yLog);
        delete m_yLog;
        m_yLog = nullptr;
    }
    QAbstractAxis* y = nullptr;
    if (log) {
        m_yLog = new QLogValueAxis(this);
        m_yLog->setBase(10);
        m_yLog->setRange(0.01, 1); // a positive range before any series meets it
        m_yLog->setMinorTickCount(8); // 2×…9× between the powers of ten, drawn faintly
        y = m_yLog;
    } else {
        m_yLinear = new QValueAxis(this);
        m_yLinear->setTickCount(5);
        y = m_yLinear;
    }
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    y->setLabelsFont(small);
    chart()->addAxis(y, Qt::AlignLeft);
    m_builtKind = m_data.kind;
    m_builtLog = log;

    for (size_t i = 0; i < n; ++i) {
        auto* upper = new QLineSeries;
        const int index = int(i);
        if (stacked) {
            auto* lower = new QLineSeries;
            auto* area = new QAreaSeries(upper, lower);
            upper->setParent(area);
            lower->setParent(area);
            chart()->addSeries(area);
            area->attachAxis(m_x);
            area->attachAxis(y);
            connect(area, &QAreaSeries::hovered, this,
                    [this, index](const QPointF& p, bool state) { hovered(p, state, index); });
            m_areas.push_back(area);
            m_lowers.push_back(lower);
        } else {
            chart()->addSeries(upper);
            upper->attachAxis(m_x);
            upper->attachAxis(y);
            connect(upper, &QXYSeries::hovered, this,
                    [this, index](const QPointF& p, bool state) { hovered(p, state, index); });
        }
        m_lines.push_back(upper);
    }
    applyChartPalette(chart(), palette()); // the new axis
}

void TimeChartView::styleSeries()
{
    for (size_t i = 0; i < m_data.lines.size() && i < m_lines.size(); ++i) {
        const TimeLine& line = m_data.lines[i];
        const QColor c = colorOf(line);
        if (m_data.kind == TimeChartKind::Lines) {
            QPen pen(c);
            pen.setWidthF(line.role == LineRole::Series ? 2.0 : 1.5);
            pen.setStyle(line.style);
            pen.setCapStyle(Qt::RoundCap);
            m_lines[i]->setPen(pen);
            m_lines[i]->setPointsVisible(line.markers);
            m_lines[i]->setName(line.name);
        } else if (i < m_areas.size()) {
            // Opaque and without an outline: a translucent, stroked fill of a jagged band is what makes a stacked
            // chart slow to paint (hundreds of ms for a few hundred points), and the bands touch anyway.
            m_areas[i]->setBrush(chartcolors::blend(palette().color(QPalette::Base), c, 0.9));
            m_areas[i]->setPen(Qt::NoPen);
            m_areas[i]->setName(line.name);
        }
    }
    const auto markers = chart()->legend()->markers();
    for (QLegendMarker* marker : markers) {
        for (size_t i = 0; i < m_data.lines.size(); ++i) {
            QAbstractSeries* s = m_data.kind == TimeChartKind::Lines ? static_cast<QAbstractSeries*>(m_lines[i])
                                                                     : static_cast<QAbstractSeries*>(m_areas[i]);
            if (marker->series() == s)
                marker->setVisible(m_data.lines[i].inLegend);
        }
    }
}

void TimeChartView::computeFullResolution()
{
    const size_t nb = m_data.bucketStarts.size();
    m_full.assign(m_data.lines.size(), {});
    m_zero.clear();
    m_total.clear();
    if (m_data.kind == TimeChartKind::Lines) {
        for (size_t i = 0; i < m_data.lines.size(); ++i) {
            const auto& values = m_data.lines[i].values;
            QList<QPointF>& pts = m_full[i];
            pts.reserve(qsizetype(nb));
            for (size_t b = 0; b < nb && b < values.size(); ++b) {
                if (!values[b] || !std::isfinite(*values[b]))
                    continue;
                if (m_data.logY && *values[b] <= 0)
                    continue; // no place on a log axis
                pts.append(QPointF(double(m_data.bucketStarts[b]), *values[b]));
            }
        }
        return;
    }
    // Stacked: every bucket has a value (unknown counts as nothing), the edges are running sums.
    std::vector<double> running(nb, 0.0), total(nb, 0.0);
    for (const TimeLine& line : m_data.lines)
        for (size_t b = 0; b < nb && b < line.values.size(); ++b)
            total[b] += line.values[b].value_or(0.0);
    const bool percent = m_data.kind == TimeChartKind::StackedPercent;
    for (size_t b = 0; b < nb; ++b) {
        const double x = double(m_data.bucketStarts[b]);
        m_zero.append(QPointF(x, 0));
        m_total.append(QPointF(x, percent ? (total[b] > 0 ? 100.0 : 0.0) : total[b]));
    }
    for (size_t i = 0; i < m_data.lines.size(); ++i) {
        QList<QPointF>& pts = m_full[i];
        pts.reserve(qsizetype(nb));
        for (size_t b = 0; b < nb; ++b) {
            const double v = b < m_data.lines[i].values.size() ? m_data.lines[i].values[b].value_or(0.0) : 0.0;
            running[b] += percent ? (total[b] > 0 ? 100.0 * v / total[b] : 0.0) : v;
            pts.append(QPointF(double(m_data.bucketStarts[b]), running[b]));
        }
    }
}

void TimeChartView::resample()
{
    const qsizetype threshold = std::max(3, plotWidth());
    if (m_data.kind == TimeChartKind::Lines) {
        // A point per two pixels: LTTB keeps the shape, and a line jagged pixel by pixel costs Qt Charts time
        // to stroke and to hit-test for tooltips, all of it on the UI thread.
        const qsizetype lineThreshold = std::max<qsizetype>(3, threshold / 2);
        for (size_t i = 0; i < m_lines.size() && i < m_full.size(); ++i)
            m_lines[i]->replace(downsampleLttb(m_full[i], lineThreshold));
        return;
    }
    // Stacked areas are not thinned by LTTB but averaged over whole bins of buckets (a day of hours, a week of
    // days), about a bin per three pixels: LTTB keeps every peak and trough, and a band that zigzags pixel by
    // pixel is both unreadable and slow to fill (Qt Charts spends hundreds of milliseconds on one). The mean of
    // the running sums is the running sum of the means, so the bands stay stacked; the area keeps its total.
    const qsizetype n = m_total.size();
    const qsizetype bin = stackBinSize(n, std::max<qsizetype>(3, threshold / 3), m_data.bucketMs);
    auto binned = [&](const QList<QPointF>& pts) {
        if (bin <= 1)
            return pts;
        QList<QPointF> out;
        out.reserve(n / bin + 1);
        for (qsizetype b = 0; b < pts.size(); b += bin) {
            const qsizetype e = std::min(pts.size(), b + bin);
            double sum = 0;
            for (qsizetype j = b; j < e; ++j)
                sum += pts[j].y();
            out.append(QPointF(pts[b].x(), sum / double(e - b)));
        }
        return out;
    };
    for (size_t i = 0; i < m_lines.size() && i < m_full.size(); ++i) {
        m_lines[i]->replace(binned(m_full[i]));
        m_lowers[i]->replace(binned(i == 0 ? m_zero : m_full[i - 1]));
    }
}

qsizetype TimeChartView::stackBinSize(qsizetype buckets, qsizetype target, int64_t bucketMs)
{
    if (buckets <= target || target <= 0)
        return 1;
    const qsizetype need = (buckets + target - 1) / target;
    // Bins that line up with the calendar, so a daily or weekly rhythm is averaged out, not aliased into waves.
    static const qsizetype kHours[] = { 1, 2, 3, 4, 6, 8, 12, 24, 48, 72, 168, 336, 672 };
    static const qsizetype kDays[] = { 1, 2, 7, 14, 28, 56, 91, 182, 364 };
    static const qsizetype kWeeks[] = { 1, 2, 4, 8, 13, 26, 52, 104 };
    const qsizetype* first = kDays;
    size_t count = std::size(kDays);
    if (bucketMs > 0 && bucketMs < kMsPerDay) {
        first = kHours;
        count = std::size(kHours);
    } else if (bucketMs > kMsPerDay) {
        first = kWeeks;
        count = std::size(kWeeks);
    }
    for (size_t i = 0; i < count; ++i)
        if (first[i] >= need)
            return first[i];
    return need;
}

void TimeChartView::updateAxes()
{
    if (m_data.bucketStarts.empty())
        return;
    const int64_t first = m_data.bucketStarts.front();
    int64_t last = m_data.bucketStarts.back();
    if (last <= first)
        last = first + std::max<int64_t>(m_data.bucketMs, 1);
    layoutTimeAxis(m_x, first, last, plotWidth());

    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    auto see = [&](const QList<QPointF>& pts) {
        for (const QPointF& p : pts) {
            lo = std::min(lo, p.y());
            hi = std::max(hi, p.y());
        }
    };
    if (m_data.kind == TimeChartKind::Lines)
        for (const auto& pts : m_full)
            see(pts);
    else
        see(m_total);
    if (!std::isfinite(lo))
        lo = hi = 0;

    if (m_yLog) {
        lo = std::max(lo, 1e-9);
        hi = std::max(hi, lo);
        double logLo = std::pow(10.0, std::floor(std::log10(lo)));
        double logHi = std::pow(10.0, std::ceil(std::log10(hi)));
        if (logHi <= logLo)
            logHi = logLo * 10;
        m_yLog->setRange(logLo, logHi);
        m_yLog->setLabelFormat(axisLabelFormat(m_data.format, logLo, m_data.currency));
        return;
    }
    if (m_data.kind == TimeChartKind::StackedPercent) {
        m_yLinear->setRange(0, 100);
        m_yLinear->setTickCount(5);
        m_yLinear->setLabelFormat(axisLabelFormat(ValueFormat::Percent, 25));
        return;
    }
    if (m_data.yFromZero)
        lo = std::min(lo, 0.0);
    if (hi <= lo)
        hi = lo + (m_data.format == ValueFormat::Score ? 0.1 : 1.0);
    else if (!m_data.yFromZero) {
        const double pad = (hi - lo) * 0.1;
        lo -= pad;
        hi += pad;
        if (m_data.format == ValueFormat::Score) {
            lo = std::max(lo, 0.0);
            hi = std::min(hi, 1.0);
        }
    }
    m_yLinear->setRange(lo, hi);
    m_yLinear->setTickCount(5);
    m_yLinear->applyNiceNumbers();
    const double step = (m_yLinear->max() - m_yLinear->min()) / std::max(1, m_yLinear->tickCount() - 1);
    m_yLinear->setLabelFormat(axisLabelFormat(m_data.format, step, m_data.currency));
}

void TimeChartView::setData(TimeChartData data)
{
    if (m_staged) {
        ChartUpdateQueue::instance()->enqueue(this, [this, d = std::move(data)]() mutable { apply(std::move(d)); });
        return;
    }
    apply(std::move(data));
}

void TimeChartView::apply(TimeChartData data)
{
    m_data = std::move(data);
    bool any = false;
    for (const TimeLine& l : m_data.lines)
        for (const auto& v : l.values)
            any = any || (v && *v != 0);
    if (m_data.bucketStarts.empty())
        any = false;
    ensureStructure();
    // Stacked bands are filled without antialiasing: their edges are shared, so it shows little, and filling
    // jagged bands antialiased costs Qt several times as much (tens of milliseconds on the UI thread).
    setRenderHint(QPainter::Antialiasing, m_data.kind == TimeChartKind::Lines);
    computeFullResolution();
    styleSeries();
    resample();
    updateAxes();
    setHasData(any);
}

void TimeChartView::paletteChanged()
{
    styleSeries();
}

void TimeChartView::plotWidthChanged()
{
    if (m_data.bucketStarts.empty())
        return;
    resample();
    updateAxes();
}

qsizetype TimeChartView::fullPointCount(int line) const
{
    return line >= 0 && size_t(line) < m_full.size() ? m_full[size_t(line)].size() : 0;
}

qsizetype TimeChartView::shownPointCount(int line) const
{
    return line >= 0 && size_t(line) < m_lines.size() ? m_lines[size_t(line)]->count() : 0;
}

qsizetype TimeChartView::bucketAt(double xMs) const
{
    const auto& b = m_data.bucketStarts;
    if (b.empty())
        return -1;
    auto it = std::lower_bound(b.begin(), b.end(), int64_t(std::llround(xMs)));
    if (it == b.end())
        return qsizetype(b.size()) - 1;
    const auto i = qsizetype(it - b.begin());
    if (i > 0 && std::abs(double(b[size_t(i - 1)]) - xMs) < std::abs(double(*it) - xMs))
        return i - 1;
    return i;
}

QString TimeChartView::toolTipAt(qsizetype bucket, int highlight) const
{
    if (bucket < 0 || size_t(bucket) >= m_data.bucketStarts.size())
        return {};
    const size_t b = size_t(bucket);
    QString html = QStringLiteral("<b>") + bucketLabel(m_data.bucketStarts[b], m_data.bucketMs).toHtmlEscaped()
        + QStringLiteral("</b>");
    const bool stacked = m_data.kind != TimeChartKind::Lines;
    double total = 0;
    struct Entry {
        size_t line;
        std::optional<double> value;
    };
    std::vector<Entry> entries;
    for (size_t i = 0; i < m_data.lines.size(); ++i) {
        const auto& values = m_data.lines[i].values;
        const std::optional<double> v = b < values.size() ? values[b] : std::nullopt;
        total += v.value_or(0);
        entries.push_back({ i, v });
    }
    if (stacked)
        std::stable_sort(entries.begin(), entries.end(),
                         [](const Entry& a, const Entry& e) { return a.value.value_or(0) > e.value.value_or(0); });
    const ValueFormat format = m_data.kind == TimeChartKind::StackedPercent ? ValueFormat::Percent : m_data.format;
    if (m_data.kind == TimeChartKind::Stacked)
        html += QStringLiteral("<br>") + tr("Total: %1").arg(formatValue(total, format, m_data.currency));
    int shown = 0;
    for (const Entry& e : entries) {
        if (++shown > 12) {
            html += QStringLiteral("<br>") + tr("… and %1 more").arg(entries.size() - 12);
            break;
        }
        const TimeLine& line = m_data.lines[e.line];
        QString value;
        if (!e.value)
            value = tr("unknown");
        else if (m_data.kind == TimeChartKind::StackedPercent)
            value = formatValue(total > 0 ? 100.0 * *e.value / total : 0.0, ValueFormat::Percent);
        else
            value = formatValue(*e.value, format, m_data.currency);
        QString row = QStringLiteral("<span style=\"color:%1\">&#9632;</span> %2: %3")
                          .arg(colorOf(line).name(), line.name.toHtmlEscaped(), value);
        if (int(e.line) == highlight)
            row = QStringLiteral("<b>") + row + QStringLiteral("</b>");
        html += QStringLiteral("<br>") + row;
    }
    return html;
}

void TimeChartView::hovered(const QPointF& point, bool state, int line)
{
    if (!state) {
        showToolTip({});
        return;
    }
    showToolTip(toolTipAt(bucketAt(point.x()), line));
}

} // namespace il::ui
