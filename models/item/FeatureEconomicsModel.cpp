// SPDX-License-Identifier: GPL-3.0-or-later
#include "item/FeatureEconomicsModel.h"

#include "domain/Time.h"

#include <cmath>
#include <cstdio>

namespace il {

namespace {

    QString qs(const std::string& s)
    {
        return QString::fromStdString(s);
    }

    // printf, not QString::number, so the digits are exactly those of `inferledger summary` (app/Cli.cpp optFixed).
    QString fixed(double v, int decimals)
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        return QString::fromLatin1(buf);
    }

    QString count(int64_t n)
    {
        return QString::number(qint64(n));
    }

    // "$" for US dollars, the ISO code otherwise: the figures stay the CLI's, only the prefix is the GUI's.
    QString moneyPrefix(const std::string& currency)
    {
        return currency == "USD" ? QStringLiteral("$") : qs(currency) + QLatin1Char(' ');
    }

    QString percentOf(int64_t part, int64_t whole)
    {
        if (whole <= 0)
            return QStringLiteral("—");
        return fixed(100.0 * double(part) / double(whole), 1) + QLatin1Char('%');
    }

    QVariant optional(const std::optional<double>& v)
    {
        return v ? QVariant(*v) : QVariant();
    }

    QVariant optional(const std::optional<int64_t>& v)
    {
        return v ? QVariant(qint64(*v)) : QVariant();
    }

    QString columnTitle(FeatureEconomicsModel::Column c, GroupBy by)
    {
        switch (c) {
        case FeatureEconomicsModel::Feature: {
            QString name = QString::fromLatin1(groupByName(by));
            return name.left(1).toUpper() + name.mid(1);
        }
        case FeatureEconomicsModel::Cost:
            return FeatureEconomicsModel::tr("Cost");
        case FeatureEconomicsModel::CostChange:
            return FeatureEconomicsModel::tr("Δ cost");
        case FeatureEconomicsModel::CostPerUnit:
            return FeatureEconomicsModel::tr("Cost / unit");
        case FeatureEconomicsModel::CostPerUnitChange:
            return FeatureEconomicsModel::tr("Δ cost / unit");
        case FeatureEconomicsModel::Units:
            return FeatureEconomicsModel::tr("Units");
        case FeatureEconomicsModel::Requests:
            return FeatureEconomicsModel::tr("Requests");
        case FeatureEconomicsModel::LatencyP50:
            return FeatureEconomicsModel::tr("p50 ms");
        case FeatureEconomicsModel::LatencyP95:
            return FeatureEconomicsModel::tr("p95 ms");
        case FeatureEconomicsModel::Accuracy:
            return FeatureEconomicsModel::tr("Accuracy");
        case FeatureEconomicsModel::CacheHitRate:
            return FeatureEconomicsModel::tr("Cache hit");
        case FeatureEconomicsModel::Errors:
            return FeatureEconomicsModel::tr("Errors");
        case FeatureEconomicsModel::Unpriced:
            return FeatureEconomicsModel::tr("Unpriced");
        case FeatureEconomicsModel::ColumnCount:
            break;
        }
        return {};
    }

