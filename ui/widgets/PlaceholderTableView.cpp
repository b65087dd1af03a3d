// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/PlaceholderTableView.h"

#include "widgets/TableExport.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QMenu>
#include <QPainter>

namespace il::ui {

PlaceholderTableView::PlaceholderTableView(QWidget* parent)
    : QTableView(parent)
    , m_copy(new QAction(tr("&Copy"), this))
    , m_export(new QAction(tr("&Export CSV…"), this))
{
    m_copy->setShortcut(QKeySequence::Copy);
    // Only while the table has focus: Ctrl+C elsewhere (a date edit, the filter) copies what is there.
    m_copy->setShortcutContext(Qt::WidgetShortcut);
    addAction(m_copy);
    connect(m_copy, &QAction::triggered, this, &PlaceholderTableView::copySelection);
    connect(m_export, &QAction::triggered, this, &PlaceholderTableView::chooseFileAndExport);
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

void PlaceholderTableView::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    m_copy->setEnabled(selectionModel() && selectionModel()->hasSelection());
    m_export->setEnabled(model() && model()->rowCount() > 0);
    menu.addAction(m_copy);
    menu.addAction(m_export);
    menu.exec(event->globalPos());
    m_copy->setEnabled(true);
}

void PlaceholderTableView::copySelection()
{
    const QString text = selectionAsTsv(selectionModel(), horizontalHeader());
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

bool PlaceholderTableView::exportCsv(const QString& path, QString* error) const
{
    return writeTextFile(path, tableAsCsv(model(), horizontalHeader()), error);
}

void PlaceholderTableView::chooseFileAndExport()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export CSV"), m_exportName, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error))
        emit exportFailed(tr("Could not write %1: %2").arg(path, error));
}

} // namespace il::ui
