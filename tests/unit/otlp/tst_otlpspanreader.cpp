// SPDX-License-Identifier: GPL-3.0-or-later
// OtlpSpanReader: OTLP/JSON GenAI spans → RequestRecords. Fixtures are written here from the OTLP/JSON
// mapping and the GenAI semantic conventions (gen-ai-spans.md, anthropic.md, registry/attributes/gen-ai.md).
#include "otlp/OtlpSpanReader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace il;

namespace {

class MemorySink final : public IngestSink {
public:
    std::vector<RequestRecord> requests;
    int calls = 0;
    Result<void> addRequests(std::span<const RequestRecord> batch) override
    {
        ++calls;
        requests.insert(requests.end(), batch.begin(), batch.end());
        return {};
    }
    Result<void> addOutcomes(std::span<const OutcomeEvent>) override { return makeError("no outcomes here"); }
};

// {"key": K, "value": V} with V raw JSON such as {"intValue":"12"}.
QByteArray kv(const char* key, const char* value)
{
    return QByteArray("{\"key\":\"") + key + "\",\"value\":" + value + "}";
}

QByteArray str(const char* key, const char* s)
{
    const QByteArray value = QByteArray("{\"stringValue\":\"") + s + "\"}";
    return kv(key, value.constData());
}

QByteArray join(const QList<QByteArray>& parts)
{
    QByteArray o;
    for (const QByteArray& p : parts)
        o += (o.isEmpty() ? "" : ",") + p;
    return o;
}

// One span with the given attributes (and extra span members), under a resource with `resource` attributes.
QByteArray request(const QByteArray& spanAttrs, const QByteArray& resourceAttrs = {}, const QByteArray& extra = {})
{
    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[" + resourceAttrs
        + "]},\"scopeSpans\":[{\"scope\":{\"name\":\"t\"},\"spans\":[{\"traceId\":\"5B8EFFF798038103D269B633813FC60C\","
          "\"spanId\":\"EEE19B7EC3C1B174\",\"name\":\"chat\",\"kind\":3,"
          "\"startTimeUnixNano\":\"1780000000000000000\",\"endTimeUnixNano\":\"1780000001250000000\""
        + (extra.isEmpty() ? QByteArray() : QByteArray(",") + extra) + ",\"attributes\":[" + spanAttrs + "]}]}]}]}";
}

const QByteArray kOpenAi = join({ str("gen_ai.operation.name", "chat"), str("gen_ai.provider.name", "openai"),
                                  str("gen_ai.request.model", "gpt-4o") });

struct Parsed {
    Result<void> result;
    std::vector<RequestRecord> records;
    OtlpReadStats stats;
};

Parsed parse(const QByteArray& json, OtlpReadOptions opt = {})
{
    OtlpSpanReader reader(std::move(opt));
    Parsed p { {}, {}, {} };
    p.result = reader.parseRequest(std::string_view(json.constData(), size_t(json.size())), p.records, p.stats, "body");
    return p;
}

QString writeTemp(QTemporaryDir& dir, const char* name, const QByteArray& data)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(data);
    return path;
}

} // namespace

class TestOtlpSpanReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mapping_data();
    void mapping();
    void skipped_data();
    void skipped();
    void invalid_data();
    void invalid();
    void rejectKeepsGoodSpans();
    void providerNames();
    void attributeKeyLists();
    void jsonLinesFile();
    void prettyFileErrorLine();
    void malformedJsonLine();
    void malformedPrettyFile();
    void emptyFiles_data();
    void emptyFiles();
    void batches();
    void batchBuffersAreReusedCleanly();
    void sharedSampleWithoutGenAi();
};

