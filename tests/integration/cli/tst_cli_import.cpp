// SPDX-License-Identifier: GPL-3.0-or-later
// `inferledger import` and `summary` end to end: the real binary, real files, a real store.
// Expected figures are computed here from list prices written out by hand, not by InferLedger's code.
#include "store/Store.h"

#include "support/CliRun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace il;
using il::test::Run;
using il::test::runCli;

namespace {

void writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(data);
}

qint64 count(const QString& db, const char* sql)
{
    auto s = Store::open(db.toStdString(), Store::Mode::ReadOnly);
    if (!s.ok())
        return -1;
    Statement st((*s)->handle(), sql);
    return st.step() ? st.int64(0) : -1;
}

// Exact expected costs in nano-USD from per-million list prices (hand-copied from the providers' pages).
qint64 perMillion(qint64 tokens, qint64 microDollarsPerMillion)
{
    // tokens × (µ$ per 1M) / 1e6 µ$ → nano: × 1000 / 1e6 = / 1000 (all cases below divide exactly)
    return tokens * microDollarsPerMillion / 1000;
}

const QByteArray kRequestsCsv =
    "timestamp,request_id,feature,provider,model,input_tokens,cached_input_tokens,output_tokens,latency_ms,status,cache,"
    "eval_score,cost,extra_column\n"
    "2026-05-04T09:00:00Z,r1,support,openai,gpt-4o-mini,1000,400,500,120,ok,miss,0.9,,x\n"
    "2026-05-04T09:30:00+02:00,r2,support,openai,gpt-4o-mini-2024-07-18,2000,0,100,340,ok,hit,,,y\n"
    "1777885200000,r3,search,anthropic,claude-haiku-4-5,4000,0,1000,80,error,none,0.5,,\n"
    "2026-05-04T11:00:00Z,r4,search,anthropic,claude-haiku-4-5,1000,0,0,60,ok,none,,0.25,\n"
    "\"2026-05-05T08:00:00Z\",\"r5\",\"support\",openai,gpt-4o-mini,1000,0,1000,200,ok,miss,1.0,,\"quoted, with comma\"\n";

} // namespace

class TestCliImport final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }

private slots:
    void importAndSummaryMatchIndependentFigures()
    {
        const QString db = path("a.db");
        writeFile(path("requests.csv"), kRequestsCsv);
        writeFile(path("outcomes.jsonl"),
                  "{\"timestamp\":\"2026-05-04T10:00:00Z\",\"feature\":\"support\",\"unit\":\"resolved_ticket\",\"outcome_id\":\"t1\"}\n"
                  "{\"timestamp\":\"2026-05-05T10:00:00Z\",\"feature\":\"support\",\"unit\":\"resolved_ticket\",\"count\":2,\"outcome_id\":\"t2\"}\n");
        Run r = runCli({QStringLiteral("--db"), db, QStringLiteral("import"), path("requests.csv"), path("outcomes.jsonl")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("5 rows read, 5 added")));

        r = runCli({QStringLiteral("--db"), db, QStringLiteral("summary"), QStringLiteral("--format"), QStringLiteral("json"),
                    QStringLiteral("--from"), QStringLiteral("2026-05-04"), QStringLiteral("--to"), QStringLiteral("2026-05-05")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j.value(QStringLiteral("from")).toString(), QStringLiteral("2026-05-04"));
        QCOMPARE(j.value(QStringLiteral("to")).toString(), QStringLiteral("2026-05-05"));
        QCOMPARE(j.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));

        // gpt-4o-mini: $0.15 in, $0.075 cached, $0.60 out per 1M.
        const qint64 r1 = perMillion(600, 150'000) + perMillion(400, 75'000) + perMillion(500, 600'000);
        const qint64 r2 = perMillion(2000, 150'000) + perMillion(100, 600'000);
        const qint64 r5 = perMillion(1000, 150'000) + perMillion(1000, 600'000);
        // claude-haiku-4-5: $1 in, $5 out; r4 carries a provider-reported $0.25 that wins.
        const qint64 r3 = perMillion(4000, 1'000'000) + perMillion(1000, 5'000'000);
        const qint64 r4 = 250'000'000;
        QHash<QString, QJsonObject> rows;
        for (const QJsonValue& v : j.value(QStringLiteral("rows")).toArray())
            rows.insert(v.toObject().value(QStringLiteral("key")).toString(), v.toObject());
        QCOMPARE(rows.size(), 2);
        const QJsonObject support = rows.value(QStringLiteral("support"));
        auto nanos = [](const QJsonValue& v) {
            const QString s = v.toString();
            const int dot = s.indexOf(QLatin1Char('.'));
            QString frac = dot < 0 ? QString() : s.mid(dot + 1);
            frac = frac.leftJustified(9, QLatin1Char('0'));
            return s.left(dot < 0 ? s.size() : dot).toLongLong() * 1'000'000'000 + frac.toLongLong();
        };
        QCOMPARE(nanos(support.value(QStringLiteral("cost"))), r1 + r2 + r5);
        QCOMPARE(support.value(QStringLiteral("requests")).toInt(), 3);
        QCOMPARE(support.value(QStringLiteral("units")).toInt(), 3);
        QCOMPARE(nanos(support.value(QStringLiteral("cost_per_unit"))), (r1 + r2 + r5) / 3); // divides exactly here
        QCOMPARE(support.value(QStringLiteral("input_tokens")).toInt(), 4000);
        QCOMPARE(support.value(QStringLiteral("cached_input_tokens")).toInt(), 400);
        QCOMPARE(support.value(QStringLiteral("output_tokens")).toInt(), 1600);
        QCOMPARE(support.value(QStringLiteral("accuracy")).toDouble(), 0.95);
        QCOMPARE(support.value(QStringLiteral("cache_hit_rate")).toDouble(), 1.0 / 3.0);
        // Latency p50 of {120, 340, 200} is 200 within the histogram's 1%.
        QVERIFY(qAbs(support.value(QStringLiteral("latency_p50_ms")).toDouble() - 200.0) <= 2.0);
        QVERIFY(qAbs(support.value(QStringLiteral("latency_p99_ms")).toDouble() - 340.0) <= 3.4);

        const QJsonObject search = rows.value(QStringLiteral("search"));
        QCOMPARE(nanos(search.value(QStringLiteral("cost"))), r3 + r4);
        QCOMPARE(search.value(QStringLiteral("errors")).toInt(), 1);
        QVERIFY(search.value(QStringLiteral("units")).isNull());          // no outcomes: null, never 0
        QVERIFY(search.value(QStringLiteral("cost_per_unit")).isNull());
        QVERIFY(search.value(QStringLiteral("cache_hit_rate")).isNull()); // no cache lookups
        QCOMPARE(search.value(QStringLiteral("accuracy")).toDouble(), 0.5);

        const QJsonObject total = j.value(QStringLiteral("total")).toObject();
        QCOMPARE(nanos(total.value(QStringLiteral("cost"))), r1 + r2 + r3 + r4 + r5);
        QCOMPARE(total.value(QStringLiteral("requests")).toInt(), 5);
        QCOMPARE(total.value(QStringLiteral("unpriced_requests")).toInt(), 0);
        QVERIFY(!total.contains(QStringLiteral("key")));

        // By day: 2026-05-04 (r1..r4; r2 is 07:30Z) and 2026-05-05 (r5).
        r = runCli({QStringLiteral("--db"), db, QStringLiteral("summary"), QStringLiteral("--by"), QStringLiteral("day"),
                    QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray days = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("rows")).toArray();
        QCOMPARE(days.size(), 2);
        QCOMPARE(days[0].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("2026-05-04"));
        QCOMPARE(days[0].toObject().value(QStringLiteral("requests")).toInt(), 4);
        QCOMPARE(nanos(days[1].toObject().value(QStringLiteral("cost"))), r5);

        // Table and CSV show the same figures.
        r = runCli({QStringLiteral("--db"), db, QStringLiteral("summary")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("support")));
        r = runCli({QStringLiteral("--db"), db, QStringLiteral("summary"), QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY(r.out.startsWith(QStringLiteral("feature,requests,errors,cost,units,cost_per_unit")));
    }

    void reimportAddsNothing()
    {
        const QString db = path("b.db");
        writeFile(path("req.csv"), kRequestsCsv);
        QCOMPARE(runCli({QStringLiteral("--db"), db, QStringLiteral("import"), path("req.csv")}).exitCode, 0);
        // The same file again, then an overlapping JSON Lines file with one new row.
        Run r = runCli({QStringLiteral("--db"), db, QStringLiteral("import"), path("req.csv")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("0 added, 5 already in the store")), qPrintable(r.out));
        writeFile(path("overlap.jsonl"),
                  "{\"timestamp\":\"2026-05-04T09:00:00Z\",\"request_id\":\"r1\",\"feature\":\"support\",\"provider\":\"openai\","
                  "\"model\":\"gpt-4o-mini\",\"input_tokens\":1000,\"cached_input_tokens\":400,\"output_tokens\":500}\n"
                  "{\"timestamp\":\"2026-05-06T09:00:00Z\",\"request_id\":\"r9\",\"feature\":\"support\",\"provider\":\"openai\","
                  "\"model\":\"gpt-4o-mini\",\"input_tokens\":10,\"output_tokens\":5,\"latency_ms\":12.5,\"batch\":true}\n");
        r = runCli({QStringLiteral("--db"), db, QStringLiteral("import"), QStringLiteral("--format"), QStringLiteral("json"),
                    path("overlap.jsonl")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).array().first().toObject();
        QCOMPARE(o.value(QStringLiteral("rows_added")).toInt(), 1);
        QCOMPARE(o.value(QStringLiteral("rows_duplicate")).toInt(), 1);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM request"), qint64(6));
        QCOMPARE(count(db, "SELECT SUM(requests) FROM rollup_hourly"), qint64(6));
    }

    void unpricedIsCountedNotZero()
    {
        const QString db = path("c.db");
        writeFile(path("unpriced.csv"), "timestamp,feature,provider,model,input_tokens,output_tokens\n"
                                        "2026-05-04T09:00:00Z,f,acme,acme-large,100,100\n");
        Run r = runCli({QStringLiteral("--db"), db, QStringLiteral("import"), path("unpriced.csv")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("1 UNPRICED")));
        r = runCli({QStringLiteral("--db"), db, QStringLiteral("summary"), QStringLiteral("--format"), QStringLiteral("json")});
        const QJsonObject total = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("total")).toObject();
        QCOMPARE(total.value(QStringLiteral("unpriced_requests")).toInt(), 1);
        r = runCli({QStringLiteral("--db"), db, QStringLiteral("summary")});
        QVERIFY(r.out.contains(QStringLiteral("1 requests have no price")));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<QString>("expectedPlace"); // file:line[:column] part of the message
        QTest::addColumn<QString>("expectedText");
        const QByteArray header = "timestamp,feature,provider,model,input_tokens,output_tokens\n";
        const QByteArray good = "2026-05-04T09:00:00Z,f,openai,gpt-4o,10,10\n";
        QTest::newRow("unclosed quote") << (header + good + "2026-05-04T09:00:00Z,\"f,openai,gpt-4o,10,10\n") << "csv"
                                        << ":3" << "quoted field";
        QTest::newRow("wrong type") << (header + good + "2026-05-04T09:00:00Z,f,openai,gpt-4o,ten,10\n") << "csv"
                                    << ":3:38" << "field 'input_tokens'";
        QTest::newRow("negative tokens") << (header + good + "2026-05-04T09:00:00Z,f,openai,gpt-4o,10,-5\n") << "csv"
                                         << ":3:41" << "cannot be negative";
        QTest::newRow("absurd tokens") << (header + good + "2026-05-04T09:00:00Z,f,openai,gpt-4o,999999999999,1\n")
                                       << "csv" << ":3:38" << "absurd";
        QTest::newRow("bad timestamp") << (header + good + "yesterday,f,openai,gpt-4o,10,10\n") << "csv" << ":3:1"
                                       << "field 'timestamp'";
        QTest::newRow("missing column") << QByteArray("timestamp,feature,provider,input_tokens,output_tokens\n"
                                                      "2026-05-04T09:00:00Z,f,openai,10,10\n")
                                        << "csv" << ":1:1" << "model";
        QTest::newRow("missing value") << (header + "2026-05-04T09:00:00Z,,openai,gpt-4o,10,10\n") << "csv" << ":2"
                                       << "feature";
        QTest::newRow("short row") << (header + good + "2026-05-04T09:00:00Z,f,openai\n") << "csv" << ":3"
                                   << "has 3 fields";
        QTest::newRow("cached exceeds input") << QByteArray("timestamp,feature,provider,model,input_tokens,cached_input_tokens,output_tokens\n"
                                                            "2026-05-04T09:00:00Z,f,openai,gpt-4o,10,20,1\n")
                                              << "csv" << ":2" << "exceed input_tokens";
        QTest::newRow("empty file") << QByteArray() << "csv" << "" << "empty";
        QTest::newRow("header only") << header << "csv" << "" << "no rows";
        QTest::newRow("not text") << QByteArray("\x00\x01\x02\x03\xff\xfe", 6) << "csv" << "" << "not text";
        QTest::newRow("bad json line") << QByteArray("{\"timestamp\":\"2026-05-04T09:00:00Z\",\"feature\":\"f\",\"provider\":\"openai\","
                                                     "\"model\":\"gpt-4o\",\"input_tokens\":1,\"output_tokens\":1}\n{\"timestamp\": \n")
                                       << "jsonl" << ":2" << "not valid JSON";
        QTest::newRow("json wrong type") << QByteArray("{\"timestamp\":\"2026-05-04T09:00:00Z\",\"feature\":\"f\",\"provider\":\"openai\","
                                                       "\"model\":\"gpt-4o\",\"input_tokens\":\"many\",\"output_tokens\":1}\n")
                                         << "jsonl" << ":1" << "field 'input_tokens'";
        QTest::newRow("json missing key") << QByteArray("{\"timestamp\":\"2026-05-04T09:00:00Z\",\"feature\":\"f\",\"provider\":\"openai\","
                                                        "\"input_tokens\":1,\"output_tokens\":1}\n")
                                          << "jsonl" << ":1" << "model";
        QTest::newRow("bad eval score") << QByteArray("timestamp,feature,provider,model,input_tokens,output_tokens,eval_score\n"
                                                      "2026-05-04T09:00:00Z,f,openai,gpt-4o,1,1,1.5\n")
                                        << "csv" << ":2:42" << "eval score";
    }

    void badInput()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, suffix);
        QFETCH(QString, expectedPlace);
        QFETCH(QString, expectedText);
        const QString db = path("bad.db");
        // The store holds good data first; a failed import must leave it exactly as it was.
        writeFile(path("good.csv"), kRequestsCsv);
        QCOMPARE(runCli({QStringLiteral("--db"), db, QStringLiteral("import"), path("good.csv")}).exitCode, 0);
        const qint64 before = count(db, "SELECT COUNT(*) FROM request");
        const qint64 rollupBefore = count(db, "SELECT SUM(requests) FROM rollup_hourly");
        const QString file = path("bad.") + suffix;
        writeFile(file, content);
        Run r = runCli({QStringLiteral("--db"), db, QStringLiteral("import"), QStringLiteral("--kind"),
                        QStringLiteral("requests"), file});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(file + expectedPlace), qPrintable(r.err));
        QVERIFY2(r.err.contains(expectedText), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral("Segmentation")), qPrintable(r.err));
        QCOMPARE(count(db, "SELECT COUNT(*) FROM request"), before);
        QCOMPARE(count(db, "SELECT SUM(requests) FROM rollup_hourly"), rollupBefore);
    }

    void cliBasics()
    {
        Run r = runCli({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("inferledger ")));
        r = runCli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("summary")));
        r = runCli({QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 64);
        r = runCli({QStringLiteral("--db"), path("x.db"), QStringLiteral("summary"), QStringLiteral("--by"), QStringLiteral("colour")});
        QCOMPARE(r.exitCode, 64);
        r = runCli({QStringLiteral("--db"), path("x.db"), QStringLiteral("import"), path("does-not-exist.csv")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QStringLiteral("does-not-exist.csv")));
    }

    void pricesShowAndImport()
    {
        const QString db = path("p.db");
        Run r = runCli({QStringLiteral("--db"), db, QStringLiteral("prices"), QStringLiteral("show"),
                        QStringLiteral("claude-sonnet-4-20250514")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("anthropic/claude-sonnet-4")));
        QVERIFY(r.out.contains(QStringLiteral("$3.00")));
        QVERIFY(r.out.contains(QStringLiteral("above 200000 input tokens")));
        writeFile(path("litellm.json"),
                  R"({"sample_spec": {}, "gpt-4o": {"litellm_provider": "openai", "input_cost_per_token": 2e-06,
                      "output_cost_per_token": 8e-06}, "openai/new-model": {"litellm_provider": "openai",
                      "input_cost_per_token": 1e-07, "output_cost_per_token": 4e-07}})");
        r = runCli({QStringLiteral("--db"), db, QStringLiteral("prices"), QStringLiteral("import"), path("litellm.json"),
                    QStringLiteral("--effective-from"), QStringLiteral("2026-06-01")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("Imported 2 model prices")));
        r = runCli({QStringLiteral("--db"), db, QStringLiteral("prices"), QStringLiteral("show"), QStringLiteral("new-model"),
                    QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray a = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(a.size(), 1);
        QCOMPARE(a[0].toObject().value(QStringLiteral("rates")).toObject().value(QStringLiteral("input")).toString(),
                 QStringLiteral("0.10"));
        // Requests before the new version keep the old price; after it, the new one.
        writeFile(path("two.csv"), "timestamp,feature,provider,model,input_tokens,output_tokens\n"
                                   "2026-05-31T12:00:00Z,f,openai,gpt-4o,1000000,0\n"
                                   "2026-06-01T12:00:00Z,f,openai,gpt-4o,1000000,0\n");
        QCOMPARE(runCli({QStringLiteral("--db"), db, QStringLiteral("import"), path("two.csv")}).exitCode, 0);
        r = runCli({QStringLiteral("--db"), db, QStringLiteral("summary"), QStringLiteral("--by"), QStringLiteral("day"),
                    QStringLiteral("--format"), QStringLiteral("json")});
        const QJsonArray days = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("rows")).toArray();
        QCOMPARE(days[0].toObject().value(QStringLiteral("cost")).toString(), QStringLiteral("2.50"));
        QCOMPARE(days[1].toObject().value(QStringLiteral("cost")).toString(), QStringLiteral("2.00"));
        r = runCli({QStringLiteral("--db"), db, QStringLiteral("prices"), QStringLiteral("import"), path("good.csv")});
        QCOMPARE(r.exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestCliImport)
#include "tst_cli_import.moc"
