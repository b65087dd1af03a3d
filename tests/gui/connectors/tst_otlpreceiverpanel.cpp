// SPDX-License-Identifier: GPL-3.0-or-later
// The Connectors page's OpenTelemetry receiver switched on as a user would, with the app's real services
// (GuiConnectorServices → GuiOtlpReceiver → OtlpReceiver → Ingestor → SQLite): real OTLP/JSON posted over
// HTTP to 127.0.0.1, and assertions on what the store holds and what the page says.
#include "GuiConnectorServices.h"
#include "Settings.h"
#include "connectors/ConnectorManagerPage.h"
#include "secrets/SecretStore.h"
#include "store/Statement.h"
#include "store/Store.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace il;

namespace {

// An OTLP/JSON ExportTraceServiceRequest (proto3 JSON mapping: int64 as strings, hex ids) with two chat spans
// carrying GenAI usage and one HTTP span that has none.
QByteArray exportRequest()
{
    auto span = [](const char* spanId, const char* attrs) -> QByteArray { // not a QStringBuilder of temporaries
        return QByteArray(R"({"traceId":"5b8efff798038103d269b633813fc60c","spanId":")") + spanId
            + R"(","name":"chat","kind":3,"startTimeUnixNano":"1780000000000000000",)"
              R"("endTimeUnixNano":"1780000000850000000","attributes":[)"
            + attrs + "]}";
    };
    const QByteArray chat1 = span("eee19b7ec3c1b174",
                                  R"({"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},)"
                                  R"({"key":"gen_ai.provider.name","value":{"stringValue":"openai"}},)"
                                  R"({"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},)"
                                  R"({"key":"gen_ai.response.id","value":{"stringValue":"chatcmpl-1"}},)"
                                  R"({"key":"gen_ai.usage.input_tokens","value":{"intValue":"1200"}},)"
                                  R"({"key":"gen_ai.usage.output_tokens","value":{"intValue":"300"}})");
    const QByteArray chat2 = span("eee19b7ec3c1b175",
                                  R"({"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},)"
                                  R"({"key":"gen_ai.provider.name","value":{"stringValue":"openai"}},)"
                                  R"({"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},)"
                                  R"({"key":"gen_ai.response.id","value":{"stringValue":"chatcmpl-2"}},)"
                                  R"({"key":"gen_ai.usage.input_tokens","value":{"intValue":"800"}},)"
                                  R"({"key":"gen_ai.usage.output_tokens","value":{"intValue":"100"}})");
    const QByteArray http = span("eee19b7ec3c1b176", R"({"key":"http.request.method","value":{"stringValue":"GET"}})");
    return R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"support"}},)"
           R"({"key":"inferledger.feature","value":{"stringValue":"support-assistant"}}]},)"
           R"("scopeSpans":[{"scope":{"name":"opentelemetry.instrumentation.openai"},"spans":[)"
        + chat1 + "," + chat2 + "," + http + "]}]}]}";
}

// A port nobody listens on right now.
int freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return -1;
    return probe.serverPort();
}

bool portIsFree(int port)
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, quint16(port));
}

qint64 query(const std::string& db, const char* sql)
{
    auto st = Store::open(db, Store::Mode::ReadOnly);
    if (!st.ok())
        return -1;
    Statement q((*st)->handle(), sql);
    return q.step() ? q.int64(0) : -1;
}

} // namespace

class TestOtlpReceiverPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        qputenv("INFERLEDGER_SETTINGS", m_dir.filePath(QStringLiteral("settings.ini")).toUtf8());
    }

    void init()
    {
        QFile::remove(m_dir.filePath(QStringLiteral("settings.ini")));
        m_db = m_dir.filePath(QStringLiteral("s%1.db").arg(++m_n)).toStdString();
        m_services = std::make_shared<GuiConnectorServices>(m_db, std::make_shared<MemorySecretStore>());
    }

    void cleanup() { m_services.reset(); }

    void receivesStoresAndRemembers()
    {
        const int port = freePort();
        QVERIFY(port > 0);
        auto page = std::make_unique<ui::ConnectorManagerPage>(m_services);
        page->resize(1000, 640);
        auto* enabled = page->findChild<QCheckBox*>(QStringLiteral("otlpReceiverEnabled"));
        auto* portBox = page->findChild<QSpinBox*>(QStringLiteral("otlpReceiverPort"));
        auto* status = page->findChild<QLabel*>(QStringLiteral("otlpReceiverStatus"));
        QVERIFY(enabled && portBox && status);
        QVERIFY(!enabled->isChecked()); // off until switched on
        QCOMPARE(portBox->value(), 4318); // the OTLP/HTTP default
        QVERIFY(status->text().startsWith(QStringLiteral("Off")));

        QSignalSpy reloads(page.get(), &ui::ConnectorManagerPage::dataChanged);
        portBox->setValue(port);
        enabled->click();
        QTRY_VERIFY(status->text().contains(QStringLiteral("Listening on 127.0.0.1:%1").arg(port)));
        QVERIFY(!portIsFree(port));

        // Real OTLP/HTTP JSON, as an exporter posts it.
        QNetworkAccessManager net;
        auto post = [&]() -> QByteArray {
            QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/traces").arg(port)));
            req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            QNetworkReply* reply = net.post(req, exportRequest());
            QSignalSpy done(reply, &QNetworkReply::finished);
            if (!reply->isFinished() && !done.wait(15000))
                return "timeout";
            const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray body = QByteArray::number(code) + " " + reply->readAll();
            reply->deleteLater();
            return body;
        };
        QCOMPARE(post(), QByteArray("200 {}"));
        QTRY_VERIFY(status->text().contains(QStringLiteral("3 spans received: 2 stored, 0 already stored, 1 skipped")));
        QTRY_VERIFY_WITH_TIMEOUT(reloads.count() >= 1, 5000); // the dashboard reloads
        QCOMPARE(query(m_db, "SELECT count(*) FROM request"), 2);
        QCOMPARE(query(m_db, "SELECT sum(input_tokens) FROM request"), 2000);
        QCOMPARE(query(m_db, "SELECT sum(output_tokens) FROM request"), 400);
        QCOMPARE(query(m_db,
                       "SELECT count(*) FROM request r JOIN feature f ON f.id = r.feature_id "
                       "WHERE f.name = 'support-assistant'"),
                 2);
        QCOMPARE(query(m_db, "SELECT count(*) FROM request WHERE latency_ms = 850"), 2);
        // The exporter retrying the same batch adds nothing twice.
        QCOMPARE(post(), QByteArray("200 {}"));
        QTRY_VERIFY(status->text().contains(QStringLiteral("6 spans received: 2 stored, 2 already stored, 2 skipped")));
        QCOMPARE(query(m_db, "SELECT count(*) FROM request"), 2);
        QVERIFY(!status->property("isError").toBool());

        QDir().mkpath(QStringLiteral(INFERLEDGER_TEST_OUTPUT_DIR));
        page->grab().save(QStringLiteral(INFERLEDGER_TEST_OUTPUT_DIR "/otlp-receiver-page.png"));

        // Remembered: a new window starts it again on the same port; the old one released the port.
        page.reset();
        QVERIFY(portIsFree(port));
        {
            ui::Settings settings;
            QCOMPARE(settings.value(ui::settings::kOtlpReceiverEnabled), true);
            QCOMPARE(settings.value(ui::settings::kOtlpReceiverPort), port);
        }
        page = std::make_unique<ui::ConnectorManagerPage>(m_services);
        enabled = page->findChild<QCheckBox*>(QStringLiteral("otlpReceiverEnabled"));
        status = page->findChild<QLabel*>(QStringLiteral("otlpReceiverStatus"));
        QVERIFY(enabled->isChecked());
        QTRY_VERIFY(status->text().contains(QStringLiteral("Listening on 127.0.0.1:%1").arg(port)));
        QVERIFY(!portIsFree(port));
        enabled->click(); // off
        QVERIFY(status->text().startsWith(QStringLiteral("Off")));
        QVERIFY(portIsFree(port));
        QCOMPARE(ui::Settings().value(ui::settings::kOtlpReceiverEnabled), false);
    }

    void portInUseIsSaidInPlainWords()
    {
        QTcpServer other; // another program holding the port
        QVERIFY(other.listen(QHostAddress::LocalHost, 0));
        const int taken = other.serverPort();
        ui::ConnectorManagerPage page(m_services);
        page.resize(1000, 640);
        auto* enabled = page.findChild<QCheckBox*>(QStringLiteral("otlpReceiverEnabled"));
        auto* portBox = page.findChild<QSpinBox*>(QStringLiteral("otlpReceiverPort"));
        auto* status = page.findChild<QLabel*>(QStringLiteral("otlpReceiverStatus"));
        portBox->setValue(taken);
        enabled->click();
        QTRY_VERIFY(status->text().contains(QStringLiteral("port %1 is in use by another program").arg(taken)));
        QVERIFY(status->text().contains(QStringLiteral("choose another port")));
        QVERIFY(!status->text().contains(QStringLiteral("QAbstractSocket"))); // no socket jargon
        QVERIFY(status->property("isError").toBool());
        QVERIFY(!m_services->receiverStatus().listening);
        QCOMPARE(query(m_db, "SELECT count(*) FROM request"), 0);
        QDir().mkpath(QStringLiteral(INFERLEDGER_TEST_OUTPUT_DIR));
        page.grab().save(QStringLiteral(INFERLEDGER_TEST_OUTPUT_DIR "/otlp-receiver-port-in-use.png"));

        // Choosing another port (typed, then Enter) starts it.
        const int port = freePort();
        portBox->setFocus();
        portBox->selectAll();
        QTest::keyClicks(portBox, QString::number(port));
        QTest::keyClick(portBox, Qt::Key_Return);
        QTRY_VERIFY(status->text().contains(QStringLiteral("Listening on 127.0.0.1:%1").arg(port)));
        QVERIFY(!status->property("isError").toBool());
    }

private:
    QTemporaryDir m_dir;
    int m_n = 0;
    std::string m_db;
    std::shared_ptr<GuiConnectorServices> m_services;
};

QTEST_MAIN(TestOtlpReceiverPanel)
#include "tst_otlpreceiverpanel.moc"
