// SPDX-License-Identifier: GPL-3.0-or-later
// Cost against accuracy for each (feature, model): what a request costs on each model a feature runs on, how
// accurate it is there, whether it is on the feature's cost/accuracy Pareto frontier and what each accuracy
// point costs along that frontier. Units of work are recorded per feature, not per model, so a cost per unit
// for a model is an estimate (the feature's requests per unit × the model's cost per request) and says so.
// Qt Core only; the same roles as FeatureEconomicsModel, so the same delegate and proxy serve both.
#pragma once

#include "analytics/Summary.h"
#include "item/FeatureEconomicsModel.h"
#include "item/ParetoFrontier.h"

#include <QAbstractTableModel>

#include <optional>
#include <string>
#include <vector>

namespace il {

// Input: one feature's summary by model (with the dashboard's filters), and the feature's own row for units.
struct FeatureModels {
    SummaryRow feature; // the feature's figures (key: the feature), with its units
    std::vector<SummaryRow> models; // by model (keys: model names)
};

struct ModelEconomics {
    std::string feature, model;
    SummaryRow row;
    std::optional<int64_t> costPer1k; // nano-units per 1,000 priced requests; none when none is priced
    std::optional<int64_t> estimatedCostPerUnit; // nano-units; the feature's requests per unit × cost per request
    std::optional<double> accuracy;
    ParetoResult pareto; // within the feature, on (cost per 1k requests, accuracy)
    std::string dominatedByModel; // when dominated
    std::string previousModel; // on the frontier: the next cheaper model
    std::optional<double> marginalPerPoint1k; // nano-units per 1k requests per accuracy point
    std::optional<double> marginalPerPointUnit; // the same per unit of work (estimate)
};

class ModelEconomicsModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelEconomicsModel)
public:
    enum Column {
        Feature,
        Model,
        Requests,
        Cost,
        CostPer1k,
        EstCostPerUnit,
        Accuracy,
        LatencyP50,
        LatencyP95,
        Frontier,
        MarginalCost,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SortRole = FeatureEconomicsModel::SortRole,
        RawRole = FeatureEconomicsModel::RawRole,
        IsTotalRole = FeatureEconomicsModel::IsTotalRole, // always false: there is no total row
        KeyRole = FeatureEconomicsModel::KeyRole, // the feature (a row opens its feature page)
        FlagRole = FeatureEconomicsModel::FlagRole,
        ToneRole = FeatureEconomicsModel::ToneRole,
        ModelRole = Qt::UserRole + 40, // QString: the model
    };
    Q_ENUM(Role)

    explicit ModelEconomicsModel(QObject* parent = nullptr);
    ~ModelEconomicsModel() override;

    void setData(const std::vector<FeatureModels>& features, const std::string& currency = "USD");
    const std::vector<ModelEconomics>& rows() const { return m_rows; }
    const std::string& currency() const { return m_currency; }
    // Works the figures out (exposed for tests and the scatter chart).
    static std::vector<ModelEconomics> compute(const std::vector<FeatureModels>& features);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString displayText(const ModelEconomics& r, Column column) const;
    // Money with as many decimals as its size needs: "$63.27", "$0.5765", "$0.000171".
    static QString moneyText(int64_t nanos, const std::string& currency);
    QString toolTip(const ModelEconomics& r, Column column) const;

private:
    std::vector<ModelEconomics> m_rows;
    std::string m_currency = "USD";
};

} // namespace il
