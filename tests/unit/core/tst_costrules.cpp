// SPDX-License-Identifier: GPL-3.0-or-later
// Cost rules against the bundled catalogue, each expected figure worked out by hand in the table.
#include "pricing/PriceCatalogue.h"
#include "domain/Time.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace il;

class TestCostRules final : public QObject {
    Q_OBJECT
    PriceCatalogue m_cat;

private slots:
    void initTestCase()
    {
        auto entries = bundledCatalogue();
        QVERIFY2(entries.ok(), entries.ok() ? "" : entries.error().toString().c_str());
        m_cat.addAll(std::move(*entries));
    }

    void rules_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("model");
        QTest::addColumn<qint64>("input");
        QTest::addColumn<qint64>("cached");
        QTest::addColumn<qint64>("write5m");
        QTest::addColumn<qint64>("write1h");
        QTest::addColumn<qint64>("output");
        QTest::addColumn<qint64>("reasoning");
        QTest::addColumn<bool>("batch");
        QTest::addColumn<QString>("tier");
        QTest::addColumn<qint64>("expectedNanos");

        // gpt-4o: $2.50 in, $1.25 cached, $10 out per 1M.
        // 1000 in (400 cached) + 500 out = 600×2.5 + 400×1.25 + 500×10 = 1500+500+5000 µ$ = 7000 µ$.
        QTest::newRow("openai cached") << "openai" << "gpt-4o" << 1000LL << 400LL << 0LL << 0LL << 500LL << 0LL << false
                                       << "" << 7'000'000LL;
        // Batch: $1.25 in, $0.625 cached, $5 out → 600×1.25 + 400×0.625 + 500×5 = 750+250+2500 = 3500 µ$.
        QTest::newRow("openai batch") << "openai" << "gpt-4o" << 1000LL << 400LL << 0LL << 0LL << 500LL << 0LL << true
                                      << "" << 3'500'000LL;
        // Priority: $4.25 / $2.125 / $17 → 600×4.25 + 400×2.125 + 500×17 = 2550+850+8500 = 11900 µ$.
        QTest::newRow("openai priority") << "openai" << "gpt-4o" << 1000LL << 400LL << 0LL << 0LL << 500LL << 0LL << false
                                         << "priority" << 11'900'000LL;
        // Flex on gpt-5: $0.625 in, $5 out → 1000×0.625 + 200×5 = 625 + 1000 = 1625 µ$.
        QTest::newRow("openai flex") << "openai" << "gpt-5" << 1000LL << 0LL << 0LL << 0LL << 200LL << 0LL << false
                                     << "flex" << 1'625'000LL;
        // o4-mini reasoning is billed as output: 2000 in × 1.10 + 3000 out × 4.40 = 2200 + 13200 = 15400 µ$.
        QTest::newRow("reasoning as output") << "openai" << "o4-mini" << 2000LL << 0LL << 0LL << 0LL << 3000LL << 2500LL
                                             << false << "" << 15'400'000LL;
        // claude-sonnet-4: $3 in, $0.30 read, $3.75 5m write, $6 1h write, $15 out.
        // input 10000 = 2000 uncached + 5000 read + 2000 5m + 1000 1h; out 800.
        // 2000×3 + 5000×0.3 + 2000×3.75 + 1000×6 + 800×15 = 6000+1500+7500+6000+12000 = 33000 µ$.
        QTest::newRow("anthropic cache writes") << "anthropic" << "claude-sonnet-4" << 10000LL << 5000LL << 2000LL
                                                << 1000LL << 800LL << 0LL << false << "" << 33'000'000LL;
        // Long context (> 200k input): $6 in, $22.50 out → 250000×6 + 1000×22.5 = 1,500,000 + 22,500 µ$.
        QTest::newRow("anthropic long context") << "anthropic" << "claude-sonnet-4-5" << 250000LL << 0LL << 0LL << 0LL
                                                << 1000LL << 0LL << false << "" << 1'522'500'000LL;
        // At exactly 200k the standard rate applies: 200000×3 = 600,000 µ$.
        QTest::newRow("long context threshold") << "anthropic" << "claude-sonnet-4-5" << 200000LL << 0LL << 0LL << 0LL
                                                << 0LL << 0LL << false << "" << 600'000'000LL;
        // Anthropic batch: $0.50 / $2.50 on haiku 4.5 → 4000×0.5 + 1000×2.5 = 2000+2500 = 4500 µ$.
        QTest::newRow("anthropic batch") << "anthropic" << "claude-haiku-4-5" << 4000LL << 0LL << 0LL << 0LL << 1000LL
                                         << 0LL << true << "" << 4'500'000LL;
        // gemini-2.5-pro above 200k: $2.50 in, $0.25 cached, $15 out.
        // 300000 in (100000 cached) + 2000 out = 200000×2.5 + 100000×0.25 + 2000×15 = 500000+25000+30000 µ$.
        QTest::newRow("gemini long context cached") << "google" << "gemini-2.5-pro" << 300000LL << 100000LL << 0LL << 0LL
                                                    << 2000LL << 0LL << false << "" << 555'000'000LL;
        // Self-hosted: $3.20 per GPU-hour at 9,000,000 tokens/GPU-hour; 9000 tokens = 1/1000 GPU-hour = $0.0032.
        QTest::newRow("gpu hour") << "self-hosted" << "llama-3.3-70b-instruct" << 6000LL << 0LL << 0LL << 0LL << 3000LL
                                  << 0LL << false << "" << 3'200'000LL;
        // Dated snapshot resolves to its base model.
        QTest::newRow("snapshot alias") << "openai" << "gpt-4o-2024-08-06" << 1000000LL << 0LL << 0LL << 0LL << 0LL
                                        << 0LL << false << "" << 2'500'000'000LL;
        QTest::newRow("anthropic dated id") << "anthropic" << "claude-sonnet-4-20250514" << 100000LL << 0LL << 0LL << 0LL
                                            << 0LL << 0LL << false << "" << 300'000'000LL;
        QTest::newRow("provider prefix") << "openai" << "openai/gpt-4o-mini" << 1000000LL << 0LL << 0LL << 0LL
                                         << 1000000LL << 0LL << false << "" << 750'000'000LL;
    }

    void rules()
    {
        QFETCH(QString, provider);
        QFETCH(QString, model);
        QFETCH(qint64, input);
        QFETCH(qint64, cached);
        QFETCH(qint64, write5m);
        QFETCH(qint64, write1h);
        QFETCH(qint64, output);
        QFETCH(qint64, reasoning);
        QFETCH(bool, batch);
        QFETCH(QString, tier);
        QFETCH(qint64, expectedNanos);
        const int64_t at = *parseTimestampMs("2026-07-01T00:00:00Z");
        const PriceEntry* p = m_cat.resolve(provider.toStdString(), model.toStdString(), at);
        QVERIFY2(p, qPrintable(provider + QLatin1Char('/') + model));
        RequestRecord r;
        r.timestampMs = at;
        r.inputTokens = input;
        r.cachedInputTokens = cached;
        r.cacheWriteTokens = write5m;
        r.cacheWrite1hTokens = write1h;
        r.outputTokens = output;
        r.reasoningTokens = reasoning;
        r.batch = batch;
        r.serviceTier = tier.toStdString();
        QCOMPARE(qint64(priceRequest(*p, r).total()), expectedNanos);
    }

    void resolutionByDate()
    {
        // o3's price cut on 2025-06-10: $10 → $2 input.
        RequestRecord r;
        r.inputTokens = 1'000'000;
        const PriceEntry* before = m_cat.resolve("openai", "o3", *parseTimestampMs("2025-06-09T23:59:59Z"));
        const PriceEntry* after = m_cat.resolve("openai", "o3", *parseTimestampMs("2025-06-10T00:00:00Z"));
        QVERIFY(before && after && before != after);
        QCOMPARE(priceRequest(*before, r).total(), int64_t(10) * kNanosPerUnit);
        QCOMPARE(priceRequest(*after, r).total(), int64_t(2) * kNanosPerUnit);
        // Before a model existed there is no price: unpriced, never $0.
        QVERIFY(!m_cat.resolve("openai", "gpt-5", *parseTimestampMs("2024-01-01")));
        QVERIFY(!m_cat.resolve("openai", "no-such-model", *parseTimestampMs("2026-01-01")));
    }

    void snapshotSuffixes_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("openai date") << "gpt-4o-2024-08-06" << "gpt-4o";
        QTest::newRow("anthropic date") << "claude-sonnet-4-20250514" << "claude-sonnet-4";
        QTest::newRow("vertex at") << "claude-sonnet-4@20250514" << "claude-sonnet-4";
        QTest::newRow("latest") << "claude-3-5-haiku-latest" << "claude-3-5-haiku";
        QTest::newRow("gemini version") << "gemini-1.5-pro-002" << "gemini-1.5-pro";
        QTest::newRow("none") << "gpt-4o" << "";
        QTest::newRow("gpt-4.1") << "gpt-4.1" << "";
    }
    void snapshotSuffixes()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(QString::fromStdString(PriceCatalogue::withoutSnapshotSuffix(in.toStdString())), out);
    }

    void liteLlmImport()
    {
        const std::string json = R"({
            "sample_spec": {"input_cost_per_token": 0},
            "gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-06,
                       "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06,
                       "input_cost_per_token_batches": 1.25e-06, "output_cost_per_token_batches": 5e-06,
                       "input_cost_per_token_priority": 4.25e-06},
            "openai/gpt-4o": {"litellm_provider": "openai", "input_cost_per_token": 9e-06, "output_cost_per_token": 9e-06},
            "gemini/gemini-2.5-pro": {"litellm_provider": "gemini", "input_cost_per_token": 1.25e-06,
                       "output_cost_per_token": 1e-05, "input_cost_per_token_above_200k_tokens": 2.5e-06,
                       "output_cost_per_token_above_200k_tokens": 1.5e-05},
            "claude-sonnet-4-5": {"litellm_provider": "anthropic", "input_cost_per_token": 3e-06,
                       "output_cost_per_token": 1.5e-05, "cache_creation_input_token_cost": 3.75e-06,
                       "cache_creation_input_token_cost_above_1hr": 6e-06, "cache_read_input_token_cost": 3e-07,
                       "input_cost_per_token_above_200k_tokens": 6e-06,
                       "cache_creation_input_token_cost_above_1hr_above_200k_tokens": 1.2e-05},
            "dall-e-3": {"litellm_provider": "openai", "mode": "image_generation", "output_cost_per_image": 0.04}
        })";
        const int64_t from = *parseDateMs("2026-08-01");
        auto r = parseLiteLlmJson(json, "prices.json", "litellm-test", from);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
        QCOMPARE(int(r->size()), 3); // sample_spec and the image model skipped; openai/gpt-4o duplicates gpt-4o
        PriceCatalogue c;
        c.addAll(std::move(*r));
        const PriceEntry* gpt = c.resolve("openai", "gpt-4o", from);
        QVERIFY(gpt);
        QCOMPARE(gpt->standard.input, int64_t(2'500'000'000));
        QCOMPARE(gpt->standard.cachedInput, int64_t(1'250'000'000));
        QCOMPARE(gpt->batch->output, int64_t(5'000'000'000));
        QCOMPARE(gpt->priority->input, int64_t(4'250'000'000));
        const PriceEntry* gem = c.resolve("google", "gemini-2.5-pro", from);
        QVERIFY(gem);
        QCOMPARE(int(gem->longContext.size()), 1);
        QCOMPARE(gem->longContext[0].aboveInputTokens, int64_t(200'000));
        QCOMPARE(gem->longContext[0].rates.output, int64_t(15'000'000'000));
        const PriceEntry* cl = c.resolve("anthropic", "claude-sonnet-4-5-20250929", from);
        QVERIFY(cl);
        QCOMPARE(cl->standard.cacheWrite1h, int64_t(6'000'000'000));
        QCOMPARE(int(cl->longContext.size()), 1);
        QCOMPARE(cl->longContext[0].rates.cacheWrite1h, int64_t(12'000'000'000));
        QCOMPARE(cl->longContext[0].rates.input, int64_t(6'000'000'000));
        // Not in force before its effective date.
        QVERIFY(!c.resolve("openai", "gpt-4o", from - 1));
    }

    void inheritsWhatTheFileDoesNotState()
    {
        PriceCatalogue existing;
        existing.addAll(std::move(*bundledCatalogue()));
        PriceEntry same; // gpt-4o at unchanged base rates, without batch or aliases
        same.provider = "openai";
        same.model = "gpt-4o";
        same.version = "v2";
        same.effectiveFromMs = *parseDateMs("2026-08-01");
        same.standard.input = 2'500'000'000;
        same.standard.output = 10'000'000'000;
        PriceEntry moved = same; // o3 at a new base rate: variants must not carry over
        moved.model = "o3";
        moved.standard.input = 1'000'000'000;
        std::vector<PriceEntry> in = {same, moved};
        QCOMPARE(inheritUnstated(in, existing), 2);
        QVERIFY(in[0].batch.has_value());
        QCOMPARE(in[0].batch->input, int64_t(1'250'000'000));
        QCOMPARE(in[0].standard.cachedInput, int64_t(1'250'000'000));
        QVERIFY(std::find(in[0].aliases.begin(), in[0].aliases.end(), "gpt-4o-2024-08-06") != in[0].aliases.end());
        QVERIFY(!in[1].batch.has_value());
        QCOMPARE(in[1].standard.cachedInput, int64_t(-1));
    }

    void badCatalogues_data()
    {
        QTest::addColumn<QString>("json");
        QTest::newRow("not json") << "{nope";
        QTest::newRow("array") << "[]";
        QTest::newRow("no prices") << R"({"x": {"litellm_provider": "openai", "mode": "image"}})";
    }
    void badCatalogues()
    {
        QFETCH(QString, json);
        auto r = parseLiteLlmJson(json.toStdString(), "bad.json", "v", 0);
        QVERIFY(!r.ok());
        QVERIFY(QString::fromStdString(r.error().toString()).startsWith(QStringLiteral("bad.json")));
    }

    void bundledCoversTheIssueList()
    {
        const int64_t at = *parseTimestampMs("2026-07-24T00:00:00Z");
        const char* models[][2] = {{"openai", "gpt-4o"}, {"openai", "gpt-4o-mini"}, {"openai", "gpt-4.1"},
                                   {"openai", "gpt-4.1-mini"}, {"openai", "gpt-5"}, {"openai", "gpt-5-mini"},
                                   {"openai", "o3"}, {"openai", "o4-mini"}, {"anthropic", "claude-opus-4"},
                                   {"anthropic", "claude-sonnet-4"}, {"anthropic", "claude-sonnet-4-5"},
                                   {"anthropic", "claude-haiku-4-5"}, {"anthropic", "claude-3-5-haiku"},
                                   {"google", "gemini-2.5-pro"}, {"google", "gemini-2.5-flash"},
                                   {"self-hosted", "llama-3.3-70b-instruct"}};
        for (auto& m : models)
            QVERIFY2(m_cat.resolve(m[0], m[1], at), m[1]);
    }

    void jsonRoundTrip()
    {
        for (const PriceEntry& e : m_cat.entries()) {
            auto back = priceEntryFromJson(priceEntryToJson(e), "rt");
            QVERIFY(back.ok());
            QCOMPARE(back->standard.input, e.standard.input);
            QCOMPARE(back->standard.cacheWrite1h, e.standard.cacheWrite1h);
            QCOMPARE(back->longContext.size(), e.longContext.size());
            QCOMPARE(back->gpuHourNanos, e.gpuHourNanos);
            QCOMPARE(back->effectiveFromMs, e.effectiveFromMs);
        }
    }
};

QTEST_GUILESS_MAIN(TestCostRules)
#include "tst_costrules.moc"
