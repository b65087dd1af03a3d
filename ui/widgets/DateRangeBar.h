// SPDX-License-Identifier: GPL-3.0-or-later
// The period picker: a preset (last 7/30/90 days, month to date, all data) or custom from/to dates, in UTC days.
#pragma once

#include "DatePeriod.h"

#include <QWidget>

class QComboBox;
class QDateEdit;
class QTimer;

namespace il::ui {

class DateRangeBar final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DateRangeBar)
public:
    explicit DateRangeBar(QWidget* parent = nullptr);
    ~DateRangeBar() override;

    DatePreset preset() const;
    void setPreset(DatePreset preset); // does not emit periodChanged
    // The dates the edits show: the resolved period, or the user's custom dates.
    DatePeriod shownPeriod() const;
    // Shows the period a load resolved to (does not emit); the edits' calendars are bounded by the data.
    void showPeriod(const DatePeriod& period, const DataRange& range);

signals:
    // The user picked a preset (at once) or edited a date (after a short pause, so typing is not a query per key).
    void periodChanged();

private:
    void datesEdited(QDateEdit* edited);

    QComboBox* m_preset;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QTimer* m_debounce;
};

} // namespace il::ui
