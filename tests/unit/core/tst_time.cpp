// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Time.h"

#include <QDateTime>
#include <QTest>

using namespace il;

class TestTime final : public QObject {
    Q_OBJECT
private slots:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("ms");
        const qint64 base = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
        QTest::newRow("Z") << "2026-03-01T12:00:00Z" << true << base;
        QTest::newRow("offset") << "2026-03-01T14:00:00+02:00" << true << base;
        QTest::newRow("negative offset") << "2026-03-01T07:00:00-05:00" << true << base;
        QTest::newRow("compact offset") << "2026-03-01T14:00:00+0200" << true << base;
        QTest::newRow("fraction") << "2026-03-01T12:00:00.250Z" << true << base + 250;
        QTest::newRow("micro fraction") << "2026-03-01T12:00:00.123456Z" << true << base + 123;
        QTest::newRow("space") << "2026-03-01 12:00:00" << true << base;
        QTest::newRow("padded") << " \t2026-03-01T12:00:00Z\t \r" << true << base; // as CSV and JSON Lines alike
        QTest::newRow("no seconds") << "2026-03-01T12:00Z" << true << base;
        QTest::newRow("unix ms") << QString::number(base) << true << base;
        QTest::newRow("unix s") << QString::number(base / 1000) << true << base;
        QTest::newRow("date") << "2026-03-01" << true << base - 12 * 3600 * 1000;
        QTest::newRow("bad month") << "2026-13-01T00:00:00Z" << false << qint64(0);
        QTest::newRow("bad day") << "2026-02-30T00:00:00Z" << false << qint64(0);
        QTest::newRow("leap day") << "2024-02-29" << true
                                  << QDateTime(QDate(2024, 2, 29), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        QTest::newRow("garbage") << "yesterday" << false << qint64(0);
        QTest::newRow("trailing") << "2026-03-01T12:00:00Zjunk" << false << qint64(0);
        QTest::newRow("empty") << "" << false << qint64(0);
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(qint64, ms);
        auto v = parseTimestampMs(text.toStdString());
        QCOMPARE(v.has_value(), ok);
        if (ok)
            QCOMPARE(qint64(*v), ms);
    }
    void format()
    {
        QCOMPARE(QString::fromStdString(formatIsoDate(0)), QStringLiteral("1970-01-01"));
        QCOMPARE(QString::fromStdString(formatIsoTimestamp(*parseTimestampMs("2026-03-01T12:34:56Z"))),
                 QStringLiteral("2026-03-01T12:34:56Z"));
        QCOMPARE(floorTo(-1, kMsPerDay), -kMsPerDay);
    }
    void clockOverride()
    {
        setNowOverrideMs(1234);
        QCOMPARE(nowMs(), int64_t(1234));
        setNowOverrideMs(std::nullopt);
        QVERIFY(nowMs() > 1'700'000'000'000);
    }
};

QTEST_APPLESS_MAIN(TestTime)
#include "tst_time.moc"
