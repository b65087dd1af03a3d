// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/GateSignoffPdf.h"

#include "domain/Time.h"
#include "gate/GateVerdictStyle.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <functional>
#include <memory>

namespace il::ui {

using nlohmann::json;

namespace {

    QString qs(const std::string& s)
    {
        return QString::fromStdString(s);
    }

    // A string figure from the JSON, or the placeholder for an unknowable one.
    QString fig(const json& j, std::initializer_list<const char*> path, const QString& unknown = QStringLiteral("—"))
    {
        const json* cur = &j;
        for (const char* k : path) {
            if (!cur->is_object() || !cur->contains(k))
                return unknown;
            cur = &(*cur)[k];
        }
        if (cur->is_string())
            return qs(cur->get<std::string>());
        if (cur->is_number_integer())
            return QString::number(cur->get<long long>());
        if (cur->is_number())
            return qs(cur->dump());
        if (cur->is_boolean())
            return cur->get<bool>() ? QStringLiteral("yes") : QStringLiteral("no");
        return unknown;
    }

    struct Column {
        QString title;
        double width; // share of the content width
        Qt::Alignment align = Qt::AlignLeft;
    };

    struct Cell {
        Cell(QString t)
            : text(std::move(t))
        {
        } // NOLINT: implicit, so that rows read as lists of strings
        Cell(QString t, QColor bg, QColor fg, bool b = false)
            : text(std::move(t))
            , background(std::move(bg))
            , foreground(std::move(fg))
            , bold(b)
        {
        }
        QString text;
        QColor background; // invalid: none
        QColor foreground; // invalid: text colour
        bool bold = false;
    };

    // Lays the sheet out top to bottom. A dry run (no painter) measures and counts pages; the real run draws.
    class Sheet {
    public:
        Sheet(QPdfWriter& device, QPainter* painter, int maxPages, QString footer)
            : m_device(device)
            , m_painter(painter)
            , m_maxPages(maxPages)
            , m_footer(std::move(footer))
        {
            m_width = device.width();
            m_bottom = device.height() - footerHeight();
            m_body.setFamily(QStringLiteral("DejaVu Sans"));
            m_body.setPointSizeF(8.5);
            m_small = m_body;
            m_small.setPointSizeF(7.2);
            m_bold = m_body;
            m_bold.setBold(true);
            m_h1 = m_body;
            m_h1.setPointSizeF(15);
            m_h1.setBold(true);
            m_h2 = m_body;
            m_h2.setPointSizeF(10.5);
            m_h2.setBold(true);
            m_table.setFamily(QStringLiteral("DejaVu Sans Condensed"));
            m_table.setPointSizeF(8);
            m_mono.setFamily(QStringLiteral("DejaVu Sans Mono"));
            m_mono.setPointSizeF(7.6);
        }

        const QFont& body() const { return m_body; }
        const QFont& small() const { return m_small; }
        const QFont& bold() const { return m_bold; }
        const QFont& h1() const { return m_h1; }
        const QFont& h2() const { return m_h2; }
        const QFont& mono() const { return m_mono; }
        double width() const { return m_width; }
        double mm(double v) const { return v * m_device.resolution() / 25.4; }
        int pages() const { return m_page; }
        bool truncated() const { return m_truncated; }
        void setTotalPages(int n) { m_total = n; }

        double measure(const QString& text, const QFont& font, double width, int flags = Qt::TextWordWrap) const
        {
            const QFontMetricsF fm(font, &m_device);
            return fm.boundingRect(QRectF(0, 0, width, 1e6), flags, text).height();
        }

        // Room for `h` on this page, else a new page; false once the page budget is spent (the rest is cut).
        bool ensure(double h)
        {
            if (m_truncated)
                return false;
            if (m_y + h <= m_bottom)
                return true;
            if (m_page >= m_maxPages) {
                cut();
                return false;
            }
            newPage();
            return true;
        }

        void text(const QString& t, const QFont& font, const QColor& colour = QColor(0x20, 0x20, 0x20),
                  double indent = 0)
        {
            const double h = measure(t, font, m_width - indent);
            if (!ensure(h))
                return;
            if (m_painter) {
                m_painter->setFont(font);
                m_painter->setPen(colour);
                m_painter->drawText(QRectF(indent, m_y, m_width - indent, h), Qt::TextWordWrap, t);
            }
            m_y += h;
        }

