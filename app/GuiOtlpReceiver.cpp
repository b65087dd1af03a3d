// SPDX-License-Identifier: GPL-3.0-or-later
#include "GuiOtlpReceiver.h"

#include "Workflows.h"
#include "otlp/OtlpReceiver.h"

#include <QMetaObject>
#include <QThread>

#include <optional>

namespace il {

namespace {

    // What the page shows when the receiver cannot listen: what happened and what to do, no socket jargon.
    std::string listenProblem(QAbstractSocket::SocketError error, int port, const Error& e)
    {
        switch (error) {
        case QAbstractSocket::AddressInUseError:
            return "port " + std::to_string(port)
                + " is in use by another program (an OpenTelemetry Collector, or a second InferLedger?): choose "
                  "another port";
        case QAbstractSocket::SocketAccessError:
            return "this computer does not allow InferLedger to use port " + std::to_string(port)
                + ": choose a port from 1024 up";
        default:
            return "the receiver could not start on port " + std::to_string(port) + " (" + e.message
                + "): choose another port";
        }
    }

} // namespace

struct GuiOtlpReceiver::Worker {
    std::unique_ptr<Store> store;
    LiveCatalogue prices;
    std::unique_ptr<OtlpReceiver> receiver;
    std::string source;
};

GuiOtlpReceiver::GuiOtlpReceiver(std::string storePath)
    : m_storePath(std::move(storePath))
{
}

GuiOtlpReceiver::~GuiOtlpReceiver()
{
    {
        std::lock_guard lock(m_observerMutex);
        m_observer = {};
    }
    stop();
}

void GuiOtlpReceiver::runOnThread(const std::function<void()>& work)
{
    QMetaObject::invokeMethod(
        m_context, [&work] { work(); }, Qt::BlockingQueuedConnection);
}

Result<int> GuiOtlpReceiver::start(int port)
{
    stop();
    update([port](ui::ReceiverStatus& s) {
        s = ui::ReceiverStatus {};
        s.port = port;
    });
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("otlp-receiver"));
    m_context = new QObject; // no parent: it moves to the receiver's thread
    m_context->moveToThread(m_thread.get());
    m_thread->start();

    // The store connection, the catalogue and the sockets are made, used and destroyed on the receiver's thread.
    std::optional<Error> failure;
    int bound = 0;
    runOnThread([&] {
        auto w = std::make_unique<Worker>();
        auto store = openStore(m_storePath);
        if (!store) {
            failure = store.error();
            return;
        }
        w->store = std::move(*store);
        if (auto r = w->prices.get(*w->store); !r) {
            failure = r.error();
            return;
        }
        OtlpReceiver::Options options;
        options.port = quint16(port);
        Worker* wp = w.get();
        w->receiver = std::make_unique<OtlpReceiver>(
            options, [this, wp](std::span<const RequestRecord> records, const OtlpReadStats&) -> Result<void> {
                // A fresh Ingestor per POST (one transaction each), as serve-otlp does.
                auto fail = [this](const Error& e) {
                    update([&](ui::ReceiverStatus& s) {
                        s.lastError = "spans could not be stored, the sender will retry: " + e.toString();
                    });
                };
                auto catalogue = wp->prices.get(*wp->store);
                if (!catalogue) {
                    fail(catalogue.error());
                    return catalogue.error();
                }
                Ingestor ingest(*wp->store, **catalogue);
                if (auto r = ingest.begin(wp->source, "otlp"); !r) {
                    fail(r.error());
                    return r;
                }
                if (auto r = ingest.addRequests(records); !r) {
                    ingest.rollback(r.error().toString());
                    fail(r.error());
                    return r;
                }
                auto stats = ingest.commit();
                if (!stats) {
                    fail(stats.error());
                    return stats.error();
                }
                update([&](ui::ReceiverStatus& s) {
                    s.spansStored += stats->requestsAdded;
                    s.spansDuplicate += stats->requestsDuplicate;
                });
                return {};
            });
        OtlpReceiver* rp = w->receiver.get();
        QObject::connect(rp, &OtlpReceiver::batchProcessed, rp,
                         [this, rp](qint64 spans, qint64, qint64 skipped, qint64 rejected) {
                             update([&](ui::ReceiverStatus& s) {
                                 s.spansReceived += spans;
                                 s.spansSkipped += skipped;
                                 s.spansRejected += rejected;
                                 if (rejected > 0)
                                     s.lastError = std::to_string(rejected)
                                         + " spans were rejected; the first: " + rp->totals().firstRejection;
                             });
                         });
        QObject::connect(rp, &OtlpReceiver::requestFailed, rp, [this](int status, const QString& message) {
            if (status == 503)
                return; // said by the handler already
            update([&](ui::ReceiverStatus& s) {
                s.lastError
                    = "a sender's request was refused (HTTP " + std::to_string(status) + "): " + message.toStdString();
            });
        });
        if (auto r = w->receiver->listen(); !r) {
            Error e = r.error();
            e.message = listenProblem(w->receiver->listenError(), port, r.error());
            e.hint.clear();
            failure = e;
            return;
        }
        bound = w->receiver->port();
        w->source = "otlp-http 127.0.0.1:" + std::to_string(bound) + " (app)";
        m_worker = std::move(w);
    });
    if (failure) {
        stop();
        const std::string message = failure->message;
        update([&](ui::ReceiverStatus& s) {
            s.listening = false;
            s.port = port;
            s.lastError = message;
        });
        return *failure;
    }
    update([bound](ui::ReceiverStatus& s) {
        s.listening = true;
        s.port = bound;
    });
    return bound;
}

void GuiOtlpReceiver::stop()
{
    if (!m_thread)
        return;
    // A POST being stored finishes first (the work waits behind it in the thread's queue).
    runOnThread([this] { m_worker.reset(); });
    m_thread->quit();
    m_thread->wait();
    delete m_context; // its thread has ended: nothing of it runs any more
    m_context = nullptr;
    m_thread.reset();
    update([](ui::ReceiverStatus& s) { s.listening = false; });
}

ui::ReceiverStatus GuiOtlpReceiver::status() const
{
    std::lock_guard lock(m_statusMutex);
    return m_status;
}

void GuiOtlpReceiver::setObserver(std::function<void()> observer)
{
    std::lock_guard lock(m_observerMutex);
    m_observer = std::move(observer);
}

void GuiOtlpReceiver::update(const std::function<void(ui::ReceiverStatus&)>& change)
{
    {
        std::lock_guard lock(m_statusMutex);
        change(m_status);
    }
    std::lock_guard lock(m_observerMutex);
    if (m_observer)
        m_observer();
}

} // namespace il
