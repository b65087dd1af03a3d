// SPDX-License-Identifier: GPL-3.0-or-later
// Billing lines in a real SQLite store: idempotent ingest by natural key, constraint errors, rollback, what is
// stored, and the billing summary (groups, currencies never added together, exact sums, the JSON shape).
#include "analytics/Billing.h"
#include "domain/Time.h"
#include "ingest/Ingestor.h"
#include "pricing/PriceCatalogue.h"
#include "store/Store.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace il;

namespace {

int64_t scalar(Store& s, const std::string& sql)
{
    Statement st(s.handle(), sql);
    return st.step() ? st.int64(0) : -1;
}

std::string text(Store& s, const std::string& sql)
{
    Statement st(s.handle(), sql);
    return st.step() ? (st.isNull(0) ? std::string("<null>") : st.text(0)) : std::string("<no row>");
}

int64_t nanos(const char* d)
{
    return *parseDecimalNanos(d);
}

BillingLine line(const char* provider, const char* service, const char* feature, const char* start, const char* billed,
                 const char* effective, const char* list, const char* currency = "USD")
{
    BillingLine l;
    l.provider = provider;
    l.serviceName = service;
    l.feature = feature;
    l.chargeCategory = "Usage";
    l.pricingCategory = "Standard";
    l.chargePeriodStartMs = *parseTimestampMs(start);
    l.chargePeriodEndMs = l.chargePeriodStartMs + kMsPerHour;
    l.billingPeriodStartMs = *parseTimestampMs("2024-09-01T00:00:00Z");
    l.billingPeriodEndMs = *parseTimestampMs("2024-10-01T00:00:00Z");
    l.billedCost = nanos(billed);
    l.effectiveCost = nanos(effective);
    l.listCost = nanos(list);
    l.contractedCost = l.listCost;
    l.currency = *Currency::parse(currency);
    l.focusVersion = "1.0";
    l.naturalKey = std::string("test:") + provider + service + feature + start + billed + effective + list + currency;
    return l;
}

} // namespace

class TestBillingStore final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    PriceCatalogue m_prices;
    int m_n = 0;

    std::unique_ptr<Store> fresh()
    {
        auto s = Store::open(m_dir.filePath(QStringLiteral("b%1.db").arg(++m_n)).toStdString());
        if (!s.ok())
            qFatal("cannot open a store: %s", s.error().toString().c_str());
        return std::move(*s);
    }

    ImportStats ingest(Store& s, const std::vector<BillingLine>& lines)
    {
        Ingestor in(s, m_prices);
        if (!in.begin("test.csv", "focus").ok())
            qFatal("begin failed");
        auto r = in.addBillingLines(lines);
        if (!r.ok())
            qFatal("addBillingLines: %s", r.error().toString().c_str());
        auto c = in.commit();
        if (!c.ok())
            qFatal("commit: %s", c.error().toString().c_str());
        return *c;
    }

    std::vector<BillingLine> sample()
    {
        std::vector<BillingLine> v = {
            line("AWS", "Amazon Bedrock", "support", "2024-09-18T22:00:00Z", "12.5", "11.25", "15"),
            line("AWS", "Amazon EC2", "gpu", "2024-09-18T22:00:00Z", "0", "0.75", "1"),
            line("AWS", "Amazon EC2", "", "2024-09-19T10:00:00Z", "720", "0", "720"),
            line("Microsoft", "Azure OpenAI", "support", "2024-09-19T23:59:59Z", "0.3", "0.3", "0.3"),
            line("Google Cloud", "Vertex AI", "", "2024-09-20T00:00:00Z", "-2.5", "-2.5", "0"),
            line("Microsoft", "Azure OpenAI", "support", "2024-09-19T12:00:00Z", "100", "90", "110", "EUR"),
        };
        v[1].pricingCategory = "Committed";
        v[1].commitmentDiscountStatus = "Used";
        v[2].chargeCategory = "Purchase";
        v[3].contractedCost.reset(); // the export left ContractedCost null
        v[4].chargeCategory = "Credit";
        v[4].pricingCategory.clear();
        return v;
    }

