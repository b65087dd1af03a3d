// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/ChartView.h"

#include "charts/ChartPalette.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QPainter>
#include <QSvgGenerator>
#include <QToolTip>

namespace il::ui {

ChartView::ChartView(QWidget* parent)
    : QChartView(new QChart, parent)
    , m_savePng(new QAction(tr("Save Chart as &PNG…"), this))
    , m_saveSvg(new QAction(tr("Save Chart as &SVG…"), this))
    , m_copy(new QAction(tr("&Copy Chart Image"), this))
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(200, 150);
    setFrameShape(QFrame::NoFrame);
    QChart* c = chart();
    c->setAnimationOptions(QChart::NoAnimation); // a filter change must repaint at once, not in 500 ms
    c->setBackgroundRoundness(0);
    c->setMargins(QMargins(6, 4, 22, 4)); // room for the last x label, centred on the plot's right edge
    c->legend()->setAlignment(Qt::AlignBottom);
    QFont titleFont = font();
    titleFont.setBold(true);
    c->setTitleFont(titleFont);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    c->legend()->setFont(small);
    applyPalette();

    connect(m_savePng, &QAction::triggered, this, [this] { chooseFileAndSave(QStringLiteral("png")); });
    connect(m_saveSvg, &QAction::triggered, this, [this] { chooseFileAndSave(QStringLiteral("svg")); });
    connect(m_copy, &QAction::triggered, this, [this] { QApplication::clipboard()->setPixmap(grab()); });
    connect(c, &QChart::plotAreaChanged, this, [this](const QRectF& area) {
        // Axis labels can widen the plot by a pixel or two; resampling for that would only cost time. A narrower
        // plot is always resampled: it must never hold more points than it is wide.
        const int width = int(area.width());
        if (width < m_lastPlotWidth || width - m_lastPlotWidth >= 8) {
            m_lastPlotWidth = width;
            plotWidthChanged();
        }
    });
}

ChartView::~ChartView() = default;

void ChartView::setTitle(const QString& title)
{
    chart()->setTitle(title);
}

QString ChartView::title() const
{
    return chart()->title();
}

void ChartView::setEmptyText(const QString& text)
{
    m_emptyText = text;
    viewport()->update();
}

void ChartView::setHasData(bool hasData)
{
    m_hasData = hasData;
    chart()->legend()->setVisible(hasData);
    const auto axes = chart()->axes();
    for (QAbstractAxis* a : axes)
        a->setVisible(hasData);
    viewport()->update();
}

void ChartView::setLegendAlignment(Qt::Alignment alignment)
{
    chart()->legend()->setAlignment(alignment);
}

int ChartView::plotWidth() const
{
    const int w = int(chart()->plotArea().width());
    // Before the first layout the plot has no size; the view's width is a fair upper bound.
    return w > 0 ? w : std::max(width() - 80, 100);
}

void ChartView::applyPalette()
{
    m_restyling = true;
    applyChartPalette(chart(), palette());
    paletteChanged();
    m_restyling = false;
}

void ChartView::changeEvent(QEvent* event)
{
    QChartView::changeEvent(event);
    if (!m_restyling && (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange))
        applyPalette();
}

void ChartView::paintEvent(QPaintEvent* event)
{
    QChartView::paintEvent(event);
    if (m_hasData || m_emptyText.isEmpty())
        return;
    QPainter p(viewport());
    p.setPen(palette().color(QPalette::PlaceholderText));
    const QRect area = viewport()->rect().adjusted(24, 32, -24, -16);
    p.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
}

void ChartView::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    menu.addAction(m_savePng);
    menu.addAction(m_saveSvg);
    menu.addSeparator();
    menu.addAction(m_copy);
    menu.exec(event->globalPos());
}

QString ChartView::suggestedFileName(const QString& suffix) const
{
    QString base = title().toLower();
    for (QChar& c : base)
        if (!c.isLetterOrNumber())
            c = QLatin1Char('-');
    while (base.contains(QStringLiteral("--")))
        base.replace(QStringLiteral("--"), QStringLiteral("-"));
    base = base.section(QLatin1Char('-'), 0, -1, QString::SectionSkipEmpty);
    if (base.isEmpty())
        base = QStringLiteral("chart");
    return QStringLiteral("inferledger-") + base + QLatin1Char('.') + suffix;
}

void ChartView::chooseFileAndSave(const QString& suffix)
{
    const bool svg = suffix == QStringLiteral("svg");
    const QString path = QFileDialog::getSaveFileName(this, svg ? tr("Save Chart as SVG") : tr("Save Chart as PNG"),
                                                      suggestedFileName(suffix),
                                                      svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!(svg ? saveSvg(path) : savePng(path)))
        emit saveFailed(tr("Could not write %1: check that the folder exists and is writable.").arg(path));
}

bool ChartView::savePng(const QString& path)
{
    const QPixmap image = grab();
    if (image.save(path, "PNG"))
        return true;
    QFile::remove(path);
    return false;
}

bool ChartView::saveSvg(const QString& path)
{
    if (!QFileInfo(QFileInfo(path).absolutePath()).isWritable())
        return false;
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(viewport()->size());
    svg.setViewBox(viewport()->rect());
    svg.setTitle(title().isEmpty() ? QStringLiteral("InferLedger chart") : title());
    svg.setDescription(tr("Exported from InferLedger"));
    {
        QPainter painter;
        if (!painter.begin(&svg))
            return false;
        // Vector output: the scene drawn straight into the generator, not a bitmap of the widget.
        render(&painter, QRectF(viewport()->rect()), viewport()->rect());
        if (!m_hasData && !m_emptyText.isEmpty()) {
            painter.setPen(palette().color(QPalette::PlaceholderText));
            painter.drawText(viewport()->rect(), Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
        }
    }
    const QFileInfo written(path);
    return written.exists() && written.size() > 0;
}

void ChartView::showToolTip(const QString& text)
{
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(QCursor::pos(), text, this);
}

} // namespace il::ui
