// SPDX-License-Identifier: GPL-3.0-or-later
// FOCUS exports compressed with gzip (.csv.gz, as AWS Data Exports writes them), end to end: the real binary
// imports a FOCUS file this test writes and gzips with zlib, and stores exactly what the plain file gives; gzip is
// told by its magic bytes, not the name; a damaged or cut-short stream names the file and the byte offset and
// stores nothing; a Parquet file is refused with what to export instead.
#include "store/Store.h"

#include "support/CliRun.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

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

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Each part becomes one gzip member (gzip(1) and `cat a.gz b.gz` make files like that), written with zlib's gzwrite.
bool writeGzip(const QString& path, const std::vector<QByteArray>& parts)
{
    QFile::remove(path);
    for (const QByteArray& part : parts) {
        gzFile gz = gzopen(QFile::encodeName(path).constData(), "ab9");
        if (!gz)
            return false;
        const bool ok = gzwrite(gz, part.constData(), unsigned(part.size())) == int(part.size());
        if (gzclose(gz) != Z_OK || !ok)
            return false;
    }
    return true;
}

qint64 scalar(const QString& db, const char* sql)
{
    auto s = Store::open(db.toStdString(), Store::Mode::ReadOnly);
    if (!s.ok())
        return -1;
    Statement st((*s)->handle(), sql);
    return st.step() ? st.int64(0) : -1;
}

// Every stored billing line as text, without ids and import ids, in key order: two stores compare equal when they
// hold the same charges.
QStringList dumpBilling(const QString& db)
{
    QStringList out;
    auto s = Store::open(db.toStdString(), Store::Mode::ReadOnly);
    if (!s.ok())
        return { QStringLiteral("cannot open %1").arg(db) };
    Statement st((*s)->handle(),
                 "SELECT natural_key||'|'||charge_period_start||'|'||billed_cost||'|'||effective_cost||'|'||list_cost"
                 "||'|'||currency FROM billing_line ORDER BY natural_key");
    while (st.step())
        out << QString::fromStdString(st.text(0));
    return out;
}

const QByteArray kHeader
    = "BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,"
      "ChargePeriodEnd,ChargeCategory,ChargeClass,ChargeDescription,BilledCost,EffectiveCost,ListCost,ContractedCost,"
      "InvoiceIssuerName,ProviderName,PublisherName,ServiceCategory,ServiceName,PricingQuantity,PricingUnit,"
      "PricingCategory,CommitmentDiscountStatus,Tags,x_ExportTime\n";

