// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/Ingestor.h"

#include "domain/Hash.h"
#include "domain/RequestKey.h"
#include "domain/Time.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace il {

namespace {

const char* kInsertChunk =
    "INSERT INTO request_chunk(hour, rows, first_ts, last_ts, data, keys) VALUES(?1,?2,?3,?4,?5,?6)";
const char* kReplaceChunk = "UPDATE request_chunk SET rows=?2, first_ts=?3, last_ts=?4, data=?5, keys=?6 WHERE id=?1";
const char* kSelectHourChunks = "SELECT id, rows, first_ts, last_ts, keys, data FROM request_chunk WHERE hour=?1 ORDER BY id";

// Limits on what an import keeps in memory, so that it stays flat whatever the file's size or order: hours
// whose keys are held (LRU beyond that), and the bytes of chunks not yet written.
constexpr size_t kMaxHoursHeld = 384;
constexpr size_t kMaxKeysHeld = size_t(8) << 20;
constexpr size_t kMaxPendingBytes = size_t(32) << 20;
constexpr size_t kMaxRollupsHeld = 1024;
// In a file in time order an hour not met for this many batches is complete: its chunk is written then, while
// the parsers still work, instead of at commit (an hour met again later just gets a second chunk).
constexpr uint64_t kIdleBatches = 4;
// A stored chunk below this many rows is extended by the next import into its hour, not left beside a new one.
constexpr int kSmallChunkRows = RequestChunkWriter::kChunkRows / 4;

// The in-memory key of a record's (feature, provider, model) names, 8 bytes a step: FNV's byte steps are a chain
// of ~40 dependent multiplications a request. Stored nowhere; two triples sharing a key are told apart by name.
uint64_t namesHash(std::string_view feature, std::string_view provider, std::string_view model)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (std::string_view s : {feature, provider, model}) {
        size_t i = 0;
        for (; i + 8 <= s.size(); i += 8) {
            uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            h = (h ^ w) * 0xff51afd7ed558ccdULL;
            h ^= h >> 32;
        }
        uint64_t w = 0;
        std::memcpy(&w, s.data() + i, s.size() - i);
        h = (h ^ w ^ (uint64_t(s.size()) << 56)) * 0xc4ceb9fe1a85ec53ULL;
        h ^= h >> 29;
    }
    return h;
}

// A call a latency target is about: not a Batch API job, not the flex tier (both trade latency for price).
bool isInteractive(const RequestRecord& r)
{
    return !r.batch && r.serviceTier != "flex";
}

std::string trimmed(std::string_view s)
{
    return std::string(trimmedView(s));
}

} // namespace

Ingestor::Ingestor(Store& store, const PriceCatalogue& prices) : m_store(store), m_prices(prices) {}

Ingestor::~Ingestor()
{
    if (m_active)
        rollback("import abandoned");
}

Error Ingestor::fail(std::string_view what)
{
    return m_store.sqlError(what);
}

int64_t Ingestor::requestKey(const RequestRecord& r)
{
    return int64_t(requestNaturalKey(r, PriceCatalogue::canonicalProvider(trimmed(r.provider))));
}

int64_t Ingestor::outcomeKey(const OutcomeEvent& o)
{
    KeyHasher h;
    if (!o.outcomeId.empty())
        return h.add("out").add(o.feature).add(o.outcomeId).rowKey();
    return h.add("outcontent").add(o.timestampMs).add(o.feature).add(o.unit).add(o.count).rowKey();
}

