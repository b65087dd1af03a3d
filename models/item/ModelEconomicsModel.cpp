// SPDX-License-Identifier: GPL-3.0-or-later
#include "item/ModelEconomicsModel.h"

#include "domain/Money.h"

#include <cmath>
#include <cstdio>

namespace il {

namespace {

    QString qs(const std::string& s)
    {
        return QString::fromStdString(s);
    }

    QString fixed(double v, int decimals)
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        return QString::fromLatin1(buf);
    }

    QString prefix(const std::string& currency)
    {
        return currency == "USD" ? QStringLiteral("$") : qs(currency) + QLatin1Char(' ');
    }

    QVariant opt(const std::optional<double>& v)
    {
        return v ? QVariant(*v) : QVariant();
    }

    QVariant opt(const std::optional<int64_t>& v)
    {
        return v ? QVariant(qint64(*v)) : QVariant();
    }

} // namespace

ModelEconomicsModel::ModelEconomicsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

ModelEconomicsModel::~ModelEconomicsModel() = default;

std::vector<ModelEconomics> ModelEconomicsModel::compute(const std::vector<FeatureModels>& features)
{
    std::vector<ModelEconomics> out;
    for (const FeatureModels& f : features) {
        const size_t first = out.size();
        // Requests per unit of work for the feature: what turns a cost per request into a cost per unit.
        std::optional<double> requestsPerUnit;
        if (f.feature.units && *f.feature.units > 0 && f.feature.requests > 0)
            requestsPerUnit = double(f.feature.requests) / double(*f.feature.units);
        for (const SummaryRow& m : f.models) {
            if (m.requests <= 0)
                continue;
            ModelEconomics e;
            e.feature = f.feature.key;
            e.model = m.key;
            e.row = m;
            // Unpriced requests have no cost, not a zero one: the cost per request is over the priced ones, and
            // a model with none priced has no cost to compare (it stays in the table, off the chart).
            const int64_t priced = m.requests - m.unpricedRequests;
            if (priced > 0) {
                e.costPer1k = divRoundHalfEven(static_cast<Int128>(m.cost) * 1000, priced);
                if (requestsPerUnit)
                    e.estimatedCostPerUnit = std::llround(double(m.cost) / double(priced) * *requestsPerUnit);
            }
            e.accuracy = m.accuracy();
            out.push_back(std::move(e));
        }
        // Cheapest first within the feature: the order the table starts in.
        std::stable_sort(out.begin() + std::ptrdiff_t(first), out.end(),
                         [](const ModelEconomics& a, const ModelEconomics& b) {
                             return a.costPer1k.value_or(INT64_MAX) < b.costPer1k.value_or(INT64_MAX);
                         });
        std::vector<ParetoInput> inputs;
        for (size_t i = first; i < out.size(); ++i)
            inputs.push_back(
                { double(out[i].costPer1k.value_or(0)), out[i].costPer1k ? out[i].accuracy : std::nullopt });
        const std::vector<ParetoResult> pareto = paretoFrontier(inputs);
        for (size_t k = 0; k < pareto.size(); ++k) {
            ModelEconomics& e = out[first + k];
            e.pareto = pareto[k];
            if (e.pareto.dominatedBy)
                e.dominatedByModel = out[first + *e.pareto.dominatedBy].model;
            if (e.pareto.previous)
                e.previousModel = out[first + *e.pareto.previous].model;
            if (e.pareto.marginalCostPerPoint) {
                e.marginalPerPoint1k = *e.pareto.marginalCostPerPoint;
                if (requestsPerUnit)
                    e.marginalPerPointUnit = *e.pareto.marginalCostPerPoint / 1000.0 * *requestsPerUnit;
            }
        }
    }
    return out;
}

void ModelEconomicsModel::setData(const std::vector<FeatureModels>& features, const std::string& currency)
{
    beginResetModel();
    m_rows = compute(features);
    m_currency = currency;
    endResetModel();
}

int ModelEconomicsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ModelEconomicsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ModelEconomicsModel::moneyText(int64_t nanos, const std::string& currency)
{
    const int64_t magnitude = nanos < 0 ? -nanos : nanos;
    if (magnitude >= 1'000'000'000)
        return prefix(currency) + qs(formatNanos(nanos, 2, 2));
    if (magnitude >= 10'000'000)
        return prefix(currency) + qs(formatNanos(nanos, 4, 4));
    return prefix(currency) + qs(formatUnitCost(nanos));
}

QString ModelEconomicsModel::displayText(const ModelEconomics& r, Column column) const
{
    const QString unknown = FeatureEconomicsModel::unknownText();
    switch (column) {
    case Feature:
        return qs(r.feature);
    case Model:
        return qs(r.model);
    case Requests:
        return QString::number(qint64(r.row.requests));
    case Cost:
        // All unpriced: the spend is unknown, never "$0.00".
        return r.costPer1k ? prefix(m_currency) + qs(formatMoney(r.row.cost)) : unknown;
    case CostPer1k:
        return r.costPer1k ? moneyText(*r.costPer1k, m_currency) : unknown;
    case EstCostPerUnit:
        return r.estimatedCostPerUnit
            ? QStringLiteral("≈ ") + prefix(m_currency) + qs(formatUnitCost(*r.estimatedCostPerUnit))
            : unknown;
    case Accuracy:
        return r.accuracy ? fixed(*r.accuracy, 3) : unknown;
    case LatencyP50:
    case LatencyP95: {
        const auto q = r.row.latencyQuantile(column == LatencyP50 ? 0.50 : 0.95);
        return q ? fixed(*q, 0) : unknown;
    }
    case Frontier:
        if (!r.accuracy || !r.costPer1k)
            return unknown;
        if (r.pareto.onFrontier)
            return tr("✓ frontier");
        return tr("beaten by %1").arg(qs(r.dominatedByModel));
    case MarginalCost:
        if (!r.pareto.onFrontier || !r.accuracy)
            return unknown;
        if (!r.pareto.previous)
            return tr("cheapest");
        if (!r.marginalPerPoint1k)
            return unknown;
        return QStringLiteral("+") + moneyText(std::llround(*r.marginalPerPoint1k), m_currency) + tr(" /pt");
    case ColumnCount:
        break;
    }
    return {};
}

QString ModelEconomicsModel::toolTip(const ModelEconomics& r, Column column) const
{
    auto money = [&](std::optional<int64_t> n) {
        return n ? prefix(m_currency) + qs(formatUnitCost(*n)) : FeatureEconomicsModel::unknownText();
    };
    switch (column) {
    case CostPer1k:
    case Cost:
        if (!r.costPer1k)
            return tr("Unknown, not zero: none of the %1 requests on %2 has a price. Add the model to the price "
                      "catalogue.")
                .arg(QString::number(qint64(r.row.requests)), qs(r.model));
        if (r.row.unpricedRequests > 0)
            return tr("%1 over the %2 priced requests of %3 on %4 for %5; %6 have no price and are left out.")
                .arg(prefix(m_currency) + qs(formatMoney(r.row.cost)),
                     QString::number(qint64(r.row.requests - r.row.unpricedRequests)),
                     QString::number(qint64(r.row.requests)), qs(r.model), qs(r.feature),
                     QString::number(qint64(r.row.unpricedRequests)));
        return tr("%1 over %2 requests on %3 for %4.")
            .arg(prefix(m_currency) + qs(formatMoney(r.row.cost)), QString::number(qint64(r.row.requests)), qs(r.model),
                 qs(r.feature));
    case EstCostPerUnit:
        if (!r.estimatedCostPerUnit)
            return tr("Unknown: %1 has no units of work recorded in the period.").arg(qs(r.feature));
        return tr("An estimate: units of work are recorded per feature, not per model. %1's requests per unit "
                  "× this model's cost per request.")
            .arg(qs(r.feature));
    case Accuracy:
        if (!r.accuracy)
            return tr("Unknown: no request on %1 has an eval score.").arg(qs(r.model));
        return tr("Mean eval score over %1 scored requests.").arg(QString::number(qint64(r.row.evalCount)));
    case Frontier:
        if (!r.costPer1k)
            return tr("Without a price the model cannot be placed against the others.");
        if (!r.accuracy)
            return tr("Without eval scores the model cannot be placed against the others.");
        if (r.pareto.onFrontier)
            return tr("On %1's cost/accuracy frontier: no other model is both cheaper and at least as accurate.")
                .arg(qs(r.feature));
        return tr("%1 is at least as accurate for no more per request: this model costs more for nothing.")
            .arg(qs(r.dominatedByModel));
    case MarginalCost:
        if (!r.pareto.onFrontier)
            return tr("Only models on the frontier have a marginal cost.");
        if (!r.pareto.previous)
            return tr("The cheapest model on the frontier: the starting point.");
        if (!r.marginalPerPoint1k)
            return {};
        {
            QString t = tr("From %1 to %2: %3 more per 1,000 requests for each accuracy point (0.01).")
                            .arg(qs(r.previousModel), qs(r.model), money(std::llround(*r.marginalPerPoint1k)));
            if (r.marginalPerPointUnit)
                t += QLatin1Char('\n')
                    + tr("≈ %1 more per unit of work per point.").arg(money(std::llround(*r.marginalPerPointUnit)));
            return t;
        }
    case LatencyP50:
    case LatencyP95:
        return tr("Request latency in milliseconds over %1 requests with a measured latency (within about 1%).")
            .arg(QString::number(qint64(r.row.latencyCount)));
    default:
        break;
    }
    return {};
}

QVariant ModelEconomicsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ModelEconomics& r = m_rows[size_t(index.row())];
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(r, column);
    case Qt::ToolTipRole:
        return toolTip(r, column);
    case Qt::TextAlignmentRole:
        return column == Feature || column == Model || column == Frontier ? (Qt::AlignLeft | Qt::AlignVCenter).toInt()
                                                                          : (Qt::AlignRight | Qt::AlignVCenter).toInt();
    case SortRole:
    case RawRole:
        switch (column) {
        case Feature:
            return qs(r.feature);
        case Model:
            return qs(r.model);
        case Requests:
            return qint64(r.row.requests);
        case Cost:
            return r.costPer1k ? QVariant(qint64(r.row.cost)) : QVariant();
        case CostPer1k:
            return opt(r.costPer1k);
        case EstCostPerUnit:
            return opt(r.estimatedCostPerUnit);
        case Accuracy:
            return opt(r.accuracy);
        case LatencyP50:
            return opt(r.row.latencyQuantile(0.50));
        case LatencyP95:
            return opt(r.row.latencyQuantile(0.95));
        case Frontier:
            return r.accuracy && r.costPer1k ? QVariant(r.pareto.onFrontier ? 0 : 1) : QVariant();
        case MarginalCost:
            return r.pareto.onFrontier && r.pareto.previous ? opt(r.marginalPerPoint1k)
                                                            : (r.pareto.onFrontier ? QVariant(0.0) : QVariant());
        case ColumnCount:
            break;
        }
        return {};
    case IsTotalRole:
        return false;
    case KeyRole:
        return qs(r.feature);
    case ModelRole:
        return qs(r.model);
    case FlagRole:
        // Some requests have no price: the cost is a lower bound (all unpriced shows "—" instead).
        return (column == Cost || column == CostPer1k) && r.row.unpricedRequests > 0 && r.costPer1k.has_value();
    case ToneRole:
        return int(FeatureEconomicsModel::Tone::Neutral);
    default:
        break;
    }
    return {};
}

