// SPDX-License-Identifier: GPL-3.0-or-later
// HttpClient against a real HTTP server on 127.0.0.1: retries, Retry-After, timeouts, cancellation, paging, secrets.
#include "http/HttpClient.h"
#include "http/Pagination.h"
#include "support/TestHttpServer.h"

#include <nlohmann/json.hpp>

#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <ctime>
#include <thread>

using namespace std::chrono_literals;
using il::HttpClient;
using il::HttpHeaders;
using il::HttpRequest;
using il::QueryParams;
using il::test::TestHttpServer;
using il::test::TestResponse;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

std::string s(const QString& text)
{
    return text.toStdString();
}

// Small delays so that retries cost milliseconds, but a real 2 s cap so that Retry-After: 1 is honoured.
il::HttpClientOptions fastOptions()
{
    il::HttpClientOptions o;
    o.connectTimeout = 2s;
    o.totalTimeout = 5s;
    o.retry.maxRetries = 3;
    o.retry.baseDelay = 10ms;
    o.retry.maxDelay = 2s;
    return o;
}

std::string httpDate(std::chrono::system_clock::time_point when)
{
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
}

// Cancels from another thread after a pause; joins on destruction.
class DelayedCancel {
public:
    DelayedCancel(std::chrono::milliseconds after, std::function<void()> cancel)
        : m_thread([after, cancel = std::move(cancel)] {
              std::this_thread::sleep_for(after);
              cancel();
          })
    {
    }
    ~DelayedCancel() { m_thread.join(); }

private:
    std::thread m_thread;
};

const std::string kKey = "sk-admin-TEST-SECRET-0123456789abcdef";

bool portAccepts(uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

} // namespace

class TestHttpClient final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void urlEncode_data();
    void urlEncode();
    void buildUrl_data();
    void buildUrl();
    void parseRetryAfter_data();
    void parseRetryAfter();
    void backoffStaysWithinCap();
    void redactSecrets_data();
    void redactSecrets();
    void headersAreCaseInsensitive();

    void getSendsHeadersAndEncodedQuery();
    void userAgentNamesInferLedger();
    void retryAfterIsHonoured_data();
    void retryAfterIsHonoured();
    void transientFailureIsRetried_data();
    void transientFailureIsRetried();
    void persistentServerErrorGivesUp();
    void retryAfterBeyondMaxDelayGivesUp();
    void refusedKeyIsNotRetriedAndNeverShown_data();
    void refusedKeyIsNotRetriedAndNeverShown();
    void urlCredentialsNeverShown();
    void badRequestShowsServerReason();
    void acceptAnyStatusReturnsResponse();
    void postIsNotRetriedAfterServerError();
    void postIsRetriedOnServiceUnavailable();
    void totalTimeoutGivesPlainError();
    void connectionRefused();
    void malformedUrl_data();
    void malformedUrl();
    void unresolvableHost();
    void cancelDuringBackoff_data();
    void cancelDuringBackoff();
    void cancelDuringTransfer();
    void tlsIsVerified_data();
    void tlsIsVerified();
    void gzipResponseIsDecoded();
    void responseLargerThanLimit();
    void keepAliveConnection();

    void paginationFollowsCursor();
    void paginationStopsWhenCancelled();
    void paginationRejectsMissingCursor();

private:
    // A real TLS peer: openssl s_server with a throw-away self-signed certificate for 127.0.0.1.
    bool ensureTlsServer();

    TestHttpServer m_server;
    QTemporaryDir m_tlsDir;
    QProcess m_tlsServer;
    uint16_t m_tlsPort = 0;
    QString m_tlsProblem;
};

void TestHttpClient::initTestCase()
{
    // A developer's proxy would otherwise sit between libcurl and 127.0.0.1.
    for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
        qunsetenv(name);
    QVERIFY2(m_server.start(), m_server.errorString().c_str());
}

void TestHttpClient::init()
{
    m_server.clearRoutes();
    m_server.clearRequests();
    m_server.setKeepAlive(false);
}

void TestHttpClient::cleanupTestCase()
{
    if (m_tlsServer.state() != QProcess::NotRunning) {
        m_tlsServer.kill();
        m_tlsServer.waitForFinished(5000);
    }
    m_server.stop();
    QVERIFY2(m_server.problems().empty(), m_server.problems().empty() ? "" : m_server.problems().front().c_str());
}

// ---- pure functions -------------------------------------------------------------------------------------------

void TestHttpClient::urlEncode_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unreserved") << QStringLiteral("aZ09-._~") << QStringLiteral("aZ09-._~");
    QTest::newRow("space") << QStringLiteral("a b") << QStringLiteral("a%20b");
    QTest::newRow("brackets") << QStringLiteral("group_by[]") << QStringLiteral("group_by%5B%5D");
    QTest::newRow("reserved") << QStringLiteral("a&b=c?d/e+f#") << QStringLiteral("a%26b%3Dc%3Fd%2Fe%2Bf%23");
    QTest::newRow("utf8") << QStringLiteral("é") << QStringLiteral("%C3%A9");
    QTest::newRow("empty") << QString() << QString();
}

