// SPDX-License-Identifier: GPL-3.0-or-later
// Drawing primitives of the feature economics report: millimetre geometry on a QPdfWriter page, the report's
// fonts and print palette, wrapped text, tables and figure tiles. Everything is vector drawing with real text,
// so the PDF stays crisp and its figures can be selected and searched.
#pragma once

#include <QColor>
#include <QFont>
#include <QPainter>
#include <QRectF>
#include <QString>

#include <vector>

namespace il::ui {

namespace report {

    // Print-safe and colour-blind-safe (Okabe & Ito), dark enough on white paper.
    QColor seriesColour(int index);
    inline QColor otherColour()
    {
        return QColor(0x9a, 0x9a, 0x9a);
    }
    inline QColor inkColour()
    {
        return QColor(0x1e, 0x1e, 0x1e);
    }
    inline QColor mutedColour()
    {
        return QColor(0x5c, 0x5c, 0x5c);
    }
    inline QColor ruleColour()
    {
        return QColor(0xc8, 0xc8, 0xc8);
    }
    inline QColor accentColour()
    {
        return QColor(0x0b, 0x3d, 0x6b);
    }
    inline QColor worseColour()
    {
        return QColor(0xa6, 0x3b, 0x00);
    } // a figure moved the wrong way
    inline QColor betterColour()
    {
        return QColor(0x1f, 0x5f, 0x9e);
    }
    inline QColor breachColour()
    {
        return QColor(0xb0, 0x1c, 0x1c);
    }

    struct TableColumn {
        QString title;
        double share = 1; // of the table width, relative to the other columns
        Qt::Alignment align = Qt::AlignLeft;
        bool wrap = false; // long text wraps onto more lines (the row grows) instead of shrinking
    };

    struct TableCell {
        TableCell(QString t = {})
            : text(std::move(t))
        {
        } // NOLINT: implicit, so rows read as lists of strings
        TableCell(QString t, QColor fg, bool b = false)
            : text(std::move(t))
            , foreground(std::move(fg))
            , bold(b)
        {
        }
        QString text;
        QColor foreground; // invalid: ink
        bool bold = false;
        QColor swatch; // valid: a small colour key before the text (a chart legend inside the table)
    };

    using TableRow = std::vector<TableCell>;

} // namespace report

class ReportCanvas {
public:
    ReportCanvas(QPainter& painter, double dotsPerInch, double widthMm, double heightMm);

    QPainter& painter() { return m_p; }
    double mm(double v) const { return v * m_dpi / 25.4; }
    double widthMm() const { return m_widthMm; }
    double heightMm() const { return m_heightMm; }
    QRectF rectMm(double x, double y, double w, double h) const { return { mm(x), mm(y), mm(w), mm(h) }; }

    // The report's type scale (points; the PDF engine keeps them exact).
    QFont font(double points, bool bold = false, bool condensed = false) const;
    QFont title() const { return font(22, true); }
    QFont h1() const { return font(15, true); }
    QFont h2() const { return font(10.5, true); }
    QFont body() const { return font(8.6); }
    QFont small() const { return font(7.2); }
    QFont tableFont() const { return font(7.6, false, true); }
    QFont tableBold() const { return font(7.6, true, true); }

    // Wrapped text in a box `widthMm` wide at (x, y) mm; returns the height used in mm.
    double text(double xMm, double yMm, double widthMm, const QString& text, const QFont& font,
                const QColor& colour = report::inkColour(), Qt::Alignment align = Qt::AlignLeft);
    // A paragraph of simple HTML (<b>, <i>); returns the height used in mm.
    double richText(double xMm, double yMm, double widthMm, const QString& html, const QFont& font,
                    const QColor& colour = report::inkColour());
    double textHeight(double widthMm, const QString& text, const QFont& font) const;
    double textWidth(const QString& text, const QFont& font) const; // mm, one line
    // One line, elided in the middle when it does not fit.
    void line(double xMm, double yMm, double widthMm, const QString& text, const QFont& font,
              const QColor& colour = report::inkColour(), Qt::Alignment align = Qt::AlignLeft);
    void hRule(double xMm, double yMm, double widthMm, const QColor& colour = report::ruleColour(), double penMm = 0.2);

    // A heading with a rule under it; returns the height used in mm.
    double heading(double xMm, double yMm, double widthMm, const QString& text);

    // A figure tile: label above a large value, the change against the previous period below.
    void tile(double xMm, double yMm, double wMm, double hMm, const QString& label, const QString& value,
              const QString& change, const QColor& changeColour);

    double tableRowHeight() const; // mm, of a row of one line
    // The height a table will take (mm), wrapped columns included.
    double tableHeight(double widthMm, const std::vector<report::TableColumn>& columns,
                       const std::vector<report::TableRow>& rows) const;
    // Rows of cells under a shaded header; the last row is drawn as a total when `lastIsTotal`. Returns the
    // height used in mm. Cells that do not fit shrink their font rather than wrap (figures are never cut).
    double table(double xMm, double yMm, double widthMm, const std::vector<report::TableColumn>& columns,
                 const std::vector<report::TableRow>& rows, bool lastIsTotal = false);

private:
    QPainter& m_p;
    double m_dpi;
    double m_widthMm, m_heightMm;
};

} // namespace il::ui
