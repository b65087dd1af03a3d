// SPDX-License-Identifier: GPL-3.0-or-later
// A loopback OTLP/HTTP receiver for traces in JSON: POST /v1/traces on 127.0.0.1, each body parsed by
// OtlpSpanReader and handed as one batch to a callback (the app ingests it in one transaction). Answers
// follow the OTLP/HTTP spec: 200 with an ExportTraceServiceResponse ({} or partialSuccess), 400 for a
// malformed body, 413 too large, 415 for protobuf or an unknown encoding, 503 (retryable) when the
// callback fails.
//
// Threads: the receiver and its sockets live in the thread of the QObject (it needs that thread's event
// loop), and the callback runs there too. In the GUI, give it a worker thread of its own and open the
// store connection inside the callback's thread (one connection per thread):
//     auto* thread = new QThread(window);
//     auto* receiver = new OtlpReceiver(options, handler);       // no parent: it moves threads
//     receiver->moveToThread(thread);
//     QObject::connect(thread, &QThread::started, receiver, [receiver] { (void)receiver->listen(); });
//     QObject::connect(thread, &QThread::finished, receiver, &QObject::deleteLater);
//     QObject::connect(receiver, &OtlpReceiver::batchProcessed, window, ...);   // queued to the GUI thread
//     thread->start();                      // stop: thread->quit(); thread->wait();
#pragma once

#include "domain/Records.h"
#include "domain/Result.h"
#include "otlp/OtlpSpanReader.h"

#include <QAbstractSocket>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <span>

class QTcpServer;
class QTcpSocket;

namespace il {

class OtlpReceiver final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OtlpReceiver)

public:
    struct Options {
        quint16 port = 4318; // the OTLP/HTTP default; 0 picks a free port (tests)
        qint64 maxBodyBytes = 64ll << 20; // after decompression; larger bodies get 413
        OtlpReadOptions read; // attribute keys and conventions; invalid spans are rejected
    };
    // Stores one batch (all of it or nothing). An error makes the receiver answer 503 so the exporter retries.
    using BatchHandler
        = std::function<Result<void>(std::span<const RequestRecord> records, const OtlpReadStats& stats)>;

    OtlpReceiver(Options options, BatchHandler handler, QObject* parent = nullptr);
    ~OtlpReceiver() override;

    // Binds 127.0.0.1 only (never another interface: the receiver has no authentication).
    Result<void> listen();
    void close();
    bool isListening() const;
    quint16 port() const;
    // Why the last listen() failed (QAbstractSocket::AddressInUseError: another program holds the port), so
    // that a caller can say it in its own words.
    QAbstractSocket::SocketError listenError() const;
    const OtlpReadStats& totals() const { return m_totals; }

Q_SIGNALS:
    // One POST was handled: its spans and what became of them.
    void batchProcessed(qint64 spans, qint64 records, qint64 skipped, qint64 rejected);
    // A POST was refused (status >= 400): the status and why.
    void requestFailed(int status, const QString& message);

private:
    struct Connection;
    struct Reply {
        int status = 200;
        std::string body;
        std::vector<std::pair<std::string, std::string>> headers;
        bool close = false;
    };

    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    // Parses as many complete requests from the connection's buffer as there are.
    void process(QTcpSocket* socket, Connection& c);
    Reply handle(const Connection& c, std::string body);
    void send(QTcpSocket* socket, const Reply& r, bool keepAlive);
    Reply failure(int status, const std::string& message, bool close = false);

    Options m_options;
    BatchHandler m_handler;
    QTcpServer* m_server = nullptr;
    std::unique_ptr<OtlpSpanReader> m_reader;
    OtlpReadStats m_totals;
};

} // namespace il