        void gap(double millimetres) { m_y += mm(millimetres); }

        void heading(const QString& t)
        {
            // Keep a heading with at least a few lines of what follows.
            if (!ensure(measure(t, m_h2, m_width) + mm(14)))
                return;
            gap(2.2);
            text(t, m_h2, QColor(0x10, 0x2a, 0x43));
            rule(QColor(0x10, 0x2a, 0x43), 0.25);
            gap(1.2);
        }

        void rule(const QColor& colour, double widthMm)
        {
            if (m_truncated)
                return;
            if (m_painter) {
                m_painter->setPen(QPen(colour, mm(widthMm)));
                m_painter->drawLine(QPointF(0, m_y + mm(0.4)), QPointF(m_width, m_y + mm(0.4)));
            }
            m_y += mm(0.9);
        }

        // Label/value pairs in `columns` columns.
        void grid(const std::vector<std::pair<QString, QString>>& items, int columns, double labelShare = 0.5)
        {
            const double colW = m_width / columns, labelW = colW * labelShare, pad = mm(0.6);
            for (size_t i = 0; i < items.size(); i += size_t(columns)) {
                double h = 0;
                for (size_t k = i; k < std::min(items.size(), i + size_t(columns)); ++k)
                    h = std::max({ h, measure(items[k].first, m_small, labelW - pad),
                                   measure(items[k].second, m_body, colW - labelW - pad) });
                h += pad * 2;
                if (!ensure(h))
                    return;
                if (m_painter)
                    for (size_t k = i; k < std::min(items.size(), i + size_t(columns)); ++k) {
                        const double x = colW * double(k - i);
                        m_painter->setFont(m_small);
                        m_painter->setPen(QColor(0x5a, 0x5a, 0x5a));
                        m_painter->drawText(QRectF(x, m_y + pad + mm(0.3), labelW - pad, h), Qt::TextWordWrap,
                                            items[k].first);
                        m_painter->setFont(m_body);
                        m_painter->setPen(QColor(0x20, 0x20, 0x20));
                        m_painter->drawText(QRectF(x + labelW, m_y + pad, colW - labelW - pad, h), Qt::TextWordWrap,
                                            items[k].second);
                    }
                m_y += h;
            }
        }

        // A figure is never wrapped or cut: its font shrinks until it fits the column.
        QFont fitted(const QString& text, const QFont& font, double width) const
        {
            QFont f = font;
            while (f.pointSizeF() > 5.0 && QFontMetricsF(f, &m_device).horizontalAdvance(text) > width)
                f.setPointSizeF(f.pointSizeF() - 0.25);
            return f;
        }

