// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConnectorSync.h"

#include "FileConnectorSync.h"

#include "apis/ConnectorOptions.h"
#include "domain/Time.h"
#include "ingest/Ingestor.h"
#include "store/ConnectorStore.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

namespace il {

namespace {

    std::optional<std::string> isoOrNull(const std::optional<int64_t>& ms)
    {
        if (!ms)
            return std::nullopt;
        return formatIsoTimestamp(*ms);
    }

    nlohmann::json jsonOrNull(const std::optional<std::string>& s)
    {
        return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
    }

} // namespace

// ---- configuration ---------------------------------------------------------------------------------------------

Result<void> addConnector(Store& store, ConnectorConfig config, SecretStore* keychain, const std::string& key)
{
    if (auto v = validateConnectorConfig(config); !v)
        return v.error();
    ConnectorStore connectors(store);
    // A name already taken must not get its keychain entry overwritten.
    if (connectors.get(config.name).ok()) {
        Error e = makeError("a connector named '" + config.name + "' already exists",
                            "Choose another name, or remove it first with `inferledger connector remove " + config.name
                                + "`");
        e.source = store.path();
        return e;
    }
    if (config.createdMs == 0)
        config.createdMs = nowMs();
    if (config.keyStorage == KeyStorage::Keychain) {
        if (!keychain)
            return makeError("no keychain to keep the API key in", "Pass --key-env VAR instead");
        if (key.empty())
            return makeError("no API key was given for connector '" + config.name + "'",
                             "Type or pipe the key when asked, or pass --key-env VAR");
        if (auto r = keychain->set(config.name, key); !r)
            return r.error();
    }
    if (auto r = connectors.add(config); !r) {
        if (config.keyStorage == KeyStorage::Keychain)
            (void)keychain->remove(config.name);
        return r.error();
    }
    return {};
}

Result<void> updateConnector(Store& store, const ConnectorConfig& config, SecretStore* keychain, const std::string& key)
{
    if (auto v = validateConnectorConfig(config); !v)
        return v.error();
    ConnectorStore connectors(store);
    auto old = connectors.get(config.name);
    if (!old)
        return old.error();
    std::optional<std::string> previousKey; // to put back if the configuration cannot be stored
    if (config.keyStorage == KeyStorage::Keychain) {
        if (!keychain)
            return makeError("no keychain to keep the API key in", "Use an environment variable for the key instead");
        if (key.empty() && old->keyStorage != KeyStorage::Keychain)
            return makeError("no API key was given for connector '" + config.name + "'",
                             "Paste the admin key, or keep it in an environment variable");
        if (!key.empty()) {
            if (auto k = keychain->get(config.name))
                previousKey = *k;
            if (auto r = keychain->set(config.name, key); !r)
                return r.error();
        }
    }
    auto undoKey = [&] {
        if (key.empty() || config.keyStorage != KeyStorage::Keychain)
            return;
        if (previousKey)
            (void)keychain->set(config.name, *previousKey);
        else
            (void)keychain->remove(config.name);
    };
    // Another source (type, server or folder) is another history: the old watermark or cursor would skip it.
    const bool otherSource = old->type != config.type || old->baseUrl != config.baseUrl
        || old->option("path") != config.option("path");
    if (auto r = store.exec("BEGIN IMMEDIATE"); !r) {
        undoKey();
        return r.error();
    }
    auto r = connectors.update(config);
    if (r && otherSource) {
        SyncState fresh;
        fresh.connector = config.name;
        r = connectors.saveSyncState(fresh);
    }
    if (r)
        r = store.exec("COMMIT");
    if (!r) {
        (void)store.exec("ROLLBACK");
        undoKey();
        return r.error();
    }
    if (old->keyStorage == KeyStorage::Keychain && config.keyStorage != KeyStorage::Keychain && keychain)
        (void)keychain->remove(config.name); // no longer used; a keychain that refuses leaves a harmless entry
    return {};
}

Result<std::vector<ConnectorStatus>> listConnectors(Store& store)
{
    ConnectorStore connectors(store);
    auto configs = connectors.list();
    if (!configs)
        return configs.error();
    std::vector<ConnectorStatus> out;
    for (ConnectorConfig& c : *configs) {
        auto state = connectors.syncState(c.name);
        if (!state)
            return state.error();
        out.push_back({ std::move(c), std::move(*state) });
    }
    return out;
}

Result<ConnectorStatus> connectorStatus(Store& store, const std::string& name)
{
    ConnectorStore connectors(store);
    auto config = connectors.get(name);
    if (!config)
        return config.error();
    auto state = connectors.syncState(name);
    if (!state)
        return state.error();
    return ConnectorStatus { std::move(*config), std::move(*state) };
}

Result<bool> removeConnector(Store& store, const std::string& name, bool purgeData, SecretStore* keychain,
                             std::string* warning)
{
    ConnectorStore connectors(store);
    auto config = connectors.get(name);
    if (!config)
        return false;
    auto removed = connectors.remove(name, purgeData);
    if (!removed)
        return removed.error();
    if (config->keyStorage == KeyStorage::Keychain && keychain) {
        if (auto r = keychain->remove(name); !r && warning)
            *warning = "its API key is still in the OS keychain (" + r.error().message + "). Delete the entry '" + name
                + "' of " + KeychainSecretStore::kDefaultService
                + " with the keychain manager (Seahorse, KWallet, Keychain Access or Credential Manager)";
    }
    return *removed;
}

Result<std::string> connectorKey(const ConnectorConfig& config, SecretStore* keychain)
{
    switch (config.keyStorage) {
    case KeyStorage::None:
        return std::string();
    case KeyStorage::Env: {
        EnvSecretStore env(config.keyEnv);
        return env.get(config.name);
    }
    case KeyStorage::Keychain:
        if (!keychain) {
            Error e = makeError("the API key of connector '" + config.name
                                    + "' is in the OS keychain, which is not "
                                      "available here",
                                "Add the connector again with --key-env VAR");
            e.source = config.name;
            return e;
        }
        return keychain->get(config.name);
    }
    return std::string();
}

// ---- worker-thread calls ---------------------------------------------------------------------------------------

Result<std::string> testConnector(const ConnectorConfig& config, const std::string& key,
                                  const std::atomic<bool>* cancel)
{
    if (isFileImportType(config.type))
        return testFileConnector(config);
    auto connector = makeConnector(config, key);
    if (!connector)
        return connector.error();
    (*connector)->http().setCancelFlag(cancel);
    return (*connector)->test();
}

SyncWindow syncWindowFor(const ConnectorConfig& config, const SyncState& state, const SyncRequest& request, int64_t now)
{
    SyncWindow w;
    w.toMs = std::min(request.toMs.value_or(now), now);
    if (request.fromMs) {
        w.fromMs = *request.fromMs;
    } else if (state.watermarkMs) {
        const int64_t lookback = connectoropt::integer(config, "lookback_days", kDefaultLookbackDays) * kMsPerDay;
        w.fromMs = std::min(*state.watermarkMs, w.toMs) - lookback;
    } else {
        w.fromMs = w.toMs - connectoropt::integer(config, "initial_days", kDefaultInitialDays) * kMsPerDay;
    }
    return w;
}

Result<void> recordSyncFailure(Store& store, const std::string& name, const Error& error)
{
    ConnectorStore connectors(store);
    auto state = connectors.syncState(name);
    if (!state)
        return state.error();
    state->lastAttemptMs = nowMs();
    state->lastErrorMs = state->lastAttemptMs;
    state->lastError = error.toString();
    state->rowsAdded = 0;
    state->rowsUpdated = 0;
    return connectors.saveSyncState(*state);
}

void recordRunFailure(ConnectorStore& connectors, SyncState& state, const SyncRunReport& report, int64_t startedMs,
                      const Error& error, bool cancelled)
{
    state.lastAttemptMs = startedMs;
    state.lastErrorMs = nowMs();
    state.lastError = cancelled ? "cancelled before the sync finished" : error.toString();
    state.rowsAdded = report.added();
    state.rowsUpdated = report.corrected();
    (void)connectors.saveSyncState(state);
}

SyncRunReport syncConnector(Store& store, const ConnectorConfig& config, const std::string& key,
                            const SyncRequest& request)
{
    if (isFileImportType(config.type))
        return syncFileConnector(store, config, request);
    SyncRunReport report;
    report.connector = config.name;
    report.type = config.type;
    ConnectorStore connectors(store);
    auto loaded = connectors.syncState(config.name);
    if (!loaded) {
        report.error = loaded.error();
        return report;
    }
    SyncState state = *loaded;
    report.watermarkMs = state.watermarkMs;
    const int64_t startedMs = nowMs();

    auto recordFailure = [&](const Error& error, bool cancelled) {
        recordRunFailure(connectors, state, report, startedMs, error, cancelled);
    };

    auto made = makeConnector(config, key);
    if (!made) {
        report.error = made.error();
        recordFailure(*report.error, false);
        return report;
    }
    Connector& connector = **made;
    if (request.httpLog)
        connector.http().setLogger(request.httpLog);
    SyncWindow window = syncWindowFor(config, state, request, startedMs);
    window.fromMs = connector.alignStart(window.fromMs);
    report.window = window;
    if (window.toMs <= window.fromMs) {
        if (request.fromMs || request.toMs) {
            Error e = makeError("the period to sync is empty (" + formatIsoTimestamp(window.fromMs) + " to "
                                    + formatIsoTimestamp(window.toMs) + ")",
                                "Check --from and --to; --to is inclusive and cannot be in the future");
            e.source = "connector '" + config.name + "'";
            report.error = e;
        }
        return report;
    }

    // The catalogue as stored (as Workflows' loadCatalogue has it), so that this file needs only core + connectors
    // and tests can build it without the rest of the app.
    auto prices = store.loadPrices();
    if (!prices) {
        report.error = prices.error();
        recordFailure(*report.error, false);
        return report;
    }
    auto catalogue = std::make_unique<PriceCatalogue>();
    catalogue->addAll(std::move(*prices));

    const int64_t span = std::max<int64_t>(connector.batchSpanMs(), kMsPerHour);
    report.batches = int((window.toMs - window.fromMs + span - 1) / span);
    int batch = 0;
    for (int64_t from = window.fromMs; from < window.toMs; from += span) {
        ++batch;
        const SyncWindow part { from, std::min(window.toMs, from + span) };
        if (request.cancel && request.cancel->load()) {
            report.cancelled = true;
            break;
        }
        Ingestor ingest(store, *catalogue);
        if (auto r = ingest.begin("connector " + config.name + " " + formatIsoTimestamp(part.fromMs) + ".."
                                      + formatIsoTimestamp(part.toMs),
                                  "sync " + config.type);
            !r) {
            report.error = r.error();
            break;
        }
        auto outcome = connector.sync(
            part, SyncCursor { state.watermarkMs, state.cursor }, ingest,
            [&](const SyncProgress& p) {
                if (request.progress)
                    request.progress(p, batch, report.batches);
            },
            request.cancel);
        if (!outcome) {
            ingest.rollback(outcome.error().toString());
            if (request.cancel && request.cancel->load())
                report.cancelled = true;
            else
                report.error = outcome.error();
            break;
        }
        int64_t pruned = 0;
        std::optional<Error> failure;
        for (const CoveredRange& c : outcome->covered) {
            auto n = c.table == BucketTable::Usage
                ? connectors.pruneUsageBuckets(config.name, c.fromMs, c.toMs, ingest.stats().importId)
                : connectors.pruneCostBuckets(config.name, c.fromMs, c.toMs, ingest.stats().importId);
            if (!n) {
                failure = n.error();
                break;
            }
            pruned += *n;
        }
        const ImportStats& st = ingest.stats();
        const int64_t added = st.usageBucketsAdded + st.costBucketsAdded + st.gpuSamplesAdded;
        const int64_t corrected = st.usageBucketsUpdated + st.costBucketsUpdated;
        SyncState next = state;
        next.watermarkMs = std::max(state.watermarkMs.value_or(INT64_MIN), outcome->watermarkMs);
        next.cursor = outcome->cursor;
        next.lastAttemptMs = startedMs;
        next.rowsAdded = report.added() + added;
        next.rowsUpdated = report.corrected() + corrected;
        next.rowsTotal = state.rowsTotal + added;
        const bool last = part.toMs >= window.toMs;
        if (last) {
            next.lastSuccessMs = nowMs();
            next.lastError.clear();
            next.lastErrorMs.reset();
        }
        // The watermark goes into the batch's own transaction: committed together with the data, or not at all.
        if (!failure) {
            if (auto r = connectors.saveSyncState(next); !r)
                failure = r.error();
        }
        if (failure) {
            ingest.rollback(failure->toString());
            report.error = failure;
            break;
        }
        const ImportStats committed = st;
        if (auto r = ingest.commit(); !r) {
            report.error = r.error();
            break;
        }
        state = next;
        report.batchesCommitted = batch;
        report.usageAdded += committed.usageBucketsAdded;
        report.usageCorrected += committed.usageBucketsUpdated;
        report.costAdded += committed.costBucketsAdded;
        report.costCorrected += committed.costBucketsUpdated;
        report.gpuAdded += committed.gpuSamplesAdded;
        report.pruned += pruned;
        report.skippedSamples += outcome->skippedSamples;
        report.pages += outcome->pages;
        report.watermarkMs = state.watermarkMs;
        if (request.batchCommitted)
            request.batchCommitted(SyncBatchReport { config.name, part, batch, report.batches, added, corrected, pruned,
                                                     *state.watermarkMs, {} });
    }
    if (report.cancelled || report.error) {
        Error e = report.error.value_or(makeError("cancelled"));
        recordFailure(e, report.cancelled);
    }
    return report;
}

// ---- JSON ------------------------------------------------------------------------------------------------------

nlohmann::json connectorStatusToJson(const ConnectorStatus& s)
{
    const ConnectorConfig& c = s.config;
    nlohmann::json options = nlohmann::json::object();
    for (const auto& [k, v] : c.options)
        options[k] = v;
    nlohmann::json key = { { "storage", keyStorageName(c.keyStorage) } };
    if (c.keyStorage == KeyStorage::Env)
        key["variable"] = c.keyEnv;
    return {
        { "name", c.name },
        { "type", c.type },
        { "base_url", isFileImportType(c.type) ? nlohmann::json(nullptr)
                                               : nlohmann::json(c.baseUrl.empty() ? defaultBaseUrl(c.type) : c.baseUrl) },
        { "key", key },
        { "options", options },
        { "created_at", formatIsoTimestamp(c.createdMs) },
        { "watermark", jsonOrNull(isoOrNull(s.state.watermarkMs)) },
        { "last_attempt", jsonOrNull(isoOrNull(s.state.lastAttemptMs)) },
        { "last_success", jsonOrNull(isoOrNull(s.state.lastSuccessMs)) },
        { "last_error", s.state.lastError.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.state.lastError) },
        { "last_error_at", jsonOrNull(isoOrNull(s.state.lastErrorMs)) },
        { "rows_added", s.state.rowsAdded },
        { "rows_corrected", s.state.rowsUpdated },
        { "rows_total", s.state.rowsTotal },
    };
}

