// SPDX-License-Identifier: GPL-3.0-or-later
// Request and outcome files parsed in blocks on several threads (files/BlockPipeline.h) give exactly what one
// block on one thread gives: the same records in file order, whatever the block size (down to one byte, so that
// every row and every quoted newline straddles a cut), the thread count, gzip or CRLF. A bad row is reported at
// its absolute line, and the first bad row in file order wins even when a later block fails first.
#include "analytics/Summary.h"
#include "domain/Time.h"
#include "files/BlockPipeline.h"
#include "files/FieldParsers.h"
#include "ingest/Ingestor.h"
#include "pricing/PriceCatalogue.h"
#include "store/Store.h"
#include "files/RecordFiles.h"
#include "otlp/OtlpSpanReader.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <cmath>

using namespace il;

namespace {

class MemorySink final : public IngestSink {
public:
    std::vector<RequestRecord> requests;
    std::vector<OutcomeEvent> outcomes;
    int calls = 0;
    Result<void> addRequests(std::span<const RequestRecord> batch) override
    {
        ++calls;
        requests.insert(requests.end(), batch.begin(), batch.end());
        return {};
    }
    Result<void> addOutcomes(std::span<const OutcomeEvent> batch) override
    {
        ++calls;
        outcomes.insert(outcomes.end(), batch.begin(), batch.end());
        return {};
    }
};

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

bool writeGzip(const QString& path, const QByteArray& data)
{
    QFile::remove(path);
    gzFile gz = gzopen(QFile::encodeName(path).constData(), "wb6");
    if (!gz)
        return false;
    const bool ok = gzwrite(gz, data.constData(), unsigned(data.size())) == int(data.size());
    return gzclose(gz) == Z_OK && ok;
}

constexpr const char* kHeader = "timestamp,request_id,feature,provider,model,input_tokens,cached_input_tokens,"
                                "output_tokens,latency_ms,status,service_tier,prompt_hash\n";

// `rows` CSV rows; some with quoted fields holding commas, doubled quotes and newlines.
QByteArray csvRows(int rows, const char* eol = "\n")
{
    QByteArray out = QByteArray(kHeader).replace("\n", eol);
    for (int i = 0; i < rows; ++i) {
        QByteArray feature = i % 7 == 3 ? QByteArray("\"support, tier \"\"2\"\"\nline two\"") : "search";
        if (i % 11 == 5)
            out += eol; // a blank line
        out += "2026-03-0" + QByteArray::number(1 + i % 9) + "T10:" + QByteArray::number(10 + i % 50) + ":00Z,req-"
            + QByteArray::number(i) + "," + feature + ",openai,gpt-4o-mini," + QByteArray::number(100 + i) + ","
            + QByteArray::number(i % 50) + "," + QByteArray::number(10 + i % 13) + "," + QByteArray::number(200 + i)
            + ",ok," + (i % 4 ? "" : "flex") + ",h" + QByteArray::number(i * 7919) + eol;
    }
    return out;
}

QByteArray jsonRows(int rows)
{
    QByteArray out;
    for (int i = 0; i < rows; ++i) {
        out += "{\"timestamp\":\"2026-03-02T10:00:0" + QByteArray::number(i % 10) + "Z\",\"request_id\":\"r" + QByteArray::number(i)
            + "\",\"feature\":\"f" + QByteArray::number(i % 3) + "\",\"provider\":\"anthropic\",\"model\":\"claude-haiku-4-5\","
            + "\"input_tokens\":" + QByteArray::number(1000 + i) + ",\"output_tokens\":" + QByteArray::number(i % 40)
            + (i % 5 ? ",\"eval_score\":0.5" : "") + "}\n";
        if (i % 9 == 4)
            out += "\n";
    }
    return out;
}

struct Read {
    bool ok = false;
    Error error;
    std::vector<RequestRecord> requests;
    int calls = 0;
};

// The file read by `reader` (readRequestLog or readOtlpFile) in blocks of `blockBytes` on `threads` threads.
template <typename Options, typename Reader>
Read readWith(Reader reader, const QString& path, size_t blockBytes, int threads)
{
    MemorySink sink;
    Options opt;
    opt.blockBytes = blockBytes;
    opt.parserThreads = threads;
    auto r = reader(path.toStdString(), sink, opt);
    Read out;
    out.ok = r.ok();
    if (!r)
        out.error = r.error();
    out.requests = std::move(sink.requests);
    out.calls = sink.calls;
    return out;
}

Read read(const QString& path, size_t blockBytes, int threads)
{
    return readWith<ReadOptions>(readRequestLog, path, blockBytes, threads);
}

bool same(const RequestRecord& a, const RequestRecord& b)
{
    return a.timestampMs == b.timestampMs && a.requestId == b.requestId && a.feature == b.feature
        && a.provider == b.provider && a.model == b.model && a.inputTokens == b.inputTokens
        && a.cachedInputTokens == b.cachedInputTokens && a.outputTokens == b.outputTokens && a.latencyMs == b.latencyMs
        && a.serviceTier == b.serviceTier && a.promptHash == b.promptHash
        && (a.evalScore == b.evalScore || (std::isnan(a.evalScore) && std::isnan(b.evalScore)));
}

// One OTLP/JSON export request with one GenAI client span (`id` makes its span id unique).
QByteArray otlpLine(int id, const QByteArray& inputTokens = "{\"intValue\":\"100\"}")
{
    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{\"scope\":{\"name\":\"t\"},"
           "\"spans\":[{\"traceId\":\"5B8EFFF798038103D269B633813FC60C\",\"spanId\":\"" + QByteArray::number(1000000 + id)
        + "\",\"name\":\"chat\",\"kind\":3,\"startTimeUnixNano\":\"1780000" + QByteArray::number(10000000 + id)
        + "0000\",\"endTimeUnixNano\":\"1780000" + QByteArray::number(10000000 + id) + "5000\",\"attributes\":["
          "{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"chat\"}},"
          "{\"key\":\"gen_ai.provider.name\",\"value\":{\"stringValue\":\"openai\"}},"
          "{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o\"}},"
          "{\"key\":\"gen_ai.usage.input_tokens\",\"value\":" + inputTokens + "},"
          "{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"intValue\":\"" + QByteArray::number(id) + "\"}}]}]}]}]}";
}

Read readOtlp(const QString& path, size_t blockBytes, int threads)
{
    return readWith<OtlpReadOptions>(readOtlpFile, path, blockBytes, threads);
}

} // namespace

class TestBlockParsing : public QObject {
    Q_OBJECT

private slots:
    void sameRecordsWhateverTheBlocks_data();
    void sameRecordsWhateverTheBlocks();
    void errorAtItsAbsoluteLine_data();
    void errorAtItsAbsoluteLine();
    void firstErrorInFileOrderWins();
    void nulByteAtItsLine();
    void cancelStopsTheRead();
    void fileTruncatedWhileReadFailsCleanly();
    void csvCutOnlyOutsideQuotes();
    void otlpJsonLinesPlainAndGzip();
    void otlpErrorAtItsAbsoluteLine();
    void storeTheSameWhateverTheThreads();
    void paddedValuesAndTheirErrors();
    void numbersParseAsTheyRead_data();
    void numbersParseAsTheyRead();

private:
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }
};

