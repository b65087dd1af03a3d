// SPDX-License-Identifier: GPL-3.0-or-later
// The filters every page follows: the period, provider, model and feature (each a multi-select, nothing
// ticked meaning all) and how finely the charts cut time. One bar for the window, so the pages cannot drift.
#pragma once

#include "DatePeriod.h"

#include <QWidget>

class QComboBox;
class QToolButton;

namespace il::ui {

class DateRangeBar;
class MultiSelectButton;

class FilterBar final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterBar)
public:
    explicit FilterBar(QWidget* parent = nullptr);
    ~FilterBar() override;

    DateRangeBar* dateBar() const { return m_dates; }
    MultiSelectButton* providerFilter() const { return m_providers; }
    MultiSelectButton* modelFilter() const { return m_models; }
    MultiSelectButton* featureFilter() const { return m_features; }
    QComboBox* resolutionBox() const { return m_resolution; }

    Resolution resolution() const;
    void setResolution(Resolution r); // does not emit
    // The names in the store, for the menus.
    void setAvailable(const QStringList& providers, const QStringList& models, const QStringList& features);
    bool anyNameFilter() const;
    // Every name filter back to "all" (the period stays): emits once.
    void clearNameFilters();

signals:
    // Any filter changed (the period after its own debounce).
    void filtersChanged();

private:
    DateRangeBar* m_dates;
    MultiSelectButton* m_providers;
    MultiSelectButton* m_models;
    MultiSelectButton* m_features;
    QComboBox* m_resolution;
    QToolButton* m_clear;
    bool m_clearing = false;
};

} // namespace il::ui
