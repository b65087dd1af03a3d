// SPDX-License-Identifier: GPL-3.0-or-later
// The feature economics table: one row per feature (or model, provider, day) of a Summary, and a total row.
// Qt Core only, so the CLI, tests and any view can use it; fonts and colours are the view's business.
#pragma once

#include "analytics/Summary.h"

#include <QAbstractTableModel>

namespace il {

class FeatureEconomicsModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeatureEconomicsModel)
public:
    enum Column {
        Feature,
        Cost,
        CostPerUnit,
        Units,
        Requests,
        LatencyP50,
        LatencyP95,
        Accuracy,
        CacheHitRate,
        Errors,
        Unpriced,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        // The raw figure to sort on: money as qint64 nano-units, counts as qint64, latency/accuracy/rate as double,
        // the key as QString. Invalid where the figure is unknowable (so a view can keep those rows last).
        SortRole = Qt::UserRole + 1,
        // The same raw figure, for consumers that want numbers rather than text (charts, export, tests).
        RawRole,
        IsTotalRole, // bool: the total row
        KeyRole, // QString: the group key ("" on the total row)
    };
    Q_ENUM(Role)

    explicit FeatureEconomicsModel(QObject* parent = nullptr);
    ~FeatureEconomicsModel() override;

    void setSummary(Summary summary);
    const Summary& summary() const { return m_summary; }
    // The row of the total, or -1 when there is none (no rows: an empty period shows an empty table).
    int totalRow() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The text a cell shows: the same digits as `inferledger summary`, money with a "$" prefix, "—" where unknowable.
    static QString displayText(const SummaryRow& row, Column column, const std::string& currency = "USD");
    static QVariant rawValue(const SummaryRow& row, Column column);
    // How the figure is made up, for a person deciding whether to trust it.
    static QString toolTip(const SummaryRow& row, Column column, bool isTotal, const SummaryFilter& filter);
    static QString unknownText(); // "—"

private:
    const SummaryRow* rowAt(int row) const;

    Summary m_summary;
};

} // namespace il
