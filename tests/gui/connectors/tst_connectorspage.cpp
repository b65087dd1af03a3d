// SPDX-License-Identifier: GPL-3.0-or-later
// The Connectors page and dialog driven as a user would. The app's connector wiring is replaced by a
// recording implementation of the page's service interface (the real sync is tested in integration/apis).
#include "connectors/ConnectorDialog.h"
#include "connectors/ConnectorManagerPage.h"

#include <QComboBox>
#include <QDir>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <mutex>
#include <thread>

using namespace il;
using namespace il::ui;

namespace {

class RecordingServices final : public ConnectorServices {
public:
    std::vector<ConnectorRow> rows;
    std::vector<std::string> calls;
    std::mutex mutex;
    bool refuseKey = false;

    Result<std::vector<ConnectorRow>> list() override { return rows; }
    std::vector<std::string> types() const override { return {"openai", "anthropic", "prometheus"}; }
    Result<void> add(const ConnectorConfig& c, const std::string&) override
    {
        rows.push_back({c, {}});
        calls.push_back("add " + c.name);
        return {};
    }
    Result<void> update(const ConnectorConfig& c, const std::string&) override
    {
        for (ConnectorRow& r : rows)
            if (r.config.name == c.name)
                r.config = c;
        calls.push_back("update " + c.name);
        return {};
    }
    Result<bool> remove(const std::string& name) override
    {
        std::erase_if(rows, [&](const ConnectorRow& r) { return r.config.name == name; });
        calls.push_back("remove " + name);
        return true;
    }
    Result<std::string> keyFor(const std::string&) override { return std::string("sk-admin-test"); }
    Result<std::string> test(const std::string& name, const std::string& key, const std::atomic<bool>*) override
    {
        std::lock_guard lock(mutex);
        calls.push_back("test " + name + " " + key);
        if (refuseKey) {
            Error e;
            e.source = "connector " + name;
            e.message = "the provider refused the API key";
            e.hint = "Create an organization admin key in the OpenAI platform settings";
            return e;
        }
        return std::string("reached the organization usage API");
    }
    SyncOutcome sync(const std::string& name, const std::string&, const std::function<void(int, int, const std::string&)>& progress,
                     const std::atomic<bool>*) override
    {
        for (int i = 1; i <= 3; ++i) {
            progress(i, 3, "usage");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        std::lock_guard lock(mutex);
        calls.push_back("sync " + name);
        SyncOutcome o;
        o.summary = "42 added, 0 corrected";
        return o;
    }
};

ConnectorRow row(const char* name)
{
    ConnectorRow r;
    r.config.name = name;
    r.config.type = "openai";
    r.config.keyEnv = "OPENAI_ADMIN_KEY";
    r.state.rowsTotal = 7;
    return r;
}

} // namespace

class TestConnectorsPage final : public QObject {
    Q_OBJECT
private slots:
    void dialogValidatesInPlace()
    {
        ConnectorDialog dlg({"openai", "anthropic"}, {"taken"});
        auto* name = dlg.findChild<QLineEdit*>(QStringLiteral("connectorName"));
        auto* env = dlg.findChild<QLineEdit*>(QStringLiteral("connectorKeyEnv"));
        auto* url = dlg.findChild<QLineEdit*>(QStringLiteral("connectorBaseUrl"));
        auto* options = dlg.findChild<QPlainTextEdit*>(QStringLiteral("connectorOptions"));
        auto* hint = dlg.findChild<QLabel*>(QStringLiteral("connectorHint"));
        auto* ok = dlg.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(name && env && url && options && hint && ok);
        QVERIFY(!ok->isEnabled());
        QVERIFY(hint->text().contains(QStringLiteral("name")));
        QTest::keyClicks(name, QStringLiteral("taken"));
        QVERIFY(hint->text().contains(QStringLiteral("exists already")));
        name->clear();
        QTest::keyClicks(name, QStringLiteral("openai-prod"));
        QVERIFY(!ok->isEnabled()); // no variable named yet
        QTest::keyClicks(env, QStringLiteral("OPENAI_ADMIN_KEY"));
        QVERIFY(ok->isEnabled());
        QTest::keyClicks(url, QStringLiteral("not a url"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(hint->text().contains(QStringLiteral("base URL")));
        url->clear();
        QTest::keyClicks(url, QStringLiteral("http://127.0.0.1:8080"));
        QVERIFY(ok->isEnabled());
        options->setPlainText(QStringLiteral("project.proj_1=support-assistant\nbroken line"));
        QVERIFY(!ok->isEnabled());
        options->setPlainText(QStringLiteral("project.proj_1=support-assistant\nbucket_width=1h"));
        QVERIFY(ok->isEnabled());
        const ConnectorConfig c = dlg.config();
        QCOMPARE(QString::fromStdString(c.name), QStringLiteral("openai-prod"));
        QCOMPARE(QString::fromStdString(c.keyEnv), QStringLiteral("OPENAI_ADMIN_KEY"));
        QCOMPARE(QString::fromStdString(c.option("project.proj_1")), QStringLiteral("support-assistant"));
        QCOMPARE(QString::fromStdString(c.baseUrl), QStringLiteral("http://127.0.0.1:8080"));
    }

    void folderConnectorAsksForAFolderNotAKey()
    {
        QTemporaryDir dir;
        ConnectorDialog dlg({"openai", "focus", "otlp"}, {});
        dlg.show();
        auto* name = dlg.findChild<QLineEdit*>(QStringLiteral("connectorName"));
        auto* type = dlg.findChild<QComboBox*>(QStringLiteral("connectorType"));
        auto* folder = dlg.findChild<QLineEdit*>(QStringLiteral("connectorFolder"));
        auto* env = dlg.findChild<QLineEdit*>(QStringLiteral("connectorKeyEnv"));
        auto* hint = dlg.findChild<QLabel*>(QStringLiteral("connectorHint"));
        auto* ok = dlg.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(name && type && folder && env && hint && ok);
        QVERIFY(!folder->isVisible());
        type->setCurrentText(QStringLiteral("focus"));
        QVERIFY(folder->isVisible());
        QVERIFY(!env->isVisible()); // no key for a folder
        QTest::keyClicks(name, QStringLiteral("aws-cur"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(hint->text().contains(QStringLiteral("folder")));
        QTest::keyClicks(folder, dir.filePath(QStringLiteral("missing")));
        QVERIFY(hint->text().contains(QStringLiteral("does not exist")));
        folder->clear();
        QTest::keyClicks(folder, dir.path());
        QVERIFY2(ok->isEnabled(), qPrintable(hint->text()));
        dlg.grab().save(QDir::temp().filePath(QStringLiteral("inferledger-connector-dialog-focus.png")));
        const ConnectorConfig c = dlg.config();
        QCOMPARE(QString::fromStdString(c.type), QStringLiteral("focus"));
        QCOMPARE(QString::fromStdString(c.option("path")), dir.path());
        QVERIFY(c.keyStorage == KeyStorage::None);
        QVERIFY(c.baseUrl.empty());
    }

    void testAndSyncRunOffTheUiThreadAndReport()
    {
        auto services = std::make_shared<RecordingServices>();
        services->rows = {row("openai-prod"), row("anthropic-prod")};
        ConnectorManagerPage page(services);
        page.resize(900, 400);
        page.show();
        auto* table = page.findChild<QTableWidget*>(QStringLiteral("connectorTable"));
        auto* testButton = page.findChild<QPushButton*>(QStringLiteral("connectorTest"));
        auto* syncButton = page.findChild<QPushButton*>(QStringLiteral("connectorSync"));
        auto* message = page.findChild<QLabel*>(QStringLiteral("connectorMessage"));
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("$OPENAI_ADMIN_KEY"));
        QVERIFY(!testButton->isEnabled()); // nothing selected
        table->selectRow(0);
        QVERIFY(testButton->isEnabled());
        QTest::mouseClick(testButton, Qt::LeftButton);
        QTRY_VERIFY(!page.isBusy());
        QVERIFY(message->isVisible());
        QVERIFY(message->text().contains(QStringLiteral("reached the organization usage API")));
        // The key reached the worker, but is not shown anywhere on the page.
        QVERIFY(!message->text().contains(QStringLiteral("sk-admin-test")));
        services->refuseKey = true;
        QTest::mouseClick(testButton, Qt::LeftButton);
        QTRY_VERIFY(!page.isBusy());
        QVERIFY(message->text().contains(QStringLiteral("refused the API key")));
        QVERIFY(message->text().contains(QStringLiteral("admin key")));
        QTest::mouseClick(syncButton, Qt::LeftButton);
        QVERIFY(page.isBusy());
        QVERIFY(!syncButton->isEnabled());
        QTRY_VERIFY(!page.isBusy());
        QVERIFY(message->text().contains(QStringLiteral("42 added")));
        QCOMPARE(services->calls.back(), std::string("sync openai-prod"));
        const QString dir = qEnvironmentVariable("INFERLEDGER_SCREENSHOT_DIR", QDir::tempPath());
        page.grab().save(dir + QStringLiteral("/inferledger-connectors.png"));
    }
};

QTEST_MAIN(TestConnectorsPage)
#include "tst_connectorspage.moc"
