// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/MultiSelectButton.h"

#include <QAction>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>

namespace il::ui {

MultiSelectButton::MultiSelectButton(const QString& singular, const QString& plural, QWidget* parent)
    : QToolButton(parent)
    , m_singular(singular)
    , m_plural(plural)
    , m_menu(new QMenu(this))
{
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    setMenu(m_menu);
    m_menu->installEventFilter(this);
    rebuildMenu();
    updateText();
}

MultiSelectButton::~MultiSelectButton() = default;

void MultiSelectButton::setItems(const QStringList& names)
{
    if (names == m_items)
        return;
    m_items = names;
    rebuildMenu();
}

void MultiSelectButton::setSelected(const QStringList& names)
{
    QStringList unique;
    for (const QString& n : names)
        if (!n.isEmpty() && !unique.contains(n))
            unique << n;
    m_selected = unique;
    rebuildMenu();
    updateText();
}

void MultiSelectButton::clearSelection()
{
    const bool changed = !m_selected.isEmpty();
    m_selected.clear();
    syncChecks(); // not rebuildMenu(): this runs inside the "All" action's own signal
    updateText();
    if (changed)
        emit selectionChanged(m_selected);
}

void MultiSelectButton::syncChecks()
{
    const auto actions = m_menu->actions();
    for (QAction* a : actions) {
        if (!a->isCheckable())
            continue;
        const QString name = a->data().toString();
        a->setChecked(name.isEmpty() ? m_selected.isEmpty() : m_selected.contains(name));
    }
}

void MultiSelectButton::toggle(const QString& name)
{
    if (m_selected.contains(name))
        m_selected.removeAll(name);
    else
        m_selected << name;
    syncChecks();
    updateText();
    emit selectionChanged(m_selected);
}

void MultiSelectButton::rebuildMenu()
{
    m_menu->clear();
    QAction* all = m_menu->addAction(tr("All %1").arg(m_plural.toLower()));
    all->setCheckable(true);
    all->setChecked(m_selected.isEmpty());
    connect(all, &QAction::triggered, this, [this] { clearSelection(); });
    m_menu->addSeparator();
    QStringList names = m_items;
    for (const QString& s : m_selected)
        if (!names.contains(s))
            names << s;
    for (const QString& name : names) {
        const bool present = m_items.contains(name);
        QAction* a = m_menu->addAction(present ? name : tr("%1 (no data)").arg(name));
        a->setData(name);
        a->setCheckable(true);
        a->setChecked(m_selected.contains(name));
        connect(a, &QAction::triggered, this, [this, name] { toggle(name); });
    }
    if (names.isEmpty()) {
        QAction* none = m_menu->addAction(tr("No %1 in the store yet").arg(m_plural.toLower()));
        none->setEnabled(false);
    }
}

void MultiSelectButton::updateText()
{
    if (m_selected.isEmpty()) {
        setText(tr("%1: all").arg(m_singular));
        setToolTip(tr("Showing every %1; click to choose some").arg(m_singular.toLower()));
    } else if (m_selected.size() == 1) {
        setText(tr("%1: %2").arg(m_singular, m_selected.front()));
        setToolTip(tr("Showing only %1").arg(m_selected.front()));
    } else {
        setText(tr("%1: %2").arg(m_plural).arg(m_selected.size()));
        setToolTip(tr("Showing only %1").arg(m_selected.join(QStringLiteral(", "))));
    }
}

bool MultiSelectButton::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_menu) {
        // A tick should not close the menu: trigger the name's action ourselves and swallow the release.
        if (event->type() == QEvent::MouseButtonRelease) {
            auto* mouse = static_cast<QMouseEvent*>(event);
            QAction* a = m_menu->actionAt(mouse->position().toPoint());
            if (a && a->isCheckable() && a->isEnabled() && !a->data().toString().isEmpty()) {
                a->trigger();
                return true;
            }
        } else if (event->type() == QEvent::KeyPress) {
            auto* key = static_cast<QKeyEvent*>(event);
            QAction* a = m_menu->activeAction();
            if (key->key() == Qt::Key_Space && a && a->isCheckable() && !a->data().toString().isEmpty()) {
                a->trigger();
                return true;
            }
        }
    }
    return QToolButton::eventFilter(watched, event);
}

} // namespace il::ui