void TestHttpClient::urlEncode()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(q(HttpClient::urlEncode(s(input))), expected);
}

void TestHttpClient::buildUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("https://h/v1/x")
                           << QStringLiteral("https://h/v1/x?a=1&b%5B%5D=x%20y&b%5B%5D=z");
    QTest::newRow("has query") << QStringLiteral("https://h/v1/x?k=v")
                               << QStringLiteral("https://h/v1/x?k=v&a=1&b%5B%5D=x%20y&b%5B%5D=z");
    QTest::newRow("trailing ?") << QStringLiteral("https://h/x?")
                                << QStringLiteral("https://h/x?a=1&b%5B%5D=x%20y&b%5B%5D=z");
    QTest::newRow("fragment") << QStringLiteral("https://h/x#f")
                              << QStringLiteral("https://h/x?a=1&b%5B%5D=x%20y&b%5B%5D=z#f");
}

void TestHttpClient::buildUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    const QueryParams query{{"a", "1"}, {"b[]", "x y"}, {"b[]", "z"}};
    QCOMPARE(q(HttpClient::buildUrl(s(url), query)), expected);
    QCOMPARE(q(HttpClient::buildUrl("https://h/x", {})), QStringLiteral("https://h/x"));
}

void TestHttpClient::parseRetryAfter_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("expectedMs");
    QTest::newRow("seconds") << QStringLiteral("120") << true << 120000;
    QTest::newRow("zero") << QStringLiteral("0") << true << 0;
    QTest::newRow("spaces") << QStringLiteral(" 3 ") << true << 3000;
    QTest::newRow("http-date") << QStringLiteral("Wed, 21 Oct 2015 07:28:30 GMT") << true << 30000;
    QTest::newRow("date in the past") << QStringLiteral("Wed, 21 Oct 2015 07:27:00 GMT") << true << 0;
    QTest::newRow("garbage") << QStringLiteral("soon") << false << 0;
    QTest::newRow("negative") << QStringLiteral("-5") << false << 0;
    QTest::newRow("empty") << QString() << false << 0;
}

void TestHttpClient::parseRetryAfter()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    QFETCH(int, expectedMs);
    // 2015-10-21 07:28:00 UTC
    const auto now = std::chrono::system_clock::from_time_t(1445412480);
    const auto parsed = HttpClient::parseRetryAfter(s(value), now);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(parsed->count(), static_cast<long long>(expectedMs));
}

void TestHttpClient::backoffStaysWithinCap()
{
    std::mt19937_64 rng(42);
    il::RetryPolicy policy;
    policy.baseDelay = 100ms;
    policy.maxDelay = 1000ms;
    for (int retry = 0; retry < 12; ++retry) {
        const long long cap = std::min(1000LL, 100LL << std::min(retry, 20));
        long long largest = 0;
        for (int i = 0; i < 200; ++i) {
            const long long d = HttpClient::backoffDelay(retry, policy, rng).count();
            QVERIFY(d >= 0);
            QVERIFY(d <= cap);
            largest = std::max(largest, d);
        }
        QVERIFY2(largest > cap / 2, "full jitter should use the whole range");
    }
}

void TestHttpClient::redactSecrets_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bearer token alone") << QStringLiteral("key sk-abcdef1234 is wrong")
                                        << QStringLiteral("key [redacted] is wrong");
    QTest::newRow("whole header") << QStringLiteral("Authorization: Bearer sk-abcdef1234")
                                  << QStringLiteral("Authorization: [redacted]");
    QTest::newRow("twice") << QStringLiteral("sk-abcdef1234/sk-abcdef1234") << QStringLiteral("[redacted]/[redacted]");
    QTest::newRow("other secret") << QStringLiteral("?key=qs-998877") << QStringLiteral("?key=[redacted]");
    QTest::newRow("percent-encoded") << QStringLiteral("?key=pa%2Fss%2Bword") << QStringLiteral("?key=[redacted]");
    QTest::newRow("nothing") << QStringLiteral("all fine") << QStringLiteral("all fine");
}

void TestHttpClient::redactSecrets()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(q(il::redactSecrets(s(text), {"Bearer sk-abcdef1234", "qs-998877", "ab", "pa/ss+word"})), expected);
}