QVariant ModelEconomicsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    const auto column = Column(section);
    if (role == Qt::TextAlignmentRole)
        return column == Feature || column == Model || column == Frontier ? (Qt::AlignLeft | Qt::AlignVCenter).toInt()
                                                                          : (Qt::AlignRight | Qt::AlignVCenter).toInt();
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Feature:
            return tr("Feature");
        case Model:
            return tr("Model");
        case Requests:
            return tr("Requests");
        case Cost:
            return tr("Cost");
        case CostPer1k:
            return tr("Cost / 1k req");
        case EstCostPerUnit:
            return tr("≈ Cost / unit");
        case Accuracy:
            return tr("Accuracy");
        case LatencyP50:
            return tr("p50 ms");
        case LatencyP95:
            return tr("p95 ms");
        case Frontier:
            return tr("Pareto");
        case MarginalCost:
            return tr("Marginal / 1k req");
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (column) {
        case CostPer1k:
            return tr("Cost per 1,000 requests on this model for this feature: exact, from the rollups.");
        case EstCostPerUnit:
            return tr("An estimate: the feature's requests per unit of work × this model's cost per request.");
        case Frontier:
            return tr("Whether the model is on the feature's cost/accuracy Pareto frontier, or which cheaper model "
                      "is at least as accurate.");
        case MarginalCost:
            return tr("Along the frontier: the extra cost per 1,000 requests for each accuracy point (0.01) over "
                      "the next cheaper frontier model.");
        default:
            break;
        }
    }
    return {};
}

Qt::ItemFlags ModelEconomicsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> ModelEconomicsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sort");
    names.insert(IsTotalRole, "isTotal");
    names.insert(KeyRole, "key");
    names.insert(ModelRole, "model");
    return names;
}

} // namespace il
