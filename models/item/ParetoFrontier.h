// SPDX-License-Identifier: GPL-3.0-or-later
// The cost/accuracy Pareto frontier of a set of options (the models a feature runs on): an option is on it
// when no other is at least as cheap and at least as accurate (and better in one). Walking the frontier from
// the cheapest, each step buys accuracy points at a price: the marginal cost of an accuracy point.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace il {

struct ParetoInput {
    double cost = 0; // lower is better (any unit: per request, per unit of work)
    std::optional<double> accuracy; // higher is better, 0..1; unknown: never on the frontier
};

struct ParetoResult {
    bool onFrontier = false;
    std::optional<size_t> dominatedBy; // the cheapest option that dominates this one
    std::optional<size_t> previous; // on the frontier: the next cheaper frontier option
    // On the frontier past the cheapest: Δcost ÷ Δaccuracy in points (1 point = 0.01 of accuracy).
    std::optional<double> marginalCostPerPoint;
};

// One result per input, in the input's order.
std::vector<ParetoResult> paretoFrontier(const std::vector<ParetoInput>& options);

} // namespace il
