// SPDX-License-Identifier: GPL-3.0-or-later
#include "item/ParetoFrontier.h"

#include <algorithm>

namespace il {

std::vector<ParetoResult> paretoFrontier(const std::vector<ParetoInput>& options)
{
    const size_t n = options.size();
    std::vector<ParetoResult> out(n);
    auto dominates = [&](size_t j, size_t i) {
        const ParetoInput &a = options[j], &b = options[i];
        if (!a.accuracy || !b.accuracy)
            return false;
        return a.cost <= b.cost && *a.accuracy >= *b.accuracy && (a.cost < b.cost || *a.accuracy > *b.accuracy);
    };
    std::vector<size_t> frontier;
    for (size_t i = 0; i < n; ++i) {
        if (!options[i].accuracy)
            continue;
        for (size_t j = 0; j < n; ++j) {
            if (j == i || !dominates(j, i))
                continue;
            if (!out[i].dominatedBy || options[j].cost < options[*out[i].dominatedBy].cost)
                out[i].dominatedBy = j;
        }
        if (!out[i].dominatedBy) {
            out[i].onFrontier = true;
            frontier.push_back(i);
        }
    }
    // Undominated options ordered by cost are also ordered by accuracy (ties: equal options, kept both).
    std::stable_sort(frontier.begin(), frontier.end(), [&](size_t a, size_t b) {
        return options[a].cost < options[b].cost
            || (options[a].cost == options[b].cost && *options[a].accuracy < *options[b].accuracy);
    });
    for (size_t k = 1; k < frontier.size(); ++k) {
        const size_t i = frontier[k], p = frontier[k - 1];
        out[i].previous = p;
        const double points = (*options[i].accuracy - *options[p].accuracy) * 100.0;
        if (points > 0)
            out[i].marginalCostPerPoint = (options[i].cost - options[p].cost) / points;
    }
    return out;
}

} // namespace il
