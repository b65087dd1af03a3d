// SPDX-License-Identifier: GPL-3.0-or-later
// One headline figure on the overview: a caption, the value, and a line saying what it is made of. Tinted
// from the palette (light and dark), with an alarm tone for what needs attention (a gate breach).
#pragma once

#include <QFrame>

class QLabel;

namespace il::ui {

class StatTile final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatTile)
public:
    enum class Tone { Normal, Good, Warning, Alarm };

    explicit StatTile(const QString& caption, QWidget* parent = nullptr);
    ~StatTile() override;

    void setValue(const QString& value, const QString& detail = {}, Tone tone = Tone::Normal);
    QString value() const;
    QString detail() const;
    QString caption() const;
    Tone tone() const { return m_tone; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateColours();

    QLabel* m_caption;
    QLabel* m_value;
    QLabel* m_detail;
    Tone m_tone = Tone::Normal;
    bool m_restyling = false;
};

} // namespace il::ui
