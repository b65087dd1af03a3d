// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/FigureDelegate.h"

#include "item/FeatureEconomicsModel.h"

#include <QApplication>
#include <QStyle>

namespace il::ui {

FigureDelegate::FigureDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

FigureDelegate::~FigureDelegate() = default;

QSize FigureDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.rwidth() += 18;
    size.rheight() += 6;
    return size;
}

void FigureDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(FeatureEconomicsModel::IsTotalRole).toBool()) {
        option->font.setBold(true);
        const QColor base = option->palette.color(QPalette::Base), text = option->palette.color(QPalette::Text);
        QColor band = base;
        band.setRgbF(base.redF() * 0.93f + text.redF() * 0.07f, base.greenF() * 0.93f + text.greenF() * 0.07f,
                     base.blueF() * 0.93f + text.blueF() * 0.07f);
        option->backgroundBrush = band;
    }
    // Unpriced requests make the cost a lower bound: flag them where a glance at the column finds them.
    if (index.column() == FeatureEconomicsModel::Unpriced && index.data(FeatureEconomicsModel::RawRole).toLongLong() > 0) {
        const QWidget* widget = option->widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        option->icon = style->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, widget);
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->decorationSize = QSize(14, 14);
    }
    if (option->text == FeatureEconomicsModel::unknownText())
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
}

} // namespace il::ui
