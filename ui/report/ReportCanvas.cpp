// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/ReportCanvas.h"

#include <QAbstractTextDocumentLayout>
#include <QFontMetricsF>
#include <QPaintDevice>
#include <QTextDocument>

#include <algorithm>
#include <numeric>

namespace il::ui {

namespace report {

    QColor seriesColour(int index)
    {
        static const QColor kPalette[] = { QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00), QColor(0x00, 0x9e, 0x73),
                                           QColor(0xcc, 0x79, 0xa7), QColor(0x56, 0xb4, 0xe9), QColor(0xd5, 0x5e, 0x00),
                                           QColor(0x6a, 0x3d, 0x9a), QColor(0x8c, 0x6d, 0x31) };
        constexpr int n = int(sizeof kPalette / sizeof kPalette[0]);
        return kPalette[((index % n) + n) % n];
    }

} // namespace report

using namespace report;

ReportCanvas::ReportCanvas(QPainter& painter, double dotsPerInch, double widthMm, double heightMm)
    : m_p(painter)
    , m_dpi(dotsPerInch)
    , m_widthMm(widthMm)
    , m_heightMm(heightMm)
{
}

QFont ReportCanvas::font(double points, bool bold, bool condensed) const
{
    // DejaVu ships with every Linux desktop; elsewhere Qt substitutes the closest sans serif.
    QFont f(condensed ? QStringLiteral("DejaVu Sans Condensed") : QStringLiteral("DejaVu Sans"));
    // No ligatures: copied or searched text must read "fi", not "ﬁ".
    f.setStyleHint(QFont::SansSerif, QFont::PreferNoShaping);
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

double ReportCanvas::textHeight(double widthMm, const QString& text, const QFont& font) const
{
    const QFontMetricsF fm(font, m_p.device());
    return fm.boundingRect(QRectF(0, 0, mm(widthMm), 1e7), Qt::TextWordWrap, text).height() * 25.4 / m_dpi;
}

double ReportCanvas::textWidth(const QString& text, const QFont& font) const
{
    return QFontMetricsF(font, m_p.device()).horizontalAdvance(text) * 25.4 / m_dpi;
}

double ReportCanvas::text(double xMm, double yMm, double widthMm, const QString& text, const QFont& font,
                          const QColor& colour, Qt::Alignment align)
{
    const double h = textHeight(widthMm, text, font);
    m_p.setFont(font);
    m_p.setPen(colour);
    m_p.drawText(rectMm(xMm, yMm, widthMm, h + 0.5), int(align) | Qt::TextWordWrap, text);
    return h;
}

double ReportCanvas::richText(double xMm, double yMm, double widthMm, const QString& html, const QFont& font,
                              const QColor& colour)
{
    QTextDocument doc;
    doc.documentLayout()->setPaintDevice(m_p.device()); // lay out with the PDF's metrics, not the screen's
    doc.setDefaultFont(font);
    doc.setDocumentMargin(0);
    doc.setTextWidth(mm(widthMm));
    doc.setHtml(QStringLiteral("<div style=\"color:%1\">").arg(colour.name()) + html + QStringLiteral("</div>"));
    m_p.save();
    m_p.translate(mm(xMm), mm(yMm));
    doc.drawContents(&m_p);
    m_p.restore();
    return doc.size().height() * 25.4 / m_dpi;
}

void ReportCanvas::line(double xMm, double yMm, double widthMm, const QString& text, const QFont& font,
                        const QColor& colour, Qt::Alignment align)
{
    const QFontMetricsF fm(font, m_p.device());
    // Measured widths round a little differently from elidedText's: elide only what truly does not fit.
    const QString shown
        = fm.horizontalAdvance(text) <= mm(widthMm + 0.3) ? text : fm.elidedText(text, Qt::ElideMiddle, mm(widthMm));
    m_p.setFont(font);
    m_p.setPen(colour);
    m_p.drawText(QRectF(mm(xMm), mm(yMm), mm(widthMm), fm.height() * 1.05), int(align | Qt::AlignTop), shown);
}

void ReportCanvas::hRule(double xMm, double yMm, double widthMm, const QColor& colour, double penMm)
{
    m_p.setPen(QPen(colour, mm(penMm)));
    m_p.drawLine(QPointF(mm(xMm), mm(yMm)), QPointF(mm(xMm + widthMm), mm(yMm)));
}

double ReportCanvas::heading(double xMm, double yMm, double widthMm, const QString& t)
{
    const double h = text(xMm, yMm, widthMm, t, h2(), accentColour());
    hRule(xMm, yMm + h + 0.6, widthMm, accentColour(), 0.3);
    return h + 2.2;
}

void ReportCanvas::tile(double x, double y, double w, double h, const QString& label, const QString& value,
                        const QString& change, const QColor& changeColour)
{
    m_p.setPen(QPen(ruleColour(), mm(0.25)));
    m_p.setBrush(QColor(0xf6, 0xf7, 0xf9));
    m_p.drawRoundedRect(rectMm(x, y, w, h), mm(1.2), mm(1.2));
    m_p.setBrush(Qt::NoBrush);
    const double pad = 2.4;
    line(x + pad, y + 1.8, w - 2 * pad, label, small(), mutedColour());
    // A figure is never cut: its font shrinks until it fits the tile.
    QFont big = font(14, true);
    while (big.pointSizeF() > 7 && textWidth(value, big) > w - 2 * pad)
        big.setPointSizeF(big.pointSizeF() - 0.5);
    line(x + pad, y + 5.0, w - 2 * pad, value, big, inkColour());
    if (!change.isEmpty())
        line(x + pad, y + h - 5.0, w - 2 * pad, change, small(), changeColour.isValid() ? changeColour : mutedColour());
}

double ReportCanvas::tableRowHeight() const
{
    return QFontMetricsF(tableFont(), m_p.device()).height() * 25.4 / m_dpi + 1.5;
}

namespace {

    std::vector<double> columnWidths(double width, const std::vector<TableColumn>& columns)
    {
        const double totalShare = std::accumulate(columns.begin(), columns.end(), 0.0,
                                                  [](double s, const TableColumn& c) { return s + c.share; });
        std::vector<double> widths;
        for (const TableColumn& c : columns)
            widths.push_back(width * c.share / totalShare);
        return widths;
    }

    constexpr double kCellPad = 1.1;

} // namespace

double ReportCanvas::tableHeight(double width, const std::vector<TableColumn>& columns,
                                 const std::vector<TableRow>& rows) const
{
    const std::vector<double> widths = columnWidths(width, columns);
    const double rh = tableRowHeight();
    double h = rh;
    for (const TableRow& row : rows) {
        double r = rh;
        for (size_t c = 0; c < columns.size() && c < row.size(); ++c)
            if (columns[c].wrap)
                r = std::max(r, textHeight(widths[c] - 2 * kCellPad, row[c].text, tableFont()) + 1.5);
        h += r;
    }
    return h;
}

double ReportCanvas::table(double x, double y, double width, const std::vector<TableColumn>& columns,
                           const std::vector<TableRow>& rows, bool lastIsTotal)
{
    const std::vector<double> widths = columnWidths(width, columns);
    std::vector<double> lefts;
    double cx = x;
    for (double w : widths) {
        lefts.push_back(cx);
        cx += w;
    }
    const double rh = tableRowHeight(), pad = kCellPad;
    auto drawCell = [&](size_t col, double top, double height, const TableCell& cell, const QFont& base,
                        const QColor& colour) {
        double left = lefts[col] + pad, avail = widths[col] - 2 * pad;
        if (cell.swatch.isValid()) {
            m_p.setPen(Qt::NoPen);
            m_p.setBrush(cell.swatch);
            m_p.drawRect(rectMm(left, top + rh / 2 - 1.1, 2.2, 2.2));
            m_p.setBrush(Qt::NoBrush);
            left += 3.2;
            avail -= 3.2;
        }
        QFont f = base;
        if (cell.bold)
            f.setBold(true);
        const QColor fg = cell.foreground.isValid() ? cell.foreground : colour;
        if (columns[col].wrap) {
            text(left, top + 0.75, avail, cell.text, f, fg, columns[col].align);
            return;
        }
        const bool isText = col == 0; // the key column may elide; figures shrink instead
        if (!isText)
            while (f.pointSizeF() > 5 && textWidth(cell.text, f) > avail + 0.3)
                f.setPointSizeF(f.pointSizeF() - 0.25);
        const QFontMetricsF fm(f, m_p.device());
        const QString shown = isText && fm.horizontalAdvance(cell.text) > mm(avail + 0.3)
            ? fm.elidedText(cell.text, Qt::ElideMiddle, mm(avail))
            : cell.text;
        m_p.setFont(f);
        m_p.setPen(fg);
        m_p.drawText(rectMm(left, top, avail, std::min(height, rh)), int(columns[col].align | Qt::AlignVCenter), shown);
    };
    // Header.
    m_p.setPen(Qt::NoPen);
    m_p.setBrush(QColor(0xe9, 0xee, 0xf4));
    m_p.drawRect(rectMm(x, y, width, rh));
    m_p.setBrush(Qt::NoBrush);
    for (size_t c = 0; c < columns.size(); ++c) {
        drawCell(c, y, rh, TableCell(columns[c].title), tableBold(), accentColour());
    }
    double top = y + rh;
    for (size_t r = 0; r < rows.size(); ++r) {
        const bool total = lastIsTotal && r + 1 == rows.size();
        double height = rh;
        for (size_t c = 0; c < columns.size() && c < rows[r].size(); ++c)
            if (columns[c].wrap)
                height = std::max(height, textHeight(widths[c] - 2 * pad, rows[r][c].text, tableFont()) + 1.5);
        if (total) {
            hRule(x, top, width, inkColour(), 0.3);
        } else if (r % 2 == 1) {
            m_p.setPen(Qt::NoPen);
            m_p.setBrush(QColor(0xf7, 0xf7, 0xf7));
            m_p.drawRect(rectMm(x, top, width, height));
            m_p.setBrush(Qt::NoBrush);
        }
        for (size_t c = 0; c < columns.size() && c < rows[r].size(); ++c)
            drawCell(c, top, height, rows[r][c], total ? tableBold() : tableFont(), inkColour());
        top += height;
    }
    hRule(x, top, width, ruleColour(), 0.25);
    return top - y;
}

} // namespace il::ui
