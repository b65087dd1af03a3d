// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/FeatureReport.h"

#include "DatePeriod.h"
#include "domain/Records.h"
#include "domain/Time.h"
#include "item/FeatureEconomicsModel.h"
#include "report/ReportCanvas.h"
#include "report/ReportCharts.h"
#include "store/GateStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTimeZone>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace il::ui {

using namespace report;
using Col = FeatureEconomicsModel::Column;

std::optional<ReportPageSize> parseReportPageSize(const QString& text)
{
    const QString t = text.trimmed().toLower();
    if (t == QStringLiteral("a4"))
        return ReportPageSize::A4;
    if (t == QStringLiteral("letter"))
        return ReportPageSize::Letter;
    return std::nullopt;
}

QString reportPageSizeName(ReportPageSize size)
{
    return size == ReportPageSize::Letter ? QStringLiteral("Letter") : QStringLiteral("A4");
}

namespace {

    QString tr(const char* text)
    {
        return QCoreApplication::translate("il::ui::FeatureReport", text);
    }

    QString qs(const std::string& s)
    {
        return QString::fromStdString(s);
    }

    QString count(int64_t n)
    {
        return QString::number(qint64(n));
    }

    // printf, as `inferledger summary` does (app/Cli.cpp optFixed), so the digits agree.
    QString fixed(double v, int decimals)
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        return QString::fromLatin1(buf);
    }

    QString unknown()
    {
        return FeatureEconomicsModel::unknownText();
    }

    QString isoDate(int64_t ms)
    {
        return qs(formatIsoDate(ms));
    }

    // "2026-09-02 – 2026-11-30" for the half-open [from, to).
    QString periodDays(int64_t fromMs, int64_t toMs)
    {
        return isoDate(fromMs) + QStringLiteral(" – ") + isoDate(toMs - 1);
    }

    int64_t daysIn(int64_t fromMs, int64_t toMs)
    {
        return (toMs - fromMs + kMsPerDay - 1) / kMsPerDay;
    }

    struct Change {
        QString text;
        QColor colour;
    };

    // The relative change of a figure against the previous period; `higherIsWorse` picks the colour (the arrow
    // and sign carry the direction, so the colour is never the only cue).
    Change relativeChange(std::optional<double> now, std::optional<double> before, bool higherIsWorse)
    {
        if (!now || !before)
            return {};
        if (*before == 0)
            return { *now == 0 ? tr("unchanged") : tr("new"), mutedColour() };
        const double pct = (*now - *before) / std::abs(*before) * 100.0;
        if (std::abs(pct) < 0.05)
            return { tr("unchanged"), mutedColour() };
        const bool up = pct > 0;
        const QString text
            = (up ? QStringLiteral("▲ +") : QStringLiteral("▼ −")) + fixed(std::abs(pct), 1) + QLatin1Char('%');
        return { text, up == higherIsWorse ? worseColour() : betterColour() };
    }

    // Scores and rates change in points, not percent of themselves.
    Change pointChange(std::optional<double> now, std::optional<double> before, double scale, int decimals,
                       const QString& suffix)
    {
        if (!now || !before)
            return {};
        const double d = (*now - *before) * scale;
        if (std::abs(d) < 0.5 * std::pow(10.0, -decimals))
            return { tr("unchanged"), mutedColour() };
        const bool up = d > 0;
        return { (up ? QStringLiteral("▲ +") : QStringLiteral("▼ −")) + fixed(std::abs(d), decimals) + suffix,
                 up ? betterColour() : worseColour() };
    }

    std::optional<double> asDouble(std::optional<int64_t> v)
    {
        return v ? std::optional<double>(double(*v)) : std::nullopt;
    }

    enum class Figure { Cost, Units, CostPerUnit, Requests, P50, P95, Accuracy, CacheHit };

    // Cost and cost per unit: the dashboard's own text and direction (FeatureEconomicsModel), so that the report
    // and the Features table and the overview tiles cannot differ in a digit or a "new".
    Change guiChange(const SummaryRow& now, const SummaryRow& before, FeatureEconomicsModel::Column column)
    {
        using M = FeatureEconomicsModel;
        const QString text = M::changeText(now, &before, column);
        if (text == M::unknownText())
            return {};
        switch (M::changeTone(now, &before, column)) {
        case M::Tone::Better:
            return { text, betterColour() };
        case M::Tone::Worse:
            return { text, worseColour() };
        case M::Tone::Neutral:
            break;
        }
        return { text, mutedColour() };
    }

    Change changeOf(Figure f, const SummaryRow& now, const SummaryRow* before)
    {
        if (!before)
            return {};
        switch (f) {
        case Figure::Cost:
            return guiChange(now, *before, Col::Cost);
        case Figure::Units: {
            Change c = relativeChange(asDouble(now.units), asDouble(before->units), false);
            return c;
        }
        case Figure::CostPerUnit:
            return guiChange(now, *before, Col::CostPerUnit);
        case Figure::Requests: {
            Change c = relativeChange(double(now.requests), double(before->requests), true);
            c.colour = mutedColour(); // more traffic is neither good nor bad by itself
            return c;
        }
        case Figure::P50:
            return relativeChange(now.latencyQuantile(0.5), before->latencyQuantile(0.5), true);
        case Figure::P95:
            return relativeChange(now.latencyQuantile(0.95), before->latencyQuantile(0.95), true);
        case Figure::Accuracy:
            return pointChange(now.accuracy(), before->accuracy(), 1.0, 3, QString());
        case Figure::CacheHit:
            return pointChange(now.cacheHitRate(), before->cacheHitRate(), 100.0, 1, tr(" pts"));
        }
        return {};
    }

    // Page layout (mm): margins, the header band above the body and the footer band below it.
    constexpr double kMarginX = 16, kHeaderTop = 10, kBodyTop = 21, kFooterGap = 19;

    enum class PageKind { Cover, Overview, FeatureTable, Feature, Gates, Methodology };

    struct PagePlan {
        PageKind kind = PageKind::Cover;
        QString title;
        int index = 0; // the feature (Feature pages)
        size_t first = 0, last = 0; // rows or blocks on this page (FeatureTable, Gates)
    };

    // A gate section: its header table or one gate's months, packed onto pages whole.
    struct GateBlock {
        int gate = -1; // -1: the overview table of every gate
        double heightMm = 0;
    };

} // namespace

Result<void> checkReportPath(const QString& path)
{
    Error e;
    e.source = path.toStdString();
    e.hint = "Choose a writable folder and a file name ending in .pdf";
    if (path.trimmed().isEmpty()) {
        e.message = "no output file given";
        e.source.clear();
        return e;
    }
    const QFileInfo info(path);
    if (info.isDir()) {
        e.message = "is a folder, not a file";
        return e;
    }
    const QDir dir = info.absoluteDir();
    if (!dir.exists()) {
        e.message = "cannot write the report: the folder " + QDir::toNativeSeparators(dir.absolutePath()).toStdString()
            + " does not exist";
        return e;
    }
    if (!QFileInfo(dir.absolutePath()).isWritable()) {
        e.message = "cannot write the report: the folder " + QDir::toNativeSeparators(dir.absolutePath()).toStdString()
            + " is not writable";
        return e;
    }
    if (info.exists() && !info.isWritable()) {
        e.message = "cannot write the report: the file exists and is read-only";
        return e;
    }
    return {};
}

struct FeatureReportWriter::Impl {
    Impl(const ReportData& d, ReportOptions o)
        : data(d)
        , options(std::move(o))
    {
    }

