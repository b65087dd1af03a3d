// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/ChartPalette.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>

#include <array>

namespace il::ui {

namespace chartcolors {

    namespace {
        // Tableau 10: distinguishable for most colour-vision deficiencies and on light and dark backgrounds.
        constexpr std::array<QRgb, 10> kCategorical
            = { 0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0x3fa7d6 };
    } // namespace

    bool isDark(const QPalette& palette)
    {
        return palette.color(QPalette::Base).lightness() < 128;
    }

    QColor series(int index, const QPalette& palette)
    {
        const int n = int(kCategorical.size());
        const int i = ((index % n) + n) % n;
        QColor c = QColor::fromRgb(kCategorical[size_t(i)]);
        // A second lap round the colours is told apart by lightness.
        if ((index / n) % 2 == 1)
            c = c.darker(140);
        return isDark(palette) ? c.lighter(115) : c;
    }

    QColor neutral(const QPalette& palette)
    {
        return isDark(palette) ? QColor(150, 150, 156) : QColor(140, 140, 146);
    }

    QColor reference(const QPalette& palette)
    {
        return blend(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.65);
    }

    QColor alarm(const QPalette& palette)
    {
        return isDark(palette) ? QColor(255, 110, 100) : QColor(200, 40, 30);
    }

    QColor blend(const QColor& a, const QColor& b, double t)
    {
        return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                                float(a.blueF() * (1 - t) + b.blueF() * t));
    }

} // namespace chartcolors

void applyChartPalette(QChart* chart, const QPalette& palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    chart->setBackgroundBrush(base);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    const QColor grid = chartcolors::blend(base, text, 0.12);
    const QColor minor = chartcolors::blend(base, text, 0.05);
    const QColor line = chartcolors::blend(base, text, 0.35);
    const QColor label = chartcolors::blend(base, text, 0.8);
    const auto axes = chart->axes();
    for (QAbstractAxis* axis : axes) {
        axis->setLabelsColor(label);
        axis->setTitleBrush(label);
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(minor);
        QPen minorPen = axis->minorGridLinePen();
        minorPen.setStyle(Qt::SolidLine);
        minorPen.setColor(minor);
        axis->setMinorGridLinePen(minorPen);
        axis->setLinePenColor(line);
    }
}

} // namespace il::ui