Result<void> Ingestor::begin(const std::string& source, const std::string& kind)
{
    if (m_active)
        return makeError("an import is already in progress on this connection");
    m_stats = {};
    // An import appends blobs and reads little back: a smaller page cache keeps its memory down (restored by
    // commit and rollback for the readers of this connection).
    (void)m_store.exec("PRAGMA cache_size=-16384"); // 16 MiB
    if (auto r = m_store.exec("BEGIN IMMEDIATE"); !r) {
        (void)m_store.exec(Store::kPageCachePragma);
        return r;
    }
    m_active = true;
    // The import's log row is written at commit, under an id reserved now (BEGIN IMMEDIATE keeps other writers
    // out): a row inserted here and updated at commit would put its page in the WAL early and change it late,
    // and SQLite then re-checksums every WAL frame written in between.
    Statement nextId(m_store.handle(), "SELECT COALESCE(MAX(id), 0) + 1 FROM import_log");
    if (!nextId.step() || nextId.failed()) {
        Error e = fail("cannot start the import");
        rollback(e.message);
        return e;
    }
    m_stats.importId = nextId.int64(0);
    m_logSource = source;
    m_logKind = kind;
    m_logStartedAt = nowMs();
    m_hourlyWriter = std::make_unique<RollupTableWriter>(m_store.handle(), RollupPeriod::Hour);
    m_dailyWriter = std::make_unique<RollupTableWriter>(m_store.handle(), RollupPeriod::Day);
    if (!m_hourlyWriter->valid() || !m_dailyWriter->valid()) {
        Error e = fail("cannot prepare the rollup statements");
        rollback(e.message);
        return e;
    }
    if (!m_insertChunk.valid()) {
        m_insertChunk = Statement(m_store.handle(), kInsertChunk);
        m_replaceChunk = Statement(m_store.handle(), kReplaceChunk);
        m_selectHourChunks = Statement(m_store.handle(), kSelectHourChunks);
        m_insertOutcome = Statement(m_store.handle(),
                                    "INSERT OR IGNORE INTO outcome(id, ts, feature_id, unit, count, external_id, import_id)"
                                    " VALUES(?1,?2,?3,?4,?5,?6,?7)");
        m_upsertOutcomeHourly = Statement(m_store.handle(),
                                          "INSERT INTO outcome_hourly(hour, feature_id, unit, count) VALUES(?1,?2,?3,?4)"
                                          " ON CONFLICT(hour, feature_id, unit) DO UPDATE SET count = count + excluded.count");
        if (!m_insertChunk.valid() || !m_replaceChunk.valid() || !m_selectHourChunks.valid() || !m_insertOutcome.valid()
            || !m_upsertOutcomeHourly.valid()) {
            Error e = fail("cannot prepare the import statements");
            rollback(e.message);
            return e;
        }
    }
    return {};
}

Result<Ingestor::Ids> Ingestor::idsFor(const RequestRecord& r)
{
    // Prepared records carry the number of their name triple: ids by index.
    const uint32_t n = r.prepared.ready ? r.prepared.names : 0;
    if (n && n <= m_idsByNumber.size() && m_idsByNumber[n - 1])
        return *m_idsByNumber[n - 1];
    auto ids = idsByName(r);
    if (ids && n) {
        if (m_idsByNumber.size() < n)
            m_idsByNumber.resize(n);
        m_idsByNumber[n - 1] = *ids;
    }
    return ids;
}

Result<Ingestor::Ids> Ingestor::idsByName(const RequestRecord& r)
{
    Ids ids{};
    const std::string& feature = r.feature.empty() ? std::string(kUnattributed) : r.feature;
    auto f = m_featureIds.find(feature);
    if (f == m_featureIds.end()) {
        auto id = m_store.featureId(trimmed(feature));
        if (!id)
            return id.error();
        f = m_featureIds.emplace(feature, *id).first;
    }
    ids.feature = f->second;
    auto p = m_providerIds.find(r.provider);
    if (p == m_providerIds.end()) {
        std::string canonical = PriceCatalogue::canonicalProvider(trimmed(r.provider));
        auto id = m_store.providerId(canonical);
        if (!id)
            return id.error();
        p = m_providerIds.emplace(r.provider, ProviderRef{*id, std::move(canonical)}).first;
    }
    ids.provider = p->second.id;
    ids.providerName = &p->second.canonical;
    m_scratchKey.assign(r.provider);
    m_scratchKey += '\x1f';
    m_scratchKey += r.model;
    auto m = m_modelIds.find(m_scratchKey);
    if (m == m_modelIds.end()) {
        auto id = m_store.modelId(ids.provider, trimmed(r.model));
        if (!id)
            return id.error();
        m = m_modelIds.emplace(m_scratchKey, *id).first;
    }
    ids.model = m->second;
    return ids;
}