void TestOtlpSpanReader::mapping_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("convention");
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("cached");
    QTest::addColumn<qint64>("cacheWrite");
    QTest::addColumn<qint64>("output");
    QTest::addColumn<qint64>("reasoning");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("feature");
    QTest::addColumn<QString>("requestId");
    QTest::addColumn<bool>("error");
    QTest::addColumn<double>("eval"); // -1: none
    QTest::addColumn<int>("cache");
    QTest::addColumn<int>("latencyMs");

    const int aut = int(OtlpInputConvention::Auto);
    const QByteArray usage = join({ kv("gen_ai.usage.input_tokens", "{\"intValue\":\"1000\"}"),
                                    kv("gen_ai.usage.output_tokens", "{\"intValue\":\"200\"}") });
    QTest::newRow("current names, intValue as string")
        << request(join({ kOpenAi, str("gen_ai.response.id", "chatcmpl-1"), usage })) << aut << 1000ll << 0ll << 0ll
        << 200ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "chatcmpl-1" << false << -1.0 << 0 << 1250;
    QTest::newRow("intValue as a bare number")
        << request(join({ kOpenAi, kv("gen_ai.usage.input_tokens", "{\"intValue\":1000}"),
                          kv("gen_ai.usage.output_tokens", "{\"intValue\":200}") }))
        << aut << 1000ll << 0ll << 0ll << 200ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("deprecated names and gen_ai.system")
        << request(join({ str("gen_ai.system", "OpenAI"), str("gen_ai.request.model", "gpt-4o"),
                          kv("gen_ai.usage.prompt_tokens", "{\"intValue\":\"70\"}"),
                          kv("gen_ai.usage.completion_tokens", "{\"intValue\":\"30\"}") }))
        << aut << 70ll << 0ll << 0ll << 30ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("current names win over deprecated ones")
        << request(
               join({ kv("gen_ai.usage.input_tokens", "{\"intValue\":\"10\"}"), kOpenAi,
                      kv("gen_ai.usage.prompt_tokens", "{\"intValue\":\"99\"}"),
                      kv("gen_ai.usage.output_tokens", "{\"intValue\":\"5\"}"), str("gen_ai.system", "anthropic") }))
        << aut << 10ll << 0ll << 0ll << 5ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("response model is kept over the request model")
        << request(join({ kOpenAi, str("gen_ai.response.model", "gpt-4o-2024-08-06"), usage })) << aut << 1000ll << 0ll
        << 0ll << 200ll << 0ll << "openai"
        << "gpt-4o-2024-08-06"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("resource attributes apply to the span")
        << request(usage,
                   join({ str("gen_ai.provider.name", "openai"), str("gen_ai.request.model", "gpt-4o-mini"),
                          str("inferledger.feature", "support-assistant"), str("service.name", "svc") }))
        << aut << 1000ll << 0ll << 0ll << 200ll << 0ll << "openai"
        << "gpt-4o-mini"
        << "support-assistant"
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("span attributes win over the same key on the resource")
        << request(join({ kOpenAi, usage, str("inferledger.feature", "from-span") }),
                   join({ str("inferledger.feature", "from-resource"), str("gen_ai.request.model", "gpt-4.1") }))
        << aut << 1000ll << 0ll << 0ll << 200ll << 0ll << "openai"
        << "gpt-4o"
        << "from-span"
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("an earlier feature key beats a later one wherever it is")
        << request(join({ kOpenAi, usage, str("app.feature", "fallback") }), str("inferledger.feature", "primary"))
        << aut << 1000ll << 0ll << 0ll << 200ll << 0ll << "openai"
        << "gpt-4o"
        << "primary"
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    const QByteArray claude
        = join({ str("gen_ai.operation.name", "chat"), str("gen_ai.provider.name", "anthropic"),
                 str("gen_ai.request.model", "claude-sonnet-4-5"),
                 str("gen_ai.response.model", "claude-sonnet-4-5-20250929"), str("gen_ai.response.id", "msg_01") });
    // anthropic.md: gen_ai.usage.input_tokens = input_tokens + cache_read_input_tokens + cache_creation_input_tokens.
    QTest::newRow("anthropic, conforming: input already includes the cache")
        << request(join({ claude, kv("gen_ai.usage.input_tokens", "{\"intValue\":\"1500\"}"),
                          kv("gen_ai.usage.cache_read.input_tokens", "{\"intValue\":\"1000\"}"),
                          kv("gen_ai.usage.cache_creation.input_tokens", "{\"intValue\":\"200\"}"),
                          kv("gen_ai.usage.output_tokens", "{\"intValue\":\"80\"}") }))
        << aut << 1500ll << 1000ll << 200ll << 80ll << 0ll << "anthropic"
        << "claude-sonnet-4-5-20250929"
        << ""
        << "msg_01" << false << -1.0 << 0 << 1250;
    QTest::newRow("anthropic, raw input smaller than its cache part: corrected")
        << request(join({ claude, kv("gen_ai.usage.input_tokens", "{\"intValue\":\"300\"}"),
                          kv("gen_ai.usage.cache_read_input_tokens", "{\"intValue\":\"1000\"}"),
                          kv("gen_ai.usage.cache_creation_input_tokens", "{\"intValue\":\"200\"}"),
                          kv("gen_ai.usage.output_tokens", "{\"intValue\":\"80\"}") }))
        << aut << 1500ll << 1000ll << 200ll << 80ll << 0ll << "anthropic"
        << "claude-sonnet-4-5-20250929"
        << ""
        << "msg_01" << false << -1.0 << 0 << 1250;
    QTest::newRow("anthropic-raw convention adds the cache even when input is larger")
        << request(join({ claude, kv("gen_ai.usage.input_tokens", "{\"intValue\":\"3000\"}"),
                          kv("gen_ai.usage.cache_read.input_tokens", "{\"intValue\":\"1000\"}"),
                          kv("gen_ai.usage.output_tokens", "{\"intValue\":\"80\"}") }))
        << int(OtlpInputConvention::AnthropicRaw) << 4000ll << 1000ll << 0ll << 80ll << 0ll << "anthropic"
        << "claude-sonnet-4-5-20250929"
        << ""
        << "msg_01" << false << -1.0 << 0 << 1250;
    QTest::newRow("anthropic-raw convention leaves other providers alone")
        << request(join({ kOpenAi, kv("gen_ai.usage.input_tokens", "{\"intValue\":\"3000\"}"),
                          kv("gen_ai.usage.cache_read.input_tokens", "{\"intValue\":\"1000\"}"),
                          kv("gen_ai.usage.output_tokens", "{\"intValue\":\"80\"}") }))
        << int(OtlpInputConvention::AnthropicRaw) << 3000ll << 1000ll << 0ll << 80ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("reasoning included in output")
        << request(join({ kOpenAi, usage, kv("gen_ai.usage.reasoning.output_tokens", "{\"intValue\":\"150\"}") }))
        << aut << 1000ll << 0ll << 0ll << 200ll << 150ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("reasoning reported apart from output: added")
        << request(join({ kOpenAi, usage, kv("gen_ai.usage.reasoning.output_tokens", "{\"intValue\":\"300\"}") }))
        << aut << 1000ll << 0ll << 0ll << 500ll << 300ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("error.type marks a failure")
        << request(join({ kOpenAi, usage, str("error.type", "timeout") })) << aut << 1000ll << 0ll << 0ll << 200ll
        << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << true << -1.0 << 0 << 1250;
    QTest::newRow("status code 2 marks a failure")
        << request(join({ kOpenAi, usage }), {}, "\"status\":{\"code\":2,\"message\":\"boom\"}") << aut << 1000ll << 0ll
        << 0ll << 200ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << true << -1.0 << 0 << 1250;
    QTest::newRow("status code by enum name")
        << request(join({ kOpenAi, usage }), {}, "\"status\":{\"code\":\"STATUS_CODE_ERROR\"}") << aut << 1000ll << 0ll
        << 0ll << 200ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << true << -1.0 << 0 << 1250;
    QTest::newRow("status ok is not an error")
        << request(join({ kOpenAi, usage }), {}, "\"status\":{\"code\":1}") << aut << 1000ll << 0ll << 0ll << 200ll
        << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("eval score and cache hit") << request(join(
        { kOpenAi, usage, kv("inferledger.eval_score", "{\"doubleValue\":0.8}"), str("inferledger.cache", "hit") }))
                                              << aut << 1000ll << 0ll << 0ll << 200ll << 0ll << "openai"
                                              << "gpt-4o"
                                              << ""
                                              << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false
                                              << 0.8 << int(CacheOutcome::Hit) << 1250;
    QTest::newRow("eval from gen_ai.evaluation.score.value, cache as boolValue")
        << request(join({ kOpenAi, usage, kv("gen_ai.evaluation.score.value", "{\"doubleValue\":\"0.25\"}"),
                          kv("inferledger.cache", "{\"boolValue\":false}") }))
        << aut << 1000ll << 0ll << 0ll << 200ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << 0.25 << int(CacheOutcome::Miss) << 1250;
    QTest::newRow("eval as intValue 1, on the resource")
        << request(join({ kOpenAi, usage }), kv("inferledger.eval_score", "{\"intValue\":\"1\"}")) << aut << 1000ll
        << 0ll << 0ll << 200ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << 1.0 << 0 << 1250;
    QTest::newRow("unknown value kinds on other keys are ignored")
        << request(
               join({ kOpenAi, usage,
                      kv("gen_ai.request.stop_sequences", "{\"arrayValue\":{\"values\":[{\"stringValue\":\"x\"}]}}"),
                      kv("some.map", "{\"kvlistValue\":{\"values\":[]}}"), kv("blob", "{\"bytesValue\":\"AAE=\"}"),
                      kv("gen_ai.request.temperature", "{\"doubleValue\":0.2}"), kv("flag", "{\"boolValue\":true}") }))
        << aut << 1000ll << 0ll << 0ll << 200ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("provider names follow the catalogue")
        << request(join({ str("gen_ai.provider.name", "aws.bedrock"),
                          str("gen_ai.request.model", "anthropic.claude-3-5-haiku-20241022-v1:0"), usage }))
        << aut << 1000ll << 0ll << 0ll << 200ll << 0ll << "bedrock"
        << "anthropic.claude-3-5-haiku-20241022-v1:0"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("missing provider and model are named unknown")
        << request(usage) << aut << 1000ll << 0ll << 0ll << 200ll << 0ll << "unknown"
        << "unknown"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("proto field names (snake_case) and bare-number times")
        << QByteArray("{\"resource_spans\":[{\"resource\":{\"attributes\":[]},\"scope_spans\":[{\"spans\":[{"
                      "\"trace_id\":\"AB\",\"span_id\":\"CD\",\"kind\":\"SPAN_KIND_CLIENT\","
                      "\"start_time_unix_nano\":1780000000000000000,\"end_time_unix_nano\":1780000000400000000,"
                      "\"attributes\":[{\"key\":\"gen_ai.provider.name\",\"value\":{\"string_value\":\"openai\"}},"
                      "{\"key\":\"gen_ai.request.model\",\"value\":{\"string_value\":\"gpt-4o\"}},"
                      "{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"int_value\":\"9\"}},"
                      "{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"int_value\":1}}]}]}]}]}")
        << aut << 9ll << 0ll << 0ll << 1ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:ab-cd" << false << -1.0 << 0 << 400;
    QTest::newRow("end before start: latency unknown")
        << request(join({ kOpenAi, usage }), {}, "\"endTimeUnixNano\":\"1\"")
               .replace(",\"endTimeUnixNano\":\"1780000001250000000\"", "")
        << aut << 1000ll << 0ll << 0ll << 200ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << -1;
    QTest::newRow("an in-process agent span is counted on request")
        << request(join({ str("gen_ai.operation.name", "invoke_agent"), str("gen_ai.provider.name", "openai"),
                          str("gen_ai.request.model", "gpt-4o"), usage }))
               .replace("\"kind\":3", "\"kind\":1")
        << -1 << 1000ll << 0ll << 0ll << 200ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
    QTest::newRow("a remote (CLIENT) agent invocation is counted")
        << request(join({ str("gen_ai.operation.name", "invoke_agent"), str("gen_ai.provider.name", "openai"),
                          str("gen_ai.request.model", "gpt-4o"), usage }))
        << aut << 1000ll << 0ll << 0ll << 200ll << 0ll << "openai"
        << "gpt-4o"
        << ""
        << "otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174" << false << -1.0 << 0 << 1250;
}

