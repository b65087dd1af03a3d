// SPDX-License-Identifier: GPL-3.0-or-later
// Catalogue versions in the store: a newer version wins a tie, old requests keep their price ids.
#include "pricing/PriceCatalogue.h"
#include "store/Store.h"
#include "domain/Time.h"

#include <QTemporaryDir>
#include <QTest>

using namespace il;

class TestPriceCatalogue final : public QObject {
    Q_OBJECT
private slots:
    void storeRoundTripKeepsIds()
    {
        QTemporaryDir dir;
        auto s = Store::open(dir.filePath(QStringLiteral("p.db")).toStdString());
        QVERIFY(s.ok());
        QVERIFY((*s)->ensureBundledPrices().ok());
        QVERIFY((*s)->ensureBundledPrices().ok()); // idempotent
        auto loaded = (*s)->loadPrices();
        QVERIFY(loaded.ok());
        auto bundled = bundledCatalogue();
        QCOMPARE(loaded->size(), bundled->size());
        for (const PriceEntry& e : *loaded)
            QVERIFY(e.id > 0);
    }
    void newerVersionWinsTie()
    {
        PriceCatalogue c;
        PriceEntry a;
        a.provider = "openai";
        a.model = "m";
        a.version = "2026-01-01";
        a.standard.input = 1;
        a.effectiveFromMs = 0;
        PriceEntry b = a;
        b.version = "2026-06-01";
        b.standard.input = 2;
        c.add(a);
        c.add(b);
        QCOMPARE(c.resolve("OpenAI", "M", 10)->standard.input, int64_t(2));
        QCOMPARE(int(c.history("openai", "m").size()), 2);
    }
    void providerAliases()
    {
        QCOMPARE(QString::fromStdString(PriceCatalogue::canonicalProvider("gcp.vertex_ai")), QStringLiteral("google"));
        QCOMPARE(QString::fromStdString(PriceCatalogue::canonicalProvider("OpenAI")), QStringLiteral("openai"));
        QCOMPARE(QString::fromStdString(PriceCatalogue::canonicalProvider("aws.bedrock")), QStringLiteral("aws.bedrock"));
    }
};

QTEST_GUILESS_MAIN(TestPriceCatalogue)
#include "tst_pricecatalogue.moc"
