// SPDX-License-Identifier: GPL-3.0-or-later
// How a chart's figures read in axis labels and tooltips. Money is plotted in whole currency units (the
// nano-units divided once, for drawing only); tooltips print it back with the digits the tables use.
#pragma once

#include <QString>

#include <string>

namespace il::ui {

enum class ValueFormat {
    Money, // $1234.57
    UnitCost, // $0.0169 (4 to 6 decimals, as `inferledger summary` prints a cost per unit)
    Count, // 1234
    Milliseconds, // 812 ms
    Score, // 0.842 (accuracy, 0..1)
    Percent, // 18.1% (the value is already in percent)
    Tokens, // 1834 tokens
};

// Nano-units of money → the plotted value.
inline double plotMoney(int64_t nanos)
{
    return double(nanos) / 1e9;
}

QString formatValue(double value, ValueFormat format, const std::string& currency = "USD");
// A printf format for QValueAxis / QLogValueAxis labels, with enough decimals for `step` (the tick spacing).
QString axisLabelFormat(ValueFormat format, double step, const std::string& currency = "USD");
// "$" for US dollars, "EUR " otherwise, as the tables show it.
QString currencyPrefix(const std::string& currency);

} // namespace il::ui
