// SPDX-License-Identifier: GPL-3.0-or-later
// The real binary with OTLP: `import` of an OTLP/JSON Lines file then `summary --format json`, and
// `serve-otlp` posted to over real HTTP (libcurl, and the OpenTelemetry JS SDK's exporter when installed).
// Expected costs are computed here from list prices written out by hand, not by InferLedger's code.
#include "store/Store.h"

#include "support/CliRun.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <curl/curl.h>

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

QJsonObject summaryRows(const QString& db, const char* by, QJsonObject* total = nullptr)
{
    Run r = runCli({ QStringLiteral("--db"), db, QStringLiteral("summary"), QStringLiteral("--by"),
                     QString::fromLatin1(by), QStringLiteral("--format"), QStringLiteral("json") });
    const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QJsonObject rows;
    for (const QJsonValue& v : doc.value(QStringLiteral("rows")).toArray())
        rows.insert(v.toObject().value(QStringLiteral("key")).toString(), v.toObject());
    if (total)
        *total = doc.value(QStringLiteral("total")).toObject();
    return rows;
}

QByteArray kv(const char* key, const char* value)
{
    return QByteArray("{\"key\":\"") + key + "\",\"value\":" + value + "}";
}

// Line 1: support-assistant (resource attribute) — an OpenAI call with a cache read, an Anthropic call
// whose producer sent Anthropic's raw input_tokens with OpenLLMetry's older cache names, an HTTP span.
// Line 2: doc-summarizer — a failed o4-mini call with deprecated token names and reasoning, and an
// in-process agent span repeating usage that must not be counted.
const QByteArray kFile = "{\"resourceSpans\":[{\"resource\":{\"attributes\":["
    + kv("service.name", "{\"stringValue\":\"checkout\"}") + ","
    + kv("inferledger.feature", "{\"stringValue\":\"support-assistant\"}")
    + "]},\"scopeSpans\":[{\"scope\":{\"name\":\"openllmetry\"},\"spans\":["
      "{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"name\":\"chat "
      "gpt-4o\",\"kind\":3,"
      "\"startTimeUnixNano\":\"1780000000000000000\",\"endTimeUnixNano\":\"1780000000900000000\",\"attributes\":["
    + kv("gen_ai.operation.name", "{\"stringValue\":\"chat\"}") + ","
    + kv("gen_ai.provider.name", "{\"stringValue\":\"openai\"}") + ","
    + kv("gen_ai.request.model", "{\"stringValue\":\"gpt-4o\"}") + ","
    + kv("gen_ai.response.model", "{\"stringValue\":\"gpt-4o-2024-08-06\"}") + ","
    + kv("gen_ai.response.id", "{\"stringValue\":\"chatcmpl-f1\"}") + ","
    + kv("gen_ai.usage.input_tokens", "{\"intValue\":\"1000\"}") + ","
    + kv("gen_ai.usage.cache_read.input_tokens", "{\"intValue\":400}") + ","
    + kv("gen_ai.usage.output_tokens", "{\"intValue\":\"200\"}") + ","
    + kv("inferledger.eval_score", "{\"doubleValue\":0.5}")
    + "]},"
      "{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b8\",\"name\":\"anthropic.chat\","
      "\"kind\":3,"
      "\"startTimeUnixNano\":\"1780000100000000000\",\"endTimeUnixNano\":\"1780000101000000000\",\"attributes\":["
    + kv("gen_ai.system", "{\"stringValue\":\"Anthropic\"}") + ","
    + kv("gen_ai.request.model", "{\"stringValue\":\"claude-sonnet-4-5\"}") + ","
    + kv("gen_ai.response.id", "{\"stringValue\":\"msg_f1\"}") + ","
    + kv("gen_ai.usage.input_tokens", "{\"intValue\":\"300\"}") + ","
    + kv("gen_ai.usage.cache_read_input_tokens", "{\"intValue\":\"1000\"}") + ","
    + kv("gen_ai.usage.cache_creation_input_tokens", "{\"intValue\":\"200\"}") + ","
    + kv("gen_ai.usage.output_tokens", "{\"intValue\":\"80\"}")
    + "]},"
      "{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b9\",\"name\":\"GET\",\"kind\":2,"
      "\"startTimeUnixNano\":\"1780000000000000000\",\"endTimeUnixNano\":\"1780000002000000000\",\"attributes\":["
    + kv("http.request.method", "{\"stringValue\":\"GET\"}") + "]}]}]}]}\n"
    + "{\"resourceSpans\":[{\"resource\":{\"attributes\":["
    + kv("inferledger.feature", "{\"stringValue\":\"doc-summarizer\"}")
    + "]},\"scopeSpans\":[{\"spans\":["
      "{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"chat "
      "o4-mini\",\"kind\":3,"
      "\"startTimeUnixNano\":\"1780000200000000000\",\"endTimeUnixNano\":\"1780000203000000000\","
      "\"status\":{\"code\":2},\"attributes\":["
    + kv("gen_ai.system", "{\"stringValue\":\"openai\"}") + ","
    + kv("gen_ai.request.model", "{\"stringValue\":\"o4-mini\"}") + ","
    + kv("gen_ai.usage.prompt_tokens", "{\"intValue\":\"2000\"}") + ","
    + kv("gen_ai.usage.completion_tokens", "{\"intValue\":\"1000\"}") + ","
    + kv("gen_ai.usage.reasoning.output_tokens", "{\"intValue\":\"600\"}") + ","
    + kv("error.type", "{\"stringValue\":\"timeout\"}")
    + "]},"
      "{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b175\",\"name\":\"invoke_agent\","
      "\"kind\":1,"
      "\"startTimeUnixNano\":\"1780000199000000000\",\"endTimeUnixNano\":\"1780000204000000000\",\"attributes\":["
    + kv("gen_ai.operation.name", "{\"stringValue\":\"invoke_agent\"}") + ","
    + kv("gen_ai.usage.input_tokens", "{\"intValue\":\"2000\"}") + ","
    + kv("gen_ai.usage.output_tokens", "{\"intValue\":\"1000\"}") + "]}]}]}]}\n";

