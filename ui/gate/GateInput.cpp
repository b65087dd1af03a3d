// SPDX-License-Identifier: GPL-3.0-or-later
#include "gate/GateInput.h"

#include "analytics/GateEvaluation.h"
#include "domain/Money.h"

#include <QCoreApplication>

#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace il::ui {

GateInput::GateInput(const QString& name, Rule rule, const QString& placeholder, QWidget* parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_hint(new QLabel(this))
    , m_rule(std::move(rule))
{
    setObjectName(name + QStringLiteral("Field"));
    m_edit->setObjectName(name);
    m_edit->setPlaceholderText(placeholder);
    m_edit->setClearButtonEnabled(false);
    m_hint->setObjectName(name + QStringLiteral("Hint"));
    m_hint->setWordWrap(true);
    QFont f = m_hint->font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    m_hint->setFont(f);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    layout->addWidget(m_edit);
    layout->addWidget(m_hint);
    connect(m_edit, &QLineEdit::textEdited, this, [this] {
        m_touched = true;
        m_note.clear(); // where a prefilled value came from stops being true once the user types over it
    });
    connect(m_edit, &QLineEdit::textChanged, this, [this] {
        revalidate();
        emit changed();
    });
    revalidate();
}

GateInput::~GateInput() = default;

QString GateInput::text() const
{
    return m_edit->text().trimmed();
}

void GateInput::setText(const QString& text)
{
    m_edit->setText(text);
}

void GateInput::setTextIfEmpty(const QString& text)
{
    if (m_edit->text().trimmed().isEmpty())
        m_edit->setText(text);
}

void GateInput::revalidate()
{
    m_problem = m_rule ? m_rule(text()) : QString();
    updateHint();
}

void GateInput::setNote(const QString& note)
{
    m_note = note;
    updateHint();
}

void GateInput::updateHint()
{
    // An empty required field the user has not reached yet is explained, not scolded.
    const bool scold = !m_problem.isEmpty() && (m_touched || !text().isEmpty());
    QPalette pal = m_hint->palette();
    if (scold) {
        pal.setColor(QPalette::WindowText, QColor(0xc0, 0x22, 0x3b));
        m_hint->setText(m_problem);
    } else {
        pal.setColor(QPalette::WindowText, palette().color(QPalette::PlaceholderText));
        m_hint->setText(!m_problem.isEmpty() ? m_problem : m_note);
    }
    m_hint->setPalette(pal);
    m_hint->setVisible(!m_hint->text().isEmpty());
    // The hint's colour tells a screen reader nothing: the edit carries the problem as its description.
    m_edit->setAccessibleDescription(m_problem);
}

namespace gaterules {

    GateInput::Rule text(bool required, int maxLength)
    {
        return [=](const QString& t) -> QString {
            if (t.isEmpty())
                return required ? QCoreApplication::translate("il::ui::GateInput", "Required.") : QString();
            if (t.size() > maxLength)
                return QCoreApplication::translate("il::ui::GateInput", "At most %1 characters.").arg(maxLength);
            for (QChar c : t)
                if (c.unicode() < 0x20)
                    return QCoreApplication::translate("il::ui::GateInput", "No control characters.");
            return {};
        };
    }

    std::optional<int64_t> wholeValue(const QString& text)
    {
        const std::string s = text.trimmed().toStdString();
        if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        return parseDecimalScaled(s, 0);
    }

    std::optional<int64_t> decimalValue(const QString& text, bool percent)
    {
        const std::string s = text.trimmed().toStdString();
        if (s.empty() || s.find_first_of("eE") != std::string::npos)
            return std::nullopt;
        if (!percent)
            return parseGateDecimal(s);
        // "15" % is 0.15: read at scale 7 so that the fraction lands exactly at scale 9 (at most 7 decimals).
        const size_t dot = s.find('.');
        if (dot != std::string::npos) {
            size_t end = s.size();
            while (end > dot + 1 && s[end - 1] == '0')
                --end;
            if (end - dot - 1 > 7)
                return std::nullopt;
        }
        return parseDecimalScaled(s, kGateScale - 2);
    }

    GateInput::Rule whole(int64_t min, int64_t max, bool required, const QString& unit)
    {
        return [=](const QString& t) -> QString {
            if (t.isEmpty())
                return required
                    ? QCoreApplication::translate("il::ui::GateInput", "Required: a whole number of %1.").arg(unit)
                    : QString();
            auto v = wholeValue(t);
            if (!v)
                return QCoreApplication::translate("il::ui::GateInput", "A whole number of %1 (digits only).")
                    .arg(unit);
            if (*v < min || *v > max)
                return QCoreApplication::translate("il::ui::GateInput", "Between %1 and %2 %3.")
                    .arg(QString::number(min), QString::number(max), unit);
            return {};
        };
    }

    GateInput::Rule decimal(int64_t minScaled, int64_t maxScaled, bool minExclusive, bool required, bool percent,
                            const QString& range)
    {
        return [=](const QString& t) -> QString {
            if (t.isEmpty())
                return required ? QCoreApplication::translate("il::ui::GateInput", "Required: %1.").arg(range)
                                : QString();
            auto v = decimalValue(t, percent);
            if (!v)
                return percent ? QCoreApplication::translate("il::ui::GateInput",
                                                             "A percentage like 15 or 2.5 (at most 7 decimals).")
                               : QCoreApplication::translate("il::ui::GateInput",
                                                             "A number like 0.02 (a dot, at most 9 decimals).");
            if (*v < minScaled || (minExclusive && *v == minScaled) || *v > maxScaled)
                return QCoreApplication::translate("il::ui::GateInput", "Must be %1.").arg(range);
            return {};
        };
    }

} // namespace gaterules

} // namespace il::ui
