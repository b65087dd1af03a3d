// SPDX-License-Identifier: GPL-3.0-or-later
// Anthropic usage_report/messages + cost_report sync against a fake Admin API on 127.0.0.1 (documented wire format):
// headers, normalised token counts, cents, workspace → feature, empty buckets, pagination, retries, a refused key,
// late corrections — checked by what was stored.
#include "ConnectorSync.h"
#include "FakeProviders.h"
#include "SyncTestSupport.h"

#include "domain/Time.h"

#include <QtTest>

using namespace il;
using namespace il::test;
using namespace std::chrono_literals;

namespace {

constexpr int64_t kJan1 = 1'767'225'600'000; // 2026-01-01T00:00:00Z
constexpr int64_t kNow = kJan1 + 9 * kDayMs + 6 * kHourMs; // 2026-01-10T06:00:00Z

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

class TestAnthropicSync final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    TestHttpServer m_server;
    std::unique_ptr<FakeAnthropic> m_fake;
    std::unique_ptr<Store> m_store;
    int m_n = 0;

    ConnectorConfig config(std::map<std::string, std::string> extra = {})
    {
        ConnectorConfig c;
        c.name = "claude";
        c.type = "anthropic";
        c.baseUrl = m_server.baseUrl();
        c.keyEnv = "ANTHROPIC_ADMIN_KEY";
        c.options = { { "workspace.wrkspc_contracts", "contract-review" },
                      { "workspace.default", "playground" },
                      { "initial_days", "9" },
                      { "timeout", "5" } };
        for (auto& [k, v] : extra)
            c.options[k] = v;
        return c;
    }
    long long count(const char* sql) { return scalar(*m_store, sql); }

private slots:
    void initTestCase() { QVERIFY2(m_server.start(), m_server.errorString().c_str()); }

    void init()
    {
        setNowOverrideMs(kNow);
        m_server.clearRoutes();
        m_server.clearRequests();
        m_fake = std::make_unique<FakeAnthropic>();
        m_fake->install(m_server);
        m_store = freshStore(m_dir.filePath(QStringLiteral("an%1.db").arg(++m_n)));
        QVERIFY(m_store);
        QVERIFY(addConnector(*m_store, config()));
    }
    void cleanup() { setNowOverrideMs(std::nullopt); }

