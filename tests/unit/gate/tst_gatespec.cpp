// SPDX-License-Identifier: GPL-3.0-or-later
// Spec files: every invalid spec is refused with the JSON path of the field (and line:column for syntax),
// decimals are read exactly from their text, and the normalised spec reads back to the same spec.
#include "GateTestCatalogue.h"

#include "analytics/GateEvaluation.h"

#include <QTest>

using namespace il;
using nlohmann::json;

class TestGateSpec final : public QObject {
    Q_OBJECT

private slots:
    void invalid_data()
    {
        QTest::addColumn<QByteArray>("patch"); // merge patch on the valid example ("" = use `text` as the file)
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message"); // a part of the message

        QTest::newRow("not JSON") << QByteArray() << QByteArray("{\n  \"feature\": \"x\",\n  \"unit\" \"y\"\n}")
                                  << QString() << QStringLiteral("not valid JSON");
        QTest::newRow("not an object") << QByteArray() << QByteArray("[1, 2]") << QString()
                                       << QStringLiteral("must be a JSON object");
        QTest::newRow("missing feature") << QByteArray(R"({"feature": null})") << QByteArray() << "feature"
                                         << QStringLiteral("is missing");
        QTest::newRow("empty unit") << QByteArray(R"({"unit": "  "})") << QByteArray() << "unit"
                                    << QStringLiteral("must not be empty");
        QTest::newRow("typo in a key") << QByteArray(R"({"units_per_mont": 5})") << QByteArray() << "units_per_mont"
                                       << QStringLiteral("unknown field");
        QTest::newRow("zero units") << QByteArray(R"({"units_per_month": 0})") << QByteArray() << "units_per_month"
                                    << QStringLiteral("from 1 to 10^12");
        QTest::newRow("fractional units") << QByteArray(R"({"units_per_month": 1.5})") << QByteArray()
                                          << "units_per_month" << QStringLiteral("whole number");
        QTest::newRow("units as text") << QByteArray(R"({"units_per_month": "many"})") << QByteArray()
                                       << "units_per_month" << QStringLiteral("not a number");
        QTest::newRow("growth -100%") << QByteArray(R"({"monthly_growth": -1})") << QByteArray() << "monthly_growth"
                                      << QStringLiteral("above -1");
        QTest::newRow("requests not a number") << QByteArray(R"({"requests_per_unit": "abc"})") << QByteArray()
                                               << "requests_per_unit" << QStringLiteral("not a number");
        QTest::newRow("requests zero") << QByteArray(R"({"requests_per_unit": 0})") << QByteArray()
                                       << "requests_per_unit" << QStringLiteral("more than 0");
        QTest::newRow("requests boolean") << QByteArray(R"({"requests_per_unit": true})") << QByteArray()
                                          << "requests_per_unit" << QStringLiteral("must be a number");
        QTest::newRow("p95 below p50") << QByteArray(R"({"input_tokens": {"p50": 1800, "p95": 1200}})") << QByteArray()
                                       << "input_tokens.p95" << QStringLiteral("is below p50");
        QTest::newRow("p50 missing") << QByteArray(R"({"output_tokens": {"p50": null}})") << QByteArray()
                                     << "output_tokens.p50" << QStringLiteral("is missing");
        QTest::newRow("tokens not an object") << QByteArray(R"({"input_tokens": 1800})") << QByteArray()
                                              << "input_tokens" << QStringLiteral("must be an object");
        QTest::newRow("negative tokens") << QByteArray(R"({"output_tokens": {"p50": -1}})") << QByteArray()
                                         << "output_tokens.p50" << QStringLiteral("from 0 to");
        QTest::newRow("typo in tokens") << QByteArray(R"({"input_tokens": {"p90": 5}})") << QByteArray()
                                        << "input_tokens.p90" << QStringLiteral("unknown field");
        QTest::newRow("share over 1") << QByteArray(R"({"cached_input_share": 1.2})") << QByteArray()
                                      << "cached_input_share" << QStringLiteral("from 0 to 1");
        QTest::newRow("ten decimals") << QByteArray(R"({"retry_rate": "0.0000000001"})") << QByteArray() << "retry_rate"
                                      << QStringLiteral("more than 9 decimal places");
        QTest::newRow("negative retries")
            << QByteArray(R"({"retry_rate": -0.1})") << QByteArray() << "retry_rate" << QStringLiteral("from 0 to 10");
        QTest::newRow("no candidates") << QByteArray(R"({"candidates": []})") << QByteArray() << "candidates"
                                       << QStringLiteral("non-empty array");
        QTest::newRow("candidate without model")
            << QByteArray(
                   R"({"candidates": [{"provider": "openai", "model": "gpt-4o-mini"}, {"provider": "anthropic"}]})")
            << QByteArray() << "candidates[1].model" << QStringLiteral("is missing");
        QTest::newRow("batch not a boolean")
            << QByteArray(R"({"candidates": [{"provider": "openai", "model": "gpt-4o-mini", "batch": "yes"}]})")
            << QByteArray() << "candidates[0].batch" << QStringLiteral("true or false");
        QTest::newRow("duplicate candidate") << QByteArray(
            R"({"candidates": [{"provider": "openai", "model": "gpt-4o-mini"}, {"provider": "OpenAI", "model": "GPT-4o-mini"}]})")
                                             << QByteArray() << "candidates[1]"
                                             << QStringLiteral("repeats an earlier candidate");
        QTest::newRow("typo in a candidate")
            << QByteArray(R"({"candidates": [{"provider": "openai", "modle": "gpt-4o-mini"}]})") << QByteArray()
            << "candidates[0].modle" << QStringLiteral("unknown field");
        QTest::newRow("no maximum") << QByteArray(R"({"thresholds": {"max_cost_per_unit": null}})") << QByteArray()
                                    << "thresholds.max_cost_per_unit" << QStringLiteral("is missing");
        QTest::newRow("zero maximum") << QByteArray(R"({"thresholds": {"max_cost_per_unit": "0"}})") << QByteArray()
                                      << "thresholds.max_cost_per_unit" << QStringLiteral("positive amount");
        QTest::newRow("accuracy over 1") << QByteArray(R"({"thresholds": {"min_accuracy": 2}})") << QByteArray()
                                         << "thresholds.min_accuracy" << QStringLiteral("from 0 to 1");
        QTest::newRow("latency fractional")
            << QByteArray(R"({"thresholds": {"max_p95_latency_ms": 2.5}})") << QByteArray()
            << "thresholds.max_p95_latency_ms" << QStringLiteral("whole number");
        QTest::newRow("bad date") << QByteArray(R"({"evaluation_date": "2026-13-01"})") << QByteArray()
                                  << "evaluation_date" << QStringLiteral("not a date");
        QTest::newRow("bad currency") << QByteArray(R"({"currency": "dollars"})") << QByteArray() << "currency"
                                      << QStringLiteral("ISO 4217");
    }

