// SPDX-License-Identifier: GPL-3.0-or-later
// Folder connectors (focus, otlp) end to end on real files and a real SQLite store: a first sync reads every
// file, a second reads none, a restated FOCUS file replaces its earlier rows (never doubles them), a grown OTLP
// file adds only its new spans, a bad file stops the sync with its place named and nothing of it stored, and a
// killed sync's committed files are not read again.
#include "ConnectorSync.h"
#include "FileConnectorSync.h"

#include "store/ConnectorStore.h"
#include "store/Store.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace il;

namespace {

const QByteArray kFocusHeader
    = "BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,"
      "ChargePeriodEnd,ChargeCategory,ChargeClass,ChargeDescription,BilledCost,EffectiveCost,ListCost,ContractedCost,"
      "InvoiceIssuerName,ProviderName,PublisherName,ServiceCategory,ServiceName,PricingQuantity,PricingUnit,Tags\n";

// One month of one provider's charges; `cents` per line, so a file's total is known in the test.
QByteArray focusFile(const char* provider, const char* month, const std::vector<int>& cents)
{
    QByteArray out = kFocusHeader;
    int day = 1;
    for (int c : cents) {
        const QByteArray d = QByteArray::number(day).rightJustified(2, '0');
        const QByteArray amount = QByteArray::number(c / 100) + "." + QByteArray::number(c % 100).rightJustified(2, '0');
        out += QByteArray("acct-1,Main,USD,") + month + "-01T00:00:00Z," + month + "-28T00:00:00Z," + month + "-" + d
            + "T00:00:00Z," + month + "-" + d + "T01:00:00Z,Usage,,line " + d + "," + amount + "," + amount + ","
            + amount + "," + amount + "," + provider + "," + provider + "," + provider
            + ",AI and Machine Learning,Bedrock,1,Hours,\"{\"\"feature\"\": \"\"support\"\"}\"\n";
        ++day;
    }
    return out;
}

QByteArray otlpLine(int first, int count)
{
    QByteArray spans;
    for (int i = first; i < first + count; ++i) {
        if (!spans.isEmpty())
            spans += ",";
        const QByteArray start = QByteArray::number(1780000000000000000LL + qint64(i) * 1'000'000'000LL);
        spans += "{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\""
            + QByteArray::number(0x1000 + i, 16).rightJustified(16, '0') + "\",\"name\":\"chat gpt-4o\",\"kind\":3,"
            + "\"startTimeUnixNano\":\"" + start + "\",\"endTimeUnixNano\":\"" + start + "\",\"attributes\":["
            + "{\"key\":\"gen_ai.provider.name\",\"value\":{\"stringValue\":\"openai\"}},"
            + "{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o\"}},"
            + "{\"key\":\"team.feature\",\"value\":{\"stringValue\":\"search\"}},"
            + "{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"100\"}},"
            + "{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"intValue\":\"10\"}}]}";
    }
    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{\"spans\":[" + spans + "]}]}]}\n";
}

void writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(data);
}

void appendFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::Append));
    f.write(data);
}

int64_t scalar(Store& s, const char* sql)
{
    Statement st(s.handle(), sql);
    return st.step() ? st.int64(0) : -1;
}

} // namespace

class TestFileConnectors final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::unique_ptr<Store> store(const char* name)
    {
        auto s = Store::open(m_dir.filePath(QString::fromUtf8(name)).toStdString());
        if (!s.ok() || !(*s)->ensureBundledPrices().ok())
            return nullptr;
        return std::move(*s);
    }

    ConnectorConfig folder(const char* name, const char* type, const QString& path)
    {
        ConnectorConfig c;
        c.name = name;
        c.type = type;
        c.keyStorage = KeyStorage::None;
        c.options["path"] = path.toStdString();
        return c;
    }