void TestHttpClient::headersAreCaseInsensitive()
{
    HttpHeaders h;
    h.add("Content-Type", "application/json");
    h.add("X-Multi", "1");
    h.add("x-multi", "2");
    QCOMPARE(q(h.value("content-type").value_or("")), QStringLiteral("application/json"));
    QCOMPARE(q(h.value("CONTENT-TYPE").value_or("")), QStringLiteral("application/json"));
    QCOMPARE(h.values("X-MULTI").size(), std::size_t(2));
    QVERIFY(!h.value("missing"));
    h.set("X-MULTI", "3");
    QCOMPARE(h.values("x-multi").size(), std::size_t(1));
    QVERIFY(HttpHeaders::isSensitiveName("X-Api-Key"));
    QVERIFY(HttpHeaders::isSensitiveName("authorization"));
    QVERIFY(!HttpHeaders::isSensitiveName("anthropic-version"));
}

// ---- against the server ---------------------------------------------------------------------------------------

void TestHttpClient::getSendsHeadersAndEncodedQuery()
{
    m_server.route(
        "GET", "/v1/organization/costs",
        TestResponse::json(R"({"ok":true})").withHeader("X-Request-Id", "req_123").withHeader("X-Multi", "a"));
    HttpClient client(fastOptions());
    HttpHeaders headers;
    headers.add("anthropic-version", "2023-06-01");
    const QueryParams query{
        {"start_time", "1700000000"}, {"group_by[]", "project_id"}, {"group_by[]", "line_item"}, {"q", "a b&c=d/é+"}};
    auto response = client.get(m_server.url("/v1/organization/costs"), query, headers);
    QVERIFY2(response.ok(), response.ok() ? "" : response.error().toString().c_str());
    QCOMPARE(response->status, 200L);
    QCOMPARE(q(response->body), QStringLiteral(R"({"ok":true})"));
    QCOMPARE(q(response->headers.value("x-request-id").value_or("")), QStringLiteral("req_123"));
    QCOMPARE(q(response->headers.value("CONTENT-TYPE").value_or("")), QStringLiteral("application/json"));
    QCOMPARE(response->attempts, 1);

    QCOMPARE(m_server.requestCount(), 1);
    const auto sent = *m_server.lastRequest();
    QCOMPARE(q(sent.method), QStringLiteral("GET"));
    QCOMPARE(q(sent.header("anthropic-version")), QStringLiteral("2023-06-01"));
    QCOMPARE(q(sent.queryValue("start_time")), QStringLiteral("1700000000"));
    const auto groupBy = sent.queryValues("group_by[]");
    QCOMPARE(groupBy.size(), std::size_t(2));
    QCOMPARE(q(groupBy[0]), QStringLiteral("project_id"));
    QCOMPARE(q(groupBy[1]), QStringLiteral("line_item"));
    QCOMPARE(q(sent.queryValue("q")), QStringLiteral("a b&c=d/é+"));
    QVERIFY2(sent.rawQuery.find(' ') == std::string::npos, sent.rawQuery.c_str());
    QVERIFY(!sent.header("accept-encoding").empty()); // CURLOPT_ACCEPT_ENCODING ""
}

void TestHttpClient::userAgentNamesInferLedger()
{
    m_server.route("GET", "/ua", TestResponse::text("ok"));
    HttpClient client(fastOptions());
    QVERIFY(client.get(m_server.url("/ua")).ok());
    const std::string ua = m_server.lastRequest()->header("user-agent");
    QVERIFY2(ua.rfind("InferLedger/", 0) == 0, ua.c_str());
    QVERIFY2(ua.find("libcurl/") != std::string::npos, ua.c_str());
    QCOMPARE(q(ua), q(HttpClient::userAgent()));
}

void TestHttpClient::retryAfterIsHonoured_data()
{
    QTest::addColumn<bool>("asDate");
    QTest::newRow("seconds") << false;
    QTest::newRow("http-date") << true;
}

