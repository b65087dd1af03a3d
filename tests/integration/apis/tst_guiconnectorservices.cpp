// SPDX-License-Identifier: GPL-3.0-or-later
// The Connectors page's remove with the app's real services (GuiConnectorServices) on a real store: a connector
// whose key is kept in the keychain takes its key with it, and a keychain that refuses to delete it is said so.
// The keychain is injected: a MemorySecretStore, and one that refuses every removal (as a locked keychain does).
#include "GuiConnectorServices.h"

#include "SyncTestSupport.h"

#include "secrets/SecretStore.h"

#include "store/ConnectorStore.h"
#include "store/Store.h"

#include <QtTest>

using namespace il;
using namespace il::test;

namespace {

// A keychain that keeps keys but will not delete them: the user declined the prompt, say.
class RefusingSecretStore final : public SecretStore {
public:
    Result<std::string> get(const std::string& connector) override { return m_inner.get(connector); }
    Result<void> set(const std::string& connector, const std::string& secret) override
    {
        return m_inner.set(connector, secret);
    }
    Result<void> remove(const std::string& connector) override
    {
        Error e = makeError("access to the OS keychain was denied while removing the API key",
                            "Allow InferLedger to use the keychain");
        e.source = connector;
        return e;
    }

private:
    MemorySecretStore m_inner;
};

ConnectorConfig openAi(const std::string& name, KeyStorage storage)
{
    ConnectorConfig c;
    c.name = name;
    c.type = "openai";
    c.keyStorage = storage;
    if (storage == KeyStorage::Env)
        c.keyEnv = "OA_TEST_KEY";
    return c;
}

} // namespace

class TestGuiConnectorServices final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_n = 0;

    std::string freshPath() { return m_dir.filePath(QStringLiteral("gui%1.db").arg(++m_n)).toStdString(); }