private slots:
    void configIsChecked()
    {
        ConnectorConfig c = folder("cur", "focus", m_dir.filePath(QStringLiteral("none")));
        QVERIFY(validateConnectorConfig(c).ok());
        c.options.erase("path");
        auto missing = validateConnectorConfig(c);
        QVERIFY(!missing.ok());
        QVERIFY(QString::fromStdString(missing.error().toString()).contains(QStringLiteral("--option path=")));
        c.options["path"] = "/x";
        c.options["bucket_width"] = "1h";
        QVERIFY(!validateConnectorConfig(c).ok());
        // A folder that is not there: test says so in plain words.
        auto t = testConnector(folder("cur", "focus", m_dir.filePath(QStringLiteral("none"))), {});
        QVERIFY(!t.ok());
        QVERIFY(QString::fromStdString(t.error().toString()).contains(QStringLiteral("does not exist")));
    }

    void focusFolderSyncsOnceAndTakesRestatements()
    {
        auto s = store("focus.db");
        QVERIFY(s);
        const QString root = m_dir.filePath(QStringLiteral("exports"));
        writeFile(root + QStringLiteral("/BILLING_PERIOD=2024-09/part-0.csv"), focusFile("AWS", "2024-09", { 100, 250, 1000 }));
        writeFile(root + QStringLiteral("/BILLING_PERIOD=2024-10/part-0.csv"), focusFile("AWS", "2024-10", { 500 }));
        writeFile(root + QStringLiteral("/.partial/part-0.csv"), focusFile("AWS", "2024-11", { 99999 })); // hidden: skipped
        writeFile(root + QStringLiteral("/README.txt"), "not an export");
        ConnectorConfig c = folder("cur", "focus", root);
        QVERIFY(addConnector(*s, c).ok());

        auto t = testConnector(c, {});
        QVERIFY2(t.ok(), t.ok() ? "" : t.error().toString().c_str());
        auto fresh = connectorStatus(*s, "cur");
        QVERIFY(fresh.ok() && !fresh->state.lastSuccessMs);
        QVERIFY(QString::fromStdString(*t).startsWith(QStringLiteral("2 FOCUS export files")));

        SyncRunReport first = syncConnector(*s, c, {}, {});
        QVERIFY2(first.ok(), first.error ? first.error->toString().c_str() : "");
        QCOMPARE(first.files, 2);
        QCOMPARE(first.filesImported, 2);
        QCOMPARE(first.fileRowsAdded, int64_t(4));
        auto st = connectorStatus(*s, "cur");
        QVERIFY(st.ok());
        QVERIFY(st->state.lastSuccessMs.has_value());
        QVERIFY(st->state.lastError.empty());
        QVERIFY(!st->state.watermarkMs); // a folder has no "complete up to"
        QCOMPARE(scalar(*s, "SELECT SUM(billed_cost) FROM billing_line"), int64_t(18'500'000'000));
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM billing_line l JOIN feature f ON f.id = l.feature_id"
                            " WHERE f.name = 'support'"),
                 int64_t(4));

        SyncRunReport again = syncConnector(*s, c, {}, {});
        QVERIFY(again.ok());
        QCOMPARE(again.filesImported, 0);
        QCOMPARE(again.filesUnchanged, 2);
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM billing_line"), int64_t(4));

        // The provider restates September: one line corrected, one line added. The new version replaces the old.
        std::this_thread::sleep_for(std::chrono::milliseconds(20)); // a visibly newer modification time
        writeFile(root + QStringLiteral("/BILLING_PERIOD=2024-09/part-0.csv"),
                  focusFile("AWS", "2024-09", { 100, 200, 1000, 75 }));
        SyncRunReport restated = syncConnector(*s, c, {}, {});
        QVERIFY2(restated.ok(), restated.error ? restated.error->toString().c_str() : "");
        QCOMPARE(restated.filesImported, 1);
        QCOMPARE(restated.fileRowsReplaced, int64_t(3));
        QCOMPARE(restated.fileRowsAdded, int64_t(1));
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM billing_line"), int64_t(5));
        // September is now 1.00 + 2.00 + 10.00 + 0.75, October 5.00: the old 2.50 line is gone, not kept beside.
        QCOMPARE(scalar(*s, "SELECT SUM(billed_cost) FROM billing_line"), int64_t(18'750'000'000));

        // Removed and added again (the cursor is gone): an unchanged file reads as new and adds nothing twice; a
        // restated one still replaces the lines its earlier version left.
        QVERIFY(*removeConnector(*s, "cur"));
        QVERIFY(addConnector(*s, c).ok());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        writeFile(root + QStringLiteral("/BILLING_PERIOD=2024-10/part-0.csv"), focusFile("AWS", "2024-10", { 600 }));
        SyncRunReport readded = syncConnector(*s, c, {}, {});
        QVERIFY2(readded.ok(), readded.error ? readded.error->toString().c_str() : "");
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM billing_line"), int64_t(5));
        QCOMPARE(scalar(*s, "SELECT SUM(billed_cost) FROM billing_line"), int64_t(19'750'000'000));

        // --purge takes the connector's billing lines with it.
        QVERIFY(*removeConnector(*s, "cur", true));
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM billing_line"), int64_t(0));

    }

    void anotherFolderIsAnotherSource()
    {
        auto s = store("edit.db");
        const QString a = m_dir.filePath(QStringLiteral("edit-a")), b = m_dir.filePath(QStringLiteral("edit-b"));
        writeFile(a + QStringLiteral("/x.csv"), focusFile("GCP", "2024-09", { 100 }));
        writeFile(b + QStringLiteral("/x.csv"), focusFile("GCP", "2024-10", { 200 }));
        ConnectorConfig c = folder("gcp", "focus", a);
        QVERIFY(addConnector(*s, c).ok());
        QVERIFY(syncConnector(*s, c, {}, {}).ok());
        QVERIFY(!connectorStatus(*s, "gcp")->state.cursor.empty());
        c.options["path"] = b.toStdString();
        QVERIFY(updateConnector(*s, c).ok());
        QVERIFY(connectorStatus(*s, "gcp")->state.cursor.empty()); // the new folder's files are all new
        SyncRunReport r = syncConnector(*s, c, {}, {});
        QVERIFY(r.ok());
        QCOMPARE(r.filesImported, 1);
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM billing_line"), int64_t(2));
        // An option that is not the source (the tag key) keeps the cursor.
        c.options["tag_key"] = "team";
        QVERIFY(updateConnector(*s, c).ok());
        QVERIFY(!connectorStatus(*s, "gcp")->state.cursor.empty());
    }

    void badFileStopsWithItsPlaceAndStoresNothingOfIt()
    {
        auto s = store("bad.db");
        const QString root = m_dir.filePath(QStringLiteral("bad"));
        writeFile(root + QStringLiteral("/a.csv"), focusFile("Azure", "2024-09", { 100 }));
        QByteArray broken = focusFile("Azure", "2024-10", { 200, 300 });
        broken.replace("3.00,3.00,3.00,3.00", "3.00,abc,3.00,3.00");
        writeFile(root + QStringLiteral("/b.csv"), broken);
        writeFile(root + QStringLiteral("/c.csv"), focusFile("Azure", "2024-11", { 400 }));
        ConnectorConfig c = folder("azure", "focus", root);
        QVERIFY(addConnector(*s, c).ok());
        SyncRunReport r = syncConnector(*s, c, {}, {});
        QVERIFY(r.error);
        const QString message = QString::fromStdString(r.error->toString());
        QVERIFY2(message.contains(QStringLiteral("b.csv:3:")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("EffectiveCost")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("sync azure")), qPrintable(message));
        QCOMPARE(r.batchesCommitted, 1); // a.csv is kept
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM billing_line"), int64_t(1));
        auto st = connectorStatus(*s, "azure");
        QVERIFY(!st->state.lastError.empty());

        // Fixed: the next sync reads b and c, and not a again.
        writeFile(root + QStringLiteral("/b.csv"), focusFile("Azure", "2024-10", { 200, 300 }));
        SyncRunReport fixed = syncConnector(*s, c, {}, {});
        QVERIFY2(fixed.ok(), fixed.error ? fixed.error->toString().c_str() : "");
        QCOMPARE(fixed.filesImported, 2);
        QCOMPARE(fixed.filesUnchanged, 1);
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM billing_line"), int64_t(4));
    }

    void cancelledSyncResumesWithTheFilesNotStored()
    {
        auto s = store("cancel.db");
        const QString root = m_dir.filePath(QStringLiteral("cancel"));
        for (int i = 0; i < 3; ++i)
            writeFile(root + QStringLiteral("/m%1.csv").arg(i), focusFile("OCI", "2024-09", { 100 + i }));
        ConnectorConfig c = folder("oci", "focus", root);
        QVERIFY(addConnector(*s, c).ok());
        std::atomic<bool> cancel { false };
        SyncRequest req;
        req.cancel = &cancel;
        req.batchCommitted = [&](const SyncBatchReport& b) {
            QVERIFY(!b.file.empty());
            cancel = true; // stop after the first file
        };
        SyncRunReport r = syncConnector(*s, c, {}, req);
        QVERIFY(r.cancelled);
        QCOMPARE(r.batchesCommitted, 1);
        SyncRunReport rest = syncConnector(*s, c, {}, {});
        QVERIFY(rest.ok());
        QCOMPARE(rest.filesImported, 2);
        QCOMPARE(rest.filesUnchanged, 1);
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM billing_line"), int64_t(3));
    }

    void otlpFileGrowsAndOnlyNewSpansAreAdded()
    {
        auto s = store("otlp.db");
        const QString file = m_dir.filePath(QStringLiteral("otel/traces.jsonl"));
        writeFile(file, otlpLine(0, 3));
        ConnectorConfig c = folder("otel", "otlp", file);
        c.options["feature_key"] = "team.feature";
        QVERIFY(addConnector(*s, c).ok());
        SyncRunReport first = syncConnector(*s, c, {}, {});
        QVERIFY2(first.ok(), first.error ? first.error->toString().c_str() : "");
        QCOMPARE(first.fileRowsAdded, int64_t(3));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        appendFile(file, otlpLine(3, 2));
        SyncRunReport grown = syncConnector(*s, c, {}, {});
        QVERIFY2(grown.ok(), grown.error ? grown.error->toString().c_str() : "");
        QCOMPARE(grown.fileRowsAdded, int64_t(2));
        QCOMPARE(scalar(*s, "SELECT SUM(requests) FROM rollup_hourly"), int64_t(5));
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM request r JOIN feature f ON f.id = r.feature_id WHERE f.name = 'search'"),
                 int64_t(5));
    }

    void otlpFolderReadsGzipExports()
    {
        auto s = store("otlpgz.db");
        const QString dir = m_dir.filePath(QStringLiteral("otelgz"));
        writeFile(dir + QStringLiteral("/a.jsonl"), otlpLine(100, 3));
        writeFile(dir + QStringLiteral("/b.jsonl"), otlpLine(200, 2));
        QCOMPARE(QProcess::execute(QStringLiteral("gzip"), {dir + QStringLiteral("/b.jsonl")}), 0); // → b.jsonl.gz
        QVERIFY(QFile::exists(dir + QStringLiteral("/b.jsonl.gz")));
        ConnectorConfig c = folder("otelgz", "otlp", dir);
        QVERIFY(addConnector(*s, c).ok());
        SyncRunReport r = syncConnector(*s, c, {}, {});
        QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "");
        QCOMPARE(r.fileRowsAdded, int64_t(5));
        QCOMPARE(scalar(*s, "SELECT SUM(requests) FROM rollup_hourly"), int64_t(5));
    }
};

QTEST_GUILESS_MAIN(TestFileConnectors)
#include "tst_file_connectors.moc"
