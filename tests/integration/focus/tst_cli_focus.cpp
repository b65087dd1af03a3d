// SPDX-License-Identifier: GPL-3.0-or-later
// `inferledger import` of FOCUS files and `inferledger billing`, end to end: the real binary, files written here,
// a real store. Expected totals are summed here from the amounts the test wrote (integers of nano-units), not by
// InferLedger's code.
#include "store/Store.h"

#include "support/CliRun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace il;
using il::test::Run;
using il::test::runCli;

namespace {

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(data) == data.size();
}

qint64 scalar(const QString& db, const char* sql)
{
    auto s = Store::open(db.toStdString(), Store::Mode::ReadOnly);
    if (!s.ok())
        return -1;
    Statement st((*s)->handle(), sql);
    return st.step() ? st.int64(0) : -1;
}

// "-12.345" → nano-units, written independently of the code under test.
qint64 nanosOf(const QString& s)
{
    const bool neg = s.startsWith(QLatin1Char('-'));
    const QString a = neg ? s.mid(1) : s;
    const int dot = a.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? a : a.left(dot);
    const QString frac = (dot < 0 ? QString() : a.mid(dot + 1)).leftJustified(9, QLatin1Char('0'));
    const qint64 v = whole.toLongLong() * 1'000'000'000 + frac.toLongLong();
    return neg ? -v : v;
}

// A nano amount as FOCUS text, in one of the spellings exporters use.
QByteArray spell(qint64 nanos, int style)
{
    const bool neg = nanos < 0;
    const qint64 a = neg ? -nanos : nanos;
    QByteArray plain
        = QByteArray::number(a / 1'000'000'000) + "." + QByteArray::number(a % 1'000'000'000).rightJustified(9, '0');
    switch (style % 3) {
    case 0:
        break; // 12.500000000
    case 1:
        plain = QByteArray::number(a) + "E-9";
        break; // 12500000000E-9
    case 2:
        plain += "00";
        break; // 11 decimals, as AWS writes them
    }
    return (neg ? "-" : "") + plain;
}

struct Charge {
    const char* provider;
    const char* currency;
    const char* category;
    const char* chargeClass;
    const char* pricing;
    const char* status;
    qint64 billed, effective, list;
    const char* start; // charge period start
    const char* tags;
};

