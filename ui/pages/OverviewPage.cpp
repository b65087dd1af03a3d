// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/OverviewPage.h"

#include "DashboardLoader.h"
#include "charts/SeriesColours.h"
#include "charts/TimeChartView.h"
#include "domain/Records.h"
#include "domain/Time.h"
#include "item/FeatureEconomicsModel.h"
#include "widgets/MessageBanner.h"
#include "widgets/StatTile.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <cmath>

namespace il::ui {

namespace {

    using M = FeatureEconomicsModel;

    QString qs(const std::string& s)
    {
        return QString::fromStdString(s);
    }

    QString percent(double fraction)
    {
        return QString::number(fraction * 100.0, 'f', 1) + QLatin1Char('%');
    }

    // At most this many features get their own band in the stacked chart; the rest add up to "other".
    constexpr size_t kMaxStacked = 9;
    constexpr size_t kMaxLines = 10;

} // namespace

OverviewPage::OverviewPage(QWidget* parent)
    : QWidget(parent)
    , m_spend(new StatTile(tr("Spend"), this))
    , m_change(new StatTile(tr("vs previous period"), this))
    , m_costPerUnit(new StatTile(tr("Blended cost per unit"), this))
    , m_cache(new StatTile(tr("Cache hit rate"), this))
    , m_unattributed(new StatTile(tr("Unattributed spend"), this))
    , m_unpriced(new StatTile(tr("Unpriced requests"), this))
    , m_gates(new StatTile(tr("Gates"), this))
    , m_breach(new MessageBanner(MessageBanner::Kind::Error, this))
    , m_spendChart(new TimeChartView(this))
    , m_cpuChart(new TimeChartView(this))
{
    m_spend->setObjectName(QStringLiteral("tileSpend"));
    m_change->setObjectName(QStringLiteral("tileChange"));
    m_costPerUnit->setObjectName(QStringLiteral("tileCostPerUnit"));
    m_cache->setObjectName(QStringLiteral("tileCacheHit"));
    m_unattributed->setObjectName(QStringLiteral("tileUnattributed"));
    m_unpriced->setObjectName(QStringLiteral("tileUnpriced"));
    m_gates->setObjectName(QStringLiteral("tileGates"));
    m_breach->setObjectName(QStringLiteral("gateBreachBanner"));
    m_spendChart->setStaged(true); // each chart in a turn of the event loop of its own (ChartUpdateQueue)
    m_cpuChart->setStaged(true);
    m_spendChart->setObjectName(QStringLiteral("spendChart"));
    m_cpuChart->setObjectName(QStringLiteral("costPerUnitChart"));
    m_spendChart->setTitle(tr("Spend over time, by feature"));
    m_cpuChart->setTitle(tr("Cost per unit over time"));
    // Feature names are long: a legend beside the plot shows them whole, one underbelow would cut them.
    m_spendChart->setLegendAlignment(Qt::AlignRight);
    m_cpuChart->setLegendAlignment(Qt::AlignRight);
    m_gates->hide();
    m_breach->hide();

    auto* tiles = new QHBoxLayout;
    tiles->setSpacing(8);
    for (StatTile* t : { m_spend, m_change, m_costPerUnit, m_cache, m_unattributed, m_unpriced, m_gates })
        tiles->addWidget(t, 1); // equal widths: a row of figures reads as one

    auto* charts = new QHBoxLayout;
    charts->setSpacing(8);
    charts->addWidget(m_spendChart, 1);
    charts->addWidget(m_cpuChart, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addLayout(tiles);
    layout->addWidget(m_breach);
    layout->addLayout(charts, 1);
    clear(tr("Loading…"));
}

OverviewPage::~OverviewPage() = default;

void OverviewPage::clear(const QString& why)
{
    for (StatTile* t : { m_spend, m_change, m_costPerUnit, m_cache, m_unattributed, m_unpriced })
        t->setValue(M::unknownText());
    m_gates->hide();
    m_breach->hide();
    m_spendChart->clear();
    m_cpuChart->clear();
    m_spendChart->setEmptyText(why);
    m_cpuChart->setEmptyText(why);
}

void OverviewPage::setData(const DashboardData& data)
{
    const Summary& s = data.summary;
    const SummaryRow& total = s.total;
    const std::string& currency = s.filter.currency;
    const QString previousText = periodText(data.previousPeriod);

    // Spend: the same digits as `inferledger summary`'s TOTAL row.
    QString spendDetail = tr("%1 requests").arg(total.requests);
    if (total.unpricedRequests > 0)
        spendDetail += QStringLiteral(" · ") + tr("not counting %1 unpriced").arg(total.unpricedRequests);
    m_spend->setValue(M::displayText(total, M::Cost, currency), spendDetail);

    const SummaryRow& before = data.previous.total;
    const QString change = M::changeText(total, &before, M::Cost);
    QString changeDetail = tr("%1 in %2").arg(M::displayText(before, M::Cost, currency), previousText);
    const QString cpuChange = M::changeText(total, &before, M::CostPerUnit);
    if (cpuChange != M::unknownText())
        changeDetail += QStringLiteral("\n") + tr("cost per unit %1").arg(cpuChange);
    m_change->setValue(change, changeDetail);

    if (const auto cpu = total.costPerUnit())
        m_costPerUnit->setValue(
            M::displayText(total, M::CostPerUnit, currency),
            tr("%1 ÷ %2 units of work").arg(M::displayText(total, M::Cost, currency)).arg(*total.units));
    else
        m_costPerUnit->setValue(M::unknownText(), tr("no units of work recorded: import outcomes to divide by"));

    if (const auto rate = total.cacheHitRate())
        m_cache->setValue(percent(*rate), tr("%1 hits ÷ %2 lookups").arg(total.cacheHits).arg(total.cacheLookups));
    else
        m_cache->setValue(M::unknownText(), tr("no application cache lookups recorded"));

    int64_t unattributed = 0;
    for (const SummaryRow& r : s.rows)
        if (r.key == kUnattributed)
            unattributed += r.cost;
    SummaryRow unattributedRow;
    unattributedRow.cost = unattributed;
    m_unattributed->setValue(
        M::displayText(unattributedRow, M::Cost, currency),
        unattributed == 0
            ? tr("every request is attributed")
            : tr("%1 of spend: no rule could attribute it")
                  .arg(total.cost > 0 ? percent(double(unattributed) / double(total.cost)) : M::unknownText()));

    // Unpriced spend is unknown, so the tile counts requests and says the spend is left out; never "$0".
    if (total.unpricedRequests > 0)
        m_unpriced->setValue(QString::number(total.unpricedRequests),
                             tr("their spend is unknown and left out of the figures above"), StatTile::Tone::Warning);
    else
        m_unpriced->setValue(QStringLiteral("0"), tr("every request has a price"));

    // Gates: each feature's actual cost per unit over this period (since its launch) against its gate's threshold.
    // All of the feature's traffic counts, whatever the provider and model filters: units are per feature.
    QStringList breached;
    for (const GateTrackingRow& g : data.gates)
        if (g.overThreshold)
            breached << qs(g.feature);
    m_gates->setVisible(!data.gates.empty() || !data.gateError.empty());
    if (!data.gateError.empty())
        m_gates->setValue(M::unknownText(), tr("gate tracking failed: %1").arg(qs(data.gateError)),
                          StatTile::Tone::Warning);
    else if (breached.isEmpty())
        m_gates->setValue(tr("%1 on track").arg(data.gates.size()),
                          tr("in this period, every tracked feature is within its gate's threshold"),
                          StatTile::Tone::Good);
    else
        m_gates->setValue(tr("%1 of %2 over").arg(breached.size()).arg(data.gates.size()),
                          tr("over the threshold in this period: %1").arg(breached.join(QStringLiteral(", "))),
                          StatTile::Tone::Alarm);
    if (breached.isEmpty()) {
        m_breach->hide();
    } else {
        QStringList lines;
        for (const GateTrackingRow& g : data.gates) {
            if (!g.overThreshold || !g.actual)
                continue;
            lines << tr("%1 cost %2 per unit from %3 to %4 against its gate's threshold of %5 (gate v%6).")
                         .arg(qs(g.feature), currencyPrefix(g.currency) + qs(formatUnitCost(*g.actual)),
                              qs(formatIsoDate(g.trackedFromMs)), qs(formatIsoDate(g.trackedToMs - 1)),
                              currencyPrefix(g.currency) + qs(formatUnitCost(g.threshold)))
                         .arg(g.version);
        }
        m_breach->showMessage(tr("Gate breach: ") + lines.join(QLatin1Char(' ')));
    }

    // Spend stacked by feature, the largest at the bottom; the long tail adds up to "other".
    const TimeSeries& ts = data.byFeature;
    const int64_t bucketMs = bucketWidthMs(ts.filter.bucket);
    TimeChartData spend;
    spend.bucketStarts = ts.bucketStarts;
    spend.bucketMs = bucketMs;
    spend.kind = TimeChartKind::Stacked;
    spend.format = ValueFormat::Money;
    spend.currency = currency;
    TimeLine other;
    other.name = tr("other");
    other.role = LineRole::Neutral;
    other.values.assign(ts.bucketStarts.size(), 0.0);
    bool anyOther = false;
    for (size_t i = 0; i < ts.series.size(); ++i) {
        const Series& series = ts.series[i];
        if (series.totalCost == 0)
            continue;
        if (spend.lines.size() >= kMaxStacked) {
            anyOther = true;
            for (size_t b = 0; b < series.points.size() && b < other.values.size(); ++b)
                *other.values[b] += plotMoney(series.points[b].cost);
            continue;
        }
        TimeLine line = namedLine(data.featureNames, series.key);
        line.values.reserve(series.points.size());
        for (const SeriesPoint& p : series.points)
            line.values.push_back(plotMoney(p.cost));
        spend.lines.push_back(std::move(line));
    }
    if (anyOther)
        spend.lines.push_back(std::move(other));
    m_spendChart->setEmptyText(tr("No spend in %1").arg(periodText(data.period)));
    m_spendChart->setData(std::move(spend));

    // Cost per unit per feature. It spans orders of magnitude across features: a log axis keeps them all legible.
    TimeChartData cpu;
    cpu.bucketStarts = ts.bucketStarts;
    cpu.bucketMs = bucketMs;
    cpu.format = ValueFormat::UnitCost;
    cpu.currency = currency;
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    for (const Series& series : ts.series) {
        if (cpu.lines.size() >= kMaxLines)
            break;
        TimeLine line = namedLine(data.featureNames, series.key);
        bool any = false;
        for (const SeriesPoint& p : series.points) {
            const auto v = p.costPerUnit();
            line.values.push_back(v ? std::optional<double>(plotMoney(*v)) : std::nullopt);
            if (v && *v > 0) {
                any = true;
                lo = std::min(lo, plotMoney(*v));
                hi = std::max(hi, plotMoney(*v));
            }
        }
        if (any)
            cpu.lines.push_back(std::move(line));
    }
    if (cpu.lines.size() > 1) {
        TimeLine blended;
        blended.name = tr("blended");
        blended.role = LineRole::Reference;
        blended.style = Qt::DashLine;
        for (const SeriesPoint& p : ts.total.points) {
            const auto v = p.costPerUnit();
            blended.values.push_back(v ? std::optional<double>(plotMoney(*v)) : std::nullopt);
        }
        cpu.lines.push_back(std::move(blended));
    }
    cpu.logY = std::isfinite(lo) && hi / lo > 20;
    m_cpuChart->setEmptyText(
        tr("No cost per unit in %1: it needs outcomes (units of work) to divide by").arg(periodText(data.period)));
    m_cpuChart->setTitle(cpu.logY ? tr("Cost per unit over time (log scale)") : tr("Cost per unit over time"));
    m_cpuChart->setData(std::move(cpu));
}

} // namespace il::ui