namespace {
const PriceEntry* inForce(const std::vector<const PriceEntry*>& history, int64_t ts)
{
    const PriceEntry* best = nullptr;
    for (const PriceEntry* e : history) {
        if (e->effectiveFromMs <= ts)
            best = e;
        else
            break;
    }
    return best;
}
} // namespace

const PriceEntry* Ingestor::priceFor(int64_t /*providerId*/, int64_t modelId, const RequestRecord& r)
{
    auto it = m_priceHistory.find(modelId);
    if (it == m_priceHistory.end())
        it = m_priceHistory.emplace(modelId, m_prices.history(r.provider, r.model)).first;
    return inForce(it->second, r.timestampMs);
}

void Ingestor::prepareRequests(std::span<RequestRecord> batch)
{
    std::unique_ptr<PrepareCache> cache;
    {
        std::lock_guard lock(m_prepMutex);
        if (!m_prepPool.empty()) {
            cache = std::move(m_prepPool.back());
            m_prepPool.pop_back();
        }
    }
    if (!cache)
        cache = std::make_unique<PrepareCache>();
    for (RequestRecord& r : batch) {
        const uint64_t hash = namesHash(r.feature, r.provider, r.model);
        auto c = cache->names.find(hash);
        const NameTriple* names = c != cache->names.end() ? c->second : nullptr;
        if (!names || !names->names(r)) {
            names = &nameTriple(r, hash);
            cache->names[hash] = names;
        }
        RequestRecord::Prepared& prep = r.prepared;
        prep.key = int64_t(requestNaturalKey(r, names->canonicalProvider));
        const PriceEntry* price = inForce(names->prices, r.timestampMs);
        prep.priced = price && (!r.reportedCostNanos || price->currency == r.currency);
        prep.estCost = prep.priced ? priceRequest(*price, r).total() : 0;
        prep.priceId = price ? price->id : 0;
        prep.priceCurrency = price ? price->currency.code : 0;
        prep.latencyBucket = r.latencyMs >= 0 ? int16_t(LatencyHistogram::bucketOfWholeMs(r.latencyMs)) : int16_t(-1);
        prep.names = names->number;
        prep.promptHashAsBytes = promptHashAsBytes(r.promptHash);
        prep.ready = true;
    }
    std::lock_guard lock(m_prepMutex);
    m_prepPool.push_back(std::move(cache));
}

const Ingestor::NameTriple& Ingestor::nameTriple(const RequestRecord& r, uint64_t hash)
{
    std::lock_guard lock(m_prepMutex);
    auto [from, to] = m_nameTriplesByHash.equal_range(hash);
    for (auto it = from; it != to; ++it)
        if (it->second->names(r))
            return *it->second;
    auto t = std::make_unique<NameTriple>();
    t->feature = r.feature;
    t->provider = r.provider;
    t->model = r.model;
    t->canonicalProvider = PriceCatalogue::canonicalProvider(trimmed(r.provider));
    t->prices = m_prices.history(r.provider, trimmed(r.model));
    t->number = uint32_t(m_nameTriples.size() + 1);
    const NameTriple& added = *t;
    m_nameTriples.push_back(std::move(t));
    m_nameTriplesByHash.emplace(hash, &added);
    return added;
}