void TestBlockParsing::sameRecordsWhateverTheBlocks_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("gzip");
    QTest::addColumn<int>("rows");
    QTest::newRow("csv") << csvRows(400) << false << 400;
    QTest::newRow("csv crlf") << csvRows(300, "\r\n") << false << 300;
    QTest::newRow("csv bom") << QByteArray("\xEF\xBB\xBF") + csvRows(50) << false << 50;
    QTest::newRow("csv gzip") << csvRows(400) << true << 400;
    QTest::newRow("csv no final newline") << csvRows(30).chopped(1) << false << 30;
    QTest::newRow("jsonl") << jsonRows(300) << false << 300;
    QTest::newRow("jsonl gzip") << jsonRows(300) << true << 300;
    QTest::newRow("jsonl no final newline") << jsonRows(20).chopped(1) << false << 20;
}

void TestBlockParsing::sameRecordsWhateverTheBlocks()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, gzip);
    QFETCH(int, rows);
    const QString file = path(gzip ? "same.gz" : "same.txt");
    QVERIFY(gzip ? writeGzip(file, text) : writeFile(file, text));
    const Read whole = read(file, size_t(64) << 20, 1);
    QVERIFY2(whole.ok, whole.error.toString().c_str());
    QCOMPARE(whole.requests.size(), size_t(rows));
    QCOMPARE(whole.calls, 1);
    for (size_t blockBytes : {size_t(1), size_t(97), size_t(1000), size_t(4096)}) {
        for (int threads : {1, 2, 4}) {
            const Read r = read(file, blockBytes, threads);
            QVERIFY2(r.ok, r.error.toString().c_str());
            QCOMPARE(r.requests.size(), whole.requests.size());
            for (size_t i = 0; i < r.requests.size(); ++i)
                QVERIFY2(same(r.requests[i], whole.requests[i]),
                         qPrintable(QStringLiteral("record %1, blocks of %2 bytes, %3 threads").arg(i).arg(blockBytes).arg(threads)));
            if (blockBytes <= 1000)
                QVERIFY(r.calls > 1); // really cut into blocks
        }
    }
    QCOMPARE(QString::fromStdString(whole.requests[3].feature),
             text.contains("support") ? QStringLiteral("support, tier \"2\"\nline two") : QStringLiteral("f0"));
}

