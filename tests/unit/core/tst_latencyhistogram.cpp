// SPDX-License-Identifier: GPL-3.0-or-later
// The rollup histogram: quantiles within ~1% of the exact ones, merges equal to one big histogram.
#include "domain/LatencyHistogram.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace il;

class TestLatencyHistogram final : public QObject {
    Q_OBJECT
private slots:
    void accuracy_data()
    {
        QTest::addColumn<QString>("distribution");
        QTest::newRow("lognormal") << "lognormal";
        QTest::newRow("uniform") << "uniform";
        QTest::newRow("bimodal") << "bimodal";
    }
    void accuracy()
    {
        QFETCH(QString, distribution);
        std::mt19937_64 rng(7);
        std::lognormal_distribution<double> logn(6.5, 0.8);
        std::uniform_real_distribution<double> uni(5, 20000);
        std::vector<double> values;
        LatencyHistogram h;
        for (int i = 0; i < 200'000; ++i) {
            double v = distribution == QStringLiteral("lognormal") ? logn(rng)
                : distribution == QStringLiteral("uniform")         ? uni(rng)
                                                                   : (i % 3 ? 40.0 + i % 17 : 3000.0 + i % 101);
            v = std::round(v);
            values.push_back(v);
            h.add(v);
        }
        std::sort(values.begin(), values.end());
        for (double q : {0.5, 0.9, 0.95, 0.99}) {
            const double exact = values[size_t(std::ceil(q * double(values.size()))) - 1];
            const double est = *h.quantile(q);
            QVERIFY2(std::abs(est - exact) / exact <= 0.0101,
                     qPrintable(QStringLiteral("q=%1 exact=%2 est=%3").arg(q).arg(exact).arg(est)));
        }
    }
    void mergeEqualsWhole()
    {
        LatencyHistogram a, b, whole;
        for (int i = 1; i < 5000; ++i) {
            (i % 2 ? a : b).add(i * 1.7);
            whole.add(i * 1.7);
        }
        LatencyHistogram merged;
        merged.merge(a);
        std::string enc = b.encode();
        QVERIFY(merged.mergeEncoded(enc.data(), enc.size()));
        QCOMPARE(merged.count(), whole.count());
        for (double q : {0.01, 0.5, 0.95, 0.999})
            QCOMPARE(*merged.quantile(q), *whole.quantile(q));
    }
    void emptyAndZero()
    {
        LatencyHistogram h;
        QVERIFY(!h.quantile(0.5));
        h.add(0);
        QCOMPARE(*h.quantile(0.5), 0.0);
        QVERIFY(h.encode().size() > 0);
    }
    // The import's table lookup gives the bucket the logarithm gives, inside the table and past it.
    void wholeMillisecondsTakeTheSameBucket()
    {
        for (int64_t ms = 0; ms < 100'000; ++ms)
            QCOMPARE(LatencyHistogram::bucketOfWholeMs(ms), LatencyHistogram::bucketOf(double(ms)));
        for (int64_t ms : {int64_t(86'400'000), int64_t(1) << 40})
            QCOMPARE(LatencyHistogram::bucketOfWholeMs(ms), LatencyHistogram::bucketOf(double(ms)));
    }
    void damagedBlobIsRejected()
    {
        LatencyHistogram h;
        const unsigned char bad[] = {0xff, 0xff, 0xff};
        QVERIFY(!h.mergeEncoded(bad, sizeof bad));
    }
};

QTEST_APPLESS_MAIN(TestLatencyHistogram)
#include "tst_latencyhistogram.moc"
