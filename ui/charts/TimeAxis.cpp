// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/TimeAxis.h"

#include "domain/Time.h"

#include <QCategoryAxis>
#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <array>

namespace il::ui {

namespace {

    QDateTime utc(int64_t ms)
    {
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    }

    enum class Step { Hours, Days, Weeks, Months };
    struct StepChoice {
        Step kind;
        int n;
        int64_t approxMs;
    };

    constexpr int64_t kDay = kMsPerDay;
    const std::array<StepChoice, 16> kSteps = { {
        { Step::Hours, 1, kMsPerHour },
        { Step::Hours, 2, 2 * kMsPerHour },
        { Step::Hours, 3, 3 * kMsPerHour },
        { Step::Hours, 6, 6 * kMsPerHour },
        { Step::Hours, 12, 12 * kMsPerHour },
        { Step::Days, 1, kDay },
        { Step::Days, 2, 2 * kDay },
        { Step::Weeks, 1, 7 * kDay },
        { Step::Weeks, 2, 14 * kDay },
        { Step::Months, 1, 30 * kDay },
        { Step::Months, 2, 61 * kDay },
        { Step::Months, 3, 91 * kDay },
        { Step::Months, 6, 182 * kDay },
        { Step::Months, 12, 365 * kDay },
        { Step::Months, 24, 730 * kDay },
        { Step::Months, 60, 1826 * kDay },
    } };

    // The first tick at or after `from` on the step's grid.
    QDateTime firstTick(const QDateTime& from, const StepChoice& s)
    {
        const QDate d = from.date();
        switch (s.kind) {
        case Step::Hours: {
            QDateTime t(d, QTime(from.time().hour() - from.time().hour() % s.n, 0), Qt::UTC);
            return t < from ? t.addSecs(3600LL * s.n) : t;
        }
        case Step::Days: {
            QDateTime t(d, QTime(0, 0), Qt::UTC);
            return t < from ? t.addDays(1) : t;
        }
        case Step::Weeks: {
            QDateTime t(d.addDays(1 - d.dayOfWeek()), QTime(0, 0), Qt::UTC); // Monday
            return t < from ? t.addDays(7) : t;
        }
        case Step::Months: {
            const int month0 = (d.month() - 1) - (d.month() - 1) % std::min(s.n, 12);
            QDateTime t(QDate(d.year(), month0 + 1, 1), QTime(0, 0), Qt::UTC);
            return t < from ? t.addMonths(std::min(s.n, 12)) : t;
        }
        }
        return from;
    }

    QDateTime next(const QDateTime& t, const StepChoice& s)
    {
        switch (s.kind) {
        case Step::Hours:
            return t.addSecs(3600LL * s.n);
        case Step::Days:
            return t.addDays(s.n);
        case Step::Weeks:
            return t.addDays(7LL * s.n);
        case Step::Months:
            return t.addMonths(s.n);
        }
        return t.addDays(1);
    }

    QString tickLabel(const QDateTime& t, const StepChoice& s, bool first)
    {
        const QLocale locale;
        switch (s.kind) {
        case Step::Hours:
            // The date where a day starts (and on the first tick), the hour otherwise.
            if (first || t.time().hour() < s.n)
                return locale.toString(t.date(), QStringLiteral("d MMM")) + QStringLiteral("\n")
                    + t.time().toString(QStringLiteral("HH:mm"));
            return t.time().toString(QStringLiteral("HH:mm"));
        case Step::Days:
        case Step::Weeks:
            // The year where a year starts (the period and its year are in the filter bar; a year on the first
            // tick would be cut short by the room a tick has).
            if (t.date().month() == 1 && t.date().day() <= (s.kind == Step::Weeks ? 7 * s.n : s.n))
                return locale.toString(t.date(), QStringLiteral("d MMM yyyy"));
            return locale.toString(t.date(), QStringLiteral("d MMM"));
        case Step::Months:
            return s.n >= 12 ? QString::number(t.date().year()) : locale.toString(t.date(), QStringLiteral("MMM yyyy"));
        }
        return {};
    }

} // namespace

std::vector<TimeTick> timeTicks(int64_t fromMs, int64_t toMs, int widthPx)
{
    std::vector<TimeTick> ticks;
    if (toMs <= fromMs)
        return ticks;
    const int64_t span = toMs - fromMs;
    const int maxTicks = std::max(2, widthPx / 75);
    const StepChoice* step = &kSteps.back();
    for (const StepChoice& s : kSteps) {
        if (span / s.approxMs <= maxTicks) {
            step = &s;
            break;
        }
    }
    const QDateTime end = utc(toMs);
    for (QDateTime t = firstTick(utc(fromMs), *step); t <= end; t = next(t, *step))
        ticks.push_back({ t.toMSecsSinceEpoch(), tickLabel(t, *step, ticks.empty()) });
    return ticks;
}

void layoutTimeAxis(QCategoryAxis* axis, int64_t fromMs, int64_t toMs, int widthPx)
{
    const QStringList old = axis->categoriesLabels();
    for (const QString& label : old)
        axis->remove(label);
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setStartValue(double(fromMs));
    // Category labels must be unique: a repeated "00:00" gets an invisible distinction.
    QStringList used;
    for (const TimeTick& t : timeTicks(fromMs, toMs, widthPx)) {
        QString label = t.label;
        while (used.contains(label))
            label += QChar(0x200B);
        used << label;
        axis->append(label, double(t.ms));
    }
    axis->setRange(double(fromMs), double(toMs));
}

QString bucketLabel(int64_t startMs, int64_t widthMs)
{
    const QLocale locale;
    const QDateTime t = utc(startMs);
    if (widthMs < kMsPerDay)
        return locale.toString(t.date(), QStringLiteral("ddd d MMM yyyy")) + QLatin1Char(' ')
            + t.time().toString(QStringLiteral("HH:mm")) + QStringLiteral("–")
            + utc(startMs + widthMs).time().toString(QStringLiteral("HH:mm")) + QStringLiteral(" UTC");
    if (widthMs >= 28 * kMsPerDay)
        return locale.toString(t.date(), QStringLiteral("MMMM yyyy")) + QStringLiteral(" (UTC)");
    if (widthMs == kMsPerDay)
        return locale.toString(t.date(), QStringLiteral("ddd d MMM yyyy")) + QStringLiteral(" (UTC)");
    return QCoreApplication::translate("TimeAxis", "Week of %1 (UTC)")
        .arg(locale.toString(t.date(), QStringLiteral("d MMM yyyy")));
}

} // namespace il::ui