void TestHttpClient::retryAfterIsHonoured()
{
    QFETCH(bool, asDate);
    // An HTTP-date has whole seconds, so "now + 2 s" waits between 1 and 2 s.
    const std::string retryAfter = asDate ? httpDate(std::chrono::system_clock::now() + 2s) : "1";
    m_server.routeSequence(
        "GET", "/limited",
        {TestResponse::json(R"({"error":{"message":"slow down"}})", 429).withHeader("Retry-After", retryAfter),
         TestResponse::json(R"({"data":[]})")});
    HttpClient client(fastOptions());
    std::vector<std::string> logLines;
    client.setLogger([&logLines](std::string_view line) { logLines.emplace_back(line); });
    QElapsedTimer timer;
    timer.start();
    auto response = client.get(m_server.url("/limited"));
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(response.ok(), response.ok() ? "" : response.error().toString().c_str());
    QCOMPARE(response->attempts, 2);
    QCOMPARE(m_server.requestCount("/limited"), 2);
    QVERIFY2(elapsed >= 900, qPrintable(QStringLiteral("retried after only %1 ms").arg(elapsed)));
    QVERIFY2(elapsed < 4000, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
    const auto reqs = m_server.requests("/limited");
    const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(reqs[1].receivedAt - reqs[0].receivedAt);
    QVERIFY2(gap.count() >= 900, qPrintable(QStringLiteral("gap %1 ms").arg(gap.count())));
    QVERIFY(std::any_of(logLines.begin(), logLines.end(),
                        [](const std::string& l) { return l.find("retrying in") != std::string::npos; }));
}

void TestHttpClient::transientFailureIsRetried_data()
{
    QTest::addColumn<int>("status"); // 0: the connection is dropped without an answer
    QTest::newRow("500") << 500;
    QTest::newRow("502") << 502;
    QTest::newRow("503") << 503;
    QTest::newRow("504") << 504;
    QTest::newRow("dropped connection") << 0;
}

void TestHttpClient::transientFailureIsRetried()
{
    QFETCH(int, status);
    const TestResponse failure = status == 0 ? TestResponse::dropConnection() : TestResponse::text("try again", status);
    m_server.routeSequence("GET", "/flaky", {failure, failure, TestResponse::json(R"({"fine":1})")});
    HttpClient client(fastOptions());
    auto response = client.get(m_server.url("/flaky"));
    QVERIFY2(response.ok(), response.ok() ? "" : response.error().toString().c_str());
    QCOMPARE(response->attempts, 3);
    QCOMPARE(q(response->body), QStringLiteral(R"({"fine":1})"));
    QCOMPARE(m_server.requestCount("/flaky"), 3);
}

void TestHttpClient::persistentServerErrorGivesUp()
{
    m_server.route("GET", "/down", TestResponse::json(R"({"error":{"message":"upstream exploded"}})", 500));
    auto options = fastOptions();
    options.retry.maxRetries = 2;
    HttpClient client(options);
    auto response = client.get(m_server.url("/down?x=1"));
    QVERIFY(!response.ok());
    QCOMPARE(m_server.requestCount("/down"), 3);
    const il::Error& e = response.error();
    QVERIFY2(e.message.find("HTTP 500") != std::string::npos, e.message.c_str());
    QVERIFY2(e.message.find("after 2 retries") != std::string::npos, e.message.c_str());
    QVERIFY2(e.message.find("upstream exploded") != std::string::npos, e.message.c_str());
    QCOMPARE(e.httpStatus, 500); // as data, for the connectors' plain words
    QVERIFY(!e.hint.empty());
    QCOMPARE(q(e.source), q(m_server.url("/down"))); // no query string in the source
}

void TestHttpClient::retryAfterBeyondMaxDelayGivesUp()
{
    m_server.route("GET", "/later", TestResponse::empty(429).withHeader("Retry-After", "3600"));
    HttpClient client(fastOptions());
    QElapsedTimer timer;
    timer.start();
    auto response = client.get(m_server.url("/later"));
    QVERIFY(!response.ok());
    QVERIFY(timer.elapsed() < 1500);
    QCOMPARE(m_server.requestCount("/later"), 1);
    QVERIFY2(response.error().message.find("3600 s") != std::string::npos, response.error().message.c_str());
}

void TestHttpClient::refusedKeyIsNotRetriedAndNeverShown_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("401") << 401;
    QTest::newRow("403") << 403;
}

void TestHttpClient::refusedKeyIsNotRetriedAndNeverShown()
{
    QFETCH(int, status);
    const std::string querySecret = "qsecret-5566778899";
    const std::string customSecret = "custom-token-ABCDEFGH";
    // Servers do echo keys back; the client must still never show them.
    m_server.route("GET", "/v1/usage",
                   TestResponse::json(R"({"error":{"message":"Incorrect API key provided: )" + kKey + " " +
                                          customSecret + " " + querySecret + R"("}})",
                                      status));
    HttpClient client(fastOptions());
    std::vector<std::string> logLines;
    client.setLogger([&logLines](std::string_view line) { logLines.emplace_back(line); });
    client.setDefaultHeader("Authorization", "Bearer " + kKey);
    client.addSecret(querySecret);
    HttpHeaders headers;
    headers.add("x-api-key", kKey);
    headers.add("X-Custom-Token", customSecret, /*secret=*/true);
    auto response = client.get(m_server.url("/v1/usage"), {{"key", querySecret}}, headers);

    QVERIFY(!response.ok());
    QCOMPARE(m_server.requestCount("/v1/usage"), 1); // not retried
    const auto sent = *m_server.lastRequest();
    QCOMPARE(q(sent.header("authorization")), q("Bearer " + kKey));
    QCOMPARE(q(sent.header("x-api-key")), q(kKey));
    QCOMPARE(q(sent.header("x-custom-token")), q(customSecret));

    const il::Error& e = response.error();
    QCOMPARE(e.httpStatus, status);
    QVERIFY2(e.message.find("refused the API key") != std::string::npos, e.message.c_str());
    QVERIFY2(e.hint.find("admin key") != std::string::npos, e.hint.c_str());
    QVERIFY2(e.message.find("Incorrect API key provided: [redacted]") != std::string::npos, e.message.c_str());

    std::vector<std::string> shown = logLines;
    shown.push_back(e.toString());
    shown.push_back(e.message);
    shown.push_back(e.hint);
    shown.push_back(e.source);
    shown.push_back(e.field);
    QVERIFY(logLines.size() >= 1);
    for (const std::string& text : shown) {
        for (const std::string& secret : {kKey, customSecret, querySecret})
            QVERIFY2(text.find(secret) == std::string::npos, ("secret shown in: " + text).c_str());
        QVERIFY2(text.find("TEST-SECRET") == std::string::npos, text.c_str());
    }
    // The redaction helper, called directly, covers the request's secrets too once they are defaults.
    QVERIFY(client.redact("x " + kKey + " y").find(kKey) == std::string::npos);
}