void TestOtlpSpanReader::mapping()
{
    QFETCH(QByteArray, json);
    QFETCH(int, convention);
    OtlpReadOptions opt;
    if (convention < 0)
        opt.countInProcessAgentSpans = true;
    else
        opt.inputConvention = OtlpInputConvention(convention);
    Parsed p = parse(json, opt);
    QVERIFY2(p.result.ok(), p.result.ok() ? "" : p.result.error().toString().c_str());
    QCOMPARE(p.records.size(), size_t(1));
    QCOMPARE(p.stats.spans, 1);
    QCOMPARE(p.stats.records, 1);
    const RequestRecord& r = p.records.front();
    QCOMPARE(r.timestampMs, 1'780'000'000'000ll);
    QTEST(qint64(r.inputTokens), "input");
    QTEST(qint64(r.cachedInputTokens), "cached");
    QTEST(qint64(r.cacheWriteTokens), "cacheWrite");
    QCOMPARE(r.cacheWrite1hTokens, 0);
    QTEST(qint64(r.outputTokens), "output");
    QTEST(qint64(r.reasoningTokens), "reasoning");
    QTEST(QString::fromStdString(r.provider), "provider");
    QTEST(QString::fromStdString(r.model), "model");
    QTEST(QString::fromStdString(r.feature), "feature");
    QTEST(QString::fromStdString(r.requestId), "requestId");
    QTEST(r.error, "error");
    QFETCH(double, eval);
    if (eval < 0)
        QVERIFY(std::isnan(r.evalScore));
    else
        QCOMPARE(r.evalScore, eval);
    QTEST(int(r.cache), "cache");
    QTEST(int(r.latencyMs), "latencyMs");
    QVERIFY(!r.reportedCostNanos); // spans carry no provider-reported cost: the catalogue prices them
}

