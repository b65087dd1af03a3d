// SPDX-License-Identifier: GPL-3.0-or-later
// One wizard input with its hint underneath: the rule runs on every keystroke and the hint says, in
// place, what is wrong (red) or what is expected (grey, before the user has typed). Pages are complete
// when all their inputs are valid. Rules read text exactly (no doubles), as the spec file does.
#pragma once

#include <QLineEdit>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <optional>

class QLabel;

namespace il::ui {

class GateInput final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GateInput)
public:
    // Returns the problem with the text, or an empty string when it is valid.
    using Rule = std::function<QString(const QString& text)>;

    // `name` becomes the line edit's objectName; the hint label is `name + "Hint"`.
    GateInput(const QString& name, Rule rule, const QString& placeholder, QWidget* parent = nullptr);
    ~GateInput() override;

    QLineEdit* edit() const { return m_edit; }
    QLabel* hint() const { return m_hint; }
    QString text() const;
    void setText(const QString& text);
    // Only when the user has not typed anything yet (prefill never overwrites an answer).
    void setTextIfEmpty(const QString& text);
    bool isEmpty() const { return text().isEmpty(); }
    bool isValid() const { return m_problem.isEmpty(); }
    QString problem() const { return m_problem; }
    // Re-runs the rule (when another field it depends on changed).
    void revalidate();
    // A neutral line under the input (where a prefilled value came from).
    void setNote(const QString& note);

signals:
    void changed();

private:
    void updateHint();

    QLineEdit* m_edit;
    QLabel* m_hint;
    Rule m_rule;
    QString m_problem;
    QString m_note;
    bool m_touched = false;
};

// Rules shared by the pages; `required` false accepts an empty text.
namespace gaterules {
    GateInput::Rule text(bool required, int maxLength);
    GateInput::Rule whole(int64_t min, int64_t max, bool required, const QString& unit);
    // A decimal read exactly into × 10^-9 units; percent: the text is a percentage ("15" is 0.15).
    GateInput::Rule decimal(int64_t minScaled, int64_t maxScaled, bool minExclusive, bool required, bool percent,
                            const QString& range);
    // The parsed value of a text a rule accepted (nullopt when empty or invalid).
    std::optional<int64_t> wholeValue(const QString& text);
    std::optional<int64_t> decimalValue(const QString& text, bool percent); // × 10^-9
} // namespace gaterules

} // namespace il::ui