void TestBlockParsing::errorAtItsAbsoluteLine_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("field");
    // Row i of csvRows starts on line 2 + i + (blank lines before it) + (quoted newlines before it).
    QByteArray csv = csvRows(200);
    const int badRow = 150;
    const QByteArray needle = ",req-" + QByteArray::number(badRow) + ",";
    const qsizetype at = csv.indexOf(needle);
    const int csvLine = int(csv.left(at).count('\n')) + 1;
    const qsizetype tokens = csv.indexOf(",openai,gpt-4o-mini,", at) + qsizetype(strlen(",openai,gpt-4o-mini,"));
    csv.replace(tokens, 3, "-12"); // input_tokens 250 → -12…
    QTest::newRow("csv negative tokens") << csv << csvLine << QStringLiteral("input_tokens");
    QByteArray json = jsonRows(200);
    const qsizetype jat = json.indexOf("\"request_id\":\"r170\"");
    const int jsonLine = int(json.left(jat).count('\n')) + 1;
    json.insert(json.indexOf("}\n", jat), ",\"latency_ms\":\"slow\"");
    QTest::newRow("jsonl bad latency") << json << jsonLine << QStringLiteral("latency_ms");
}

void TestBlockParsing::errorAtItsAbsoluteLine()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, field);
    const QString file = path("bad.txt");
    QVERIFY(writeFile(file, text));
    for (size_t blockBytes : {size_t(64) << 20, size_t(1), size_t(333)}) {
        for (int threads : {1, 2, 4}) {
            const Read r = read(file, blockBytes, threads);
            QVERIFY(!r.ok);
            QCOMPARE(r.error.line, static_cast<long long>(line));
            QCOMPARE(QString::fromStdString(r.error.field), field);
            QCOMPARE(QString::fromStdString(r.error.source), file);
        }
    }
}