void TestOtlpSpanReader::skipped_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<qint64>("noUsage");
    QTest::addColumn<qint64>("aggregate");
    const QByteArray usage = join({ kv("gen_ai.usage.input_tokens", "{\"intValue\":\"10\"}"),
                                    kv("gen_ai.usage.output_tokens", "{\"intValue\":\"2\"}") });
    QTest::newRow("HTTP span") << request(str("http.request.method", "GET")) << 1ll << 0ll;
    QTest::newRow("GenAI span without usage (a tool call)")
        << request(join({ str("gen_ai.operation.name", "execute_tool"), str("gen_ai.tool.name", "search") })) << 1ll
        << 0ll;
    QTest::newRow("usage only on the resource is not a span's usage")
        << request(str("gen_ai.operation.name", "chat"), usage) << 1ll << 0ll;
    QTest::newRow("in-process invoke_agent repeats its children's usage")
        << request(join({ str("gen_ai.operation.name", "invoke_agent"), usage })).replace("\"kind\":3", "\"kind\":1")
        << 0ll << 1ll;
    QTest::newRow("invoke_workflow without a kind")
        << request(join({ str("gen_ai.operation.name", "invoke_workflow"), usage })).replace("\"kind\":3,", "") << 0ll
        << 1ll;
    QTest::newRow("junk times on a span that is skipped anyway")
        << request(str("http.route", "/x")).replace("\"1780000000000000000\"", "\"soon\"") << 1ll << 0ll;
    QTest::newRow("no attributes at all")
        << QByteArray("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"a\",\"spanId\":\"b\"}]}]}]}")
        << 1ll << 0ll;
}

void TestOtlpSpanReader::skipped()
{
    QFETCH(QByteArray, json);
    Parsed p = parse(json);
    QVERIFY2(p.result.ok(), p.result.ok() ? "" : p.result.error().toString().c_str());
    QVERIFY(p.records.empty());
    QCOMPARE(p.stats.spans, 1);
    QTEST(qint64(p.stats.skippedNoUsage), "noUsage");
    QTEST(qint64(p.stats.skippedAggregate), "aggregate");
    QCOMPARE(p.stats.toReadStats().skipped, 1);
}

