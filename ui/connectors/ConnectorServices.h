// SPDX-License-Identifier: GPL-3.0-or-later
// What the Connectors page needs from the app. The ui never links the connectors or speaks SQL: the app
// implements this with its connector wiring (app/GuiConnectorServices.cpp) and hands it to the window.
#pragma once

#include "domain/ConnectorConfig.h"
#include "domain/Result.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace il::ui {

struct ConnectorRow {
    ConnectorConfig config;
    SyncState state;
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
    virtual Result<bool> remove(const std::string& name) = 0;
    virtual Result<std::string> keyFor(const std::string& name) = 0;
    // Worker thread.
    virtual Result<std::string> test(const std::string& name, const std::string& key, const std::atomic<bool>* cancel) = 0;
    virtual SyncOutcome sync(const std::string& name, const std::string& key,
                             const std::function<void(int batch, int batches, const std::string& stage)>& progress,
                             const std::atomic<bool>* cancel) = 0;
};

} // namespace il::ui