void TestBlockParsing::firstErrorInFileOrderWins()
{
    // Row 20 has a bad status; every row from 100 on is bad too (later blocks fail, possibly first in time).
    QByteArray text = kHeader;
    for (int i = 0; i < 400; ++i) {
        const QByteArray status = i == 20 ? "maybe" : (i >= 100 ? "" : "ok");
        text += "2026-03-01T10:00:00Z,r" + QByteArray::number(i) + ",f,openai,gpt-4o," + (i >= 100 ? "x" : "10")
            + ",0,5,100," + status + ",,\n";
    }
    const QString file = path("first.csv");
    QVERIFY(writeFile(file, text));
    for (int threads : {2, 4}) {
        const Read r = read(file, 50, threads);
        QVERIFY(!r.ok);
        QCOMPARE(r.error.line, 22LL);
        QCOMPARE(QString::fromStdString(r.error.field), QStringLiteral("status"));
    }
}

void TestBlockParsing::nulByteAtItsLine()
{
    QByteArray text = csvRows(100);
    const qsizetype at = text.indexOf(",req-60,");
    const int line = int(text.left(at).count('\n')) + 1;
    text[at + 3] = '\0';
    const QString file = path("nul.csv");
    QVERIFY(writeFile(file, text));
    for (size_t blockBytes : {size_t(64) << 20, size_t(500)}) {
        const Read r = read(file, blockBytes, 2);
        QVERIFY(!r.ok);
        QVERIFY2(QString::fromStdString(r.error.message).contains(QLatin1String("not text")), r.error.toString().c_str());
        QCOMPARE(r.error.line, static_cast<long long>(line));
    }
}

void TestBlockParsing::cancelStopsTheRead()
{
    const QString file = path("cancel.csv");
    QVERIFY(writeFile(file, csvRows(2000)));
    std::atomic<bool> cancel { true };
    MemorySink sink;
    ReadOptions opt;
    opt.blockBytes = 1000;
    opt.parserThreads = 2;
    opt.cancel = &cancel;
    auto r = readRequestLog(file.toStdString(), sink, opt);
    QVERIFY(!r.ok());
    QVERIFY(QString::fromStdString(r.error().message).contains(QLatin1String("cancelled")));
    QCOMPARE(sink.calls, 1); // stopped after the first block
}

void TestBlockParsing::fileTruncatedWhileReadFailsCleanly()
{
    // The file is mapped; cut short after the first 8 MiB are stored, its pages past the new end raise SIGBUS in
    // the parser threads. The read must fail with an error that says so, not kill the process.
    const QString file = path("shrinks.csv");
    QVERIFY(writeFile(file, csvRows(200000)));
    QVERIFY(QFileInfo(file).size() > (12 << 20));
    MemorySink sink;
    ReadOptions opt;
    opt.blockBytes = 64 << 10;
    opt.parserThreads = 2;
    bool truncated = false;
    opt.progress = [&](uint64_t, uint64_t) {
        if (!truncated)
            truncated = QFile::resize(file, 1000);
    };
    auto r = readRequestLog(file.toStdString(), sink, opt);
    QVERIFY(truncated);
    QVERIFY(!r.ok());
    QVERIFY2(QString::fromStdString(r.error().message).contains(QLatin1String("became shorter")), r.error().toString().c_str());
    QCOMPARE(QString::fromStdString(r.error().source), file);

    // The handler only answers for mappings it knows: the next file reads normally.
    QVERIFY(writeFile(file, csvRows(50)));
    const Read again = read(file, 1000, 2);
    QVERIFY(again.ok);
    QCOMPARE(int(again.requests.size()), 50);
}

