// SPDX-License-Identifier: GPL-3.0-or-later
// Ingest: de-duplicates by natural key, prices from the catalogue, writes facts and keeps the
// hourly and daily rollups current — all inside one transaction per import, so a file lands whole or not at all.
#pragma once

#include "domain/IngestSink.h"
#include "domain/LatencyHistogram.h"
#include "ingest/KeySet.h"
#include "pricing/PriceCatalogue.h"
#include "store/RequestChunks.h"
#include "store/Rollups.h"
#include "store/Store.h"

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace il {

struct ImportStats {
    int64_t importId = 0;
    int64_t billingRead = 0, billingAdded = 0, billingDuplicate = 0;
    int64_t usageBucketsAdded = 0, usageBucketsUpdated = 0, costBucketsAdded = 0, costBucketsUpdated = 0;
    int64_t gpuSamplesAdded = 0;
    // Buckets and samples handed to add* (read = added + updated + duplicate); duplicate: read again with the
    // figures already stored (an overlapping re-sync), or a bucket's further results within one import.
    int64_t usageBucketsRead = 0, usageBucketsDuplicate = 0, costBucketsRead = 0, costBucketsDuplicate = 0;
    int64_t gpuSamplesRead = 0, gpuSamplesUpdated = 0, gpuSamplesDuplicate = 0;
    int64_t requestsRead = 0, requestsAdded = 0, requestsDuplicate = 0;
    int64_t outcomesRead = 0, outcomesAdded = 0, outcomesDuplicate = 0;
    int64_t unpriced = 0;       // added requests with neither a catalogue price nor a reported cost
    int64_t reportedCost = 0;   // added requests whose provider-reported cost was used
};

class Ingestor final : public IngestSink {
public:
    Ingestor(Store& store, const PriceCatalogue& prices);
    ~Ingestor() override;
    Ingestor(const Ingestor&) = delete;
    Ingestor& operator=(const Ingestor&) = delete;

    // Starts the import's transaction; `source` and `kind` go to import_log.
    Result<void> begin(const std::string& source, const std::string& kind);
    Result<void> addRequests(std::span<const RequestRecord> batch) override;
    // Keys, prices and histogram buckets computed on the reader's threads (touches no SQLite). Thread-safe:
    // each concurrent call works with caches of its own.
    void prepareRequests(std::span<RequestRecord> batch) override;
    Result<void> addOutcomes(std::span<const OutcomeEvent> batch) override;
    // Implemented beside their readers: IngestorBilling.cpp, IngestorProviderApis.cpp, IngestorGpu.cpp.
    Result<void> addBillingLines(std::span<const BillingLine> batch) override;
    Result<void> addUsageBuckets(std::span<const UsageBucket> batch) override;
    Result<void> addCostBuckets(std::span<const CostBucket> batch) override;
    Result<void> addGpuSamples(std::span<const GpuSample> batch) override;
    // Commits everything added since begin(); on failure nothing is kept.
    Result<ImportStats> commit();
    // Discards everything since begin() and records the failure in import_log.
    void rollback(const std::string& reason);
    const ImportStats& stats() const { return m_stats; }
    bool active() const { return m_active; }

    // The natural key of a request (domain/RequestKey.h): time + provider + request id, or time + content.
    static int64_t requestKey(const RequestRecord& r);
    static int64_t outcomeKey(const OutcomeEvent& o);

    // Latencies a rollup lists during an import before they move into histograms (see RollupAcc).
    static constexpr size_t kListedCalls = 512;

private:
    struct Ids {
        int64_t feature, provider, model;
        const std::string* providerName;
    };
    struct ProviderRef {
        int64_t id;
        std::string canonical;
    };
    // Latency buffers of flushed rollups, kept for the next ones (hundreds are held at a time).
    struct LatencyPools {
        std::vector<std::unique_ptr<LatencyHistogram>> histograms;
        std::vector<std::vector<uint16_t>> callLists;
    };
    struct RollupAcc : RollupFigures {
        // This import's latencies: bucket numbers (kNotInteractive marks a batch or flex call) while there are at
        // most kListedCalls — one store per call, where a dense 8 KiB histogram per rollup made every call a
        // cache miss —, then histograms of all calls and of interactive calls only.
        std::vector<uint16_t> calls;
        std::unique_ptr<LatencyHistogram> hist, interactiveHist;
        void addLatency(int bucket, bool interactive, LatencyPools& pools);
        // This import's calls added to `all`, and its interactive calls to `interactive` when given.
        void mergeLatenciesInto(LatencyHistogram& all, LatencyHistogram* interactive) const;
        void releaseLatencies(LatencyPools& pools); // buffers back to the pools, for the next rollups
    };
    static constexpr uint16_t kNotInteractive = 0x8000;

    // Requests of one hour: every natural key stored or added so far (de-duplication) and the chunk being
    // filled. `pending` may start as the hour's last stored chunk (storedChunkId), when that one is small, so
    // that many small imports (the OTLP receiver's posts) do not leave thousands of tiny chunks.
    struct HourState {
        KeySet keys;
        RequestChunkWriter pending;
        int64_t storedChunkId = 0; // the stored chunk `pending` replaces; 0: a new chunk
        bool dirty = false;        // rows were appended to `pending`
        uint64_t lastUse = 0;
        uint64_t lastBatch = 0; // the addRequests call that last met the hour (m_batchClock)
    };

    // A (feature, provider, model) triple as records name it, numbered by the reader threads as they first meet
    // it (numbers from 1, never reused by this Ingestor): records carry the number, and the writing thread finds
    // their ids by index, without comparing names.
    struct NameTriple {
        std::string feature, provider, model;
        std::string canonicalProvider;
        std::vector<const PriceEntry*> prices; // the model's price history, oldest first
        uint32_t number = 0;
        bool names(const RequestRecord& r) const { return feature == r.feature && provider == r.provider && model == r.model; }
    };
    const NameTriple& nameTriple(const RequestRecord& r, uint64_t hash);
    Result<Ids> idsFor(const RequestRecord& r);
    Result<Ids> idsByName(const RequestRecord& r);
    Result<HourState*> hourState(int64_t hour);
    Result<void> flushChunk(HourState& h);
    Result<void> flushAllChunks();
    Result<void> evictHours();
    const PriceEntry* priceFor(int64_t providerId, int64_t modelId, const RequestRecord& r);
    Result<void> flushRollups();
    Error fail(std::string_view what);

    // For the add* implementations in other files: the feature id for a name ("" → unattributed).
    Result<int64_t> featureIdFor(const std::string& name);

    Store& m_store;
    const PriceCatalogue& m_prices;
    bool m_active = false;
    ImportStats m_stats;
    std::string m_logSource, m_logKind; // the import_log row commit() writes
    int64_t m_logStartedAt = 0;
    Statement m_insertChunk, m_replaceChunk, m_selectHourChunks, m_insertOutcome, m_upsertOutcomeHourly;
    std::unordered_map<std::string, int64_t> m_featureIds, m_modelIds;
    std::unordered_map<std::string, ProviderRef> m_providerIds;
    std::vector<std::optional<Ids>> m_idsByNumber; // by NameTriple::number
    std::unordered_map<int64_t, std::vector<const PriceEntry*>> m_priceHistory; // by model id
    // Reader-thread caches for prepareRequests, one per concurrent call (taken from and returned to the pool
    // under m_prepMutex); never touched by the writing thread.
    struct PrepareCache {
        std::unordered_map<uint64_t, const NameTriple*> names; // by the names' hash
    };
    std::mutex m_prepMutex;
    std::vector<std::unique_ptr<PrepareCache>> m_prepPool;
    // Under m_prepMutex: every triple met, by number - 1 and by hash (a hash two triples share lists both).
    std::vector<std::unique_ptr<NameTriple>> m_nameTriples;
    std::unordered_multimap<uint64_t, const NameTriple*> m_nameTriplesByHash;
    std::unordered_map<int64_t, HourState> m_hours;
    uint64_t m_useClock = 0;
    uint64_t m_batchClock = 0; // addRequests calls so far
    std::unordered_map<RollupKey, RollupAcc, RollupKeyHash> m_rollups;
    // The rollups rows last went to, by hash: most rows find theirs here, without the map's division and node walk.
    struct RecentRollup {
        RollupKey key{};
        RollupAcc* acc = nullptr;
    };
    std::array<RecentRollup, 64> m_recentRollups{};
    RollupAcc& rollupFor(const RollupKey& k);
    void clearRollups();
    LatencyPools m_latencyPools;
    // For the length of one import: the rollup tables' writers, and this import's figures by day, which go to
    // rollup_daily at commit (or sooner, when many days are held).
    std::unique_ptr<RollupTableWriter> m_hourlyWriter, m_dailyWriter;
    RollupAccumulator m_days;
    LatencyHistogram m_flushLatency, m_flushInteractive; // scratch for flushRollups
    std::string m_scratchKey;
};

} // namespace il