    const ReportData& data;
    ReportOptions options;
    QString path;
    std::unique_ptr<QSaveFile> file;
    std::unique_ptr<QPdfWriter> writer;
    std::unique_ptr<QPainter> painter;
    std::unique_ptr<ReportCanvas> canvas;
    std::vector<PagePlan> pages;
    std::vector<GateBlock> gateBlocks;
    int done = 0;
    double pageW = 210, pageH = 297;
    QString currencyPrefix;
    QString footerLeft;

    double bodyWidth() const { return pageW - 2 * kMarginX; }
    double bodyBottom() const { return pageH - kFooterGap; }

    QString money(int64_t nanos) const { return currencyPrefix + qs(formatMoney(nanos)); }
    QString unitCost(int64_t nanos) const { return currencyPrefix + qs(formatUnitCost(nanos)); }
    QString cell(const SummaryRow& r, Col c) const
    {
        return FeatureEconomicsModel::displayText(r, c, data.request.currency);
    }
    QString p99(const SummaryRow& r) const
    {
        const auto q = r.latencyQuantile(0.99);
        return q ? fixed(*q, 0) : unknown();
    }
    QString shareOf(int64_t part, int64_t whole) const
    {
        return whole > 0 ? fixed(100.0 * double(part) / double(whole), 1) + QLatin1Char('%') : unknown();
    }
    QColor featureColour(const std::string& key) const
    {
        for (size_t i = 0; i < data.summary.rows.size(); ++i)
            if (data.summary.rows[i].key == key)
                return key == kUnattributed ? otherColour() : seriesColour(int(i));
        return otherColour();
    }
    // As the Features table (FeatureEconomicsModel::previousOf): a feature absent from a previous period that has
    // data spent nothing then (a known zero: "new"); without any previous data there is nothing to compare.
    const SummaryRow* previousOf(const std::string& key) const
    {
        if (!data.hasPrevious())
            return nullptr;
        for (const SummaryRow& r : data.previous.rows)
            if (r.key == key)
                return &r;
        static const SummaryRow kNothing;
        return &kNothing;
    }
    QString featuresLabel() const
    {
        if (data.request.features.empty())
            return tr("all features");
        QStringList names;
        for (const auto& f : data.request.features)
            names << qs(f);
        return names.join(QStringLiteral(", "));
    }
    std::vector<QDate> bucketDates(const TimeSeries& ts) const
    {
        std::vector<QDate> out;
        for (int64_t t : ts.bucketStarts)
            out.push_back(utcDateOfMs(t));
        return out;
    }

    int pageOf(PageKind kind) const
    {
        for (size_t p = 0; p < pages.size(); ++p)
            if (pages[p].kind == kind)
                return int(p) + 1;
        return 0;
    }
    void plan();
    void drawChrome(const PagePlan& page, int number);
    void drawCover();
    void drawOverview();
    void drawFeatureTable(const PagePlan& page);
    void drawFeature(const PagePlan& page);
    void drawGates(const PagePlan& page);
    void drawMethodology();
    double drawTiles(double y, const SummaryRow& row, const SummaryRow* before);
    double gateBlockHeight(int gate) const;
    double drawGateBlock(double y, int gate);
};

void FeatureReportWriter::Impl::plan()
{
    pages.clear();
    pages.push_back({ PageKind::Cover, tr("Feature economics report") });
    pages.push_back({ PageKind::Overview, tr("Overview") });
    // The feature table: both of its tables on each page; as many rows as fit.
    const double rh = canvas->tableRowHeight();
    const double perTable = 8.0 /* heading */ + 2 * rh /* header, total */ + 3.0;
    const size_t rowsPerPage = std::max<size_t>(
        5, size_t(std::max(0.0, (bodyBottom() - kBodyTop - 12.0 /* notes */ - 2 * perTable) / (2 * rh))));
    const size_t n = data.summary.rows.size();
    for (size_t first = 0; first < std::max<size_t>(n, 1); first += rowsPerPage)
        pages.push_back({ PageKind::FeatureTable, tr("Feature table"), 0, first, std::min(n, first + rowsPerPage) });
    for (size_t i = 0; i < data.features.size(); ++i)
        pages.push_back({ PageKind::Feature, qs(data.features[i].row.key), int(i) });
    // Gates: the overview table, then one block per gate that ever breached, packed whole onto pages.
    gateBlocks.clear();
    if (!data.gates.empty()) {
        gateBlocks.push_back({ -1, gateBlockHeight(-1) });
        for (size_t g = 0; g < data.gates.size(); ++g)
            if (data.gates[g].everBreached || data.gates[g].overThreshold)
                gateBlocks.push_back({ int(g), gateBlockHeight(int(g)) });
    }
    const double intro = 22.0;
    size_t first = 0;
    double used = intro;
    for (size_t b = 0; b < gateBlocks.size(); ++b) {
        if (b > first && kBodyTop + used + gateBlocks[b].heightMm > bodyBottom()) {
            pages.push_back({ PageKind::Gates, tr("Cost gates"), 0, first, b });
            first = b;
            used = 0;
        }
        used += gateBlocks[b].heightMm;
    }
    pages.push_back({ PageKind::Gates, tr("Cost gates"), 0, first, gateBlocks.size() });
    pages.push_back({ PageKind::Methodology, tr("Methodology") });
}

void FeatureReportWriter::Impl::drawChrome(const PagePlan& page, int number)
{
    ReportCanvas& c = *canvas;
    const double w = bodyWidth();
    if (page.kind != PageKind::Cover) {
        c.line(kMarginX, kHeaderTop, w * 0.6,
               tr("InferLedger · Feature economics · %1 (UTC)").arg(periodDays(data.request.fromMs, data.request.toMs)),
               c.small(), mutedColour());
        c.line(kMarginX + w * 0.6, kHeaderTop, w * 0.4, page.title, c.small(), mutedColour(), Qt::AlignRight);
        c.hRule(kMarginX, kHeaderTop + 4.2, w, ruleColour(), 0.2);
    }
    const double fy = pageH - 14.0;
    c.hRule(kMarginX, fy, w, ruleColour(), 0.2);
    c.line(kMarginX, fy + 1.2, w * 0.8, footerLeft, c.small(), mutedColour());
    c.line(kMarginX + w * 0.8, fy + 1.2, w * 0.2, tr("Page %1 of %2").arg(number).arg(pages.size()), c.small(),
           mutedColour(), Qt::AlignRight);
}

double FeatureReportWriter::Impl::drawTiles(double y, const SummaryRow& row, const SummaryRow* before)
{
    ReportCanvas& c = *canvas;
    struct T {
        QString label, value;
        Figure figure;
    };
    const std::vector<T> tiles = {
        { tr("Cost"), cell(row, Col::Cost), Figure::Cost },
        { tr("Units of work"), cell(row, Col::Units), Figure::Units },
        { tr("Cost per unit"), cell(row, Col::CostPerUnit), Figure::CostPerUnit },
        { tr("Requests"), cell(row, Col::Requests), Figure::Requests },
        { tr("Latency p50 (ms)"), cell(row, Col::LatencyP50), Figure::P50 },
        { tr("Latency p95 (ms)"), cell(row, Col::LatencyP95), Figure::P95 },
        { tr("Accuracy (mean eval score)"), cell(row, Col::Accuracy), Figure::Accuracy },
        { tr("Cache hit rate"), cell(row, Col::CacheHitRate), Figure::CacheHit },
    };
    const double gap = 3, w = (bodyWidth() - 3 * gap) / 4, h = 16;
    for (size_t i = 0; i < tiles.size(); ++i) {
        const double x = kMarginX + double(i % 4) * (w + gap), ty = y + double(i / 4) * (h + gap);
        Change ch = changeOf(tiles[i].figure, row, before);
        if (!before)
            ch = { tr("no previous data"), mutedColour() };
        else if (ch.text.isEmpty())
            ch = { unknown(), mutedColour() };
        else
            ch.text += tr(" vs previous");
        c.tile(x, ty, w, h, tiles[i].label, tiles[i].value, ch.text, ch.colour);
    }
    return 2 * h + gap;
}

