// SPDX-License-Identifier: GPL-3.0-or-later
// SecretStore implementations: memory, environment variable, and the keychain when there is none.
#include "secrets/SecretStore.h"

#include <QtTest>

using namespace std::chrono_literals;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

bool contains(const std::string& text, const char* part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

class TestSecretStore final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void memoryRoundTrip();
    void memoryMissingNamesConnector();
    void envReadsVariable_data();
    void envReadsVariable();
    void envErrors_data();
    void envErrors();
    void envPerConnectorVariable();
    void envIsReadOnly();
    void keychainWithoutSecretService();
};

void TestSecretStore::initTestCase()
{
    // No session bus and nothing to autolaunch one: the state of a CI machine, whatever this machine has.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/inferledger-test-bus");
    qunsetenv("DISPLAY");
    qunsetenv("WAYLAND_DISPLAY");
}

void TestSecretStore::memoryRoundTrip()
{
    il::MemorySecretStore store;
    QVERIFY(store.set("openai", "sk-one").ok());
    QVERIFY(store.set("anthropic", "sk-ant-two").ok());
    auto got = store.get("openai");
    QVERIFY(got.ok());
    QCOMPARE(q(*got), QStringLiteral("sk-one"));
    QVERIFY(store.set("openai", "sk-three").ok());
    QCOMPARE(q(*store.get("openai")), QStringLiteral("sk-three"));
    QVERIFY(store.remove("openai").ok());
    QVERIFY(!store.get("openai").ok());
    QVERIFY(store.remove("openai").ok()); // removing what is gone is fine
    QCOMPARE(q(*store.get("anthropic")), QStringLiteral("sk-ant-two"));
}

void TestSecretStore::memoryMissingNamesConnector()
{
    il::MemorySecretStore store;
    auto got = store.get("prod-openai");
    QVERIFY(!got.ok());
    QVERIFY2(contains(got.error().message, "prod-openai"), got.error().message.c_str());
    QCOMPARE(q(got.error().source), QStringLiteral("prod-openai"));
    QVERIFY(!got.error().hint.empty());
}

void TestSecretStore::envReadsVariable_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QByteArray("sk-env-123") << QStringLiteral("sk-env-123");
    QTest::newRow("pasted with newline") << QByteArray("sk-env-123\n") << QStringLiteral("sk-env-123");
    QTest::newRow("spaces") << QByteArray("  sk-env-123 \r\n") << QStringLiteral("sk-env-123");
}

void TestSecretStore::envReadsVariable()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, expected);
    qputenv("INFERLEDGER_TEST_KEY", value);
    il::EnvSecretStore store("INFERLEDGER_TEST_KEY");
    auto got = store.get("openai");
    QVERIFY2(got.ok(), got.ok() ? "" : got.error().toString().c_str());
    QCOMPARE(q(*got), expected);
    qunsetenv("INFERLEDGER_TEST_KEY");
}

void TestSecretStore::envErrors_data()
{
    QTest::addColumn<QString>("variable");
    QTest::addColumn<bool>("setEmpty");
    QTest::addColumn<QString>("messagePart");
    QTest::addColumn<QString>("hintPart");
    QTest::newRow("unset") << QStringLiteral("INFERLEDGER_TEST_MISSING") << false
                           << QStringLiteral("environment variable INFERLEDGER_TEST_MISSING is not set")
                           << QStringLiteral("Export INFERLEDGER_TEST_MISSING=");
    QTest::newRow("empty") << QStringLiteral("INFERLEDGER_TEST_EMPTY") << true
                           << QStringLiteral("environment variable INFERLEDGER_TEST_EMPTY is empty")
                           << QStringLiteral("--key-env");
    QTest::newRow("none named") << QString() << false << QStringLiteral("no environment variable is named")
                                << QStringLiteral("--key-env VAR");
}

void TestSecretStore::envErrors()
{
    QFETCH(QString, variable);
    QFETCH(bool, setEmpty);
    QFETCH(QString, messagePart);
    QFETCH(QString, hintPart);
    const QByteArray name = variable.toUtf8();
    if (!name.isEmpty()) {
        if (setEmpty)
            qputenv(name.constData(), QByteArray(" \n"));
        else
            qunsetenv(name.constData());
    }
    il::EnvSecretStore store(variable.toStdString());
    auto got = store.get("anthropic");
    QVERIFY(!got.ok());
    QVERIFY2(q(got.error().message).contains(messagePart), got.error().message.c_str());
    QVERIFY2(q(got.error().hint).contains(hintPart), got.error().hint.c_str());
    QCOMPARE(q(got.error().source), QStringLiteral("anthropic"));
    if (!name.isEmpty())
        qunsetenv(name.constData());
}

void TestSecretStore::envPerConnectorVariable()
{
    qputenv("INFERLEDGER_TEST_A", "key-a");
    qputenv("INFERLEDGER_TEST_B", "key-b");
    il::EnvSecretStore store("INFERLEDGER_TEST_A");
    store.setVariable("anthropic", "INFERLEDGER_TEST_B");
    QCOMPARE(q(*store.get("openai")), QStringLiteral("key-a"));
    QCOMPARE(q(*store.get("anthropic")), QStringLiteral("key-b"));
    QCOMPARE(q(store.variableFor("anthropic")), QStringLiteral("INFERLEDGER_TEST_B"));
    qunsetenv("INFERLEDGER_TEST_A");
    qunsetenv("INFERLEDGER_TEST_B");
}

void TestSecretStore::envIsReadOnly()
{
    il::EnvSecretStore store("INFERLEDGER_TEST_KEY");
    auto set = store.set("openai", "sk-new-key-value");
    QVERIFY(!set.ok());
    QVERIFY2(contains(set.error().message, "INFERLEDGER_TEST_KEY"), set.error().message.c_str());
    QVERIFY(!contains(set.error().toString(), "sk-new-key-value"));
    QVERIFY(!store.remove("openai").ok());
}

void TestSecretStore::keychainWithoutSecretService()
{
    il::KeychainSecretStore store(il::KeychainSecretStore::kDefaultService, 20s);
    const std::string connector = "inferledger-test-" + std::to_string(QCoreApplication::applicationPid());
    auto got = store.get(connector);
    if (got.ok() || contains(got.error().message, "no API key is stored"))
        QSKIP("an OS keychain works here even without a session bus");
    const il::Error& e = got.error();
    QVERIFY2(contains(e.message, "the OS keychain is not available"), e.toString().c_str());
    QVERIFY2(contains(e.hint, "--key-env VAR"), e.hint.c_str());
    QVERIFY2(contains(e.hint, "environment variable"), e.hint.c_str());
    QCOMPARE(q(e.source), q(connector));

    auto set = store.set(connector, "sk-never-stored");
    QVERIFY(!set.ok());
    QVERIFY2(contains(set.error().hint, "--key-env"), set.error().toString().c_str());
    QVERIFY(!contains(set.error().toString(), "sk-never-stored"));
    auto removed = store.remove(connector);
    QVERIFY(!removed.ok());
    QVERIFY2(contains(removed.error().hint, "--key-env"), removed.error().toString().c_str());
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
