// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/ModelsPage.h"

#include "DashboardLoader.h"
#include "charts/ScatterChartView.h"
#include "charts/SeriesColours.h"
#include "item/ModelEconomicsModel.h"
#include "pages/FeatureTableProxy.h"
#include "widgets/FigureDelegate.h"
#include "widgets/PlaceholderTableView.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace il::ui {

namespace {

    QString qs(const std::string& s)
    {
        return QString::fromStdString(s);
    }

} // namespace

ModelsPage::ModelsPage(QWidget* parent)
    : QWidget(parent)
    , m_model(new ModelEconomicsModel(this))
    , m_proxy(new FeatureTableProxy(this))
    , m_chart(new ScatterChartView(this))
    , m_table(new PlaceholderTableView(this))
    , m_note(new QLabel(this))
{
    m_chart->setObjectName(QStringLiteral("modelsChart"));
    m_chart->setTitle(tr("Cost against accuracy, per feature and model"));
    m_table->setObjectName(QStringLiteral("modelsTable"));
    m_table->setExportName(QStringLiteral("inferledger-models.csv"));
    m_note->setObjectName(QStringLiteral("modelsNote"));
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    QFont noteFont = m_note->font();
    noteFont.setPointSizeF(noteFont.pointSizeF() * 0.9);
    m_note->setFont(noteFont);

    m_proxy->setSourceModel(m_model);
    m_table->setModel(m_proxy);
    m_table->setItemDelegate(new FigureDelegate(m_table));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // the model's order: by feature, then cheapest first
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->verticalHeader()->hide();
    QHeaderView* columns = m_table->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setSectionsMovable(true);
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setStretchLastSection(true);
    columns->setDefaultAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("modelsSplitter"));
    split->setChildrenCollapsible(false);
    split->addWidget(m_chart);
    split->addWidget(m_table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    // The table's size hint would take most of the height; the chart is what the page is for.
    split->setSizes({ 560, 340 });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(split, 1);
    layout->addWidget(m_note);

    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        const QString key = index.data(ModelEconomicsModel::KeyRole).toString();
        if (!key.isEmpty())
            emit featureActivated(key);
    });
    clear(tr("Loading…"));
}

ModelsPage::~ModelsPage() = default;

void ModelsPage::clear(const QString& why)
{
    m_model->setData({});
    m_chart->setData({});
    m_chart->setEmptyText(why);
    m_table->setPlaceholderText(why);
    m_note->clear();
}

QByteArray ModelsPage::saveHeaderState() const
{
    return m_table->horizontalHeader()->saveState();
}

void ModelsPage::restoreHeaderState(const QByteArray& state)
{
    if (state.isEmpty())
        return;
    QHeaderView* columns = m_table->horizontalHeader();
    columns->restoreState(state);
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setStretchLastSection(true);
}