private slots:
    void removeDeletesTheKeychainKey()
    {
        auto keychain = std::make_shared<MemorySecretStore>();
        GuiConnectorServices services(freshPath(), keychain);
        QVERIFY(services.add(openAi("oa-prod", KeyStorage::Keychain), "sk-admin-KEEP-ME-SECRET-123"));
        QCOMPARE(QString::fromStdString(*keychain->get("oa-prod")), QStringLiteral("sk-admin-KEEP-ME-SECRET-123"));
        QCOMPARE(QString::fromStdString(*services.keyFor("oa-prod")), QStringLiteral("sk-admin-KEEP-ME-SECRET-123"));

        auto removed = services.remove("oa-prod");
        QVERIFY2(removed.ok(), removed.ok() ? "" : removed.error().toString().c_str());
        QVERIFY(*removed);
        QVERIFY(!keychain->get("oa-prod").ok()); // the key went with it
        QVERIFY(services.list()->empty());
        // The name can be used again, with a new key.
        QVERIFY(services.add(openAi("oa-prod", KeyStorage::Keychain), "sk-admin-NEW"));
        QCOMPARE(QString::fromStdString(*keychain->get("oa-prod")), QStringLiteral("sk-admin-NEW"));
    }

    void editKeepsTheKeyAndTheSyncState()
    {
        auto keychain = std::make_shared<MemorySecretStore>();
        const std::string path = freshPath();
        GuiConnectorServices services(path, keychain);
        QVERIFY(services.add(openAi("oa-prod", KeyStorage::Keychain), "sk-admin-ORIGINAL"));
        {
            auto store = Store::open(path);
            QVERIFY(store.ok());
            SyncState st;
            st.connector = "oa-prod";
            st.watermarkMs = 1'780'000'000'000;
            QVERIFY(ConnectorStore(**store).saveSyncState(st).ok());
        }
        // Edited with the key field left empty: a new option, the same key, the same watermark.
        ConnectorConfig edited = openAi("oa-prod", KeyStorage::Keychain);
        edited.options["bucket_width"] = "1h";
        auto r = services.update(edited, {});
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
        QCOMPARE(QString::fromStdString(*keychain->get("oa-prod")), QStringLiteral("sk-admin-ORIGINAL"));
        auto rows = services.list();
        QCOMPARE(rows->size(), size_t(1));
        QCOMPARE(QString::fromStdString(rows->front().config.option("bucket_width")), QStringLiteral("1h"));
        QCOMPARE(rows->front().state.watermarkMs.value_or(0), int64_t(1'780'000'000'000));
        // A new key replaces the old one; moving the key to an environment variable deletes the keychain entry.
        QVERIFY(services.update(edited, "sk-admin-ROTATED"));
        QCOMPARE(QString::fromStdString(*keychain->get("oa-prod")), QStringLiteral("sk-admin-ROTATED"));
        QVERIFY(services.update(openAi("oa-prod", KeyStorage::Env), {}));
        QVERIFY(!keychain->get("oa-prod").ok());
        // A bad edit changes nothing.
        ConnectorConfig bad = openAi("oa-prod", KeyStorage::Env);
        bad.options["bucket_widht"] = "1h";
        QVERIFY(!services.update(bad, {}).ok());
        QVERIFY(services.list()->front().config.options.empty());
        QVERIFY(!services.update(openAi("nobody", KeyStorage::Env), {}).ok());
    }

    void removeLeavesOtherKeysAlone()
    {
        auto keychain = std::make_shared<MemorySecretStore>();
        GuiConnectorServices services(freshPath(), keychain);
        QVERIFY(services.add(openAi("oa-a", KeyStorage::Keychain), "sk-admin-A"));
        QVERIFY(services.add(openAi("oa-b", KeyStorage::Keychain), "sk-admin-B"));
        // A connector whose key is in an environment variable has nothing in the keychain to delete, even when an
        // entry of the same name is there (left by another tool or an older configuration).
        QVERIFY(keychain->set("oa-env", "not-ours"));
        QVERIFY(services.add(openAi("oa-env", KeyStorage::Env), {}));

        QVERIFY(*services.remove("oa-a"));
        QVERIFY(*services.remove("oa-env"));
        QVERIFY(!keychain->get("oa-a").ok());
        QCOMPARE(QString::fromStdString(*keychain->get("oa-b")), QStringLiteral("sk-admin-B"));
        QCOMPARE(QString::fromStdString(*keychain->get("oa-env")), QStringLiteral("not-ours"));
        auto rows = services.list();
        QCOMPARE(rows->size(), size_t(1));
        QCOMPARE(QString::fromStdString(rows->front().config.name), QStringLiteral("oa-b"));
        // No such connector: false, and the keychain is not touched.
        auto none = services.remove("nobody");
        QVERIFY(none.ok());
        QVERIFY(!*none);
    }

    void refusingKeychainIsSaidSo()
    {
        auto keychain = std::make_shared<RefusingSecretStore>();
        const std::string path = freshPath();
        GuiConnectorServices services(path, keychain);
        QVERIFY(services.add(openAi("oa-locked", KeyStorage::Keychain), "sk-admin-LOCKED-0123456789"));

        auto removed = services.remove("oa-locked");
        QVERIFY(!removed.ok());
        const QString text = QString::fromStdString(removed.error().toString());
        QVERIFY2(text.contains(QStringLiteral("connector 'oa-locked' was removed, but its API key is still in the "
                                              "OS keychain (access to the OS keychain was denied")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Delete the entry 'oa-locked' of org.inferledger.InferLedger")),
                 qPrintable(text));
        QVERIFY(!text.contains(QStringLiteral("sk-admin-LOCKED")));
        // The connector itself is gone from the store, as the message says.
        QVERIFY(services.list()->empty());
        auto store = Store::open(path);
        QVERIFY(store.ok());
        QCOMPARE(scalar(**store, "SELECT COUNT(*) FROM connector"), 0LL);
        QCOMPARE(scalar(**store, "SELECT COUNT(*) FROM sync_state"), 0LL);
    }
};

QTEST_GUILESS_MAIN(TestGuiConnectorServices)
#include "tst_guiconnectorservices.moc"
