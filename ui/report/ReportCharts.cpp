// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/ReportCharts.h"

#include <QLocale>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace il::ui::report {

std::vector<double> niceTicks(double lo, double hi, int maxTicks)
{
    if (!std::isfinite(lo) || !std::isfinite(hi))
        return { 0, 1 };
    if (hi < lo)
        std::swap(lo, hi);
    if (hi - lo <= 0)
        hi = lo + (lo == 0 ? 1.0 : std::abs(lo) * 0.1);
    const double raw = (hi - lo) / std::max(1, maxTicks);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / magnitude;
    const double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * magnitude;
    std::vector<double> ticks;
    const double first = std::floor(lo / step + 1e-9) * step;
    for (double t = first; t <= hi + step * 0.999 && ticks.size() < 50; t += step) {
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
        if (t >= hi - step * 1e-9)
            break;
    }
    if (ticks.size() < 2)
        ticks.push_back(first + step);
    return ticks;
}

namespace {

    int decimalsFor(double step)
    {
        // The fewest decimals that show the step exactly (0.025 needs 3, 0.5 needs 1).
        if (!(step > 0))
            return 0;
        for (int d = 0; d < 7; ++d) {
            const double scaled = step * std::pow(10.0, d);
            if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled))
                return d;
        }
        return 6;
    }

} // namespace

QString Axis::label(double value) const
{
    return prefix + QString::number(value / scale, 'f', decimals) + suffix;
}

Axis makeAxis(double lo, double hi, AxisFormat format, const QString& moneyPrefix, int maxTicks)
{
    Axis a;
    // The unit follows the top tick, so that 9 000 ms under a 10 000 tick reads "10 s".
    const std::vector<double> raw = niceTicks(lo, hi, maxTicks);
    const double top = std::max(std::abs(raw.front()), std::abs(raw.back()));
    switch (format) {
    case AxisFormat::Money:
        a.prefix = moneyPrefix;
        break;
    case AxisFormat::Count:
        if (top >= 1e6) {
            a.scale = 1e6;
            a.suffix = QStringLiteral("M");
        } else if (top >= 1e3) {
            a.scale = 1e3;
            a.suffix = QStringLiteral("k");
        }
        break;
    case AxisFormat::Millis:
        if (top >= 2 * 3'600'000.0) {
            a.scale = 3'600'000;
            a.suffix = QStringLiteral(" h");
        } else if (top >= 2 * 60'000.0) {
            a.scale = 60'000;
            a.suffix = QStringLiteral(" min");
        } else if (top >= 10'000) {
            a.scale = 1000;
            a.suffix = QStringLiteral(" s");
        } else {
            a.suffix = QStringLiteral(" ms");
        }
        break;
    case AxisFormat::Score:
        break;
    case AxisFormat::Percent:
        a.suffix = QStringLiteral("%");
        break;
    }
    for (double t : niceTicks(lo / a.scale, hi / a.scale, maxTicks))
        a.ticks.push_back(t * a.scale);
    const double step = a.ticks.size() > 1 ? (a.ticks[1] - a.ticks[0]) / a.scale : 1;
    a.decimals = decimalsFor(step);
    if (format == AxisFormat::Money && step < 1)
        a.decimals = std::max(2, a.decimals);
    if (format == AxisFormat::Score)
        a.decimals = std::max(1, a.decimals);
    return a;
}

namespace {

    struct Legend {
        QString name;
        QColor colour;
        bool line = false;
        bool dashed = false;
    };

    // Draws the legend in rows at the bottom of `box`; returns its height in mm.
    double legendHeight(ReportCanvas& c, double width, const std::vector<Legend>& items)
    {
        if (items.size() <= 1)
            return 0;
        const QFont f = c.small();
        double x = 0, rows = 1;
        for (const Legend& l : items) {
            const double w = 3.4 + c.textWidth(l.name, f) + 4.0;
            if (x > 0 && x + w > width) {
                ++rows;
                x = 0;
            }
            x += w;
        }
        return rows * 3.8 + 0.8;
    }

    void drawLegend(ReportCanvas& c, double x0, double y0, double width, const std::vector<Legend>& items)
    {
        if (items.size() <= 1)
            return;
        QPainter& p = c.painter();
        const QFont f = c.small();
        double x = 0, y = y0 + 0.8;
        for (const Legend& l : items) {
            const double w = 3.4 + c.textWidth(l.name, f) + 4.0;
            if (x > 0 && x + w > width) {
                y += 3.8;
                x = 0;
            }
            if (l.line) {
                QPen pen(l.colour, c.mm(0.5));
                if (l.dashed)
                    pen.setStyle(Qt::DashLine);
                p.setPen(pen);
                p.drawLine(QPointF(c.mm(x0 + x), c.mm(y + 1.7)), QPointF(c.mm(x0 + x + 2.6), c.mm(y + 1.7)));
            } else {
                p.setPen(Qt::NoPen);
                p.setBrush(l.colour);
                p.drawRect(c.rectMm(x0 + x, y + 0.5, 2.4, 2.4));
                p.setBrush(Qt::NoBrush);
            }
            c.line(x0 + x + 3.4, y, w - 3.4, l.name, f, mutedColour());
            x += w;
        }
    }

