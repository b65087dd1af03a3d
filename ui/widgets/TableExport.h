// SPDX-License-Identifier: GPL-3.0-or-later
// A table's figures out of the window: the selection as tab-separated text (for pasting into a sheet), the
// whole table as CSV (RFC 4180). Both take the text the cells show, columns in the order on screen.
#pragma once

#include <QString>

class QAbstractItemModel;
class QHeaderView;
class QItemSelectionModel;

namespace il::ui {

// The selected cells, rows by row and columns in visual order; a header line when whole rows are selected.
QString selectionAsTsv(const QItemSelectionModel* selection, const QHeaderView* header);
// Every row, with the header, in the header's visual order (hidden columns left out).
QString tableAsCsv(const QAbstractItemModel* model, const QHeaderView* header);
QString csvField(const QString& text);
// Writes atomically (QSaveFile); false and no file when it cannot.
bool writeTextFile(const QString& path, const QString& text, QString* error = nullptr);

} // namespace il::ui
