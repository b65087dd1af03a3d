// SPDX-License-Identifier: GPL-3.0-or-later
// OtlpReceiver on a real 127.0.0.1 socket, in its own QThread as the GUI runs it, posted to with real
// libcurl; every batch goes through a real Ingestor into a real SQLite store, and the tests assert on
// what was stored. Expected costs come from list prices written out here by hand.
#include "ingest/Ingestor.h"
#include "otlp/OtlpReceiver.h"
#include "pricing/PriceCatalogue.h"
#include "store/Store.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <curl/curl.h>
#include <zlib.h>

#include <atomic>

using namespace il;

namespace {

// The receiver, its thread and its store connection (opened in the receiver's thread).
class Harness {
public:
    explicit Harness(const QString& db, qint64 maxBody = 64ll << 20)
        : m_db(db.toStdString())
    {
        OtlpReceiver::Options opt;
        opt.port = 0;
        opt.maxBodyBytes = maxBody;
        m_receiver = new OtlpReceiver(
            opt, [this](std::span<const RequestRecord> records, const OtlpReadStats&) { return ingest(records); });
        m_receiver->moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(
            m_receiver,
            [this] {
                m_listen = m_receiver->listen();
                m_port = m_receiver->port();
            },
            Qt::BlockingQueuedConnection);
    }
    ~Harness()
    {
        QMetaObject::invokeMethod(
            m_receiver,
            [this] {
                m_receiver->close();
                m_store.reset();
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete m_receiver;
    }
    bool listening() const { return m_listen.ok() && m_port != 0; }
    std::string url(const char* path = "/v1/traces") const
    {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }
    quint16 port() const { return m_port; }
    std::atomic<bool> failStore { false };
    std::atomic<int> batches { 0 };

private:
    Result<void> ingest(std::span<const RequestRecord> records)
    {
        if (failStore)
            return makeError("the disk is full");
        if (!m_store) {
            auto s = Store::open(m_db);
            if (!s)
                return s.error();
            m_store = std::move(*s);
            if (auto r = m_store->ensureBundledPrices(); !r)
                return r;
            auto prices = m_store->loadPrices();
            if (!prices)
                return prices.error();
            m_catalogue.addAll(std::move(*prices));
        }
        Ingestor ingest(*m_store, m_catalogue);
        if (auto r = ingest.begin("otlp test", "otlp"); !r)
            return r;
        if (auto r = ingest.addRequests(records); !r) {
            ingest.rollback(r.error().message);
            return r;
        }
        auto stats = ingest.commit();
        if (!stats)
            return stats.error();
        ++batches;
        return {};
    }

    std::string m_db;
    QThread m_thread;
    OtlpReceiver* m_receiver = nullptr;
    Result<void> m_listen = makeError("not started");
    quint16 m_port = 0;
    std::unique_ptr<Store> m_store;
    PriceCatalogue m_catalogue;
};

struct Response {
    long status = 0;
    std::string body;
    std::string headers;
    CURLcode code = CURLE_OK;
    long connects = -1;
};

size_t collect(char* p, size_t size, size_t n, void* out)
{
    static_cast<std::string*>(out)->append(p, size * n);
    return size * n;
}

struct Upload {
    const std::string* data;
    size_t pos = 0;
};

size_t feed(char* buf, size_t size, size_t n, void* u)
{
    auto* up = static_cast<Upload*>(u);
    const size_t len = std::min(size * n, std::min<size_t>(7000, up->data->size() - up->pos)); // many small chunks
    std::memcpy(buf, up->data->data() + up->pos, len);
    up->pos += len;
    return len;
}

// One POST (or another method) with libcurl. `curl` may be reused to test keep-alive.
Response post(const std::string& url, const std::string& body,
              std::vector<std::string> headers = { "Content-Type: application/json" }, const char* method = "POST",
              bool chunked = false, CURL* reuse = nullptr)
{
    CURL* c = reuse ? reuse : curl_easy_init();
    Response r;
    curl_slist* h = nullptr;
    for (const std::string& s : headers)
        h = curl_slist_append(h, s.c_str());
    Upload up { &body };
    if (chunked)
        h = curl_slist_append(h, "Transfer-Encoding: chunked");
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    if (std::string_view(method) == "POST") {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        if (chunked) {
            curl_easy_setopt(c, CURLOPT_READFUNCTION, feed);
            curl_easy_setopt(c, CURLOPT_READDATA, &up);
        } else {
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
        }
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    r.code = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &r.connects);
    curl_slist_free_all(h);
    if (!reuse)
        curl_easy_cleanup(c);
    return r;
}

std::string gzip(const std::string& in)
{
    z_stream zs {};
    deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, uLong(in.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = uInt(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

std::string attr(const char* key, const std::string& value)
{
    return std::string("{\"key\":\"") + key + "\",\"value\":" + value + "}";
}
std::string s(const char* v)
{
    return std::string("{\"stringValue\":\"") + v + "\"}";
}
std::string i(long long v)
{
    return "{\"intValue\":\"" + std::to_string(v) + "\"}";
}

std::string span(const std::string& spanId, const std::vector<std::string>& attrs,
                 const char* start = "1780000000000000000")
{
    std::string a;
    for (const std::string& x : attrs)
        a += (a.empty() ? "" : ",") + x;
    return "{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"" + spanId
        + "\",\"name\":\"chat\",\"kind\":3," + "\"startTimeUnixNano\":\"" + start
        + "\",\"endTimeUnixNano\":\"1780000000500000000\",\"attributes\":[" + a + "]}";
}

std::string exportRequest(const std::vector<std::string>& spans)
{
    std::string all;
    for (const std::string& x : spans)
        all += (all.empty() ? "" : ",") + x;
    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[" + attr("inferledger.feature", s("support-assistant"))
        + "]},\"scopeSpans\":[{\"scope\":{\"name\":\"test\"},\"spans\":[" + all + "]}]}]}";
}

// gpt-4o: 1000 input of which 400 cached, 200 output. $2.50 / $1.25 / $10.00 per 1M:
// 600 × 2.50 + 400 × 1.25 + 200 × 10 = 1500 + 500 + 2000 µ$ = 4,000,000 nano-$.
const std::string kGpt
    = span("00f067aa0ba902b7",
           { attr("gen_ai.provider.name", s("openai")), attr("gen_ai.request.model", s("gpt-4o")),
             attr("gen_ai.response.id", s("chatcmpl-r1")), attr("gen_ai.usage.input_tokens", i(1000)),
             attr("gen_ai.usage.cache_read.input_tokens", i(400)), attr("gen_ai.usage.output_tokens", i(200)) });
// claude-sonnet-4-5: input 1500 = 300 uncached + 1000 cache read + 200 cache write, 80 output.
// $3.00 / $0.30 / $3.75 (5-minute write) / $15.00 per 1M: 900 + 300 + 750 + 1200 µ$ = 3,150,000 nano-$.
const std::string kClaude
    = span("00f067aa0ba902b8",
           { attr("gen_ai.provider.name", s("anthropic")), attr("gen_ai.request.model", s("claude-sonnet-4-5")),
             attr("gen_ai.response.id", s("msg_r1")), attr("gen_ai.usage.input_tokens", i(1500)),
             attr("gen_ai.usage.cache_read.input_tokens", i(1000)),
             attr("gen_ai.usage.cache_creation.input_tokens", i(200)), attr("gen_ai.usage.output_tokens", i(80)) });
const std::string kHttp = span("00f067aa0ba902b9", { attr("http.request.method", s("GET")) });

qint64 query(const QString& db, const char* sql)
{
    auto st = Store::open(db.toStdString(), Store::Mode::ReadOnly);
    if (!st.ok())
        return -1;
    Statement q((*st)->handle(), sql);
    return q.step() ? q.int64(0) : -1;
}

} // namespace

class TestOtlpReceiver : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    void cleanupTestCase() { curl_global_cleanup(); }
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("r%1.db").arg(++m_n));
    }

    void storesABatch()
    {
        Harness h(m_db);
        QVERIFY(h.listening());
        Response r = post(h.url(), exportRequest({ kGpt, kClaude, kHttp }));
        QCOMPARE(r.code, CURLE_OK);
        QCOMPARE(r.status, 200L);
        QCOMPARE(r.body, std::string("{}"));
        QVERIFY(QString::fromStdString(r.headers).contains(QLatin1String("Content-Type: application/json")));
        QCOMPARE(query(m_db, "SELECT COUNT(*) FROM request"), 2);
        QCOMPARE(query(m_db, "SELECT SUM(est_cost) FROM request"), 4'000'000 + 3'150'000);
        QCOMPARE(query(m_db, "SELECT SUM(input_tokens) FROM request"), 2500);
        QCOMPARE(query(m_db,
                       "SELECT COUNT(*) FROM request r JOIN feature f ON f.id = r.feature_id"
                       " WHERE f.name = 'support-assistant'"),
                 2);
        QCOMPARE(query(m_db, "SELECT latency_ms FROM request LIMIT 1"), 500);
        // The same batch again (an exporter retry): nothing new.
        QCOMPARE(post(h.url(), exportRequest({ kGpt, kClaude })).status, 200L);
        QCOMPARE(query(m_db, "SELECT COUNT(*) FROM request"), 2);
    }

    void partialSuccess()
    {
        Harness h(m_db);
        const std::string bad
            = span("00f067aa0ba902ba",
                   { attr("gen_ai.usage.input_tokens", s("lots")), attr("gen_ai.usage.output_tokens", i(1)) });
        Response r = post(h.url(), exportRequest({ bad, kGpt }));
        QCOMPARE(r.status, 200L);
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(r.body)).object();
        const QJsonObject partial = o.value(QStringLiteral("partialSuccess")).toObject();
        QCOMPARE(partial.value(QStringLiteral("rejectedSpans")).toString(), QStringLiteral("1"));
        QVERIFY(partial.value(QStringLiteral("errorMessage"))
                    .toString()
                    .contains(QLatin1String("gen_ai.usage.input_tokens")));
        QCOMPARE(query(m_db, "SELECT COUNT(*) FROM request"), 1);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        const QByteArray good = QByteArray::fromStdString(exportRequest({ kGpt }));
        QTest::newRow("protobuf") << "/v1/traces"
                                  << "POST"
                                  << "application/x-protobuf" << good << 415 << "http/json";
        QTest::newRow("text/plain") << "/v1/traces"
                                    << "POST"
                                    << "text/plain" << good << 415 << "application/json";
        QTest::newRow("malformed JSON") << "/v1/traces"
                                        << "POST"
                                        << "application/json" << QByteArray("{\"resourceSpans\":[{\"scopeSpans\":[")
                                        << 400 << "not valid JSON";
        QTest::newRow("not an export request")
            << "/v1/traces"
            << "POST"
            << "application/json; charset=utf-8" << QByteArray("[]") << 400 << "resourceSpans";
        QTest::newRow("empty body") << "/v1/traces"
                                    << "POST"
                                    << "application/json" << QByteArray() << 400 << "empty";
        QTest::newRow("metrics path") << "/v1/metrics"
                                      << "POST"
                                      << "application/json" << good << 404 << "/v1/traces";
        QTest::newRow("GET") << "/v1/traces"
                             << "GET"
                             << "application/json" << QByteArray() << 405 << "POST";
    }

    void refusals()
    {
        QFETCH(QString, path);
        QFETCH(QString, method);
        QFETCH(QString, contentType);
        QFETCH(QByteArray, body);
        Harness h(m_db);
        Response r
            = post(h.url(path.toLatin1().constData()), body.toStdString(),
                   { "Content-Type: " + contentType.toStdString() }, method == QStringLiteral("GET") ? "GET" : "POST");
        QCOMPARE(r.code, CURLE_OK);
        QTEST(int(r.status), "status");
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(r.body)).object();
        QFETCH(QString, message);
        QVERIFY2(o.value(QStringLiteral("message")).toString().contains(message), r.body.c_str());
        QVERIFY(o.contains(QStringLiteral("code")));
        QCOMPARE(h.batches.load(), 0);
        QVERIFY(query(m_db, "SELECT COUNT(*) FROM request") <= 0); // no store, or an empty one
    }