QByteArray money(qint64 nanos)
{
    const bool neg = nanos < 0;
    const qint64 a = neg ? -nanos : nanos;
    return (neg ? "-" : "") + QByteArray::number(a / 1'000'000'000) + "."
        + QByteArray::number(a % 1'000'000'000).rightJustified(9, '0');
}

// `rows` hourly charges across September 2024 from three providers, with quoted fields (a comma in a name, JSON
// tags) so that rows straddle the readers' buffer boundaries in every way. Amounts in nano-units.
QByteArray focusFile(int rows)
{
    static const char* const kProviders[] = { "AWS", "Microsoft", "Google Cloud" };
    const QDateTime sept = QDateTime(QDate(2024, 9, 1), QTime(0, 0), Qt::UTC);
    QByteArray data = kHeader;
    data.reserve(rows * 330);
    for (int i = 0; i < rows; ++i) {
        const char* provider = kProviders[i % 3];
        const QDateTime start = sept.addSecs(qint64(i % 720) * 3600);
        const qint64 billed = (qint64(i) * 7919 % 1'000'003) * 1000 - (i % 17 == 0 ? 3'000'000'000 : 0);
        data += "acct-" + QByteArray::number(i % 4) + ",NULL,USD,2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,"
            + start.toString(Qt::ISODate).toUtf8() + "," + start.addSecs(3600).toString(Qt::ISODate).toUtf8() + ","
            + (billed < 0 ? "Credit" : "Usage") + ",NULL,charge " + QByteArray::number(i) + "," + money(billed) + ","
            + money(billed * 9 / 10) + "," + money(billed + 1) + "," + money(billed + 1) + ",\"" + provider
            + ", Inc.\"," + provider + "," + provider + ",AI and Machine Learning,Service " + QByteArray::number(i % 7)
            + ",1.5E1,Hours,Standard,,\"{\"\"feature\"\": \"\"f" + QByteArray::number(i % 5)
            + "\"\"}\",2024-10-02T01:00:00Z\n";
    }
    return data;
}

constexpr int kRows = 25'000; // about 8 MB of text: more than one 4 MiB read buffer, many zlib input chunks

} // namespace

class TestFocusGzip final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QByteArray m_csv;
    QStringList m_plain;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    Run import(const QString& db, const QString& file, const QStringList& extra = {})
    {
        return runCli(QStringList { QStringLiteral("--db"), db, QStringLiteral("import") } + extra
                      + QStringList { file });
    }

private slots:
    void initTestCase()
    {
        m_csv = focusFile(kRows);
        QVERIFY(writeFile(path(QStringLiteral("focus.csv")), m_csv));
        const QString db = path(QStringLiteral("plain.db"));
        Run r = import(db, path(QStringLiteral("focus.csv")));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM billing_line"), qint64(kRows));
        m_plain = dumpBilling(db);
        QCOMPARE(m_plain.size(), kRows);
    }

    void gzipImportsAsThePlainFile_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("members");
        QTest::addColumn<bool>("explicitKind");
        QTest::newRow(".csv.gz") << QStringLiteral("focus.csv.gz") << 1 << false;
        QTest::newRow(".csv.gz with --kind focus") << QStringLiteral("kind.csv.gz") << 1 << true;
        QTest::newRow("gzip named .csv") << QStringLiteral("renamed.csv") << 1 << false; // the magic bytes decide
        QTest::newRow("three gzip members") << QStringLiteral("members.csv.gz") << 3 << false;
    }

    void gzipImportsAsThePlainFile()
    {
        QFETCH(QString, name);
        QFETCH(int, members);
        QFETCH(bool, explicitKind);
        std::vector<QByteArray> parts;
        const qsizetype step = m_csv.size() / members + 1;
        for (qsizetype at = 0; at < m_csv.size(); at += step)
            parts.push_back(m_csv.mid(at, step)); // members split mid-row: one text all the same
        QVERIFY(writeGzip(path(name), parts));
        const QByteArray gz = readFile(path(name));
        QVERIFY(gz.startsWith("\x1f\x8b"));
        QVERIFY(gz.size() < m_csv.size() / 3);

        const QString db = path(name + QStringLiteral(".db"));
        Run r
            = import(db, path(name),
                     explicitKind ? QStringList { QStringLiteral("--kind"), QStringLiteral("focus") } : QStringList {});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("focus, %1 rows read, %1 added").arg(kRows)), qPrintable(r.out));
        QCOMPARE(dumpBilling(db), m_plain);
        QCOMPARE(scalar(db, "SELECT rows_added FROM import_log WHERE kind='focus' AND status='ok'"), qint64(kRows));
    }

    void damagedGzipStoresNothing_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bytes altered") << QStringLiteral("alter") << QStringLiteral("the gzip stream is damaged");
        QTest::newRow("cut short") << QStringLiteral("cut")
                                   << QStringLiteral("the gzip stream ends early, at byte offset");
        QTest::newRow("data after the end")
            << QStringLiteral("trail") << QStringLiteral("unexpected data after the end of the gzip stream");
    }

    void damagedGzipStoresNothing()
    {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        QVERIFY(writeGzip(path(QStringLiteral("good.csv.gz")), { m_csv }));
        QByteArray gz = readFile(path(QStringLiteral("good.csv.gz")));
        qint64 cutAt = -1;
        if (damage == QStringLiteral("alter")) {
            for (qsizetype i = gz.size() / 2; i < gz.size() / 2 + 64; ++i)
                gz[i] = char(~gz[i]);
        } else if (damage == QStringLiteral("cut")) {
            cutAt = gz.size() * 3 / 5;
            gz.truncate(cutAt);
        } else {
            gz += "this is not gzip";
        }
        const QString file = path(QStringLiteral("damaged-%1.csv.gz").arg(damage));
        QVERIFY(writeFile(file, gz));
        const QString db = path(QStringLiteral("damaged-%1.db").arg(damage));
        Run r = import(db, file);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(file), qPrintable(r.err));
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("byte offset")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("Nothing was imported")), qPrintable(r.err));
        if (cutAt >= 0)
            QVERIFY2(r.err.contains(QStringLiteral("byte offset %1:").arg(cutAt)), qPrintable(r.err));
        // Whatever rows decompressed before the damage went back with the transaction.
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM billing_line"), qint64(0));
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM import_log WHERE status='ok'"), qint64(0));
    }

    void parquetIsRefusedWithWhatToDo_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow(".parquet") << QStringLiteral("export.parquet");
        QTest::newRow("Parquet named .csv") << QStringLiteral("export-parquet.csv");
    }

    void parquetIsRefusedWithWhatToDo()
    {
        QFETCH(QString, name);
        // A Parquet file starts (and ends) with the magic "PAR1".
        QVERIFY(writeFile(path(name), QByteArray("PAR1") + QByteArray(256, '\x15') + QByteArray("PAR1")));
        const QString db = path(name + QStringLiteral(".db"));
        for (const QStringList& extra :
             { QStringList {}, QStringList { QStringLiteral("--kind"), QStringLiteral("focus") } }) {
            Run r = import(db, path(name), extra);
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains(path(name)), qPrintable(r.err));
            QVERIFY2(r.err.contains(QStringLiteral("this is a Parquet file, which InferLedger does not read yet")),
                     qPrintable(r.err));
            QVERIFY2(r.err.contains(QStringLiteral("\"CSV (gzip)\"")), qPrintable(r.err));
        }
        QCOMPARE(scalar(path(name + QStringLiteral(".db")), "SELECT COUNT(*) FROM billing_line"), qint64(0));
    }

    // The request log reader shares the decompression: a gzipped CSV request log imports too.
    void gzipRequestLog()
    {
        QByteArray csv = "timestamp,feature,provider,model,input_tokens,output_tokens,latency_ms,request_id\n";
        for (int i = 0; i < 500; ++i)
            csv += "2026-01-01T00:" + QByteArray::number(i / 60 % 60).rightJustified(2, '0') + ":"
                + QByteArray::number(i % 60).rightJustified(2, '0') + "Z,support,openai,gpt-4o-mini,"
                + QByteArray::number(100 + i) + ",20,300,req-" + QByteArray::number(i) + "\n";
        QVERIFY(writeGzip(path(QStringLiteral("requests.csv.gz")), { csv }));
        const QString db = path(QStringLiteral("requests.db"));
        Run r = import(db, path(QStringLiteral("requests.csv.gz")));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM request"), qint64(500));
        QCOMPARE(scalar(db, "SELECT SUM(input_tokens) FROM request"), qint64(500 * 100 + 499 * 500 / 2));
    }
};

QTEST_GUILESS_MAIN(TestFocusGzip)
#include "tst_focus_gzip.moc"
