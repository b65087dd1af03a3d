// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/ShortcutsDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace il::ui {

ShortcutsDialog::ShortcutsDialog(const std::vector<Entry>& entries, QWidget* parent)
    : QDialog(parent)
    , m_table(new QTableWidget(this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({ tr("Where"), tr("Action"), tr("Keys") });
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setRowCount(int(entries.size()));
    QString lastGroup;
    for (int row = 0; row < int(entries.size()); ++row) {
        const Entry& e = entries[size_t(row)];
        QStringList keys;
        for (const QKeySequence& k : e.keys)
            keys << k.toString(QKeySequence::NativeText);
        // The group is named once, at its first row: the table reads like the menus.
        auto* group = new QTableWidgetItem(e.group == lastGroup ? QString() : e.group);
        QFont bold = group->font();
        bold.setBold(true);
        group->setFont(bold);
        lastGroup = e.group;
        m_table->setItem(row, 0, group);
        m_table->setItem(row, 1, new QTableWidgetItem(e.what));
        m_table->setItem(row, 2, new QTableWidgetItem(e.keysText.isEmpty() ? keys.join(tr("  or  ")) : e.keysText));
    }
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);

    auto* note = new QLabel(tr("The menus show the same keys beside their items. On macOS, Ctrl is ⌘."), this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(note);
    layout->addWidget(buttons);
    m_table->setCurrentCell(-1, -1);
    resize(640,
           m_table->horizontalHeader()->sizeHint().height()
               + m_table->verticalHeader()->defaultSectionSize() * (int(entries.size()) + 3));
}

ShortcutsDialog::~ShortcutsDialog() = default;

} // namespace il::ui
