// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/FeaturePage.h"

#include "DashboardLoader.h"
#include "charts/SeriesColours.h"
#include "charts/TimeChartView.h"
#include "domain/Time.h"
#include "item/FeatureEconomicsModel.h"
#include "widgets/MessageBanner.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace il::ui {

namespace {

    using M = FeatureEconomicsModel;

    QString qs(const std::string& s)
    {
        return QString::fromStdString(s);
    }

    TimeChartData chartOn(const TimeSeries& ts, ValueFormat format, const std::string& currency)
    {
        TimeChartData d;
        d.bucketStarts = ts.bucketStarts;
        d.bucketMs = bucketWidthMs(ts.filter.bucket);
        d.format = format;
        d.currency = currency;
        return d;
    }

    // The feature's own series (split by feature, one feature): its points, or none.
    const std::vector<SeriesPoint>* pointsOf(const FeatureDetail& d)
    {
        for (const Series& s : d.series.series)
            if (s.key == d.feature)
                return &s.points;
        return nullptr;
    }

    TimeLine constantLine(const QString& name, double value, size_t buckets, LineRole role, Qt::PenStyle style)
    {
        TimeLine l;
        l.name = name;
        l.role = role;
        l.style = style;
        l.values.assign(buckets, value);
        return l;
    }

} // namespace

