// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/SeriesColours.h"

#include "domain/Records.h"

#include <algorithm>

namespace il::ui {

int colourIndexOf(const std::vector<std::string>& allNames, const std::string& name)
{
    int index = 0;
    for (const std::string& n : allNames) {
        if (n == kUnattributed)
            continue; // grey, and no gap in the colours of the features after it
        if (n == name)
            return index;
        ++index;
    }
    return index + int(std::hash<std::string>()(name) % 7);
}

TimeLine namedLine(const std::vector<std::string>& allNames, const std::string& name)
{
    TimeLine line;
    line.name = QString::fromStdString(name);
    if (name == kUnattributed)
        line.role = LineRole::Neutral;
    else
        line.colorIndex = colourIndexOf(allNames, name);
    return line;
}

} // namespace il::ui