// AWS, Azure, Google Cloud, Oracle; a EUR account; credits, a correction, a commitment purchase with its
// Used/Unused amortisation; amounts in nano-units.
const Charge kCharges[] = {
    { "AWS", "USD", "Usage", "", "Standard", "", 12'500'000'000, 11'250'000'000, 15'000'000'000, "2024-09-18T22:00:00Z",
      "{\"\"feature\"\": \"\"support-assistant\"\", \"\"team\"\": \"\"cx\"\"}" },
    { "AWS", "USD", "Purchase", "", "Standard", "", 720'000'000'000, 0, 720'000'000'000, "2024-09-01T00:00:00Z", "" },
    { "AWS", "USD", "Usage", "", "Committed", "Used", 0, 750'000'000, 1'000'000'000, "2024-09-18 22:00:00",
      "{\"\"feature\"\": \"\"gpu-inference\"\"}" },
    { "AWS", "USD", "Usage", "", "Committed", "Unused", 0, 250'000'000, 0, "2024-09-18T22:00:00Z", "" },
    { "AWS", "USD", "Tax", "", "", "", 1'234'567'891, 1'234'567'891, 1'234'567'891, "2024-09-01T00:00:00Z", "" },
    { "Microsoft", "USD", "Usage", "", "Standard", "", 300'000'000, 300'000'000, 300'000'000, "2024-09-19T01:00:00Z",
      "{\"\"feature\"\": \"\"doc-summarizer\"\"}" },
    { "Microsoft", "EUR", "Usage", "", "Standard", "", 99'990'000'000, 89'990'000'000, 110'000'000'000,
      "2024-09-19T02:00:00Z", "{\"\"feature\"\": \"\"doc-summarizer\"\"}" },
    { "Google Cloud", "USD", "Credit", "", "", "", -2'500'000'000, -2'500'000'000, 0, "2024-09-20T00:00:00Z", "" },
    { "Google Cloud", "USD", "Usage", "", "Dynamic", "", 42, 42, 100, "2024-09-20T03:00:00Z",
      "{\"\"feature\"\": true, \"\"team\"\": \"\"ml\"\"}" },
    { "Oracle", "USD", "Usage", "Correction", "Standard", "", -1'200'000'000, -1'200'000'000, -1'200'000'000,
      "2024-08-10T00:00:00Z", "" },
    { "Oracle", "USD", "Adjustment", "", "", "", 192'000'000, 0, 0, "2024-09-12T09:00:00Z", "" },
};

const QByteArray kHeader
    = "BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,"
      "ChargePeriodEnd,ChargeCategory,ChargeClass,ChargeDescription,BilledCost,EffectiveCost,ListCost,ContractedCost,"
      "InvoiceIssuerName,ProviderName,PublisherName,ServiceCategory,ServiceName,PricingQuantity,PricingUnit,"
      "PricingCategory,CommitmentDiscountStatus,Tags,x_ExportTime,x_Discounts\n";

QByteArray rowOf(const Charge& c, int i, const char* exportTime)
{
    QByteArray start(c.start);
    QByteArray end = start;
    end.replace("T22:00", "T23:00").replace(" 22:00", " 23:00"); // an hour; others end at the same instant
    return QByteArray("acct-") + c.provider[0] + ",NULL," + c.currency + ",2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,"
        + start + "," + end + "," + c.category + "," + (c.chargeClass[0] ? c.chargeClass : "NULL") + ",charge "
        + QByteArray::number(i) + "," + spell(c.billed, i) + "," + spell(c.effective, i + 1) + ","
        + spell(c.list, i + 2) + "," + spell(c.list, i) + ",\"" + c.provider + ", Inc.\"," + c.provider + ","
        + c.provider + ",AI and Machine Learning,Service " + QByteArray::number(i % 3) + ","
        + (QByteArray(c.category) == "Tax" ? QByteArray("NULL") : QByteArray("1.5E1")) + ","
        + (QByteArray(c.category) == "Tax" ? QByteArray() : QByteArray("Hours")) + "," + c.pricing + "," + c.status
        + "," + (c.tags[0] ? QByteArray("\"") + c.tags + "\"" : QByteArray()) + "," + exportTime
        + ",\"{\"\"x\"\": 1}\"\n";
}

QByteArray focusFile(const char* exportTime)
{
    QByteArray data = kHeader;
    int i = 0;
    for (const Charge& c : kCharges)
        data += rowOf(c, i++, exportTime);
    return data;
}

constexpr int kRows = int(sizeof kCharges / sizeof kCharges[0]);

} // namespace