void TestHttpClient::urlCredentialsNeverShown()
{
    m_server.route("GET", "/creds", TestResponse::empty(500));
    auto options = fastOptions();
    options.retry.maxRetries = 1;
    HttpClient client(options);
    std::vector<std::string> logLines;
    client.setLogger([&logLines](std::string_view line) { logLines.emplace_back(line); });
    auto response = client.get("http://user:pw-in-url-42@127.0.0.1:" + std::to_string(m_server.port()) + "/creds");
    QVERIFY(!response.ok());
    QVERIFY(m_server.lastRequest()->header("authorization").rfind("Basic ", 0) == 0); // libcurl did use them
    logLines.push_back(response.error().toString());
    for (const std::string& text : logLines)
        QVERIFY2(text.find("pw-in-url-42") == std::string::npos, text.c_str());
}

void TestHttpClient::badRequestShowsServerReason()
{
    m_server.route("GET", "/bad",
                   TestResponse::json(R"({"error":{"message":"start_time must be before end_time"}})", 400));
    HttpClient client(fastOptions());
    auto response = client.get(m_server.url("/bad"));
    QVERIFY(!response.ok());
    QCOMPARE(m_server.requestCount("/bad"), 1);
    QVERIFY2(response.error().message.find("rejected the request (HTTP 400 Bad Request): start_time must be before "
                                           "end_time") != std::string::npos,
             response.error().message.c_str());
}

void TestHttpClient::acceptAnyStatusReturnsResponse()
{
    m_server.route("GET", "/missing", TestResponse::json(R"({"error":"no such project"})", 404));
    HttpClient client(fastOptions());
    HttpRequest request;
    request.url = m_server.url("/missing");
    request.acceptAnyStatus = true;
    auto response = client.send(request);
    QVERIFY(response.ok());
    QCOMPARE(response->status, 404L);
    QCOMPARE(q(response->body), QStringLiteral(R"({"error":"no such project"})"));

    request.acceptAnyStatus = false;
    auto failed = client.send(request);
    QVERIFY(!failed.ok());
    QVERIFY2(failed.error().message.find("no such project") != std::string::npos, failed.error().message.c_str());
}

void TestHttpClient::postIsNotRetriedAfterServerError()
{
    m_server.routeSequence("POST", "/write", {TestResponse::empty(500), TestResponse::empty(200)});
    HttpClient client(fastOptions());
    auto response = client.post(m_server.url("/write"), R"({"a":1})", "application/json");
    QVERIFY(!response.ok());
    QCOMPARE(m_server.requestCount("/write"), 1);
    QCOMPARE(q(m_server.lastRequest()->body), QStringLiteral(R"({"a":1})"));
    QCOMPARE(q(m_server.lastRequest()->header("content-type")), QStringLiteral("application/json"));
}

void TestHttpClient::postIsRetriedOnServiceUnavailable()
{
    m_server.routeSequence("POST", "/write",
                           {TestResponse::empty(503).withHeader("Retry-After", "0"), TestResponse::json("{}")});
    HttpClient client(fastOptions());
    const std::string big(200 * 1024, 'x'); // large enough that curl would otherwise send Expect: 100-continue
    auto response = client.post(m_server.url("/write"), big, "text/plain");
    QVERIFY2(response.ok(), response.ok() ? "" : response.error().toString().c_str());
    QCOMPARE(m_server.requestCount("/write"), 2);
    QCOMPARE(m_server.lastRequest()->body.size(), big.size());
}