    void invalid()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QByteArray, text);
        QFETCH(QString, field);
        QFETCH(QString, message);
        std::string file;
        if (!patch.isEmpty()) {
            json j = gatetest::exampleSpec();
            j.merge_patch(json::parse(patch.constData()));
            file = j.dump(2);
        } else {
            file = text.toStdString();
        }
        auto r = parseGateSpec(file, "spec.json");
        QVERIFY2(!r, "the spec was accepted");
        const Error& e = r.error();
        QCOMPARE(QString::fromStdString(e.field), field);
        QVERIFY2(e.message.find(message.toStdString()) != std::string::npos, e.toString().c_str());
        QCOMPARE(e.source, std::string("spec.json"));
        QVERIFY2(!e.hint.empty(), e.toString().c_str());
        // The printed form names the field so the person can find it.
        if (!field.isEmpty())
            QVERIFY(e.toString().find("field '" + field.toStdString() + "'") != std::string::npos);
    }

    void syntaxErrorHasLineAndColumn()
    {
        auto r = parseGateSpec("{\n  \"feature\": \"x\",\n  \"unit\" \"y\"\n}", "spec.json");
        QVERIFY(!r);
        QCOMPARE(r.error().line, 3LL);
        QVERIFY(r.error().column > 1);
        QVERIFY(r.error().toString().rfind("spec.json:3:", 0) == 0);
    }

    void typoSuggestsTheField()
    {
        json j = gatetest::exampleSpec();
        j["units_per_mont"] = 5;
        auto r = gateSpecFromJson(j, "x");
        QVERIFY(!r);
        QVERIFY2(r.error().hint.find("units_per_month") != std::string::npos, r.error().hint.c_str());
    }

    void decimalsAreExact_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("scaled");
        QTest::newRow("0.4") << "0.4" << qint64(400'000'000);
        QTest::newRow("0.1 (no binary 0.1000000000000000055)") << "0.1" << qint64(100'000'000);
        QTest::newRow("1.3") << "1.3" << qint64(1'300'000'000);
        QTest::newRow("E-notation") << "5e-2" << qint64(50'000'000);
        QTest::newRow("nine decimals") << "0.123456789" << qint64(123'456'789);
        QTest::newRow("trailing zeros beyond nine") << "0.1234567890000" << qint64(123'456'789);
        QTest::newRow("negative") << "-0.25" << qint64(-250'000'000);
    }

    void decimalsAreExact()
    {
        QFETCH(QString, text);
        QTEST(qint64(parseGateDecimal(text.toStdString()).value_or(-999)), "scaled");
        // Through a JSON number too: nlohmann writes a double back as its shortest round-trip text.
        const json n = json::parse(text.toStdString());
        QTEST(qint64(parseGateDecimal(n.dump()).value_or(-999)), "scaled");
    }

    void roundTrip()
    {
        const GateSpec a = gatetest::spec(gatetest::exampleSpec());
        const json normalised = gateSpecToJson(a);
        const GateSpec b = gatetest::spec(normalised);
        QCOMPARE(gateSpecToJson(b).dump(), normalised.dump());
        QCOMPARE(b.requestsPerUnit, int64_t(1'300'000'000));
        QCOMPARE(b.cachedInputShare, int64_t(400'000'000));
        QCOMPARE(b.thresholds.maxCostPerUnit, int64_t(20'000'000));
        QCOMPARE(*b.thresholds.monthlyBudget, int64_t(2000) * kGateOne);
        QCOMPARE(*b.thresholds.minAccuracy, int64_t(850'000'000));
        QCOMPARE(normalised["thresholds"]["max_cost_per_unit"].get<std::string>(), std::string("0.02"));
        QCOMPARE(normalised["schema"].get<std::string>(), std::string(kGateSpecSchema));
        // Optional fields default as documented.
        json minimal = gatetest::exampleSpec();
        minimal.erase("monthly_growth");
        minimal.erase("cached_input_share");
        minimal.erase("retry_rate");
        minimal["thresholds"] = { { "max_cost_per_unit", 0.02 } };
        const GateSpec m = gatetest::spec(minimal);
        QCOMPARE(m.monthlyGrowth, int64_t(0));
        QCOMPARE(m.cachedInputShare, int64_t(0));
        QCOMPARE(m.retryRate, int64_t(0));
        QVERIFY(!m.thresholds.monthlyBudget);
        QCOMPARE(m.thresholds.maxCostPerUnit, int64_t(20'000'000));
    }
};

QTEST_APPLESS_MAIN(TestGateSpec)
#include "tst_gatespec.moc"
