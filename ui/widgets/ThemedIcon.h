// SPDX-License-Identifier: GPL-3.0-or-later
// The ui's SVG icons drawn in the palette's colours: the files are single-colour line art (stroke #5f6b7a),
// which would be grey on grey in a dark theme and vanish on a selected (highlighted) row. Each mode gets
// the SVG rendered and tinted: the text colour normally, the highlighted-text colour when selected.
#pragma once

#include <QIcon>
#include <QPalette>

namespace il::ui {

QIcon themedIcon(const QString& svgPath, const QPalette& palette);

} // namespace il::ui