private slots:
    void ingestIsIdempotent()
    {
        auto s = fresh();
        const auto lines = sample();
        ImportStats a = ingest(*s, lines);
        QCOMPARE(a.billingRead, int64_t(lines.size()));
        QCOMPARE(a.billingAdded, int64_t(lines.size()));
        QCOMPARE(a.billingDuplicate, 0);
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM billing_line"), int64_t(lines.size()));
        ImportStats b = ingest(*s, lines);
        QCOMPARE(b.billingAdded, 0);
        QCOMPARE(b.billingDuplicate, int64_t(lines.size()));
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM billing_line"), int64_t(lines.size()));
        QCOMPARE(scalar(*s, "SELECT SUM(billed_cost) FROM billing_line WHERE currency='USD'"),
                 nanos("12.5") + nanos("720") + nanos("0.3") - nanos("2.5"));
    }

    void whatIsStored()
    {
        auto s = fresh();
        auto lines = sample();
        lines[0].tags = "{\"feature\": \"support\"}";
        lines[0].chargeDescription = "Claude tokens";
        ingest(*s, lines);
        const std::string k0 = lines[0].naturalKey;
        const std::string where = " FROM billing_line WHERE natural_key='" + k0 + "'";
        QCOMPARE(text(*s, "SELECT provider" + where), std::string("AWS"));
        QCOMPARE(text(*s, "SELECT charge_description" + where), std::string("Claude tokens"));
        QCOMPARE(text(*s, "SELECT tags" + where), std::string("{\"feature\": \"support\"}"));
        QCOMPARE(text(*s, "SELECT charge_class" + where), std::string("<null>")); // FOCUS null stays null
        QCOMPARE(text(*s, "SELECT pricing_quantity" + where), std::string("<null>"));
        QCOMPARE(text(*s, "SELECT currency" + where), std::string("USD"));
        QCOMPARE(text(*s, "SELECT focus_version" + where), std::string("1.0"));
        QCOMPARE(scalar(*s, "SELECT effective_cost" + where), nanos("11.25"));
        QCOMPARE(text(*s,
                      "SELECT f.name FROM billing_line b JOIN feature f ON f.id = b.feature_id WHERE b.natural_key='"
                          + k0 + "'"),
                 std::string("support"));
        // No feature: unattributed, never dropped.
        QCOMPARE(text(*s,
                      "SELECT f.name FROM billing_line b JOIN feature f ON f.id = b.feature_id WHERE b.natural_key='"
                          + lines[2].naturalKey + "'"),
                 std::string(kUnattributed));
        QCOMPARE(text(*s, "SELECT contracted_cost FROM billing_line WHERE natural_key='" + lines[3].naturalKey + "'"),
                 std::string("<null>"));
    }

    void sameKeyIsADuplicateButABadLineIsAnError()
    {
        auto s = fresh();
        auto lines = sample();
        lines.resize(1);
        QCOMPARE(ingest(*s, lines).billingAdded, 1);
        // The same natural key with other content (a re-export with re-worded labels): the stored line stays.
        lines[0].chargeDescription = "reworded";
        ImportStats b = ingest(*s, lines);
        QCOMPARE(b.billingDuplicate, 1);
        QCOMPARE(text(*s, "SELECT charge_description FROM billing_line"), std::string("<null>"));
        // A line the table cannot hold is an error naming the column, never counted as a duplicate.
        lines[0].naturalKey = "f1:new";
        lines[0].chargeCategory.clear();
        Ingestor in(*s, m_prices);
        QVERIFY(in.begin("t.csv", "focus").ok());
        auto r = in.addBillingLines(lines);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().toString().find("charge_category") != std::string::npos, r.error().toString().c_str());
        in.rollback(r.error().message);
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM billing_line"), 1);
    }

    void lineWithoutKeyGetsItsContentDigest()
    {
        auto s = fresh();
        auto lines = sample();
        lines.resize(2);
        for (auto& l : lines)
            l.naturalKey.clear();
        QCOMPARE(ingest(*s, lines).billingAdded, 2);
        QCOMPARE(ingest(*s, lines).billingDuplicate, 2);
        QVERIFY(text(*s, "SELECT natural_key FROM billing_line LIMIT 1").rfind("f1:", 0) == 0);
    }

    void rollbackLeavesNothing()
    {
        auto s = fresh();
        {
            Ingestor in(*s, m_prices);
            QVERIFY(in.begin("bad.csv", "focus").ok());
            QVERIFY(in.addBillingLines(sample()).ok());
            in.rollback("a later row was bad");
        }
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM billing_line"), 0);
        QCOMPARE(scalar(*s, "SELECT COUNT(*) FROM feature WHERE name='gpu'"), 0);
        Ingestor in(*s, m_prices);
        QVERIFY(!in.addBillingLines(sample()).ok()); // outside an import
    }

    void summary_data()
    {
        QTest::addColumn<QByteArray>("by");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("currency");
        QTest::addColumn<QByteArray>("billed");
        QTest::addColumn<QByteArray>("effective");
        QTest::addColumn<QByteArray>("list");
        QTest::addColumn<QByteArray>("contracted"); // "" = null
        QTest::addColumn<int>("rows");
        QTest::newRow("provider AWS") << QByteArray("provider") << QByteArray("AWS") << QByteArray("USD")
                                      << QByteArray("732.5") << QByteArray("12") << QByteArray("736")
                                      << QByteArray("736") << 3;
        QTest::newRow("provider Microsoft USD")
            << QByteArray("provider") << QByteArray("Microsoft") << QByteArray("USD") << QByteArray("0.3")
            << QByteArray("0.3") << QByteArray("0.3") << QByteArray("") << 1;
        QTest::newRow("provider Microsoft EUR")
            << QByteArray("provider") << QByteArray("Microsoft") << QByteArray("EUR") << QByteArray("100")
            << QByteArray("90") << QByteArray("110") << QByteArray("110") << 1;
        QTest::newRow("service EC2") << QByteArray("service") << QByteArray("Amazon EC2") << QByteArray("USD")
                                     << QByteArray("720") << QByteArray("0.75") << QByteArray("721")
                                     << QByteArray("721") << 2;
        QTest::newRow("feature support USD")
            << QByteArray("feature") << QByteArray("support") << QByteArray("USD") << QByteArray("12.8")
            << QByteArray("11.55") << QByteArray("15.3") << QByteArray("") << 2;
        QTest::newRow("feature unattributed")
            << QByteArray("feature") << QByteArray("unattributed") << QByteArray("USD") << QByteArray("717.5")
            << QByteArray("-2.5") << QByteArray("720") << QByteArray("720") << 2;
        QTest::newRow("pricing Committed")
            << QByteArray("pricing_category") << QByteArray("Committed") << QByteArray("USD") << QByteArray("0")
            << QByteArray("0.75") << QByteArray("1") << QByteArray("1") << 1;
        QTest::newRow("pricing null") << QByteArray("pricing_category") << QByteArray("<null>") << QByteArray("USD")
                                      << QByteArray("-2.5") << QByteArray("-2.5") << QByteArray("0") << QByteArray("0")
                                      << 1;
        QTest::newRow("charge Purchase") << QByteArray("charge_category") << QByteArray("Purchase") << QByteArray("USD")
                                         << QByteArray("720") << QByteArray("0") << QByteArray("720")
                                         << QByteArray("720") << 1;
        QTest::newRow("charge Credit") << QByteArray("charge_category") << QByteArray("Credit") << QByteArray("USD")
                                       << QByteArray("-2.5") << QByteArray("-2.5") << QByteArray("0") << QByteArray("0")
                                       << 1;
        QTest::newRow("day 2024-09-19 USD")
            << QByteArray("day") << QByteArray("2024-09-19") << QByteArray("USD") << QByteArray("720.3")
            << QByteArray("0.3") << QByteArray("720.3") << QByteArray("") << 2;
        QTest::newRow("day 2024-09-18") << QByteArray("day") << QByteArray("2024-09-18") << QByteArray("USD")
                                        << QByteArray("12.5") << QByteArray("12") << QByteArray("16")
                                        << QByteArray("16") << 2;
    }
    void summary()
    {
        QFETCH(QByteArray, by);
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, currency);
        QFETCH(QByteArray, billed);
        QFETCH(QByteArray, effective);
        QFETCH(QByteArray, list);
        QFETCH(QByteArray, contracted);
        QFETCH(int, rows);
        auto s = fresh();
        ingest(*s, sample());
        BillingFilter f;
        f.by = *parseBillingGroupBy(by.toStdString());
        f.fromMs = *parseDateMs("2024-09-18");
        f.toMs = *parseDateMs("2024-09-21");
        auto r = billingSummary(*s, f);
        QVERIFY(r.ok());
        const BillingRow* found = nullptr;
        for (const BillingRow& row : r->rows)
            if (QByteArray::fromStdString(row.key.value_or("<null>")) == key
                && QByteArray::fromStdString(row.currency) == currency)
                found = &row;
        QVERIFY2(found, key.constData());
        QCOMPARE(found->billedCost, nanos(billed.constData()));
        QCOMPARE(found->effectiveCost, nanos(effective.constData()));
        QCOMPARE(found->listCost, nanos(list.constData()));
        if (contracted.isEmpty())
            QVERIFY(!found->contractedCost);
        else
            QCOMPARE(found->contractedCost, std::optional<int64_t>(nanos(contracted.constData())));
        QCOMPARE(found->rows, int64_t(rows));
    }

    void totalsPerCurrencyAndJson()
    {
        auto s = fresh();
        ingest(*s, sample());
        auto range = billingDataRange(*s);
        QVERIFY(range.ok() && range->has_value());
        QCOMPARE((*range)->firstMs, *parseTimestampMs("2024-09-18T22:00:00Z"));
        QCOMPARE((*range)->lastMs, *parseTimestampMs("2024-09-20T00:00:00Z"));
        BillingFilter f;
        f.fromMs = *parseDateMs("2024-09-18");
        f.toMs = *parseDateMs("2024-09-21");
        auto r = billingSummary(*s, f);
        QVERIFY(r.ok());
        QCOMPARE(r->totals.size(), size_t(2));
        QCOMPARE(r->totals[0].currency, std::string("EUR"));
        QCOMPARE(r->totals[0].billedCost, nanos("100"));
        QCOMPARE(r->totals[1].currency, std::string("USD"));
        QCOMPARE(r->totals[1].billedCost, nanos("730.3"));
        QCOMPARE(r->totals[1].effectiveCost, nanos("9.8"));
        QCOMPARE(r->totals[1].rows, 5);
        QVERIFY(!r->totals[1].contractedCost); // one USD line has none
        // Rows: by currency, then effective cost, highest first.
        QCOMPARE(r->rows.front().currency, std::string("EUR"));
        QCOMPARE(*r->rows[1].key, std::string("AWS"));

        const nlohmann::json j = billingSummaryToJson(*r);
        QCOMPARE(j["from"].get<std::string>(), std::string("2024-09-18"));
        QCOMPARE(j["to"].get<std::string>(), std::string("2024-09-20"));
        QCOMPARE(j["by"].get<std::string>(), std::string("provider"));
        QVERIFY(j["total"].is_null()); // two currencies: no single total
        QCOMPARE(j["totals"].size(), size_t(2));
        QCOMPARE(j["totals"][1]["billed_cost"].get<std::string>(), std::string("730.30"));
        QCOMPARE(j["totals"][1]["effective_cost"].get<std::string>(), std::string("9.80"));
        QVERIFY(j["totals"][1]["contracted_cost"].is_null());
        QCOMPARE(j["rows"][1]["key"].get<std::string>(), std::string("AWS"));
        QCOMPARE(j["rows"][1]["rows"].get<int>(), 3);

        // A range that excludes the EUR line and the 19th: one currency, one total object.
        f.fromMs = *parseDateMs("2024-09-20");
        f.toMs = *parseDateMs("2024-09-21");
        auto one = billingSummary(*s, f);
        QVERIFY(one.ok());
        const nlohmann::json k = billingSummaryToJson(*one);
        QCOMPARE(k["total"]["currency"].get<std::string>(), std::string("USD"));
        QCOMPARE(k["total"]["billed_cost"].get<std::string>(), std::string("-2.50"));
        QCOMPARE(k["total"]["rows"].get<int>(), 1);

        // Nothing in range: zero rows, a zero total without a currency.
        f.fromMs = *parseDateMs("2025-01-01");
        f.toMs = *parseDateMs("2025-01-02");
        auto none = billingSummary(*s, f);
        QVERIFY(none.ok());
        const nlohmann::json n = billingSummaryToJson(*none);
        QCOMPARE(n["rows"].size(), size_t(0));
        QVERIFY(n["total"]["currency"].is_null());
        QCOMPARE(n["total"]["billed_cost"].get<std::string>(), std::string("0.00"));
        QCOMPARE(n["total"]["rows"].get<int>(), 0);
    }

    void sumsAreExactAtNanoPrecision()
    {
        // 100,000 lines of 0.000000001 and one of 9,000,000,000.5: a double sum would lose the nanos.
        auto s = fresh();
        std::vector<BillingLine> lines;
        for (int i = 0; i < 100000; ++i) {
            BillingLine l = line("AWS", "S3", "", "2024-09-18T00:00:00Z", "0.000000001", "0.000000001", "0");
            l.naturalKey += '#';
            l.naturalKey += std::to_string(i);
            lines.push_back(l);
        }
        lines.push_back(line("AWS", "EC2", "", "2024-09-18T00:00:00Z", "9000000000.5", "0", "0"));
        ingest(*s, lines);
        BillingFilter f;
        f.fromMs = *parseDateMs("2024-09-18");
        f.toMs = *parseDateMs("2024-09-19");
        auto r = billingSummary(*s, f);
        QVERIFY(r.ok());
        QCOMPARE(r->totals.size(), size_t(1));
        QCOMPARE(r->totals[0].billedCost, nanos("9000000000.500100000"));
        QCOMPARE(billingSummaryToJson(*r)["total"]["billed_cost"].get<std::string>(), std::string("9000000000.5001"));
    }

    void groupByNames()
    {
        for (const char* n : { "provider", "service", "feature", "pricing_category", "charge_category", "day" }) {
            auto g = parseBillingGroupBy(n);
            QVERIFY(g);
            QCOMPARE(std::string(billingGroupByName(*g)), std::string(n));
        }
        QVERIFY(!parseBillingGroupBy("model"));
    }
};

QTEST_GUILESS_MAIN(TestBillingStore)
#include "tst_billingstore.moc"