void TestOtlpSpanReader::invalid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("convention");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("path");
    const int aut = int(OtlpInputConvention::Auto);
    const QByteArray out = kv("gen_ai.usage.output_tokens", "{\"intValue\":\"2\"}");
    QTest::newRow("intValue not a number")
        << request(join({ kOpenAi, kv("gen_ai.usage.input_tokens", "{\"intValue\":\"12abc\"}"), out })) << aut
        << "gen_ai.usage.input_tokens"
        << "not a whole number"
        << "resourceSpans[0].scopeSpans[0].spans[0].attributes[3].value";
    QTest::newRow("negative tokens") << request(
        join({ kOpenAi, kv("gen_ai.usage.input_tokens", "{\"intValue\":-5}"), out }))
                                     << aut << "gen_ai.usage.input_tokens"
                                     << "cannot be negative"
                                     << "spans[0].attributes[3].value";
    QTest::newRow("tokens as a string value that is not a number")
        << request(join({ kOpenAi, str("gen_ai.usage.output_tokens", "many") })) << aut << "gen_ai.usage.output_tokens"
        << "whole number of tokens"
        << "attributes[3]";
    QTest::newRow("model is not a string")
        << request(join({ kv("gen_ai.request.model", "{\"intValue\":\"4\"}"), out })) << aut << "gen_ai.request.model"
        << "expected a string"
        << "attributes[0]";
    QTest::newRow("eval score out of range")
        << request(join({ kOpenAi, out, kv("inferledger.eval_score", "{\"doubleValue\":7.5}") })) << aut
        << "inferledger.eval_score"
        << "between 0 and 1"
        << "attributes[4]";
    QTest::newRow("cache outcome unknown")
        << request(join({ kOpenAi, out, str("inferledger.cache", "maybe") })) << aut << "inferledger.cache"
        << "\"hit\", \"miss\" or \"none\""
        << "attributes[4]";
    QTest::newRow("bad resource attribute")
        << request(join({ kOpenAi, out }), kv("inferledger.eval_score", "{\"stringValue\":\"good\"}")) << aut
        << "inferledger.eval_score"
        << "between 0 and 1"
        << "resourceSpans[0].resource.attributes[0].value";
    QTest::newRow("usage without a start time")
        << request(join({ kOpenAi, out })).replace("\"startTimeUnixNano\":\"1780000000000000000\",", "") << aut
        << "startTimeUnixNano"
        << "needs its start time"
        << "scopeSpans[0].spans[0]";
    QTest::newRow("start time in milliseconds")
        << request(join({ kOpenAi, out })).replace("\"1780000000000000000\"", "\"1780000000000\"") << aut
        << "startTimeUnixNano"
        << "outside 2000"
        << "spans[0]";
    QTest::newRow("start time not a number")
        << request(join({ kOpenAi, out })).replace("\"1780000000000000000\"", "\"yesterday\"") << aut
        << "startTimeUnixNano"
        << "Unix nanoseconds"
        << "spans[0]";
    QTest::newRow("total convention: cache larger than input")
        << request(join({ kOpenAi, kv("gen_ai.usage.input_tokens", "{\"intValue\":\"10\"}"),
                          kv("gen_ai.usage.cache_read.input_tokens", "{\"intValue\":\"20\"}"), out }))
        << int(OtlpInputConvention::Total) << "gen_ai.usage.input_tokens"
        << "exceed input_tokens"
        << "spans[0]";
    QTest::newRow("attribute value not an AnyValue")
        << request(join({ kOpenAi, kv("gen_ai.usage.input_tokens", "12"), out })) << aut << "gen_ai.usage.input_tokens"
        << "AnyValue"
        << "attributes[3]";
    QTest::newRow("resourceSpans not an array") << QByteArray("{\"resourceSpans\":{}}") << aut << ""
                                                << "must be an array"
                                                << "resourceSpans";
    QTest::newRow("root not an object") << QByteArray("[1,2]") << aut << ""
                                        << "JSON object"
                                        << "";
}

void TestOtlpSpanReader::invalid()
{
    QFETCH(QByteArray, json);
    QFETCH(int, convention);
    OtlpReadOptions opt;
    opt.inputConvention = OtlpInputConvention(convention);
    Parsed p = parse(json, opt);
    QVERIFY(!p.result.ok());
    const Error& e = p.result.error();
    QTEST(QString::fromStdString(e.field), "field");
    QFETCH(QString, message);
    QVERIFY2(QString::fromStdString(e.message).contains(message), e.toString().c_str());
    QFETCH(QString, path);
    QVERIFY2(QString::fromStdString(e.message).contains(path), e.toString().c_str());
    QCOMPARE(e.source, std::string("body"));
    QCOMPARE(e.line, 1ll); // every fixture is one line
    QVERIFY(e.column >= 1);
    if (!path.isEmpty() && path.contains(QLatin1String(".value"))) {
        // The column points at the offending value in the text.
        QCOMPARE(json.mid(e.column - 1, 1), QByteArray("{"));
    }
}

