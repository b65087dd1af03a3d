// SPDX-License-Identifier: GPL-3.0-or-later
#include "gate/GateVerdictStyle.h"

#include <QCoreApplication>

namespace il::ui {

namespace {

    QColor mix(const QColor& a, const QColor& b, float t)
    {
        return QColor::fromRgbF(a.redF() * (1 - t) + b.redF() * t, a.greenF() * (1 - t) + b.greenF() * t,
                                a.blueF() * (1 - t) + b.blueF() * t);
    }

} // namespace

VerdictStyle verdictStyle(const std::string& verdict, const QPalette& palette)
{
    // Hues chosen to stay apart for the common colour-vision deficiencies (green-blue, amber, red-magenta).
    QColor hue;
    QString label;
    if (verdict == "pass") {
        hue = QColor(0x1a, 0x7f, 0x5a);
        label = QCoreApplication::translate("il::ui::Gate", "Pass");
    } else if (verdict == "flagged") {
        hue = QColor(0xb2, 0x6b, 0x00);
        label = QCoreApplication::translate("il::ui::Gate", "Flagged");
    } else if (verdict == "rejected" || verdict == "fail") {
        hue = QColor(0xc0, 0x22, 0x3b);
        label = verdict == "fail" ? QCoreApplication::translate("il::ui::Gate", "Fail")
                                  : QCoreApplication::translate("il::ui::Gate", "Rejected");
    } else {
        hue = palette.color(QPalette::PlaceholderText);
        label = verdict == "not_set" ? QCoreApplication::translate("il::ui::Gate", "Not set")
                                     : QCoreApplication::translate("il::ui::Gate", "Unknown");
    }
    const QColor base = palette.color(QPalette::Base);
    const bool dark = base.lightnessF() < 0.5f;
    VerdictStyle s;
    s.background = mix(base, hue, dark ? 0.35f : 0.16f);
    s.foreground = dark ? mix(hue, QColor(Qt::white), 0.45f) : mix(hue, QColor(Qt::black), 0.15f);
    s.label = label;
    return s;
}

} // namespace il::ui
