// SPDX-License-Identifier: GPL-3.0-or-later
// The colours and words of a gate verdict, shared by the wizard's review, the Gates page and the PDF
// sign-off so that "flagged" looks the same everywhere. The hues are blended into the palette's base,
// so light and dark themes both read.
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

#include <string>

namespace il::ui {

struct VerdictStyle {
    QColor background; // cell / box fill
    QColor foreground; // text and border
    QString label; // "Pass", "Flagged", "Rejected", "Unknown"
};

// verdict: "pass", "flagged", "rejected"; also check statuses "fail", "unknown", "not_set".
VerdictStyle verdictStyle(const std::string& verdict, const QPalette& palette = QPalette());

} // namespace il::ui