    QString columnToolTip(FeatureEconomicsModel::Column c)
    {
        switch (c) {
        case FeatureEconomicsModel::Feature:
            return FeatureEconomicsModel::tr("What the cost is attributed to. Requests no rule could attribute are "
                                             "shown as “unattributed”, never dropped.");
        case FeatureEconomicsModel::Cost:
            return FeatureEconomicsModel::tr("Attributed cost in the period: the provider-reported cost where there is "
                                             "one, otherwise the estimate from the price catalogue.");
        case FeatureEconomicsModel::CostChange:
            return FeatureEconomicsModel::tr("Cost against the period of the same length just before this one.");
        case FeatureEconomicsModel::CostPerUnit:
            return FeatureEconomicsModel::tr("Cost ÷ units of work in the period. Unknown (—) without outcomes.");
        case FeatureEconomicsModel::CostPerUnitChange:
            return FeatureEconomicsModel::tr("Cost per unit against the period of the same length just before this "
                                             "one. Unknown (—) when either period has no units.");
        case FeatureEconomicsModel::Units:
            return FeatureEconomicsModel::tr("Units of work: the outcomes the feature exists for (resolved tickets, "
                                             "processed documents), from imported outcome events.");
        case FeatureEconomicsModel::Requests:
            return FeatureEconomicsModel::tr("Model calls in the period.");
        case FeatureEconomicsModel::LatencyP50:
            return FeatureEconomicsModel::tr("Median request latency in milliseconds (within about 1%).");
        case FeatureEconomicsModel::LatencyP95:
            return FeatureEconomicsModel::tr("95th percentile request latency in milliseconds (within about 1%).");
        case FeatureEconomicsModel::Accuracy:
            return FeatureEconomicsModel::tr("Mean eval score (0–1) over the requests that have one. Unknown (—) "
                                             "without eval scores.");
        case FeatureEconomicsModel::CacheHitRate:
            return FeatureEconomicsModel::tr("Application response-cache hits ÷ lookups.");
        case FeatureEconomicsModel::Errors:
            return FeatureEconomicsModel::tr("Requests that ended in an error.");
        case FeatureEconomicsModel::Unpriced:
            return FeatureEconomicsModel::tr("Requests with neither a catalogue price nor a provider-reported cost; "
                                             "their cost is missing from Cost.");
        case FeatureEconomicsModel::ColumnCount:
            break;
        }
        return {};
    }

} // namespace

FeatureEconomicsModel::FeatureEconomicsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

FeatureEconomicsModel::~FeatureEconomicsModel() = default;

void FeatureEconomicsModel::setSummary(Summary summary, std::optional<Summary> previous)
{
    const bool byChanged = summary.filter.by != m_summary.filter.by;
    beginResetModel();
    m_summary = std::move(summary);
    m_previous = std::move(previous);
    endResetModel();
    if (byChanged)
        emit headerDataChanged(Qt::Horizontal, Feature, Feature);
}

int FeatureEconomicsModel::totalRow() const
{
    return m_summary.rows.empty() ? -1 : int(m_summary.rows.size());
}

const SummaryRow* FeatureEconomicsModel::rowAt(int row) const
{
    if (row < 0)
        return nullptr;
    if (size_t(row) < m_summary.rows.size())
        return &m_summary.rows[size_t(row)];
    return row == totalRow() ? &m_summary.total : nullptr;
}

const SummaryRow* FeatureEconomicsModel::previousOf(int row) const
{
    if (!m_previous)
        return nullptr;
    if (row == totalRow())
        return &m_previous->total;
    const SummaryRow* now = rowAt(row);
    if (!now)
        return nullptr;
    for (const SummaryRow& r : m_previous->rows)
        if (r.key == now->key)
            return &r;
    // Absent before: nothing was spent on it then (a known zero, so "new" rather than unknown).
    static const SummaryRow kNothing;
    return &kNothing;
}

std::optional<double> FeatureEconomicsModel::changeRatio(const SummaryRow& now, const SummaryRow* before, Column column)
{
    if (!before)
        return std::nullopt;
    if (column == Cost) {
        if (before->cost == 0)
            return std::nullopt;
        return double(now.cost - before->cost) / double(std::abs(before->cost));
    }
    if (column == CostPerUnit) {
        const auto a = now.costPerUnit(), b = before->costPerUnit();
        if (!a || !b || *b == 0)
            return std::nullopt;
        return double(*a - *b) / double(std::abs(*b));
    }
    return std::nullopt;
}

