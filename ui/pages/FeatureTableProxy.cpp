// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/FeatureTableProxy.h"

#include "item/FeatureEconomicsModel.h"

namespace il::ui {

FeatureTableProxy::FeatureTableProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(FeatureEconomicsModel::SortRole);
    setFilterKeyColumn(FeatureEconomicsModel::Feature);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
}

FeatureTableProxy::~FeatureTableProxy() = default;

void FeatureTableProxy::setNameFilter(const QString& text)
{
    setFilterFixedString(text.trimmed());
}

bool FeatureTableProxy::isTotal(int sourceRow) const
{
    return sourceModel()->index(sourceRow, 0).data(FeatureEconomicsModel::IsTotalRole).toBool();
}

bool FeatureTableProxy::nameMatches(int sourceRow) const
{
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, {});
}

bool FeatureTableProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (!isTotal(sourceRow))
        return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
    // The total stays while any feature is shown, so a filter that matches nothing leaves an empty table.
    if (filterRegularExpression().pattern().isEmpty())
        return true;
    for (int r = 0; r < sourceModel()->rowCount(); ++r)
        if (r != sourceRow && nameMatches(r))
            return true;
    return false;
}

bool FeatureTableProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    // Qt sorts descending by asking lessThan(right, left); answer so that the total and the unknowns
    // end up last whichever way the column is sorted.
    const bool ascending = sortOrder() == Qt::AscendingOrder;
    const bool leftTotal = left.data(FeatureEconomicsModel::IsTotalRole).toBool();
    const bool rightTotal = right.data(FeatureEconomicsModel::IsTotalRole).toBool();
    if (leftTotal != rightTotal)
        return leftTotal ? !ascending : ascending;
    const QVariant l = left.data(sortRole()), r = right.data(sortRole());
    if (l.isValid() != r.isValid())
        return l.isValid() ? ascending : !ascending;
    if (!l.isValid())
        return false;
    return QSortFilterProxyModel::lessThan(left, right);
}

int FeatureTableProxy::shownRows() const
{
    int n = 0;
    for (int r = 0; r < rowCount(); ++r)
        n += index(r, 0).data(FeatureEconomicsModel::IsTotalRole).toBool() ? 0 : 1;
    return n;
}

int FeatureTableProxy::sourceRows() const
{
    if (!sourceModel())
        return 0;
    const int n = sourceModel()->rowCount();
    return n > 0 ? n - 1 : 0; // every non-empty summary has a total row
}

} // namespace il::ui