    void tooLarge()
    {
        Harness h(m_db, 4096);
        std::vector<std::string> many(20, kGpt);
        const std::string body = exportRequest(many);
        QVERIFY(body.size() > 4096);
        Response r = post(h.url(), body);
        QCOMPARE(r.status, 413L);
        QVERIFY(QString::fromStdString(r.body).contains(QLatin1String("batch size")));
        // Compressed below the limit but larger once inflated: refused as well.
        Response z = post(h.url(), gzip(body), { "Content-Type: application/json", "Content-Encoding: gzip" });
        QCOMPARE(z.status, 413L);
        QCOMPARE(h.batches.load(), 0);
    }

    void gzipAndChunked()
    {
        Harness h(m_db);
        Response z = post(h.url(), gzip(exportRequest({ kGpt })),
                          { "Content-Type: application/json", "Content-Encoding: gzip" });
        QCOMPARE(z.status, 200L);
        QCOMPARE(query(m_db, "SELECT COUNT(*) FROM request"), 1);
        // A large body sent in many chunks, as Node's exporter does when it compresses.
        std::vector<std::string> spans;
        for (int n = 0; n < 200; ++n) {
            std::string one = kClaude;
            const std::string id = "msg_chunk_" + std::to_string(n);
            one.replace(one.find("msg_r1"), 6, id);
            spans.push_back(one);
        }
        Response c = post(h.url(), exportRequest(spans), { "Content-Type: application/json" }, "POST", true);
        QCOMPARE(c.status, 200L);
        QCOMPARE(query(m_db, "SELECT COUNT(*) FROM request"), 201);
        Response bad = post(h.url(), "not gzip at all", { "Content-Type: application/json", "Content-Encoding: gzip" });
        QCOMPARE(bad.status, 400L);
        Response zstd = post(h.url(), "x", { "Content-Type: application/json", "Content-Encoding: zstd" });
        QCOMPARE(zstd.status, 415L);
    }

