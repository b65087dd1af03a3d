// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/PlaceholderTableView.h"

#include <QPainter>

namespace il::ui {

PlaceholderTableView::PlaceholderTableView(QWidget* parent)
    : QTableView(parent)
{
}

PlaceholderTableView::~PlaceholderTableView() = default;

void PlaceholderTableView::setPlaceholderText(const QString& text)
{
    if (text == m_placeholder)
        return;
    m_placeholder = text;
    viewport()->update();
}

void PlaceholderTableView::paintEvent(QPaintEvent* event)
{
    QTableView::paintEvent(event);
    if (m_placeholder.isEmpty() || (model() && model()->rowCount(rootIndex()) > 0))
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const QRect area = viewport()->rect().adjusted(24, 24, -24, -24);
    painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
}

} // namespace il::ui