void TestBlockParsing::csvCutOnlyOutsideQuotes()
{
    // A quoted field holding many newlines and an odd number of quote characters per block.
    QByteArray text = kHeader;
    QByteArray feature = "\"";
    for (int i = 0; i < 300; ++i)
        feature += "line " + QByteArray::number(i) + " says \"\"hi\"\"\n";
    feature += "\"";
    text += "2026-03-01T10:00:00Z,r1," + feature + ",openai,gpt-4o,10,0,5,100,ok,,\n";
    text += "2026-03-01T10:00:01Z,r2,plain,openai,gpt-4o,10,0,5,100,ok,,\n";
    const QString file = path("quoted.csv");
    QVERIFY(writeFile(file, text));
    for (size_t blockBytes : {size_t(1), size_t(100), size_t(4096)}) {
        const Read r = read(file, blockBytes, 2);
        QVERIFY2(r.ok, r.error.toString().c_str());
        QCOMPARE(r.requests.size(), size_t(2));
        QVERIFY(QString::fromStdString(r.requests[0].feature).startsWith(QLatin1String("line 0 says \"hi\"\nline 1")));
        QCOMPARE(QString::fromStdString(r.requests[1].feature), QStringLiteral("plain"));
    }
    // A bad value after the long quoted field: its line counts every newline inside the quotes.
    text += "2026-03-01T10:00:02Z,r3,plain,openai,gpt-4o,ten,0,5,100,ok,,\n";
    QVERIFY(writeFile(file, text));
    const Read bad = read(file, 100, 2);
    QVERIFY(!bad.ok);
    QCOMPARE(bad.error.line, 1LL + 301 + 1 + 1);
}

void TestBlockParsing::otlpJsonLinesPlainAndGzip()
{
    QByteArray lines;
    for (int i = 0; i < 120; ++i)
        lines += otlpLine(i) + (i % 10 == 7 ? "\n\n" : "\n");
    QVERIFY(writeFile(path("spans.jsonl"), lines));
    QVERIFY(writeGzip(path("spans.jsonl.gz"), lines));
    const Read whole = readOtlp(path("spans.jsonl"), size_t(64) << 20, 1);
    QVERIFY2(whole.ok, whole.error.toString().c_str());
    QCOMPARE(whole.requests.size(), size_t(120));
    for (const char* name : {"spans.jsonl", "spans.jsonl.gz"}) {
        for (size_t blockBytes : {size_t(1), size_t(700), size_t(64) << 20}) {
            const Read r = readOtlp(path(name), blockBytes, 3);
            QVERIFY2(r.ok, r.error.toString().c_str());
            QCOMPARE(r.requests.size(), whole.requests.size());
            for (size_t i = 0; i < r.requests.size(); ++i)
                QVERIFY(same(r.requests[i], whole.requests[i]));
        }
    }
    QCOMPARE(whole.requests[5].outputTokens, 5LL);
    // One pretty-printed export object (not JSON Lines) is read whole, from gzip too.
    QByteArray pretty = otlpLine(7);
    pretty.replace(",\"scopeSpans\"", ",\n  \"scopeSpans\"");
    QVERIFY(writeGzip(path("export.json.gz"), pretty));
    const Read one = readOtlp(path("export.json.gz"), 1, 2);
    QVERIFY2(one.ok, one.error.toString().c_str());
    QCOMPARE(one.requests.size(), size_t(1));
    QCOMPARE(one.requests[0].outputTokens, 7LL);
}

void TestBlockParsing::otlpErrorAtItsAbsoluteLine()
{
    QByteArray lines;
    for (int i = 0; i < 60; ++i) {
        if (i % 10 == 3)
            lines += "\n"; // blank lines count as lines
        lines += (i == 44 ? otlpLine(i, "{\"intValue\":\"-5\"}") : otlpLine(i)) + "\n";
    }
    const int line = 44 + 5 + 1; // 44 lines before it, 5 blank ones
    QVERIFY(writeFile(path("bad.jsonl"), lines));
    for (size_t blockBytes : {size_t(1), size_t(900), size_t(64) << 20}) {
        for (int threads : {1, 4}) {
            const Read r = readOtlp(path("bad.jsonl"), blockBytes, threads);
            QVERIFY(!r.ok);
            QCOMPARE(r.error.line, static_cast<long long>(line));
        }
    }
}

