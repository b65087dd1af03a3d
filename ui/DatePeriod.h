// SPDX-License-Identifier: GPL-3.0-or-later
// Report periods: whole UTC days, chosen by a preset relative to the store's latest data day
// (not the wall clock, so an old store or the demo opens on its data) or as custom from/to dates.
#pragma once

#include "analytics/Summary.h"
#include "analytics/TimeSeries.h"

#include <QDate>
#include <QString>

#include <optional>

namespace il::ui {

enum class DatePreset { Last7Days, Last30Days, Last90Days, MonthToDate, AllData, Custom };
inline constexpr DatePreset kAllDatePresets[]
    = { DatePreset::Last7Days,   DatePreset::Last30Days, DatePreset::Last90Days,
        DatePreset::MonthToDate, DatePreset::AllData,    DatePreset::Custom };

QString presetId(DatePreset preset); // stable, for settings: "last7", "mtd", ...
std::optional<DatePreset> presetFromId(const QString& id);
QString presetLabel(DatePreset preset);

// First and last day, both inclusive, UTC.
struct DatePeriod {
    QDate first, last;
    bool isValid() const { return first.isValid() && last.isValid() && first <= last; }
    qint64 days() const { return isValid() ? first.daysTo(last) + 1 : 0; }
    friend bool operator==(const DatePeriod&, const DatePeriod&) = default;
};

QDate utcDateOfMs(int64_t ms);
int64_t msOfUtcDate(QDate date); // midnight UTC

// The days a preset covers. `custom` is used for DatePreset::Custom (swapped when reversed; the last
// 30 days when invalid). An empty store anchors on today's date from `nowMs`.
DatePeriod resolvePeriod(DatePreset preset, const DataRange& range, const DatePeriod& custom, int64_t nowMs);

// The half-open millisecond range the analytics take.
SummaryFilter filterFor(const DatePeriod& period);

// "2026-03-02 – 2026-03-31"
QString periodText(const DatePeriod& period);

// The same number of days immediately before `period`: what "change against the previous period" compares with.
DatePeriod previousPeriod(const DatePeriod& period);

// How finely the charts cut time. Auto: hours up to a week, days up to half a year, weeks beyond.
enum class Resolution { Auto, Hour, Day, Week };
inline constexpr Resolution kAllResolutions[]
    = { Resolution::Auto, Resolution::Hour, Resolution::Day, Resolution::Week };
QString resolutionId(Resolution r); // for settings: "auto", "hour", ...
std::optional<Resolution> resolutionFromId(const QString& id);
QString resolutionLabel(Resolution r);
// The bucket the charts use for `period`; hours are given up beyond a year (too many points to be useful).
Bucket bucketFor(const DatePeriod& period, Resolution r);

} // namespace il::ui