        void table(const std::vector<Column>& cols, const std::vector<std::vector<Cell>>& rows)
        {
            const double pad = mm(0.9);
            auto cellFont = [&](const Cell& cell, const Column& col, const QFont& font, bool header) {
                const QFont base = cell.bold ? m_bold : font;
                if (header) {
                    // Headers wrap between words; the longest word must still fit.
                    QString longest;
                    for (const QString& w : cell.text.split(QLatin1Char(' ')))
                        if (w.size() > longest.size())
                            longest = w;
                    return fitted(longest, base, col.width * m_width - 2 * pad);
                }
                if (!(col.align & Qt::AlignRight))
                    return base;
                return fitted(cell.text, base, col.width * m_width - 2 * pad);
            };
            auto cellFlags = [&](const Column& col, bool header) {
                return int(col.align | Qt::AlignTop)
                    | (header || !(col.align & Qt::AlignRight) ? int(Qt::TextWordWrap) : 0);
            };
            auto rowHeight = [&](const std::vector<Cell>& row, const QFont& font, bool header = false) {
                double h = 0;
                for (size_t c = 0; c < cols.size() && c < row.size(); ++c)
                    h = std::max(h,
                                 measure(row[c].text, cellFont(row[c], cols[c], font, header),
                                         cols[c].width * m_width - 2 * pad, cellFlags(cols[c], header)));
                return h + 2 * pad;
            };
            auto drawRow = [&](const std::vector<Cell>& row, const QFont& font, const QColor& band, bool header) {
                const double h = rowHeight(row, font, header);
                if (!ensure(h))
                    return false;
                if (m_painter) {
                    double x = 0;
                    if (band.isValid())
                        m_painter->fillRect(QRectF(0, m_y, m_width, h), band);
                    for (size_t c = 0; c < cols.size() && c < row.size(); ++c) {
                        const double w = cols[c].width * m_width;
                        if (row[c].background.isValid())
                            m_painter->fillRect(QRectF(x, m_y, w, h), row[c].background);
                        m_painter->setFont(cellFont(row[c], cols[c], font, header));
                        m_painter->setPen(row[c].foreground.isValid() ? row[c].foreground : QColor(0x20, 0x20, 0x20));
                        m_painter->drawText(QRectF(x + pad, m_y + pad, w - 2 * pad, h - 2 * pad),
                                            cellFlags(cols[c], header), row[c].text);
                        x += w;
                    }
                    m_painter->setPen(QPen(QColor(0xc8, 0xcd, 0xd2), mm(header ? 0.3 : 0.15)));
                    m_painter->drawLine(QPointF(0, m_y + h), QPointF(m_width, m_y + h));
                }
                m_y += h;
                return true;
            };
            std::vector<Cell> header;
            for (const Column& c : cols)
                header.push_back({ c.title, {}, QColor(0x33, 0x3d, 0x47), true });
            // A header alone at the foot of a page is moved with its first row.
            if (!rows.empty() && !ensure(rowHeight(header, m_small, true) + rowHeight(rows.front(), m_table)))
                return;
            if (!drawRow(header, m_small, QColor(0xee, 0xf1, 0xf4), true))
                return;
            for (const auto& r : rows)
                if (!drawRow(r, m_table, {}, false))
                    return;
        }

        // A framed box with coloured border and fill, holding lines of text.
        void box(const std::vector<std::pair<QString, QFont>>& lines, const QColor& fill, const QColor& border)
        {
            const double pad = mm(2.2);
            double h = pad * 2;
            for (const auto& [t, f] : lines)
                h += measure(t, f, m_width - 2 * pad);
            if (!ensure(h))
                return;
            if (m_painter) {
                m_painter->setPen(QPen(border, mm(0.5)));
                m_painter->setBrush(fill);
                m_painter->drawRoundedRect(QRectF(0, m_y, m_width, h), mm(1.2), mm(1.2));
                m_painter->setBrush(Qt::NoBrush);
                double y = m_y + pad;
                for (const auto& [t, f] : lines) {
                    const double lh = measure(t, f, m_width - 2 * pad);
                    m_painter->setFont(f);
                    m_painter->setPen(QColor(0x1a, 0x1a, 0x1a));
                    m_painter->drawText(QRectF(pad, y, m_width - 2 * pad, lh), Qt::TextWordWrap, t);
                    y += lh;
                }
            }
            m_y += h;
        }

        void finish() { drawFooter(); }

    private:
        double footerHeight() const { return mm(9); }

        void newPage()
        {
            drawFooter();
            if (m_painter)
                m_device.newPage();
            ++m_page;
            m_y = 0;
        }

        void cut()
        {
            m_truncated = true;
            const QString note = QCoreApplication::translate(
                "il::ui::GateSignoffPdf",
                "Continued in the recorded result: `inferledger gate show ID` prints it in full.");
            if (m_painter) {
                m_painter->setFont(m_small);
                m_painter->setPen(QColor(0x80, 0x20, 0x20));
                m_painter->drawText(QRectF(0, m_bottom - measure(note, m_small, m_width), m_width, mm(6)),
                                    Qt::TextWordWrap, note);
            }
        }