    void keepAlive()
    {
        Harness h(m_db);
        CURL* c = curl_easy_init();
        Response a = post(h.url(), exportRequest({ kGpt }), { "Content-Type: application/json" }, "POST", false, c);
        Response b = post(h.url(), exportRequest({ kClaude }), { "Content-Type: application/json" }, "POST", false, c);
        Response d = post(h.url(), "{bad", { "Content-Type: application/json" }, "POST", false, c);
        Response e = post(h.url(), exportRequest({ kHttp }), { "Content-Type: application/json" }, "POST", false, c);
        curl_easy_cleanup(c);
        QCOMPARE(a.status, 200L);
        QCOMPARE(b.status, 200L);
        QCOMPARE(b.connects, 0L); // the second request reused the connection
        QCOMPARE(d.status, 400L);
        QCOMPARE(e.status, 200L);
        QCOMPARE(e.connects, 0L); // a 400 does not close it
        QCOMPARE(query(m_db, "SELECT COUNT(*) FROM request"), 2);
    }

    void storeFailureIsRetryable()
    {
        Harness h(m_db);
        h.failStore = true;
        Response r = post(h.url(), exportRequest({ kGpt }));
        QCOMPARE(r.status, 503L);
        QVERIFY(QString::fromStdString(r.headers).contains(QLatin1String("Retry-After: 5")));
        QVERIFY(QString::fromStdString(r.body).contains(QLatin1String("disk is full")));
        h.failStore = false;
        QCOMPARE(post(h.url(), exportRequest({ kGpt })).status, 200L); // the retry lands
        QCOMPARE(query(m_db, "SELECT COUNT(*) FROM request"), 1);
    }

    void loopbackOnly()
    {
        Harness h(m_db);
        QHostAddress other;
        for (const QHostAddress& a : QNetworkInterface::allAddresses())
            if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback())
                other = a;
        if (other.isNull())
            QSKIP("this machine has no non-loopback IPv4 address to try");
        Response r = post("http://" + other.toString().toStdString() + ":" + std::to_string(h.port()) + "/v1/traces",
                          exportRequest({ kGpt }));
        QCOMPARE(r.code, CURLE_COULDNT_CONNECT);
    }

private:
    QTemporaryDir m_dir;
    QString m_db;
    int m_n = 0;
};

QTEST_GUILESS_MAIN(TestOtlpReceiver)
#include "tst_otlpreceiver.moc"
