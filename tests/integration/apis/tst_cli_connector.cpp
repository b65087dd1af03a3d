// SPDX-License-Identifier: GPL-3.0-or-later
// `inferledger connector …` and `inferledger sync` with the real binary, a real store and a fake OpenAI organization
// API on 127.0.0.1: the whole command-line life of a connector, plain-words errors, and a sync killed half-way
// (SIGKILL) or interrupted (SIGINT) that resumes without loss or duplicates.
#include "FakeProviders.h"
#include "SyncTestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <csignal>
#include <thread>

using namespace il;
using namespace il::test;
using namespace std::chrono_literals;

namespace {

constexpr int64_t kJan1 = 1'767'225'600'000;
constexpr int64_t kJan8 = kJan1 + 7 * kDayMs;
constexpr int64_t kJan15 = kJan1 + 14 * kDayMs;
constexpr int64_t kNow = kJan1 + 20 * kDayMs + 12 * kHourMs; // 2026-01-21T12:00:00Z
const char* kNowText = "2026-01-21T12:00:00Z";

struct Run {
    int exitCode = -1;
    QString out, err;
};

} // namespace

class TestCliConnector final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    TestHttpServer m_server;
    std::unique_ptr<FakeOpenAi> m_fake;
    int m_n = 0;
    QString m_db;

    QProcessEnvironment env(const QString& key) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("INFERLEDGER_NOW"), QString::fromUtf8(kNowText));
        if (key.isNull())
            e.remove(QStringLiteral("OA_KEY"));
        else
            e.insert(QStringLiteral("OA_KEY"), key);
        return e;
    }
    QString key() const { return QString::fromStdString(m_fake->key); }

    void start(QProcess& p, const QStringList& args, const QString& keyValue, const QString& db = {})
    {
        p.setProcessEnvironment(env(keyValue));
        p.setStandardInputFile(QProcess::nullDevice());
        p.start(QString::fromUtf8(INFERLEDGER_BINARY),
                QStringList { QStringLiteral("--db"), db.isEmpty() ? m_db : db } + args);
        QVERIFY(p.waitForStarted());
    }

    // keyValue: what OA_KEY holds (nullopt: the fake's key; a null QString: OA_KEY unset).
    Run run(const QStringList& args, const std::optional<QString>& keyValue = std::nullopt, const QString& db = {})
    {
        QProcess p;
        start(p, args, keyValue.value_or(key()), db);
        p.waitForFinished(60'000);
        return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                 QString::fromUtf8(p.readAllStandardError()) };
    }

    void addOpenAi(const QString& db = {})
    {
        Run r
            = run({ QStringLiteral("connector"), QStringLiteral("add"), QStringLiteral("oa"), QStringLiteral("--type"),
                    QStringLiteral("openai"), QStringLiteral("--base-url"), QString::fromStdString(m_server.baseUrl()),
                    QStringLiteral("--key-env"), QStringLiteral("OA_KEY"), QStringLiteral("--option"),
                    QStringLiteral("project.proj_support=support-assistant"), QStringLiteral("--option"),
                    QStringLiteral("initial_days=20"), QStringLiteral("--option"), QStringLiteral("timeout=5") },
                  key(), db);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }

    std::unique_ptr<Store> open(const QString& db = {})
    {
        auto s = Store::open((db.isEmpty() ? m_db : db).toStdString());
        return s ? std::move(*s) : nullptr;
    }

    // Waits until the fake has been asked for a period starting at or after fromMs.
    bool waitForRequestFrom(int64_t fromMs, std::chrono::seconds timeout = 30s)
    {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < until) {
            for (const TestRequest& r : m_server.requests())
                if (r.hasQuery("start_time") && std::stoll(r.queryValue("start_time")) * 1000 >= fromMs)
                    return true;
            std::this_thread::sleep_for(20ms);
        }
        return false;
    }

