// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/DateRangeBar.h"

#include "domain/Time.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QTimer>

namespace il::ui {

namespace {

    QDateEdit* makeDateEdit(const QString& objectName, const QString& toolTip, QWidget* parent)
    {
        auto* edit = new QDateEdit(parent);
        edit->setObjectName(objectName);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setCalendarPopup(true);
        edit->setKeyboardTracking(false); // a date half typed is not a date to query
        edit->setToolTip(toolTip);
        edit->setDate(utcDateOfMs(nowMs()));
        return edit;
    }

} // namespace

DateRangeBar::DateRangeBar(QWidget* parent)
    : QWidget(parent)
    , m_preset(new QComboBox(this))
    , m_from(makeDateEdit(QStringLiteral("fromDate"), tr("First day of the period (UTC)"), this))
    , m_to(makeDateEdit(QStringLiteral("toDate"), tr("Last day of the period, included (UTC)"), this))
    , m_debounce(new QTimer(this))
{
    m_preset->setObjectName(QStringLiteral("datePreset"));
    m_preset->setToolTip(tr("Period, counted back from the latest day with data in the store"));
    for (DatePreset p : kAllDatePresets)
        m_preset->addItem(presetLabel(p), presetId(p));
    m_preset->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    auto* periodLabel = new QLabel(tr("&Period:"), this);
    periodLabel->setBuddy(m_preset);
    layout->addWidget(periodLabel);
    layout->addWidget(m_preset);
    layout->addSpacing(4);
    layout->addWidget(m_from);
    layout->addWidget(new QLabel(QStringLiteral("–"), this));
    layout->addWidget(m_to);
    auto* utc = new QLabel(tr("UTC"), this);
    utc->setForegroundRole(QPalette::PlaceholderText);
    utc->setToolTip(tr("Days are UTC days, as in `inferledger summary`"));
    layout->addWidget(utc);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, &DateRangeBar::periodChanged);
    connect(m_preset, &QComboBox::currentIndexChanged, this, [this] {
        m_debounce->stop();
        emit periodChanged();
    });
    connect(m_from, &QDateEdit::dateChanged, this, [this] { datesEdited(m_from); });
    connect(m_to, &QDateEdit::dateChanged, this, [this] { datesEdited(m_to); });
}

DateRangeBar::~DateRangeBar() = default;

DatePreset DateRangeBar::preset() const
{
    return presetFromId(m_preset->currentData().toString()).value_or(DatePreset::Last30Days);
}

void DateRangeBar::setPreset(DatePreset preset)
{
    const QSignalBlocker block(m_preset);
    m_preset->setCurrentIndex(m_preset->findData(presetId(preset)));
}

DatePeriod DateRangeBar::shownPeriod() const
{
    return { m_from->date(), m_to->date() };
}

void DateRangeBar::showPeriod(const DatePeriod& period, const DataRange& range)
{
    const QSignalBlocker blockFrom(m_from), blockTo(m_to);
    if (!range.empty()) {
        // Leave room either side: a custom period may reach past the data, it just shows nothing there.
        const QDate first = utcDateOfMs(range.firstMs).addYears(-1), last = utcDateOfMs(range.lastMs).addYears(1);
        m_from->setDateRange(first, last);
        m_to->setDateRange(first, last);
    }
    m_from->setDate(period.first);
    m_to->setDate(period.last);
}

void DateRangeBar::datesEdited(QDateEdit* edited)
{
    {
        // Keep from ≤ to by moving the other end, as calendar pickers do.
        const QSignalBlocker blockFrom(m_from), blockTo(m_to);
        if (m_from->date() > m_to->date()) {
            if (edited == m_from)
                m_to->setDate(m_from->date());
            else
                m_from->setDate(m_to->date());
        }
    }
    setPreset(DatePreset::Custom);
    m_debounce->start();
}

} // namespace il::ui