void ModelsPage::setData(const DashboardData& data)
{
    const std::string& currency = data.summary.filter.currency;
    m_model->setData(data.models, currency);
    const QString period = periodText(data.period);
    m_table->setPlaceholderText(tr("No requests in %1 (UTC) with these filters.").arg(period));

    ScatterChartData chart;
    chart.xFormat = ValueFormat::UnitCost;
    chart.yFormat = ValueFormat::Score;
    chart.xTitle = tr("Cost per 1,000 requests (log scale)");
    chart.yTitle = tr("Accuracy");
    chart.currency = currency;
    const QString money = currencyPrefix(currency);
    int unscored = 0, unpriced = 0;
    std::vector<ScatterGroup> groups;
    auto groupOf = [&](const std::string& feature) -> ScatterGroup& {
        for (ScatterGroup& g : groups)
            if (g.name == qs(feature))
                return g;
        ScatterGroup g;
        g.name = qs(feature);
        g.colorIndex = colourIndexOf(data.featureNames, feature);
        groups.push_back(std::move(g));
        return groups.back();
    };
    std::vector<std::pair<double, QPointF>> frontierPoints;
    for (const ModelEconomics& e : m_model->rows()) {
        if (!e.costPer1k) {
            ++unpriced;
            continue;
        }
        if (!e.accuracy) {
            ++unscored;
            continue;
        }
        ScatterGroup& g = groupOf(e.feature);
        const QPointF at(plotMoney(*e.costPer1k), *e.accuracy);
        auto latency = [&](double q) {
            const auto v = e.row.latencyQuantile(q);
            return v ? QString::number(*v, 'f', 0) + QStringLiteral(" ms") : QStringLiteral("—");
        };
        QString tip = QStringLiteral("<b>%1</b> on <b>%2</b><br>")
                          .arg(qs(e.feature).toHtmlEscaped(), qs(e.model).toHtmlEscaped());
        tip += tr("%1 per 1,000 requests").arg(ModelEconomicsModel::moneyText(*e.costPer1k, currency));
        if (e.row.unpricedRequests > 0)
            tip += QStringLiteral(" ") + tr("(priced requests only: %1 have no price)").arg(e.row.unpricedRequests);
        if (e.estimatedCostPerUnit)
            tip += tr(" (≈ %1 per unit)").arg(money + qs(formatUnitCost(*e.estimatedCostPerUnit)));
        tip += QStringLiteral("<br>")
            + tr("accuracy %1 over %2 scored requests").arg(QString::number(*e.accuracy, 'f', 3)).arg(e.row.evalCount);
        tip += QStringLiteral("<br>") + tr("latency p50 %1 · p95 %2").arg(latency(0.50), latency(0.95));
        tip += QStringLiteral("<br>")
            + tr("%1 requests, %2").arg(e.row.requests).arg(money + qs(formatMoney(e.row.cost)));
        if (e.pareto.onFrontier) {
            tip += QStringLiteral("<br><i>") + tr("on the cost/accuracy frontier") + QStringLiteral("</i>");
            if (e.marginalPerPoint1k)
                tip += QStringLiteral("<br>")
                    + tr("%1 per 1,000 requests per accuracy point over %2")
                          .arg(ModelEconomicsModel::moneyText(std::llround(*e.marginalPerPoint1k), currency),
                               qs(e.previousModel).toHtmlEscaped());
        } else if (!e.dominatedByModel.empty()) {
            tip += QStringLiteral("<br><i>")
                + tr("beaten by %1: cheaper and at least as accurate").arg(qs(e.dominatedByModel).toHtmlEscaped())
                + QStringLiteral("</i>");
        }
        g.points.push_back({ at, tip });
        if (e.pareto.onFrontier)
            g.frontier.push_back(at);
    }
    for (ScatterGroup& g : groups)
        std::sort(g.frontier.begin(), g.frontier.end(),
                  [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
    chart.groups = std::move(groups);
    m_chart->setEmptyText(
        m_model->rowCount() == 0
            ? tr("No requests in %1 (UTC) with these filters.").arg(period)
            : tr("No eval scores in %1: accuracy is unknown, so models cannot be compared on it.").arg(period));
    m_chart->setData(std::move(chart));

    QString note = tr("Dashed lines: each feature's cost/accuracy frontier (no other model is both cheaper and at "
                      "least as accurate). Marginal: extra cost per 1,000 requests for each accuracy point over the "
                      "next cheaper frontier model. ≈ cost / unit: units of work are recorded per feature, so a "
                      "model's share is estimated from its requests.");
    if (unscored > 0)
        note += QLatin1Char(' ')
            + tr("Listed but not plotted: %n (feature, model) pair(s) without eval scores.", nullptr, unscored);
    if (unpriced > 0)
        note += QLatin1Char(' ')
            + tr("Listed but not plotted: %n (feature, model) pair(s) with no priced request.", nullptr, unpriced);
    m_note->setText(note);
}

} // namespace il::ui