QTEST_APPLESS_MAIN(TestBlockParsing)
// Spaces and tabs around a value are not part of it (trimmed once per field, then not again); a bad value's
// error quotes it trimmed, at its line, column and field.
void TestBlockParsing::paddedValuesAndTheirErrors()
{
    const QString file = path("padded.csv");
    QVERIFY(writeFile(file, QByteArray(kHeader)
                                + "2026-03-01T10:00:00Z, r1 ,\tsupport\t,openai, gpt-4o ,  1200 ,200,\t50,  340 , ok ,  ,abcd \r\n"
                                + "2026-03-01T10:00:01Z,r2,support,openai,gpt-4o,1200,200,50,340,ok,,abcd\n"));
    Read r = read(file, size_t(1) << 20, 1);
    QVERIFY2(r.ok, r.error.toString().c_str());
    QCOMPARE(int(r.requests.size()), 2);
    const RequestRecord &a = r.requests[0], &b = r.requests[1];
    QCOMPARE(a.requestId, std::string("r1"));
    QCOMPARE(a.feature, b.feature);
    QCOMPARE(a.model, b.model);
    QCOMPARE(a.inputTokens, b.inputTokens);
    QCOMPARE(a.outputTokens, b.outputTokens);
    QCOMPARE(a.latencyMs, b.latencyMs);
    QCOMPARE(a.error, b.error);
    QCOMPARE(a.serviceTier, std::string());
    QCOMPARE(a.promptHash, b.promptHash);

    QVERIFY(writeFile(file, QByteArray(kHeader) + "2026-03-01T10:00:00Z,r1,support,openai,gpt-4o,  12x ,0,5,100,ok,,\n"));
    r = read(file, size_t(1) << 20, 1);
    QVERIFY(!r.ok);
    QCOMPARE(QString::fromStdString(r.error.message), QStringLiteral("expected a whole number of tokens, got \"12x\""));
    QCOMPARE(QString::fromStdString(r.error.field), QStringLiteral("input_tokens"));
    QCOMPARE(r.error.line, 2LL);
    QCOMPARE(r.error.column, 47); // where the field starts, padding included
    QVERIFY(writeFile(file, QByteArray(kHeader) + "2026-03-01T10:00:00Z,r1,support,openai,gpt-4o,-3,0,5,100,ok,,\n"));
    r = read(file, size_t(1) << 20, 1);
    QVERIFY(!r.ok);
    QCOMPARE(QString::fromStdString(r.error.message), QStringLiteral("a token count cannot be negative (-3)"));
}

// Whole numbers take a plain-digit fast path (FieldParsers.h); every form must read as before.
void TestBlockParsing::numbersParseAsTheyRead_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isInt");
    QTest::addColumn<qint64>("intValue");
    QTest::addColumn<bool>("isDouble");
    QTest::addColumn<double>("doubleValue");
    QTest::newRow("plain") << "569" << true << qint64(569) << true << 569.0;
    QTest::newRow("zero") << "0" << true << qint64(0) << true << 0.0;
    QTest::newRow("leading zeros") << "007" << true << qint64(7) << true << 7.0;
    QTest::newRow("spaces") << " 42\t" << true << qint64(42) << true << 42.0;
    QTest::newRow("plus") << "+12" << true << qint64(12) << false << 0.0;
    QTest::newRow("negative") << "-5" << true << qint64(-5) << true << -5.0;
    QTest::newRow("float form") << "12.0" << true << qint64(12) << true << 12.0;
    QTest::newRow("fraction") << "12.5" << false << qint64(0) << true << 12.5;
    QTest::newRow("18 digits") << "123456789012345678" << true << qint64(123456789012345678LL) << true << 123456789012345678.0;
    QTest::newRow("19 digits") << "9223372036854775807" << true << qint64(9223372036854775807LL) << true << 9223372036854775807.0;
    QTest::newRow("too big") << "9223372036854775808" << false << qint64(0) << true << 9223372036854775808.0;
    QTest::newRow("letters") << "12a" << false << qint64(0) << false << 0.0;
    QTest::newRow("empty") << "" << false << qint64(0) << false << 0.0;
    QTest::newRow("exponent") << "1e3" << false << qint64(0) << true << 1000.0;
}