void FeatureReportWriter::Impl::drawCover()
{
    ReportCanvas& c = *canvas;
    const double w = bodyWidth();
    double y = 24;
    // A band of the accent colour, then the title.
    c.painter().setPen(Qt::NoPen);
    c.painter().setBrush(accentColour());
    c.painter().drawRect(c.rectMm(kMarginX, y - 6, 22, 1.6));
    c.painter().setBrush(Qt::NoBrush);
    y += c.text(kMarginX, y, w, tr("Feature economics report"), c.title(), accentColour());
    y += c.text(kMarginX, y + 1, w,
                tr("Cost per unit of work beside latency and accuracy, per feature — %1").arg(featuresLabel()),
                c.font(10.5), mutedColour())
        + 6;

    const QDateTime generated = QDateTime::fromMSecsSinceEpoch(data.request.generatedAtMs, QTimeZone::utc());
    QString catalogue = data.newestCatalogue.empty() ? tr("none in the store") : qs(data.newestCatalogue);
    if (!data.bundledCatalogue.empty() && data.bundledCatalogue != data.newestCatalogue)
        catalogue += tr(" (bundled with this InferLedger: %1)").arg(qs(data.bundledCatalogue));
    else if (!data.bundledCatalogue.empty())
        catalogue += tr(" (the catalogue bundled with this InferLedger)");
    const std::vector<std::pair<QString, QString>> details = {
        { tr("Period"),
          tr("%1 (UTC), %2 days")
              .arg(periodDays(data.request.fromMs, data.request.toMs))
              .arg(daysIn(data.request.fromMs, data.request.toMs)) },
        { tr("Compared with"),
          data.hasPrevious() ? tr("%1, the %2 days before")
                                   .arg(periodDays(data.previousFromMs, data.previousToMs))
                                   .arg(daysIn(data.previousFromMs, data.previousToMs))
                             : tr("%1: no data in the store, so no changes are shown")
                                   .arg(periodDays(data.previousFromMs, data.previousToMs)) },
        { tr("Price catalogue"), catalogue },
        { tr("Features"), tr("%1 (%2 in the report)").arg(featuresLabel()).arg(data.features.size()) },
        { tr("Currency"), qs(data.request.currency) },
        { tr("Store"), QDir::toNativeSeparators(QFileInfo(qs(data.request.storePath)).absoluteFilePath()) },
        { tr("Generated"),
          generated.toString(QStringLiteral("yyyy-MM-dd HH:mm")) + tr(" UTC by InferLedger ")
              + QStringLiteral(INFERLEDGER_VERSION) },
    };
    for (const auto& [label, value] : details) {
        c.line(kMarginX, y + 0.4, 34, label, c.small(), mutedColour());
        y += std::max(4.6, c.text(kMarginX + 36, y, w - 36, value, c.body()) + 1.2);
    }
    y += 4;
    y += c.heading(kMarginX, y, w, tr("Headline figures"));
    y += drawTiles(y + 1, data.summary.total, data.hasPrevious() ? &data.previous.total : nullptr) + 4;

    // What a reader must know before trusting the figures.
    QStringList notes;
    const SummaryRow& t = data.summary.total;
    if (t.unpricedRequests > 0)
        notes << tr("%1 requests have no price (no catalogue entry and no provider-reported cost); their cost is "
                    "not in these figures.")
                     .arg(count(t.unpricedRequests));
    for (const SummaryRow& r : data.summary.rows)
        if (r.key == kUnattributed)
            notes << tr("%1 (%2 of the cost) could not be attributed to a feature and is shown as “unattributed”.")
                         .arg(cell(r, Col::Cost), shareOf(r.cost, t.cost));
    int breaches = 0;
    for (const GateTrackingRow& g : data.gates)
        breaches += g.overThreshold ? 1 : 0;
    if (!data.gatesError.empty())
        notes << tr("The recorded gates could not be read: %1").arg(qs(data.gatesError));
    else if (data.gates.empty())
        notes << tr("No cost gates are recorded for these features.");
    else
        notes << tr("%1 of %2 gated features over their gate's cost-per-unit threshold in the period (page %3).")
                     .arg(breaches)
                     .arg(data.gates.size())
                     .arg(pageOf(PageKind::Gates));
    for (const QString& n : notes)
        y += c.text(kMarginX + 3, y, w - 3, QStringLiteral("• ") + n, c.body(),
                    n.contains(tr("over their gate's")) && breaches > 0 ? breachColour() : inkColour())
            + 1.2;
    y += 3;

    // The largest costs, and the contents.
    y += c.heading(kMarginX, y, w, tr("Largest costs"));
    std::vector<TableColumn> cols = { { tr("Feature"), 3.2 },
                                      { tr("Cost"), 1.6, Qt::AlignRight },
                                      { tr("Share of cost"), 1.4, Qt::AlignRight },
                                      { tr("Units"), 1.4, Qt::AlignRight },
                                      { tr("Cost / unit"), 1.6, Qt::AlignRight },
                                      { tr("Page"), 0.8, Qt::AlignRight } };
    std::vector<TableRow> rows;
    const size_t top = std::min<size_t>(5, data.summary.rows.size());
    for (size_t i = 0; i < top; ++i) {
        const SummaryRow& r = data.summary.rows[i];
        TableCell name(qs(r.key));
        name.swatch = featureColour(r.key);
        int page = 0;
        for (size_t p = 0; p < pages.size(); ++p)
            if (pages[p].kind == PageKind::Feature && pages[p].title == qs(r.key))
                page = int(p) + 1;
        rows.push_back({ name, cell(r, Col::Cost), shareOf(r.cost, t.cost), cell(r, Col::Units),
                         cell(r, Col::CostPerUnit), QString::number(page) });
    }
    y += c.table(kMarginX, y, w, cols, rows) + 5;

    // Contents: a line per page, or one line for all the feature pages when they would not fit.
    struct Entry {
        QString title;
        int page;
    };
    std::vector<Entry> entries, compact;
    int firstFeature = 0, lastFeature = 0;
    for (size_t p = 1; p < pages.size(); ++p) {
        const QString title
            = pages[p].kind == PageKind::Feature ? tr("Feature: %1").arg(pages[p].title) : pages[p].title;
        if (!entries.empty() && entries.back().title == title)
            continue; // continuation pages
        entries.push_back({ title, int(p) + 1 });
        if (pages[p].kind == PageKind::Feature) {
            firstFeature = firstFeature ? firstFeature : int(p) + 1;
            lastFeature = int(p) + 1;
            if (firstFeature == lastFeature)
                compact.push_back({ tr("Features, one page each by cost (pages %1–%2)"), int(p) + 1 });
        } else {
            compact.push_back({ title, int(p) + 1 });
        }
    }
    if (!compact.empty() && firstFeature)
        for (Entry& e : compact)
            if (e.page == firstFeature)
                e.title = e.title.arg(firstFeature).arg(lastFeature);
    const double lineH = 4.2;
    const std::vector<Entry>& shown = y + 8 + lineH * double(entries.size()) < bodyBottom() ? entries : compact;
    if (y + 8 + lineH * double(shown.size()) < bodyBottom()) {
        y += c.heading(kMarginX, y, w, tr("Contents"));
        for (const Entry& e : shown) {
            c.line(kMarginX, y, w - 14, e.title, c.body());
            c.line(kMarginX + w - 14, y, 14, QString::number(e.page), c.body(), inkColour(), Qt::AlignRight);
            y += lineH;
        }
    }
}

