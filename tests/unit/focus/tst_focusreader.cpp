// SPDX-License-Identifier: GPL-3.0-or-later
// FocusReader on FOCUS CSV files written here from the FOCUS 1.0–1.2 column definitions: every mandatory column,
// nulls as empty and NULL, provider columns, E-notation, credits, corrections, commitment purchases and their
// Used/Unused amortisation, Tags attribution, natural keys, and every way a file can be wrong.
#include "files/FocusReader.h"

#include "domain/Time.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <set>

using namespace il;

namespace {

// Collects what the reader hands over, batch by batch.
class CaptureSink final : public IngestSink {
public:
    Result<void> addRequests(std::span<const RequestRecord>) override { return makeError("no requests expected"); }
    Result<void> addOutcomes(std::span<const OutcomeEvent>) override { return makeError("no outcomes expected"); }
    Result<void> addBillingLines(std::span<const BillingLine> batch) override
    {
        ++batches;
        if (failAfter >= 0 && int(lines.size()) >= failAfter)
            return makeError("the sink is full");
        lines.insert(lines.end(), batch.begin(), batch.end());
        return {};
    }
    std::vector<BillingLine> lines;
    int batches = 0;
    int failAfter = -1;
};

int64_t nanos(const char* decimal)
{
    return *parseDecimalNanos(decimal);
}

int64_t ms(const char* iso)
{
    return *parseTimestampMs(iso);
}

// The 21 mandatory columns plus the conditional ones used here, in an order no exporter uses, with a
// provider column first and an unknown one (the sample generator's "Id") last.
const QByteArray kHeader
    = "x_ProviderRowId,ProviderName,ServiceName,ChargeCategory,ChargeClass,BilledCost,EffectiveCost,ListCost,"
      "ContractedCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,BillingPeriodStart,BillingPeriodEnd,"
      "BillingAccountId,BillingAccountName,SubAccountId,PublisherName,InvoiceIssuerName,ServiceCategory,"
      "ChargeDescription,PricingQuantity,PricingUnit,PricingCategory,CommitmentDiscountId,CommitmentDiscountStatus,"
      "ConsumedQuantity,ConsumedUnit,RegionId,ResourceId,SkuId,Tags,x_Discounts,Id\n";

// AWS, Azure, Google Cloud and Oracle rows. Comments give what each row exercises.
const QByteArray kMultiProvider = kHeader +
    // 1 AWS usage, ISO "Z" dates, E-notation quantity, feature tag, quoted strings with commas.
    "aws-1,AWS,Amazon Bedrock,Usage,,12.5,11.25,15.00,12.5,USD,2024-09-18T22:00:00Z,2024-09-18T23:00:00Z,"
    "2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,111122223333,Acme,444455556666,\"Amazon Web Services, Inc.\","
    "\"Amazon Web Services, Inc.\",AI and Machine Learning,Claude input tokens,1.25E3,1K Tokens,Standard,,,1250,"
    "1K Tokens,us-east-1,arn:aws:bedrock:us-east-1::foundation-model/x,SKU1,"
    "\"{\"\"feature\"\": \"\"support-assistant\"\", \"\"env\"\": \"\"prod\"\"}\",\"{\"\"a\"\": 1}\",1\n"
    // 2 Azure, space-separated dates, NULL everywhere a null may be, E-notation cost, ContractedCost NULL.
    "az-1,Microsoft,Azure OpenAI,Usage,NULL,3.0E-1,0.3,0.30,NULL,USD,2024-09-18 22:00:00,2024-09-18 23:00:00,"
    "2024-09-01 00:00:00,2024-10-01 00:00:00,AZ-ACC,NULL,sub-1,Microsoft,Microsoft,AI and Machine Learning,"
    "GPT-4o tokens,300,1K Tokens,Standard,NULL,NULL,NULL,NULL,eastus,/subscriptions/1/openai,NULL,"
    "\"{\"\"feature\"\": \"\"doc-summarizer\"\"}\",NULL,2\n"
    // 3 Google Cloud credit: negative amounts, empty nulls, a valueless tag (true) under the feature key.
    "gcp-1,Google Cloud,Vertex AI,Credit,,-2.5,-2.5,0,-2.5,USD,2024-09-19T00:00:00Z,2024-09-20T00:00:00Z,"
    "2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,GCP-BA,Acme GCP,proj-1,Google,Google,AI and Machine Learning,"
    "Free trial credit,,,,,,,,,,,\"{\"\"feature\"\": true, \"\"team\"\": \"\"ml\"\"}\",,3\n"
    // 4 Oracle correction of an August charge billed in September: negative, ChargeClass Correction.
    "oci-1,Oracle,OCI Generative AI,Usage,Correction,-1.2E0,-1.2,-1.2,-1.2,USD,2024-08-10T00:00:00Z,"
    "2024-08-11T00:00:00Z,2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,ocid1.tenancy,Acme OCI,NULL,Oracle,Oracle,"
    "AI and Machine Learning,Correction of August usage,-10,Hours,Standard,,,,,us-ashburn-1,ocid1.gpu,SKU-OCI,"
    "NULL,,4\n"
    // 5 AWS commitment purchase: billed now, amortised later (EffectiveCost 0).
    "aws-2,AWS,Amazon EC2,Purchase,,720.00,0,720,720,USD,2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,"
    "2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,111122223333,Acme,444455556666,\"Amazon Web Services, Inc.\","
    "\"Amazon Web Services, Inc.\",Compute,Savings Plan (1 year),720,Hours,Standard,sp-1,,,,,sp-1,SKU-SP,,,5\n"
    // 6 usage covered by the commitment: nothing billed, amortised cost in EffectiveCost; gpu-inference.
    "aws-3,AWS,Amazon EC2,Usage,,0,0.75,1.0,1.0,USD,2024-09-18T22:00:00Z,2024-09-18T23:00:00Z,"
    "2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,111122223333,Acme,444455556666,\"Amazon Web Services, Inc.\","
    "\"Amazon Web Services, Inc.\",Compute,g5.xlarge hour,1,Hours,Committed,sp-1,Used,1,Hours,us-east-1,i-0abc,"
    "SKU-G5,\"{\"\"feature\"\": \"\"gpu-inference\"\"}\",,6\n"
    // 7 the unused part of the commitment in the same hour.
    "aws-4,AWS,Amazon EC2,Usage,,0,0.25,0,0,USD,2024-09-18T22:00:00Z,2024-09-18T23:00:00Z,2024-09-01T00:00:00Z,"
    "2024-10-01T00:00:00Z,111122223333,Acme,444455556666,\"Amazon Web Services, Inc.\","
    "\"Amazon Web Services, Inc.\",Compute,Unused Savings Plan,0.25,Hours,Committed,sp-1,Unused,,,,sp-1,SKU-SP,,,7\n"
    // 8 tax: no quantity or unit, CRLF line ending.
    "aws-5,AWS,Amazon Bedrock,Tax,,1.00,1.00,1.00,1.00,USD,2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,"
    "2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,111122223333,Acme,444455556666,\"Amazon Web Services, Inc.\","
    "\"Amazon Web Services, Inc.\",AI and Machine Learning,Tax,NULL,NULL,,,,,,,,,,,8\r\n";

// One valid row for the header above, for the error cases (value at column index i replaced by the test).
QList<QByteArray> validRow()
{
    return QByteArray("aws-1,AWS,Amazon Bedrock,Usage,,12.5,11.25,15.00,12.5,USD,2024-09-18T22:00:00Z,"
                      "2024-09-18T23:00:00Z,2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,1111,Acme,4444,AWS Inc,AWS Inc,"
                      "AI and Machine Learning,tokens,1,1K Tokens,Standard,,,1,1K Tokens,us-east-1,arn:x,SKU1,"
                      "{},,1")
        .split(',');
}

int columnIndex(const char* name)
{
    return QList<QByteArray>(kHeader.trimmed().split(',')).indexOf(QByteArray(name));
}

// A file of the header and three valid rows, with the third row's `column` set to `value`; the returned column is
// the 1-based character position where that field starts (the reader must point there).
QByteArray withBadValue(const char* column, const QByteArray& value, int& charColumn)
{
    QList<QByteArray> row = validRow();
    QByteArray good = row.join(',') + "\n";
    row[columnIndex(column)] = value;
    QByteArray bad = row.join(',');
    int pos = 0;
    for (int i = 0; i < columnIndex(column); ++i)
        pos += int(row[i].size()) + 1;
    charColumn = pos + 1;
    return kHeader + good + good + bad + "\n";
}

} // namespace