private slots:
    void initTestCase() { QVERIFY2(m_server.start(), m_server.errorString().c_str()); }

    void init()
    {
        m_server.clearRoutes();
        m_server.clearRequests();
        m_fake = std::make_unique<FakeOpenAi>();
        m_fake->install(m_server);
        m_fake->fillDays(kJan1, 21);
        m_db = m_dir.filePath(QStringLiteral("cli%1.db").arg(++m_n));
    }

    void connectorLifecycle()
    {
        addOpenAi();
        Run dup
            = run({ QStringLiteral("connector"), QStringLiteral("add"), QStringLiteral("oa"), QStringLiteral("--type"),
                    QStringLiteral("openai"), QStringLiteral("--key-env"), QStringLiteral("OA_KEY") });
        QCOMPARE(dup.exitCode, 1);
        QVERIFY2(dup.err.contains(QStringLiteral("a connector named 'oa' already exists")), qPrintable(dup.err));
        Run typo = run({ QStringLiteral("connector"), QStringLiteral("add"), QStringLiteral("x"),
                         QStringLiteral("--type"), QStringLiteral("openai"), QStringLiteral("--key-env"),
                         QStringLiteral("OA_KEY"), QStringLiteral("--option"), QStringLiteral("projct.p=f") });
        QCOMPARE(typo.exitCode, 1);
        QVERIFY(typo.err.contains(QStringLiteral("unknown option 'projct.p'")));
        Run focus = run({ QStringLiteral("connector"), QStringLiteral("add"), QStringLiteral("f"),
                          QStringLiteral("--type"), QStringLiteral("focus") });
        QCOMPARE(focus.exitCode, 1);
        QVERIFY2(focus.err.contains(QStringLiteral("--option path=")), qPrintable(focus.err)); // a folder connector needs its folder
        // No --key-env: the key would go to the OS keychain. Without one (as here), or without a key on stdin, the
        // error says to use --key-env, and nothing is stored.
        Run keychain = run({ QStringLiteral("connector"), QStringLiteral("add"), QStringLiteral("kc"),
                             QStringLiteral("--type"), QStringLiteral("anthropic") });
        QCOMPARE(keychain.exitCode, 1);
        QVERIFY2(keychain.err.contains(QStringLiteral("--key-env")), qPrintable(keychain.err));
        Run noType = run({ QStringLiteral("connector"), QStringLiteral("add"), QStringLiteral("y") });
        QCOMPARE(noType.exitCode, 64);

        Run list = run({ QStringLiteral("connector"), QStringLiteral("list"), QStringLiteral("--format"),
                         QStringLiteral("json") });
        QCOMPARE(list.exitCode, 0);
        const QJsonArray a = QJsonDocument::fromJson(list.out.toUtf8()).array();
        QCOMPARE(a.size(), 1);
        QCOMPARE(a[0][QStringLiteral("name")].toString(), QStringLiteral("oa"));
        QCOMPARE(a[0][QStringLiteral("key")][QStringLiteral("storage")].toString(), QStringLiteral("env"));
        QCOMPARE(a[0][QStringLiteral("key")][QStringLiteral("variable")].toString(), QStringLiteral("OA_KEY"));
        QCOMPARE(a[0][QStringLiteral("options")][QStringLiteral("project.proj_support")].toString(),
                 QStringLiteral("support-assistant"));
        QVERIFY(a[0][QStringLiteral("last_success")].isNull());

        Run test = run({ QStringLiteral("connector"), QStringLiteral("test"), QStringLiteral("oa") });
        QVERIFY2(test.exitCode == 0, qPrintable(test.err));
        QVERIFY(test.out.contains(QStringLiteral("accepted the admin key")));
        Run unset = run({ QStringLiteral("connector"), QStringLiteral("test"), QStringLiteral("oa") }, QString());
        QCOMPARE(unset.exitCode, 1);
        QVERIFY(unset.err.contains(QStringLiteral("the environment variable OA_KEY is not set")));

        Run text = run({ QStringLiteral("connector"), QStringLiteral("list") });
        QVERIFY(text.out.contains(QStringLiteral("oa  openai")));
        QVERIFY(text.out.contains(QStringLiteral("never synced")));

        Run removed = run({ QStringLiteral("connector"), QStringLiteral("remove"), QStringLiteral("oa") });
        QCOMPARE(removed.exitCode, 0);
        Run again = run({ QStringLiteral("connector"), QStringLiteral("remove"), QStringLiteral("oa") });
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains(QStringLiteral("no connector is named 'oa'")));
    }

    void syncAndStatus()
    {
        addOpenAi();
        Run r = run({ QStringLiteral("sync"), QStringLiteral("--format"), QStringLiteral("json") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray a = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(a.size(), 1);
        QCOMPARE(a[0][QStringLiteral("ok")].toBool(), true);
        QCOMPARE(a[0][QStringLiteral("usage_buckets_added")].toInt(), 42);
        QCOMPARE(a[0][QStringLiteral("cost_buckets_added")].toInt(), 42);
        QCOMPARE(a[0][QStringLiteral("batches")].toInt(), 3);
        QCOMPARE(a[0][QStringLiteral("watermark")].toString(), QString::fromUtf8(kNowText));
        QVERIFY2(r.err.contains(QStringLiteral("sync oa: batch 3/3 stored")), qPrintable(r.err));

        Run list = run({ QStringLiteral("connector"), QStringLiteral("list") });
        QVERIFY2(list.out.contains(QStringLiteral("last success: 2026-01-21T12:00:00Z; last run added 84 rows")),
                 qPrintable(list.out));
        QVERIFY(list.out.contains(QStringLiteral("data complete up to 2026-01-21T12:00:00Z")));

        Run again = run({ QStringLiteral("sync"), QStringLiteral("oa") });
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains(QStringLiteral("0 usage buckets added, 0 corrected")), qPrintable(again.out));

        Run explicitPeriod = run({ QStringLiteral("sync"), QStringLiteral("oa"), QStringLiteral("--from"),
                                   QStringLiteral("2026-01-05"), QStringLiteral("--to"), QStringLiteral("2026-01-06"),
                                   QStringLiteral("--format"), QStringLiteral("json") });
        QCOMPARE(explicitPeriod.exitCode, 0);
        const QJsonObject e = QJsonDocument::fromJson(explicitPeriod.out.toUtf8()).array()[0].toObject();
        QCOMPARE(e[QStringLiteral("from")].toString(), QStringLiteral("2026-01-05T00:00:00Z"));
        QCOMPARE(e[QStringLiteral("to")].toString(), QStringLiteral("2026-01-07T00:00:00Z")); // --to is inclusive
        QCOMPARE(e[QStringLiteral("usage_buckets_added")].toInt(), 0);
        QCOMPARE(e[QStringLiteral("watermark")].toString(), QString::fromUtf8(kNowText)); // never moves back

        auto store = open();
        QVERIFY(store);
        QCOMPARE(scalar(*store, "SELECT COUNT(*) FROM usage_bucket"), 42LL);
        QCOMPARE(scalar(*store, "SELECT COUNT(*) FROM cost_bucket"), 42LL);
        store.reset();
        // The key is nowhere in the store file.
        for (const QString& suffix : { QString(), QStringLiteral("-wal") }) {
            QFile f(m_db + suffix);
            if (f.open(QIODevice::ReadOnly))
                QVERIFY(!f.readAll().contains(m_fake->key.c_str()));
        }

        QCOMPARE(run({ QStringLiteral("sync"), QStringLiteral("nope") }).exitCode, 1);
        QCOMPARE(run({ QStringLiteral("sync"), QStringLiteral("--from"), QStringLiteral("last tuesday") }).exitCode,
                 64);
    }

    void refusedKeySaysWhereToGetOne()
    {
        addOpenAi();
        Run r = run({ QStringLiteral("sync"), QStringLiteral("oa") }, QStringLiteral("sk-proj-not-an-admin-key"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("the provider refused the key for connector 'oa'")), qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("Admin keys")));
        QVERIFY(r.err.contains(QStringLiteral("OA_KEY")));
        QVERIFY(!r.err.contains(QStringLiteral("sk-proj-not-an-admin-key")));
        Run list = run({ QStringLiteral("connector"), QStringLiteral("list"), QStringLiteral("--format"),
                         QStringLiteral("json") });
        const QJsonObject o = QJsonDocument::fromJson(list.out.toUtf8()).array()[0].toObject();
        QVERIFY(o[QStringLiteral("last_error")].toString().contains(QStringLiteral("refused the key")));
        QCOMPARE(o[QStringLiteral("last_error_at")].toString(), QString::fromUtf8(kNowText));
        QVERIFY(o[QStringLiteral("watermark")].isNull());
    }

    void killedMidSyncResumesWithoutLossOrDuplicates()
    {
        addOpenAi();
        // The provider stalls on the third week; the process is killed while it waits.
        m_fake->slowFrom(kJan15, 60s);
        QProcess p;
        start(p, { QStringLiteral("sync"), QStringLiteral("oa") }, key());
        QVERIFY(waitForRequestFrom(kJan15));
        p.kill(); // SIGKILL: no chance to clean up
        QVERIFY(p.waitForFinished(10'000));
        {
            auto store = open();
            QVERIFY(store);
            // Two whole batches stored, with their watermark; nothing of the third.
            QCOMPARE(*stateOf(*store, "oa").watermarkMs, kJan15);
            QCOMPARE(scalar(*store, "SELECT COUNT(*) FROM usage_bucket"), 28LL);
            QCOMPARE(scalar(*store, "SELECT COUNT(*) FROM cost_bucket"), 28LL);
            QCOMPARE(scalar(*store, "SELECT MAX(start_ms) FROM usage_bucket"), kJan15 - kDayMs);
        }
        m_fake->slowFrom(INT64_MAX, 0ms);
        Run resumed
            = run({ QStringLiteral("sync"), QStringLiteral("oa"), QStringLiteral("--format"), QStringLiteral("json") });
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        const QJsonObject o = QJsonDocument::fromJson(resumed.out.toUtf8()).array()[0].toObject();
        QCOMPARE(o[QStringLiteral("from")].toString(), QStringLiteral("2026-01-13T00:00:00Z")); // watermark − 2 days
        QCOMPARE(o[QStringLiteral("usage_buckets_added")].toInt(), 14);

        // The same as one uninterrupted sync into a fresh store.
        const QString cleanDb = m_dir.filePath(QStringLiteral("clean%1.db").arg(m_n));
        addOpenAi(cleanDb);
        QCOMPARE(run({ QStringLiteral("sync"), QStringLiteral("oa") }, key(), cleanDb).exitCode, 0);
        auto a = open();
        auto b = open(cleanDb);
        QVERIFY(a && b);
        const auto facts = dumpFacts(*a);
        QCOMPARE(facts.size(), size_t(84));
        QCOMPARE(facts, dumpFacts(*b));
        QCOMPARE(*stateOf(*a, "oa").watermarkMs, kNow);
    }

    void interruptStopsCleanly()
    {
        addOpenAi();
        m_fake->slowFrom(kJan8, 60s);
        QProcess p;
        start(p, { QStringLiteral("sync"), QStringLiteral("oa") }, key());
        QVERIFY(waitForRequestFrom(kJan8));
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY2(p.waitForFinished(15'000), "Ctrl-C did not stop the sync");
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY2(err.contains(QStringLiteral("sync of oa cancelled: 1 of 3 batches were stored")), qPrintable(err));
        auto store = open();
        QVERIFY(store);
        const SyncState st = stateOf(*store, "oa");
        QCOMPARE(*st.watermarkMs, kJan8);
        QVERIFY(st.lastError.find("cancelled") != std::string::npos);
        QCOMPARE(scalar(*store, "SELECT COUNT(*) FROM usage_bucket"), 14LL);
        QCOMPARE(scalar(*store, "SELECT COUNT(*) FROM import_log WHERE status='running'"), 0LL);
    }
};

QTEST_GUILESS_MAIN(TestCliConnector)
#include "tst_cli_connector.moc"