Result<void> Ingestor::addRequests(std::span<const RequestRecord> batch)
{
    if (!m_active)
        return makeError("addRequests outside an import");
    StoredRequest row;
    HourState* h = nullptr;
    ++m_batchClock;
    for (const RequestRecord& r : batch) {
        ++m_stats.requestsRead;
        auto ids = idsFor(r);
        if (!ids)
            return ids.error();
        std::optional<int64_t> est;
        int64_t priceId = 0;
        Currency priceCurrency = r.currency;
        if (r.prepared.ready) {
            if (r.prepared.priced)
                est = r.prepared.estCost;
            priceId = r.prepared.priceId;
            if (priceId)
                priceCurrency.code = r.prepared.priceCurrency;
        } else if (const PriceEntry* price = priceFor(ids->provider, ids->model, r)) {
            if (!r.reportedCostNanos || price->currency == r.currency)
                est = priceRequest(*price, r).total();
            priceId = price->id;
            priceCurrency = price->currency;
        }
        const Currency currency = r.reportedCostNanos ? r.currency : priceCurrency;

        const int64_t hour = floorTo(r.timestampMs, kMsPerHour);
        if (!h || h->pending.hour != hour) {
            auto state = hourState(hour);
            if (!state)
                return state.error();
            h = *state;
        }
        const uint64_t key = r.prepared.ready ? uint64_t(r.prepared.key) : uint64_t(requestKey(r));
        if (!h->keys.insert(key)) {
            ++m_stats.requestsDuplicate;
            continue;
        }
        row.ts = r.timestampMs;
        row.featureId = ids->feature;
        row.modelId = ids->model;
        row.providerId = ids->provider;
        copyTokenCounts(r, row);
        row.latencyMs = r.latencyMs;
        row.error = r.error;
        row.cache = int(r.cache);
        row.evalScore = r.evalScore;
        row.estCost = est;
        row.reportedCost = r.reportedCostNanos;
        row.currency = currency.code;
        row.batch = r.batch;
        row.priceId = priceId;
        row.importId = m_stats.importId;
        row.serviceTier = r.serviceTier;
        row.externalId = r.requestId;
        row.promptHash = r.promptHash;
        row.promptHashAsBytes = r.prepared.ready ? std::optional<bool>(r.prepared.promptHashAsBytes) : std::nullopt;
        h->pending.append(row, key);
        h->dirty = true;
        if (h->pending.full()) {
            if (auto f = flushChunk(*h); !f)
                return f;
        }
        ++m_stats.requestsAdded;

        RollupAcc& a = rollupFor(RollupKey{hour, ids->feature, ids->model, ids->provider, currency.code});
        ++a.requests;
        a.errors += r.error ? 1 : 0;
        a.input += r.inputTokens;
        a.cached += r.cachedInputTokens;
        a.cacheWrite += r.cacheWriteTokens + r.cacheWrite1hTokens;
        a.output += r.outputTokens;
        a.reasoning += r.reasoningTokens;
        if (r.reportedCostNanos) {
            a.cost += *r.reportedCostNanos;
            a.reportedCost += *r.reportedCostNanos;
            ++a.reportedRequests;
            ++m_stats.reportedCost;
        } else if (est) {
            a.cost += *est;
        } else {
            ++a.unpriced;
            ++m_stats.unpriced;
        }
        if (est)
            a.estCost += *est;
        if (r.cache != CacheOutcome::None) {
            ++a.cacheLookups;
            a.cacheHits += r.cache == CacheOutcome::Hit ? 1 : 0;
        }
        if (!std::isnan(r.evalScore)) {
            a.evalSum += r.evalScore;
            ++a.evalCount;
        }
        if (r.latencyMs >= 0) {
            a.latencySum += r.latencyMs;
            ++a.latencyCount;
            const int bucket = r.prepared.ready ? r.prepared.latencyBucket : LatencyHistogram::bucketOfWholeMs(r.latencyMs);
            const bool interactive = isInteractive(r);
            a.interactiveLatencyCount += interactive ? 1 : 0;
            a.addLatency(bucket, interactive, m_latencyPools);
        }
    }
    if (auto e = evictHours(); !e)
        return e;
    // Rollups are merged into the store at commit, or sooner when many are held (each holds histograms).
    return m_rollups.size() > kMaxRollupsHeld ? flushRollups() : Result<void>();
}

Ingestor::RollupAcc& Ingestor::rollupFor(const RollupKey& k)
{
    RecentRollup& recent = m_recentRollups[RollupKeyHash()(k) % m_recentRollups.size()];
    if (!recent.acc || !(recent.key == k)) {
        recent.key = k;
        recent.acc = &m_rollups[k]; // node-based: the address stays until the map is cleared
    }
    return *recent.acc;
}