void TestBlockParsing::numbersParseAsTheyRead()
{
    QFETCH(QString, text);
    QFETCH(bool, isInt);
    QFETCH(qint64, intValue);
    QFETCH(bool, isDouble);
    QFETCH(double, doubleValue);
    const std::string s = text.toStdString();
    const auto i = il::fields::toInt(s);
    QCOMPARE(i.has_value(), isInt);
    if (isInt)
        QCOMPARE(qint64(*i), intValue);
    const auto d = il::fields::toDouble(s);
    QCOMPARE(d.has_value(), isDouble);
    if (isDouble)
        QCOMPARE(*d, doubleValue);
}

#include "tst_blockparsing.moc"

// The real sink: parser threads number the name triples they meet (concurrently, in blocks of a few rows) and
// price the rows; the store ends the same for one thread and four, per feature and per model.
void TestBlockParsing::storeTheSameWhateverTheThreads()
{
    QByteArray text = "timestamp,request_id,feature,provider,model,input_tokens,output_tokens,latency_ms\n";
    const char* models[] = {"gpt-4o", "gpt-4o-mini", "gpt-4.1", "o4-mini", "unknown-model"};
    for (int i = 0; i < 6000; ++i)
        text += "2026-03-0" + QByteArray::number(1 + i % 9) + "T1" + QByteArray::number(i % 10) + ":00:00Z,r"
            + QByteArray::number(i) + ",feature-" + QByteArray::number(i % 37) + (i % 2 ? ",openai," : ",OpenAI,")
            + models[i % 5] + "," + QByteArray::number(100 + i) + "," + QByteArray::number(10 + i % 90) + ","
            + QByteArray::number(50 + i % 3000) + "\n";
    QVERIFY(writeFile(path("threads.csv"), text));
    std::vector<std::string> results;
    for (int threads : {1, 4}) {
        auto s = Store::open(path("threads.csv").toStdString() + std::to_string(threads) + ".db");
        QVERIFY(s.ok());
        QVERIFY((*s)->ensureBundledPrices().ok());
        PriceCatalogue cat;
        cat.addAll(std::move(*(*s)->loadPrices()));
        Ingestor in(**s, cat);
        QVERIFY(in.begin("threads.csv", "requests").ok());
        ReadOptions opt;
        opt.parserThreads = threads;
        opt.blockBytes = 512; // a few rows a block: many blocks meet new names at once
        auto read = readRequestLog(path("threads.csv").toStdString(), in, opt);
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().toString().c_str());
        auto stats = in.commit();
        QVERIFY(stats.ok());
        QCOMPARE(stats->requestsAdded, int64_t(6000));
        QCOMPARE(stats->unpriced, int64_t(1200));
        std::string all;
        for (GroupBy by : {GroupBy::Feature, GroupBy::Model}) {
            SummaryFilter f;
            f.fromMs = *parseTimestampMs("2026-03-01T00:00:00Z");
            f.toMs = *parseTimestampMs("2026-03-10T00:00:00Z");
            f.by = by;
            auto sum = Analytics(**s).summary(f);
            QVERIFY(sum.ok());
            QCOMPARE(int(sum->rows.size()), by == GroupBy::Feature ? 37 : 5);
            for (const auto& row : sum->rows)
                all += row.key + " " + std::to_string(row.requests) + " " + std::to_string(row.cost) + " "
                    + std::to_string(row.inputTokens) + " " + std::to_string(*row.latencyQuantile(0.95)) + "\n";
        }
        results.push_back(all);
    }
    QCOMPARE(results[0], results[1]);
}