void FeatureReportWriter::Impl::drawOverview()
{
    ReportCanvas& c = *canvas;
    const double w = bodyWidth();
    double y = kBodyTop;
    y += c.heading(kMarginX, y, w, tr("Cost, units and cost per unit over the period"));
    const std::vector<QDate> dates = bucketDates(data.series);
    const bool weekly = data.series.filter.bucket == Bucket::Week;
    const QString per = weekly ? tr("week") : tr("day");

    // Cost by feature, the largest seven and the rest together.
    TimeChart cost;
    cost.title = tr("Cost per %1 by feature").arg(per);
    cost.buckets = dates;
    cost.weekly = weekly;
    cost.moneyPrefix = currencyPrefix.trimmed();
    cost.emptyText = tr("No cost in the period");
    const size_t kShown = 7;
    ChartSeries other { tr("other features"), otherColour(), {} };
    for (size_t i = 0; i < data.series.series.size(); ++i) {
        const Series& s = data.series.series[i];
        if (i < kShown) {
            ChartSeries cs { qs(s.key), featureColour(s.key), {} };
            for (const SeriesPoint& p : s.points)
                cs.values.push_back(double(p.cost) / 1e9);
            cost.series.push_back(std::move(cs));
        } else {
            other.values.resize(s.points.size(), 0.0);
            for (size_t b = 0; b < s.points.size(); ++b)
                other.values[b] = other.values[b].value_or(0) + double(s.points[b].cost) / 1e9;
        }
    }
    if (!other.values.empty())
        cost.series.push_back(std::move(other));
    drawStackedChart(c, QRectF(kMarginX, y, w, 70), cost);
    y += 74;

    // Blended cost per unit, and the volumes behind it.
    TimeChart cpu;
    cpu.title = tr("Cost per unit per %1, all features in the report").arg(per);
    cpu.buckets = dates;
    cpu.weekly = weekly;
    cpu.moneyPrefix = cost.moneyPrefix;
    cpu.emptyText = tr("No units of work recorded: the cost per unit is unknown");
    ChartSeries cpuLine { tr("cost per unit"), accentColour(), {} };
    for (const SeriesPoint& p : data.series.total.points) {
        const auto v = p.costPerUnit();
        cpuLine.values.push_back(v ? std::optional<double>(double(*v) / 1e9) : std::nullopt);
    }
    cpu.series.push_back(std::move(cpuLine));
    TimeChart volume;
    volume.title = tr("Requests and units of work per %1").arg(per);
    volume.buckets = dates;
    volume.weekly = weekly;
    volume.format = AxisFormat::Count;
    volume.emptyText = tr("No requests in the period");
    ChartSeries req { tr("requests"), seriesColour(0), {} }, units { tr("units of work"), seriesColour(2), {} };
    for (const SeriesPoint& p : data.series.total.points) {
        req.values.push_back(double(p.requests));
        units.values.push_back(p.units ? std::optional<double>(double(*p.units)) : std::nullopt);
    }
    volume.series = { std::move(req), std::move(units) };
    const double half = (w - 6) / 2;
    drawLineChart(c, QRectF(kMarginX, y, half, 56), cpu);
    drawLineChart(c, QRectF(kMarginX + half + 6, y, half, 56), volume);
    y += 61;

    // Where the money goes against where the work is done.
    BarChart share;
    share.title = tr("Share of the cost and of the units of work, by feature");
    share.seriesNames = { tr("share of cost"), tr("share of units of work") };
    share.colours = { seriesColour(0), seriesColour(2) };
    const SummaryRow& t = data.summary.total;
    const size_t groups = std::min<size_t>(12, data.summary.rows.size());
    for (size_t i = 0; i < groups; ++i) {
        const SummaryRow& r = data.summary.rows[i];
        BarGroup g;
        g.label = qs(r.key);
        const std::optional<double> costShare
            = t.cost > 0 ? std::optional<double>(100.0 * double(r.cost) / double(t.cost)) : std::nullopt;
        const std::optional<double> unitShare = t.units && *t.units > 0 && r.units
            ? std::optional<double>(100.0 * double(*r.units) / double(*t.units))
            : std::nullopt;
        g.values = { costShare, unitShare };
        g.valueLabels = { costShare ? fixed(*costShare, 1) + QLatin1Char('%') : unknown(),
                          unitShare ? fixed(*unitShare, 1) + QLatin1Char('%') : unknown() };
        share.groups.push_back(std::move(g));
    }
    const double h = std::min(bodyBottom() - y, 16.0 + 7.5 * double(groups));
    drawBarChart(c, QRectF(kMarginX, y, w, h), share);
    if (data.summary.rows.size() > groups)
        c.text(kMarginX, y + h + 1, w,
               tr("The %1 smaller features are in the feature table.").arg(data.summary.rows.size() - groups),
               c.small(), mutedColour());
}

