// SPDX-License-Identifier: GPL-3.0-or-later
// Exact money: decimal parsing (plain and E-notation), rounding, formatting.
#include "domain/Money.h"

#include <QTest>

using namespace il;

class TestMoney final : public QObject {
    Q_OBJECT
private slots:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("nanos");
        QTest::newRow("integer") << "12" << true << qint64(12'000'000'000);
        QTest::newRow("decimal") << "2.50" << true << qint64(2'500'000'000);
        QTest::newRow("negative credit") << "-0.0000008" << true << qint64(-800);
        QTest::newRow("e-notation") << "1.2E-5" << true << qint64(12'000);
        QTest::newRow("e-notation positive") << "3e2" << true << qint64(300'000'000'000);
        QTest::newRow("focus sample") << "0.00000080000" << true << qint64(800);
        QTest::newRow("round half even down") << "0.0000000025" << true << qint64(2);
        QTest::newRow("round half even up") << "0.0000000035" << true << qint64(4);
        QTest::newRow("round up") << "0.0000000026" << true << qint64(3);
        QTest::newRow("leading plus") << "+1" << true << qint64(1'000'000'000);
        QTest::newRow("spaces") << " 1.5 " << true << qint64(1'500'000'000);
        QTest::newRow("empty") << "" << false << qint64(0);
        QTest::newRow("letters") << "abc" << false << qint64(0);
        QTest::newRow("currency symbol") << "$1.00" << false << qint64(0);
        QTest::newRow("thousands separator") << "1,000" << false << qint64(0);
        QTest::newRow("overflow") << "99999999999999999999" << false << qint64(0);
        QTest::newRow("bad exponent") << "1e" << false << qint64(0);
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(qint64, nanos);
        auto v = parseDecimalNanos(text.toStdString());
        QCOMPARE(v.has_value(), ok);
        if (ok)
            QCOMPARE(qint64(*v), nanos);
    }
    void format_data()
    {
        QTest::addColumn<qint64>("nanos");
        QTest::addColumn<int>("minDecimals");
        QTest::addColumn<int>("maxDecimals");
        QTest::addColumn<QString>("text");
        QTest::newRow("cents") << qint64(1'234'500'000'000) << 2 << 9 << "1234.50";
        QTest::newRow("sub-cent") << qint64(1'234'567) << 2 << 9 << "0.001234567";
        QTest::newRow("negative") << qint64(-1'500'000'000) << 2 << 9 << "-1.50";
        QTest::newRow("round to cents half even") << qint64(5'000'000) << 2 << 2 << "0.00";
        QTest::newRow("round to cents up") << qint64(15'000'000) << 2 << 2 << "0.02";
        QTest::newRow("carry") << qint64(999'999'999) << 2 << 2 << "1.00";
        QTest::newRow("zero") << qint64(0) << 2 << 9 << "0.00";
        QTest::newRow("whole units") << qint64(2'500'000'000) << 0 << 0 << "2";
        QTest::newRow("whole units round up") << qint64(3'500'000'000) << 0 << 0 << "4";
    }
    void format()
    {
        QFETCH(qint64, nanos);
        QFETCH(int, minDecimals);
        QFETCH(int, maxDecimals);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(formatNanos(nanos, minDecimals, maxDecimals)), text);
    }
    void costOfTokensIsExact()
    {
        // $2.50 per 1M tokens × 1,234 tokens = $0.003085 exactly.
        QCOMPARE(costOfTokens(1234, 2'500'000'000), int64_t(3'085'000));
        // $0.0375 per 1M × 3 tokens = 112.5 nano → 112 (half to even).
        QCOMPARE(costOfTokens(3, 37'500'000), int64_t(112));
        // A billion tokens at $75 / 1M = $75,000.
        QCOMPARE(costOfTokens(1'000'000'000, 75'000'000'000), int64_t(75'000) * kNanosPerUnit);
        // Its inline 64-bit path rounds as divRoundHalfEven does, at every halfway point and past 64 bits.
        uint64_t x = 0x2545f4914f6cdd1dULL;
        for (int i = 0; i < 100000; ++i) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const int64_t tokens = int64_t(x % 200'000'000) >> (x % 29);
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const int64_t rate = i % 4 == 0 ? int64_t(x % 2'000) * 250'000 : int64_t(x >> 1) >> (x % 63);
            QCOMPARE(costOfTokens(tokens, rate), divRoundHalfEven(Int128(tokens) * rate, 1'000'000));
        }
        QCOMPARE(costOfTokens(1, 500'000), int64_t(0)); // 0.5 → 0
        QCOMPARE(costOfTokens(3, 500'000), int64_t(2)); // 1.5 → 2
        QCOMPARE(costOfTokens(0, INT64_MAX), int64_t(0));
        QCOMPARE(costOfTokens(100'000'000, INT64_MAX / 1000), divRoundHalfEven(Int128(100'000'000) * (INT64_MAX / 1000), 1'000'000));
    }
    void divisionRoundsHalfToEven_data()
    {
        QTest::addColumn<qlonglong>("n");
        QTest::addColumn<qlonglong>("d");
        QTest::addColumn<qlonglong>("expected");
        QTest::newRow("exact") << 10LL << 5LL << 2LL;
        QTest::newRow("below half") << 14LL << 10LL << 1LL;
        QTest::newRow("above half") << 16LL << 10LL << 2LL;
        QTest::newRow("half to even, down") << 25LL << 10LL << 2LL;
        QTest::newRow("half to even, up") << 35LL << 10LL << 4LL;
        QTest::newRow("negative half to even") << -25LL << 10LL << -2LL;
        QTest::newRow("negative half up") << -35LL << 10LL << -4LL;
        QTest::newRow("negative above half") << -16LL << 10LL << -2LL;
        QTest::newRow("zero") << 0LL << 7LL << 0LL;
        QTest::newRow("largest numerator") << qlonglong(INT64_MAX) << 2LL << qlonglong(INT64_MAX / 2 + 1); // .5 → even
        QTest::newRow("denominator past half the range") << qlonglong(INT64_MAX - 1) << qlonglong(INT64_MAX) << 1LL;
        QTest::newRow("just below half of a huge denominator") << qlonglong(INT64_MAX / 2) << qlonglong(INT64_MAX) << 0LL;
    }
    void divisionRoundsHalfToEven()
    {
        QFETCH(qlonglong, n);
        QFETCH(qlonglong, d);
        QFETCH(qlonglong, expected);
        QCOMPARE(qlonglong(divRoundHalfEven(Int128(n), d)), expected);
    }
    void division64And128BitAgree()
    {
        // The 64-bit fast path against the rule done in 128 bits, over a spread of magnitudes and signs.
        auto reference = [](Int128 n, int64_t d) {
            Int128 q = n / d, r = n % d;
            if (r < 0)
                r = -r;
            if (2 * r > d || (2 * r == d && q % 2 != 0))
                q += n < 0 ? -1 : 1;
            return static_cast<int64_t>(q);
        };
        uint64_t x = 0x9e3779b97f4a7c15ULL;
        for (int i = 0; i < 200000; ++i) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const int64_t n = static_cast<int64_t>(x) >> (x % 63);
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const int64_t d = std::max<int64_t>(1, static_cast<int64_t>(x >> 1) >> (x % 63));
            QCOMPARE(divRoundHalfEven(Int128(n), d), reference(Int128(n), d));
        }
        // Past 64 bits the 128-bit path is taken.
        const Int128 big = Int128(INT64_MAX) * 1000 + 500;
        QCOMPARE(divRoundHalfEven(big, 1000), reference(big, 1000));
    }
    void currency()
    {
        QVERIFY(Currency::parse("usd"));
        QCOMPARE(QString::fromStdString(Currency::parse("eur")->str()), QStringLiteral("EUR"));
        QVERIFY(!Currency::parse("US"));
        QVERIFY(!Currency::parse("U$D"));
    }
};

QTEST_APPLESS_MAIN(TestMoney)
#include "tst_money.moc"