void TestHttpClient::totalTimeoutGivesPlainError()
{
    m_server.route("GET", "/slow", TestResponse::json("{}").withDelay(4s));
    auto options = fastOptions();
    options.totalTimeout = 500ms;
    options.retry.maxRetries = 0;
    HttpClient client(options);
    QElapsedTimer timer;
    timer.start();
    auto response = client.get(m_server.url("/slow"));
    const qint64 elapsed = timer.elapsed();
    QVERIFY(!response.ok());
    QVERIFY2(elapsed < 2500, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
    QVERIFY2(response.error().message == "no answer from 127.0.0.1 within 0.5 s", response.error().message.c_str());
    QVERIFY(!response.error().hint.empty());
}

void TestHttpClient::connectionRefused()
{
    const uint16_t port = TestHttpServer::unusedPort();
    QVERIFY(port != 0);
    auto options = fastOptions();
    options.retry.maxRetries = 2;
    HttpClient client(options);
    std::vector<std::string> logLines;
    client.setLogger([&logLines](std::string_view line) { logLines.emplace_back(line); });
    auto response = client.get("http://127.0.0.1:" + std::to_string(port) + "/v1/x");
    QVERIFY(!response.ok());
    QVERIFY2(response.error().message == "could not connect to 127.0.0.1 (after 2 retries)",
             response.error().message.c_str());
    QCOMPARE(response.error().httpStatus, 0); // no HTTP answer became this error
    QVERIFY(!response.error().hint.empty());
    QVERIFY(logLines.size() >= 3); // three attempts
}

void TestHttpClient::malformedUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("empty") << QString();
    QTest::newRow("words") << QStringLiteral("not a url");
    QTest::newRow("ftp") << QStringLiteral("ftp://example.org/file");
    QTest::newRow("no host") << QStringLiteral("http://");
    QTest::newRow("space in host") << QStringLiteral("http://exa mple.org/");
}

void TestHttpClient::malformedUrl()
{
    QFETCH(QString, url);
    HttpClient client(fastOptions());
    auto response = client.get(s(url));
    QVERIFY(!response.ok());
    QVERIFY2(response.error().message.find("is not a valid http(s) URL") != std::string::npos,
             response.error().message.c_str());
    QVERIFY2(response.error().hint.find("base URL") != std::string::npos, response.error().hint.c_str());
}

void TestHttpClient::unresolvableHost()
{
    // .invalid never resolves (RFC 6761); a resolver that does not answer at all is no failure of ours.
    auto options = fastOptions();
    options.connectTimeout = 3s;
    HttpClient client(options);
    auto response = client.get("https://inferledger-test.invalid/v1/x");
    QVERIFY(!response.ok());
    if (response.error().message.find("within") != std::string::npos)
        QSKIP("the resolver did not answer in time");
    QCOMPARE(q(response.error().message), QStringLiteral("could not resolve host inferledger-test.invalid"));
    QVERIFY2(response.error().hint.find("Check the base URL") != std::string::npos, response.error().hint.c_str());
}

void TestHttpClient::cancelDuringBackoff_data()
{
    QTest::addColumn<bool>("useStopToken");
    QTest::newRow("atomic flag") << false;
    QTest::newRow("stop token") << true;
}

