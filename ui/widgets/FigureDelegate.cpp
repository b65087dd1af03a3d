// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/FigureDelegate.h"

#include "item/FeatureEconomicsModel.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace il::ui {

FigureDelegate::FigureDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{
}

FigureDelegate::~FigureDelegate() = default;

namespace {

    // Unpriced requests make the cost a lower bound: flag them where a glance down the column finds them.
    bool flagged(const QModelIndex& index)
    {
        return index.data(FeatureEconomicsModel::FlagRole).toBool();
    }

} // namespace

void FigureDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    if (!flagged(index))
        return;
    // The icon goes just left of the figure (not as a decoration at the cell's left edge, where it would
    // read as part of the previous column), so the digits stay aligned with the rows above and below.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    const QRect text = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const int size = qMin(16, opt.fontMetrics.height());
    const int right = text.right() - margin - opt.fontMetrics.horizontalAdvance(opt.text) - 4;
    const QRect icon(right - size, text.center().y() - size / 2, size, size);
    style->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, widget).paint(painter, icon);
}

QSize FigureDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.rwidth() += 14;
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
    if (option->text == FeatureEconomicsModel::unknownText()) {
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
        return;
    }
    // Changes for the worse in red, for the better in green, toned to the palette so dark themes read; the
    // arrow and sign in the text say the same for anyone who cannot tell the colours apart.
    using Tone = FeatureEconomicsModel::Tone;
    const auto tone = Tone(index.data(FeatureEconomicsModel::ToneRole).toInt());
    if (tone != Tone::Neutral && !(option->state & QStyle::State_Selected)) {
        const bool dark = option->palette.color(QPalette::Base).lightness() < 128;
        const QColor worse = dark ? QColor(255, 120, 110) : QColor(185, 35, 25);
        const QColor better = dark ? QColor(110, 210, 120) : QColor(20, 125, 45);
        option->palette.setColor(QPalette::Text, tone == Tone::Worse ? worse : better);
    }
}

} // namespace il::ui
