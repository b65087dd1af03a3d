// SPDX-License-Identifier: GPL-3.0-or-later
// The report's charts, drawn as vectors with QPainter (no raster images): stacked cost over time, lines,
// and grouped horizontal bars, each with axes, ticks and a legend. Layout depends only on the data, so the
// same store gives the same pages.
#pragma once

#include "report/ReportCanvas.h"

#include <QDate>

#include <optional>
#include <vector>

namespace il::ui::report {

enum class AxisFormat { Money, Count, Millis, Score, Percent };

struct ChartSeries {
    QString name;
    QColor colour;
    std::vector<std::optional<double>> values; // one per bucket; none: no data (a gap in a line)
    bool dashed = false;
};

struct TimeChart {
    QString title;
    std::vector<QDate> buckets; // start day of each bucket
    bool weekly = false;
    std::vector<ChartSeries> series;
    AxisFormat format = AxisFormat::Money;
    QString moneyPrefix = QStringLiteral("$");
    QString emptyText; // shown instead of the plot when no series has a value
};

// Stacked areas (bars when there are few buckets): the parts add up to the total at every bucket.
void drawStackedChart(ReportCanvas& canvas, const QRectF& boxMm, const TimeChart& chart);
void drawLineChart(ReportCanvas& canvas, const QRectF& boxMm, const TimeChart& chart);

struct BarGroup {
    QString label;
    std::vector<std::optional<double>> values; // one per series
    std::vector<QString> valueLabels; // drawn at the end of each bar
};

struct BarChart {
    QString title;
    std::vector<QString> seriesNames;
    std::vector<QColor> colours;
    std::vector<BarGroup> groups;
    AxisFormat format = AxisFormat::Percent;
    QString moneyPrefix = QStringLiteral("$");
};

void drawBarChart(ReportCanvas& canvas, const QRectF& boxMm, const BarChart& chart);

// Round tick values covering [lo, hi] ("nice numbers": 1, 2, 2.5 or 5 × 10^k), at most about `maxTicks`.
std::vector<double> niceTicks(double lo, double hi, int maxTicks);

// A value axis: ticks in the data's unit, round in the unit they are shown in (latency in ms, s, min or h;
// counts plain, k or M), and their labels.
struct Axis {
    std::vector<double> ticks;
    double scale = 1; // data units per shown unit
    QString prefix, suffix;
    int decimals = 0;
    QString label(double value) const;
};
Axis makeAxis(double lo, double hi, AxisFormat format, const QString& moneyPrefix, int maxTicks = 5);

} // namespace il::ui::report
