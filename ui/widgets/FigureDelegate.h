// SPDX-License-Identifier: GPL-3.0-or-later
// Paints figure tables: the total row in bold on a faint band, unknown figures ("—") in the placeholder colour.
// Both come from the view's palette, so light and dark themes work; changes are toned better/worse.
#pragma once

#include <QStyledItemDelegate>

namespace il::ui {

class FigureDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FigureDelegate)
public:
    explicit FigureDelegate(QObject* parent = nullptr);
    ~FigureDelegate() override;

    // Figures get some air between columns: a table of numbers packed edge to edge reads as one number.
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace il::ui
