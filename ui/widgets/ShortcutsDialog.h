// SPDX-License-Identifier: GPL-3.0-or-later
// Help → Keyboard Shortcuts: a table of what each shortcut does, grouped as the menus are. The main window
// fills it from its actions, so the table shows the keys that are actually bound (and cannot drift from them).
#pragma once

#include <QDialog>
#include <QKeySequence>

#include <vector>

class QTableWidget;

namespace il::ui {

class ShortcutsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutsDialog)
public:
    struct Entry {
        QString group; // "Pages", "Filters", …
        QString what;
        QList<QKeySequence> keys; // the first is the main one; the others are alternatives
        QString keysText; // instead of `keys`, for what is not an action (e.g. "Enter" on a table row)
    };

    explicit ShortcutsDialog(const std::vector<Entry>& entries, QWidget* parent = nullptr);
    ~ShortcutsDialog() override;

    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table;
};

} // namespace il::ui
