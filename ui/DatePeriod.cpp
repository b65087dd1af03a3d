// SPDX-License-Identifier: GPL-3.0-or-later
#include "DatePeriod.h"

#include "domain/Time.h"

#include <QCoreApplication>

namespace il::ui {

namespace {

    const qint64 kEpochJulianDay = QDate(1970, 1, 1).toJulianDay();

    DatePeriod lastDays(QDate anchor, int n)
    {
        return { anchor.addDays(1 - n), anchor };
    }

} // namespace

QString presetId(DatePreset preset)
{
    switch (preset) {
    case DatePreset::Last7Days:
        return QStringLiteral("last7");
    case DatePreset::Last30Days:
        return QStringLiteral("last30");
    case DatePreset::Last90Days:
        return QStringLiteral("last90");
    case DatePreset::MonthToDate:
        return QStringLiteral("mtd");
    case DatePreset::AllData:
        return QStringLiteral("all");
    case DatePreset::Custom:
        return QStringLiteral("custom");
    }
    return QStringLiteral("last30");
}

std::optional<DatePreset> presetFromId(const QString& id)
{
    for (DatePreset p : kAllDatePresets)
        if (presetId(p) == id)
            return p;
    return std::nullopt;
}

QString presetLabel(DatePreset preset)
{
    switch (preset) {
    case DatePreset::Last7Days:
        return QCoreApplication::translate("DatePeriod", "Last 7 days");
    case DatePreset::Last30Days:
        return QCoreApplication::translate("DatePeriod", "Last 30 days");
    case DatePreset::Last90Days:
        return QCoreApplication::translate("DatePeriod", "Last 90 days");
    case DatePreset::MonthToDate:
        return QCoreApplication::translate("DatePeriod", "Month to date");
    case DatePreset::AllData:
        return QCoreApplication::translate("DatePeriod", "All data");
    case DatePreset::Custom:
        return QCoreApplication::translate("DatePeriod", "Custom");
    }
    return {};
}

QDate utcDateOfMs(int64_t ms)
{
    return QDate::fromJulianDay(kEpochJulianDay + floorTo(ms, kMsPerDay) / kMsPerDay);
}

int64_t msOfUtcDate(QDate date)
{
    return (date.toJulianDay() - kEpochJulianDay) * kMsPerDay;
}

DatePeriod resolvePeriod(DatePreset preset, const DataRange& range, const DatePeriod& custom, int64_t nowMs)
{
    const QDate anchor = utcDateOfMs(range.empty() ? nowMs : range.lastMs);
    const QDate first = range.empty() ? anchor : utcDateOfMs(range.firstMs);
    switch (preset) {
    case DatePreset::Last7Days:
        return lastDays(anchor, 7);
    case DatePreset::Last30Days:
        return lastDays(anchor, 30);
    case DatePreset::Last90Days:
        return lastDays(anchor, 90);
    case DatePreset::MonthToDate:
        return { QDate(anchor.year(), anchor.month(), 1), anchor };
    case DatePreset::AllData:
        return { first, anchor };
    case DatePreset::Custom:
        if (!custom.first.isValid() || !custom.last.isValid())
            return lastDays(anchor, 30);
        if (custom.first > custom.last)
            return { custom.last, custom.first };
        return custom;
    }
    return lastDays(anchor, 30);
}

SummaryFilter filterFor(const DatePeriod& period)
{
    SummaryFilter f;
    f.fromMs = msOfUtcDate(period.first);
    f.toMs = msOfUtcDate(period.last) + kMsPerDay;
    return f;
}

QString periodText(const DatePeriod& period)
{
    return period.first.toString(Qt::ISODate) + QStringLiteral(" – ") + period.last.toString(Qt::ISODate);
}

DatePeriod previousPeriod(const DatePeriod& period)
{
    if (!period.isValid())
        return {};
    const qint64 days = period.days();
    return { period.first.addDays(-days), period.first.addDays(-1) };
}

QString resolutionId(Resolution r)
{
    switch (r) {
    case Resolution::Auto:
        return QStringLiteral("auto");
    case Resolution::Hour:
        return QStringLiteral("hour");
    case Resolution::Day:
        return QStringLiteral("day");
    case Resolution::Week:
        return QStringLiteral("week");
    }
    return QStringLiteral("auto");
}

std::optional<Resolution> resolutionFromId(const QString& id)
{
    for (Resolution r : kAllResolutions)
        if (resolutionId(r) == id)
            return r;
    return std::nullopt;
}

QString resolutionLabel(Resolution r)
{
    switch (r) {
    case Resolution::Auto:
        return QCoreApplication::translate("DatePeriod", "Auto");
    case Resolution::Hour:
        return QCoreApplication::translate("DatePeriod", "Hourly");
    case Resolution::Day:
        return QCoreApplication::translate("DatePeriod", "Daily");
    case Resolution::Week:
        return QCoreApplication::translate("DatePeriod", "Weekly");
    }
    return {};
}

Bucket bucketFor(const DatePeriod& period, Resolution r)
{
    const qint64 days = period.days();
    switch (r) {
    case Resolution::Hour:
        return days <= 366 ? Bucket::Hour : Bucket::Day;
    case Resolution::Day:
        return Bucket::Day;
    case Resolution::Week:
        return Bucket::Week;
    case Resolution::Auto:
        break;
    }
    if (days <= 7)
        return Bucket::Hour;
    return days <= 184 ? Bucket::Day : Bucket::Week;
}

} // namespace il::ui