class TestCliFocus final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }

    QJsonObject billingJson(const QString& db, const QStringList& extra)
    {
        Run r = runCli(QStringList { QStringLiteral("--db"), db, QStringLiteral("billing"), QStringLiteral("--format"),
                                     QStringLiteral("json") }
                       + extra);
        if (r.exitCode != 0)
            qWarning("billing failed: %s", qPrintable(r.err));
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

private slots:
    void importReimportAndTotals()
    {
        const QString db = path("a.db");
        QVERIFY(writeFile(path("focus.csv"), focusFile("2024-10-02T01:00:00Z")));
        Run r = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), path("focus.csv") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("focus, %1 rows read, %1 added, 0 already").arg(kRows)),
                 qPrintable(r.out));
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM billing_line"), qint64(kRows));
        QCOMPARE(scalar(db, "SELECT rows_added FROM import_log WHERE kind='focus' ORDER BY id LIMIT 1"), qint64(kRows));

        // The same export again, and a re-export whose provider columns differ (a new export time): nothing added.
        r = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), path("focus.csv") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("%1 rows read, 0 added, %1 already in the store").arg(kRows)),
                 qPrintable(r.out));
        QVERIFY(writeFile(path("focus-again.csv"), focusFile("2024-10-03T05:00:00Z")));
        r = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), QStringLiteral("--kind"),
                     QStringLiteral("focus"), QStringLiteral("--format"), QStringLiteral("json"),
                     path("focus-again.csv") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject rep = QJsonDocument::fromJson(r.out.toUtf8()).array().at(0).toObject();
        QCOMPARE(rep.value(QStringLiteral("kind")).toString(), QStringLiteral("focus"));
        QCOMPARE(rep.value(QStringLiteral("rows_read")).toInt(), kRows);
        QCOMPARE(rep.value(QStringLiteral("rows_added")).toInt(), 0);
        QCOMPARE(rep.value(QStringLiteral("rows_duplicate")).toInt(), kRows);
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM billing_line"), qint64(kRows));

        // Expected sums per (provider, currency) from what was written.
        struct Sum {
            qint64 billed = 0, effective = 0, list = 0, rows = 0;
        };
        QMap<QString, Sum> expect;
        QMap<QString, Sum> expectTotal;
        for (const Charge& c : kCharges) {
            for (auto* m : { &expect, &expectTotal }) {
                Sum& s = (*m)[m == &expect
                                  ? QString::fromUtf8(c.provider) + QLatin1Char('/') + QString::fromUtf8(c.currency)
                                  : QString::fromUtf8(c.currency)];
                s.billed += c.billed;
                s.effective += c.effective;
                s.list += c.list;
                ++s.rows;
            }
        }
        const QJsonObject j = billingJson(db, { QStringLiteral("--by"), QStringLiteral("provider") });
        QCOMPARE(j.value(QStringLiteral("by")).toString(), QStringLiteral("provider"));
        QCOMPARE(j.value(QStringLiteral("from")).toString(), QStringLiteral("2024-08-10"));
        QCOMPARE(j.value(QStringLiteral("to")).toString(), QStringLiteral("2024-09-20"));
        const QJsonArray rows = j.value(QStringLiteral("rows")).toArray();
        QCOMPARE(rows.size(), expect.size());
        for (const QJsonValue& v : rows) {
            const QJsonObject o = v.toObject();
            const QString k = o.value(QStringLiteral("key")).toString() + QLatin1Char('/')
                + o.value(QStringLiteral("currency")).toString();
            QVERIFY2(expect.contains(k), qPrintable(k));
            const Sum& e = expect[k];
            QCOMPARE(nanosOf(o.value(QStringLiteral("billed_cost")).toString()), e.billed);
            QCOMPARE(nanosOf(o.value(QStringLiteral("effective_cost")).toString()), e.effective);
            QCOMPARE(nanosOf(o.value(QStringLiteral("list_cost")).toString()), e.list);
            QCOMPARE(o.value(QStringLiteral("rows")).toInt(), int(e.rows));
        }
        // Two currencies: no single total, one per currency.
        QVERIFY(j.value(QStringLiteral("total")).isNull());
        const QJsonArray totals = j.value(QStringLiteral("totals")).toArray();
        QCOMPARE(totals.size(), 2);
        for (const QJsonValue& v : totals) {
            const QJsonObject o = v.toObject();
            const Sum& e = expectTotal[o.value(QStringLiteral("currency")).toString()];
            QCOMPARE(nanosOf(o.value(QStringLiteral("billed_cost")).toString()), e.billed);
            QCOMPARE(nanosOf(o.value(QStringLiteral("effective_cost")).toString()), e.effective);
            QCOMPARE(nanosOf(o.value(QStringLiteral("list_cost")).toString()), e.list);
            QCOMPARE(o.value(QStringLiteral("rows")).toInt(), int(e.rows));
        }
        // The 42 nano-units of the Google row survive: the USD total is exact to the nano.
        QCOMPARE(nanosOf(totals.at(1).toObject().value(QStringLiteral("billed_cost")).toString()) % 10, qint64(3));

        // Feature attribution by the default tag key; the valueless tag and untagged rows are unattributed.
        const QJsonObject byFeature = billingJson(db, { QStringLiteral("--by"), QStringLiteral("feature") });
        QMap<QString, int> featureRows;
        for (const QJsonValue& v : byFeature.value(QStringLiteral("rows")).toArray())
            featureRows[v.toObject().value(QStringLiteral("key")).toString()]
                += v.toObject().value(QStringLiteral("rows")).toInt();
        QCOMPARE(featureRows.value(QStringLiteral("support-assistant")), 1);
        QCOMPARE(featureRows.value(QStringLiteral("gpu-inference")), 1);
        QCOMPARE(featureRows.value(QStringLiteral("doc-summarizer")), 2);
        QCOMPARE(featureRows.value(QStringLiteral("unattributed")), kRows - 4);

        // A date range: only charge periods starting on 2024-09-18.
        const QJsonObject day
            = billingJson(db,
                          { QStringLiteral("--by"), QStringLiteral("day"), QStringLiteral("--from"),
                            QStringLiteral("2024-09-18"), QStringLiteral("--to"), QStringLiteral("2024-09-18") });
        const QJsonArray dayRows = day.value(QStringLiteral("rows")).toArray();
        QCOMPARE(dayRows.size(), 1);
        QCOMPARE(dayRows.at(0).toObject().value(QStringLiteral("key")).toString(), QStringLiteral("2024-09-18"));
        QCOMPARE(
            nanosOf(day.value(QStringLiteral("total")).toObject().value(QStringLiteral("effective_cost")).toString()),
            kCharges[0].effective + kCharges[2].effective + kCharges[3].effective);

        // Table and CSV render the same store.
        r = runCli({ QStringLiteral("--db"), db, QStringLiteral("billing"), QStringLiteral("--by"),
                     QStringLiteral("charge_category") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("Purchase")));
        QVERIFY(r.out.contains(QStringLiteral("TOTAL")));
        QVERIFY(r.out.contains(QStringLiteral("2 currencies")));
        r = runCli({ QStringLiteral("--db"), db, QStringLiteral("billing"), QStringLiteral("--format"),
                     QStringLiteral("csv") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.startsWith(
            QStringLiteral("provider,currency,billed_cost,effective_cost,list_cost,contracted_cost,rows\n")));
        QCOMPARE(r.out.count(QStringLiteral("\nTOTAL,")), 2);
    }

    void tagKeyOption()
    {
        const QString db = path("tags.db");
        QVERIFY(writeFile(path("tags.csv"), focusFile("x")));
        Run r = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), QStringLiteral("--tag-key"),
                         QStringLiteral("team,feature"), path("tags.csv") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject j = billingJson(db, { QStringLiteral("--by"), QStringLiteral("feature") });
        QMap<QString, int> rows;
        for (const QJsonValue& v : j.value(QStringLiteral("rows")).toArray())
            rows[v.toObject().value(QStringLiteral("key")).toString()]
                += v.toObject().value(QStringLiteral("rows")).toInt();
        QCOMPARE(rows.value(QStringLiteral("cx")), 1); // "team" first
        QCOMPARE(rows.value(QStringLiteral("ml")), 1); // the valueless feature tag does not stop "team"
        QCOMPARE(rows.value(QStringLiteral("gpu-inference")), 1); // no team: falls back to "feature"
        QCOMPARE(rows.value(QStringLiteral("support-assistant")), 0);
    }

    void badFileImportsNothing()
    {
        const QString db = path("bad.db");
        QVERIFY(writeFile(path("good.csv"), focusFile("x")));
        Run r = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), path("good.csv") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject before = billingJson(db, {});

        // 20,000 good rows (more than one batch reaches the store) and then one bad value.
        QByteArray data = kHeader;
        for (int i = 0; i < 20000; ++i) {
            Charge c = kCharges[i % kRows];
            c.billed += i; // all different charges
            data += rowOf(c, i, "x");
        }
        QByteArray bad = rowOf(kCharges[0], 7, "x");
        const QByteArray good = QByteArray(",") + spell(kCharges[0].billed, 7) + ",";
        const int col = int(bad.indexOf(good)) + 2;
        bad.replace(good, QByteArray(",12.5USD,"));
        data += bad;
        QVERIFY(writeFile(path("bad.csv"), data));
        r = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), path("bad.csv") });
        QCOMPARE(r.exitCode, 1);
        const QString where = path("bad.csv") + QStringLiteral(":20002:%1: field 'BilledCost'").arg(col);
        QVERIFY2(r.err.contains(where), qPrintable(r.err + QStringLiteral("\nexpected ") + where));
        QVERIFY(r.err.contains(QStringLiteral("nothing was imported")));
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM billing_line"), qint64(kRows));
        QCOMPARE(billingJson(db, {}), before);

        // Missing mandatory columns: named, nothing imported.
        QByteArray noCurrency = focusFile("x");
        noCurrency.replace("BillingCurrency,", "Currency,");
        QVERIFY(writeFile(path("nocurrency.csv"), noCurrency));
        r = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), QStringLiteral("--kind"),
                     QStringLiteral("focus"), path("nocurrency.csv") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("lacks mandatory FOCUS column(s): BillingCurrency")), qPrintable(r.err));
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM billing_line"), qint64(kRows));

        // A request log forced as FOCUS.
        QVERIFY(writeFile(path("requests.csv"),
                          "timestamp,feature,provider,model,input_tokens,output_tokens\n"
                          "2026-01-01T00:00:00Z,a,openai,gpt-4o,1,1\n"));
        r = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), QStringLiteral("--kind"),
                     QStringLiteral("focus"), path("requests.csv") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("not a FOCUS billing export")), qPrintable(r.err));
        QCOMPARE(billingJson(db, {}), before);
    }

    void failedFileDoesNotMisattributeTheNext()
    {
        // One process, two files: the first creates feature "alpha" and then fails (after more than one batch
        // reached the store); the second has "beta" then "alpha". Each must keep its own feature.
        const QString db = path("two.db");
        auto tagged = [](const Charge& base, const char* feature, qint64 billed) {
            Charge c = base;
            c.billed = billed;
            c.tags = feature;
            return c;
        };
        QByteArray bad = kHeader;
        for (int i = 0; i < 17000; ++i)
            bad += rowOf(tagged(kCharges[0], "{\"\"feature\"\": \"\"alpha\"\"}", i + 1), i, "x");
        bad += "oops\n";
        QByteArray good = kHeader + rowOf(tagged(kCharges[0], "{\"\"feature\"\": \"\"beta\"\"}", 5), 1, "x")
            + rowOf(tagged(kCharges[0], "{\"\"feature\"\": \"\"alpha\"\"}", 7), 2, "x");
        QVERIFY(writeFile(path("alpha-bad.csv"), bad));
        QVERIFY(writeFile(path("beta-good.csv"), good));
        Run r = runCli(
            { QStringLiteral("--db"), db, QStringLiteral("import"), path("alpha-bad.csv"), path("beta-good.csv") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("2 rows read, 2 added")), qPrintable(r.out + r.err));
        const QJsonObject j = billingJson(db, { QStringLiteral("--by"), QStringLiteral("feature") });
        QMap<QString, qint64> billed;
        for (const QJsonValue& v : j.value(QStringLiteral("rows")).toArray())
            billed[v.toObject().value(QStringLiteral("key")).toString()]
                = nanosOf(v.toObject().value(QStringLiteral("billed_cost")).toString());
        QCOMPARE(billed.size(), 2);
        QCOMPARE(billed.value(QStringLiteral("beta")), qint64(5));
        QCOMPARE(billed.value(QStringLiteral("alpha")), qint64(7));
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM import_log WHERE status='failed'"), qint64(1));
    }

    void usageAndEmptyStore()
    {
        const QString db = path("empty.db");
        // `prices show` opens the store read-write, which creates it.
        Run r = runCli(
            { QStringLiteral("--db"), db, QStringLiteral("prices"), QStringLiteral("show"), QStringLiteral("gpt-4o") });
        r = runCli({ QStringLiteral("--db"), db, QStringLiteral("billing"), QStringLiteral("--format"),
                     QStringLiteral("json") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j.value(QStringLiteral("rows")).toArray().size(), 0);
        QCOMPARE(j.value(QStringLiteral("total")).toObject().value(QStringLiteral("rows")).toInt(), 0);
        QCOMPARE(j.value(QStringLiteral("total")).toObject().value(QStringLiteral("billed_cost")).toString(),
                 QStringLiteral("0.00"));
        r = runCli({ QStringLiteral("--db"), db, QStringLiteral("billing") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("no billing lines")));
        r = runCli(
            { QStringLiteral("--db"), db, QStringLiteral("billing"), QStringLiteral("--by"), QStringLiteral("model") });
        QCOMPARE(r.exitCode, 64);
        r = runCli({ QStringLiteral("--db"), db, QStringLiteral("billing"), QStringLiteral("--from"),
                     QStringLiteral("09/01/2024") });
        QCOMPARE(r.exitCode, 64);
        r = runCli({ QStringLiteral("--db"), db, QStringLiteral("billing"), QStringLiteral("--format"),
                     QStringLiteral("xml") });
        QCOMPARE(r.exitCode, 64);
        r = runCli({ QStringLiteral("--help") });
        QVERIFY(r.out.contains(QStringLiteral("billing [--from D]")));
        QVERIFY(r.out.contains(QStringLiteral("--tag-key KEY")));
    }
};

QTEST_GUILESS_MAIN(TestCliFocus)
#include "tst_cli_focus.moc"