void TestOtlpSpanReader::rejectKeepsGoodSpans()
{
    const QByteArray good = join({ kOpenAi, kv("gen_ai.usage.input_tokens", "{\"intValue\":\"10\"}"),
                                   kv("gen_ai.usage.output_tokens", "{\"intValue\":\"2\"}") });
    const QByteArray bad = join({ kOpenAi, kv("gen_ai.usage.input_tokens", "{\"intValue\":\"x\"}") });
    QByteArray json = request(good);
    const QByteArray badSpan = request(bad);
    // Two spans in one scope: the bad one first.
    const int at = int(json.indexOf("{\"traceId\""));
    const QByteArray badObject
        = badSpan.mid(badSpan.indexOf("{\"traceId\""), badSpan.lastIndexOf("]}]}]}") - badSpan.indexOf("{\"traceId\""));
    json.insert(at, QByteArray(badObject + ","));
    OtlpReadOptions opt;
    opt.rejectInvalidSpans = true;
    Parsed p = parse(json, opt);
    QVERIFY2(p.result.ok(), p.result.ok() ? "" : p.result.error().toString().c_str());
    QCOMPARE(p.stats.spans, 2);
    QCOMPARE(p.stats.rejected, 1);
    QCOMPARE(p.records.size(), size_t(1));
    QVERIFY(QString::fromStdString(p.stats.firstRejection).contains(QLatin1String("spans[0].attributes[3]")));
    // Strict (file) mode stops at the same span.
    QVERIFY(!parse(json).result.ok());
    // A bad resource attribute rejects every span under it.
    Parsed q = parse(request(good, kv("inferledger.cache", "{\"intValue\":\"3\"}")), opt);
    QVERIFY(q.result.ok());
    QCOMPARE(q.stats.rejected, 1);
    QCOMPARE(q.stats.spans, 1);
    QVERIFY(q.records.empty());
}

void TestOtlpSpanReader::providerNames()
{
    QCOMPARE(otlpProviderName("openai"), std::string("openai"));
    QCOMPARE(otlpProviderName("Anthropic"), std::string("anthropic"));
    QCOMPARE(otlpProviderName("azure.ai.openai"), std::string("azure"));
    QCOMPARE(otlpProviderName("aws.bedrock"), std::string("bedrock"));
    QCOMPARE(otlpProviderName("gcp.vertex_ai"), std::string("gcp.vertex_ai")); // the store folds gcp.* into google
    QCOMPARE(otlpProviderName("x_ai"), std::string("xai"));
    QCOMPARE(otlpProviderName("mistral_ai"), std::string("mistral"));
}

void TestOtlpSpanReader::attributeKeyLists()
{
    QCOMPARE(OtlpAttributeKeys::parseList(" a.b , c ,,d "), (std::vector<std::string> { "a.b", "c", "d" }));
    QVERIFY(OtlpAttributeKeys::parseList("").empty());
    // A configured key replaces the defaults: the service name becomes the feature.
    OtlpReadOptions opt;
    opt.keys.feature = { "team.feature", "service.name" };
    opt.keys.cache = { "app.cache_hit" };
    const QByteArray usage = join({ kOpenAi, kv("gen_ai.usage.input_tokens", "{\"intValue\":\"10\"}"),
                                    kv("gen_ai.usage.output_tokens", "{\"intValue\":\"2\"}"),
                                    str("inferledger.feature", "ignored"), kv("app.cache_hit", "{\"boolValue\":true}"),
                                    str("inferledger.cache", "not-a-cache-value-but-not-configured") });
    Parsed p = parse(request(usage, str("service.name", "checkout")), opt);
    QVERIFY2(p.result.ok(), p.result.ok() ? "" : p.result.error().toString().c_str());
    QCOMPARE(p.records.at(0).feature, std::string("checkout"));
    QCOMPARE(p.records.at(0).cache, CacheOutcome::Hit);
    QCOMPARE(parseOtlpInputConvention("anthropic-raw"), std::optional(OtlpInputConvention::AnthropicRaw));
    QCOMPARE(parseOtlpInputConvention(""), std::optional(OtlpInputConvention::Auto));
    QVERIFY(!parseOtlpInputConvention("sometimes"));
}

void TestOtlpSpanReader::jsonLinesFile()
{
    QTemporaryDir dir;
    const QByteArray usage = join({ kOpenAi, kv("gen_ai.usage.input_tokens", "{\"intValue\":\"10\"}"),
                                    kv("gen_ai.usage.output_tokens", "{\"intValue\":\"2\"}") });
    QByteArray second = request(usage);
    second.replace("EEE19B7EC3C1B174", "EEE19B7EC3C1B175");
    const QByteArray file = request(usage) + "\n\n" + "{\"resourceMetrics\":[]}\r\n" + second + "\n"
        + request(str("http.route", "/x")).replace("EEE19B7EC3C1B174", "0000000000000001") + "\n";
    const QString path = writeTemp(dir, "traces.jsonl", file);
    MemorySink sink;
    OtlpSpanReader reader;
    auto r = reader.readFile(path.toStdString(), sink);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
    QCOMPARE(r->spans, 3);
    QCOMPARE(r->records, 2);
    QCOMPARE(r->skippedNoUsage, 1);
    QCOMPARE(sink.requests.size(), size_t(2));
    QCOMPARE(sink.requests[1].requestId, std::string("otlp:5b8efff798038103d269b633813fc60c-eee19b7ec3c1b175"));
    auto rs = readOtlpFile(path.toStdString(), sink);
    QVERIFY(rs.ok());
    QCOMPARE(rs->rows, 2);
    QCOMPARE(rs->skipped, 1);
}