        void drawFooter()
        {
            if (!m_painter || m_footerDrawn == m_page)
                return;
            m_footerDrawn = m_page;
            const double top = m_device.height() - footerHeight() + mm(3);
            m_painter->setPen(QPen(QColor(0xc8, 0xcd, 0xd2), mm(0.2)));
            m_painter->drawLine(QPointF(0, top), QPointF(m_width, top));
            m_painter->setFont(m_small);
            m_painter->setPen(QColor(0x5a, 0x5a, 0x5a));
            const QRectF r(0, top + mm(1), m_width, mm(5));
            m_painter->drawText(r, Qt::AlignLeft | Qt::AlignTop, m_footer);
            m_painter->drawText(r, Qt::AlignRight | Qt::AlignTop,
                                QCoreApplication::translate("il::ui::GateSignoffPdf", "Page %1 of %2")
                                    .arg(m_page)
                                    .arg(std::max(m_total, m_page)));
        }

        QPdfWriter& m_device;
        QPainter* m_painter;
        int m_maxPages;
        QString m_footer;
        double m_width = 0, m_bottom = 0, m_y = 0;
        int m_page = 1, m_total = 0, m_footerDrawn = 0;
        bool m_truncated = false;
        QFont m_body, m_small, m_bold, m_h1, m_h2, m_mono, m_table;
    };

    QString verdictWord(const std::string& v)
    {
        return verdictStyle(v).label;
    }

    QString candidateName(const json& c)
    {
        QString n = fig(c, { "provider" }) + QLatin1Char('/') + fig(c, { "model" });
        if (c.value("batch", false))
            n += QCoreApplication::translate("il::ui::GateSignoffPdf", " (batch)");
        return n;
    }