void Ingestor::RollupAcc::addLatency(int bucket, bool interactive, LatencyPools& pools)
{
    if (!hist && calls.size() < kListedCalls) {
        if (calls.capacity() == 0 && !pools.callLists.empty()) {
            calls = std::move(pools.callLists.back());
            pools.callLists.pop_back();
        }
        calls.push_back(uint16_t(bucket) | (interactive ? 0 : kNotInteractive));
        return;
    }
    if (!hist) {
        // More calls than are listed: the list moves into histograms.
        hist = takeHistogram(pools.histograms);
        const std::vector<uint16_t> listed = std::move(calls);
        calls.clear();
        for (uint16_t c : listed)
            addLatency(c & ~kNotInteractive, !(c & kNotInteractive), pools);
    }
    // The interactive histogram is kept apart only from the first non-interactive call on: until then it is the
    // same as `hist` (the usual case, which so costs one histogram, not two).
    if (!interactive && !interactiveHist) {
        interactiveHist = takeHistogram(pools.histograms);
        interactiveHist->merge(*hist);
    }
    hist->addToBucket(bucket);
    if (interactive && interactiveHist)
        interactiveHist->addToBucket(bucket);
}

void Ingestor::RollupAcc::mergeLatenciesInto(LatencyHistogram& all, LatencyHistogram* interactive) const
{
    if (hist)
        all.merge(*hist);
    for (uint16_t c : calls)
        all.addToBucket(c & ~kNotInteractive);
    if (!interactive)
        return;
    // The interactive calls: their own histogram, or all of `hist` when every call was interactive.
    if (const LatencyHistogram* own = interactiveHist ? interactiveHist.get() : hist.get())
        interactive->merge(*own);
    for (uint16_t c : calls)
        if (!(c & kNotInteractive))
            interactive->addToBucket(c);
}

void Ingestor::RollupAcc::releaseLatencies(LatencyPools& pools)
{
    for (auto* h : {&hist, &interactiveHist}) {
        if (*h) {
            (*h)->clear();
            pools.histograms.push_back(std::move(*h));
        }
    }
    if (calls.capacity()) {
        calls.clear();
        pools.callLists.push_back(std::move(calls));
    }
}

void Ingestor::clearRollups()
{
    m_rollups.clear();
    m_recentRollups.fill({}); // they point into m_rollups
}

Result<Ingestor::HourState*> Ingestor::hourState(int64_t hour)
{
    auto [it, added] = m_hours.try_emplace(hour);
    HourState& h = it->second;
    h.lastUse = ++m_useClock;
    h.lastBatch = m_batchClock;
    if (!added)
        return &h;
    h.pending.hour = hour;
    // The hour's stored keys (this import's flushed chunks included: the transaction sees its own writes).
    Statement& sel = m_selectHourChunks;
    sel.reset();
    sel.bind(1, hour);
    while (sel.step()) {
        const std::string_view keys = sel.blob(4);
        const int rows = int(sel.int64(1));
        if (keys.size() != size_t(rows) * 8) {
            m_hours.erase(it);
            return makeError("a request chunk in the store is damaged", "Rebuild the store from its sources");
        }
        for (size_t i = 0; i < size_t(rows); ++i)
            h.keys.insert(chunkKeyAt(keys, i));
        if (rows < kSmallChunkRows && h.storedChunkId == 0) {
            h.storedChunkId = sel.int64(0);
            h.pending.adopt(sel.blob(5), keys, rows, sel.int64(2), sel.int64(3));
        }
    }
    if (sel.failed()) {
        m_hours.erase(it);
        return fail("cannot read the stored requests of an hour");
    }
    return &h;
}

Result<void> Ingestor::flushChunk(HourState& h)
{
    if (!h.dirty || h.pending.rows() == 0)
        return {};
    const RequestChunkWriter& c = h.pending;
    Statement& st = h.storedChunkId ? m_replaceChunk : m_insertChunk;
    st.reset();
    if (h.storedChunkId)
        st.bind(1, h.storedChunkId);
    else
        st.bind(1, c.hour);
    st.bind(2, int64_t(c.rows())).bind(3, c.firstTs()).bind(4, c.lastTs());
    st.bindBlob(5, c.data().data(), c.data().size()).bindBlob(6, c.keys().data(), c.keys().size());
    st.step();
    if (st.failed())
        return fail("cannot store requests");
    h.pending.clear();
    h.storedChunkId = 0;
    h.dirty = false;
    return {};
}

