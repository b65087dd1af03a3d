// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/ThemedIcon.h"

#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

namespace il::ui {

namespace {

    QColor blend(const QColor& a, const QColor& b, double t)
    {
        return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                                float(a.blueF() * (1 - t) + b.blueF() * t));
    }

    QPixmap tinted(QSvgRenderer& svg, int size, const QColor& colour)
    {
        QPixmap pix(size, size);
        pix.fill(Qt::transparent);
        QPainter p(&pix);
        p.setRenderHint(QPainter::Antialiasing);
        svg.render(&p, QRectF(0, 0, size, size));
        // Keep the drawing's shape (its alpha), replace its colour.
        p.setCompositionMode(QPainter::CompositionMode_SourceIn);
        p.fillRect(pix.rect(), colour);
        return pix;
    }

} // namespace

QIcon themedIcon(const QString& svgPath, const QPalette& palette)
{
    QSvgRenderer svg(svgPath);
    if (!svg.isValid())
        return QIcon(svgPath);
    const QColor normal = blend(palette.color(QPalette::Window), palette.color(QPalette::WindowText), 0.78);
    const QColor selected = palette.color(QPalette::HighlightedText);
    const QColor disabled = blend(palette.color(QPalette::Window), palette.color(QPalette::WindowText), 0.35);
    QIcon icon;
    for (int size : { 16, 22, 24, 32, 48, 64 }) {
        icon.addPixmap(tinted(svg, size, normal), QIcon::Normal);
        icon.addPixmap(tinted(svg, size, normal), QIcon::Active);
        icon.addPixmap(tinted(svg, size, selected), QIcon::Selected);
        icon.addPixmap(tinted(svg, size, disabled), QIcon::Disabled);
    }
    return icon;
}

} // namespace il::ui
