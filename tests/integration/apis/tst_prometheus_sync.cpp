// SPDX-License-Identifier: GPL-3.0-or-later
// DCGM GPU telemetry from a fake Prometheus on 127.0.0.1 (query_range matrix answers as documented): samples per
// host/GPU/metric, NaN left out and counted, samples on the step grid so overlapping re-syncs replace rather than
// add, Prometheus' {status:"error"} answers, the points-per-query limit, an optional bearer token.
#include "ConnectorSync.h"
#include "FakeProviders.h"
#include "SyncTestSupport.h"

#include "domain/Time.h"

#include <QtTest>

using namespace il;
using namespace il::test;

namespace {

constexpr int64_t kJan1 = 1'767'225'600'000; // 2026-01-01T00:00:00Z
constexpr int64_t kNow = kJan1 + 2 * kHourMs + 30'000;

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

// Utilisation 0..99 from the minute; NaN at 01:00 (an exporter restart).
std::string util(int64_t ts, int offset)
{
    if (ts == kJan1 + kHourMs)
        return "NaN";
    return std::to_string((ts / 60'000 + offset) % 100);
}

} // namespace

class TestPrometheusSync final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    TestHttpServer m_server;
    std::unique_ptr<FakePrometheus> m_fake;
    std::unique_ptr<Store> m_store;
    int m_n = 0;

    ConnectorConfig config(std::map<std::string, std::string> extra = {})
    {
        ConnectorConfig c;
        c.name = "gpus";
        c.type = "prometheus";
        c.baseUrl = m_server.baseUrl();
        c.keyStorage = KeyStorage::None;
        c.options = { { "metrics", "DCGM_FI_DEV_GPU_UTIL,DCGM_FI_DEV_FB_USED" },
                      { "step", "60" },
                      { "initial_days", "1" },
                      { "timeout", "5" } };
        for (auto& [k, v] : extra)
            c.options[k] = v;
        return c;
    }
    long long count(const char* sql) { return scalar(*m_store, sql); }

    void fillSeries()
    {
        nlohmann::json gpu0
            = { { "gpu", "0" },           { "UUID", "GPU-0000" },          { "modelName", "NVIDIA H100 80GB HBM3" },
                { "Hostname", "node-1" }, { "instance", "10.0.0.1:9400" }, { "job", "dcgm" } };
        nlohmann::json gpu1 = gpu0;
        gpu1["gpu"] = "1";
        gpu1["UUID"] = "GPU-1111";
        nlohmann::json k8s
            = { { "gpu", "0" },           { "UUID", "GPU-2222" }, { "modelName", "NVIDIA A100-SXM4-80GB" },
                { "hostname", "node-2" }, { "namespace", "ml" },  { "pod", "trainer-0" } };
        auto inWindow = [](int64_t ts) { return ts >= kJan1; };
        m_fake->setSeries("DCGM_FI_DEV_GPU_UTIL",
                          { { gpu0, [=](int64_t ts) { return inWindow(ts) ? util(ts, 0) : std::string(); } },
                            { gpu1, [=](int64_t ts) { return inWindow(ts) ? util(ts, 50) : std::string(); } },
                            { k8s, [=](int64_t ts) { return inWindow(ts) ? std::string("100") : std::string(); } } });
        m_fake->setSeries("DCGM_FI_DEV_FB_USED", { { gpu0, [=](int64_t ts) {
                                                        return inWindow(ts) ? std::string("40960") : std::string();
                                                    } } });
    }

private slots:
    void initTestCase() { QVERIFY2(m_server.start(), m_server.errorString().c_str()); }

    void init()
    {
        setNowOverrideMs(kNow);
        m_server.clearRoutes();
        m_server.clearRequests();
        m_fake = std::make_unique<FakePrometheus>();
        m_fake->install(m_server);
        m_store = freshStore(m_dir.filePath(QStringLiteral("p%1.db").arg(++m_n)));
        QVERIFY(m_store);
        QVERIFY(addConnector(*m_store, config()));
    }
    void cleanup() { setNowOverrideMs(std::nullopt); }

    void samplesStored()
    {
        fillSeries();
        SyncRequest req;
        req.fromMs = kJan1;
        SyncRunReport r = syncConnector(*m_store, config(), "", req);
        QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "");
        // 00:00 .. 02:00 every minute = 121 points; to is exclusive of 02:00:30 but includes 02:00.
        const long long points = 121;
        QCOMPARE(r.skippedSamples, int64_t(2)); // the NaN at 01:00 on both node-1 GPUs
        QCOMPARE(count("SELECT COUNT(*) FROM gpu_sample WHERE metric='DCGM_FI_DEV_GPU_UTIL'"), 3 * points - 2);
        QCOMPARE(count("SELECT COUNT(*) FROM gpu_sample WHERE metric='DCGM_FI_DEV_FB_USED'"), points);
        QCOMPARE(r.gpuAdded, int64_t(4 * points - 2));
        QCOMPARE(count("SELECT COUNT(*) FROM gpu_sample WHERE host='node-1' AND gpu='1' AND uuid='GPU-1111'"
                       " AND model_name='NVIDIA H100 80GB HBM3'"),
                 points - 1);
        QCOMPARE(count("SELECT COUNT(*) FROM gpu_sample WHERE host='node-2'"), points); // the lower-case label
        QCOMPARE(count("SELECT COUNT(*) FROM gpu_sample WHERE ts % 60000 <> 0"), 0LL); // on the step grid
        QCOMPARE(count("SELECT COUNT(*) FROM gpu_sample WHERE connector='gpus'"), 4 * points - 2); // schema v2
        // The sync's import_log rows (one per batch) name the connector and what was read.
        QCOMPARE(count("SELECT COUNT(*) FROM import_log WHERE kind='sync prometheus' AND status='ok'"
                       " AND source LIKE 'connector gpus %'"),
                 static_cast<long long>(r.batchesCommitted));
        QCOMPARE(count("SELECT CAST(value AS INTEGER) FROM gpu_sample WHERE host='node-1' AND gpu='0'"
                       " AND metric='DCGM_FI_DEV_GPU_UTIL' AND ts=1767225660000"),
                 (1767225660000LL / 60'000) % 100);
        const auto requests = m_server.requests(FakePrometheus::kRangePath);
        QCOMPARE(requests.size(), size_t(2)); // one query per metric
        QCOMPARE(q(requests[0].queryValue("query")), QStringLiteral("DCGM_FI_DEV_GPU_UTIL"));
        QCOMPARE(q(requests[0].queryValue("start")), QStringLiteral("1767225600"));
        QCOMPARE(q(requests[0].queryValue("end")), QStringLiteral("1767232829.999"));
        QCOMPARE(q(requests[0].queryValue("step")), QStringLiteral("60"));
        QVERIFY(!requests[0].hasHeader("Authorization"));
        QCOMPARE(*stateOf(*m_store, "gpus").watermarkMs, kNow);
    }

    void overlappingResyncReplaces()
    {
        fillSeries();
        SyncRequest req;
        req.fromMs = kJan1;
        QVERIFY(syncConnector(*m_store, config(), "", req).ok());
        const auto before = dumpFacts(*m_store);
        // Later, from the watermark less the lookback: starts on the same minute grid, so every sample lands on
        // a timestamp already stored and replaces it.
        setNowOverrideMs(kNow + 10 * 60'000);
        SyncRunReport r = syncConnector(*m_store, config({ { "lookback_days", "0" } }), "", {});
        QVERIFY(r.ok());
        QCOMPARE(r.window.fromMs, kNow - 30'000); // the watermark, back onto the minute
        QCOMPARE(r.gpuAdded, int64_t(10 * 4)); // only the ten new minutes are new
        SyncRequest all;
        all.fromMs = kJan1 + 7; // an odd start still lands on the grid
        SyncRunReport again = syncConnector(*m_store, config(), "", all);
        QVERIFY(again.ok());
        QCOMPARE(again.gpuAdded, int64_t(0));
        QCOMPARE(count("SELECT COUNT(*) FROM gpu_sample"), static_cast<long long>(before.size()) + 40);
    }

    void purgeRemovesTheConnectorsSamples()
    {
        fillSeries();
        SyncRequest req;
        req.fromMs = kJan1;
        QVERIFY(syncConnector(*m_store, config(), "", req).ok());
        QVERIFY(count("SELECT COUNT(*) FROM gpu_sample WHERE connector='gpus'") > 0);
        auto removed = removeConnector(*m_store, "gpus", /*purgeData=*/true);
        QVERIFY(removed.ok() && *removed);
        QCOMPARE(count("SELECT COUNT(*) FROM gpu_sample"), 0LL);
        // Added again and re-synced: the same samples, naming it again.
        QVERIFY(addConnector(*m_store, config()));
        SyncRunReport r = syncConnector(*m_store, config(), "", req);
        QVERIFY(r.ok());
        QCOMPARE(count("SELECT COUNT(*) FROM gpu_sample"), static_cast<long long>(r.gpuAdded));
        QCOMPARE(count("SELECT COUNT(*) FROM gpu_sample WHERE connector IS NOT 'gpus'"), 0LL);
    }

    void prometheusErrorAnswer()
    {
        fillSeries();
        m_fake->failNext(
            FakePrometheus::kRangePath,
            { TestResponse::json(
                R"({"status":"error","errorType":"bad_data","error":"1:21: parse error: unexpected character inside braces: '!'"})",
                400) });
        SyncRequest req;
        req.fromMs = kJan1;
        SyncRunReport r = syncConnector(*m_store, config({ { "selector", "namespace!!\"ml\"" } }), "", req);
        QVERIFY(r.error);
        QVERIFY2(r.error->toString().find("parse error: unexpected character") != std::string::npos,
                 r.error->toString().c_str());
        QVERIFY(r.error->toString().find("connector 'gpus'") != std::string::npos);
        QCOMPARE(count("SELECT COUNT(*) FROM gpu_sample"), 0LL);
        QVERIFY(!stateOf(*m_store, "gpus").watermarkMs);
        // {status:"error"} in a 200 answer is an error too.
        m_fake->failNext(
            FakePrometheus::kRangePath,
            { TestResponse::json(
                R"({"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"})") });
        SyncRunReport r2 = syncConnector(*m_store, config(), "", req);
        QVERIFY(r2.error);
        QVERIFY2(r2.error->toString().find("Prometheus answered with an error (timeout)") != std::string::npos,
                 r2.error->toString().c_str());
        QCOMPARE(count("SELECT COUNT(*) FROM gpu_sample"), 0LL);
    }

    void selectorAndToken()
    {
        fillSeries();
        m_fake->token = "prom-token-123456";
        ConnectorConfig c = config({ { "selector", "namespace=\"ml\"" }, { "metrics", "DCGM_FI_DEV_GPU_UTIL" } });
        c.keyStorage = KeyStorage::Env;
        c.keyEnv = "PROM_TOKEN";
        SyncRequest req;
        req.fromMs = kJan1;
        SyncRunReport refused = syncConnector(*m_store, c, "wrong-token-0000", req);
        QVERIFY(refused.error);
        QVERIFY(refused.error->toString().find("refused the key for connector 'gpus'") != std::string::npos);
        SyncRunReport r = syncConnector(*m_store, c, m_fake->token, req);
        QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "");
        const auto last = m_server.requests(FakePrometheus::kRangePath).back();
        QCOMPARE(q(last.queryValue("query")), QStringLiteral("DCGM_FI_DEV_GPU_UTIL{namespace=\"ml\"}"));
        QCOMPARE(q(last.header("Authorization")), QStringLiteral("Bearer prom-token-123456"));
        auto t = testConnector(c, m_fake->token);
        QVERIFY2(t.ok(), t.ok() ? "" : t.error().toString().c_str());
        QVERIFY(t->find("DCGM_FI_DEV_GPU_UTIL is reported by 3 GPU series") != std::string::npos);
    }

    void batchesStayUnderThePointLimit()
    {
        fillSeries();
        // A 1 s step: 10,000 points (2 h 46 m) per query at most, so 02:00:30 of data takes one batch... and a
        // two-day window several.
        setNowOverrideMs(kJan1 + 6 * kHourMs);
        SyncRequest req;
        req.fromMs = kJan1;
        SyncRunReport r
            = syncConnector(*m_store, config({ { "step", "1" }, { "metrics", "DCGM_FI_DEV_FB_USED" } }), "", req);
        QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "");
        QCOMPARE(r.batches, 3); // 6 h / 10,000 s
        QCOMPARE(count("SELECT COUNT(*) FROM gpu_sample"), 6LL * 3600);
        for (const TestRequest& req2 : m_server.requests(FakePrometheus::kRangePath))
            QVERIFY(std::stod(req2.queryValue("end")) - std::stod(req2.queryValue("start")) < 11'000);
    }
};

QTEST_GUILESS_MAIN(TestPrometheusSync)
#include "tst_prometheus_sync.moc"