    void fullSync()
    {
        m_fake->fillDays(kJan1, 10);
        SyncRunReport r = syncConnector(*m_store, config(), m_fake->key, {});
        QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "");
        QCOMPARE(r.window.fromMs, kJan1);
        QCOMPARE(r.batches, 2);
        QCOMPARE(r.usageAdded, int64_t(20));
        QCOMPARE(r.costAdded, int64_t(20));
        for (const TestRequest& req : m_server.requests()) {
            QCOMPARE(q(req.header("x-api-key")), q(m_fake->key));
            QCOMPARE(q(req.header("anthropic-version")), QStringLiteral("2023-06-01"));
            QVERIFY(!req.hasHeader("Authorization"));
            QVERIFY(parseTimestampMs(req.queryValue("starting_at")).has_value());
            QVERIFY(parseTimestampMs(req.queryValue("ending_at")).has_value());
            if (req.path == FakeAnthropic::kUsagePath)
                QCOMPARE(req.queryValues("group_by[]"), (std::vector<std::string> { "model", "workspace_id" }));
            else
                QCOMPARE(req.queryValues("group_by[]"), (std::vector<std::string> { "workspace_id", "description" }));
        }
        QCOMPARE(q(m_server.requests()[0].queryValue("starting_at")), QStringLiteral("2026-01-01T00:00:00Z"));
        QVERIFY(r.pages > 4); // three buckets a page
        // inputTokens = uncached + cache read + 5m + 1h writes; cache reads kept apart.
        QCOMPARE(
            count("SELECT input_tokens FROM usage_bucket WHERE start_ms=1767225600000 AND project='wrkspc_contracts'"),
            1500LL + 200 + 500 + 1000);
        QCOMPARE(count("SELECT cached_input_tokens FROM usage_bucket WHERE project='wrkspc_contracts' LIMIT 1"), 200LL);
        QCOMPARE(count("SELECT cache_write_5m_tokens FROM usage_bucket WHERE project='wrkspc_contracts' LIMIT 1"),
                 500LL);
        QCOMPARE(count("SELECT cache_write_1h_tokens FROM usage_bucket WHERE project='wrkspc_contracts' LIMIT 1"),
                 1000LL);
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket WHERE requests IS NULL"), 20LL); // not reported: unknown
        // 123.45 cents = $1.2345 and 0.0125 cents = $0.000125, ten days of each.
        QCOMPARE(count("SELECT SUM(amount) FROM cost_bucket"), 10LL * (1'234'500'000 + 125'000));
        QCOMPARE(count("SELECT COUNT(*) FROM cost_bucket WHERE currency='USD'"), 20LL);
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket u JOIN feature f ON f.id=u.feature_id"
                       " WHERE f.name='contract-review'"),
                 10LL);
        QCOMPARE(
            count("SELECT COUNT(*) FROM cost_bucket c JOIN feature f ON f.id=c.feature_id WHERE f.name='playground'"),
            10LL);
        // claude-sonnet-4 on Jan 1, from the bundled catalogue: 1500×3 + 200×0.30 + 500×3.75 + 1000×6 + 500×15 per 1M
        // = (4500 + 60 + 1875 + 6000 + 7500) / 1e6 dollars = $0.019935.
        QCOMPARE(count("SELECT est_cost FROM usage_bucket WHERE start_ms=1767225600000 AND project='wrkspc_contracts'"),
                 19'935'000LL);
        QCOMPARE(*stateOf(*m_store, "claude").watermarkMs, kNow);
    }

    void emptyBucketsAndCorrections()
    {
        m_fake->fillDays(kJan1, 3); // Jan 4–10 come back as empty buckets
        SyncRunReport r = syncConnector(*m_store, config(), m_fake->key, {});
        QVERIFY(r.ok());
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 6LL);
        QCOMPARE(count("SELECT COUNT(*) FROM cost_bucket"), 6LL);
        // Late: Jan 9 gets usage after all, and Jan 3's cost is corrected down to zero.
        m_fake->setUsage(kJan1 + 8 * kDayMs, { { "wrkspc_contracts", "claude-sonnet-4-20250514", 10, 0, 0, 0, 1 } });
        m_fake->setCosts(
            kJan1 + 2 * kDayMs,
            { { "wrkspc_contracts", "Claude Sonnet 4 Usage - Input Tokens", "claude-sonnet-4-20250514", "0" },
              { "", "Claude Haiku 4.5 Usage - Output Tokens", "claude-haiku-4-5-20251001", "0.0125" } });
        SyncRequest all;
        all.fromMs = kJan1;
        SyncRunReport again = syncConnector(*m_store, config(), m_fake->key, all);
        QVERIFY(again.ok());
        QCOMPARE(again.usageAdded, int64_t(1));
        QCOMPARE(again.costCorrected, int64_t(1));
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 7LL);
        QCOMPARE(count("SELECT COUNT(*) FROM cost_bucket"), 6LL);
        QCOMPARE(count("SELECT amount FROM cost_bucket WHERE start_ms=1767398400000 AND project='wrkspc_contracts'"),
                 0LL);
    }

    void overloadedThenSuccess()
    {
        m_fake->fillDays(kJan1, 10);
        m_fake->failNext(
            FakeAnthropic::kUsagePath,
            { TestResponse::json(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})", 529),
              TestResponse::json(R"({"type":"error","error":{"type":"rate_limit_error","message":"rate limited"}})",
                                 429)
                  .withHeader("retry-after", "1") });
        SyncRunReport r = syncConnector(*m_store, config(), m_fake->key, {});
        QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "");
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 20LL);
    }

    void refusedKey()
    {
        m_fake->fillDays(kJan1, 10);
        SyncRunReport r = syncConnector(*m_store, config(), "sk-ant-api03-not-admin", {});
        QVERIFY(r.error);
        const std::string text = r.error->toString();
        QVERIFY2(text.find("the provider refused the key for connector 'claude' (HTTP 401") != std::string::npos,
                 text.c_str());
        QVERIFY(text.find("invalid x-api-key") != std::string::npos); // the provider's own reason
        QVERIFY(text.find("Admin keys") != std::string::npos);
        QVERIFY(text.find("console.anthropic.com") != std::string::npos);
        QVERIFY(text.find("sk-ant-api03-not-admin") == std::string::npos);
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 0LL);
        QVERIFY(!stateOf(*m_store, "claude").watermarkMs);
    }

    void malformedAndCutShort()
    {
        m_fake->fillDays(kJan1, 10);
        m_fake->failNext(FakeAnthropic::kCostPath, { TestResponse::text("<html>502 Bad Gateway</html>", 200) });
        SyncRunReport r = syncConnector(*m_store, config(), m_fake->key, {});
        QVERIFY(r.error);
        QVERIFY2(r.error->toString().find("not valid JSON") != std::string::npos, r.error->toString().c_str());
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 0LL);
        QCOMPARE(count("SELECT COUNT(*) FROM cost_bucket"), 0LL);
        // has_more without a cursor is a server bug, said so.
        m_fake->failNext(FakeAnthropic::kUsagePath,
                         { TestResponse::json(R"({"data":[],"has_more":true,"next_page":null})") });
        SyncRunReport r2 = syncConnector(*m_store, config(), m_fake->key, {});
        QVERIFY(r2.error);
        QVERIFY2(r2.error->toString().find("gives no 'next_page'") != std::string::npos, r2.error->toString().c_str());
        QCOMPARE(count("SELECT COUNT(*) FROM usage_bucket"), 0LL);
    }

    void testConnectorReachesTheReport()
    {
        m_fake->fillDays(kJan1, 10);
        auto ok = testConnector(config(), m_fake->key);
        QVERIFY2(ok.ok(), ok.ok() ? "" : ok.error().toString().c_str());
        QVERIFY(ok->find("accepted the Admin key") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestAnthropicSync)
#include "tst_anthropic_sync.moc"
