// SPDX-License-Identifier: GPL-3.0-or-later
// The base of the dashboard's charts: a QChartView that follows the palette (light and dark), says why it is
// empty instead of drawing bare axes, shows tooltips, and saves itself as PNG or SVG from its context menu.
// Not final: TimeChartView and ScatterChartView add the data; this class owns what they share.
#pragma once

#include <QChartView>

class QMenu;

namespace il::ui {

class ChartView : public QChartView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartView)
public:
    explicit ChartView(QWidget* parent = nullptr);
    ~ChartView() override;

    void setTitle(const QString& title);
    QString title() const;
    // Shown in place of the plot while there is nothing to draw.
    void setEmptyText(const QString& text);
    QString emptyText() const { return m_emptyText; }
    bool hasData() const { return m_hasData; }

    // Both return false (and leave no file) when the file cannot be written.
    bool savePng(const QString& path);
    bool saveSvg(const QString& path);
    // The context menu's actions, for tests and for the window's menus.
    QAction* savePngAction() const { return m_savePng; }
    QAction* saveSvgAction() const { return m_saveSvg; }

    void setLegendAlignment(Qt::Alignment alignment);

    // The plot area's width in pixels: what series are downsampled to.
    int plotWidth() const;

signals:
    void saveFailed(const QString& message);

protected:
    void setHasData(bool hasData);
    // The palette changed: restyle series (the chart's frame is done here).
    virtual void paletteChanged() { }
    // The plot area's width changed: resample.
    virtual void plotWidthChanged() { }
    // A file name for save dialogs.
    QString suggestedFileName(const QString& suffix) const;
    void showToolTip(const QString& text);

    void changeEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    void applyPalette();
    void chooseFileAndSave(const QString& suffix);

    QString m_emptyText;
    bool m_hasData = false;
    bool m_restyling = false;
    int m_lastPlotWidth = 0;
    QAction* m_savePng;
    QAction* m_saveSvg;
    QAction* m_copy;
};

} // namespace il::ui