    void layout(Sheet& s, const GateRecord& rec)
    {
        auto tr = [](const char* t) { return QCoreApplication::translate("il::ui::GateSignoffPdf", t); };
        const json& spec = rec.spec;
        const json& res = rec.result;
        const QString currency = fig(spec, { "currency" }, QStringLiteral("USD"));

        s.text(tr("Cost gate sign-off — %1").arg(fig(spec, { "feature" })), s.h1(), QColor(0x10, 0x2a, 0x43));
        s.gap(0.8);
        s.text(tr("Unit of value: %1   ·   Evaluated on %2 (UTC)   ·   Prices: %3   ·   Money in %4")
                   .arg(fig(spec, { "unit" }), fig(res, { "evaluated_at" }), qs(rec.catalogueVersion), currency),
               s.small(), QColor(0x50, 0x50, 0x50));
        if (spec.contains("description"))
            s.text(fig(spec, { "description" }), s.small(), QColor(0x50, 0x50, 0x50));
        s.gap(2.5);

        // The decision first: it is what the sheet is for.
        {
            const std::string verdict = rec.verdict;
            const VerdictStyle vs = verdictStyle(
                rec.decision.kind == GateDecisionKind::Reject                      ? std::string("rejected")
                    : rec.decision.kind == GateDecisionKind::Pending               ? std::string("unknown")
                    : rec.decision.kind == GateDecisionKind::ApproveWithConditions ? std::string("flagged")
                                                                                   : std::string("pass"));
            const int chosen = rec.chosenIndex();
            const json& cands = res.contains("candidates") ? res["candidates"] : json::array();
            QString launch
                = chosen >= 0 && size_t(chosen) < cands.size() ? candidateName(cands[size_t(chosen)]) : tr("none");
            QFont big = s.h2();
            std::vector<std::pair<QString, QFont>> lines;
            lines.push_back({ tr("Decision: %1").arg(qs(gateDecisionLabel(rec.decision.kind))), big });
            lines.push_back({ tr("Overall verdict: %1 (exit code %2)   ·   Launch candidate: %3")
                                  .arg(verdictWord(verdict), fig(res, { "exit_code" }), launch),
                              s.body() });
            if (!rec.recorded())
                lines.push_back({ tr("DRAFT — this evaluation is not recorded and has no content hash."), s.bold() });
            s.box(lines, vs.background, vs.foreground);
        }

        s.heading(tr("Spec"));
        {
            auto months = [&](const char* key) {
                QStringList parts;
                const json& c
                    = res.contains("candidates") && !res["candidates"].empty() ? res["candidates"][0] : json();
                if (c.contains("months"))
                    for (const json& m : c["months"])
                        parts << qs(m.value(key, std::string("—")));
                return parts.join(QStringLiteral(" / "));
            };
            const json& t = spec.contains("thresholds") ? spec["thresholds"] : json();
            std::vector<std::pair<QString, QString>> items = {
                { tr("Units a month at launch"), fig(spec, { "units_per_month" }) },
                { tr("Monthly growth"), fig(spec, { "monthly_growth" }) },
                { tr("Units, months 1 / 2 / 3"), months("units") },
                { tr("Requests per unit"), fig(spec, { "requests_per_unit" }) },
                { tr("Retry rate"), fig(spec, { "retry_rate" }) },
                { tr("Cached share of input"), fig(spec, { "cached_input_share" }) },
                { tr("Input tokens p50 / p95"),
                  fig(spec, { "input_tokens", "p50" }) + QStringLiteral(" / ") + fig(spec, { "input_tokens", "p95" }) },
                { tr("Output tokens p50 / p95"),
                  fig(spec, { "output_tokens", "p50" }) + QStringLiteral(" / ")
                      + fig(spec, { "output_tokens", "p95" }) },
                { tr("Max cost per unit"), fig(t, { "max_cost_per_unit" }) },
                { tr("Monthly budget"), fig(t, { "monthly_budget" }, tr("not set")) },
                { tr("Max p95 latency (ms)"), fig(t, { "max_p95_latency_ms" }, tr("not set")) },
                { tr("Min accuracy"), fig(t, { "min_accuracy" }, tr("not set")) },
            };
            s.grid(items, 3);
            s.text(
                tr("Cost per unit = requests per unit × (1 + retry rate) × cost of one request; one request = input × "
                   "(1 − cached share) × input rate + input × cached share × cached input rate + output × output "
                   "rate, at p50 or p95 tokens (batch rates for a batch candidate). Rounded half to even to the "
                   "nano-unit once per figure. Months at the p50 cost per unit."),
                s.small(), QColor(0x5a, 0x5a, 0x5a));
        }

        s.heading(tr("Candidates (%1)").arg(currency));
        const json& cands = res.contains("candidates") ? res["candidates"] : json::array();
        {
            std::vector<Column> cols = { { tr("Candidate"), 0.18 },
                                         { tr("p50 / unit"), 0.10, Qt::AlignRight },
                                         { tr("p95 / unit"), 0.10, Qt::AlignRight },
                                         { tr("Month 1"), 0.085, Qt::AlignRight },
                                         { tr("Month 2"), 0.085, Qt::AlignRight },
                                         { tr("Month 3"), 0.09, Qt::AlignRight },
                                         { tr("3 months"), 0.10, Qt::AlignRight },
                                         { tr("p95 ms"), 0.07, Qt::AlignRight },
                                         { tr("Accuracy"), 0.085, Qt::AlignRight },
                                         { tr("Verdict"), 0.105 } };
            std::vector<std::vector<Cell>> rows;
            const int recommended = res.contains("recommended") && res["recommended"].is_object()
                ? res["recommended"].value("index", -1)
                : -1;
            for (size_t i = 0; i < cands.size(); ++i) {
                const json& c = cands[i];
                const std::string v = c.value("verdict", std::string());
                const VerdictStyle vs = verdictStyle(v);
                const json& months = c.contains("months") ? c["months"] : json::array();
                auto month
                    = [&](size_t m) { return m < months.size() ? fig(months[m], { "cost" }) : QStringLiteral("—"); };
                QString name = candidateName(c);
                if (int(i) == recommended)
                    name += tr("\n(recommended)");
                rows.push_back({ { name },
                                 { fig(c, { "cost_per_unit", "p50" }) },
                                 { fig(c, { "cost_per_unit", "p95" }) },
                                 { month(0) },
                                 { month(1) },
                                 { month(2) },
                                 { fig(c, { "three_month_cost" }) },
                                 { fig(c, { "live", "p95_latency_ms" }, tr("unknown")) },
                                 { fig(c, { "live", "accuracy" }, tr("unknown")) },
                                 { vs.label, vs.background, vs.foreground, true } });
            }
            s.table(cols, rows);
        }

        // What failed or could not be checked, per candidate.
        {
            bool any = false;
            for (const json& c : cands) {
                QStringList notes;
                for (const json& k : c.value("checks", json::array())) {
                    const std::string st = k.value("status", std::string());
                    if (st == "fail" || st == "unknown")
                        notes << qs(k.value("detail", std::string()));
                }
                if (notes.isEmpty())
                    continue;
                if (!any) {
                    s.heading(tr("Checks not met or not made"));
                    any = true;
                }
                s.text(candidateName(c) + QStringLiteral(": ") + notes.join(QStringLiteral("; ")), s.small(),
                       QColor(0x30, 0x30, 0x30));
                s.gap(0.6);
            }
        }

        // Levers for the candidates that do not pass.
        {
            bool any = false;
            for (const json& c : cands) {
                const json& levers = c.value("levers", json::array());
                if (levers.empty())
                    continue;
                if (!any) {
                    s.heading(tr("Levers for the candidates that do not pass"));
                    any = true;
                }
                s.text(candidateName(c) + QStringLiteral(" — ") + verdictWord(c.value("verdict", std::string())),
                       s.bold());
                std::vector<Column> cols = { { tr("Lever"), 0.09 },
                                             { tr("Change"), 0.36 },
                                             { tr("p50 / unit after"), 0.105, Qt::AlignRight },
                                             { tr("p95 / unit after"), 0.105, Qt::AlignRight },
                                             { tr("Saving / unit (p50)"), 0.105, Qt::AlignRight },
                                             { tr("Peak-month saving"), 0.10, Qt::AlignRight },
                                             { tr("Result"), 0.13 } };
                std::vector<std::vector<Cell>> rows;
                for (const json& l : levers) {
                    const bool applicable = l.value("applicable", false);
                    const bool under = l.value("brings_under", false);
                    QString change = fig(l, { "change" });
                    const QString note = fig(l, { "note" }, QString());
                    if (!note.isEmpty())
                        change += QStringLiteral(" — ") + note;
                    const VerdictStyle vs = verdictStyle(!applicable ? "unknown" : under ? "pass" : "flagged");
                    rows.push_back({ { fig(l, { "lever" }).replace(QLatin1Char('_'), QLatin1Char(' ')) },
                                     { change },
                                     { fig(l, { "cost_per_unit", "p50" }) },
                                     { fig(l, { "cost_per_unit", "p95" }) },
                                     { fig(l, { "saving_per_unit", "p50" }) },
                                     { fig(l, { "saving_peak_month" }) },
                                     { !applicable ? tr("not applicable")
                                           : under ? tr("meets cost thresholds")
                                           : l.value("cost_verdict_after", json()) == "flagged"
                                               && c.value("verdict", std::string()) == "rejected"
                                           ? tr("lifts to flagged")
                                           : tr("not enough"),
                                       vs.background, vs.foreground } });
                }
                s.table(cols, rows);
                s.gap(1);
            }
        }

        s.heading(tr("Decision"));
        {
            const GateDecision& d = rec.decision;
            QStringList approvers;
            for (const std::string& a : d.approvers)
                approvers << qs(a);
            std::vector<std::pair<QString, QString>> items = {
                { tr("Decision"), qs(gateDecisionLabel(d.kind)) },
                { tr("Decided at (UTC)"), d.decidedAtMs ? qs(formatIsoTimestamp(*d.decidedAtMs)) : tr("—") },
            };
            s.grid(items, 2, 0.25);
            s.grid({ { tr("Approvers"), approvers.isEmpty() ? tr("—") : approvers.join(QStringLiteral(", ")) } }, 1,
                   0.125);
            if (!d.conditions.empty()) {
                s.text(tr("Conditions"), s.small(), QColor(0x5a, 0x5a, 0x5a));
                s.text(qs(d.conditions), s.body());
                s.gap(0.8);
            }
            if (!d.notes.empty()) {
                s.text(tr("Notes"), s.small(), QColor(0x5a, 0x5a, 0x5a));
                s.text(qs(d.notes), s.body());
                s.gap(0.8);
            }
            // Signature lines, one per approver (or two blank ones).
            const int lines = std::max<int>(int(d.approvers.size()), d.approvers.empty() ? 2 : 0);
            for (int i = 0; i < lines; ++i) {
                const QString who = i < int(d.approvers.size()) ? qs(d.approvers[size_t(i)]) : QString();
                s.gap(2.2);
                s.text(tr("Name: %1").arg(who.isEmpty() ? QStringLiteral("______________________") : who)
                           + QStringLiteral("        ") + tr("Signature: ____________________________")
                           + QStringLiteral("        ") + tr("Date: ______________"),
                       s.body());
            }
        }

        // The record block (id, hash, how to verify) stays in one piece rather than leave a line on its own.
        s.ensure(s.measure(qs(rec.contentHash), s.mono(), s.width()) * 2 + s.mm(24));
        s.heading(tr("Record"));
        if (rec.recorded()) {
            s.text(tr("Gate %1 · version %2 · recorded %3 (UTC)%4")
                       .arg(rec.id)
                       .arg(rec.version)
                       .arg(qs(formatIsoTimestamp(rec.recordedAtMs)),
                            rec.supersedesId ? tr(" · supersedes gate %1").arg(*rec.supersedesId) : QString()),
                   s.body());
            s.text(tr("Content hash (SHA-256):"), s.small(), QColor(0x5a, 0x5a, 0x5a));
            s.text(qs(rec.contentHash), s.mono());
            if (!rec.supersedesHash.empty())
                s.text(tr("Supersedes: %1").arg(qs(rec.supersedesHash)), s.mono(), QColor(0x5a, 0x5a, 0x5a));
            s.text(tr("Check it: inferledger gate verify %1 (the hash covers spec, result and decision; docs/GATE.md)")
                       .arg(rec.id),
                   s.small(), QColor(0x5a, 0x5a, 0x5a));
        } else {
            s.text(tr("Not recorded: no content hash. Record it with `inferledger gate evaluate SPEC --record`."),
                   s.body());
        }
        s.finish();
    }

} // namespace

Result<void> renderGateSignoffPdf(const GateRecord& record, const QString& path, const GateSignoffOptions& options)
{
    auto fail = [&](const std::string& message) {
        Error e;
        e.source = path.toStdString();
        e.message = message;
        e.hint = "Check that the folder exists and is writable";
        return e;
    };
    const QFileInfo info(path);
    if (!info.absoluteDir().exists())
        return fail("the folder does not exist");
    const QString footer
        = QCoreApplication::translate("il::ui::GateSignoffPdf", "InferLedger %1 · cost gate %2 v%3 · %4")
              .arg(QStringLiteral(INFERLEDGER_VERSION), qs(record.feature))
              .arg(record.version)
              .arg(record.recorded()
                       ? QStringLiteral("sha256 ") + qs(record.contentHash.substr(0, 16)) + QStringLiteral("…")
                       : QStringLiteral("DRAFT"));
    auto setup = [&](QPdfWriter& w) {
        w.setPageSize(QPageSize(options.pageSize.compare(QStringLiteral("Letter"), Qt::CaseInsensitive) == 0
                                    ? QPageSize::Letter
                                    : QPageSize::A4));
        w.setPageMargins(QMarginsF(16, 14, 16, 12), QPageLayout::Millimeter);
        w.setResolution(300);
        w.setCreator(QStringLiteral("InferLedger " INFERLEDGER_VERSION));
        w.setTitle(
            QCoreApplication::translate("il::ui::GateSignoffPdf", "Cost gate sign-off — %1").arg(qs(record.feature)));
    };
    QPdfWriter writer(path);
    setup(writer);
    // A dry run (metrics only, nothing painted) counts the pages for "Page N of M".
    int pages = 1;
    {
        Sheet dry(writer, nullptr, options.maxPages, footer);
        layout(dry, record);
        pages = dry.pages();
    }
    QPainter painter;
    if (!painter.begin(&writer))
        return fail("cannot write the PDF");
    Sheet sheet(writer, &painter, options.maxPages, footer);
    sheet.setTotalPages(pages);
    layout(sheet, record);
    if (!painter.end())
        return fail("cannot finish the PDF");
    if (!QFileInfo::exists(path) || QFileInfo(path).size() == 0)
        return fail("the PDF was not written");
    return {};
}

} // namespace il::ui
