// SPDX-License-Identifier: GPL-3.0-or-later
// What the Connectors page needs from the app. The ui never links the connectors or speaks SQL: the app
// implements this with its connector wiring (app/GuiConnectorServices.cpp) and hands it to the window.
#pragma once

#include "domain/ConnectorConfig.h"
#include "domain/Result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace il::ui {

struct ConnectorRow {
    ConnectorConfig config;
    SyncState state;
};

// The in-app OpenTelemetry receiver (OTLP/HTTP JSON on 127.0.0.1), as the Connectors page shows it.
struct ReceiverStatus {
    bool listening = false;
    int port = 0;                 // the port it listens on (when listening) or tried to
    int64_t spansReceived = 0;    // every span posted since it started
    int64_t spansStored = 0;      // new requests stored
    int64_t spansDuplicate = 0;   // already in the store (an exporter retrying)
    int64_t spansSkipped = 0;     // no GenAI usage, or an agent span repeating its children's usage
    int64_t spansRejected = 0;    // invalid spans (the sender was told in its partial-success answer)
    std::string lastError;        // in plain words; "" when none
};

struct SyncOutcome {
    bool cancelled = false;
    std::string summary;        // "12 buckets added, 3 corrected, up to 2026-11-30 14:00"
    std::optional<Error> error; // the run stopped here; committed batches are kept
};

class ConnectorServices {
public:
    virtual ~ConnectorServices() = default;
    // Any thread (each call opens its own store connection).
    virtual Result<std::vector<ConnectorRow>> list() = 0;
    virtual std::vector<std::string> types() const = 0;
    // Main thread: may talk to the OS keychain, which needs the event loop.
    virtual Result<void> add(const ConnectorConfig& config, const std::string& keyForKeychain) = 0;
    // Edit: the configuration changes, the sync state stays; an empty key keeps the stored one.
    virtual Result<void> update(const ConnectorConfig& config, const std::string& keyForKeychain) = 0;
    virtual Result<bool> remove(const std::string& name) = 0;
    virtual Result<std::string> keyFor(const std::string& name) = 0;
    // Worker thread.
    virtual Result<std::string> test(const std::string& name, const std::string& key, const std::atomic<bool>* cancel) = 0;
    virtual SyncOutcome sync(const std::string& name, const std::string& key,
                             const std::function<void(int batch, int batches, const std::string& stage)>& progress,
                             const std::atomic<bool>* cancel) = 0;

    // The OTLP receiver (OTLP/HTTP JSON on 127.0.0.1). Main thread. It ingests on a thread of its own, never the
    // caller's. start() stops a running receiver first and returns the port it listens on; its error is in plain
    // words (also kept in receiverStatus().lastError). The defaults: no receiver in this build.
    virtual bool hasOtlpReceiver() const { return false; }
    virtual Result<int> startOtlpReceiver(int port)
    {
        (void)port;
        return makeError("the OpenTelemetry receiver is not available in this build");
    }
    virtual void stopOtlpReceiver() { }
    // Any thread.
    virtual ReceiverStatus receiverStatus() const { return {}; }
    // Called on the receiver's thread after each POST it handled or refused, and when it stops; {} removes it.
    virtual void setReceiverObserver(std::function<void()> observer) { (void)observer; }
};

} // namespace il::ui