nlohmann::json syncReportToJson(const SyncRunReport& r)
{
    nlohmann::json j = {
        { "connector", r.connector },
        { "type", r.type },
        { "ok", r.ok() },
        { "cancelled", r.cancelled },
        { "from",
          r.window.toMs > r.window.fromMs ? nlohmann::json(formatIsoTimestamp(r.window.fromMs))
                                          : nlohmann::json(nullptr) },
        { "to",
          r.window.toMs > r.window.fromMs ? nlohmann::json(formatIsoTimestamp(r.window.toMs))
                                          : nlohmann::json(nullptr) },
        { "batches", r.batches },
        { "batches_committed", r.batchesCommitted },
        { "pages", r.pages },
        { "usage_buckets_added", r.usageAdded },
        { "usage_buckets_corrected", r.usageCorrected },
        { "cost_buckets_added", r.costAdded },
        { "cost_buckets_corrected", r.costCorrected },
        { "gpu_samples_added", r.gpuAdded },
        { "gpu_samples_skipped_nan", r.skippedSamples },
        { "buckets_pruned", r.pruned },
        { "watermark", jsonOrNull(isoOrNull(r.watermarkMs)) },
        { "error", r.error ? nlohmann::json(r.error->toString()) : nlohmann::json(nullptr) },
    };
    if (isFileImportType(r.type)) {
        j["files"] = r.files;
        j["files_imported"] = r.filesImported;
        j["files_unchanged"] = r.filesUnchanged;
        j["rows_added"] = r.fileRowsAdded;
        j["rows_replaced"] = r.fileRowsReplaced;
    }
    return j;
}

} // namespace il
