// SPDX-License-Identifier: GPL-3.0-or-later
// What is configured for one API connector, and where its sync stands. Plain values shared by the store
// (which persists them), the connectors (which read them) and the app. Never holds a secret.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace il {

// Where a connector's API key lives. The key itself is never in the store.
enum class KeyStorage : uint8_t {
    Env, // the environment variable ConnectorConfig::keyEnv (the --key-env VAR option)
    Keychain, // the OS keychain, under the connector's name
    None, // no key (a Prometheus without authentication)
};

inline const char* keyStorageName(KeyStorage k)
{
    switch (k) {
    case KeyStorage::Env:
        return "env";
    case KeyStorage::Keychain:
        return "keychain";
    case KeyStorage::None:
        return "none";
    }
    return "none";
}

inline std::optional<KeyStorage> parseKeyStorage(const std::string& s)
{
    if (s == "env")
        return KeyStorage::Env;
    if (s == "keychain")
        return KeyStorage::Keychain;
    if (s == "none")
        return KeyStorage::None;
    return std::nullopt;
}

// focus and otlp connectors read a folder of files (option `path`) instead of an HTTP API.
inline bool readsFiles(std::string_view type)
{
    return type == "focus" || type == "otlp";
}

struct ConnectorConfig {
    std::string name; // unique, chosen by the user ("openai-prod")
    std::string type; // openai | anthropic | prometheus
    std::string baseUrl; // empty: the type's default
    KeyStorage keyStorage = KeyStorage::Env;
    std::string keyEnv; // the variable's NAME when keyStorage is Env, never its value
    std::map<std::string, std::string> options; // "project.proj_abc" → "support-assistant", "bucket_width" → "1h"
    int64_t createdMs = 0;

    std::string option(const std::string& key, const std::string& fallback = {}) const
    {
        auto it = options.find(key);
        return it == options.end() ? fallback : it->second;
    }
};

// Where the last syncs of a connector left it. watermarkMs: data is complete up to here (exclusive).
struct SyncState {
    std::string connector;
    std::optional<int64_t> watermarkMs;
    std::string cursor; // connector-specific resume text; empty for the built-in connectors
    std::optional<int64_t> lastAttemptMs, lastSuccessMs, lastErrorMs;
    std::string lastError; // empty after a success
    int64_t rowsAdded = 0, rowsUpdated = 0; // by the last sync run (including a run that failed part-way)
    int64_t rowsTotal = 0; // added over all runs
};

} // namespace il
