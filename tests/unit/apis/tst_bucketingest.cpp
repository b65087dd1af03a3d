// SPDX-License-Identifier: GPL-3.0-or-later
// Usage / cost buckets and GPU samples into a real SQLite store: natural-key upsert (late corrections replace,
// nothing doubles), pruning of what a re-read period no longer has, catalogue estimates, one transaction with
// the watermark; and the connector / sync_state tables. Expected costs are worked out here by hand.
#include "ingest/Ingestor.h"
#include "store/ConnectorStore.h"
#include "store/Store.h"

#include <QTemporaryDir>
#include <QtTest>

#include <array>
#include <cmath>

using namespace il;

namespace {

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kJan1 = 1'767'225'600'000; // 2026-01-01T00:00:00Z

UsageBucket usage(int64_t start, const char* model, const char* project, int64_t input, int64_t output)
{
    UsageBucket b;
    b.connector = "oa";
    b.provider = "openai";
    b.startMs = start;
    b.endMs = start + kDay;
    b.model = model;
    b.project = project;
    b.requests = 3;
    b.inputTokens = input;
    b.outputTokens = output;
    return b;
}

CostBucket cost(int64_t start, const char* lineItem, int64_t nanos)
{
    CostBucket c;
    c.connector = "oa";
    c.provider = "openai";
    c.startMs = start;
    c.endMs = start + kDay;
    c.lineItem = lineItem;
    c.project = "proj_a";
    c.feature = "support";
    c.amountNanos = nanos;
    return c;
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

GpuSample gpu(const char* connector, const char* host, int64_t ts, double v)
{
    GpuSample s;
    s.connector = connector;
    s.timestampMs = ts;
    s.host = host;
    s.gpu = "0";
    s.uuid = "GPU-1";
    s.modelName = "H100";
    s.metric = "DCGM_FI_DEV_GPU_UTIL";
    s.value = v;
    return s;
}


} // namespace

class TestBucketIngest final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    PriceCatalogue m_prices;
    int m_n = 0;

    qint64 scalar(const char* sql)
    {
        Statement st(m_store->handle(), sql);
        return st.step() ? st.int64(0) : -1;
    }

    ImportStats ingest(const std::vector<UsageBucket>& u, const std::vector<CostBucket>& c = {})
    {
        Ingestor in(*m_store, m_prices);
        if (!in.begin("test", "sync test"))
            return {};
        if (!u.empty() && !in.addUsageBuckets(u))
            return {};
        if (!c.empty() && !in.addCostBuckets(c))
            return {};
        auto s = in.commit();
        return s ? *s : ImportStats {};
    }

private slots:
    void init()
    {
        auto s = Store::open(m_dir.filePath(QStringLiteral("t%1.db").arg(++m_n)).toStdString());
        QVERIFY(s.ok());
        m_store = std::move(*s);
        QVERIFY(m_store->ensureBundledPrices());
        auto prices = m_store->loadPrices();
        QVERIFY(prices.ok());
        m_prices = PriceCatalogue();
        m_prices.addAll(std::move(*prices));
        ConnectorStore cs(*m_store);
        ConnectorConfig c;
        c.name = "oa";
        c.type = "openai";
        c.keyEnv = "K";
        QVERIFY(cs.add(c));
    }

    void resyncReplacesAndNeverDoubles()
    {
        ImportStats first
            = ingest({ usage(kJan1, "gpt-4o-mini", "proj_a", 1000, 100), usage(kJan1, "gpt-4o", "proj_a", 50, 5) },
                     { cost(kJan1, "gpt-4o-mini, input", 60'000'000) });
        QCOMPARE(first.usageBucketsAdded, int64_t(2));
        QCOMPARE(first.costBucketsAdded, int64_t(1));
        // The provider corrects one bucket late; the other comes back unchanged.
        ImportStats second
            = ingest({ usage(kJan1, "gpt-4o-mini", "proj_a", 1200, 130), usage(kJan1, "gpt-4o", "proj_a", 50, 5) },
                     { cost(kJan1, "gpt-4o-mini, input", 70'000'000) });
        QCOMPARE(second.usageBucketsAdded, int64_t(0));
        QCOMPARE(second.usageBucketsUpdated, int64_t(1)); // only the corrected one counts as a correction
        QCOMPARE(second.costBucketsUpdated, int64_t(1));
        QCOMPARE(scalar("SELECT COUNT(*) FROM usage_bucket"), qint64(2));
        QCOMPARE(scalar("SELECT SUM(input_tokens) FROM usage_bucket"), qint64(1250));
        QCOMPARE(scalar("SELECT output_tokens FROM usage_bucket WHERE model='gpt-4o-mini'"), qint64(130));
        QCOMPARE(scalar("SELECT COUNT(*) FROM cost_bucket"), qint64(1));
        QCOMPARE(scalar("SELECT amount FROM cost_bucket"), qint64(70'000'000));
        // A different grain from requests: nothing reaches the request rollups.
        QCOMPARE(scalar("SELECT COUNT(*) FROM rollup_hourly"), qint64(0));
        QCOMPARE(scalar("SELECT COUNT(*) FROM request"), qint64(0));
    }

