// SPDX-License-Identifier: GPL-3.0-or-later
// OpenAI usage + costs sync against a fake organization API on 127.0.0.1 (documented wire format), into a real
// store: pagination, retries (429 + Retry-After, 5xx), a server slower than the timeout, malformed JSON, a refused
// key, empty buckets, idempotent re-sync with late corrections, a failure part-way, cancel — each checked by what
// was STORED, and that nothing (not the watermark either) moved on failure.
#include "ConnectorSync.h"
#include "FakeProviders.h"
#include "SyncTestSupport.h"

#include "domain/Time.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace il;
using namespace il::test;
using namespace std::chrono_literals;

namespace {

constexpr int64_t kJan1 = 1'767'225'600'000; // 2026-01-01T00:00:00Z
constexpr int64_t kNow = kJan1 + 20 * kDayMs + 12 * kHourMs; // 2026-01-21T12:00:00Z

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

class TestOpenAiSync final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    TestHttpServer m_server;
    std::unique_ptr<FakeOpenAi> m_fake;
    std::unique_ptr<Store> m_store;
    int m_n = 0;

    ConnectorConfig config(std::map<std::string, std::string> extra = {})
    {
        ConnectorConfig c;
        c.name = "oa";
        c.type = "openai";
        c.baseUrl = m_server.baseUrl();
        c.keyEnv = "OA_TEST_KEY";
        c.options = { { "project.proj_support", "support-assistant" }, { "initial_days", "20" }, { "timeout", "5" } };
        for (auto& [k, v] : extra)
            c.options[k] = v;
        return c;
    }

    SyncRunReport sync(const ConnectorConfig& c, SyncRequest req = {}, const std::string& key = {})
    {
        return syncConnector(*m_store, c, key.empty() ? m_fake->key : key, req);
    }

    long long count(const char* sql) { return scalar(*m_store, sql); }

    void expectNothingStored()
    {
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 0LL);
        QCOMPARE(count("SELECT COUNT(*) FROM cost_bucket"), 0LL);
        QVERIFY(!stateOf(*m_store, "oa").watermarkMs);
    }