    // The frame every time chart shares: title, y grid with labels, x date labels, legend. Hands back the plot
    // rectangle (mm) and the value → y mapping.
    struct Frame {
        QRectF plot; // mm
        double lo = 0, hi = 1;
        double y(double v) const { return plot.bottom() - (v - lo) / (hi - lo) * plot.height(); }
        double x(size_t i, size_t n) const { return plot.left() + (double(i) + 0.5) * plot.width() / double(n); }
    };

    double titleBlock(ReportCanvas& c, const QRectF& box, const QString& title)
    {
        if (title.isEmpty())
            return 0;
        return c.text(box.left(), box.top(), box.width(), title, c.font(8.2, true), inkColour()) + 1.2;
    }

    void drawEmpty(ReportCanvas& c, const QRectF& area, const QString& text)
    {
        QPainter& p = c.painter();
        p.setPen(QPen(ruleColour(), c.mm(0.25), Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(c.rectMm(area.left(), area.top(), area.width(), area.height()));
        p.setFont(c.small());
        p.setPen(mutedColour());
        p.drawText(c.rectMm(area.left() + 2, area.top(), area.width() - 4, area.height()),
                   Qt::AlignCenter | Qt::TextWordWrap, text);
    }

    // Which buckets get a date label: every k-th, or the 1st and 15th of the months on long daily charts.
    std::vector<size_t> dateLabelIndexes(const std::vector<QDate>& buckets, bool weekly, int maxLabels)
    {
        std::vector<size_t> out;
        const size_t n = buckets.size();
        if (n == 0)
            return out;
        if (!weekly && n > size_t(maxLabels) * 7) {
            for (size_t i = 0; i < n; ++i)
                if (buckets[i].day() == 1 || (n <= size_t(maxLabels) * 14 && buckets[i].day() == 15))
                    out.push_back(i);
            if (!out.empty())
                return out;
        }
        static const size_t kSteps[] = { 1, 2, 3, 4, 7, 14, 28, 56, 91, 182 };
        size_t step = kSteps[std::size(kSteps) - 1];
        for (size_t s : kSteps)
            if ((n + s - 1) / s <= size_t(maxLabels)) {
                step = s;
                break;
            }
        if (!weekly && n > 14 && step < 7)
            step = 7; // weekly ticks read better than every-third-day ones
        if (!weekly && (n + step - 1) / step > size_t(maxLabels))
            step = 14;
        for (size_t i = 0; i < n; i += step)
            out.push_back(i);
        return out;
    }

    Frame drawFrame(ReportCanvas& c, const QRectF& box, const TimeChart& chart, double lo, double hi,
                    const std::vector<Legend>& legend)
    {
        QPainter& p = c.painter();
        Frame fr;
        const double top = box.top() + titleBlock(c, box, chart.title);
        const double legendH = legendHeight(c, box.width(), legend);
        const double xLabelH = 3.6;
        const Axis axis = makeAxis(lo, hi, chart.format, chart.moneyPrefix);
        const std::vector<double>& ticks = axis.ticks;
        fr.lo = ticks.front();
        fr.hi = ticks.back();
        const QFont f = c.small();
        double labelW = 0;
        for (double t : ticks)
            labelW = std::max(labelW, c.textWidth(axis.label(t), f));
        fr.plot = QRectF(box.left() + labelW + 1.6, top + 1.5, box.width() - labelW - 1.6 - 1.0,
                         box.bottom() - legendH - xLabelH - top - 1.5);
        // Grid and y labels.
        for (double t : ticks) {
            const double y = fr.y(t);
            p.setPen(
                QPen(t == fr.lo ? QColor(0x80, 0x80, 0x80) : QColor(0xe2, 0xe2, 0xe2), c.mm(t == fr.lo ? 0.25 : 0.18)));
            p.drawLine(QPointF(c.mm(fr.plot.left()), c.mm(y)), QPointF(c.mm(fr.plot.right()), c.mm(y)));
            c.line(box.left(), y - 1.5, labelW, axis.label(t), f, mutedColour(), Qt::AlignRight);
        }
        // x labels: day and month, the year on the first label and where it changes.
        const size_t n = chart.buckets.size();
        const int maxLabels = std::max(2, int(fr.plot.width() / 13));
        const QLocale c_locale = QLocale::c();
        int lastYear = 0;
        for (size_t i : dateLabelIndexes(chart.buckets, chart.weekly, maxLabels)) {
            const QDate d = chart.buckets[i];
            const double x = fr.x(i, n);
            p.setPen(QPen(QColor(0x80, 0x80, 0x80), c.mm(0.2)));
            p.drawLine(QPointF(c.mm(x), c.mm(fr.plot.bottom())), QPointF(c.mm(x), c.mm(fr.plot.bottom() + 0.8)));
            QString label = c_locale.toString(d, QStringLiteral("d MMM"));
            if (d.year() != lastYear && lastYear != 0)
                label += QLatin1Char(' ') + QString::number(d.year());
            lastYear = d.year();
            const double w = c.textWidth(label, f) + 0.5;
            const double left = std::clamp(x - w / 2, fr.plot.left() - 1.0, box.right() - w);
            c.line(left, fr.plot.bottom() + 0.9, w + 0.5, label, f, mutedColour(), Qt::AlignLeft);
        }
        drawLegend(c, box.left(), box.bottom() - legendH, box.width(), legend);
        return fr;
    }

    bool anyValue(const TimeChart& chart)
    {
        for (const ChartSeries& s : chart.series)
            for (const auto& v : s.values)
                if (v)
                    return true;
        return false;
    }

} // namespace

void drawStackedChart(ReportCanvas& c, const QRectF& box, const TimeChart& chart)
{
    const size_t n = chart.buckets.size();
    if (n == 0 || !anyValue(chart)) {
        const double t = titleBlock(c, box, chart.title);
        drawEmpty(c, QRectF(box.left(), box.top() + t, box.width(), box.height() - t), chart.emptyText);
        return;
    }
    std::vector<std::vector<double>> cumulative(chart.series.size() + 1, std::vector<double>(n, 0.0));
    for (size_t s = 0; s < chart.series.size(); ++s)
        for (size_t i = 0; i < n; ++i)
            cumulative[s + 1][i] = cumulative[s][i]
                + std::max(0.0, i < chart.series[s].values.size() ? chart.series[s].values[i].value_or(0) : 0.0);
    const double hi = *std::max_element(cumulative.back().begin(), cumulative.back().end());
    std::vector<Legend> legend;
    for (const ChartSeries& s : chart.series)
        legend.push_back({ s.name, s.colour });
    const Frame fr = drawFrame(c, box, chart, 0, hi, legend);
    QPainter& p = c.painter();
    const double slot = fr.plot.width() / double(n);
    const bool bars = n <= 31;
    for (size_t s = 0; s < chart.series.size(); ++s) {
        QColor fill = chart.series[s].colour;
        p.setPen(QPen(fill.darker(115), c.mm(0.12)));
        p.setBrush(fill);
        if (bars) {
            for (size_t i = 0; i < n; ++i) {
                const double y0 = fr.y(cumulative[s][i]), y1 = fr.y(cumulative[s + 1][i]);
                if (y0 - y1 <= 0)
                    continue;
                const double x = fr.plot.left() + (double(i) + 0.15) * slot;
                p.drawRect(QRectF(c.mm(x), c.mm(y1), c.mm(slot * 0.7), c.mm(y0 - y1)));
            }
            continue;
        }
        QPolygonF poly;
        for (size_t i = 0; i < n; ++i)
            poly << QPointF(c.mm(fr.x(i, n)), c.mm(fr.y(cumulative[s + 1][i])));
        for (size_t i = n; i-- > 0;)
            poly << QPointF(c.mm(fr.x(i, n)), c.mm(fr.y(cumulative[s][i])));
        p.drawPolygon(poly);
    }
    p.setBrush(Qt::NoBrush);
}

void drawLineChart(ReportCanvas& c, const QRectF& box, const TimeChart& chart)
{
    const size_t n = chart.buckets.size();
    if (n == 0 || !anyValue(chart)) {
        const double t = titleBlock(c, box, chart.title);
        drawEmpty(c, QRectF(box.left(), box.top() + t, box.width(), box.height() - t), chart.emptyText);
        return;
    }
    double lo = INFINITY, hi = -INFINITY;
    for (const ChartSeries& s : chart.series)
        for (const auto& v : s.values)
            if (v) {
                lo = std::min(lo, *v);
                hi = std::max(hi, *v);
            }
    // Scores sit in a narrow band near the top of 0..1: show the band. Everything else starts at zero.
    if (chart.format != AxisFormat::Score)
        lo = std::min(0.0, lo);
    else if (hi - lo < 0.02) {
        lo -= 0.01;
        hi += 0.01;
    }
    std::vector<Legend> legend;
    for (const ChartSeries& s : chart.series)
        legend.push_back({ s.name, s.colour, true, s.dashed });
    const Frame fr = drawFrame(c, box, chart, lo, hi, legend);
    QPainter& p = c.painter();
    for (const ChartSeries& s : chart.series) {
        QPen pen(s.colour, c.mm(0.45));
        pen.setJoinStyle(Qt::RoundJoin);
        pen.setCapStyle(Qt::RoundCap);
        if (s.dashed)
            pen.setStyle(Qt::DashLine);
        p.setPen(pen);
        QPainterPath path;
        bool open = false;
        for (size_t i = 0; i < n && i < s.values.size(); ++i) {
            if (!s.values[i]) {
                open = false;
                continue;
            }
            const QPointF pt(c.mm(fr.x(i, n)), c.mm(fr.y(*s.values[i])));
            const bool isolated = (i == 0 || !s.values[i - 1]) && (i + 1 >= s.values.size() || !s.values[i + 1]);
            if (isolated) {
                p.setBrush(s.colour);
                p.drawEllipse(pt, c.mm(0.45), c.mm(0.45));
                p.setBrush(Qt::NoBrush);
            }
            if (open)
                path.lineTo(pt);
            else
                path.moveTo(pt);
            open = true;
        }
        p.drawPath(path);
    }
}

void drawBarChart(ReportCanvas& c, const QRectF& box, const BarChart& chart)
{
    QPainter& p = c.painter();
    const double top = box.top() + titleBlock(c, box, chart.title);
    std::vector<Legend> legend;
    for (size_t s = 0; s < chart.seriesNames.size(); ++s)
        legend.push_back({ chart.seriesNames[s], chart.colours[s] });
    const double legendH = legendHeight(c, box.width(), legend);
    const QFont f = c.small();
    double hi = 0, labelW = 0, valueW = 0;
    for (const BarGroup& g : chart.groups) {
        labelW = std::max(labelW, c.textWidth(g.label, f));
        for (const auto& v : g.values)
            hi = std::max(hi, v.value_or(0));
        for (const QString& l : g.valueLabels)
            valueW = std::max(valueW, c.textWidth(l, f));
    }
    labelW = std::min(labelW + 1.5, box.width() * 0.3);
    const Axis axis = makeAxis(0, hi, chart.format, chart.moneyPrefix);
    const std::vector<double>& ticks = axis.ticks;
    const double xLabelH = 3.6;
    const QRectF plot(box.left() + labelW, top + 1, box.width() - labelW - valueW - 2.0,
                      box.bottom() - legendH - xLabelH - top - 1);
    auto xOf = [&](double v) { return plot.left() + v / ticks.back() * plot.width(); };
    for (double t : ticks) {
        const double x = xOf(t);
        p.setPen(QPen(t == 0 ? QColor(0x80, 0x80, 0x80) : QColor(0xe2, 0xe2, 0xe2), c.mm(t == 0 ? 0.25 : 0.18)));
        p.drawLine(QPointF(c.mm(x), c.mm(plot.top())), QPointF(c.mm(x), c.mm(plot.bottom())));
        const QString label = axis.label(t);
        const double w = c.textWidth(label, f) + 0.5;
        c.line(std::clamp(x - w / 2, box.left(), box.right() - w), plot.bottom() + 0.9, w + 0.5, label, f,
               mutedColour());
    }
    const size_t groups = chart.groups.size(), series = std::max<size_t>(1, chart.seriesNames.size());
    if (groups == 0)
        return;
    const double slot = plot.height() / double(groups);
    const double barH = std::min(4.0, slot * 0.8 / double(series));
    for (size_t g = 0; g < groups; ++g) {
        const BarGroup& grp = chart.groups[g];
        const double groupTop = plot.top() + double(g) * slot + (slot - barH * double(series)) / 2;
        c.line(box.left(), groupTop + barH * double(series) / 2 - 1.5, labelW - 1.0, grp.label, f, inkColour(),
               Qt::AlignRight);
        for (size_t s = 0; s < grp.values.size() && s < series; ++s) {
            const double y = groupTop + double(s) * barH;
            if (grp.values[s]) {
                p.setPen(Qt::NoPen);
                p.setBrush(chart.colours[s]);
                p.drawRect(
                    c.rectMm(plot.left(), y + 0.15, std::max(0.2, xOf(*grp.values[s]) - plot.left()), barH - 0.3));
                p.setBrush(Qt::NoBrush);
            }
            if (s < grp.valueLabels.size()) {
                const double x = grp.values[s] ? xOf(*grp.values[s]) : plot.left();
                c.line(x + 0.8, y + barH / 2 - 1.5, valueW + 1.5, grp.valueLabels[s], f, mutedColour());
            }
        }
    }
    drawLegend(c, box.left(), box.bottom() - legendH, box.width(), legend);
}

} // namespace il::ui::report
