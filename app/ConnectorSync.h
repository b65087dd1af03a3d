// SPDX-License-Identifier: GPL-3.0-or-later
// The wiring of API connectors → ingest → store that the CLI (`connector`, `sync`) and the GUI's Connectors page use.
//
// Sync is incremental and crash-safe. A connector's period is read in batches (a week, or less for fine-grained
// Prometheus steps); each batch goes into the store in ONE transaction together with the connector's new
// watermark, so the watermark never claims data that is not stored, and data never lands without its watermark.
// A process killed mid-batch loses only that uncommitted batch; the next sync starts again from the watermark
// minus a lookback (default 2 days, for providers' late corrections). Re-reading a period replaces its buckets
// (natural-key upsert, stale rows pruned), so overlap adds nothing twice and late corrections are taken.
//
// Threads: every call takes the Store of the calling thread (one connection per thread). connectorKey() may talk
// to the OS keychain, which needs a Qt event loop: call it on the GUI (or CLI) main thread and hand the key to
// the worker, which calls testConnector() / syncConnector() with progress and a cancel flag.
#pragma once

#include "apis/Connector.h"
#include "domain/ConnectorConfig.h"
#include "domain/Result.h"
#include "secrets/SecretStore.h"
#include "store/ConnectorStore.h"
#include "store/Store.h"

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace il {

constexpr int64_t kDefaultLookbackDays = 2; // providers correct recent buckets for about a day; two to be safe
constexpr int64_t kDefaultInitialDays = 30; // the first sync of a connector reads this far back

struct ConnectorStatus {
    ConnectorConfig config;
    SyncState state;
};

// After each committed batch: what it added, and the watermark now stored.
struct SyncBatchReport {
    std::string connector;
    SyncWindow window;
    int batch = 0, batches = 0; // 1-based
    int64_t added = 0, corrected = 0, pruned = 0;
    int64_t watermarkMs = 0;
    std::string file; // file connectors: the file this batch was (window and watermark then mean nothing)
};

struct SyncRequest {
    std::optional<int64_t> fromMs, toMs; // override the default window (--from / --to)
    // Per page read; batch is 1-based.
    std::function<void(const SyncProgress& page, int batch, int batches)> progress;
    std::function<void(const SyncBatchReport&)> batchCommitted;
    // One line per HTTP attempt and retry, secrets already redacted (for --verbose and a GUI log view).
    std::function<void(std::string_view line)> httpLog;
    const std::atomic<bool>* cancel = nullptr;
};

struct SyncRunReport {
    std::string connector, type;
    SyncWindow window; // the whole period asked for (aligned)
    int batches = 0, batchesCommitted = 0;
    int64_t usageAdded = 0, usageCorrected = 0, costAdded = 0, costCorrected = 0, gpuAdded = 0;
    int64_t pruned = 0; // buckets the provider no longer reports for a re-read period
    int64_t skippedSamples = 0; // NaN / ±Inf GPU values (gaps, not stored)
    int pages = 0;
    // File connectors (focus, otlp): files found, read and skipped as unchanged; rows stored, and rows of an
    // earlier version of a changed FOCUS file that the new version replaced.
    int files = 0, filesImported = 0, filesUnchanged = 0;
    int64_t fileRowsAdded = 0, fileRowsReplaced = 0;
    std::optional<int64_t> watermarkMs; // stored after the run
    bool cancelled = false;
    std::optional<Error> error; // the run stopped here; batches committed before it are kept

    bool ok() const { return !error && !cancelled; }
    int64_t added() const { return usageAdded + costAdded + gpuAdded + fileRowsAdded; }
    int64_t corrected() const { return usageCorrected + costCorrected + fileRowsReplaced; }
};

// ---- configuration ---------------------------------------------------------------------------------------------

// Validates and stores a configuration. With KeyStorage::Keychain, `key` is put in `keychain` first (nothing is
// stored when that fails; the error says to use --key-env instead).
Result<void> addConnector(Store& store, ConnectorConfig config, SecretStore* keychain = nullptr,
                          const std::string& key = {});
// Changes an existing connector's configuration; its sync state (watermark, cursor) stays. A new `key` replaces
// the keychain key (empty: the stored key is kept); a connector that no longer keeps its key in the keychain
// has the old one deleted there. A new type, base URL or folder is a new source: its sync state starts afresh.
Result<void> updateConnector(Store& store, const ConnectorConfig& config, SecretStore* keychain = nullptr,
                             const std::string& key = {});
Result<std::vector<ConnectorStatus>> listConnectors(Store& store);
Result<ConnectorStatus> connectorStatus(Store& store, const std::string& name);
// Removes the configuration and sync state (purgeData: and its usage/cost buckets and GPU samples), and a keychain key when it
// has one; a keychain that cannot remove it leaves a note in *warning ("its API key is still in the OS keychain
// (why). Delete the entry …"), to follow "connector 'X' was removed, but ". False: no such connector.
Result<bool> removeConnector(Store& store, const std::string& name, bool purgeData = false,
                             SecretStore* keychain = nullptr, std::string* warning = nullptr);

// The API key of a connector: from its environment variable, the keychain, or none. Main thread (see above).
Result<std::string> connectorKey(const ConnectorConfig& config, SecretStore* keychain);

// ---- worker-thread calls ---------------------------------------------------------------------------------------

// One cheap authenticated request: a plain-words description of what the connector reaches.
Result<std::string> testConnector(const ConnectorConfig& config, const std::string& key,
                                  const std::atomic<bool>* cancel = nullptr);

// The period a sync reads by default: [watermark − lookback, now), or the last initial_days on a first sync;
// request overrides replace either end. `to` never passes now.
SyncWindow syncWindowFor(const ConnectorConfig& config, const SyncState& state, const SyncRequest& request,
                         int64_t nowMs);

// Records a sync that could not start (no key, say) as the connector's last error.
Result<void> recordSyncFailure(Store& store, const std::string& name, const Error& error);

// Syncs one connector in batches (see the top of this file). Never throws; the report says what was kept, and
// the connector's sync_state records the last success or the last error.
SyncRunReport syncConnector(Store& store, const ConnectorConfig& config, const std::string& key,
                            const SyncRequest& request = {});

// For the sync implementations (API and folder connectors): a run's failure recorded in sync_state by itself (no
// data goes with it), with what the run had committed before it.
void recordRunFailure(ConnectorStore& connectors, SyncState& state, const SyncRunReport& report, int64_t startedMs,
                      const Error& error, bool cancelled);

// ---- JSON (stable: the CLI prints it, scripts and tests read it) ---------------------------------------------------

nlohmann::json connectorStatusToJson(const ConnectorStatus& status);
nlohmann::json syncReportToJson(const SyncRunReport& report);

} // namespace il