Result<void> Ingestor::flushAllChunks()
{
    for (auto& [hour, h] : m_hours)
        if (auto r = flushChunk(h); !r)
            return r;
    return {};
}

Result<void> Ingestor::evictHours()
{
    size_t keys = 0, pendingBytes = 0;
    for (auto& [hour, h] : m_hours) {
        if (h.dirty && h.lastBatch + kIdleBatches < m_batchClock)
            if (auto r = flushChunk(h); !r)
                return r;
        keys += h.keys.size();
        pendingBytes += h.pending.bytes();
    }
    const bool tooManyHours = m_hours.size() > kMaxHoursHeld || keys > kMaxKeysHeld;
    if (pendingBytes <= kMaxPendingBytes && !tooManyHours)
        return {};
    // Least recently used first: in a file in time order those hours are complete, so their chunks are written
    // whole, not cut in two.
    std::vector<std::pair<uint64_t, int64_t>> byUse;
    byUse.reserve(m_hours.size());
    for (const auto& [hour, h] : m_hours)
        byUse.emplace_back(h.lastUse, hour);
    std::sort(byUse.begin(), byUse.end());
    for (size_t i = 0; i < byUse.size() && pendingBytes > kMaxPendingBytes / 2; ++i) {
        HourState& h = m_hours.find(byUse[i].second)->second;
        const size_t held = h.pending.bytes();
        if (auto r = flushChunk(h); !r)
            return r;
        if (!h.dirty && h.pending.rows() > 0) {
            // An adopted stored chunk nothing was added to: already in the store, so just let it go.
            h.pending.clear();
            h.storedChunkId = 0;
        }
        pendingBytes -= held - h.pending.bytes();
    }
    if (!tooManyHours)
        return {};
    // Forget the least recently used half; their chunks are written first, so a later row of such an hour
    // finds every key again in the store.
    for (size_t i = 0; i < byUse.size() / 2; ++i) {
        auto it = m_hours.find(byUse[i].second);
        if (auto r = flushChunk(it->second); !r)
            return r;
        m_hours.erase(it);
    }
    return {};
}

Result<void> Ingestor::flushRollups()
{
    for (auto& [k, a] : m_rollups) {
        // This import's calls: their histograms, the interactive one only where it differs.
        const bool interactiveApart = a.interactiveLatencyCount != a.latencyCount;
        m_flushLatency.clear();
        m_flushInteractive.clear();
        a.mergeLatenciesInto(m_flushLatency, interactiveApart ? &m_flushInteractive : nullptr);
        const LatencyHistogram* interactive = interactiveApart ? &m_flushInteractive : nullptr;
        if (auto r = m_hourlyWriter->add(k, a, m_flushLatency, interactive); !r)
            return r;
        m_days.add(RollupKey{floorTo(k.start, kMsPerDay), k.feature, k.model, k.provider, k.currency}, a,
                   m_flushLatency, interactive);
        a.releaseLatencies(m_latencyPools);
    }
    clearRollups();
    // Each day held has one or two dense histograms (8 KiB each): as many are held as hours.
    return m_days.size() > kMaxRollupsHeld ? m_days.flushTo(*m_dailyWriter) : Result<void>();
}

Result<int64_t> Ingestor::featureIdFor(const std::string& name)
{
    const std::string& feature = name.empty() ? std::string(kUnattributed) : name;
    auto f = m_featureIds.find(feature);
    if (f == m_featureIds.end()) {
        auto id = m_store.featureId(trimmed(feature));
        if (!id)
            return id.error();
        f = m_featureIds.emplace(feature, *id).first;
    }
    return f->second;
}