private slots:
    void initTestCase() { QVERIFY2(m_server.start(), m_server.errorString().c_str()); }

    void init()
    {
        setNowOverrideMs(kNow);
        m_server.clearRoutes();
        m_server.clearRequests();
        m_fake = std::make_unique<FakeOpenAi>();
        m_fake->install(m_server);
        m_store = freshStore(m_dir.filePath(QStringLiteral("oa%1.db").arg(++m_n)));
        QVERIFY(m_store);
        QVERIFY(addConnector(*m_store, config()));
    }

    void cleanup() { setNowOverrideMs(std::nullopt); }

    void fullSyncPagesAndStores()
    {
        m_fake->fillDays(kJan1, 21);
        std::vector<std::string> stages;
        SyncRequest req;
        req.progress = [&stages](const SyncProgress& p, int, int) { stages.push_back(p.stage); };
        SyncRunReport r = sync(config(), req);
        QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "cancelled");
        QCOMPARE(r.window.fromMs, kJan1); // now − 20 days, back to the day
        QCOMPARE(r.window.toMs, kNow);
        QCOMPARE(r.batches, 3); // a week each
        QCOMPARE(r.batchesCommitted, 3);
        QCOMPARE(r.usageAdded, int64_t(42));
        QCOMPARE(r.costAdded, int64_t(42));
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 42LL);
        QCOMPARE(count("SELECT COUNT(*) FROM cost_bucket"), 42LL);
        // Three buckets a page: every batch took several pages, each followed by its cursor.
        QVERIFY(r.pages >= 12);
        QVERIFY(stages.size() == size_t(r.pages));
        int cursorRequests = 0;
        for (const TestRequest& req2 : m_server.requests()) {
            QCOMPARE(q(req2.header("Authorization")), q("Bearer " + m_fake->key));
            const auto groups = req2.queryValues("group_by[]");
            if (req2.path == FakeOpenAi::kUsagePath) {
                QCOMPARE(groups, (std::vector<std::string> { "model", "project_id" }));
                QCOMPARE(q(req2.queryValue("bucket_width")), QStringLiteral("1d"));
                QCOMPARE(q(req2.queryValue("limit")), QStringLiteral("31"));
            } else {
                QCOMPARE(groups, (std::vector<std::string> { "line_item", "project_id" }));
                QCOMPARE(q(req2.queryValue("limit")), QStringLiteral("180"));
            }
            cursorRequests += req2.hasQuery("page") ? 1 : 0;
        }
        QVERIFY(cursorRequests > 0);
        // Figures as the fake reported them: input includes cached; Σ(1000+i) + 21×500.
        QCOMPARE(count("SELECT SUM(input_tokens) FROM usage_bucket"), 21LL * 1000 + 210 + 21 * 500);
        QCOMPARE(count("SELECT SUM(cached_input_tokens) FROM usage_bucket"), 21LL * 200);
        QCOMPARE(count("SELECT SUM(requests) FROM usage_bucket"), 21LL * 12);
        // 21 × ($0.12 + $1.5) exactly.
        QCOMPARE(count("SELECT SUM(amount) FROM cost_bucket"), 34'020'000'000LL);
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket u JOIN feature f ON f.id=u.feature_id"
                       " WHERE f.name='support-assistant'"),
                 21LL);
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket u JOIN feature f ON f.id=u.feature_id"
                       " WHERE f.name='unattributed'"),
                 21LL);
        // Priced from the catalogue where the model is known; buckets never reach the request rollups.
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket WHERE est_cost IS NULL"), 0LL);
        QCOMPARE(count("SELECT COUNT(*) FROM rollup_hourly"), 0LL);
        const SyncState st = stateOf(*m_store, "oa");
        QCOMPARE(*st.watermarkMs, kNow);
        QCOMPARE(*st.lastSuccessMs, kNow);
        QVERIFY(st.lastError.empty());
        QCOMPARE(st.rowsAdded, int64_t(84));
        QCOMPARE(st.rowsTotal, int64_t(84));
    }

    void resyncAddsNothingTwiceAndTakesLateCorrections()
    {
        m_fake->fillDays(kJan1, 22);
        QVERIFY(sync(config()).ok());
        const auto before = dumpFacts(*m_store);

        // The same period again: nothing added, nothing changed.
        SyncRequest again;
        again.fromMs = kJan1;
        SyncRunReport same = sync(config(), again);
        QVERIFY(same.ok());
        QCOMPARE(same.added(), int64_t(0));
        QCOMPARE(same.corrected(), int64_t(0));
        QCOMPARE(dumpFacts(*m_store), before);

        // A day later: the provider has corrected Jan 20 and dropped a group from Jan 21.
        setNowOverrideMs(kNow + kDayMs);
        m_fake->setUsage(kJan1 + 19 * kDayMs,
                         { { "proj_support", "gpt-4o-mini-2024-07-18", 9999, 200, 50, 777, 11 },
                           { "proj_search", "gpt-4o", 500, 0, 0, 100, 2 } });
        m_fake->setCosts(
            kJan1 + 19 * kDayMs,
            { { "gpt-4o-mini-2024-07-18, input", "proj_support", "0.5" }, { "gpt-4o, output", "proj_search", "1.5" } });
        m_fake->setUsage(kJan1 + 20 * kDayMs, { { "proj_support", "gpt-4o-mini-2024-07-18", 1020, 200, 50, 320, 10 } });
        SyncRunReport r = sync(config());
        QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "");
        // The default window: the last watermark less the 2-day lookback, back to the day.
        QCOMPARE(r.window.fromMs, kJan1 + 18 * kDayMs);
        QCOMPARE(r.usageAdded, int64_t(2)); // Jan 22
        QCOMPARE(r.costAdded, int64_t(2));
        QCOMPARE(r.usageCorrected, int64_t(1)); // Jan 20
        QCOMPARE(r.costCorrected, int64_t(1));
        QCOMPARE(r.pruned, int64_t(1)); // proj_search on Jan 21
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 42LL - 1 + 2);
        QCOMPARE(count("SELECT COUNT(*) FROM cost_bucket"), 42LL + 2);
        QCOMPARE(count("SELECT input_tokens FROM usage_bucket WHERE start_ms=1768867200000 AND project='proj_support'"),
                 9999LL);
        QCOMPARE(count("SELECT amount FROM cost_bucket WHERE start_ms=1768867200000 AND project='proj_support'"),
                 500'000'000LL);
        QCOMPARE(*stateOf(*m_store, "oa").watermarkMs, kNow + kDayMs);
    }

    void rateLimitedWithRetryAfterThenSuccess()
    {
        m_fake->fillDays(kJan1, 21);
        m_fake->failNext(
            FakeOpenAi::kUsagePath,
            { TestResponse::json(
                  R"({"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}})",
                  429)
                  .withHeader("Retry-After", "1") });
        SyncRunReport r = sync(config());
        QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "");
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 42LL);
        const auto usage = m_server.requests(FakeOpenAi::kUsagePath);
        QVERIFY(usage.size() >= 2);
        // The retry waited at least what the server asked for.
        QVERIFY(usage[1].receivedAt - usage[0].receivedAt >= 900ms);
        QCOMPARE(q(usage[1].rawQuery), q(usage[0].rawQuery));
    }

    void serverErrorsThenSuccess()
    {
        m_fake->fillDays(kJan1, 21);
        m_fake->failNext(FakeOpenAi::kCostsPath,
                         { TestResponse::text("upstream failed", 500), TestResponse::text("bad gateway", 502) });
        SyncRunReport r = sync(config({ { "retries", "3" } }));
        QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "");
        QCOMPARE(count("SELECT COUNT(*) FROM cost_bucket"), 42LL);
        QCOMPARE(count("SELECT SUM(amount) FROM cost_bucket"), 34'020'000'000LL);
    }

    void serverErrorsExhaustRetries()
    {
        m_fake->fillDays(kJan1, 21);
        m_fake->failNext(FakeOpenAi::kUsagePath, std::vector<TestResponse>(3, TestResponse::text("down", 503)));
        SyncRunReport r = sync(config({ { "retries", "1" } }));
        QVERIFY(r.error);
        QVERIFY2(r.error->toString().find("HTTP 503") != std::string::npos, r.error->toString().c_str());
        QVERIFY(r.error->toString().find("connector 'oa'") != std::string::npos);
        expectNothingStored();
    }

    void slowerThanTheTimeout()
    {
        m_fake->fillDays(kJan1, 21);
        m_fake->slowFrom(0, 3s);
        QElapsedTimer t;
        t.start();
        SyncRunReport r = sync(config({ { "timeout", "1" }, { "retries", "0" } }));
        QVERIFY(r.error);
        QVERIFY2(r.error->toString().find("no answer from 127.0.0.1 within 1 s") != std::string::npos,
                 r.error->toString().c_str());
        QVERIFY(t.elapsed() < 2900); // gave up at the timeout, did not wait for the answer
        expectNothingStored();
        const SyncState st = stateOf(*m_store, "oa");
        QVERIFY(st.lastError.find("no answer") != std::string::npos);
        QCOMPARE(*st.lastErrorMs, kNow);
        QVERIFY(!st.lastSuccessMs);
    }

    void malformedJson()
    {
        m_fake->fillDays(kJan1, 21);
        m_fake->failNext(FakeOpenAi::kCostsPath,
                         { TestResponse::json(R"({"object":"page","data":[{"object":"bucket",)") });
        SyncRunReport r = sync(config());
        QVERIFY(r.error);
        QVERIFY2(r.error->toString().find("not valid JSON") != std::string::npos, r.error->toString().c_str());
        QVERIFY(r.error->toString().find("connector 'oa'") != std::string::npos);
        expectNothingStored(); // the usage read before it in the same batch went with the rollback
    }

    void wrongShape()
    {
        m_fake->failNext(
            FakeOpenAi::kUsagePath,
            { TestResponse::json(
                R"({"object":"page","data":[{"object":"bucket","start_time":1767225600,"end_time":1767312000,"results":[{"input_tokens":"12k"}]}],"has_more":false,"next_page":null})") });
        SyncRunReport r = sync(config());
        QVERIFY(r.error);
        QCOMPARE(q(r.error->field), QStringLiteral("data[0].results[0].input_tokens"));
        QCOMPARE(q(r.error->source),
                 q("connector 'oa' at " + m_server.baseUrl() + FakeOpenAi::kUsagePath + ", page 1"));
        expectNothingStored();
    }

    void refusedKey()
    {
        m_fake->fillDays(kJan1, 21);
        const std::string wrong = "sk-proj-WRONG-not-an-admin-key";
        SyncRunReport r = sync(config(), {}, wrong);
        QVERIFY(r.error);
        const std::string text = r.error->toString();
        QCOMPARE(r.error->httpStatus, 401);
        QVERIFY2(text.find("the provider refused the key for connector 'oa' (HTTP 401") != std::string::npos,
                 text.c_str());
        QVERIFY(text.find("platform.openai.com/settings/organization/admin-keys") != std::string::npos);
        QVERIFY(text.find("OA_TEST_KEY") != std::string::npos); // where the key came from
        QVERIFY(text.find(wrong) == std::string::npos); // never the key itself
        expectNothingStored();
        QCOMPARE(m_server.requestCount(), 1); // a refused key is not retried
        QVERIFY(stateOf(*m_store, "oa").lastError.find("refused the key") != std::string::npos);
    }

    // Each status the provider can end a sync with, in plain words keyed on Error::httpStatus (not on the text).
    void statusInPlainWords_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("hint");
        QTest::newRow("401 refused key")
            << 401
            << QByteArray(R"j({"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}})j")
            << QByteArray("the provider refused the key for connector 'oa' (HTTP 401 Unauthorized): Incorrect API key")
            << QByteArray("platform.openai.com/settings/organization/admin-keys");
        QTest::newRow("403 not an admin key")
            << 403 << QByteArray(R"j({"error":{"message":"You have insufficient permissions for this operation."}})j")
            << QByteArray("the provider refused the key for connector 'oa' (HTTP 403 Forbidden): You have insufficient")
            << QByteArray("Project API keys cannot read usage or costs");
        QTest::newRow("404 wrong base URL")
            << 404 << QByteArray(R"j({"error":{"message":"Invalid URL (GET /v1/organization/usage/completions)"}})j")
            << QByteArray("nothing was found at this address, so the base URL is probably wrong (HTTP 404 Not Found): "
                          "Invalid URL")
            << QByteArray("The connector uses http://127.0.0.1:");
        QTest::newRow("429 after retries")
            << 429
            << QByteArray(R"j({"error":{"message":"Rate limit reached for requests","code":"rate_limit_exceeded"}})j")
            << QByteArray("the provider's server kept refusing the requests as too many (HTTP 429 Too Many Requests) "
                          "after 1 retry")
            << QByteArray("Wait a few minutes and sync again");
        QTest::newRow("500 outage")
            << 500 << QByteArray(R"j({"error":{"message":"The server had an error while processing your request."}})j")
            << QByteArray("the provider's server failed with HTTP 500 Internal Server Error after 1 retry: The server "
                          "had an error")
            << QByteArray("outage (see https://status.openai.com)");
        QTest::newRow("503 outage") << 503 << QByteArray(R"j({"error":{"message":"Service Unavailable"}})j")
                                    << QByteArray("the provider's server failed with HTTP 503 Service Unavailable "
                                                  "after 1 retry")
                                    << QByteArray("it resumes from the last batch it stored");
    }

    void statusInPlainWords()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, hint);
        m_fake->fillDays(kJan1, 21);
        // Enough of them to outlast the retries; Retry-After 0 keeps the 429 row fast.
        m_fake->failNext(FakeOpenAi::kUsagePath,
                         std::vector<TestResponse>(
                             3, TestResponse::json(body.toStdString(), status).withHeader("Retry-After", "0")));
        SyncRunReport r = sync(config({ { "retries", "1" } }));
        QVERIFY(r.error);
        QCOMPARE(r.error->httpStatus, status);
        QVERIFY2(r.error->message.find(message.toStdString()) != std::string::npos, r.error->message.c_str());
        QVERIFY2(r.error->hint.find(hint.toStdString()) != std::string::npos, r.error->hint.c_str());
        QVERIFY2(r.error->toString().find("connector 'oa'") != std::string::npos, r.error->toString().c_str());
        QVERIFY(r.error->toString().find(m_fake->key) == std::string::npos);
        expectNothingStored();
        QCOMPARE(q(stateOf(*m_store, "oa").lastError), q(r.error->toString()));
    }

    void emptyBuckets()
    {
        SyncRunReport r = sync(config());
        QVERIFY(r.ok());
        QCOMPARE(r.added(), int64_t(0));
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 0LL);
        const SyncState st = stateOf(*m_store, "oa");
        QCOMPARE(*st.watermarkMs, kNow); // an empty period is a synced period
        QCOMPARE(*st.lastSuccessMs, kNow);
    }

    void failurePartWayKeepsCommittedBatchesAndResumes()
    {
        m_fake->fillDays(kJan1, 21);
        m_fake->breakFrom(kJan1 + 14 * kDayMs, TestResponse::json("{\"object\":\"page\",\"data\":"));
        SyncRunReport r = sync(config());
        QVERIFY(r.error);
        QCOMPARE(r.batchesCommitted, 2);
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 28LL);
        QCOMPARE(count("SELECT MAX(start_ms) FROM usage_bucket"), kJan1 + 13 * kDayMs);
        SyncState st = stateOf(*m_store, "oa");
        QCOMPARE(*st.watermarkMs, kJan1 + 14 * kDayMs);
        QVERIFY(!st.lastSuccessMs);
        QVERIFY(!st.lastError.empty());
        QCOMPARE(st.rowsAdded, int64_t(56)); // what the failed run did store

        m_fake->breakFrom(0, std::nullopt);
        SyncRunReport again = sync(config());
        QVERIFY2(again.ok(), again.error ? again.error->toString().c_str() : "");
        QCOMPARE(again.window.fromMs, kJan1 + 12 * kDayMs); // the watermark less the lookback
        QCOMPARE(again.usageAdded, int64_t(14));

        // Exactly what one clean sync stores.
        auto clean = freshStore(m_dir.filePath(QStringLiteral("clean%1.db").arg(m_n)));
        QVERIFY(clean && addConnector(*clean, config()));
        QVERIFY(syncConnector(*clean, config(), m_fake->key, {}).ok());
        QCOMPARE(dumpFacts(*m_store), dumpFacts(*clean));
        st = stateOf(*m_store, "oa");
        QVERIFY(st.lastError.empty());
        QCOMPARE(*st.lastSuccessMs, kNow);
    }

    void cancelKeepsCommittedBatches()
    {
        m_fake->fillDays(kJan1, 21);
        std::atomic<bool> cancel { false };
        SyncRequest req;
        req.cancel = &cancel;
        std::vector<SyncBatchReport> committed;
        req.batchCommitted = [&](const SyncBatchReport& b) {
            committed.push_back(b);
            cancel = true; // as a Cancel button pressed during batch 2 would
        };
        SyncRunReport r = sync(config(), req);
        QVERIFY(r.cancelled);
        QVERIFY(!r.error);
        QCOMPARE(r.batchesCommitted, 1);
        QCOMPARE(committed.size(), size_t(1));
        QCOMPARE(committed[0].watermarkMs, kJan1 + 7 * kDayMs);
        QCOMPARE(committed[0].added, int64_t(28));
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 14LL);
        const SyncState st = stateOf(*m_store, "oa");
        QCOMPARE(*st.watermarkMs, kJan1 + 7 * kDayMs);
        QVERIFY(st.lastError.find("cancelled") != std::string::npos);
    }

    void cancelMidRequest()
    {
        m_fake->fillDays(kJan1, 21);
        m_fake->slowFrom(kJan1 + 7 * kDayMs, 20s);
        std::atomic<bool> cancel { false };
        SyncRequest req;
        req.cancel = &cancel;
        std::thread canceller([&] {
            while (m_server.requests().empty() || m_server.lastRequest()->queryValue("start_time") != "1767830400")
                std::this_thread::sleep_for(10ms);
            cancel = true;
        });
        QElapsedTimer t;
        t.start();
        SyncRunReport r = sync(config(), req);
        canceller.join();
        QVERIFY(r.cancelled);
        QVERIFY(t.elapsed() < 10'000); // the request in flight was abandoned, not waited out
        QCOMPARE(r.batchesCommitted, 1);
        QCOMPARE(*stateOf(*m_store, "oa").watermarkMs, kJan1 + 7 * kDayMs);
    }

    void bucketSplitOverPagesIsOneBucket()
    {
        // A bucket whose results continue on the next page: one stored bucket with the sum, and reading the same
        // answer again corrects nothing.
        const std::string first
            = R"({"object":"page","data":[{"object":"bucket","start_time":1767225600,"end_time":1767312000,"results":[
            {"object":"organization.usage.completions.result","input_tokens":100,"input_cached_tokens":10,"output_tokens":5,"num_model_requests":1,"project_id":"proj_support","model":"gpt-4o"}]}],
            "has_more":true,"next_page":"page_AAAAAGdGxdEiJdKOAAAAAGcqsYA="})";
        const std::string second
            = R"({"object":"page","data":[{"object":"bucket","start_time":1767225600,"end_time":1767312000,"results":[
            {"object":"organization.usage.completions.result","input_tokens":50,"input_cached_tokens":0,"output_tokens":7,"num_model_requests":2,"project_id":"proj_support","model":"gpt-4o"}]}],
            "has_more":false,"next_page":null})";
        SyncRequest day;
        day.fromMs = kJan1;
        day.toMs = kJan1 + kDayMs;
        for (int round = 0; round < 2; ++round) {
            m_fake->failNext(FakeOpenAi::kUsagePath, { TestResponse::json(first), TestResponse::json(second) });
            SyncRunReport r = sync(config(), day);
            QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "");
            QCOMPARE(r.usageAdded, int64_t(round == 0 ? 1 : 0));
            QCOMPARE(r.usageCorrected, int64_t(0));
        }
        QCOMPARE(m_server.requests(FakeOpenAi::kUsagePath)[1].queryValue("page"),
                 std::string("page_AAAAAGdGxdEiJdKOAAAAAGcqsYA="));
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 1LL);
        QCOMPARE(count("SELECT input_tokens FROM usage_bucket"), 150LL);
        QCOMPARE(count("SELECT requests FROM usage_bucket"), 3LL);
        QCOMPARE(count("SELECT output_tokens FROM usage_bucket"), 12LL);
    }

    void hourlyBuckets()
    {
        m_fake->fillDays(kJan1 + 18 * kDayMs, 3);
        SyncRunReport r = sync(config({ { "bucket_width", "1h" }, { "initial_days", "2" } }));
        QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "");
        QCOMPARE(r.window.fromMs, kJan1 + 18 * kDayMs);
        const auto usage = m_server.requests(FakeOpenAi::kUsagePath);
        QVERIFY(!usage.empty());
        QCOMPARE(q(usage[0].queryValue("bucket_width")), QStringLiteral("1h"));
        QCOMPARE(q(usage[0].queryValue("limit")), QStringLiteral("168"));
        QCOMPARE(q(m_server.requests(FakeOpenAi::kCostsPath)[0].queryValue("bucket_width")), QStringLiteral("1d"));
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 6LL);
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket WHERE end_ms - start_ms = 3600000"), 6LL);
    }

    void testDescribesWhatItReached()
    {
        m_fake->fillDays(kJan1, 21);
        auto ok = testConnector(config(), m_fake->key);
        QVERIFY2(ok.ok(), ok.ok() ? "" : ok.error().toString().c_str());
        QVERIFY(ok->find("accepted the admin key") != std::string::npos);
        auto refused = testConnector(config(), "sk-wrong-key-123");
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().toString().find("refused the key for connector 'oa'") != std::string::npos);
        ConnectorConfig nowhere = config({ { "retries", "0" }, { "connect_timeout", "2" } });
        nowhere.baseUrl = "http://127.0.0.1:" + std::to_string(TestHttpServer::unusedPort());
        auto down = testConnector(nowhere, m_fake->key);
        QVERIFY(!down.ok());
        QVERIFY2(down.error().toString().find("could not connect") != std::string::npos,
                 down.error().toString().c_str());
        ConnectorConfig typo = config({ { "retries", "0" } });
        typo.baseUrl = "http://no-such-host.invalid";
        auto dns = testConnector(typo, m_fake->key);
        QVERIFY(!dns.ok());
        QVERIFY2(dns.error().toString().find("could not resolve host") != std::string::npos,
                 dns.error().toString().c_str());
    }

    void listAndRemove()
    {
        m_fake->fillDays(kJan1, 21);
        QVERIFY(sync(config()).ok());
        auto list = listConnectors(*m_store);
        QVERIFY(list.ok());
        QCOMPARE(list->size(), size_t(1));
        const nlohmann::json j = connectorStatusToJson((*list)[0]);
        QCOMPARE(q(j["name"].get<std::string>()), QStringLiteral("oa"));
        QCOMPARE(q(j["key"]["variable"].get<std::string>()), QStringLiteral("OA_TEST_KEY"));
        QCOMPARE(q(j["last_success"].get<std::string>()), QStringLiteral("2026-01-21T12:00:00Z"));
        QVERIFY(j["last_error"].is_null());
        QCOMPARE(j["rows_added"].get<int64_t>(), int64_t(84));
        auto gone = removeConnector(*m_store, "oa", /*purgeData=*/false);
        QVERIFY(gone.ok() && *gone);
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 42LL); // the data stays unless purged
        QCOMPARE(count("SELECT COUNT(*) FROM sync_state"), 0LL);
    }
};

QTEST_GUILESS_MAIN(TestOpenAiSync)
#include "tst_openai_sync.moc"
