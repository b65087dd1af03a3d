// SPDX-License-Identifier: GPL-3.0-or-later
// Sorting and filtering for the feature economics table: sorts on the raw figures (SortRole), keeps unknown
// figures ("—") after known ones and the total row last in either order, and filters on the feature name.
#pragma once

#include <QSortFilterProxyModel>

namespace il::ui {

class FeatureTableProxy final : public QSortFilterProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeatureTableProxy)
public:
    explicit FeatureTableProxy(QObject* parent = nullptr);
    ~FeatureTableProxy() override;

    void setNameFilter(const QString& text);
    // Rows shown besides the total, and rows in the source besides the total.
    int shownRows() const;
    int sourceRows() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    bool isTotal(int sourceRow) const;
    bool nameMatches(int sourceRow) const;
};

} // namespace il::ui