void FeatureReportWriter::Impl::drawFeatureTable(const PagePlan& page)
{
    ReportCanvas& c = *canvas;
    const double w = bodyWidth();
    double y = kBodyTop;
    const SummaryRow& t = data.summary.total;
    const bool prev = data.hasPrevious();
    auto nameCell = [&](const SummaryRow& r) {
        TableCell n(qs(r.key));
        n.swatch = featureColour(r.key);
        return n;
    };
    auto changeCell = [&](Figure f, const SummaryRow& r, const SummaryRow* before) {
        const Change ch = changeOf(f, r, before);
        return ch.text.isEmpty() ? TableCell(unknown(), mutedColour()) : TableCell(ch.text, ch.colour);
    };
    const bool continued = page.first > 0;
    y += c.heading(kMarginX, y, w, continued ? tr("Cost and units (continued)") : tr("Cost and units"));
    std::vector<TableColumn> a = { { tr("Feature"), 3.0 },
                                   { tr("Cost"), 1.5, Qt::AlignRight },
                                   { tr("Share"), 0.95, Qt::AlignRight },
                                   { tr("Change"), 1.25, Qt::AlignRight },
                                   { tr("Units"), 1.1, Qt::AlignRight },
                                   { tr("Cost / unit"), 1.4, Qt::AlignRight },
                                   { tr("Change"), 1.25, Qt::AlignRight },
                                   { tr("Requests"), 1.15, Qt::AlignRight } };
    std::vector<TableRow> rows;
    for (size_t i = page.first; i < page.last; ++i) {
        const SummaryRow& r = data.summary.rows[i];
        const SummaryRow* before = previousOf(r.key);
        rows.push_back({ nameCell(r), cell(r, Col::Cost), shareOf(r.cost, t.cost), changeCell(Figure::Cost, r, before),
                         cell(r, Col::Units), cell(r, Col::CostPerUnit), changeCell(Figure::CostPerUnit, r, before),
                         cell(r, Col::Requests) });
    }
    const SummaryRow* totalBefore = prev ? &data.previous.total : nullptr;
    rows.push_back({ TableCell(tr("Total")), cell(t, Col::Cost), shareOf(t.cost, t.cost),
                     changeCell(Figure::Cost, t, totalBefore), cell(t, Col::Units), cell(t, Col::CostPerUnit),
                     changeCell(Figure::CostPerUnit, t, totalBefore), cell(t, Col::Requests) });
    y += c.table(kMarginX, y, w, a, rows, true) + 6;

    y += c.heading(kMarginX, y, w, tr("Latency, accuracy, cache and data quality"));
    std::vector<TableColumn> b = { { tr("Feature"), 3.0 },
                                   { tr("p50 ms"), 1.05, Qt::AlignRight },
                                   { tr("p95 ms"), 1.05, Qt::AlignRight },
                                   { tr("p99 ms"), 1.05, Qt::AlignRight },
                                   { tr("Accuracy"), 1.05, Qt::AlignRight },
                                   { tr("Cache hit"), 1.05, Qt::AlignRight },
                                   { tr("Errors"), 1.0, Qt::AlignRight },
                                   { tr("Error rate"), 1.05, Qt::AlignRight },
                                   { tr("Unpriced"), 1.0, Qt::AlignRight } };
    rows.clear();
    auto perfRow = [&](const SummaryRow& r, TableCell name) {
        return TableRow { std::move(name),
                          cell(r, Col::LatencyP50),
                          cell(r, Col::LatencyP95),
                          p99(r),
                          cell(r, Col::Accuracy),
                          cell(r, Col::CacheHitRate),
                          cell(r, Col::Errors),
                          shareOf(r.errors, r.requests),
                          r.unpricedRequests > 0 ? TableCell(cell(r, Col::Unpriced), worseColour(), true)
                                                 : TableCell(cell(r, Col::Unpriced)) };
    };
    for (size_t i = page.first; i < page.last; ++i)
        rows.push_back(perfRow(data.summary.rows[i], nameCell(data.summary.rows[i])));
    rows.push_back(perfRow(t, TableCell(tr("Total"))));
    y += c.table(kMarginX, y, w, b, rows, true) + 4;

    QString notes = tr("Figures are those of `inferledger summary` for the same period and features. “%1” is "
                       "unknowable (no units, latencies, eval scores or cache lookups), never zero. ")
                        .arg(unknown());
    notes += prev ? tr("Changes compare with %1 (UTC).").arg(periodDays(data.previousFromMs, data.previousToMs))
                  : tr("No data in the previous %1 days, so no changes are shown.")
                        .arg(daysIn(data.previousFromMs, data.previousToMs));
    y += c.text(kMarginX, y, w, notes, c.small(), mutedColour()) + 6;

    // Cost per unit side by side, this period against the previous one, where the last page has room.
    const double perGroup = prev ? 8.0 : 5.5;
    const size_t groups = std::min(data.summary.rows.size(), size_t(std::max(0.0, (bodyBottom() - y - 16) / perGroup)));
    if (page.last == data.summary.rows.size() && groups >= std::min<size_t>(3, data.summary.rows.size())
        && groups > 0) {
        BarChart bars;
        bars.title = groups < data.summary.rows.size()
            ? tr("Cost per unit by feature (the %1 largest by cost)").arg(groups)
            : tr("Cost per unit by feature");
        bars.format = AxisFormat::Money;
        bars.moneyPrefix = currencyPrefix.trimmed();
        bars.seriesNames = { tr("this period") };
        bars.colours = { accentColour() };
        if (prev) {
            bars.seriesNames.push_back(tr("previous period"));
            bars.colours.push_back(QColor(0xa8, 0xb8, 0xc8));
        }
        for (size_t i = 0; i < groups; ++i) {
            const SummaryRow& r = data.summary.rows[i];
            BarGroup g;
            g.label = qs(r.key);
            auto add = [&](const SummaryRow* row) {
                const auto cpu = row ? row->costPerUnit() : std::nullopt;
                g.values.push_back(cpu ? std::optional<double>(double(*cpu) / 1e9) : std::nullopt);
                g.valueLabels.push_back(row ? cell(*row, Col::CostPerUnit) : unknown());
            };
            add(&r);
            if (prev)
                add(previousOf(r.key));
            bars.groups.push_back(std::move(g));
        }
        drawBarChart(c, QRectF(kMarginX, y, w, 14 + perGroup * double(groups)), bars);
    }
}

