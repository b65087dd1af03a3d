// SPDX-License-Identifier: GPL-3.0-or-later
// A filter over names (providers, models, features): a tool button whose menu lists the names with check
// marks. Nothing checked means all. The menu stays open while boxes are ticked, so several names take one
// visit; Space ticks the highlighted name from the keyboard.
#pragma once

#include <QStringList>
#include <QToolButton>

class QMenu;

namespace il::ui {

class MultiSelectButton final : public QToolButton {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MultiSelectButton)
public:
    // `singular` and `plural` name what is filtered: "Provider", "Providers".
    MultiSelectButton(const QString& singular, const QString& plural, QWidget* parent = nullptr);
    ~MultiSelectButton() override;

    // The names in the store. Names selected earlier but absent now stay listed (and selected), marked.
    void setItems(const QStringList& names);
    QStringList items() const { return m_items; }
    QStringList selected() const { return m_selected; }
    void setSelected(const QStringList& names); // does not emit
    void clearSelection(); // emits when something was selected
    // Ticks or unticks one name as the menu would (emits).
    void toggle(const QString& name);

signals:
    void selectionChanged(const QStringList& selected);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuildMenu();
    void syncChecks();
    void updateText();

    QString m_singular, m_plural;
    QStringList m_items, m_selected;
    QMenu* m_menu;
};

} // namespace il::ui