void TestOtlpSpanReader::prettyFileErrorLine()
{
    QTemporaryDir dir;
    // One export object spread over lines, as `jq .` writes it; the bad value is on line 14.
    const QByteArray file
        = "{\n"
          "  \"resourceSpans\": [\n"
          "    {\n"
          "      \"scopeSpans\": [\n"
          "        {\n"
          "          \"spans\": [\n"
          "            {\n"
          "              \"traceId\": \"01\", \"spanId\": \"02\",\n"
          "              \"startTimeUnixNano\": \"1780000000000000000\",\n"
          "              \"attributes\": [\n"
          "                {\"key\": \"gen_ai.provider.name\", \"value\": {\"stringValue\": \"openai\"}},\n"
          "                {\"key\": \"gen_ai.usage.output_tokens\", \"value\": {\"intValue\": \"3\"}},\n"
          "                {\"key\": \"gen_ai.usage.input_tokens\",\n"
          "                 \"value\": {\"intValue\": \"1e3x\"}}\n"
          "              ]\n"
          "            }\n"
          "          ]\n"
          "        }\n"
          "      ]\n"
          "    }\n"
          "  ]\n"
          "}\n";
    const QString path = writeTemp(dir, "pretty.json", file);
    MemorySink sink;
    OtlpSpanReader reader;
    auto r = reader.readFile(path.toStdString(), sink);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().line, 14ll);
    QCOMPARE(r.error().column, 27);
    QCOMPARE(r.error().field, std::string("gen_ai.usage.input_tokens"));
    QVERIFY(QString::fromStdString(r.error().toString()).startsWith(path + QStringLiteral(":14:27: ")));
    // Fixed, the same layout imports.
    QByteArray fixed = file;
    fixed.replace("1e3x", "1000");
    writeTemp(dir, "pretty.json", fixed);
    auto ok = reader.readFile(path.toStdString(), sink);
    QVERIFY2(ok.ok(), ok.ok() ? "" : ok.error().toString().c_str());
    QCOMPARE(sink.requests.back().inputTokens, 1000);
}

void TestOtlpSpanReader::malformedJsonLine()
{
    QTemporaryDir dir;
    const QByteArray usage = join({ kOpenAi, kv("gen_ai.usage.input_tokens", "{\"intValue\":\"10\"}"),
                                    kv("gen_ai.usage.output_tokens", "{\"intValue\":\"2\"}") });
    const QByteArray file = request(usage) + "\n" + request(usage) + "\n{\"resourceSpans\":[{\"scopeSpans\": [}]}\n";
    const QString path = writeTemp(dir, "bad.jsonl", file);
    MemorySink sink;
    OtlpSpanReader reader;
    auto r = reader.readFile(path.toStdString(), sink);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().line, 3ll);
    QCOMPARE(r.error().column, 35); // the '}' that cannot start a value
    QVERIFY(QString::fromStdString(r.error().message).contains(QLatin1String("not valid JSON")));
    QVERIFY(QString::fromStdString(r.error().hint).contains(QLatin1String("nothing was imported")));
}

void TestOtlpSpanReader::malformedPrettyFile()
{
    QTemporaryDir dir;
    const QString path = writeTemp(dir, "bad.json", "{\n  \"resourceSpans\": [\n    {\"scopeSpans\": []},,\n  ]\n}\n");
    MemorySink sink;
    OtlpSpanReader reader;
    auto r = reader.readFile(path.toStdString(), sink);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().line, 3ll);
    QCOMPARE(r.error().column, 24);
}

void TestOtlpSpanReader::emptyFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray() << "the file is empty";
    QTest::newRow("blank lines") << QByteArray("\n  \n\r\n") << "the file is empty";
    QTest::newRow("no spans") << QByteArray("{\"resourceSpans\":[]}\n") << "no trace spans";
    QTest::newRow("metrics only") << QByteArray("{\"resourceMetrics\":[{}]}\n") << "no trace spans";
}

void TestOtlpSpanReader::emptyFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = writeTemp(dir, "e.json", content);
    MemorySink sink;
    auto r = readOtlpFile(path.toStdString(), sink);
    QVERIFY(!r.ok());
    QVERIFY2(QString::fromStdString(r.error().message).contains(message), r.error().toString().c_str());
    QCOMPARE(r.error().source, path.toStdString());
    QCOMPARE(sink.calls, 0);
}