void FeatureReportWriter::Impl::drawFeature(const PagePlan& page)
{
    ReportCanvas& c = *canvas;
    const ReportFeature& f = data.features[size_t(page.index)];
    const SummaryRow& r = f.row;
    const SummaryRow& t = data.summary.total;
    const double w = bodyWidth();
    double y = kBodyTop;
    const QColor colour = featureColour(r.key);
    c.painter().setPen(Qt::NoPen);
    c.painter().setBrush(colour);
    c.painter().drawRect(c.rectMm(kMarginX, y + 1.2, 3, 6));
    c.painter().setBrush(Qt::NoBrush);
    y += c.text(kMarginX + 5, y, w - 5, qs(r.key), c.h1(), inkColour());
    QString sub = tr("#%1 of %2 features by cost · %3 of the cost · %4 of the units of work · %5 requests, %6 errors")
                      .arg(page.index + 1)
                      .arg(data.features.size())
                      .arg(shareOf(r.cost, t.cost), t.units && r.units ? shareOf(*r.units, *t.units) : unknown(),
                           cell(r, Col::Requests), cell(r, Col::Errors));
    if (r.key == kUnattributed)
        sub += tr(" · requests and outcomes no attribution rule assigned to a feature");
    y += c.text(kMarginX + 5, y + 0.5, w - 5, sub, c.small(), mutedColour()) + 3;
    y += drawTiles(y, r, f.previous ? &*f.previous : nullptr) + 3;

    if (f.gate) {
        const GateTrackingRow& g = *f.gate;
        const QString prefix = g.currency == "USD" ? QStringLiteral("$") : qs(g.currency) + QLatin1Char(' ');
        auto uc = [&](std::optional<int64_t> v) { return v ? prefix + qs(formatUnitCost(*v)) : unknown(); };
        QString line
            = tr("Cost gate v%1 (%2), launched %3: estimate %4 per unit, threshold %5; actual in the period %6 — %7")
                  .arg(g.version)
                  .arg(qs(gateDecisionLabel(parseGateDecision(g.decision).value_or(GateDecisionKind::Pending))),
                       isoDate(g.launchMs), uc(g.estimateP50), uc(g.threshold), uc(g.actual),
                       g.overThreshold      ? tr("OVER THE THRESHOLD")
                           : g.everBreached ? tr("within the threshold over the period, one month over")
                           : g.actual       ? tr("within the threshold")
                                            : qs(g.note.empty() ? std::string("no units yet") : g.note));
        y += c.text(kMarginX, y, w, line, c.font(8.2, g.overThreshold), g.overThreshold ? breachColour() : inkColour())
            + 3;
    }

    // The model mix table goes at the bottom with as many models as fit beside the charts' minimum height; the
    // charts grow into what is left.
    const Summary& m = f.models;
    const double rh = c.tableRowHeight();
    constexpr double kMixMin = 54, kSmallMin = 46, kGaps = 4 + 4 + 2, kHeading = 7.5;
    const double fitRows = std::floor((bodyBottom() - y - kMixMin - kSmallMin - kGaps - kHeading) / rh) - 2;
    const size_t fit = fitRows < 1 ? 1 : size_t(fitRows);
    const size_t shown = m.rows.size() <= std::max<size_t>(fit, 1) ? m.rows.size() : std::max<size_t>(fit, 2) - 1;
    const size_t tableRows = shown + (shown < m.rows.size() ? 1 : 0) + 2;
    const double extra
        = std::max(0.0, bodyBottom() - y - kMixMin - kSmallMin - kGaps - kHeading - rh * double(tableRows) - 2);
    const double mixH = kMixMin + std::min(extra * 0.5, 26.0), smallH = kSmallMin + std::min(extra * 0.5, 18.0);

    // Cost by model over time: the model mix.
    const std::vector<QDate> dates = bucketDates(f.modelSeries);
    const bool weekly = data.series.filter.bucket == Bucket::Week;
    const QString per = weekly ? tr("week") : tr("day");
    auto modelColour = [&](const std::string& model) {
        for (size_t i = 0; i < f.models.rows.size(); ++i)
            if (f.models.rows[i].key == model)
                return i < 6 ? seriesColour(int(i)) : otherColour();
        return otherColour();
    };
    TimeChart mix;
    mix.title = tr("Cost per %1 by model").arg(per);
    mix.buckets = dates;
    mix.weekly = weekly;
    mix.moneyPrefix = currencyPrefix.trimmed();
    mix.emptyText = tr("No cost in the period");
    ChartSeries other { tr("other models"), otherColour(), {} };
    for (size_t i = 0; i < f.modelSeries.series.size(); ++i) {
        const Series& s = f.modelSeries.series[i];
        ChartSeries cs { qs(s.key), modelColour(s.key), {} };
        for (const SeriesPoint& p : s.points)
            cs.values.push_back(double(p.cost) / 1e9);
        if (i < 6) {
            mix.series.push_back(std::move(cs));
        } else {
            other.values.resize(cs.values.size(), 0.0);
            for (size_t b = 0; b < cs.values.size(); ++b)
                other.values[b] = other.values[b].value_or(0) + cs.values[b].value_or(0);
        }
    }
    if (!other.values.empty())
        mix.series.push_back(std::move(other));
    drawStackedChart(c, QRectF(kMarginX, y, w, mixH), mix);
    y += mixH + 4;

    // Cost per unit, latency and accuracy over time.
    const std::vector<QDate> days = bucketDates(data.series);
    TimeChart cpu, latency, accuracy;
    cpu.title = tr("Cost per unit per %1").arg(per);
    latency.title = tr("Latency per %1 (p50, p95)").arg(per);
    accuracy.title = tr("Accuracy per %1").arg(per);
    for (TimeChart* ch : { &cpu, &latency, &accuracy }) {
        ch->buckets = days;
        ch->weekly = weekly;
        ch->moneyPrefix = currencyPrefix.trimmed();
    }
    cpu.emptyText = tr("No units of work recorded");
    latency.emptyText = tr("No measured latencies");
    accuracy.emptyText = tr("No eval scores");
    latency.format = AxisFormat::Millis;
    accuracy.format = AxisFormat::Score;
    ChartSeries cpuLine { tr("cost per unit"), colour, {} }, p50 { tr("p50"), seriesColour(0), {} },
        p95 { tr("p95"), seriesColour(5), {}, true }, acc { tr("mean eval score"), seriesColour(2), {} };
    for (const SeriesPoint& p : f.daily.points) {
        const auto v = p.costPerUnit();
        cpuLine.values.push_back(v ? std::optional<double>(double(*v) / 1e9) : std::nullopt);
        p50.values.push_back(p.latencyP50);
        p95.values.push_back(p.latencyP95);
        acc.values.push_back(p.accuracy());
    }
    cpu.series.push_back(std::move(cpuLine));
    latency.series = { std::move(p50), std::move(p95) };
    accuracy.series.push_back(std::move(acc));
    const double third = (w - 10) / 3;
    drawLineChart(c, QRectF(kMarginX, y, third, smallH), cpu);
    drawLineChart(c, QRectF(kMarginX + third + 5, y, third, smallH), latency);
    drawLineChart(c, QRectF(kMarginX + 2 * (third + 5), y, third, smallH), accuracy);
    y += smallH + 4;

    // The model mix table, as many models as fit and the rest together.
    y += c.heading(kMarginX, y, w, tr("Model mix"));
    std::vector<TableColumn> cols = { { tr("Model"), 2.6 },
                                      { tr("Requests"), 1.05, Qt::AlignRight },
                                      { tr("Share"), 0.8, Qt::AlignRight },
                                      { tr("Cost"), 1.2, Qt::AlignRight },
                                      { tr("Share"), 0.8, Qt::AlignRight },
                                      { tr("p50 ms"), 0.95, Qt::AlignRight },
                                      { tr("p95 ms"), 0.95, Qt::AlignRight },
                                      { tr("Accuracy"), 0.95, Qt::AlignRight },
                                      { tr("Cache hit"), 0.95, Qt::AlignRight },
                                      { tr("Unpriced"), 0.9, Qt::AlignRight } };
    auto modelRow = [&](const SummaryRow& row, TableCell name) {
        return TableRow { std::move(name),
                          cell(row, Col::Requests),
                          shareOf(row.requests, m.total.requests),
                          cell(row, Col::Cost),
                          shareOf(row.cost, m.total.cost),
                          cell(row, Col::LatencyP50),
                          cell(row, Col::LatencyP95),
                          cell(row, Col::Accuracy),
                          cell(row, Col::CacheHitRate),
                          cell(row, Col::Unpriced) };
    };
    std::vector<TableRow> rows;
    for (size_t i = 0; i < shown; ++i) {
        TableCell name(qs(m.rows[i].key));
        name.swatch = modelColour(m.rows[i].key);
        rows.push_back(modelRow(m.rows[i], name));
    }
    if (shown < m.rows.size()) {
        SummaryRow rest;
        for (size_t i = shown; i < m.rows.size(); ++i)
            rest.add(m.rows[i]);
        TableCell name(tr("%1 other models").arg(m.rows.size() - shown));
        name.swatch = otherColour();
        rows.push_back(modelRow(rest, name));
    }
    rows.push_back(modelRow(m.total, TableCell(tr("All models"))));
    c.table(kMarginX, y, w, cols, rows, true);
}

double FeatureReportWriter::Impl::gateBlockHeight(int gate) const
{
    const double rh = canvas->tableRowHeight();
    if (gate < 0)
        return 8.0 + rh * double(data.gates.size() + 1) + 6.0;
    return 8.0 + 5.0 + rh * double(data.gates[size_t(gate)].periods.size() + 1) + 6.0;
}

double FeatureReportWriter::Impl::drawGateBlock(double y0, int gate)
{
    ReportCanvas& c = *canvas;
    const double w = bodyWidth();
    double y = y0;
    auto prefixOf = [](const std::string& currency) {
        return currency == "USD" ? QStringLiteral("$") : qs(currency) + QLatin1Char(' ');
    };
    if (gate < 0) {
        y += c.heading(kMarginX, y, w, tr("Gated features"));
        std::vector<TableColumn> cols = { { tr("Feature"), 2.4 },
                                          { tr("Gate"), 0.6, Qt::AlignRight },
                                          { tr("Decision"), 1.9 },
                                          { tr("Launched"), 1.2 },
                                          { tr("Estimate p50"), 1.25, Qt::AlignRight },
                                          { tr("Threshold"), 1.2, Qt::AlignRight },
                                          { tr("Actual"), 1.25, Qt::AlignRight },
                                          { tr("Status"), 1.5 } };
        std::vector<TableRow> rows;
        for (const GateTrackingRow& g : data.gates) {
            const QString prefix = prefixOf(g.currency);
            auto uc = [&](std::optional<int64_t> v) { return v ? prefix + qs(formatUnitCost(*v)) : unknown(); };
            TableCell status = g.overThreshold ? TableCell(tr("OVER THRESHOLD"), breachColour(), true)
                : g.everBreached               ? TableCell(tr("within (a month over)"), worseColour())
                : g.actual                     ? TableCell(tr("within threshold"), betterColour())
                                               : TableCell(tr("no units yet"), mutedColour());
            TableCell name(qs(g.feature));
            name.swatch = featureColour(g.feature);
            rows.push_back({ name, QString(QStringLiteral("v") + QString::number(g.version)),
                             qs(gateDecisionLabel(parseGateDecision(g.decision).value_or(GateDecisionKind::Pending))),
                             isoDate(g.launchMs), uc(g.estimateP50), uc(g.threshold), uc(g.actual), status });
        }
        y += c.table(kMarginX, y, w, cols, rows) + 6;
        return y - y0;
    }
    const GateTrackingRow& g = data.gates[size_t(gate)];
    const QString prefix = prefixOf(g.currency);
    auto uc = [&](std::optional<int64_t> v) { return v ? prefix + qs(formatUnitCost(*v)) : unknown(); };
    y += c.heading(kMarginX, y, w, tr("%1 — gate v%2, month by month").arg(qs(g.feature)).arg(g.version));
    y += c.text(kMarginX, y, w,
                tr("Threshold %1 per unit; estimate %2 (p50) and %3 (p95) for %4. Months in the calibration period "
                   "(the first three after launch) are marked “calibration”.")
                    .arg(uc(g.threshold), uc(g.estimateP50), uc(g.estimateP95),
                         g.model.empty() ? tr("the launch candidate") : qs(g.provider + "/" + g.model)),
                c.small(), mutedColour())
        + 1.5;
    std::vector<TableColumn> cols = { { tr("Month"), 2.4 },
                                      { tr("Requests"), 1.1, Qt::AlignRight },
                                      { tr("Cost"), 1.2, Qt::AlignRight },
                                      { tr("Units"), 1.0, Qt::AlignRight },
                                      { tr("Actual / unit"), 1.3, Qt::AlignRight },
                                      { tr("vs estimate"), 1.3, Qt::AlignRight },
                                      { tr("Status"), 1.6 } };
    std::vector<TableRow> rows;
    for (const GateTrackingPeriod& p : g.periods) {
        QString month = QLocale::c().toString(utcDateOfMs(p.fromMs), QStringLiteral("MMM yyyy"));
        if (p.partial)
            month += tr(" (partial)");
        if (p.calibration)
            month += tr(" · calibration");
        QString vs = unknown();
        if (p.vsEstimate)
            vs = (*p.vsEstimate > 0 ? QStringLiteral("+") : QString()) + prefix + qs(formatUnitCost(*p.vsEstimate));
        rows.push_back({ month, count(p.requests), QString(prefix + qs(formatMoney(p.cost))),
                         p.units ? count(*p.units) : unknown(), uc(p.actualCostPerUnit), vs,
                         p.breach                  ? TableCell(tr("OVER THRESHOLD"), breachColour(), true)
                             : p.actualCostPerUnit ? TableCell(tr("within"), betterColour())
                                                   : TableCell(tr("no units"), mutedColour()) });
    }
    y += c.table(kMarginX, y, w, cols, rows) + 6;
    return y - y0;
}