class TestFocusReader final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_files = 0;

    QString write(const QByteArray& data)
    {
        const QString path = m_dir.filePath(QStringLiteral("focus-%1.csv").arg(++m_files));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        f.write(data);
        return path;
    }

    Result<FocusReadStats> read(const QByteArray& data, CaptureSink& sink, FocusOptions o = {})
    {
        return FocusReader(std::move(o)).read(write(data).toStdString(), sink);
    }

private slots:
    void multiProviderFile()
    {
        CaptureSink sink;
        auto r = read(kMultiProvider, sink);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
        QCOMPARE(r->rows, 8);
        QCOMPARE(r->attributed, 3); // support-assistant, doc-summarizer, gpu-inference; the valueless tag names none
        QCOMPARE(r->focusVersion, std::string("1.0"));
        QCOMPARE(sink.lines.size(), size_t(8));
        const auto& l = sink.lines;

        QCOMPARE(l[0].provider, std::string("AWS"));
        QCOMPARE(l[0].serviceName, std::string("Amazon Bedrock"));
        QCOMPARE(l[0].publisher, std::string("Amazon Web Services, Inc."));
        QCOMPARE(l[0].billedCost, nanos("12.5"));
        QCOMPARE(l[0].effectiveCost, nanos("11.25"));
        QCOMPARE(l[0].listCost, nanos("15"));
        QCOMPARE(l[0].contractedCost, std::optional<int64_t>(nanos("12.5")));
        QCOMPARE(l[0].currency.str(), std::string("USD"));
        QCOMPARE(l[0].chargePeriodStartMs, ms("2024-09-18T22:00:00Z"));
        QCOMPARE(l[0].chargePeriodEndMs, ms("2024-09-18T23:00:00Z"));
        QCOMPARE(l[0].billingPeriodStartMs, ms("2024-09-01T00:00:00Z"));
        QCOMPARE(l[0].billingPeriodEndMs, ms("2024-10-01T00:00:00Z"));
        QCOMPARE(l[0].pricingQuantity, 1250.0);
        QCOMPARE(l[0].pricingUnit, std::string("1K Tokens"));
        QCOMPARE(l[0].feature, std::string("support-assistant"));
        QCOMPARE(l[0].tags, std::string("{\"feature\": \"support-assistant\", \"env\": \"prod\"}"));
        QCOMPARE(l[0].chargeClass, std::string());
        QCOMPARE(l[0].focusVersion, std::string("1.0"));

        // Azure: the space-separated dates are the same instants; NULL is null.
        QCOMPARE(l[1].chargePeriodStartMs, ms("2024-09-18T22:00:00Z"));
        QCOMPARE(l[1].billedCost, nanos("0.3"));
        QCOMPARE(l[1].contractedCost, std::optional<int64_t>());
        QCOMPARE(l[1].chargeClass, std::string());
        QCOMPARE(l[1].billingAccountName, std::string());
        QVERIFY(std::isnan(l[1].consumedQuantity));
        QCOMPARE(l[1].skuId, std::string());
        QCOMPARE(l[1].feature, std::string("doc-summarizer"));

        // Google credit: negative, kept as a row; the valueless tag leaves it unattributed.
        QCOMPARE(l[2].chargeCategory, std::string("Credit"));
        QCOMPARE(l[2].billedCost, -nanos("2.5"));
        QVERIFY(std::isnan(l[2].pricingQuantity));
        QCOMPARE(l[2].pricingCategory, std::string());
        QCOMPARE(l[2].feature, std::string());

        // Oracle correction of a previous period.
        QCOMPARE(l[3].chargeClass, std::string("Correction"));
        QCOMPARE(l[3].billedCost, -nanos("1.2"));
        QCOMPARE(l[3].pricingQuantity, -10.0);
        QCOMPARE(l[3].chargePeriodStartMs, ms("2024-08-10T00:00:00Z"));
        QCOMPARE(l[3].tags, std::string());

        // Commitment purchase and its Used / Unused amortisation.
        QCOMPARE(l[4].chargeCategory, std::string("Purchase"));
        QCOMPARE(l[4].billedCost, nanos("720"));
        QCOMPARE(l[4].effectiveCost, 0);
        QCOMPARE(l[4].commitmentDiscountId, std::string("sp-1"));
        QCOMPARE(l[5].pricingCategory, std::string("Committed"));
        QCOMPARE(l[5].commitmentDiscountStatus, std::string("Used"));
        QCOMPARE(l[5].billedCost, 0);
        QCOMPARE(l[5].effectiveCost, nanos("0.75"));
        QCOMPARE(l[5].feature, std::string("gpu-inference"));
        QCOMPARE(l[6].commitmentDiscountStatus, std::string("Unused"));
        QCOMPARE(l[6].effectiveCost, nanos("0.25"));

        // Tax without quantity, on a CRLF line.
        QCOMPARE(l[7].chargeCategory, std::string("Tax"));
        QVERIFY(std::isnan(l[7].pricingQuantity));
        QCOMPARE(l[7].pricingUnit, std::string());

        // Credits and corrections sum like any other row.
        int64_t billed = 0, effective = 0, list = 0;
        for (const BillingLine& x : l) {
            billed += x.billedCost;
            effective += x.effectiveCost;
            list += x.listCost;
        }
        QCOMPARE(billed, nanos("12.5") + nanos("0.3") - nanos("2.5") - nanos("1.2") + nanos("720") + nanos("1"));
        QCOMPARE(effective,
                 nanos("11.25") + nanos("0.3") - nanos("2.5") - nanos("1.2") + nanos("0.75") + nanos("0.25")
                     + nanos("1"));
        QCOMPARE(list, nanos("15") + nanos("0.3") - nanos("1.2") + nanos("720") + nanos("1") + nanos("1"));

        // Every row has its own natural key.
        std::set<std::string> keys;
        for (const BillingLine& x : l)
            keys.insert(x.naturalKey);
        QCOMPARE(keys.size(), size_t(8));
    }

    void featureTagKeys_data()
    {
        QTest::addColumn<QByteArray>("tags");
        QTest::addColumn<QByteArray>("keys"); // comma-separated; empty: the default
        QTest::addColumn<QByteArray>("feature");
        QTest::newRow("default key") << QByteArray("{\"feature\": \"search\"}") << QByteArray() << QByteArray("search");
        QTest::newRow("configured key") << QByteArray("{\"app\": \"search\", \"feature\": \"other\"}")
                                        << QByteArray("app") << QByteArray("search");
        QTest::newRow("fallback key") << QByteArray("{\"app\": \"search\"}") << QByteArray("feature,app")
                                      << QByteArray("search");
        QTest::newRow("first key wins") << QByteArray("{\"app\": \"a\", \"feature\": \"f\"}")
                                        << QByteArray("feature,app") << QByteArray("f");
        QTest::newRow("valueless tag falls through")
            << QByteArray("{\"feature\": true, \"app\": \"a\"}") << QByteArray("feature,app") << QByteArray("a");
        QTest::newRow("valueless tag alone") << QByteArray("{\"feature\": true}") << QByteArray() << QByteArray();
        QTest::newRow("null value") << QByteArray("{\"feature\": null}") << QByteArray() << QByteArray();
        QTest::newRow("empty string") << QByteArray("{\"feature\": \"  \"}") << QByteArray() << QByteArray();
        QTest::newRow("number value") << QByteArray("{\"feature\": 42}") << QByteArray() << QByteArray("42");
        QTest::newRow("key absent") << QByteArray("{\"team\": \"ml\"}") << QByteArray() << QByteArray();
        QTest::newRow("keys are case-sensitive") << QByteArray("{\"Feature\": \"x\"}") << QByteArray() << QByteArray();
        QTest::newRow("empty object") << QByteArray("{}") << QByteArray() << QByteArray();
        QTest::newRow("provider-prefixed key") << QByteArray("{\"user:feature\": \"billing-bot\"}")
                                               << QByteArray("user:feature") << QByteArray("billing-bot");
        QTest::newRow("value trimmed") << QByteArray("{\"feature\": \" search \"}") << QByteArray()
                                       << QByteArray("search");
        QTest::newRow("unicode value") << QByteArray("{\"feature\": \"r\\u00e9sum\\u00e9\"}") << QByteArray()
                                       << QByteArray("r\xc3\xa9sum\xc3\xa9");
    }
    void featureTagKeys()
    {
        QFETCH(QByteArray, tags);
        QFETCH(QByteArray, keys);
        QFETCH(QByteArray, feature);
        std::vector<std::string> k;
        for (const QByteArray& s : keys.split(','))
            if (!s.isEmpty())
                k.push_back(s.toStdString());
        if (k.empty())
            k = { "feature" };
        std::string got, error;
        QVERIFY(FocusReader::featureFromTags(tags.toStdString(), k, got, error));
        QCOMPARE(QByteArray::fromStdString(got), feature);
    }

    void configuredTagKeyThroughTheReader()
    {
        CaptureSink sink;
        FocusOptions o;
        o.featureTagKeys = { "team", "feature" };
        auto r = read(kMultiProvider, sink, o);
        QVERIFY(r.ok());
        QCOMPARE(sink.lines[0].feature, std::string("support-assistant")); // no "team": falls back
        QCOMPARE(sink.lines[2].feature, std::string("ml")); // "team" wins
    }

    void detectVersion_data()
    {
        QTest::addColumn<QByteArray>("extra"); // comma-separated column names beyond the mandatory ones
        QTest::addColumn<QByteArray>("version");
        QTest::newRow("1.0 columns only") << QByteArray() << QByteArray("1.0");
        QTest::newRow("1.1 ServiceSubcategory") << QByteArray("ServiceSubcategory") << QByteArray("1.1");
        QTest::newRow("1.1 CapacityReservationId") << QByteArray("CapacityReservationId") << QByteArray("1.1");
        QTest::newRow("1.1 SkuPriceDetails") << QByteArray("SkuPriceDetails") << QByteArray("1.1");
        QTest::newRow("1.2 InvoiceId") << QByteArray("InvoiceId") << QByteArray("1.2");
        QTest::newRow("1.2 PricingCurrency") << QByteArray("PricingCurrency,SkuMeter") << QByteArray("1.2");
        QTest::newRow("1.2 BillingAccountType, any case") << QByteArray("billingaccounttype") << QByteArray("1.2");
        QTest::newRow("provider columns do not count") << QByteArray("x_InvoiceId,x_SkuMeter") << QByteArray("1.0");
    }
    void detectVersion()
    {
        QFETCH(QByteArray, extra);
        QFETCH(QByteArray, version);
        std::vector<std::string> header;
        for (std::string_view c : FocusReader::mandatoryColumns())
            header.emplace_back(c);
        for (const QByteArray& e : extra.split(','))
            if (!e.isEmpty())
                header.push_back(e.toStdString());
        QCOMPARE(QByteArray::fromStdString(FocusReader::detectVersion(header)), version);
    }

    void versionOfAFile()
    {
        // A 1.2 export: InvoiceId and PricingCurrency present (and read: InvoiceId is stored).
        QByteArray data = kHeader.trimmed() + ",InvoiceId,PricingCurrency\n" + validRow().join(',') + ",INV-7,USD\n";
        CaptureSink sink;
        auto r = read(data, sink);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
        QCOMPARE(r->focusVersion, std::string("1.2"));
        QCOMPARE(sink.lines[0].invoiceId, std::string("INV-7"));
        QCOMPARE(sink.lines[0].focusVersion, std::string("1.2"));
    }

    void headerNamesAnyCase()
    {
        // The FOCUS 1.2 examples spell SkuPriceId as "SkuPriceid"; names match without regard to case.
        QByteArray header = kHeader;
        header.replace("SkuId", "skuid").replace("BilledCost", "BILLEDCOST");
        CaptureSink sink;
        auto r = read(header + validRow().join(',') + "\n", sink);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
        QCOMPARE(sink.lines[0].skuId, std::string("SKU1"));
        QCOMPARE(sink.lines[0].billedCost, nanos("12.5"));
    }

    void enumerationsNormalised()
    {
        QList<QByteArray> row = validRow();
        row[columnIndex("ChargeCategory")] = "usage";
        row[columnIndex("ChargeClass")] = "CORRECTION";
        row[columnIndex("PricingCategory")] = "On-Demand"; // the 1.0-preview spelling of Standard
        CaptureSink sink;
        auto r = read(kHeader + row.join(',') + "\n", sink);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
        QCOMPARE(sink.lines[0].chargeCategory, std::string("Usage"));
        QCOMPARE(sink.lines[0].chargeClass, std::string("Correction"));
        QCOMPARE(sink.lines[0].pricingCategory, std::string("Standard"));
    }

    void naturalKeys()
    {
        // The same charge written differently: other number and date spellings, other tags, description,
        // account name, provider columns → the same key. A different amount → a different key.
        QList<QByteArray> a = validRow(), b = validRow(), c = validRow();
        b[columnIndex("BilledCost")] = "1.25E1";
        b[columnIndex("ChargePeriodStart")] = "2024-09-18 22:00:00";
        b[columnIndex("Tags")] = "\"{\"\"feature\"\": \"\"x\"\"}\"";
        b[columnIndex("ChargeDescription")] = "reworded";
        b[columnIndex("BillingAccountName")] = "Acme Renamed";
        b[columnIndex("x_ProviderRowId")] = "export-2";
        b[columnIndex("Id")] = "99";
        c[columnIndex("EffectiveCost")] = "11.26";
        CaptureSink s1, s2, s3;
        QVERIFY(read(kHeader + a.join(',') + "\n", s1).ok());
        QVERIFY(read(kHeader + b.join(',') + "\n", s2).ok());
        QVERIFY(read(kHeader + c.join(',') + "\n", s3).ok());
        QCOMPARE(s1.lines[0].naturalKey, s2.lines[0].naturalKey);
        QVERIFY(s1.lines[0].naturalKey != s3.lines[0].naturalKey);
        QVERIFY(s1.lines[0].naturalKey.rfind("f1:", 0) == 0);

        // Re-reading the same file gives the same keys.
        CaptureSink again;
        QVERIFY(read(kMultiProvider, again).ok());
        CaptureSink first;
        QVERIFY(read(kMultiProvider, first).ok());
        for (size_t i = 0; i < first.lines.size(); ++i)
            QCOMPARE(again.lines[i].naturalKey, first.lines[i].naturalKey);
    }

    void identicalRowsAreBothKept()
    {
        // Two identical charges in one export are two charges: both emitted, with distinct keys.
        const QByteArray row = validRow().join(',') + "\n";
        CaptureSink sink;
        auto r = read(kHeader + row + row + row, sink);
        QVERIFY(r.ok());
        QCOMPARE(r->rows, 3);
        QCOMPARE(sink.lines.size(), size_t(3));
        QVERIFY(sink.lines[0].naturalKey != sink.lines[1].naturalKey);
        QCOMPARE(sink.lines[1].naturalKey, sink.lines[0].naturalKey + "#1");
        QCOMPARE(sink.lines[2].naturalKey, sink.lines[0].naturalKey + "#2");
    }

    void batchesAndSinkErrors()
    {
        QByteArray data = kHeader;
        for (int i = 0; i < 7; ++i) {
            QList<QByteArray> row = validRow();
            row[columnIndex("BilledCost")] = QByteArray::number(i);
            data += row.join(',') + "\n";
        }
        CaptureSink sink;
        FocusOptions o;
        o.read.batchSize = 3;
        auto r = read(data, sink, o);
        QVERIFY(r.ok());
        QCOMPARE(sink.batches, 3); // 3 + 3 + 1
        QCOMPARE(sink.lines.size(), size_t(7));

        CaptureSink full;
        full.failAfter = 3;
        auto f = read(data, full, o);
        QVERIFY(!f.ok());
        QCOMPARE(f.error().message, std::string("the sink is full"));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("message"); // a part of it

        int col = 0;
        QByteArray d = withBadValue("BilledCost", "12.5USD", col);
        QTest::newRow("bad number") << d << 4 << col << QByteArray("BilledCost")
                                    << QByteArray("expected a decimal amount");
        d = withBadValue("ListCost", "\"$10,100.00 \"", col);
        QTest::newRow("currency symbol and separator")
            << d << 4 << col << QByteArray("ListCost") << QByteArray("no currency symbol");
        d = withBadValue("EffectiveCost", "1e400", col);
        QTest::newRow("number too large")
            << d << 4 << col << QByteArray("EffectiveCost") << QByteArray("expected a decimal amount");
        d = withBadValue("ChargePeriodStart", "5/1/25", col);
        QTest::newRow("bad date") << d << 4 << col << QByteArray("ChargePeriodStart") << QByteArray("ISO 8601");
        d = withBadValue("BillingPeriodEnd", "2023-02-01T30:00:00Z", col);
        QTest::newRow("impossible hour") << d << 4 << col << QByteArray("BillingPeriodEnd") << QByteArray("ISO 8601");
        d = withBadValue("ChargePeriodEnd", "1726696800", col);
        QTest::newRow("unix time is not a FOCUS date")
            << d << 4 << col << QByteArray("ChargePeriodEnd") << QByteArray("ISO 8601");
        d = withBadValue("BillingCurrency", "US$", col);
        QTest::newRow("bad currency") << d << 4 << col << QByteArray("BillingCurrency") << QByteArray("ISO 4217");
        d = withBadValue("ChargeCategory", "Refund", col);
        QTest::newRow("unknown charge category")
            << d << 4 << col << QByteArray("ChargeCategory") << QByteArray("Usage, Purchase, Tax");
        d = withBadValue("ChargeClass", "Adjustment", col);
        QTest::newRow("unknown charge class")
            << d << 4 << col << QByteArray("ChargeClass") << QByteArray("Correction or null");
        d = withBadValue("CommitmentDiscountStatus", "Partial", col);
        QTest::newRow("unknown commitment status")
            << d << 4 << col << QByteArray("CommitmentDiscountStatus") << QByteArray("Used, Unused");
        d = withBadValue("PricingQuantity", "lots", col);
        QTest::newRow("bad quantity") << d << 4 << col << QByteArray("PricingQuantity")
                                      << QByteArray("expected a decimal quantity");
        d = withBadValue("Tags", "\"{\"\"feature\"\": }\"", col);
        QTest::newRow("tags not JSON") << d << 4 << col << QByteArray("Tags") << QByteArray("not valid JSON");
        d = withBadValue("Tags", "\"[1,2]\"", col);
        QTest::newRow("tags not an object") << d << 4 << col << QByteArray("Tags") << QByteArray("JSON object");
        d = withBadValue("BilledCost", "NULL", col);
        QTest::newRow("null cost") << d << 4 << col << QByteArray("BilledCost") << QByteArray("requires a value");
        d = withBadValue("ChargePeriodStart", "", col);
        QTest::newRow("empty period start")
            << d << 4 << col << QByteArray("ChargePeriodStart") << QByteArray("requires a value");
        d = withBadValue("ChargePeriodEnd", "2024-09-18T21:00:00Z", col);
        QTest::newRow("period ends before it starts")
            << d << 4 << col << QByteArray("ChargePeriodEnd") << QByteArray("before it starts");

        QByteArray header = kHeader;
        header.replace("ContractedCost,", "").replace("InvoiceIssuerName,", "");
        QTest::newRow("missing mandatory columns")
            << (header + "x\n") << 1 << 0 << QByteArray("")
            << QByteArray("lacks mandatory FOCUS column(s): ContractedCost, InvoiceIssuerName");
        QTest::newRow("not a FOCUS file") << QByteArray("timestamp,feature,provider,model,input_tokens,output_tokens\n"
                                                        "2026-01-01T00:00:00Z,a,openai,gpt-4o,1,1\n")
                                          << 1 << 0 << QByteArray("") << QByteArray("not a FOCUS billing export");
        QTest::newRow("column twice") << QByteArray(kHeader.trimmed() + ",billedcost\n") << 1 << int(kHeader.size()) + 1
                                      << QByteArray("BilledCost") << QByteArray("appears twice");
        QTest::newRow("empty file") << QByteArray() << 0 << 0 << QByteArray("") << QByteArray("the file is empty");
        QTest::newRow("blank lines only")
            << QByteArray("\n\n\n") << 0 << 0 << QByteArray("") << QByteArray("the file is empty");
        QTest::newRow("header only") << kHeader << 0 << 0 << QByteArray("") << QByteArray("no rows");
        QTest::newRow("not text") << QByteArray("BilledCost\0\x01\x02\x03", 14) << 1 << 0 << QByteArray("")
                                  << QByteArray("not text");
        QList<QByteArray> shortRow = validRow();
        shortRow.removeLast();
        QTest::newRow("row with too few fields") << (kHeader + validRow().join(',') + "\n" + shortRow.join(',') + "\n")
                                                 << 3 << 0 << QByteArray("") << QByteArray("fields but the header has");
        QTest::newRow("unclosed quote") << (kHeader + validRow().join(',') + ",\"oops\n") << 2 << 0 << QByteArray("")
                                        << QByteArray("not closed");
    }
    void errors()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, message);
        CaptureSink sink;
        const QString path = write(data);
        auto r = FocusReader().read(path.toStdString(), sink);
        QVERIFY(!r.ok());
        const Error& e = r.error();
        const QByteArray text = QByteArray::fromStdString(e.toString());
        QVERIFY2(text.contains(message), text.constData());
        QCOMPARE(QString::fromStdString(e.source), path);
        QCOMPARE(int(e.line), line);
        if (column > 0)
            QCOMPARE(e.column, column);
        QCOMPARE(QByteArray::fromStdString(e.field), field);
        QVERIFY2(!e.hint.empty(), text.constData());
        // Errors in the first rows stop before anything reaches the sink; a later one may follow good batches,
        // which the caller rolls back (ingest holds the whole file in one transaction).
        QVERIFY(sink.lines.size() <= 3);
    }

    void missingFile()
    {
        CaptureSink sink;
        auto r = FocusReader().read(m_dir.filePath(QStringLiteral("nope.csv")).toStdString(), sink);
        QVERIFY(!r.ok());
        QVERIFY(QString::fromStdString(r.error().toString()).contains(QStringLiteral("cannot open")));
    }
};

QTEST_APPLESS_MAIN(TestFocusReader)
#include "tst_focusreader.moc"
