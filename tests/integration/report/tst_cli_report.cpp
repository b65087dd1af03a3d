// SPDX-License-Identifier: GPL-3.0-or-later
// The feature economics PDF through the real binary on a generated demo store: read back with pdftotext, its
// period, totals and every feature's cost, units, cost per unit, requests and percentiles are the strings
// `summary --format json` gives for the same filters (formatted with the same core functions); page count and
// page size from pdfinfo; charts are vectors (pdfimages finds no image) with embedded fonts; --feature limits
// the feature pages; a bad path, an empty period and an unknown feature fail with exit 1 and write nothing;
// a breached gate shows on the gates page.
#include "analytics/Summary.h"
#include "domain/Money.h"
#include "domain/Time.h"
#include "item/FeatureEconomicsModel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cstdio>

using nlohmann::json;

namespace {

struct Run {
    int exitCode = -1;
    QString out, err;
};

Run runCli(const QStringList& args)
{
    QProcess p;
    p.start(QString::fromUtf8(INFERLEDGER_BINARY), args);
    p.waitForFinished(180'000);
    return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()) };
}

QString tool(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(60'000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

// pdftotext -layout, one string per page (pages end with a form feed).
QStringList pdfPages(const QString& pdf)
{
    QStringList pages = tool(QStringLiteral("pdftotext"), { QStringLiteral("-layout"), pdf, QStringLiteral("-") })
                            .split(QLatin1Char('\f'));
    if (!pages.isEmpty() && pages.back().trimmed().isEmpty())
        pages.removeLast();
    return pages;
}

QString pdfInfo(const QString& pdf, const QString& key)
{
    const QRegularExpression re(QStringLiteral("^") + QRegularExpression::escape(key) + QStringLiteral(":\\s+(.+)$"),
                                QRegularExpression::MultilineOption);
    const auto m = re.match(tool(QStringLiteral("pdfinfo"), { pdf }));
    return m.hasMatch() ? m.captured(1).trimmed() : QString();
}

QStringList tokens(const QString& line)
{
    return line.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
}

// The lines of a page whose first word is `key`.
QList<QStringList> linesStartingWith(const QString& page, const QString& key)
{
    QList<QStringList> out;
    for (const QString& line : page.split(QLatin1Char('\n'))) {
        const QStringList t = tokens(line);
        if (!t.isEmpty() && t.front() == key)
            out << t;
    }
    return out;
}

int64_t nanos(const json& v)
{
    const auto n = il::parseDecimalNanos(v.get<std::string>());
    return n ? *n : INT64_MIN;
}

QString money(const json& v)
{
    return QStringLiteral("$") + QString::fromStdString(il::formatMoney(nanos(v)));
}

QString unitCost(const json& v)
{
    return v.is_null() ? QStringLiteral("—")
                       : QStringLiteral("$") + QString::fromStdString(il::formatUnitCost(nanos(v)));
}

QString fixed(const json& v, int decimals, const char* suffix = "", double scale = 1.0)
{
    if (v.is_null())
        return QStringLiteral("—");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f%s", decimals, v.get<double>() * scale, suffix);
    return QString::fromLatin1(buf);
}

QString integer(const json& v)
{
    return v.is_null() ? QStringLiteral("—") : QString::number(v.get<long long>());
}

} // namespace

class TestCliReport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_db;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    json summary(const QStringList& filters)
    {
        Run r = runCli(QStringList { QStringLiteral("--db"), m_db, QStringLiteral("summary"),
                                     QStringLiteral("--format"), QStringLiteral("json") }
                       + filters);
        if (r.exitCode != 0)
            return json();
        return json::parse(r.out.toStdString(), nullptr, false);
    }

    // The feature table page carries, per feature and in total, exactly the summary's strings.
    void checkFeatureTable(const QString& page, const json& s)
    {
        auto check = [&](const QString& key, const json& row) {
            const QList<QStringList> lines = linesStartingWith(page, key);
            QVERIFY2(lines.size() >= 2, qPrintable(QStringLiteral("no table rows for ") + key));
            const QStringList& econ = lines[0];
            QVERIFY2(econ.size() >= 2 && econ[1] == money(row["cost"]),
                     qPrintable(key + QLatin1Char(' ') + econ.join(QLatin1Char(' '))));
            QVERIFY2(econ.contains(integer(row["units"])),
                     qPrintable(key + QStringLiteral(" units: ") + econ.join(QLatin1Char(' '))));
            QVERIFY2(econ.contains(unitCost(row["cost_per_unit"])),
                     qPrintable(key + QStringLiteral(" cost/unit: ") + econ.join(QLatin1Char(' '))));
            QCOMPARE(econ.back(), integer(row["requests"]));
            const QStringList& perf = lines[1];
            QCOMPARE(perf.size(), 9);
            QCOMPARE(perf[1], fixed(row["latency_p50_ms"], 0));
            QCOMPARE(perf[2], fixed(row["latency_p95_ms"], 0));
            QCOMPARE(perf[3], fixed(row["latency_p99_ms"], 0));
            QCOMPARE(perf[4], fixed(row["accuracy"], 3));
            QCOMPARE(perf[5], fixed(row["cache_hit_rate"], 1, "%", 100.0));
            QCOMPARE(perf[6], integer(row["errors"]));
            QCOMPARE(perf[8], integer(row["unpriced_requests"]));
        };
        for (const json& row : s["rows"])
            check(QString::fromStdString(row["key"].get<std::string>()), row);
        check(QStringLiteral("Total"), s["total"]);
    }

private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty()
            || QStandardPaths::findExecutable(QStringLiteral("pdfinfo")).isEmpty())
            QSKIP("poppler-utils (pdftotext, pdfinfo) are not installed");
        QVERIFY(m_dir.isValid());
        m_db = path(QStringLiteral("demo.db"));
        Run r = runCli({ QStringLiteral("--db"), m_db, QStringLiteral("demo"), QStringLiteral("--scale"),
                         QStringLiteral("0.01") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }

    void wholeStore()
    {
        const QString pdf = path(QStringLiteral("all.pdf"));
        Run r = runCli({ QStringLiteral("--db"), m_db, QStringLiteral("report"), QStringLiteral("--pdf"), pdf,
                         QStringLiteral("--format"), QStringLiteral("json") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const json info = json::parse(r.out.toStdString(), nullptr, false);
        QVERIFY(info.is_object());
        const json s = summary({});
        QVERIFY(s.is_object());
        const int features = int(s["rows"].size());
        QVERIFY(features >= 5);
        // Cover, overview, feature table, a page per feature, gates, methodology.
        QCOMPARE(info["pages"].get<int>(), features + 5);
        QCOMPARE(pdfInfo(pdf, QStringLiteral("Pages")).toInt(), features + 5);
        QVERIFY2(pdfInfo(pdf, QStringLiteral("Page size")).startsWith(QStringLiteral("595 x 842")),
                 qPrintable(pdfInfo(pdf, QStringLiteral("Page size"))));
        QCOMPARE(QString::fromStdString(info["from"].get<std::string>()),
                 QString::fromStdString(s["from"].get<std::string>()));
        QCOMPARE(QString::fromStdString(info["to"].get<std::string>()),
                 QString::fromStdString(s["to"].get<std::string>()));

        const QStringList pages = pdfPages(pdf);
        QCOMPARE(pages.size(), features + 5);
        const QString period = QString::fromStdString(s["from"].get<std::string>()) + QStringLiteral(" – ")
            + QString::fromStdString(s["to"].get<std::string>()) + QStringLiteral(" (UTC)");
        // Cover: the period, the price catalogue version and the headline figures.
        QVERIFY(pages[0].contains(period));
        QVERIFY(pages[0].contains(QStringLiteral("Price catalogue")));
        QVERIFY(pages[0].contains(QStringLiteral("inferledger-bundled")));
        QVERIFY(pages[0].contains(money(s["total"]["cost"])));
        QVERIFY(pages[0].contains(unitCost(s["total"]["cost_per_unit"])));
        QVERIFY(pages[0].contains(integer(s["total"]["units"])));
        // Every page but the cover names the period in its header; every page has its number.
        for (int i = 0; i < pages.size(); ++i) {
            if (i > 0)
                QVERIFY(pages[i].contains(period));
            QVERIFY2(pages[i].contains(QStringLiteral("Page %1 of %2").arg(i + 1).arg(pages.size())),
                     qPrintable(QString::number(i)));
            QVERIFY(pages[i].contains(QStringLiteral("Generated ")));
        }
        checkFeatureTable(pages[2], s);
        // A page per feature, in the order of the table (by cost), with its own figures.
        for (int i = 0; i < features; ++i) {
            const json& row = s["rows"][size_t(i)];
            const QString key = QString::fromStdString(row["key"].get<std::string>());
            const QString& page = pages[3 + i];
            QVERIFY2(page.contains(key), qPrintable(key));
            QVERIFY2(page.contains(money(row["cost"])), qPrintable(key));
            QVERIFY2(page.contains(unitCost(row["cost_per_unit"])), qPrintable(key));
            QVERIFY(page.contains(QStringLiteral("Model mix")));
            QVERIFY(page.contains(QStringLiteral("Cost per day by model")));
        }
        QVERIFY(pages[3 + features].contains(QStringLiteral("No gates recorded")));
        const QString& method = pages[4 + features];
        QVERIFY(method.contains(QStringLiteral("How the figures are computed")));
        QVERIFY(method.contains(QStringLiteral("UTC")));
        QVERIFY(method.contains(QStringLiteral("within about 1%")));
        QVERIFY(method.contains(QStringLiteral("Unattributed.")));
        QVERIFY(method.contains(QStringLiteral("Unpriced.")));
        QVERIFY(method.contains(QStringLiteral("inferledger-bundled")));

        // Charts are vector drawings and the text is real text in embedded fonts.
        if (!QStandardPaths::findExecutable(QStringLiteral("pdfimages")).isEmpty()) {
            const QStringList images = tool(QStringLiteral("pdfimages"), { QStringLiteral("-list"), pdf })
                                           .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            QCOMPARE(images.size(), 2); // the two header lines, no image
        }
        if (!QStandardPaths::findExecutable(QStringLiteral("pdffonts")).isEmpty()) {
            const QStringList fonts
                = tool(QStringLiteral("pdffonts"), { pdf }).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            QVERIFY(fonts.size() > 2);
            for (int i = 2; i < fonts.size(); ++i)
                QVERIFY2(fonts[i].contains(QStringLiteral(" yes ")), qPrintable(fonts[i])); // embedded
        }
    }

    void filteredPeriodAndFeatures()
    {
        const json all = summary({});
        QVERIFY(all.is_object());
        // The last 30 days, with the 30 days before as the previous period: changes are shown.
        const auto lastDay = il::parseDateMs(all["to"].get<std::string>());
        QVERIFY(lastDay);
        const QString to = QString::fromStdString(il::formatIsoDate(*lastDay));
        const QString from = QString::fromStdString(il::formatIsoDate(*lastDay - 29 * il::kMsPerDay));
        const QString prevTo = QString::fromStdString(il::formatIsoDate(*lastDay - 30 * il::kMsPerDay));
        const QString prevFrom = QString::fromStdString(il::formatIsoDate(*lastDay - 59 * il::kMsPerDay));
        const QString a = QString::fromStdString(all["rows"][0]["key"].get<std::string>());
        const QString b = QString::fromStdString(all["rows"][2]["key"].get<std::string>());
        const QStringList filters = { QStringLiteral("--from"),    from, QStringLiteral("--to"),      to,
                                      QStringLiteral("--feature"), a,    QStringLiteral("--feature"), b };
        const QString pdf = path(QStringLiteral("filtered.pdf"));
        Run r = runCli(
            QStringList { QStringLiteral("--db"), m_db, QStringLiteral("report"), QStringLiteral("--pdf"), pdf }
            + filters);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("7 pages")));
        QCOMPARE(pdfInfo(pdf, QStringLiteral("Pages")).toInt(), 7);
        const QStringList pages = pdfPages(pdf);
        QCOMPARE(pages.size(), 7);
        const json s = summary(filters);
        QCOMPARE(int(s["rows"].size()), 2);
        QVERIFY(pages[0].contains(from + QStringLiteral(" – ") + to + QStringLiteral(" (UTC), 30 days")));
        QVERIFY(pages[0].contains(prevFrom + QStringLiteral(" – ") + prevTo));
        QVERIFY(pages[0].contains(money(s["total"]["cost"])));
        checkFeatureTable(pages[2], s);
        // Only the two features have pages, in the order of their cost.
        for (int i = 0; i < 2; ++i) {
            const QString key = QString::fromStdString(s["rows"][size_t(i)]["key"].get<std::string>());
            QVERIFY(pages[3 + i].contains(key));
            QVERIFY(pages[3 + i].contains(money(s["rows"][size_t(i)]["cost"])));
        }
        for (const json& row : all["rows"]) {
            const QString key = QString::fromStdString(row["key"].get<std::string>());
            if (key != a && key != b)
                QVERIFY2(!pages[2].contains(key) && !pages[3].contains(key) && !pages[4].contains(key),
                         qPrintable(key));
        }
        // The change of the total cost against the previous 30 days, as a relative change of the exact figures.
        const json prev = summary({ QStringLiteral("--from"), prevFrom, QStringLiteral("--to"), prevTo,
                                    QStringLiteral("--feature"), a, QStringLiteral("--feature"), b });
        const double now = double(nanos(s["total"]["cost"])), before = double(nanos(prev["total"]["cost"]));
        QVERIFY(before > 0);
        const double pct = (now - before) / before * 100.0;
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f%%", std::abs(pct));
        const QString expected = (pct > 0 ? QStringLiteral("+") : QStringLiteral("−")) + QString::fromLatin1(buf);
        const QList<QStringList> total = linesStartingWith(pages[2], QStringLiteral("Total"));
        QVERIFY(!total.isEmpty());
        if (std::abs(pct) >= 0.05)
            QVERIFY2(total[0].contains(expected),
                     qPrintable(expected + QStringLiteral(" in ") + total[0].join(QLatin1Char(' '))));
        QVERIFY(pages[0].contains(QStringLiteral("vs previous")));

        // Every change in the feature table is the dashboard's own text (FeatureEconomicsModel::changeText) for
        // the same figures: cost and cost per unit, per feature and in total.
        using M = il::FeatureEconomicsModel;
        auto rowOf = [](const json& j) {
            il::SummaryRow r;
            r.cost = nanos(j["cost"]);
            if (!j["units"].is_null())
                r.units = j["units"].get<int64_t>();
            return r;
        };
        auto lastWord = [](const QString& text) { return text.split(QLatin1Char(' ')).last(); };
        auto check = [&](const QString& label, const json& nowJ, const json* beforeJ) {
            const il::SummaryRow now = rowOf(nowJ);
            const il::SummaryRow before = beforeJ ? rowOf(*beforeJ) : il::SummaryRow {};
            const QList<QStringList> lines = linesStartingWith(pages[2], label);
            QVERIFY2(!lines.isEmpty(), qPrintable(label));
            for (M::Column c : { M::Cost, M::CostPerUnit }) {
                const QString want = lastWord(M::changeText(now, &before, c));
                QVERIFY2(lines[0].contains(want), qPrintable(label + QStringLiteral(": ") + want + QStringLiteral(" in ")
                                                             + lines[0].join(QLatin1Char(' '))));
            }
        };
        for (const json& row : s["rows"]) {
            const json* before = nullptr;
            for (const json& p : prev["rows"])
                if (p["key"] == row["key"])
                    before = &p;
            check(QString::fromStdString(row["key"].get<std::string>()), row, before);
        }
        check(QStringLiteral("Total"), s["total"], &prev["total"]);
    }

    void letterPageSize()
    {
        const QString pdf = path(QStringLiteral("letter.pdf"));
        Run r = runCli({ QStringLiteral("--db"), m_db, QStringLiteral("report"), QStringLiteral("--pdf"), pdf,
                         QStringLiteral("--page-size"), QStringLiteral("letter"), QStringLiteral("--feature"),
                         QStringLiteral("support-assistant") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(pdfInfo(pdf, QStringLiteral("Page size")).startsWith(QStringLiteral("612 x 792")),
                 qPrintable(pdfInfo(pdf, QStringLiteral("Page size"))));
        QCOMPARE(pdfInfo(pdf, QStringLiteral("Pages")).toInt(), 6);
        const QStringList pages = pdfPages(pdf);
        checkFeatureTable(pages[2], summary({ QStringLiteral("--feature"), QStringLiteral("support-assistant") }));
    }

    void failures_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("pdf");
        const QString missing = QDir::tempPath() + QStringLiteral("/inferledger-no-such-folder-4711/out.pdf");
        QTest::newRow("folder missing") << QStringList { QStringLiteral("--pdf"), missing } << 1
                                        << QStringLiteral("does not exist") << missing;
        QTest::newRow("path is a folder") << QStringList { QStringLiteral("--pdf"), QDir::tempPath() } << 1
                                          << QStringLiteral("is a folder") << QString();
        QTest::newRow("empty period") << QStringList { QStringLiteral("--pdf"),  QStringLiteral("@empty.pdf"),
                                                       QStringLiteral("--from"), QStringLiteral("2020-01-01"),
                                                       QStringLiteral("--to"),   QStringLiteral("2020-01-31") }
                                      << 1 << QStringLiteral("no requests or outcomes in 2020-01-01 .. 2020-01-31")
                                      << QStringLiteral("@empty.pdf");
        QTest::newRow("unknown feature") << QStringList { QStringLiteral("--pdf"), QStringLiteral("@unknown.pdf"),
                                                          QStringLiteral("--feature"),
                                                          QStringLiteral("no-such-feature") }
                                         << 1 << QStringLiteral("The store's features are: ")
                                         << QStringLiteral("@unknown.pdf");
        QTest::newRow("no --pdf") << QStringList {} << 64 << QStringLiteral("needs --pdf OUT") << QString();
        QTest::newRow("bad page size") << QStringList { QStringLiteral("--pdf"), QStringLiteral("@a5.pdf"),
                                                        QStringLiteral("--page-size"), QStringLiteral("a5") }
                                       << 64 << QStringLiteral("a4 or letter") << QStringLiteral("@a5.pdf");
        QTest::newRow("to before from") << QStringList { QStringLiteral("--pdf"),  QStringLiteral("@x.pdf"),
                                                         QStringLiteral("--from"), QStringLiteral("2026-03-02"),
                                                         QStringLiteral("--to"),   QStringLiteral("2026-03-01") }
                                        << 64 << QStringLiteral("--to is before --from") << QStringLiteral("@x.pdf");
    }

    void failures()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QFETCH(QString, pdf);
        // "@name": a file in the test's folder.
        for (QString& a : args)
            if (a.startsWith(QLatin1Char('@')))
                a = path(a.mid(1));
        if (pdf.startsWith(QLatin1Char('@')))
            pdf = path(pdf.mid(1));
        Run r = runCli(QStringList { QStringLiteral("--db"), m_db, QStringLiteral("report") } + args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        if (!pdf.isEmpty())
            QVERIFY2(!QFileInfo::exists(pdf), qPrintable(pdf)); // nothing half-written
        // No temporary file is left next to where the report would have gone.
        const QStringList left
            = QDir(m_dir.path()).entryList({ QStringLiteral("*.pdf.*") }, QDir::Files | QDir::Hidden);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(','))));
    }

    // Last: records a gate in the store. The feature with the highest cost per unit is launched against a
    // threshold its actual cost per unit is over.
    void gateBreach()
    {
        const json s = summary({});
        std::string worst;
        int64_t worstCpu = 0;
        for (const json& row : s["rows"])
            if (!row["cost_per_unit"].is_null() && nanos(row["cost_per_unit"]) > worstCpu) {
                worstCpu = nanos(row["cost_per_unit"]);
                worst = row["key"].get<std::string>();
            }
        QVERIFY(worstCpu > 60'000'000); // over the threshold below
        json spec = { { "feature", worst },
                      { "unit", "unit" },
                      { "description", "report test" },
                      { "units_per_month", 1000 },
                      { "monthly_growth", 0.0 },
                      { "requests_per_unit", 1.0 },
                      { "input_tokens", { { "p50", 1000 }, { "p95", 2000 } } },
                      { "output_tokens", { { "p50", 100 }, { "p95", 200 } } },
                      { "cached_input_share", 0.0 },
                      { "retry_rate", 0.0 },
                      { "candidates", json::array({ { { "provider", "openai" }, { "model", "gpt-4o-mini" } } }) },
                      { "thresholds", { { "max_cost_per_unit", "0.06" } } },
                      { "evaluation_date", s["from"] },
                      { "launch_date", s["from"] } };
        const QString specPath = path(QStringLiteral("gate.json"));
        QFile f(specPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(spec.dump(2)));
        f.close();
        Run g = runCli({ QStringLiteral("--db"), m_db, QStringLiteral("gate"), QStringLiteral("evaluate"), specPath,
                         QStringLiteral("--record"), QStringLiteral("--no-live"), QStringLiteral("--decision"),
                         QStringLiteral("approve"), QStringLiteral("--approver"), QStringLiteral("Test Lead") });
        QVERIFY2(g.exitCode == 0, qPrintable(g.out + g.err));

        const QString pdf = path(QStringLiteral("gates.pdf"));
        Run r = runCli({ QStringLiteral("--db"), m_db, QStringLiteral("report"), QStringLiteral("--pdf"), pdf });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList pages = pdfPages(pdf);
        const int features = int(s["rows"].size());
        // The gate table and the breached gate's months fit on one page.
        QCOMPARE(pages.size(), features + 5);
        const QString& gates = pages[3 + features];
        const QString key = QString::fromStdString(worst);
        QVERIFY(gates.contains(QStringLiteral("Cost gates and breaches")));
        QVERIFY(gates.contains(key + QStringLiteral(" — gate v1, month by month")));
        QVERIFY(gates.contains(QStringLiteral("OVER THRESHOLD")));
        QVERIFY(gates.contains(QStringLiteral("$0.0600")));
        QVERIFY(pages[0].contains(QStringLiteral("1 of 1 gated features over")));
        // The feature's own page says so too.
        bool onFeaturePage = false;
        for (int i = 0; i < features; ++i)
            if (pages[3 + i].contains(QStringLiteral("Cost gate v1")) && pages[3 + i].contains(key))
                onFeaturePage = pages[3 + i].contains(QStringLiteral("OVER THE THRESHOLD"));
        QVERIFY(onFeaturePage);
    }
};

QTEST_GUILESS_MAIN(TestCliReport)
#include "tst_cli_report.moc"
