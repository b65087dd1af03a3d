// SPDX-License-Identifier: GPL-3.0-or-later
// Where connector API keys live: the OS keychain, an environment variable, or memory (tests). Never settings or the DB.
#pragma once

#include "domain/Result.h"

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace il {

// Keys are addressed by connector name ("openai", "anthropic-prod").
class SecretStore {
public:
    virtual ~SecretStore() = default;
    virtual Result<std::string> get(const std::string& connector) = 0;
    virtual Result<void> set(const std::string& connector, const std::string& secret) = 0;
    virtual Result<void> remove(const std::string& connector) = 0;
};

// The OS keychain through QtKeychain (Secret Service / KWallet, macOS Keychain, Windows Credential Manager).
// QtKeychain's jobs are asynchronous; each call runs a local event loop until its job finishes, so call it from
// a thread with a Qt event dispatcher (the GUI or CLI main thread) and hand the key to the worker.
// Without a keychain (no D-Bus secret service, as on CI) every call returns an Error that points to --key-env.
class KeychainSecretStore final : public SecretStore {
public:
    static constexpr const char* kDefaultService = "org.inferledger.InferLedger";

    explicit KeychainSecretStore(std::string service = kDefaultService,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(60));

    Result<std::string> get(const std::string& connector) override;
    Result<void> set(const std::string& connector, const std::string& secret) override;
    Result<void> remove(const std::string& connector) override;

    // False when built without QtKeychain.
    static bool isCompiledIn();

private:
    std::string m_service;
    std::chrono::milliseconds m_timeout;
};

// Reads the key from an environment variable (the --key-env VAR option): one variable for every connector,
// or one per connector. Read-only: set and remove return an Error.
class EnvSecretStore final : public SecretStore {
public:
    explicit EnvSecretStore(std::string defaultVariable = {});

    void setVariable(const std::string& connector, std::string variable);
    std::string variableFor(const std::string& connector) const;

    Result<std::string> get(const std::string& connector) override;
    Result<void> set(const std::string& connector, const std::string& secret) override;
    Result<void> remove(const std::string& connector) override;

private:
    std::string m_defaultVariable;
    std::map<std::string, std::string> m_variables;
};

// For tests. Thread-safe.
class MemorySecretStore final : public SecretStore {
public:
    Result<std::string> get(const std::string& connector) override;
    Result<void> set(const std::string& connector, const std::string& secret) override;
    Result<void> remove(const std::string& connector) override;

private:
    std::mutex m_mutex;
    std::map<std::string, std::string> m_secrets;
};

} // namespace il