QString FeatureEconomicsModel::changeText(const SummaryRow& now, const SummaryRow* before, Column column)
{
    if (!before)
        return unknownText();
    if (column == Cost && before->cost == 0)
        return now.cost == 0 ? tr("unchanged") : tr("new");
    if (column == CostPerUnit && (!now.costPerUnit() || !before->costPerUnit()))
        return unknownText();
    const auto ratio = changeRatio(now, before, column);
    if (!ratio)
        return column == CostPerUnit && before->costPerUnit() == 0 ? tr("new") : unknownText();
    const double pct = *ratio * 100.0;
    if (std::abs(pct) < 0.05)
        return tr("unchanged");
    // The arrow and the sign carry the direction, so a colour is never the only cue.
    return (pct > 0 ? QStringLiteral("▲ +") : QStringLiteral("▼ −")) + fixed(std::abs(pct), 1) + QLatin1Char('%');
}

FeatureEconomicsModel::Tone FeatureEconomicsModel::changeTone(const SummaryRow& now, const SummaryRow* before,
                                                              Column column)
{
    const auto ratio = changeRatio(now, before, column);
    if (!ratio || std::abs(*ratio) < 0.0005)
        return Tone::Neutral;
    return *ratio > 0 ? Tone::Worse : Tone::Better;
}

QString FeatureEconomicsModel::changeToolTip(int row, Column column) const
{
    const SummaryRow* now = rowAt(row);
    const SummaryRow* before = previousOf(row);
    if (!now)
        return {};
    if (!m_previous)
        return tr("The previous period was not read.");
    const QString period = qs(formatIsoDate(m_previous->filter.fromMs)) + QStringLiteral(" – ")
        + qs(formatIsoDate(m_previous->filter.toMs - 1));
    const Column figure = column == CostChange ? Cost : CostPerUnit;
    const QString was = displayText(*before, figure, m_summary.filter.currency);
    const QString is = displayText(*now, figure, m_summary.filter.currency);
    QString t = tr("Previous period %1 (UTC): %2\nThis period: %3").arg(period, was, is);
    if (figure == Cost && before->cost == 0 && now->cost != 0)
        t += QLatin1Char('\n') + tr("Nothing was spent in the previous period.");
    if (figure == CostPerUnit && (!now->costPerUnit() || !before->costPerUnit()))
        t += QLatin1Char('\n') + tr("Unknown: one of the periods has no units of work to divide by.");
    return t;
}

int FeatureEconomicsModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    return m_summary.rows.empty() ? 0 : int(m_summary.rows.size()) + 1;
}

int FeatureEconomicsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FeatureEconomicsModel::unknownText()
{
    return QStringLiteral("—");
}

QString FeatureEconomicsModel::displayText(const SummaryRow& r, Column column, const std::string& currency)
{
    // Keep in step with cmdSummary's table in app/Cli.cpp: the GUI and the CLI must show the same figures.
    switch (column) {
    case Feature:
        return qs(r.key);
    case Cost:
        return moneyPrefix(currency) + qs(formatMoney(r.cost));
    case CostPerUnit: {
        const auto cpu = r.costPerUnit();
        return cpu ? QString(moneyPrefix(currency) + qs(formatUnitCost(*cpu))) : unknownText();
    }
    case Units:
        return r.units ? count(*r.units) : unknownText();
    case Requests:
        return count(r.requests);
    case LatencyP50:
    case LatencyP95: {
        const auto q = r.latencyQuantile(column == LatencyP50 ? 0.50 : 0.95);
        return q ? fixed(*q, 0) : unknownText();
    }
    case Accuracy: {
        const auto a = r.accuracy();
        return a ? fixed(*a, 3) : unknownText();
    }
    case CacheHitRate: {
        const auto h = r.cacheHitRate();
        return h ? QString(fixed(*h * 100.0, 1) + QLatin1Char('%')) : unknownText();
    }
    case Errors:
        return count(r.errors);
    case Unpriced:
        return count(r.unpricedRequests);
    case CostChange:
    case CostPerUnitChange:
        return unknownText(); // needs the previous period: changeText()
    case ColumnCount:
        break;
    }
    return {};
}

