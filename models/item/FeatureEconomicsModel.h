// SPDX-License-Identifier: GPL-3.0-or-later
// The feature economics table: one row per feature (or model, provider, day) of a Summary, and a total row,
// with the change against the previous period when its summary is given.
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
        CostChange, // against the previous period of the same length
        CostPerUnit,
        CostPerUnitChange,
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
        FlagRole, // bool: the figure needs a second look (unpriced requests: the cost is a lower bound)
        ToneRole, // int (Tone): whether a change is for the better or the worse
    };
    Q_ENUM(Role)

    enum class Tone { Neutral, Better, Worse };

    explicit FeatureEconomicsModel(QObject* parent = nullptr);
    ~FeatureEconomicsModel() override;

    // `previous`: the same filter over the period just before, for the change columns ("—" without it).
    void setSummary(Summary summary, std::optional<Summary> previous = std::nullopt);
    const Summary& summary() const { return m_summary; }
    const std::optional<Summary>& previous() const { return m_previous; }
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

    // "▲ +12.3%", "▼ −4.0%", "unchanged", "new" (nothing before), "—" (unknown now or before). `column` is
    // Cost or CostPerUnit; a rise in either is the worse direction.
    static QString changeText(const SummaryRow& now, const SummaryRow* before, Column column);
    static std::optional<double> changeRatio(const SummaryRow& now, const SummaryRow* before, Column column);
    static Tone changeTone(const SummaryRow& now, const SummaryRow* before, Column column);

private:
    const SummaryRow* rowAt(int row) const;
    const SummaryRow* previousOf(int row) const;
    QString changeToolTip(int row, Column column) const;

    Summary m_summary;
    std::optional<Summary> m_previous;
};

} // namespace il
