// SPDX-License-Identifier: GPL-3.0-or-later
// The one- or two-page PDF sign-off sheet of a gate: vector drawing and selectable text (QPdfWriter),
// every figure taken verbatim from the recorded result JSON so that the sheet, the CLI and the wizard
// show the same digits. Needs a QGuiApplication (fonts); the CLI runs one offscreen for --pdf.
#pragma once

#include "domain/Result.h"
#include "store/GateStore.h"

#include <QString>

namespace il::ui {

struct GateSignoffOptions {
    QString pageSize = QStringLiteral("A4"); // "A4" or "Letter"
    int maxPages = 2; // what does not fit is cut with a note pointing at the JSON
};

// Writes the sheet; a record that is not stored (draftGateRecord) is marked DRAFT and has no hash.
Result<void> renderGateSignoffPdf(const GateRecord& record, const QString& path,
                                  const GateSignoffOptions& options = {});

} // namespace il::ui

namespace il {
// For the CLI (app/commands/CmdGate.cpp).
inline Result<void> writeGateSignoffPdf(const GateRecord& record, const QString& path)
{
    return ui::renderGateSignoffPdf(record, path);
}
} // namespace il