void FeatureReportWriter::Impl::drawGates(const PagePlan& page)
{
    ReportCanvas& c = *canvas;
    const double w = bodyWidth();
    double y = kBodyTop;
    if (page.first == 0) {
        y += c.heading(kMarginX, y, w, tr("Cost gates and breaches"));
        y += c.text(kMarginX, y, w,
                    tr("Each feature's newest recorded gate, tracked within the period (%1, from its launch day "
                       "where that is later): the actual cost per unit is the cost ÷ the units of work, as in the "
                       "feature table, over the period and month by month, held against the gate's threshold. A "
                       "breach is an actual over the threshold. All of a feature's traffic counts: units of work "
                       "are not attributed to a model.")
                        .arg(periodDays(data.request.fromMs, data.request.toMs)),
                    c.body(), inkColour())
            + 4;
        if (!data.gatesError.empty()) {
            c.text(kMarginX, y, w, tr("The recorded gates could not be read: %1").arg(qs(data.gatesError)), c.body(),
                   breachColour());
            return;
        }
        if (data.gates.empty()) {
            c.text(kMarginX, y, w,
                   tr("No gates recorded for the features in this report. A gate is recorded with the cost-gate "
                      "wizard or `inferledger gate evaluate SPEC.json --record`."),
                   c.body(), mutedColour());
            return;
        }
    }
    for (size_t b = page.first; b < page.last; ++b)
        y += drawGateBlock(y, gateBlocks[b].gate);
    if (page.last == gateBlocks.size()) {
        bool any = false;
        for (const GateTrackingRow& g : data.gates)
            any = any || g.everBreached || g.overThreshold;
        if (!any)
            c.text(kMarginX, y, w, tr("No gate has been breached: every tracked month is within its threshold."),
                   c.body(), betterColour());
    }
}

void FeatureReportWriter::Impl::drawMethodology()
{
    ReportCanvas& c = *canvas;
    const double w = bodyWidth();
    double y = kBodyTop;
    const SummaryRow& t = data.summary.total;
    y += c.heading(kMarginX, y, w, tr("How the figures are computed"));
    int64_t unattributed = 0;
    for (const SummaryRow& r : data.summary.rows)
        if (r.key == kUnattributed)
            unattributed = r.cost;
    const std::vector<std::pair<QString, QString>> paragraphs = {
        {tr("Period and time zone."),
         tr("%1 inclusive, %2 whole days in UTC, summed from the daily rollups. Changes compare with the %3 days "
            "just before (%4). Charts are per %5 (UTC%6).")
             .arg(periodDays(data.request.fromMs, data.request.toMs))
             .arg(daysIn(data.request.fromMs, data.request.toMs))
             .arg(daysIn(data.previousFromMs, data.previousToMs))
             .arg(periodDays(data.previousFromMs, data.previousToMs),
                  data.series.filter.bucket == Bucket::Week ? tr("week") : tr("day"),
                  data.series.filter.bucket == Bucket::Week ? tr(", weeks start on Monday") : QString())},
        {tr("Cost."),
         tr("Per request, the provider-reported cost where the source carries one, otherwise the estimate from the "
            "price catalogue entry in force at the request's time (input, cached input, cache writes, output and "
            "reasoning tokens; batch, priority, flex and long-context rates where they apply). Amounts are exact "
            "nano-units of the currency (%1), rounded only for display, to the cent. In this period %2 of %3 "
            "requests carried a provider-reported cost.")
             .arg(qs(data.request.currency), count(t.reportedRequests), count(t.requests))},
        {tr("Cost per unit."),
         tr("A unit of work is the outcome a feature exists for (a resolved ticket, a processed document), counted "
            "from outcome events. Cost per unit = the feature's cost in the period ÷ its units in the period, rounded "
            "half to even to the nano-unit and shown with 4 to 6 decimals. Without outcomes it is unknown (%1), "
            "never zero; a model has no units of its own, so the model mix shows no cost per unit.")
             .arg(unknown())},
        {tr("Latency percentiles."),
         tr("p50, p95 and p99 are merged from hourly log-bucket latency histograms (bucket ratio 1.02), so any "
            "percentile over any period and filter is within about 1% of the exact value; shown in whole "
            "milliseconds. Requests without a measured latency are left out.")},
        {tr("Accuracy."),
         tr("The mean eval score (0 to 1) of the requests that carry one: %1 of %2 requests in this period. "
            "Unknown without scores.")
             .arg(count(t.evalCount), count(t.requests))},
        {tr("Cache hit rate."),
         tr("Application response-cache hits ÷ lookups, over the requests that went through such a cache "
            "(%1 lookups in this period). Provider prompt caching shows in the cost (cached input tokens), not here.")
             .arg(count(t.cacheLookups))},
        {tr("Unpriced."),
         tr("Requests whose model has no catalogue price and no provider-reported cost are counted but their cost "
            "is missing from every figure: %1 in this period. Add the model's price (`inferledger prices import`).")
             .arg(count(t.unpricedRequests))},
        {tr("Unattributed."),
         tr("Requests and outcomes that no attribution rule assigned to a feature are reported as the feature "
            "“unattributed”, never dropped: %1 (%2 of the cost) in this period.")
             .arg(money(unattributed), shareOf(unattributed, t.cost))},
        {tr("Gates."),
         tr("The newest recorded version of each feature's cost gate; its estimate and threshold are the recorded "
            "ones, the actuals are computed as above per calendar month (UTC) from the launch day.")},
        {tr("Same numbers everywhere."),
         tr("The figures come from the analytics the dashboard and the command line use; "
            "`inferledger --db STORE summary --from %1 --to %2%3 --format json` reproduces the feature table.")
             .arg(isoDate(data.request.fromMs), isoDate(data.request.toMs - 1),
                  data.request.features.empty() ? QString()
                                                : [&] {
                                                      QString s;
                                                      for (const auto& f : data.request.features)
                                                          s += QStringLiteral(" --feature ") + qs(f);
                                                      return s;
                                                  }())},
    };
    for (const auto& [head, body] : paragraphs)
        y += c.richText(kMarginX, y, w,
                        QStringLiteral("<b>") + head.toHtmlEscaped() + QStringLiteral("</b> ") + body.toHtmlEscaped(),
                        c.body())
            + 1.6;
    y += 2;
    y += c.heading(kMarginX, y, w, tr("Price catalogue versions in the store"));
    std::vector<TableColumn> cols = { { tr("Catalogue"), 1.7 },
                                      { tr("Version"), 1.3 },
                                      { tr("Effective from"), 1.1 },
                                      { tr("Prices"), 0.7, Qt::AlignRight },
                                      { tr("In force for this period's models"), 3.6, Qt::AlignLeft, true } };
    std::vector<TableRow> rows;
    // As many versions as fit, newest first.
    size_t shown = 0;
    for (size_t i = 0; i < data.catalogues.size(); ++i) {
        const ReportCatalogueVersion& v = data.catalogues[i];
        QStringList models;
        for (const auto& m : v.modelsInForce)
            models << qs(m);
        QString inForce = models.isEmpty() ? tr("—") : models.join(QStringLiteral(", "));
        rows.push_back({ qs(v.catalogue), qs(v.version), isoDate(v.firstEffectiveMs), count(v.entries),
                         TableCell(inForce, models.isEmpty() ? mutedColour() : inkColour()) });
        if (y + c.tableHeight(w, cols, rows) + 12 > bodyBottom()) {
            rows.pop_back();
            break;
        }
        ++shown;
    }
    y += c.table(kMarginX, y, w, cols, rows) + 2;
    if (shown < data.catalogues.size())
        y += c.text(kMarginX, y, w,
                    tr("%1 older versions are not listed (`inferledger prices show MODEL` lists every dated price).")
                        .arg(data.catalogues.size() - shown),
                    c.small(), mutedColour());
    c.text(kMarginX, y, w,
           tr("A version is in force for a model when it supplied the price at the start of the period or one taking "
              "effect within it; each stored request keeps the id of the price it was costed with."),
           c.small(), mutedColour());
}