FeaturePage::FeaturePage(QWidget* parent)
    : QWidget(parent)
    , m_back(new QToolButton(this))
    , m_title(new QLabel(this))
    , m_figures(new QLabel(this))
    , m_gateBanner(new MessageBanner(MessageBanner::Kind::Information, this))
    , m_cpu(new TimeChartView(this))
    , m_mix(new TimeChartView(this))
    , m_latency(new TimeChartView(this))
    , m_accuracy(new TimeChartView(this))
    , m_tokens(new TimeChartView(this))
    , m_gate(new TimeChartView(this))
    , m_grid(new QGridLayout)
{
    // Six charts: each loads in a turn of the event loop of its own (ChartUpdateQueue).
    for (TimeChartView* c : { m_cpu, m_mix, m_latency, m_accuracy, m_tokens, m_gate })
        c->setStaged(true);
    m_back->setObjectName(QStringLiteral("backButton"));
    m_back->setIcon(style()->standardIcon(QStyle::SP_ArrowBack, nullptr, this));
    m_back->setText(tr("Back"));
    m_back->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_back->setToolTip(tr("Back to the list (Alt+Left)"));
    m_back->setAutoRaise(true);
    m_title->setObjectName(QStringLiteral("featureTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_figures->setObjectName(QStringLiteral("featureFigures"));
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_figures->setWordWrap(true);
    m_gateBanner->setObjectName(QStringLiteral("featureGateBanner"));
    m_gateBanner->hide();

    const std::pair<TimeChartView*, QString> charts[] = {
        { m_cpu, QStringLiteral("featureCostPerUnitChart") }, { m_mix, QStringLiteral("featureModelMixChart") },
        { m_latency, QStringLiteral("featureLatencyChart") }, { m_accuracy, QStringLiteral("featureAccuracyChart") },
        { m_tokens, QStringLiteral("featureTokensChart") },   { m_gate, QStringLiteral("featureGateChart") },
    };
    for (const auto& [chart, name] : charts)
        chart->setObjectName(name);
    m_cpu->setTitle(tr("Cost per unit"));
    m_mix->setTitle(tr("Model mix (share of requests)"));
    m_latency->setTitle(tr("Latency"));
    m_accuracy->setTitle(tr("Accuracy (mean eval score)"));
    m_tokens->setTitle(tr("Tokens per request"));
    m_gate->setTitle(tr("Actual against the gate, by month"));

    auto* header = new QHBoxLayout;
    header->addWidget(m_back);
    header->addSpacing(6);
    header->addWidget(m_title);
    header->addStretch(1);

    m_grid->setSpacing(8);
    m_grid->addWidget(m_cpu, 0, 0);
    m_grid->addWidget(m_mix, 0, 1);
    m_grid->addWidget(m_latency, 0, 2);
    m_grid->addWidget(m_accuracy, 1, 0);
    m_grid->addWidget(m_tokens, 1, 1);
    m_grid->addWidget(m_gate, 1, 2);

    // Six charts need room: below their minimum they scroll rather than squash (or force the window wider).
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("featureScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* grid = new QWidget(scroll);
    grid->setLayout(m_grid);
    m_grid->setContentsMargins(0, 0, 0, 0);
    scroll->setWidget(grid);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addLayout(header);
    layout->addWidget(m_figures);
    layout->addWidget(m_gateBanner);
    layout->addWidget(scroll, 1);

    connect(m_back, &QToolButton::clicked, this, &FeaturePage::backRequested);
}

FeaturePage::~FeaturePage() = default;

void FeaturePage::showFeature(const QString& feature)
{
    if (feature == m_feature)
        return;
    m_feature = feature;
    m_title->setText(feature);
    clear(tr("Loading…"));
}

void FeaturePage::clear(const QString& why)
{
    m_figures->setText(why);
    m_gateBanner->hide();
    for (TimeChartView* c : { m_cpu, m_mix, m_latency, m_accuracy, m_tokens, m_gate }) {
        c->clear();
        c->setEmptyText(why);
    }
    m_gate->setEmptyText(tr("No gate recorded for this feature.\nA cost gate (the Gates page) sets the estimate "
                            "and threshold its actual cost per unit is tracked against."));
}

void FeaturePage::setData(const DashboardData& data)
{
    if (!data.detail || qs(data.detail->feature) != m_feature)
        return;
    const FeatureDetail& d = *data.detail;
    const std::string& currency = data.summary.filter.currency;
    const SummaryRow* row = d.summary.rows.empty() ? nullptr : &d.summary.rows.front();
    for (const SummaryRow& r : d.summary.rows)
        if (r.key == d.feature)
            row = &r;
    const QString period = periodText(data.period);
    if (!row || row->requests == 0) {
        clear(tr("No requests for %1 in %2 (UTC) with these filters.").arg(m_feature, period));
        return;
    }
    const SummaryRow* before = nullptr;
    for (const SummaryRow& r : d.previous.rows)
        if (r.key == d.feature)
            before = &r;
    static const SummaryRow kNothing;
    if (!before)
        before = &kNothing;
    QStringList figures;
    figures << tr("%1 (UTC)").arg(period);
    figures << tr("cost %1 (%2)").arg(M::displayText(*row, M::Cost, currency), M::changeText(*row, before, M::Cost));
    figures << tr("%1 per unit (%2)")
                   .arg(M::displayText(*row, M::CostPerUnit, currency), M::changeText(*row, before, M::CostPerUnit));
    figures << tr("%1 units").arg(M::displayText(*row, M::Units, currency));
    figures << tr("%1 requests").arg(row->requests);
    figures
        << tr("p50 %1 ms · p95 %2 ms").arg(M::displayText(*row, M::LatencyP50), M::displayText(*row, M::LatencyP95));
    figures << tr("accuracy %1").arg(M::displayText(*row, M::Accuracy));
    if (row->requests > 0)
        figures << tr("%1 tokens per request")
                       .arg(QString::number(double(row->inputTokens + row->outputTokens) / double(row->requests), 'f',
                                            0));
    if (row->unpricedRequests > 0)
        figures << tr("%1 unpriced requests not in the cost").arg(row->unpricedRequests);
    QStringList filters;
    if (!data.query.providers.empty())
        filters << tr("providers: %1")
                       .arg(qs(data.query.providers.size() == 1 ? data.query.providers.front()
                                                                : std::to_string(data.query.providers.size())));
    if (!data.query.models.empty())
        filters << tr("models: %1")
                       .arg(qs(data.query.models.size() == 1 ? data.query.models.front()
                                                             : std::to_string(data.query.models.size())));
    QString text = figures.join(QStringLiteral("  ·  "));
    if (!filters.isEmpty())
        text += QStringLiteral("\n") + tr("Filtered to %1").arg(filters.join(QStringLiteral(", ")));
    m_figures->setText(text);

    const std::vector<SeriesPoint>* points = pointsOf(d);
    const std::vector<SeriesPoint> none;
    const std::vector<SeriesPoint>& pts = points ? *points : none;
    const size_t nb = d.series.bucketStarts.size();
    const QString noData = tr("No requests for %1 in %2").arg(m_feature, period);

    // Cost per unit, with the gate's estimate and threshold as reference lines once there is a gate.
    TimeChartData cpu = chartOn(d.series, ValueFormat::UnitCost, currency);
    TimeLine actual = namedLine(data.featureNames, d.feature);
    actual.name = tr("cost per unit");
    for (const SeriesPoint& p : pts) {
        const auto v = p.costPerUnit();
        actual.values.push_back(v ? std::optional<double>(plotMoney(*v)) : std::nullopt);
    }
    cpu.lines.push_back(std::move(actual));
    if (d.gate) {
        if (d.gate->estimateP50)
            cpu.lines.push_back(
                constantLine(tr("estimate"), plotMoney(*d.gate->estimateP50), nb, LineRole::Reference, Qt::DashLine));
        if (d.gate->threshold > 0)
            cpu.lines.push_back(
                constantLine(tr("threshold"), plotMoney(d.gate->threshold), nb, LineRole::Alarm, Qt::DashLine));
    }
    m_cpu->setEmptyText(tr("No cost per unit for %1 in %2: it needs outcomes (units of work)").arg(m_feature, period));
    m_cpu->setData(std::move(cpu));

    // Model mix: each model's share of the feature's requests per bucket.
    TimeChartData mix = chartOn(d.byModel, ValueFormat::Percent, currency);
    mix.kind = TimeChartKind::StackedPercent;
    for (const Series& s : d.byModel.series) {
        TimeLine line = namedLine(data.modelNames, s.key);
        for (const SeriesPoint& p : s.points)
            line.values.push_back(double(p.requests));
        mix.lines.push_back(std::move(line));
    }
    m_mix->setEmptyText(noData);
    m_mix->setData(std::move(mix));

    TimeChartData latency = chartOn(d.series, ValueFormat::Milliseconds, currency);
    TimeLine p50, p95;
    p50.name = tr("p50");
    p50.colorIndex = 0;
    p95.name = tr("p95");
    p95.colorIndex = 1;
    for (const SeriesPoint& p : pts) {
        p50.values.push_back(p.latencyP50);
        p95.values.push_back(p.latencyP95);
    }
    latency.lines = { std::move(p50), std::move(p95) };
    m_latency->setEmptyText(tr("No measured latencies for %1 in %2").arg(m_feature, period));
    m_latency->setData(std::move(latency));

    TimeChartData accuracy = chartOn(d.series, ValueFormat::Score, currency);
    accuracy.yFromZero = false;
    TimeLine acc = namedLine(data.featureNames, d.feature);
    acc.name = tr("accuracy");
    for (const SeriesPoint& p : pts)
        acc.values.push_back(p.accuracy());
    accuracy.lines.push_back(std::move(acc));
    m_accuracy->setEmptyText(tr("No eval scores for %1 in %2: accuracy is unknown, not zero").arg(m_feature, period));
    m_accuracy->setData(std::move(accuracy));

    TimeChartData tokens = chartOn(d.series, ValueFormat::Tokens, currency);
    TimeLine total;
    total.name = tr("input + output");
    total.colorIndex = 0;
    TimeLine cached;
    cached.name = tr("of which cached input");
    cached.colorIndex = 4;
    for (const SeriesPoint& p : pts) {
        total.values.push_back(p.tokensPerRequest());
        cached.values.push_back(p.requests ? std::optional<double>(double(p.cachedInputTokens) / double(p.requests))
                                           : std::nullopt);
    }
    tokens.lines = { std::move(total), std::move(cached) };
    m_tokens->setEmptyText(noData);
    m_tokens->setData(std::move(tokens));

    // The gate: actual cost per unit by month (of this period, since launch) against the estimate and threshold.
    if (!d.gate) {
        m_gateBanner->hide();
        m_gate->clear();
        m_gate->setEmptyText(tr("No gate recorded for this feature.\nA cost gate (the Gates page) sets the estimate "
                                "and threshold its actual cost per unit is tracked against."));
        return;
    }
    const GateTrackingRow& g = *d.gate;
    const QString money = currencyPrefix(g.currency);
    auto unit = [&](std::optional<int64_t> v) { return v ? money + qs(formatUnitCost(*v)) : M::unknownText(); };
    TimeChartData gate;
    gate.bucketMs = 30 * kMsPerDay;
    gate.format = ValueFormat::UnitCost;
    gate.currency = g.currency;
    TimeLine act = namedLine(data.featureNames, d.feature);
    act.name = tr("actual");
    act.markers = true; // months are few; a period of one month is one dot
    for (const GateTrackingPeriod& p : g.periods) {
        gate.bucketStarts.push_back(p.fromMs);
        act.values.push_back(p.actualCostPerUnit ? std::optional<double>(plotMoney(*p.actualCostPerUnit))
                                                 : std::nullopt);
    }
    // A period within one month: the reference lines run to its end, so that they are lines, not dots.
    if (g.periods.size() == 1) {
        gate.bucketStarts.push_back(g.periods.front().toMs);
        act.values.push_back(std::nullopt);
    }
    const size_t months = gate.bucketStarts.size();
    gate.lines.push_back(std::move(act));
    if (g.estimateP50)
        gate.lines.push_back(
            constantLine(tr("est. p50"), plotMoney(*g.estimateP50), months, LineRole::Reference, Qt::DashLine));
    if (g.estimateP95)
        gate.lines.push_back(
            constantLine(tr("est. p95"), plotMoney(*g.estimateP95), months, LineRole::Reference, Qt::DotLine));
    if (g.threshold > 0)
        gate.lines.push_back(
            constantLine(tr("threshold"), plotMoney(g.threshold), months, LineRole::Alarm, Qt::DashLine));
    m_gate->setEmptyText(g.note.empty() ? tr("Nothing tracked yet") : qs(g.note));
    m_gate->setData(std::move(gate));

    const QString launched = g.model.empty()
        ? tr("launched %1").arg(qs(formatIsoDate(g.launchMs)))
        : tr("%1/%2 from %3").arg(qs(g.provider), qs(g.model), qs(formatIsoDate(g.launchMs)));
    QString gateText = tr("Gate v%1 (%2, verdict %3): %4, estimate %5 per unit, threshold %6.")
                           .arg(g.version)
                           .arg(qs(g.decision), qs(g.verdict), launched, unit(g.estimateP50), unit(g.threshold));
    if (g.actual)
        gateText += QLatin1Char(' ')
            + tr("Actual from %1 to %2: %3 per unit.")
                  .arg(qs(formatIsoDate(g.trackedFromMs)), qs(formatIsoDate(g.trackedToMs - 1)), unit(g.actual));
    if (!g.note.empty()) {
        QString note = qs(g.note);
        note[0] = note[0].toUpper();
        gateText += QLatin1Char(' ') + note + QLatin1Char('.');
    }
    if (g.overThreshold)
        gateText = tr("Over its gate's threshold in this period. ") + gateText;
    else if (g.everBreached)
        gateText = tr("Over its gate's threshold in part of this period. ") + gateText;
    m_gateBanner->setKind(g.overThreshold || g.everBreached ? MessageBanner::Kind::Error
                                                            : MessageBanner::Kind::Information);
    m_gateBanner->showMessage(gateText);
}

} // namespace il::ui