Result<void> Ingestor::addOutcomes(std::span<const OutcomeEvent> batch)
{
    if (!m_active)
        return makeError("addOutcomes outside an import");
    for (const OutcomeEvent& o : batch) {
        ++m_stats.outcomesRead;
        auto featureId = featureIdFor(o.feature);
        if (!featureId)
            return featureId.error();
        const int64_t fid = *featureId;
        Statement& ins = m_insertOutcome;
        ins.reset();
        ins.bind(1, outcomeKey(o)).bind(2, o.timestampMs).bind(3, fid).bind(4, std::string_view(o.unit));
        ins.bind(5, o.count);
        if (o.outcomeId.empty())
            ins.bindNull(6);
        else
            ins.bind(6, std::string_view(o.outcomeId));
        ins.bind(7, m_stats.importId);
        ins.step();
        if (ins.failed())
            return fail("cannot store an outcome");
        if (sqlite3_changes(m_store.handle()) == 0) {
            ++m_stats.outcomesDuplicate;
            continue;
        }
        ++m_stats.outcomesAdded;
        Statement& up = m_upsertOutcomeHourly;
        up.reset();
        up.bind(1, floorTo(o.timestampMs, kMsPerHour)).bind(2, fid).bind(3, std::string_view(o.unit)).bind(4, o.count);
        up.step();
        if (up.failed())
            return fail("cannot update an outcome rollup");
    }
    return {};
}

Result<ImportStats> Ingestor::commit()
{
    if (!m_active)
        return makeError("commit outside an import");
    if (auto r = flushAllChunks(); !r) {
        rollback(r.error().message);
        return r.error();
    }
    m_hours.clear();
    if (auto r = flushRollups(); !r) {
        rollback(r.error().message);
        return r.error();
    }
    if (auto r = m_days.flushTo(*m_dailyWriter); !r) {
        rollback(r.error().message);
        return r.error();
    }
    Statement log(m_store.handle(),
                  "INSERT INTO import_log(finished_at, rows_read, rows_added, rows_duplicate, id, source, kind,"
                  " started_at, status) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'ok')");
    const ImportStats& t = m_stats;
    log.bind(1, nowMs());
    log.bind(2, t.requestsRead + t.outcomesRead + t.billingRead + t.usageBucketsRead + t.costBucketsRead + t.gpuSamplesRead);
    log.bind(3, t.requestsAdded + t.outcomesAdded + t.billingAdded + t.usageBucketsAdded + t.costBucketsAdded
                 + t.gpuSamplesAdded);
    log.bind(4, t.requestsDuplicate + t.outcomesDuplicate + t.billingDuplicate + t.usageBucketsDuplicate
                 + t.costBucketsDuplicate + t.gpuSamplesDuplicate);
    log.bind(5, m_stats.importId).bind(6, std::string_view(m_logSource)).bind(7, std::string_view(m_logKind));
    log.bind(8, m_logStartedAt);
    log.step();
    if (log.failed() || !m_store.exec("COMMIT")) {
        Error e = fail("cannot commit the import");
        rollback(e.message);
        return e;
    }
    m_active = false;
    m_hourlyWriter.reset();
    m_dailyWriter.reset();
    m_days = RollupAccumulator(); // its histograms too: a long-lived Ingestor (the OTLP receiver) keeps none
    (void)m_store.exec(Store::kPageCachePragma);
    return m_stats;
}

void Ingestor::rollback(const std::string& reason)
{
    if (!m_active)
        return;
    clearRollups();
    m_days = RollupAccumulator();
    m_hours.clear();
    m_hourlyWriter.reset();
    m_dailyWriter.reset();
    // Names first stored by this import are gone with it: forget their ids.
    m_featureIds.clear();
    m_modelIds.clear();
    m_providerIds.clear();
    m_idsByNumber.clear();
    m_priceHistory.clear(); // keyed by model id, which SQLite may hand to another model after the rollback
    (void)m_store.exec("ROLLBACK");
    (void)m_store.exec(Store::kPageCachePragma);
    m_active = false;
    // Keep a record of the failed attempt; the data itself is gone with the rollback.
    Statement log(m_store.handle(), "INSERT INTO import_log(source, kind, started_at, finished_at, status, message)"
                                    " VALUES('', 'failed', ?1, ?1, 'failed', ?2)");
    log.bind(1, nowMs()).bind(2, std::string_view(reason));
    log.step();
}

} // namespace il
