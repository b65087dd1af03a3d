// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/ValueFormat.h"

#include "analytics/Summary.h"

#include <algorithm>
#include <cmath>

namespace il::ui {

QString currencyPrefix(const std::string& currency)
{
    return currency == "USD" ? QStringLiteral("$") : QString::fromStdString(currency) + QLatin1Char(' ');
}

QString formatValue(double value, ValueFormat format, const std::string& currency)
{
    if (!std::isfinite(value))
        return QStringLiteral("—");
    switch (format) {
    case ValueFormat::Money:
        return currencyPrefix(currency) + QString::fromStdString(formatMoney(std::llround(value * 1e9)));
    case ValueFormat::UnitCost:
        return currencyPrefix(currency) + QString::fromStdString(formatUnitCost(std::llround(value * 1e9)));
    case ValueFormat::Count:
        return QString::number(std::llround(value));
    case ValueFormat::Milliseconds:
        return QString::number(std::llround(value)) + QStringLiteral(" ms");
    case ValueFormat::Score:
        return QString::number(value, 'f', 3);
    case ValueFormat::Percent:
        return QString::number(value, 'f', 1) + QLatin1Char('%');
    case ValueFormat::Tokens:
        return QString::number(std::llround(value)) + QStringLiteral(" tokens");
    }
    return QString::number(value);
}

QString axisLabelFormat(ValueFormat format, double step, const std::string& currency)
{
    int decimals = 0;
    if (step > 0 && std::isfinite(step))
        decimals = std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
    const QString number = QStringLiteral("%.") + QString::number(decimals) + QLatin1Char('f');
    switch (format) {
    case ValueFormat::Money:
    case ValueFormat::UnitCost:
        // printf formats: a literal '%' would have to be doubled; the prefix has none.
        return currencyPrefix(currency) + number;
    case ValueFormat::Milliseconds:
        return number + QStringLiteral(" ms");
    case ValueFormat::Percent:
        return number + QStringLiteral("%%");
    case ValueFormat::Score:
        return QStringLiteral("%.") + QString::number(std::max(decimals, 2)) + QLatin1Char('f');
    case ValueFormat::Count:
    case ValueFormat::Tokens:
        return number;
    }
    return number;
}

} // namespace il::ui
