// SPDX-License-Identifier: GPL-3.0-or-later
// The OTLP/HTTP receiver inside the GUI: the same OtlpReceiver and the same one-transaction-per-POST ingest as
// `inferledger serve-otlp`, on a thread of its own with its own store connection, so that a burst of spans never
// blocks the window. The Connectors page drives it through ui::ConnectorServices.
#pragma once

#include "connectors/ConnectorServices.h"

#include <functional>
#include <memory>
#include <mutex>
#include <string>

class QObject;
class QThread;

namespace il {

class GuiOtlpReceiver final {
public:
    explicit GuiOtlpReceiver(std::string storePath);
    ~GuiOtlpReceiver(); // stops it
    GuiOtlpReceiver(const GuiOtlpReceiver&) = delete;
    GuiOtlpReceiver& operator=(const GuiOtlpReceiver&) = delete;

    // Stops a running receiver, then opens the store and listens on 127.0.0.1:port (0: any free port) on the
    // receiver's thread; the caller waits only for that. Returns the port, or an error in plain words.
    Result<int> start(int port);
    void stop();
    ui::ReceiverStatus status() const;
    void setObserver(std::function<void()> observer);

private:
    struct Worker; // lives on m_thread: the store, the prices, the receiver and its sockets
    void update(const std::function<void(ui::ReceiverStatus&)>& change);
    void runOnThread(const std::function<void()>& work);

    std::string m_storePath;
    mutable std::mutex m_statusMutex;
    ui::ReceiverStatus m_status;
    std::mutex m_observerMutex; // held while the observer runs, so that setObserver({}) is final
    std::function<void()> m_observer;
    std::unique_ptr<QThread> m_thread;
    QObject* m_context = nullptr; // an object of m_thread's, to run work there
    std::unique_ptr<Worker> m_worker;
};

} // namespace il