void TestHttpClient::cancelDuringBackoff()
{
    QFETCH(bool, useStopToken);
    m_server.route("GET", "/busy", TestResponse::empty(503).withHeader("Retry-After", "30"));
    auto options = fastOptions();
    options.retry.maxDelay = 60s;
    HttpClient client(options);
    std::atomic<bool> cancel{false};
    std::stop_source stop;
    if (useStopToken)
        client.setStopToken(stop.get_token());
    else
        client.setCancelFlag(&cancel);
    QElapsedTimer timer;
    timer.start();
    il::Result<il::HttpResponse> response = il::makeError("not run");
    {
        DelayedCancel canceller(300ms,
                                [&] { useStopToken ? static_cast<void>(stop.request_stop()) : cancel.store(true); });
        response = client.get(m_server.url("/busy"));
    }
    const qint64 elapsed = timer.elapsed();
    QVERIFY(!response.ok());
    QVERIFY2(response.error().message.find("cancelled") != std::string::npos, response.error().message.c_str());
    QVERIFY2(elapsed < 3000, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
    QCOMPARE(m_server.requestCount("/busy"), 1);
    QVERIFY(client.isCancelled());
}

void TestHttpClient::cancelDuringTransfer()
{
    m_server.route("GET", "/stall", TestResponse::json("{}").withDelay(5s));
    auto options = fastOptions();
    options.totalTimeout = 10s;
    HttpClient client(options);
    std::atomic<bool> cancel{false};
    client.setCancelFlag(&cancel);
    QElapsedTimer timer;
    timer.start();
    il::Result<il::HttpResponse> response = il::makeError("not run");
    {
        DelayedCancel canceller(300ms, [&] { cancel.store(true); });
        response = client.get(m_server.url("/stall"));
    }
    const qint64 elapsed = timer.elapsed();
    QVERIFY(!response.ok());
    QVERIFY2(response.error().message.find("cancelled") != std::string::npos, response.error().message.c_str());
    // libcurl calls the progress function at least once a second while it waits.
    QVERIFY2(elapsed < 3000, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
}

bool TestHttpClient::ensureTlsServer()
{
    if (m_tlsPort != 0)
        return true;
    if (!m_tlsProblem.isEmpty())
        return false;
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty() || !m_tlsDir.isValid()) {
        m_tlsProblem = QStringLiteral("openssl is not installed");
        return false;
    }
    QProcess req;
    req.start(openssl,
              {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
               QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
               QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
               QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-days"), QStringLiteral("2"),
               QStringLiteral("-keyout"), m_tlsDir.filePath(QStringLiteral("key.pem")), QStringLiteral("-out"),
               m_tlsDir.filePath(QStringLiteral("cert.pem"))});
    if (!req.waitForFinished(20000) || req.exitCode() != 0) {
        m_tlsProblem = QStringLiteral("openssl req failed: ") + QString::fromLocal8Bit(req.readAllStandardError());
        return false;
    }
    const uint16_t port = TestHttpServer::unusedPort();
    m_tlsServer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_tlsServer.start(openssl, {QStringLiteral("s_server"), QStringLiteral("-quiet"), QStringLiteral("-www"),
                                QStringLiteral("-accept"), QStringLiteral("127.0.0.1:") + QString::number(port),
                                QStringLiteral("-cert"), m_tlsDir.filePath(QStringLiteral("cert.pem")),
                                QStringLiteral("-key"), m_tlsDir.filePath(QStringLiteral("key.pem"))});
    if (!m_tlsServer.waitForStarted(5000)) {
        m_tlsProblem = QStringLiteral("openssl s_server did not start");
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    while (!portAccepts(port)) {
        if (timer.elapsed() > 10000 || m_tlsServer.state() == QProcess::NotRunning) {
            m_tlsProblem = QStringLiteral("openssl s_server did not listen");
            return false;
        }
        QTest::qWait(50);
    }
    m_tlsPort = port;
    return true;
}

void TestHttpClient::tlsIsVerified_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("caBundle");      // "cert": the server's own certificate
    QTest::addColumn<QString>("expectedError"); // empty: success
    QTest::newRow("untrusted certificate") << QStringLiteral("127.0.0.1") << QString()
                                           << QStringLiteral("the TLS certificate of 127.0.0.1 could not be verified");
    QTest::newRow("trusted through the CA bundle")
        << QStringLiteral("127.0.0.1") << QStringLiteral("cert") << QString();
    QTest::newRow("wrong host name") << QStringLiteral("localhost") << QStringLiteral("cert")
                                     << QStringLiteral("the TLS certificate of localhost could not be verified");
    QTest::newRow("unreadable CA bundle") << QStringLiteral("127.0.0.1") << QStringLiteral("/nonexistent/ca.pem")
                                          << QStringLiteral("the CA bundle '/nonexistent/ca.pem' could not be read");
}

void TestHttpClient::tlsIsVerified()
{
    QFETCH(QString, host);
    QFETCH(QString, caBundle);
    QFETCH(QString, expectedError);
    if (!ensureTlsServer())
        QSKIP(qPrintable(m_tlsProblem));
    auto options = fastOptions();
    options.retry.maxRetries = 0;
    if (caBundle == QStringLiteral("cert"))
        options.caBundlePath = s(m_tlsDir.filePath(QStringLiteral("cert.pem")));
    else
        options.caBundlePath = s(caBundle);
    HttpClient client(options);
    auto response = client.get("https://" + s(host) + ":" + std::to_string(m_tlsPort) + "/");
    if (expectedError.isEmpty()) {
        QVERIFY2(response.ok(), response.ok() ? "" : response.error().toString().c_str());
        QCOMPARE(response->status, 200L);
    } else {
        QVERIFY(!response.ok());
        QCOMPARE(q(response.error().message), expectedError);
        QVERIFY(!response.error().hint.empty());
    }
}

void TestHttpClient::gzipResponseIsDecoded()
{
    if (!TestHttpServer::gzipSupported())
        QSKIP("test support built without zlib");
    std::string body;
    for (int i = 0; i < 500; ++i)
        body += R"({"line":)" + std::to_string(i) + "}\n";
    m_server.route("GET", "/gz", TestResponse::text(body).gzipped());
    HttpClient client(fastOptions());
    auto response = client.get(m_server.url("/gz"));
    QVERIFY2(response.ok(), response.ok() ? "" : response.error().toString().c_str());
    QCOMPARE(q(response->headers.value("content-encoding").value_or("")), QStringLiteral("gzip"));
    QCOMPARE(response->body.size(), body.size());
    QVERIFY(response->body == body);
    QVERIFY(m_server.lastRequest()->header("accept-encoding").find("gzip") != std::string::npos);
}

void TestHttpClient::responseLargerThanLimit()
{
    m_server.route("GET", "/huge", TestResponse::text(std::string(100000, 'x')));
    HttpClient client(fastOptions());
    client.setMaxResponseBytes(1000);
    auto response = client.get(m_server.url("/huge"));
    QVERIFY(!response.ok());
    QVERIFY2(response.error().message.find("larger than 1000 bytes") != std::string::npos,
             response.error().message.c_str());
    QCOMPARE(m_server.requestCount("/huge"), 1);
}

void TestHttpClient::keepAliveConnection()
{
    m_server.setKeepAlive(true);
    m_server.route("GET", "/ka", TestResponse::text("again"));
    HttpClient client(fastOptions());
    for (int i = 0; i < 3; ++i) {
        auto response = client.get(m_server.url("/ka"));
        QVERIFY2(response.ok(), response.ok() ? "" : response.error().toString().c_str());
        QCOMPARE(q(response->body), QStringLiteral("again"));
    }
    QCOMPARE(m_server.requestCount("/ka"), 3);
}

// ---- pagination -----------------------------------------------------------------------------------------------

namespace {

TestResponse costsPage(const il::test::TestRequest& request)
{
    const std::string page = request.queryValue("page");
    nlohmann::json body;
    if (page.empty())
        body = {{"data", {1, 2}}, {"has_more", true}, {"next_page", "cursor-2"}};
    else if (page == "cursor-2")
        body = {{"data", {3, 4}}, {"has_more", true}, {"next_page", "cursor-3"}};
    else if (page == "cursor-3")
        body = {{"data", {5}}, {"has_more", false}, {"next_page", nullptr}};
    else
        return TestResponse::json(R"({"error":{"message":"bad cursor"}})", 400);
    return TestResponse::json(body.dump());
}

} // namespace

void TestHttpClient::paginationFollowsCursor()
{
    m_server.route("GET", "/v1/organization/costs", costsPage);
    HttpClient client(fastOptions());
    HttpRequest first;
    first.url = m_server.url("/v1/organization/costs");
    first.query = {
        {"start_time", "1700000000"}, {"group_by[]", "project_id"}, {"group_by[]", "line_item"}, {"limit", "2"}};
    std::vector<int> values;
    auto pages =
        il::fetchPages(client, first, il::cursorPaging(), [&values](const nlohmann::json& page) -> il::Result<void> {
            for (const auto& v : page.at("data"))
                values.push_back(v.get<int>());
            return {};
        });
    QVERIFY2(pages.ok(), pages.ok() ? "" : pages.error().toString().c_str());
    QCOMPARE(*pages, 3);
    QCOMPARE(values, (std::vector<int>{1, 2, 3, 4, 5}));

    const auto sent = m_server.requests("/v1/organization/costs");
    QCOMPARE(sent.size(), std::size_t(3));
    QVERIFY(!sent[0].hasQuery("page"));
    QCOMPARE(q(sent[1].queryValue("page")), QStringLiteral("cursor-2"));
    QCOMPARE(q(sent[2].queryValue("page")), QStringLiteral("cursor-3"));
    for (const auto& r : sent) {
        QCOMPARE(q(r.queryValue("start_time")), QStringLiteral("1700000000"));
        QCOMPARE(r.queryValues("group_by[]").size(), std::size_t(2));
        QCOMPARE(r.queryValues("page").size(), r.hasQuery("page") ? std::size_t(1) : std::size_t(0));
    }
}

void TestHttpClient::paginationStopsWhenCancelled()
{
    m_server.route("GET", "/v1/organization/costs", costsPage);
    HttpClient client(fastOptions());
    std::atomic<bool> cancel{false};
    client.setCancelFlag(&cancel);
    HttpRequest first;
    first.url = m_server.url("/v1/organization/costs");
    auto pages =
        il::fetchPages(client, first, il::cursorPaging(), [&cancel](const nlohmann::json&) -> il::Result<void> {
            cancel = true; // the user pressed Cancel while page 1 was processed
            return {};
        });
    QVERIFY(!pages.ok());
    QVERIFY2(pages.error().message.find("cancelled") != std::string::npos, pages.error().message.c_str());
    QCOMPARE(m_server.requestCount("/v1/organization/costs"), 1);
}

void TestHttpClient::paginationRejectsMissingCursor()
{
    m_server.route("GET", "/p", TestResponse::json(R"({"data":[],"has_more":true})"));
    HttpClient client(fastOptions());
    HttpRequest first;
    first.url = m_server.url("/p");
    auto pages =
        il::fetchPages(client, first, il::cursorPaging(), [](const nlohmann::json&) -> il::Result<void> { return {}; });
    QVERIFY(!pages.ok());
    QVERIFY2(pages.error().message.find("next_page") != std::string::npos, pages.error().message.c_str());
    QCOMPARE(m_server.requestCount("/p"), 1);

    QCOMPARE(il::mergeQuery({{"a", "1"}, {"page", "x"}, {"b", "2"}}, {{"page", "y"}}),
             (QueryParams{{"a", "1"}, {"b", "2"}, {"page", "y"}}));
}

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
