// SPDX-License-Identifier: GPL-3.0-or-later
// Colours for charts, derived from the widget's palette so that light and dark themes both read: the
// chart's background, text and grid come from the palette; series take a categorical colour chosen by a
// stable index (a feature keeps its colour across charts and filters), lightened on dark backgrounds.
#pragma once

#include <QColor>
#include <QPalette>

class QChart;

namespace il::ui {

namespace chartcolors {
    bool isDark(const QPalette& palette);
    // The i-th categorical colour (wraps around), adjusted for the palette.
    QColor series(int index, const QPalette& palette);
    // For what is not a feature of its own: "unattributed", "other".
    QColor neutral(const QPalette& palette);
    // Reference lines: a gate's estimate and its threshold.
    QColor reference(const QPalette& palette);
    QColor alarm(const QPalette& palette);
    QColor blend(const QColor& a, const QColor& b, double t);
} // namespace chartcolors

// Background, title, legend and axes of `chart` from `palette`; call again when the palette changes.
void applyChartPalette(QChart* chart, const QPalette& palette);

} // namespace il::ui
