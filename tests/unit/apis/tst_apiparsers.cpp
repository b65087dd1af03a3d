// SPDX-License-Identifier: GPL-3.0-or-later
// The provider answer parsers, on answers written here from the documented shapes (OpenAI's usage and costs
// objects, Anthropic's usage and cost reports, Prometheus' query_range matrix), and the connector option checks.
#include "apis/AnthropicConnector.h"
#include "apis/Connector.h"
#include "apis/OpenAiConnector.h"
#include "apis/PrometheusConnector.h"

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace il;
using nlohmann::json;

namespace {

ConnectorConfig config(const char* type)
{
    ConnectorConfig c;
    c.name = "acme";
    c.type = type;
    c.keyEnv = "KEY";
    return c;
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

class TestApiParsers final : public QObject {
    Q_OBJECT

private slots:
    void openAiUsageGrouped()
    {
        ConnectorConfig c = config("openai");
        c.options["project.proj_support"] = "support-assistant";
        const json page = json::parse(R"({
          "object": "page",
          "data": [
            {"object": "bucket", "start_time": 1767225600, "end_time": 1767312000, "results": [
              {"object": "organization.usage.completions.result", "input_tokens": 9000, "input_cached_tokens": 3000,
               "input_cache_write_tokens": 500, "input_uncached_tokens": 5500, "output_tokens": 1200,
               "input_audio_tokens": 0, "output_audio_tokens": 0, "num_model_requests": 42,
               "project_id": "proj_support", "user_id": null, "api_key_id": null, "model": "gpt-4o-mini-2024-07-18",
               "batch": false, "service_tier": "default"},
              {"object": "organization.usage.completions.result", "input_tokens": 10, "output_tokens": 5,
               "num_model_requests": 1, "project_id": "proj_other", "model": "gpt-4o", "batch": null,
               "service_tier": null}
            ]},
            {"object": "bucket", "start_time": 1767312000, "end_time": 1767398400, "results": []}
          ],
          "has_more": false, "next_page": null})");
        auto b = OpenAiConnector::parseUsagePage(page, c, "test");
        QVERIFY2(b.ok(), b.ok() ? "" : b.error().toString().c_str());
        QCOMPARE(b->size(), size_t(2));
        const UsageBucket& x = (*b)[0];
        QCOMPARE(x.startMs, int64_t(1767225600000));
        QCOMPARE(x.endMs, int64_t(1767312000000));
        QCOMPARE(q(x.connector), QStringLiteral("acme"));
        QCOMPARE(q(x.provider), QStringLiteral("openai"));
        QCOMPARE(q(x.model), QStringLiteral("gpt-4o-mini-2024-07-18"));
        QCOMPARE(q(x.project), QStringLiteral("proj_support"));
        QCOMPARE(q(x.feature), QStringLiteral("support-assistant"));
        QCOMPARE(q(x.serviceTier), QStringLiteral("default"));
        QCOMPARE(x.batch, false);
        QCOMPARE(x.requests, int64_t(42));
        QCOMPARE(x.inputTokens, int64_t(9000)); // includes cached, as OpenAI reports
        QCOMPARE(x.cachedInputTokens, int64_t(3000));
        QCOMPARE(x.cacheWrite5mTokens, int64_t(500));
        QCOMPARE(x.cacheWrite1hTokens, int64_t(0));
        QCOMPARE(x.outputTokens, int64_t(1200));
        const UsageBucket& y = (*b)[1];
        QCOMPARE(q(y.feature), QString()); // unmapped project → unattributed
        QCOMPARE(y.cachedInputTokens, int64_t(0)); // absent in older responses
        QCOMPARE(q(y.serviceTier), QString());
        QCOMPARE(y.requests, int64_t(1));
    }

    // A result without num_model_requests (or with null) does not say how many requests it counts: -1, stored as
    // NULL (UsageBucket::requests), never 0.
    void openAiUsageWithoutRequestCount_data()
    {
        QTest::addColumn<QString>("requests");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("absent") << QString() << qint64(-1);
        QTest::newRow("null") << QStringLiteral(R"("num_model_requests": null,)") << qint64(-1);
        QTest::newRow("zero") << QStringLiteral(R"("num_model_requests": 0,)") << qint64(0);
    }

    void openAiUsageWithoutRequestCount()
    {
        QFETCH(QString, requests);
        QFETCH(qint64, expected);
        const QString page = QStringLiteral(R"({"object":"page","data":[{"object":"bucket","start_time":1767225600,
            "end_time":1767312000,"results":[{"object":"organization.usage.completions.result","input_tokens":10,
            %1 "output_tokens":5,"project_id":"p","model":"gpt-4o"}]}],"has_more":false,"next_page":null})")
                                 .arg(requests);
        auto b = OpenAiConnector::parseUsagePage(json::parse(page.toStdString()), config("openai"), "test");
        QVERIFY2(b.ok(), b.ok() ? "" : b.error().toString().c_str());
        QCOMPARE(b->size(), size_t(1));
        QCOMPARE(qint64(b->front().requests), expected);
    }

    void openAiUsageErrors_data()
    {
        QTest::addColumn<QString>("page");
        QTest::addColumn<QString>("field");
        QTest::newRow("not an object") << R"([1,2])"
                                       << "";
        QTest::newRow("no data") << R"({"object":"page"})"
                                 << "data";
        QTest::newRow("no start") << R"({"data":[{"end_time":1,"results":[]}]})"
                                  << "data[0].start_time";
        QTest::newRow("tokens text")
            << R"({"data":[{"start_time":0,"end_time":86400,"results":[{"input_tokens":"many"}]}]})"
            << "data[0].results[0].input_tokens";
        QTest::newRow("fraction") << R"({"data":[{"start_time":0,"end_time":86400,"results":[{"output_tokens":1.5}]}]})"
                                  << "data[0].results[0].output_tokens";
        QTest::newRow("negative")
            << R"({"data":[{"start_time":0,"end_time":86400,"results":[{"num_model_requests":-1}]}]})"
            << "data[0].results[0].num_model_requests";
        QTest::newRow("cached over input")
            << R"({"data":[{"start_time":0,"end_time":86400,"results":[{"input_tokens":5,"input_cached_tokens":6}]}]})"
            << "data[0].results[0].input_cached_tokens";
        QTest::newRow("batch text") << R"({"data":[{"start_time":0,"end_time":86400,"results":[{"batch":"yes"}]}]})"
                                    << "data[0].results[0].batch";
        QTest::newRow("end before start") << R"({"data":[{"start_time":86400,"end_time":0,"results":[]}]})"
                                          << "data[0].end_time";
    }

    void openAiUsageErrors()
    {
        QFETCH(QString, page);
        QFETCH(QString, field);
        auto b = OpenAiConnector::parseUsagePage(json::parse(page.toStdString()), config("openai"), "connector 'acme'");
        QVERIFY(!b.ok());
        QCOMPARE(q(b.error().field), field);
        QCOMPARE(q(b.error().source), QStringLiteral("connector 'acme'"));
        QVERIFY(!b.error().hint.empty());
    }

    void openAiCostAmounts_data()
    {
        QTest::addColumn<QString>("value"); // the JSON text of amount.value
        QTest::addColumn<qint64>("nanos");
        QTest::newRow("cents") << "0.06" << qint64(60'000'000);
        QTest::newRow("integer") << "5" << qint64(5'000'000'000);
        QTest::newRow("many digits") << "1234.567891234" << qint64(1'234'567'891'234);
        QTest::newRow("E notation") << "1.5e-7" << qint64(150);
        QTest::newRow("zero") << "0" << qint64(0);
        QTest::newRow("credit") << "-2.25" << qint64(-2'250'000'000);
        QTest::newRow("string") << "\"0.10\"" << qint64(100'000'000);
    }

    void openAiCostAmounts()
    {
        QFETCH(QString, value);
        QFETCH(qint64, nanos);
        ConnectorConfig c = config("openai");
        c.options["project.proj_a"] = "search";
        const std::string text = R"({"object":"page","data":[{"object":"bucket","start_time":1767225600,
            "end_time":1767312000,"results":[{"object":"organization.costs.result","amount":{"value":)"
            + value.toStdString() + R"(,"currency":"usd"},"line_item":"gpt-4o-mini, input","project_id":"proj_a",
            "quantity":null,"quantity_unit":null}]}],"has_more":false,"next_page":null})";
        auto b = OpenAiConnector::parseCostsPage(json::parse(text), c, "test");
        QVERIFY2(b.ok(), b.ok() ? "" : b.error().toString().c_str());
        QCOMPARE(b->size(), size_t(1));
        QCOMPARE(qint64((*b)[0].amountNanos), nanos);
        QCOMPARE(q((*b)[0].currency.str()), QStringLiteral("USD"));
        QCOMPARE(q((*b)[0].lineItem), QStringLiteral("gpt-4o-mini, input"));
        QCOMPARE(q((*b)[0].feature), QStringLiteral("search"));
        QCOMPARE((*b)[0].startMs, int64_t(1767225600000));
    }

    void openAiCostErrors_data()
    {
        QTest::addColumn<QString>("result");
        QTest::addColumn<QString>("field");
        QTest::newRow("no amount") << R"({"line_item":null})"
                                   << "data[0].results[0].amount";
        QTest::newRow("amount number") << R"({"amount":0.06})"
                                       << "data[0].results[0].amount";
        QTest::newRow("no value") << R"({"amount":{"currency":"usd"}})"
                                  << "data[0].results[0].amount.value";
        QTest::newRow("bad value") << R"({"amount":{"value":"lots","currency":"usd"}})"
                                   << "data[0].results[0].amount.value";
        QTest::newRow("bad currency") << R"({"amount":{"value":1,"currency":"dollars"}})"
                                      << "data[0].results[0].amount.currency";
    }

    void openAiCostErrors()
    {
        QFETCH(QString, result);
        QFETCH(QString, field);
        const std::string text
            = R"({"data":[{"start_time":0,"end_time":86400,"results":[)" + result.toStdString() + "]}]}";
        auto b = OpenAiConnector::parseCostsPage(json::parse(text), config("openai"), "test");
        QVERIFY(!b.ok());
        QCOMPARE(q(b.error().field), field);
    }

    void anthropicUsageNormalised()
    {
        ConnectorConfig c = config("anthropic");
        c.options["workspace.wrkspc_01"] = "contracts";
        c.options["workspace.default"] = "playground";
        const json page = json::parse(R"({
          "data": [{"starting_at": "2026-01-01T00:00:00Z", "ending_at": "2026-01-02T00:00:00Z", "results": [
            {"uncached_input_tokens": 1500, "cache_creation": {"ephemeral_1h_input_tokens": 1000,
             "ephemeral_5m_input_tokens": 500}, "cache_read_input_tokens": 200, "output_tokens": 500,
             "server_tool_use": {"web_search_requests": 10}, "api_key_id": null, "workspace_id": "wrkspc_01",
             "model": "claude-sonnet-4-20250514", "service_tier": null, "context_window": null},
            {"uncached_input_tokens": 7, "cache_creation": null, "cache_read_input_tokens": 0, "output_tokens": 3,
             "workspace_id": null, "model": "claude-haiku-4-5", "service_tier": "batch"}
          ]}],
          "has_more": false, "next_page": null})");
        auto b = AnthropicConnector::parseUsagePage(page, c, "test");
        QVERIFY2(b.ok(), b.ok() ? "" : b.error().toString().c_str());
        QCOMPARE(b->size(), size_t(2));
        const UsageBucket& x = (*b)[0];
        QCOMPARE(x.inputTokens, int64_t(1500 + 200 + 500 + 1000));
        QCOMPARE(x.cachedInputTokens, int64_t(200));
        QCOMPARE(x.cacheWrite5mTokens, int64_t(500));
        QCOMPARE(x.cacheWrite1hTokens, int64_t(1000));
        QCOMPARE(x.outputTokens, int64_t(500));
        QCOMPARE(x.requests, int64_t(-1)); // the report has no request count: unknown, not 0
        QCOMPARE(q(x.feature), QStringLiteral("contracts"));
        QCOMPARE(q(x.provider), QStringLiteral("anthropic"));
        QCOMPARE(x.startMs, int64_t(1767225600000));
        const UsageBucket& y = (*b)[1];
        QCOMPARE(y.inputTokens, int64_t(7));
        QCOMPARE(q(y.feature), QStringLiteral("playground")); // the default workspace has no id
        QVERIFY(y.batch);
    }

    void anthropicUsageErrors_data()
    {
        QTest::addColumn<QString>("page");
        QTest::addColumn<QString>("field");
        QTest::newRow("bad time")
            << R"({"data":[{"starting_at":"yesterday","ending_at":"2026-01-02T00:00:00Z","results":[]}]})"
            << "data[0].starting_at";
        QTest::newRow("unix time")
            << R"({"data":[{"starting_at":1767225600,"ending_at":"2026-01-02T00:00:00Z","results":[]}]})"
            << "data[0].starting_at";
        QTest::newRow("cache creation list")
            << R"({"data":[{"starting_at":"2026-01-01T00:00:00Z","ending_at":"2026-01-02T00:00:00Z","results":[{"cache_creation":[1]}]}]})"
            << "data[0].results[0].cache_creation";
        QTest::newRow("negative")
            << R"({"data":[{"starting_at":"2026-01-01T00:00:00Z","ending_at":"2026-01-02T00:00:00Z","results":[{"output_tokens":-5}]}]})"
            << "data[0].results[0].output_tokens";
        QTest::newRow("no results")
            << R"({"data":[{"starting_at":"2026-01-01T00:00:00Z","ending_at":"2026-01-02T00:00:00Z"}]})"
            << "data[0].results";
    }

    void anthropicUsageErrors()
    {
        QFETCH(QString, page);
        QFETCH(QString, field);
        auto b = AnthropicConnector::parseUsagePage(json::parse(page.toStdString()), config("anthropic"), "test");
        QVERIFY(!b.ok());
        QCOMPARE(q(b.error().field), field);
    }

    void anthropicCostCents_data()
    {
        QTest::addColumn<QString>("amount");
        QTest::addColumn<qint64>("nanos");
        QTest::newRow("documented") << "\"123.45\"" << qint64(1'234'500'000); // 123.45 cents = $1.2345
        QTest::newRow("whole cents") << "\"100\"" << qint64(1'000'000'000);
        QTest::newRow("fraction of a cent") << "\"0.0001\"" << qint64(1'000);
        QTest::newRow("long") << "\"123.78912\"" << qint64(1'237'891'200);
        QTest::newRow("zero") << "\"0\"" << qint64(0);
        QTest::newRow("number") << "2.5" << qint64(25'000'000);
    }

    void anthropicCostCents()
    {
        QFETCH(QString, amount);
        QFETCH(qint64, nanos);
        ConnectorConfig c = config("anthropic");
        c.options["workspace.wrkspc_01"] = "contracts";
        const std::string text = R"({"data":[{"starting_at":"2026-01-01T00:00:00Z","ending_at":"2026-01-02T00:00:00Z",
            "results":[{"currency":"USD","amount":)"
            + amount.toStdString() + R"(,"workspace_id":"wrkspc_01",
            "description":"Claude Sonnet 4 Usage - Input Tokens","cost_type":"tokens","context_window":"0-200k",
            "model":"claude-sonnet-4-20250514","service_tier":"standard","token_type":"uncached_input_tokens"}]},
            {"starting_at":"2026-01-02T00:00:00Z","ending_at":"2026-01-03T00:00:00Z","results":[]}],
            "has_more":false,"next_page":null})";
        auto b = AnthropicConnector::parseCostPage(json::parse(text), c, "test");
        QVERIFY2(b.ok(), b.ok() ? "" : b.error().toString().c_str());
        QCOMPARE(b->size(), size_t(1)); // the empty bucket has nothing to add
        QCOMPARE(qint64((*b)[0].amountNanos), nanos);
        QCOMPARE(q((*b)[0].currency.str()), QStringLiteral("USD"));
        QCOMPARE(q((*b)[0].lineItem), QStringLiteral("Claude Sonnet 4 Usage - Input Tokens"));
        QCOMPARE(q((*b)[0].model), QStringLiteral("claude-sonnet-4-20250514"));
        QCOMPARE(q((*b)[0].feature), QStringLiteral("contracts"));
    }

    void anthropicCostErrors()
    {
        const std::string text = R"({"data":[{"starting_at":"2026-01-01T00:00:00Z","ending_at":"2026-01-02T00:00:00Z",
            "results":[{"currency":"USD","amount":"12,5"}]}]})";
        auto b = AnthropicConnector::parseCostPage(json::parse(text), config("anthropic"), "test");
        QVERIFY(!b.ok());
        QCOMPARE(q(b.error().field), QStringLiteral("data[0].results[0].amount"));
        QVERIFY(b.error().message.find("12,5") != std::string::npos);
        // Without a description the cost and token types name the line.
        const std::string bare = R"({"data":[{"starting_at":"2026-01-01T00:00:00Z","ending_at":"2026-01-02T00:00:00Z",
            "results":[{"currency":"USD","amount":"1","cost_type":"tokens","token_type":"output_tokens"}]}]})";
        auto c = AnthropicConnector::parseCostPage(json::parse(bare), config("anthropic"), "test");
        QVERIFY(c.ok());
        QCOMPARE(q((*c)[0].lineItem), QStringLiteral("tokens:output_tokens"));
    }

    void prometheusMatrix()
    {
        const json answer = json::parse(R"({"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","gpu":"0","UUID":"GPU-aaaa","modelName":"NVIDIA H100 80GB HBM3",
                       "Hostname":"node-1","hostname":"ignored","instance":"10.0.0.1:9400"},
             "values":[[1767225600,"87"],[1767225660,"NaN"],[1767225720.5,"91.5"],[1767225780,"+Inf"]]},
            {"metric":{"gpu":"1","UUID":"GPU-bbbb","instance":"10.0.0.2:9400"},"values":[[1767225600,"0"]]}
        ]}})");
        auto r = PrometheusConnector::parseQueryRange(answer, "DCGM_FI_DEV_GPU_UTIL", "test");
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
        QCOMPARE(r->skipped, int64_t(2));
        QCOMPARE(r->samples.size(), size_t(3));
        const GpuSample& a = r->samples[0];
        QCOMPARE(q(a.host), QStringLiteral("node-1")); // Hostname wins over hostname and instance
        QCOMPARE(q(a.gpu), QStringLiteral("0"));
        QCOMPARE(q(a.uuid), QStringLiteral("GPU-aaaa"));
        QCOMPARE(q(a.modelName), QStringLiteral("NVIDIA H100 80GB HBM3"));
        QCOMPARE(q(a.metric), QStringLiteral("DCGM_FI_DEV_GPU_UTIL"));
        QCOMPARE(a.timestampMs, int64_t(1767225600000));
        QCOMPARE(a.value, 87.0);
        QCOMPARE(r->samples[1].timestampMs, int64_t(1767225720500));
        QCOMPARE(r->samples[1].value, 91.5);
        QCOMPARE(q(r->samples[2].host), QStringLiteral("10.0.0.2:9400")); // falls back to instance
    }

    void prometheusErrors_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("needle");
        QTest::newRow("error status")
            << "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter 'query': parse error\"}"
            << "Prometheus answered with an error (bad_data): invalid parameter";
        QTest::newRow("vector") << R"({"status":"success","data":{"resultType":"vector","result":[]}})"
                                << "expected \"matrix\"";
        QTest::newRow("value not text")
            << R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2]]}]}})"
            << "expected [unix_seconds, \"value\"]";
        QTest::newRow("value not number")
            << R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"high"]]}]}})"
            << "is not a number";
    }

    void prometheusErrors()
    {
        QFETCH(QString, answer);
        QFETCH(QString, needle);
        auto r = PrometheusConnector::parseQueryRange(json::parse(answer.toStdString()), "m", "test");
        QVERIFY(!r.ok());
        QVERIFY2(r.error().toString().find(needle.toStdString()) != std::string::npos, r.error().toString().c_str());
    }

    void configChecks_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("baseUrl");
        QTest::addColumn<QString>("option"); // KEY=VALUE or empty
        QTest::addColumn<QString>("needle"); // empty: valid
        QTest::newRow("openai default") << "openai"
                                        << ""
                                        << ""
                                        << "";
        QTest::newRow("openai mapping") << "openai"
                                        << ""
                                        << "project.proj_abc=support"
                                        << "";
        QTest::newRow("openai hourly") << "openai"
                                       << ""
                                       << "bucket_width=1h"
                                       << "";
        QTest::newRow("minute buckets") << "openai"
                                        << ""
                                        << "bucket_width=1m"
                                        << "must be 1h or 1d";
        QTest::newRow("typo") << "openai"
                              << ""
                              << "projct.proj_abc=support"
                              << "unknown option 'projct.proj_abc'";
        QTest::newRow("workspace on openai") << "openai"
                                             << ""
                                             << "workspace.w=x"
                                             << "unknown option";
        QTest::newRow("anthropic workspace") << "anthropic"
                                             << ""
                                             << "workspace.wrkspc_1=contracts"
                                             << "";
        QTest::newRow("prometheus no url") << "prometheus"
                                           << ""
                                           << ""
                                           << "needs --base-url";
        QTest::newRow("prometheus") << "prometheus"
                                    << "http://prom:9090"
                                    << "metrics=DCGM_FI_DEV_GPU_UTIL"
                                    << "";
        QTest::newRow("bad metric") << "prometheus"
                                    << "http://prom:9090"
                                    << "metrics=up{job=\"x\"}"
                                    << "not a Prometheus metric name";
        QTest::newRow("step") << "prometheus"
                              << "http://prom:9090"
                              << "step=0"
                              << "from 1 to 86400";
        QTest::newRow("timeout") << "openai"
                                 << ""
                                 << "timeout=soon"
                                 << "whole number";
        QTest::newRow("ftp") << "openai"
                             << "ftp://x"
                             << ""
                             << "not an http(s) address";
        QTest::newRow("focus without a folder") << "focus"
                                                << ""
                                                << ""
                                                << "--option path=";
        QTest::newRow("otlp without a folder") << "otlp"
                                               << ""
                                               << ""
                                               << "--option path=";
        QTest::newRow("unknown type") << "datadog"
                                      << ""
                                      << ""
                                      << "unknown connector type";
        QTest::newRow("empty value") << "openai"
                                     << ""
                                     << "project.p="
                                     << "has no value";
    }

    void configChecks()
    {
        QFETCH(QString, type);
        QFETCH(QString, baseUrl);
        QFETCH(QString, option);
        QFETCH(QString, needle);
        ConnectorConfig c = config(type.toStdString().c_str());
        c.baseUrl = baseUrl.toStdString();
        if (!option.isEmpty()) {
            const qsizetype eq = option.indexOf(QLatin1Char('='));
            c.options[option.left(eq).toStdString()] = option.mid(eq + 1).toStdString();
        }
        auto r = validateConnectorConfig(c);
        if (needle.isEmpty()) {
            QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
        } else {
            QVERIFY(!r.ok());
            QVERIFY2(r.error().toString().find(needle.toStdString()) != std::string::npos,
                     r.error().toString().c_str());
        }
    }

    void factory()
    {
        ConnectorConfig c = config("openai");
        c.baseUrl = "https://api.openai.com/v1/";
        auto made = makeConnector(c, "sk-admin-test");
        QVERIFY(made.ok());
        QCOMPARE(q((*made)->baseUrl()), QStringLiteral("https://api.openai.com")); // the pasted /v1 is dropped
        QCOMPARE(q((*made)->type()), QStringLiteral("openai"));
        auto noKey = makeConnector(c, "");
        QVERIFY(!noKey.ok());
        QVERIFY(noKey.error().hint.find("--key-env") != std::string::npos);
        ConnectorConfig p = config("prometheus");
        p.keyStorage = KeyStorage::None;
        p.keyEnv.clear();
        p.baseUrl = "http://prom:9090/";
        p.options["step"] = "30";
        auto prom = makeConnector(p, ""); // no key needed
        QVERIFY(prom.ok());
        QCOMPARE((*prom)->alignStart(1767225645000), int64_t(1767225630000));
        // 10,000 points of 30 s is under 4 days: less than the default week.
        QCOMPARE((*prom)->batchSpanMs(), int64_t(30'000) * 10'000);
        QCOMPARE(connectorTypes().size(), size_t(3));
    }
};

QTEST_APPLESS_MAIN(TestApiParsers)
#include "tst_apiparsers.moc"
