// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/TableExport.h"

#include <QAbstractItemModel>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSaveFile>

#include <map>
#include <set>

namespace il::ui {

namespace {

    std::vector<int> visualColumns(const QAbstractItemModel* model, const QHeaderView* header)
    {
        std::vector<int> columns;
        const int n = model->columnCount();
        for (int v = 0; v < n; ++v) {
            const int logical = header ? header->logicalIndex(v) : v;
            if (logical < 0 || (header && header->isSectionHidden(logical)))
                continue;
            columns.push_back(logical);
        }
        return columns;
    }

    QString cellText(const QAbstractItemModel* model, int row, int column)
    {
        return model->index(row, column).data(Qt::DisplayRole).toString();
    }

    QString tsvField(QString text)
    {
        // A tab or newline would split the cell when pasted.
        text.replace(QLatin1Char('\t'), QLatin1Char(' '));
        text.replace(QLatin1Char('\n'), QLatin1Char(' '));
        return text;
    }

} // namespace

QString csvField(const QString& text)
{
    const bool quote = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"'))
        || text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r')) || text.startsWith(QLatin1Char(' '))
        || text.endsWith(QLatin1Char(' '));
    if (!quote)
        return text;
    QString escaped = text;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString selectionAsTsv(const QItemSelectionModel* selection, const QHeaderView* header)
{
    if (!selection || !selection->model())
        return {};
    const QAbstractItemModel* model = selection->model();
    const QModelIndexList indexes = selection->selectedIndexes();
    if (indexes.isEmpty())
        return {};
    std::map<int, std::set<int>> byRow;
    for (const QModelIndex& i : indexes)
        byRow[i.row()].insert(i.column());
    const std::vector<int> order = visualColumns(model, header);
    std::set<int> used;
    for (const auto& [row, cols] : byRow)
        used.insert(cols.begin(), cols.end());
    std::vector<int> columns;
    for (int c : order)
        if (used.count(c))
            columns.push_back(c);
    QString out;
    const bool wholeRows = columns.size() == order.size();
    if (wholeRows) {
        QStringList head;
        for (int c : columns)
            head << tsvField(model->headerData(c, Qt::Horizontal).toString());
        out += head.join(QLatin1Char('\t')) + QLatin1Char('\n');
    }
    for (const auto& [row, cols] : byRow) {
        QStringList cells;
        for (int c : columns)
            cells << (cols.count(c) ? tsvField(cellText(model, row, c)) : QString());
        out += cells.join(QLatin1Char('\t')) + QLatin1Char('\n');
    }
    return out;
}

QString tableAsCsv(const QAbstractItemModel* model, const QHeaderView* header)
{
    if (!model)
        return {};
    const std::vector<int> columns = visualColumns(model, header);
    QString out;
    QStringList head;
    for (int c : columns)
        head << csvField(model->headerData(c, Qt::Horizontal).toString());
    out += head.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (int r = 0; r < model->rowCount(); ++r) {
        QStringList cells;
        for (int c : columns)
            cells << csvField(cellText(model, r, c));
        out += cells.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out;
}

bool writeTextFile(const QString& path, const QString& text, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    file.write(text.toUtf8());
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace il::ui