// List prices per 1M tokens (OpenAI and Anthropic pricing pages):
//   gpt-4o             input $2.50, cached input $1.25, output $10.00
//   claude-sonnet-4-5  input $3.00, cache read $0.30, 5-minute cache write $3.75, output $15.00
//   o4-mini            input $1.10, output $4.40 (reasoning is billed as output)
// gpt-4o:  600 × 2.50 + 400 × 1.25 + 200 × 10.00            = 1500 + 500 + 2000 µ$      = $0.004
// claude:  300 × 3.00 + 1000 × 0.30 + 200 × 3.75 + 80 × 15.00 = 900 + 300 + 750 + 1200 µ$ = $0.00315
// o4-mini: 2000 × 1.10 + 1000 × 4.40                         = 2200 + 4400 µ$             = $0.0066

class Server {
public:
    explicit Server(const QString& db)
    {
        m_p.start(QString::fromUtf8(INFERLEDGER_BINARY),
                  { QStringLiteral("--db"), db, QStringLiteral("serve-otlp"), QStringLiteral("--port"),
                    QStringLiteral("0") });
        QRegularExpression re(QStringLiteral("http://127\\.0\\.0\\.1:(\\d+)/v1/traces"));
        for (int i = 0; i < 100 && m_port == 0; ++i) {
            m_p.waitForReadyRead(200);
            m_err += QString::fromUtf8(m_p.readAllStandardError());
            if (auto m = re.match(m_err); m.hasMatch())
                m_port = m.captured(1).toInt();
            if (m_p.state() == QProcess::NotRunning)
                break;
        }
    }
    ~Server()
    {
        if (m_p.state() != QProcess::NotRunning) {
            m_p.kill();
            m_p.waitForFinished(5000);
        }
    }
    int port() const { return m_port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/v1/traces"; }
    // SIGTERM, as a service manager stops it; returns the exit code and what it wrote on stderr.
    int stop(QString& err)
    {
        m_p.terminate();
        m_p.waitForFinished(10'000);
        err = m_err + QString::fromUtf8(m_p.readAllStandardError());
        return m_p.exitStatus() == QProcess::NormalExit ? m_p.exitCode() : -1;
    }
    QString errSoFar() const { return m_err; }

private:
    QProcess m_p;
    QString m_err;
    int m_port = 0;
};

size_t collect(char* p, size_t size, size_t n, void* out)
{
    static_cast<std::string*>(out)->append(p, size * n);
    return size * n;
}

long post(const std::string& url, const QByteArray& body, const char* contentType, std::string* response = nullptr)
{
    CURL* c = curl_easy_init();
    std::string sink;
    curl_slist* h = curl_slist_append(nullptr, (std::string("Content-Type: ") + contentType).c_str());
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.constData());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, response ? response : &sink);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

} // namespace

class TestOtlpCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        curl_global_init(CURL_GLOBAL_DEFAULT);
    }
    void cleanupTestCase() { curl_global_cleanup(); }

    void importThenSummary()
    {
        const QString db = m_dir.filePath(QStringLiteral("import.db"));
        const QString file = m_dir.filePath(QStringLiteral("traces.jsonl"));
        writeFile(file, kFile);
        Run r = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), file, QStringLiteral("--format"),
                         QStringLiteral("json") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject rep = QJsonDocument::fromJson(r.out.toUtf8()).array().at(0).toObject();
        QCOMPARE(rep.value(QStringLiteral("kind")).toString(), QStringLiteral("otlp")); // detected
        QCOMPARE(rep.value(QStringLiteral("rows_read")).toInt(), 3);
        QCOMPARE(rep.value(QStringLiteral("rows_added")).toInt(), 3);
        QCOMPARE(rep.value(QStringLiteral("spans_skipped")).toInt(), 2); // the HTTP span and the agent span
        QCOMPARE(rep.value(QStringLiteral("unpriced")).toInt(), 0);

        QJsonObject total;
        const QJsonObject byFeature = summaryRows(db, "feature", &total);
        QCOMPARE(
            byFeature.value(QStringLiteral("support-assistant")).toObject().value(QStringLiteral("cost")).toString(),
            QStringLiteral("0.00715"));
        QCOMPARE(byFeature.value(QStringLiteral("doc-summarizer")).toObject().value(QStringLiteral("cost")).toString(),
                 QStringLiteral("0.0066"));
        QCOMPARE(total.value(QStringLiteral("cost")).toString(), QStringLiteral("0.01375"));
        QCOMPARE(total.value(QStringLiteral("requests")).toInt(), 3);
        QCOMPARE(total.value(QStringLiteral("errors")).toInt(), 1);
        QCOMPARE(total.value(QStringLiteral("input_tokens")).toInt(), 1000 + 1500 + 2000);
        QCOMPARE(total.value(QStringLiteral("cached_input_tokens")).toInt(), 400 + 1000);
        QCOMPARE(total.value(QStringLiteral("cache_write_tokens")).toInt(), 200);
        QCOMPARE(total.value(QStringLiteral("output_tokens")).toInt(), 200 + 80 + 1000);
        QCOMPARE(total.value(QStringLiteral("reasoning_tokens")).toInt(), 600);
        QCOMPARE(total.value(QStringLiteral("accuracy")).toDouble(), 0.5);
        const QJsonObject byModel = summaryRows(db, "model");
        QCOMPARE(byModel.value(QStringLiteral("gpt-4o-2024-08-06")).toObject().value(QStringLiteral("cost")).toString(),
                 QStringLiteral("0.004"));
        QCOMPARE(byModel.value(QStringLiteral("claude-sonnet-4-5")).toObject().value(QStringLiteral("cost")).toString(),
                 QStringLiteral("0.00315"));
        QCOMPARE(byModel.value(QStringLiteral("o4-mini")).toObject().value(QStringLiteral("cost")).toString(),
                 QStringLiteral("0.0066"));
        QCOMPARE(count(db, "SELECT latency_ms FROM request WHERE external_id = 'msg_f1'"), 1000);

        // Idempotent: the same file again adds nothing.
        Run again = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), file });
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains(QLatin1String("0 added, 3 already in the store, 2 spans skipped")),
                 qPrintable(again.out));
        QCOMPARE(count(db, "SELECT COUNT(*) FROM request"), 3);
    }

    void badFileImportsNothing()
    {
        const QString db = m_dir.filePath(QStringLiteral("bad.db"));
        const QString file = m_dir.filePath(QStringLiteral("bad.jsonl"));
        QByteArray bad = kFile;
        bad.replace("\"intValue\":\"2000\"}}", "\"intValue\":\"2k\"}}"); // line 2: prompt_tokens
        writeFile(file, bad);
        Run r = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), file });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(file + QStringLiteral(":2:")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("field 'gen_ai.usage.prompt_tokens'")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("resourceSpans[0].scopeSpans[0].spans[0].attributes[2].value")),
                 qPrintable(r.err));
        QCOMPARE(count(db, "SELECT COUNT(*) FROM request"),
                 0); // line 1 was fine, but the file lands whole or not at all

        writeFile(file, "{\"resourceSpans\": [\n");
        Run m = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), file, QStringLiteral("--kind"),
                         QStringLiteral("otlp") });
        QCOMPARE(m.exitCode, 1);
        QVERIFY2(m.err.contains(QLatin1String("not valid JSON")), qPrintable(m.err));
    }

    void attributeOptions()
    {
        const QString db = m_dir.filePath(QStringLiteral("attrs.db"));
        const QString file = m_dir.filePath(QStringLiteral("svc.json"));
        writeFile(file,
                  "{\"resourceSpans\":[{\"resource\":{\"attributes\":["
                      + kv("service.name", "{\"stringValue\":\"billing-bot\"}")
                      + "]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\"01\",\"spanId\":\"02\","
                        "\"startTimeUnixNano\":\"1780000000000000000\",\"attributes\":["
                      + kv("gen_ai.provider.name", "{\"stringValue\":\"openai\"}") + ","
                      + kv("gen_ai.request.model", "{\"stringValue\":\"gpt-4o\"}") + ","
                      + kv("app.cached", "{\"boolValue\":true}") + ","
                      + kv("gen_ai.usage.input_tokens", "{\"intValue\":\"100\"}") + ","
                      + kv("gen_ai.usage.output_tokens", "{\"intValue\":\"10\"}") + "]}]}]}]}");
        Run r = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), file, QStringLiteral("--attr-feature"),
                         QStringLiteral("inferledger.feature,service.name"), QStringLiteral("--attr-cache"),
                         QStringLiteral("app.cached") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject rows = summaryRows(db, "feature");
        QVERIFY2(rows.contains(QStringLiteral("billing-bot")), QJsonDocument(rows).toJson().constData());
        QCOMPARE(
            rows.value(QStringLiteral("billing-bot")).toObject().value(QStringLiteral("cache_hit_rate")).toDouble(),
            1.0);
        Run u = runCli({ QStringLiteral("--db"), db, QStringLiteral("import"), file, QStringLiteral("--otlp-input"),
                         QStringLiteral("sometimes") });
        QCOMPARE(u.exitCode, 64);
    }

    void serveOtlp()
    {
        const QString db = m_dir.filePath(QStringLiteral("serve.db"));
        Server server(db);
        QVERIFY2(server.port() > 0, qPrintable(server.errSoFar()));
        const int firstLine = int(kFile.indexOf('\n'));
        QCOMPARE(post(server.url(), kFile.left(firstLine), "application/json"), 200L);
        std::string answer;
        QCOMPARE(post(server.url(), kFile.left(firstLine), "application/x-protobuf", &answer), 415L);
        QVERIFY(QString::fromStdString(answer).contains(QLatin1String("http/json")));
        QCOMPARE(post(server.url(), "{\"resourceSpans\":[", "application/json"), 400L);
        QString err;
        QCOMPARE(server.stop(err), 0);
        QVERIFY2(err.contains(QLatin1String("otlp: 3 spans: 2 added")), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("answered 415")), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("answered 400")), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("stopped")), qPrintable(err));
        QJsonObject total;
        const QJsonObject rows = summaryRows(db, "feature", &total);
        QCOMPARE(rows.value(QStringLiteral("support-assistant")).toObject().value(QStringLiteral("cost")).toString(),
                 QStringLiteral("0.00715"));
        QCOMPARE(total.value(QStringLiteral("requests")).toInt(), 2);
    }

    void realOpenTelemetryExporter()
    {
        const QString dir = QString::fromUtf8(INFERLEDGER_OTLP_EXPORTER_DIR);
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (node.isEmpty())
            QSKIP("node is not installed");
        {
            QProcess v;
            v.start(node, { QStringLiteral("--version") });
            v.waitForFinished(10'000);
            const QString version = QString::fromUtf8(v.readAllStandardOutput()).trimmed(); // "v20.20.2"
            if (version.mid(1).section(QLatin1Char('.'), 0, 0).toInt() < 20)
                QSKIP("the OpenTelemetry JS SDK 2.x needs node 20 or later");
        }
        if (!QFileInfo::exists(dir
                               + QStringLiteral("/node_modules/@opentelemetry/exporter-trace-otlp-http/package.json")))
            QSKIP("the OpenTelemetry JS exporter is not installed: run `npm ci --prefix "
                  "tests/integration/otlp/exporter`");
        const QString db = m_dir.filePath(QStringLiteral("exporter.db"));
        Server server(db);
        QVERIFY2(server.port() > 0, qPrintable(server.errSoFar()));
        // gzip: Node's exporter then streams the body chunked, as in production.
        for (const char* compression : { "gzip", "none" }) {
            QProcess p;
            p.setWorkingDirectory(dir);
            p.start(node,
                    { dir + QStringLiteral("/send.mjs"), QString::fromStdString(server.url()),
                      QString::fromLatin1(compression) });
            QVERIFY(p.waitForFinished(60'000));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        }
        QString err;
        QCOMPARE(server.stop(err), 0);
        QVERIFY2(err.contains(QLatin1String("otlp: 4 spans: 3 added, 0 already stored, 1 skipped")), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("otlp: 4 spans: 0 added, 3 already stored")), qPrintable(err));
        // gpt-4o: $0.004 as above; claude: $0.00315 as above; the failed call 40 × $2.50/1M = $0.0001.
        QJsonObject total;
        const QJsonObject byModel = summaryRows(db, "model", &total);
        QCOMPARE(byModel.value(QStringLiteral("gpt-4o-2024-08-06")).toObject().value(QStringLiteral("cost")).toString(),
                 QStringLiteral("0.004"));
        QCOMPARE(byModel.value(QStringLiteral("claude-sonnet-4-5-20250929"))
                     .toObject()
                     .value(QStringLiteral("cost"))
                     .toString(),
                 QStringLiteral("0.00315"));
        QCOMPARE(byModel.value(QStringLiteral("gpt-4o")).toObject().value(QStringLiteral("errors")).toInt(), 1);
        QCOMPARE(total.value(QStringLiteral("cost")).toString(), QStringLiteral("0.00725"));
        QCOMPARE(total.value(QStringLiteral("accuracy")).toDouble(), 0.75);
        const QJsonObject byFeature = summaryRows(db, "feature");
        QCOMPARE(byFeature.value(QStringLiteral("js-assistant")).toObject().value(QStringLiteral("requests")).toInt(),
                 3);
        QCOMPARE(count(db, "SELECT latency_ms FROM request WHERE external_id = 'msg_js_1'"), 1200);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestOtlpCli)
#include "tst_otlp_cli.moc"
