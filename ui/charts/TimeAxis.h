// SPDX-License-Identifier: GPL-3.0-or-later
// Date labels for chart x axes, in UTC. QDateTimeAxis prints local time, and the store's days are UTC days
// (as in `inferledger summary`), so the charts label a QCategoryAxis themselves: ticks on whole hours,
// days, Mondays or months, as many as fit the plot's width.
#pragma once

#include <QString>

#include <cstdint>
#include <vector>

class QCategoryAxis;

namespace il::ui {

struct TimeTick {
    int64_t ms;
    QString label;
};

// Ticks in [fromMs, toMs] for a plot `widthPx` wide, at most one per ~75 px.
std::vector<TimeTick> timeTicks(int64_t fromMs, int64_t toMs, int widthPx);
// Replaces the axis's categories with timeTicks() and sets its range.
void layoutTimeAxis(QCategoryAxis* axis, int64_t fromMs, int64_t toMs, int widthPx);

// "Tue 3 Mar 2026", "3 Mar 2026 14:00–15:00", "week of 2 Mar 2026": a bucket, for tooltips (UTC).
QString bucketLabel(int64_t startMs, int64_t widthMs);

} // namespace il::ui