void TestOtlpSpanReader::batches()
{
    QTemporaryDir dir;
    QByteArray file;
    for (int i = 0; i < 5; ++i) {
        QByteArray one = request(join({ kOpenAi, kv("gen_ai.usage.input_tokens", "{\"intValue\":\"10\"}"),
                                        kv("gen_ai.usage.output_tokens", "{\"intValue\":\"2\"}") }));
        one.replace("EEE19B7EC3C1B174", QByteArray::number(i));
        file += one + "\n";
    }
    const QString path = writeTemp(dir, "five.jsonl", file);
    MemorySink sink;
    OtlpReadOptions opt;
    // JSON Lines are parsed in blocks of whole lines: blocks of two lines (the lines are all as long) → 2, 2, 1.
    opt.blockBytes = size_t(file.indexOf('\n') + 1) * 2 + 1;
    uint64_t lastDone = 0, lastTotal = 0;
    opt.progress = [&](uint64_t done, uint64_t total) {
        lastDone = done;
        lastTotal = total;
    };
    auto r = readOtlpFile(path.toStdString(), sink, opt);
    QVERIFY(r.ok());
    QCOMPARE(sink.requests.size(), size_t(5));
    QCOMPARE(sink.calls, 3);
    QCOMPARE(lastDone, uint64_t(file.size()));
    QCOMPARE(lastTotal, uint64_t(file.size()));
    // Cancelled after the first batch: the read stops with an error.
    std::atomic<bool> cancel { true };
    opt.cancel = &cancel;
    MemorySink other;
    auto c = readOtlpFile(path.toStdString(), other, opt);
    QVERIFY(!c.ok());
    QVERIFY(QString::fromStdString(c.error().message).contains(QLatin1String("cancelled")));
}

void TestOtlpSpanReader::batchBuffersAreReusedCleanly()
{
    // A file import reuses the string buffers of batches the store is done with: a span without a feature,
    // id or tier must not inherit the previous occupant's. Small batches (reuse on every line) must give
    // exactly what one big batch (no reuse) gives.
    QTemporaryDir dir;
    QByteArray file;
    for (int i = 0; i < 40; ++i) {
        const bool full = i % 3 == 0;
        QList<QByteArray> attrs { str("gen_ai.operation.name", "chat"),
                                  str("gen_ai.provider.name", i % 2 ? "anthropic" : "openai"),
                                  str("gen_ai.request.model", full ? "a-rather-long-model-name-2025-01-01" : "m"),
                                  kv("gen_ai.usage.input_tokens", "{\"intValue\":\"10\"}"),
                                  kv("gen_ai.usage.output_tokens", "{\"intValue\":\"2\"}") };
        if (full) {
            attrs << str("inferledger.feature", "a-feature-name-longer-than-sso")
                  << str("gen_ai.response.id", "chatcmpl-a-response-id-longer-than-sso")
                  << str("openai.response.service_tier", "priority-with-a-long-name");
        }
        QByteArray one = request(join(attrs));
        one.replace("EEE19B7EC3C1B174", QByteArray::number(1000 + i));
        file += one + "\n";
    }
    const QString path = writeTemp(dir, "reuse.jsonl", file);
    auto read = [&](size_t blockBytes) {
        MemorySink sink;
        OtlpReadOptions opt;
        opt.blockBytes = blockBytes; // small: about a line per block, each reusing the last block's buffers
        opt.parserThreads = 1;
        auto r = readOtlpFile(path.toStdString(), sink, opt);
        return r.ok() ? sink.requests : std::vector<RequestRecord> {};
    };
    const std::vector<RequestRecord> small = read(64), whole = read(size_t(1) << 20);
    QCOMPARE(small.size(), size_t(40));
    QCOMPARE(whole.size(), size_t(40));
    for (size_t i = 0; i < small.size(); ++i) {
        const RequestRecord &a = small[i], &b = whole[i];
        QCOMPARE(a.requestId, b.requestId);
        QCOMPARE(a.feature, b.feature);
        QCOMPARE(a.provider, b.provider);
        QCOMPARE(a.model, b.model);
        QCOMPARE(a.serviceTier, b.serviceTier);
        QCOMPARE(a.inputTokens, b.inputTokens);
        QCOMPARE(a.timestampMs, b.timestampMs);
        if (i % 3 != 0) {
            QVERIFY(a.feature.empty());
            QVERIFY(a.serviceTier.empty());
            QCOMPARE(a.model, std::string("m"));
            QCOMPARE(a.requestId, "otlp:5b8efff798038103d269b633813fc60c-" + std::to_string(1000 + i));
        } else {
            QCOMPARE(a.feature, std::string("a-feature-name-longer-than-sso"));
        }
        QCOMPARE(a.provider, std::string(i % 2 ? "anthropic" : "openai"));
    }
}

void TestOtlpSpanReader::sharedSampleWithoutGenAi()
{
    // The official OTLP example (a server span, no GenAI attributes) as in opentelemetry-proto's examples/,
    // written out here: one span, skipped and counted.
    const QByteArray json
        = R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
      "scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0","attributes":[{"key":"my.scope.attribute","value":{"stringValue":"x"}}]},
      "spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173",
      "name":"I'm a server span","startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","kind":2,
      "attributes":[{"key":"my.span.attr","value":{"stringValue":"some value"}}]}]}]}]})";
    Parsed p = parse(json);
    QVERIFY(p.result.ok());
    QCOMPARE(p.stats.spans, 1);
    QCOMPARE(p.stats.skippedNoUsage, 1);
}

QTEST_APPLESS_MAIN(TestOtlpSpanReader)
#include "tst_otlpspanreader.moc"