    void sameBucketTwiceInOneImportAdds()
    {
        // A provider may split one bucket's results over two pages: within one import they add up.
        ImportStats s = ingest(
            { usage(kJan1, "gpt-4o-mini", "proj_a", 1000, 100), usage(kJan1, "gpt-4o-mini", "proj_a", 500, 50) },
            { cost(kJan1, "x", 1), cost(kJan1, "x", 2) });
        QCOMPARE(s.usageBucketsAdded, int64_t(1));
        QCOMPARE(s.usageBucketsUpdated, int64_t(0));
        QCOMPARE(scalar("SELECT input_tokens FROM usage_bucket"), qint64(1500));
        QCOMPARE(scalar("SELECT requests FROM usage_bucket"), qint64(6));
        QCOMPARE(scalar("SELECT amount FROM cost_bucket"), qint64(3));
    }

    void groupingFieldsAreTheKey()
    {
        UsageBucket batch = usage(kJan1, "gpt-4o-mini", "proj_a", 10, 1);
        batch.batch = true;
        UsageBucket tier = usage(kJan1, "gpt-4o-mini", "proj_a", 10, 1);
        tier.serviceTier = "priority";
        UsageBucket other = usage(kJan1, "gpt-4o-mini", "proj_b", 10, 1);
        UsageBucket nextDay = usage(kJan1 + kDay, "gpt-4o-mini", "proj_a", 10, 1);
        UsageBucket otherConnector = usage(kJan1, "gpt-4o-mini", "proj_a", 10, 1);
        otherConnector.connector = "oa2";
        ImportStats s
            = ingest({ usage(kJan1, "gpt-4o-mini", "proj_a", 10, 1), batch, tier, other, nextDay, otherConnector });
        QCOMPARE(s.usageBucketsAdded, int64_t(6));
    }

