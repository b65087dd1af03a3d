// SPDX-License-Identifier: GPL-3.0-or-later
// The connector and sync_state tables: connector configurations (never a secret) and where each sync stands.
// The connectors themselves never see SQL; the app hands their configuration and state through this class.
#pragma once

#include "domain/ConnectorConfig.h"
#include "domain/Result.h"
#include "store/Store.h"

#include <string>
#include <vector>

namespace il {

class ConnectorStore {
public:
    explicit ConnectorStore(Store& store)
        : m_store(store)
    {
    }

    // Fails when a connector of that name exists (names are unique).
    Result<void> add(const ConnectorConfig& config);
    // Replaces the configuration of an existing connector (its name, creation time and sync state stay).
    Result<void> update(const ConnectorConfig& config);
    Result<std::vector<ConnectorConfig>> list() const;
    // An Error naming the connector and pointing to `connector list` when there is none of that name.
    Result<ConnectorConfig> get(const std::string& name) const;
    // Removes the configuration and its sync state. purgeData also deletes the usage and cost buckets, the GPU
    // samples and (focus folder connectors) the billing lines it brought in; samples stored before schema v2 name
    // no connector and stay, and so do an otlp connector's requests. False when there was no such connector.
    Result<bool> remove(const std::string& name, bool purgeData = false);

    // The state after the last sync; a fresh state (no watermark) for a connector never synced.
    Result<SyncState> syncState(const std::string& name) const;
    Result<std::vector<SyncState>> syncStates() const;
    // Writes the whole state row. Called inside the sync batch's transaction, so that the watermark commits
    // together with the data it stands for; outside a transaction (a failure record) it commits by itself.
    Result<void> saveSyncState(const SyncState& state);

    // Deletes the buckets of `connector` starting in [fromMs, toMs) that the import keepImportId did not
    // write: what a provider no longer reports for a period that was just read again in full.
    Result<int64_t> pruneUsageBuckets(const std::string& connector, int64_t fromMs, int64_t toMs, int64_t keepImportId);
    Result<int64_t> pruneCostBuckets(const std::string& connector, int64_t fromMs, int64_t toMs, int64_t keepImportId);

private:
    Result<int64_t> prune(const char* table, const std::string& connector, int64_t fromMs, int64_t toMs,
                          int64_t keepImportId);

    Store& m_store;
};

} // namespace il
