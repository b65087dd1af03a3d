// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/FilterBar.h"

#include "widgets/DateRangeBar.h"
#include "widgets/MultiSelectButton.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QStyle>
#include <QToolButton>

namespace il::ui {

FilterBar::FilterBar(QWidget* parent)
    : QWidget(parent)
    , m_dates(new DateRangeBar(this))
    , m_providers(new MultiSelectButton(tr("Provider"), tr("Providers"), this))
    , m_models(new MultiSelectButton(tr("Model"), tr("Models"), this))
    , m_features(new MultiSelectButton(tr("Feature"), tr("Features"), this))
    , m_resolution(new QComboBox(this))
    , m_clear(new QToolButton(this))
{
    m_providers->setObjectName(QStringLiteral("providerFilter"));
    m_models->setObjectName(QStringLiteral("modelFilter"));
    m_features->setObjectName(QStringLiteral("featureFilter"));
    m_resolution->setObjectName(QStringLiteral("resolution"));
    m_clear->setObjectName(QStringLiteral("clearFilters"));
    for (Resolution r : kAllResolutions)
        m_resolution->addItem(resolutionLabel(r), resolutionId(r));
    m_resolution->setToolTip(tr("How finely the charts cut time (Auto: hourly up to a week, daily up to half a "
                                "year, weekly beyond)"));
    m_clear->setText(tr("Clear"));
    m_clear->setToolTip(tr("Show every provider, model and feature again (Ctrl+Shift+Backspace)"));
    m_clear->setAutoRaise(true);
    m_clear->setEnabled(false);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_dates);
    layout->addSpacing(10);
    layout->addWidget(m_providers);
    layout->addWidget(m_models);
    layout->addWidget(m_features);
    layout->addWidget(m_clear);
    layout->addSpacing(10);
    auto* chartsLabel = new QLabel(tr("C&harts:"), this);
    chartsLabel->setBuddy(m_resolution);
    layout->addWidget(chartsLabel);
    layout->addWidget(m_resolution);

    connect(m_dates, &DateRangeBar::periodChanged, this, &FilterBar::filtersChanged);
    for (MultiSelectButton* b : { m_providers, m_models, m_features })
        connect(b, &MultiSelectButton::selectionChanged, this, [this] {
            m_clear->setEnabled(anyNameFilter());
            if (!m_clearing)
                emit filtersChanged();
        });
    connect(m_resolution, &QComboBox::currentIndexChanged, this, &FilterBar::filtersChanged);
    connect(m_clear, &QToolButton::clicked, this, &FilterBar::clearNameFilters);
}

FilterBar::~FilterBar() = default;

Resolution FilterBar::resolution() const
{
    return resolutionFromId(m_resolution->currentData().toString()).value_or(Resolution::Auto);
}

void FilterBar::setResolution(Resolution r)
{
    const QSignalBlocker block(m_resolution);
    m_resolution->setCurrentIndex(m_resolution->findData(resolutionId(r)));
}

void FilterBar::setAvailable(const QStringList& providers, const QStringList& models, const QStringList& features)
{
    m_providers->setItems(providers);
    m_models->setItems(models);
    m_features->setItems(features);
    m_clear->setEnabled(anyNameFilter());
}

bool FilterBar::anyNameFilter() const
{
    return !m_providers->selected().isEmpty() || !m_models->selected().isEmpty() || !m_features->selected().isEmpty();
}

void FilterBar::clearNameFilters()
{
    if (!anyNameFilter())
        return;
    m_clearing = true;
    m_providers->clearSelection();
    m_models->clearSelection();
    m_features->clearSelection();
    m_clearing = false;
    m_clear->setEnabled(false);
    emit filtersChanged();
}

} // namespace il::ui