QVariant FeatureEconomicsModel::rawValue(const SummaryRow& r, Column column)
{
    switch (column) {
    case Feature:
        return qs(r.key);
    case Cost:
        return qint64(r.cost);
    case CostPerUnit:
        return optional(r.costPerUnit());
    case Units:
        return optional(r.units);
    case Requests:
        return qint64(r.requests);
    case LatencyP50:
        return optional(r.latencyQuantile(0.50));
    case LatencyP95:
        return optional(r.latencyQuantile(0.95));
    case Accuracy:
        return optional(r.accuracy());
    case CacheHitRate:
        return optional(r.cacheHitRate());
    case Errors:
        return qint64(r.errors);
    case Unpriced:
        return qint64(r.unpricedRequests);
    case CostChange:
    case CostPerUnitChange:
        return {};
    case ColumnCount:
        break;
    }
    return {};
}

QString FeatureEconomicsModel::toolTip(const SummaryRow& r, Column column, bool isTotal, const SummaryFilter& filter)
{
    const GroupBy by = filter.by;
    const QString who = isTotal ? tr("all %1s in the period").arg(QString::fromLatin1(groupByName(by)))
                                : tr("%1 in the period").arg(qs(r.key));
    const std::string& currency = filter.currency;
    auto money = [&](int64_t nanos) -> QString { return moneyPrefix(currency) + qs(formatMoney(nanos)); };
    const bool unitsAttributable = by == GroupBy::Feature || by == GroupBy::Day;
    switch (column) {
    case Feature:
        return isTotal ? tr("Every row of the period added up, including rows hidden by the filter.") : qs(r.key);
    case Cost: {
        QString t = tr("Cost of %1: %2 over %3 requests.").arg(who, money(r.cost), count(r.requests));
        if (r.reportedRequests > 0)
            t += QLatin1Char('\n')
                + tr("Provider-reported cost for %1 of them; the catalogue estimate for the rest.")
                      .arg(count(r.reportedRequests));
        else
            t += QLatin1Char('\n') + tr("Every figure is the catalogue estimate (no provider-reported costs).");
        if (r.unpricedRequests > 0)
            t += QLatin1Char('\n')
                + tr("%1 requests have no price and are not included: add their models to the price catalogue.")
                      .arg(count(r.unpricedRequests));
        return t;
    }
    case CostPerUnit: {
        if (const auto cpu = r.costPerUnit())
            return tr("Cost per unit = cost ÷ units of work\n%1 ÷ %2 units = %3\nUnits are the outcomes recorded in "
                      "the period.")
                .arg(money(r.cost), count(*r.units), moneyPrefix(currency) + qs(formatUnitCost(*cpu)));
        if (!unitsAttributable)
            return tr("Units of work are recorded per feature, so a cost per unit cannot be attributed to a %1.")
                .arg(QString::fromLatin1(groupByName(by)));
        return tr("Unknown, not zero: no outcomes were recorded for %1, so there is nothing to divide the cost by. "
                  "Import an outcomes file to get a cost per unit.")
            .arg(who);
    }
    case Units:
        if (r.units)
            return tr("%1 units of work (outcomes) recorded for %2.").arg(count(*r.units), who);
        if (!unitsAttributable)
            return tr("Units of work are recorded per feature, not per %1.").arg(QString::fromLatin1(groupByName(by)));
        return tr("Unknown, not zero: no outcomes were recorded for %1.").arg(who);
    case Requests:
        return tr("%1 requests: %2 input tokens (%3 read from the prompt cache), %4 output tokens (%5 reasoning).")
            .arg(count(r.requests), count(r.inputTokens), count(r.cachedInputTokens), count(r.outputTokens),
                 count(r.reasoningTokens));
    case LatencyP50:
    case LatencyP95: {
        const bool median = column == LatencyP50;
        if (!r.latencyQuantile(median ? 0.50 : 0.95))
            return tr("Unknown: no request of %1 has a measured latency.").arg(who);
        return (median ? tr("Median latency over %1 requests with a measured latency.")
                       : tr("95th percentile latency over %1 requests with a measured latency."))
                   .arg(count(r.latencyCount))
            + QLatin1Char('\n') + tr("Merged from hourly latency histograms: within about 1% of the exact value.");
    }
    case Accuracy:
        if (const auto a = r.accuracy())
            return tr("Mean eval score over %1 scored requests (of %2): %3")
                .arg(count(r.evalCount), count(r.requests), fixed(*a, 3));
        return tr("Unknown, not zero: no request of %1 has an eval score.").arg(who);
    case CacheHitRate:
        if (r.cacheHitRate())
            return tr("Application response-cache hits ÷ lookups: %1 ÷ %2.")
                .arg(count(r.cacheHits), count(r.cacheLookups));
        return tr("Unknown: no request of %1 went through an application cache.").arg(who);
    case Errors:
        return tr("%1 of %2 requests ended in an error (%3).")
            .arg(count(r.errors), count(r.requests), percentOf(r.errors, r.requests));
    case Unpriced:
        if (r.unpricedRequests == 0)
            return tr("Every request of %1 has a price.").arg(who);
        return tr("%1 requests have neither a catalogue price nor a provider-reported cost, so their cost is missing "
                  "from Cost. Add their models to the price catalogue.")
            .arg(count(r.unpricedRequests));
    case CostChange:
    case CostPerUnitChange:
        return tr("The change against the previous period.");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant FeatureEconomicsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SummaryRow* r = rowAt(index.row());
    if (!r)
        return {};
    const auto column = Column(index.column());
    const bool isTotal = index.row() == totalRow();
    const bool isChange = column == CostChange || column == CostPerUnitChange;
    const Column changed = column == CostChange ? Cost : CostPerUnit;
    switch (role) {
    case Qt::DisplayRole:
        if (isTotal && column == Feature)
            return tr("Total");
        if (isChange)
            return changeText(*r, previousOf(index.row()), changed);
        return displayText(*r, column, m_summary.filter.currency);
    case Qt::AccessibleTextRole: {
        const QString text = data(index, Qt::DisplayRole).toString();
        return text == unknownText() ? tr("unknown") : text;
    }
    case Qt::ToolTipRole:
        if (isChange)
            return changeToolTip(index.row(), column);
        return toolTip(*r, column, isTotal, m_summary.filter);
    case Qt::TextAlignmentRole:
        return column == Feature ? (Qt::AlignLeft | Qt::AlignVCenter).toInt()
                                 : (Qt::AlignRight | Qt::AlignVCenter).toInt();
    case SortRole:
    case RawRole:
        if (isChange) {
            const auto ratio = changeRatio(*r, previousOf(index.row()), changed);
            return ratio ? QVariant(*ratio) : QVariant();
        }
        return rawValue(*r, column);
    case FlagRole:
        return column == Unpriced && r->unpricedRequests > 0;
    case ToneRole:
        return int(isChange ? changeTone(*r, previousOf(index.row()), changed) : Tone::Neutral);
    case IsTotalRole:
        return isTotal;
    case KeyRole:
        return isTotal ? QString() : qs(r->key);
    default:
        break;
    }
    return {};
}

QVariant FeatureEconomicsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    const auto column = Column(section);
    switch (role) {
    case Qt::DisplayRole:
        return columnTitle(column, m_summary.filter.by);
    case Qt::ToolTipRole:
        return columnToolTip(column);
    case Qt::TextAlignmentRole:
        return column == Feature ? (Qt::AlignLeft | Qt::AlignVCenter).toInt()
                                 : (Qt::AlignRight | Qt::AlignVCenter).toInt();
    default:
        break;
    }
    return {};
}

Qt::ItemFlags FeatureEconomicsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> FeatureEconomicsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sort");
    names.insert(RawRole, "raw");
    names.insert(IsTotalRole, "isTotal");
    names.insert(KeyRole, "key");
    names.insert(FlagRole, "flag");
    names.insert(ToneRole, "tone");
    return names;
}

} // namespace il
