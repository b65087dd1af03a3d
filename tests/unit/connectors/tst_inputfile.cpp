// SPDX-License-Identifier: GPL-3.0-or-later
// InputFile: plain and gzip files read as the same text, whatever the read sizes; gzip told by its magic bytes;
// concatenated members; damaged, cut-short and trailing data named with their byte offset; Parquet refused. And the
// CSV reader on top of it: the same rows, lines and columns from a .csv and its .csv.gz.
#include "files/CsvReader.h"
#include "files/InputFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <random>

using namespace il;

namespace {

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// One gzip member per part, written with zlib's gzwrite.
bool writeGzip(const QString& path, const std::vector<QByteArray>& parts)
{
    QFile::remove(path);
    for (const QByteArray& part : parts) {
        gzFile gz = gzopen(QFile::encodeName(path).constData(), "ab6");
        if (!gz)
            return false;
        const bool ok = part.isEmpty() || gzwrite(gz, part.constData(), unsigned(part.size())) == int(part.size());
        if (gzclose(gz) != Z_OK || !ok)
            return false;
    }
    return true;
}

// Text that compresses badly enough to span many of InputFile's 256 KiB input chunks.
QByteArray noisyText(int lines)
{
    QByteArray out;
    uint32_t x = 2463534242u;
    for (int i = 0; i < lines; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out += QByteArray::number(i) + ",\"" + QByteArray::number(x, 36) + ", quoted\"," + QByteArray::number(x % 977)
            + "\n";
    }
    return out;
}

Result<QByteArray> readAll(const QString& path, size_t chunk)
{
    InputFile in(path.toStdString());
    if (auto r = in.open(); !r)
        return r.error();
    QByteArray out;
    std::vector<char> buf(chunk);
    uint64_t lastOffset = 0;
    for (;;) {
        auto got = in.read(buf.data(), buf.size());
        if (!got)
            return got.error();
        if (in.fileOffset() < lastOffset || in.fileOffset() > in.fileSize())
            return makeError("fileOffset went backwards or past the end");
        lastOffset = in.fileOffset();
        if (*got == 0)
            break;
        out.append(buf.data(), qsizetype(*got));
    }
    if (lastOffset != in.fileSize())
        return makeError("fileOffset did not reach the file size at the end");
    return out;
}

} // namespace

class TestInputFile final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }

private slots:
    void sameTextPlainOrGzip_data()
    {
        QTest::addColumn<int>("lines");
        QTest::addColumn<int>("members");
        QTest::addColumn<int>("chunk");
        QTest::newRow("empty text") << 0 << 1 << 4096;
        QTest::newRow("one line, byte by byte") << 1 << 1 << 1;
        QTest::newRow("many chunks, odd reads") << 60'000 << 1 << 4093;
        QTest::newRow("big reads") << 60'000 << 1 << (8 << 20);
        QTest::newRow("four members") << 20'000 << 4 << 65'536;
        QTest::newRow("an empty member between") << 2000 << 3 << 1000;
    }

    void sameTextPlainOrGzip()
    {
        QFETCH(int, lines);
        QFETCH(int, members);
        QFETCH(int, chunk);
        const QByteArray text = noisyText(lines);
        std::vector<QByteArray> parts;
        if (members == 3 && lines == 2000) {
            parts = { text.left(777), QByteArray(), text.mid(777) };
        } else {
            const qsizetype step = text.size() / members + 1;
            for (int i = 0; i < members; ++i)
                parts.push_back(text.mid(i * step, step));
        }
        QVERIFY(writeFile(path("t.csv"), text));
        QVERIFY(writeGzip(path("t.gz"), parts));
        auto plain = readAll(path("t.csv"), size_t(chunk));
        QVERIFY2(plain.ok(), plain.ok() ? "" : plain.error().toString().c_str());
        QCOMPARE(*plain, text);
        auto gz = readAll(path("t.gz"), size_t(chunk));
        QVERIFY2(gz.ok(), gz.ok() ? "" : gz.error().toString().c_str());
        QCOMPARE(gz->size(), text.size());
        QVERIFY(*gz == text);

        InputFile in(path("t.gz").toStdString());
        QVERIFY(in.open());
        QCOMPARE(in.format(), InputFile::Format::Gzip);
        auto head = readTextHead(path("t.gz").toStdString(), 100);
        QVERIFY(head.ok());
        QCOMPARE(QByteArray::fromStdString(*head), text.left(100));
    }

    void csvRowsTheSame()
    {
        const QByteArray text = "a,b,c\n" + noisyText(30'000) + "x,\"multi\nline\",z"; // no final newline
        QVERIFY(writeFile(path("rows.csv"), text));
        QVERIFY(writeGzip(path("rows.csv.gz"), { text.left(100'001), text.mid(100'001) }));
        CsvReader plain(path("rows.csv").toStdString(), 1 << 16), gz(path("rows.csv.gz").toStdString(), 1 << 16);
        QVERIFY(plain.open());
        QVERIFY(gz.open());
        std::vector<CsvReader::Field> a, b;
        int rows = 0;
        for (;;) {
            const bool more = plain.next(a);
            QCOMPARE(gz.next(b), more);
            if (!more)
                break;
            ++rows;
            QCOMPARE(gz.line(), plain.line());
            QCOMPARE(b.size(), a.size());
            for (size_t i = 0; i < a.size(); ++i) {
                QVERIFY2(b[i].text == a[i].text,
                         qPrintable(QStringLiteral("row %1 field %2: '%3' vs '%4'")
                                        .arg(rows)
                                        .arg(i)
                                        .arg(QString::fromUtf8(b[i].text.data(), qsizetype(b[i].text.size())),
                                             QString::fromUtf8(a[i].text.data(), qsizetype(a[i].text.size())))));
                QCOMPARE(b[i].column, a[i].column);
            }
        }
        QVERIFY(!plain.error());
        QVERIFY2(!gz.error(), gz.error() ? gz.error()->toString().c_str() : "");
        QCOMPARE(rows, 30'002);
        QCOMPARE(gz.bytesRead(), gz.fileSize()); // progress against the compressed size ends at 100 %
    }

    // Rows without quotes are split in one vectorised pass; rows with quotes by the full parser. Both against a
    // plain reference split, over random rows: fields of 0..40 bytes across the 16-byte steps, empty fields,
    // CRLF, quotes anywhere, a block without a final newline.
    void blockRowsSplitAsTheReference()
    {
        std::mt19937 rng(7);
        QByteArray text;
        std::vector<std::vector<QByteArray>> want;
        std::vector<std::vector<int>> wantColumns;
        for (int row = 0; row < 5000; ++row) {
            const int n = 1 + int(rng() % 25);
            std::vector<QByteArray> fields;
            std::vector<int> columns;
            QByteArray line;
            for (int f = 0; f < n; ++f) {
                if (f)
                    line += ',';
                columns.push_back(int(line.size()) + 1);
                QByteArray value;
                const int len = int(rng() % 41) + (n == 1 ? 1 : 0); // a lone empty field would be a blank line
                for (int i = 0; i < len; ++i)
                    value += char('a' + rng() % 26);
                if (rng() % 40 == 0) {
                    value.insert(int(rng() % (value.size() + 1)), "x,\"y\"\n");
                    line += '"' + QByteArray(value).replace("\"", "\"\"") + '"';
                } else {
                    line += value;
                }
                fields.push_back(value);
            }
            text += line + (rng() % 4 == 0 ? "\r\n" : "\n");
            want.push_back(fields);
            wantColumns.push_back(columns);
        }
        text += "last,row"; // no final newline
        want.push_back({"last", "row"});
        wantColumns.push_back({1, 6});
        CsvReader csv("block.csv");
        csv.setBlock(std::string_view(text.constData(), size_t(text.size())), true);
        std::vector<CsvReader::Field> got;
        for (size_t r = 0; r < want.size(); ++r) {
            QVERIFY2(csv.next(got), qPrintable(QStringLiteral("row %1").arg(r)));
            QCOMPARE(got.size(), want[r].size());
            for (size_t i = 0; i < got.size(); ++i) {
                QCOMPARE(QByteArray(got[i].text.data(), qsizetype(got[i].text.size())), want[r][i]);
                QCOMPARE(got[i].column, wantColumns[r][i]);
            }
        }
        QVERIFY(!csv.next(got));
        QVERIFY(!csv.error());
    }

    // The last row without a newline, ending in a quoted field: the read that finds the end of the file moves the
    // buffer, and the row must be scanned again from where it now is (it was once refused as "not closed").
    void lastRowWithoutNewline_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("gzip");
        const QByteArray text = "a,b,c\n1,2,3\nx,\"multi\nline\",\"z\"";
        QTest::newRow("plain") << text << false;
        QTest::newRow("gzip") << text << true;
        QTest::newRow("plain, CRLF") << QByteArray(text).replace("\n", "\r\n") << false;
    }

    void lastRowWithoutNewline()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, gzip);
        QVERIFY(gzip ? writeGzip(path("last.csv"), { text }) : writeFile(path("last.csv"), text));
        CsvReader csv(path("last.csv").toStdString());
        QVERIFY(csv.open());
        std::vector<CsvReader::Field> row;
        QStringList rows;
        while (csv.next(row)) {
            QStringList fields;
            for (const CsvReader::Field& f : row)
                fields << QString::fromUtf8(f.text.data(), qsizetype(f.text.size()));
            rows << fields.join(QLatin1Char('|'));
        }
        QVERIFY2(!csv.error(), csv.error() ? csv.error()->toString().c_str() : "");
        const QString multi = text.contains("\r\n") ? QStringLiteral("multi\r\nline") : QStringLiteral("multi\nline");
        QCOMPARE(
            rows,
            (QStringList { QStringLiteral("a|b|c"), QStringLiteral("1|2|3"), QStringLiteral("x|%1|z").arg(multi) }));
    }

    void damagedNamedWithByteOffset_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("cut short") << QStringLiteral("cut")
                                   << QStringLiteral("the gzip stream ends early, at byte offset ");
        QTest::newRow("altered") << QStringLiteral("alter") << QStringLiteral("the gzip stream is damaged");
        QTest::newRow("checksum") << QStringLiteral("crc") << QStringLiteral("its checksum at byte offset ");
        QTest::newRow("trailing data") << QStringLiteral(
            "trail") << QStringLiteral("unexpected data after the end of the gzip stream, at byte offset ");
        QTest::newRow("header only") << QStringLiteral("header") << QStringLiteral("ends early, at byte offset ");
    }

    void damagedNamedWithByteOffset()
    {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        QVERIFY(writeGzip(path("good.gz"), { noisyText(20'000) }));
        QByteArray gz = readFile(path("good.gz"));
        qint64 offset = -1;
        if (damage == QStringLiteral("cut")) {
            offset = gz.size() / 2;
            gz.truncate(offset);
        } else if (damage == QStringLiteral("alter")) {
            for (qsizetype i = 1000; i < 1200; ++i)
                gz[i] = char(gz[i] ^ 0x5a);
        } else if (damage == QStringLiteral("crc")) {
            gz[gz.size() - 8] = char(gz[gz.size() - 8] ^ 1); // the CRC-32 in the trailer
            offset = gz.size() - 4; // checked once read, before the length that follows it
        } else if (damage == QStringLiteral("trail")) {
            offset = gz.size();
            gz += "garbage";
        } else {
            gz.truncate(10);
            offset = 10;
        }
        QVERIFY(writeFile(path("bad.gz"), gz));
        auto r = readAll(path("bad.gz"), 1 << 16);
        QVERIFY(!r.ok());
        const QString text = QString::fromStdString(r.error().toString());
        QVERIFY2(text.startsWith(path("bad.gz") + QStringLiteral(": ")), qPrintable(text)); // names the file
        QVERIFY2(text.contains(expected), qPrintable(text));
        if (offset >= 0)
            QVERIFY2(text.contains(QStringLiteral("byte offset %1").arg(offset)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Nothing was imported")), qPrintable(text));
    }

    void trailingZeroPaddingIsIgnored()
    {
        const QByteArray text = noisyText(100);
        QVERIFY(writeGzip(path("padded.gz"), { text }));
        QVERIFY(writeFile(path("padded.gz"), readFile(path("padded.gz")) + QByteArray(512, '\0')));
        auto r = readAll(path("padded.gz"), 4096);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
        QVERIFY(*r == text);
    }

    void parquetRefused()
    {
        QVERIFY(writeFile(path("x.parquet"), QByteArray("PAR1") + QByteArray(100, '\0') + QByteArray("PAR1")));
        InputFile in(path("x.parquet").toStdString());
        auto r = in.open();
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.error().source), path("x.parquet"));
        QVERIFY(QString::fromStdString(r.error().message).contains(QStringLiteral("Parquet")));
        QVERIFY(QString::fromStdString(r.error().hint).contains(QStringLiteral("\"CSV (gzip)\"")));
        QVERIFY(!readTextHead(path("x.parquet").toStdString(), 64).ok());
    }

    void missingAndFolder()
    {
        InputFile missing(path("nope.csv").toStdString());
        QVERIFY(!missing.open().ok());
        InputFile folder(m_dir.path().toStdString());
        auto r = folder.open();
        QVERIFY(!r.ok());
        QVERIFY(QString::fromStdString(r.error().message).contains(QStringLiteral("folder")));
    }
};

QTEST_APPLESS_MAIN(TestInputFile)
#include "tst_inputfile.moc"
