// SPDX-License-Identifier: GPL-3.0-or-later
// Which colour a feature or model gets: its place among all the names in the store (not among those shown),
// so a feature keeps its colour from chart to chart and when the filters change.
#pragma once

#include "charts/TimeChartView.h"

#include <string>
#include <vector>

namespace il::ui {

int colourIndexOf(const std::vector<std::string>& allNames, const std::string& name);
// A line for `name`: the categorical colour, or grey for what is not a feature ("unattributed", "other").
TimeLine namedLine(const std::vector<std::string>& allNames, const std::string& name);

} // namespace il::ui