    void estimatesFromTheCatalogue()
    {
        // gpt-4o-mini (bundled, from 2024-07-18): $0.15 input, $0.075 cached, $0.60 output per 1M tokens.
        // 1M input of which 400k cached, 500k output: 600k×0.15 + 400k×0.075 + 500k×0.60 = 0.09 + 0.03 + 0.30.
        UsageBucket mini = usage(kJan1, "gpt-4o-mini-2024-07-18", "proj_a", 1'000'000, 500'000);
        mini.cachedInputTokens = 400'000;
        // claude-sonnet-4 in a bucket: 1M uncached + 200k read + 100k 5m + 50k 1h writes, 100k output. The bucket's
        // input passes the 200k long-context threshold only as a sum, so the standard rates apply:
        // 1M×3 + 200k×0.30 + 100k×3.75 + 50k×6 + 100k×15 = 3 + 0.06 + 0.375 + 0.30 + 1.50 = $5.235.
        UsageBucket sonnet = usage(kJan1, "claude-sonnet-4-20250514", "wrk", 1'350'000, 100'000);
        sonnet.connector = "an";
        sonnet.provider = "anthropic";
        sonnet.cachedInputTokens = 200'000;
        sonnet.cacheWrite5mTokens = 100'000;
        sonnet.cacheWrite1hTokens = 50'000;
        sonnet.requests = -1;
        UsageBucket unknown = usage(kJan1, "some-private-model", "proj_a", 10, 10);
        UsageBucket batch = mini;
        batch.batch = true; // batch: half price → $0.21
        ImportStats s = ingest({ mini, sonnet, unknown, batch });
        QCOMPARE(s.usageBucketsAdded, int64_t(4));
        QCOMPARE(scalar("SELECT est_cost FROM usage_bucket WHERE model='gpt-4o-mini-2024-07-18' AND batch=0"),
                 qint64(420'000'000));
        QCOMPARE(scalar("SELECT est_cost FROM usage_bucket WHERE model='gpt-4o-mini-2024-07-18' AND batch=1"),
                 qint64(210'000'000));
        QCOMPARE(scalar("SELECT est_cost FROM usage_bucket WHERE model='claude-sonnet-4-20250514'"),
                 qint64(5'235'000'000));
        QCOMPARE(scalar("SELECT price_id IS NOT NULL FROM usage_bucket WHERE model='claude-sonnet-4-20250514'"),
                 qint64(1));
        QCOMPARE(scalar("SELECT est_cost IS NULL FROM usage_bucket WHERE model='some-private-model'"), qint64(1));
        QCOMPARE(scalar("SELECT requests IS NULL FROM usage_bucket WHERE model='claude-sonnet-4-20250514'"), qint64(1));
    }

    void featuresAttributed()
    {
        UsageBucket mapped = usage(kJan1, "gpt-4o", "proj_a", 1, 1);
        mapped.feature = "support-assistant";
        ingest({ mapped, usage(kJan1, "gpt-4o", "proj_b", 1, 1) });
        QCOMPARE(scalar("SELECT COUNT(*) FROM usage_bucket u JOIN feature f ON f.id=u.feature_id"
                        " WHERE f.name='support-assistant' AND u.project='proj_a'"),
                 qint64(1));
        QCOMPARE(scalar("SELECT COUNT(*) FROM usage_bucket u JOIN feature f ON f.id=u.feature_id"
                        " WHERE f.name='unattributed' AND u.project='proj_b'"),
                 qint64(1));
    }

    void rollbackKeepsNothingAndTheWatermarkGoesWithTheData()
    {
        ConnectorStore cs(*m_store);
        {
            Ingestor in(*m_store, m_prices);
            QVERIFY(in.begin("test", "sync test"));
            QVERIFY(in.addUsageBuckets(std::vector { usage(kJan1, "gpt-4o", "p", 1, 1) }));
            SyncState st;
            st.connector = "oa";
            st.watermarkMs = kJan1 + kDay;
            QVERIFY(cs.saveSyncState(st));
            in.rollback("simulated failure");
        }
        QCOMPARE(scalar("SELECT COUNT(*) FROM usage_bucket"), qint64(0));
        auto st = cs.syncState("oa");
        QVERIFY(st.ok());
        QVERIFY(!st->watermarkMs); // rolled back with the data
        {
            Ingestor in(*m_store, m_prices);
            QVERIFY(in.begin("test", "sync test"));
            QVERIFY(in.addUsageBuckets(std::vector { usage(kJan1, "gpt-4o", "p", 1, 1) }));
            SyncState s2;
            s2.connector = "oa";
            s2.watermarkMs = kJan1 + kDay;
            QVERIFY(cs.saveSyncState(s2));
            QVERIFY(in.commit().ok());
        }
        QCOMPARE(scalar("SELECT COUNT(*) FROM usage_bucket"), qint64(1));
        QCOMPARE(*cs.syncState("oa")->watermarkMs, kJan1 + kDay);
    }

    void pruneRemovesWhatARereadNoLongerHas()
    {
        ingest({ usage(kJan1, "gpt-4o", "p", 1, 1), usage(kJan1, "gpt-4o-mini", "p", 1, 1),
                 usage(kJan1 + kDay, "gpt-4o", "p", 1, 1), usage(kJan1 + 5 * kDay, "gpt-4o", "p", 1, 1) },
               { cost(kJan1, "a", 1), cost(kJan1, "b", 1) });
        UsageBucket elsewhere = usage(kJan1, "gpt-4o", "p", 1, 1);
        elsewhere.connector = "oa2";
        ingest({ elsewhere });
        // Re-read Jan 1–2: the provider now reports only gpt-4o on Jan 1 and cost line a.
        ConnectorStore cs(*m_store);
        Ingestor in(*m_store, m_prices);
        QVERIFY(in.begin("test", "sync test"));
        QVERIFY(in.addUsageBuckets(std::vector { usage(kJan1, "gpt-4o", "p", 2, 2) }));
        QVERIFY(in.addCostBuckets(std::vector { cost(kJan1, "a", 5) }));
        auto pu = cs.pruneUsageBuckets("oa", kJan1, kJan1 + 2 * kDay, in.stats().importId);
        auto pc = cs.pruneCostBuckets("oa", kJan1, kJan1 + 2 * kDay, in.stats().importId);
        QVERIFY(pu.ok() && pc.ok());
        QCOMPARE(*pu, int64_t(2)); // gpt-4o-mini on Jan 1, gpt-4o on Jan 2
        QCOMPARE(*pc, int64_t(1));
        QVERIFY(in.commit().ok());
        QCOMPARE(scalar("SELECT COUNT(*) FROM usage_bucket WHERE connector='oa'"), qint64(2)); // Jan 1 + Jan 6
        QCOMPARE(scalar("SELECT COUNT(*) FROM usage_bucket WHERE connector='oa2'"), qint64(1));
        QCOMPARE(scalar("SELECT input_tokens FROM usage_bucket WHERE connector='oa' AND start_ms=1767225600000"),
                 qint64(2));
        QCOMPARE(scalar("SELECT amount FROM cost_bucket"), qint64(5));
    }

    void gpuSamplesUpsert()
    {
        auto sample = [](int64_t ts, double v) {
            GpuSample s;
            s.timestampMs = ts;
            s.host = "node-1";
            s.gpu = "0";
            s.uuid = "GPU-1";
            s.modelName = "H100";
            s.metric = "DCGM_FI_DEV_GPU_UTIL";
            s.value = v;
            return s;
        };
        Ingestor in(*m_store, m_prices);
        QVERIFY(in.begin("test", "sync prometheus"));
        QVERIFY(in.addGpuSamples(std::vector { sample(kJan1, 50), sample(kJan1 + 60'000, 60) }));
        QVERIFY(in.commit().ok());
        QCOMPARE(in.stats().gpuSamplesAdded, int64_t(2));
        QVERIFY(in.begin("test", "sync prometheus"));
        QVERIFY(in.addGpuSamples(std::vector { sample(kJan1 + 60'000, 65), sample(kJan1 + 120'000, 70) }));
        auto nan = in.addGpuSamples(std::vector { sample(kJan1 + 180'000, NAN) });
        QVERIFY(!nan.ok()); // the connector leaves NaN out; ingest refuses to store it as a number
        QVERIFY(in.commit().ok());
        QCOMPARE(in.stats().gpuSamplesAdded, int64_t(1));
        QCOMPARE(scalar("SELECT COUNT(*) FROM gpu_sample"), qint64(3));
        QCOMPARE(scalar("SELECT CAST(value AS INTEGER) FROM gpu_sample WHERE ts=1767225660000"), qint64(65));
    }

    // What a sync's import_log row says it read, added and found already stored, and the ImportStats behind it:
    // read = added + updated + duplicate for each of usage buckets, cost buckets and GPU samples.
    void importLogCountsBucketsAndSamples()
    {
        auto logged = [this](int64_t importId) {
            Statement st(m_store->handle(),
                         "SELECT rows_read, rows_added, rows_duplicate, status FROM import_log WHERE id=?1");
            st.bind(1, importId);
            return st.step() ? std::array<qint64, 3> { st.int64(0), st.int64(1), st.int64(2) }
                             : std::array<qint64, 3> { -1, -1, -1 };
        };
        using Row = std::array<qint64, 3>;
        Ingestor in(*m_store, m_prices);
        QVERIFY(in.begin("connector oa", "sync openai"));
        QVERIFY(in.addUsageBuckets(
            std::vector { usage(kJan1, "gpt-4o-mini", "proj_a", 1000, 100), usage(kJan1, "gpt-4o", "proj_a", 50, 5) }));
        QVERIFY(in.addCostBuckets(std::vector { cost(kJan1, "gpt-4o-mini, input", 60'000'000) }));
        QVERIFY(in.addGpuSamples(
            std::vector { gpu("gpus", "node-1", kJan1, 50), gpu("gpus", "node-1", kJan1 + 60'000, 60) }));
        auto first = in.commit();
        QVERIFY(first.ok());
        QCOMPARE(first->usageBucketsRead, int64_t(2));
        QCOMPARE(first->costBucketsRead, int64_t(1));
        QCOMPARE(first->gpuSamplesRead, int64_t(2));
        QCOMPARE(first->usageBucketsAdded + first->costBucketsAdded + first->gpuSamplesAdded, int64_t(5));
        QCOMPARE(first->usageBucketsDuplicate + first->costBucketsDuplicate + first->gpuSamplesDuplicate, int64_t(0));
        QCOMPARE(logged(first->importId), (Row { 5, 5, 0 }));

        // An overlapping re-read: one usage bucket corrected, the rest as stored; one GPU value corrected, one the
        // same, one new. A bucket's further results within the import (the same key again) are no new row either.
        QVERIFY(in.begin("connector oa", "sync openai"));
        QVERIFY(in.addUsageBuckets(std::vector {
            usage(kJan1, "gpt-4o-mini", "proj_a", 1200, 130), usage(kJan1, "gpt-4o", "proj_a", 50, 5),
            usage(kJan1 + kDay, "gpt-4o", "proj_a", 10, 1), usage(kJan1 + kDay, "gpt-4o", "proj_a", 20, 2) }));
        QVERIFY(in.addCostBuckets(std::vector { cost(kJan1, "gpt-4o-mini, input", 60'000'000) }));
        QVERIFY(
            in.addGpuSamples(std::vector { gpu("gpus", "node-1", kJan1, 50), gpu("gpus", "node-1", kJan1 + 60'000, 65),
                                           gpu("gpus", "node-1", kJan1 + 120'000, 70) }));
        auto second = in.commit();
        QVERIFY(second.ok());
        const ImportStats& s = *second;
        QCOMPARE(s.usageBucketsRead, int64_t(4));
        QCOMPARE(s.usageBucketsAdded, int64_t(1));
        QCOMPARE(s.usageBucketsUpdated, int64_t(1));
        QCOMPARE(s.usageBucketsDuplicate, int64_t(2)); // the unchanged one, and the second half of the new one
        QCOMPARE(s.costBucketsRead, int64_t(1));
        QCOMPARE(s.costBucketsDuplicate, int64_t(1));
        QCOMPARE(s.gpuSamplesRead, int64_t(3));
        QCOMPARE(s.gpuSamplesAdded, int64_t(1));
        QCOMPARE(s.gpuSamplesUpdated, int64_t(1));
        QCOMPARE(s.gpuSamplesDuplicate, int64_t(1));
        QCOMPARE(s.usageBucketsRead, s.usageBucketsAdded + s.usageBucketsUpdated + s.usageBucketsDuplicate);
        QCOMPARE(s.costBucketsRead, s.costBucketsAdded + s.costBucketsUpdated + s.costBucketsDuplicate);
        QCOMPARE(s.gpuSamplesRead, s.gpuSamplesAdded + s.gpuSamplesUpdated + s.gpuSamplesDuplicate);
        QCOMPARE(logged(s.importId), (Row { 8, 2, 4 }));
        QCOMPARE(scalar("SELECT CAST(value AS INTEGER) FROM gpu_sample WHERE ts=1767225660000"), qint64(65));
        QCOMPARE(scalar("SELECT input_tokens FROM usage_bucket WHERE start_ms=1767312000000"), qint64(30));
    }

    // gpu_sample.connector (schema v2): each connector's samples can be told apart and purged with it; samples
    // stored before v2 name no connector and stay.
    void gpuSamplesKnowTheirConnector()
    {
        ConnectorStore cs(*m_store);
        for (const char* name : { "gpus-a", "gpus-b" }) {
            ConnectorConfig c;
            c.name = name;
            c.type = "prometheus";
            c.baseUrl = "http://prometheus:9090";
            c.keyStorage = KeyStorage::None;
            QVERIFY(cs.add(c));
        }
        Ingestor in(*m_store, m_prices);
        QVERIFY(in.begin("test", "sync prometheus"));
        QVERIFY(in.addGpuSamples(std::vector { gpu("gpus-a", "node-1", kJan1, 50),
                                               gpu("gpus-a", "node-1", kJan1 + 60'000, 55),
                                               gpu("gpus-b", "node-2", kJan1, 90) }));
        QVERIFY(in.commit().ok());
        QVERIFY(m_store->exec("INSERT INTO gpu_sample(ts, host, gpu, metric, value) VALUES(1767225600000, 'old', '0',"
                              " 'DCGM_FI_DEV_GPU_UTIL', 1)"));
        QCOMPARE(scalar("SELECT COUNT(*) FROM gpu_sample WHERE connector='gpus-a'"), qint64(2));
        QCOMPARE(scalar("SELECT COUNT(*) FROM gpu_sample WHERE connector='gpus-b' AND host='node-2'"), qint64(1));
        QCOMPARE(scalar("SELECT COUNT(*) FROM gpu_sample WHERE connector IS NULL"), qint64(1));

        auto removed = cs.remove("gpus-a", /*purgeData=*/true);
        QVERIFY(removed.ok() && *removed);
        QCOMPARE(scalar("SELECT COUNT(*) FROM gpu_sample WHERE connector='gpus-a'"), qint64(0));
        QCOMPARE(scalar("SELECT COUNT(*) FROM gpu_sample"), qint64(2));
        // Without purge the samples stay, still naming the connector they came from.
        QVERIFY(*cs.remove("gpus-b"));
        QCOMPARE(scalar("SELECT COUNT(*) FROM gpu_sample WHERE connector='gpus-b'"), qint64(1));
    }

    void connectorTable()
    {
        ConnectorStore cs(*m_store);
        ConnectorConfig c;
        c.name = "an";
        c.type = "anthropic";
        c.baseUrl = "https://example.test";
        c.keyStorage = KeyStorage::Keychain;
        c.options = { { "workspace.wrkspc_1", "contracts" }, { "bucket_width", "1h" } };
        c.createdMs = kJan1;
        QVERIFY(cs.add(c));
        auto again = cs.add(c);
        QVERIFY(!again.ok());
        QVERIFY(again.error().message.find("already exists") != std::string::npos);
        auto got = cs.get("an");
        QVERIFY(got.ok());
        QCOMPARE(q(got->baseUrl), QStringLiteral("https://example.test"));
        QVERIFY(got->keyStorage == KeyStorage::Keychain);
        QCOMPARE(q(got->option("workspace.wrkspc_1")), QStringLiteral("contracts"));
        QCOMPARE(got->createdMs, kJan1);
        auto missing = cs.get("nope");
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().hint.find("connector list") != std::string::npos);
        auto all = cs.list();
        QVERIFY(all.ok());
        QCOMPARE(all->size(), size_t(2));
        QCOMPARE(q((*all)[0].name), QStringLiteral("an")); // by name

        SyncState st;
        st.connector = "an";
        st.watermarkMs = kJan1;
        st.lastSuccessMs = kJan1 + 1;
        st.lastError = "";
        st.rowsAdded = 7;
        st.rowsUpdated = 2;
        st.rowsTotal = 70;
        QVERIFY(cs.saveSyncState(st));
        auto back = cs.syncState("an");
        QVERIFY(back.ok());
        QCOMPARE(*back->watermarkMs, kJan1);
        QCOMPARE(*back->lastSuccessMs, kJan1 + 1);
        QVERIFY(!back->lastErrorMs);
        QCOMPARE(back->rowsAdded, int64_t(7));
        QCOMPARE(back->rowsTotal, int64_t(70));
        auto fresh = cs.syncState("oa");
        QVERIFY(fresh.ok() && !fresh->watermarkMs && fresh->rowsTotal == 0);

        UsageBucket b = usage(kJan1, "m", "p", 1, 1);
        b.connector = "an";
        ingest({ b });
        auto removed = cs.remove("an", /*purgeData=*/true);
        QVERIFY(removed.ok() && *removed);
        QCOMPARE(scalar("SELECT COUNT(*) FROM sync_state WHERE connector='an'"), qint64(0));
        QCOMPARE(scalar("SELECT COUNT(*) FROM usage_bucket WHERE connector='an'"), qint64(0));
        auto twice = cs.remove("an");
        QVERIFY(twice.ok() && !*twice);
        // The secret is never in the table, whatever the storage.
        QCOMPARE(scalar("SELECT COUNT(*) FROM pragma_table_info('connector') WHERE name LIKE '%secret%' OR name='key'"),
                 qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestBucketIngest)
#include "tst_bucketingest.moc"