FeatureReportWriter::FeatureReportWriter(const ReportData& data, ReportOptions options)
    : m(std::make_unique<Impl>(data, std::move(options)))
{
}

FeatureReportWriter::~FeatureReportWriter()
{
    cancel();
}

Result<void> FeatureReportWriter::begin(const QString& path)
{
    if (auto ok = checkReportPath(path); !ok)
        return ok;
    m->path = path;
    m->file = std::make_unique<QSaveFile>(path);
    if (!m->file->open(QIODevice::WriteOnly)) {
        Error e;
        e.source = path.toStdString();
        e.message = "cannot write the report: " + m->file->errorString().toStdString();
        e.hint = "Choose a writable folder and a file name ending in .pdf";
        m->file.reset();
        return e;
    }
    m->writer = std::make_unique<QPdfWriter>(m->file.get());
    const QPageSize size(m->options.pageSize == ReportPageSize::Letter ? QPageSize::Letter : QPageSize::A4);
    m->writer->setPageSize(size);
    m->writer->setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
    m->writer->setResolution(600);
    m->writer->setCreator(QStringLiteral("InferLedger " INFERLEDGER_VERSION));
    m->writer->setTitle(
        tr("Feature economics report %1").arg(periodDays(m->data.request.fromMs, m->data.request.toMs)));
    const QSizeF mm = size.size(QPageSize::Millimeter);
    m->pageW = mm.width();
    m->pageH = mm.height();
    m->painter = std::make_unique<QPainter>();
    if (!m->painter->begin(m->writer.get())) {
        cancel();
        return makeError("cannot start the PDF: " + path.toStdString(), "Check the path and try again");
    }
    m->painter->setRenderHint(QPainter::Antialiasing);
    m->canvas = std::make_unique<ReportCanvas>(*m->painter, m->writer->resolution(), m->pageW, m->pageH);
    m->currencyPrefix
        = m->data.request.currency == "USD" ? QStringLiteral("$") : qs(m->data.request.currency) + QLatin1Char(' ');
    const QString store = m->options.storeLabel.isEmpty()
        ? QDir::toNativeSeparators(QFileInfo(qs(m->data.request.storePath)).absoluteFilePath())
        : m->options.storeLabel;
    m->footerLeft = tr("Generated %1 UTC from %2")
                        .arg(QDateTime::fromMSecsSinceEpoch(m->data.request.generatedAtMs, QTimeZone::utc())
                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                             store);
    m->plan();
    m->done = 0;
    return {};
}

int FeatureReportWriter::pageCount() const
{
    return int(m->pages.size());
}

int FeatureReportWriter::pagesDone() const
{
    return m->done;
}

Result<void> FeatureReportWriter::renderNextPage()
{
    if (!m->painter)
        return makeError("the report is not started");
    if (done())
        return {};
    if (m->done > 0 && !m->writer->newPage())
        return makeError("cannot add a page to " + m->path.toStdString());
    const PagePlan& page = m->pages[size_t(m->done)];
    QPainter& p = *m->painter;
    p.save();
    switch (page.kind) {
    case PageKind::Cover:
        m->drawCover();
        break;
    case PageKind::Overview:
        m->drawOverview();
        break;
    case PageKind::FeatureTable:
        m->drawFeatureTable(page);
        break;
    case PageKind::Feature:
        m->drawFeature(page);
        break;
    case PageKind::Gates:
        m->drawGates(page);
        break;
    case PageKind::Methodology:
        m->drawMethodology();
        break;
    }
    p.restore();
    m->drawChrome(page, m->done + 1);
    ++m->done;
    return {};
}

Result<void> FeatureReportWriter::finish()
{
    if (!m->painter)
        return makeError("the report is not started");
    while (!done())
        if (auto r = renderNextPage(); !r)
            return r;
    m->painter->end();
    m->canvas.reset();
    m->painter.reset();
    m->writer.reset();
    if (!m->file->commit()) {
        Error e;
        e.source = m->path.toStdString();
        e.message = "cannot write the report: " + m->file->errorString().toStdString();
        e.hint = "Check the free space and the folder's permissions";
        m->file.reset();
        return e;
    }
    m->file.reset();
    return {};
}

void FeatureReportWriter::cancel()
{
    if (m->painter && m->painter->isActive())
        m->painter->end();
    m->canvas.reset();
    m->painter.reset();
    m->writer.reset();
    if (m->file)
        m->file->cancelWriting(); // QSaveFile then discards its temporary file: nothing is left behind
    m->file.reset();
}

Result<ReportStats> renderFeatureReport(const ReportData& data, const QString& path, const ReportOptions& options,
                                        const ReportProgressFn& progress)
{
    const auto started = std::chrono::steady_clock::now();
    FeatureReportWriter writer(data, options);
    if (auto r = writer.begin(path); !r)
        return r.error();
    while (!writer.done()) {
        if (auto r = writer.renderNextPage(); !r) {
            writer.cancel();
            return r.error();
        }
        if (progress && !progress(writer.pagesDone(), writer.pageCount())) {
            writer.cancel();
            return makeError("the report was cancelled; no file was written");
        }
    }
    const int pages = writer.pageCount();
    if (auto r = writer.finish(); !r)
        return r.error();
    ReportStats stats;
    stats.pages = pages;
    stats.loadSeconds = data.loadSeconds;
    stats.renderSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    stats.bytes = QFileInfo(path).size();
    return stats;
}

} // namespace il::ui
