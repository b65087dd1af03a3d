// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/RequestChunks.h"

#include "domain/Money.h"
#include "domain/RequestKey.h"
#include "domain/Time.h"
#include "store/Statement.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <vector>

namespace il {

namespace {

// Row encoding (docs/STORE.md): varints, signed ones zig-zagged; a flags varint says which optional fields follow.
constexpr uint32_t kError = 1u << 0;
constexpr uint32_t kBatch = 1u << 1;
constexpr uint32_t kHasEval = 1u << 2;
constexpr uint32_t kHasEst = 1u << 3;
constexpr uint32_t kHasReported = 1u << 4;
constexpr uint32_t kHasLatency = 1u << 5;
constexpr uint32_t kOtherCurrency = 1u << 6; // not USD: the currency code follows
constexpr uint32_t kHasPrice = 1u << 7;
constexpr int kCacheShift = 8; // two bits: CacheOutcome
// Schema 6: compact forms, told by flags (rows written before keep the plain forms, read as ever).
constexpr uint32_t kEvalMicro = 1u << 10;     // the eval score as a varint of millionths (when that is exact)
constexpr uint32_t kHashBytes = 1u << 11;     // the prompt hash, lowercase hex, as its bytes
constexpr uint32_t kIdSharesPrefix = 1u << 12; // the external id: a varint length shared with the row before, then the rest

// Shortest prefix worth sharing, and the longest hex prompt hash kept as bytes (SHA-512 is 128 digits).
constexpr size_t kMinSharedPrefix = 4;
constexpr size_t kMaxHashDigits = 128;

// The eval score's millionths, when they give the score back exactly.
std::optional<uint64_t> evalMicros(double score)
{
    if (!(score >= 0.0 && score <= 1.0) || std::signbit(score)) // -0.0 would come back as 0.0
        return std::nullopt;
    const auto n = uint64_t(score * 1e6 + 0.5); // rounds: the score is not negative
    return double(n) / 1e6 == score ? std::optional<uint64_t>(n) : std::nullopt;
}

// A hex digit's value, or -1: a table, because hash digits are random and a branch on them mispredicts.
constexpr std::array<int8_t, 256> kHexValue = [] {
    std::array<int8_t, 256> t{};
    for (int c = 0; c < 256; ++c)
        t[size_t(c)] = c >= '0' && c <= '9' ? int8_t(c - '0') : c >= 'a' && c <= 'f' ? int8_t(c - 'a' + 10) : int8_t(-1);
    return t;
}();

int hexDigit(char c)
{
    return kHexValue[static_cast<unsigned char>(c)];
}

} // namespace

bool promptHashAsBytes(std::string_view s)
{
    if (s.empty() || s.size() % 2 || s.size() > kMaxHashDigits)
        return false;
    for (char c : s) // an early exit: a well-predicted branch (and no vectorised gather for a 16-byte string)
        if (hexDigit(c) < 0)
            return false;
    return true;
}

namespace {

size_t sharedPrefix(std::string_view a, std::string_view b)
{
    const size_t n = std::min({a.size(), b.size(), size_t(127)});
    size_t i = 0;
    while (i < n && a[i] == b[i])
        ++i;
    return i;
}

constexpr uint32_t kUsd = Currency::pack("USD");

// Room for every fixed field at its longest (21 varints of up to 10 bytes, an 8-byte double) and short strings.
constexpr size_t kMaxFixedBytes = 512;

char* putVarintRaw(char* p, uint64_t v)
{
    while (v >= 0x80) {
        *p++ = char(uint8_t(v) | 0x80);
        v >>= 7;
    }
    *p++ = char(v);
    return p;
}

void putVarint(std::string& out, uint64_t v)
{
    char buf[10];
    int n = 0;
    while (v >= 0x80) {
        buf[n++] = char(uint8_t(v) | 0x80);
        v >>= 7;
    }
    buf[n++] = char(v);
    out.append(buf, size_t(n));
}

uint64_t zigzag(int64_t v) { return (uint64_t(v) << 1) ^ uint64_t(v >> 63); }
int64_t unzigzag(uint64_t v) { return int64_t(v >> 1) ^ -int64_t(v & 1); }

void putString(std::string& out, std::string_view s)
{
    putVarint(out, s.size());
    out.append(s);
}

bool getVarint(std::string_view d, size_t& pos, uint64_t& v)
{
    v = 0;
    for (int shift = 0; shift < 64 && pos < d.size(); shift += 7) {
        const auto b = static_cast<unsigned char>(d[pos++]);
        v |= uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80))
            return true;
    }
    return false;
}

bool getString(std::string_view d, size_t& pos, std::string_view& s)
{
    uint64_t n = 0;
    if (!getVarint(d, pos, n) || n > d.size() - pos)
        return false;
    s = d.substr(pos, size_t(n));
    pos += size_t(n);
    return true;
}

} // namespace

void RequestChunkWriter::append(const StoredRequest& r, uint64_t key)
{
    const std::optional<uint64_t> evalMicro = std::isnan(r.evalScore) ? std::nullopt : evalMicros(r.evalScore);
    const bool hashBytes = r.promptHashAsBytes ? *r.promptHashAsBytes : promptHashAsBytes(r.promptHash);
    const size_t shared = sharedPrefix(r.externalId, m_lastExternalId);
    uint32_t flags = uint32_t(r.cache & 3) << kCacheShift;
    flags |= r.error ? kError : 0u;
    flags |= r.batch ? kBatch : 0u;
    flags |= std::isnan(r.evalScore) ? 0u : (evalMicro ? kEvalMicro : kHasEval);
    flags |= r.estCost ? kHasEst : 0u;
    flags |= r.reportedCost ? kHasReported : 0u;
    flags |= r.latencyMs >= 0 ? kHasLatency : 0u;
    flags |= r.currency != kUsd ? kOtherCurrency : 0u;
    flags |= r.priceId ? kHasPrice : 0u;
    flags |= hashBytes ? kHashBytes : 0u;
    flags |= shared >= kMinSharedPrefix ? kIdSharesPrefix : 0u;
    // Into a stack buffer, then one append: a std::string append per field was the writer's largest cost
    // (docs/PERFORMANCE.md). Longer strings than it holds go after it.
    char buf[kMaxFixedBytes];
    char* p = buf;
    p = putVarintRaw(p, uint64_t(r.ts - hour));
    p = putVarintRaw(p, flags);
    p = putVarintRaw(p, uint64_t(r.featureId));
    p = putVarintRaw(p, uint64_t(r.modelId));
    p = putVarintRaw(p, uint64_t(r.providerId));
    p = putVarintRaw(p, uint64_t(r.inputTokens));
    p = putVarintRaw(p, uint64_t(r.cachedInputTokens));
    p = putVarintRaw(p, uint64_t(r.cacheWriteTokens));
    p = putVarintRaw(p, uint64_t(r.cacheWrite1hTokens));
    p = putVarintRaw(p, uint64_t(r.outputTokens));
    p = putVarintRaw(p, uint64_t(r.reasoningTokens));
    if (flags & kHasLatency)
        p = putVarintRaw(p, uint64_t(r.latencyMs));
    if (flags & kHasEval) {
        std::memcpy(p, &r.evalScore, 8);
        p += 8;
    }
    if (flags & kEvalMicro)
        p = putVarintRaw(p, *evalMicro);
    if (flags & kHasEst)
        p = putVarintRaw(p, zigzag(*r.estCost));
    if (flags & kHasReported)
        p = putVarintRaw(p, zigzag(*r.reportedCost));
    if (flags & kOtherCurrency)
        p = putVarintRaw(p, r.currency);
    if (flags & kHasPrice)
        p = putVarintRaw(p, uint64_t(r.priceId));
    p = putVarintRaw(p, uint64_t(r.importId));
    const std::string_view idRest = (flags & kIdSharesPrefix) ? r.externalId.substr(shared) : r.externalId;
    const size_t hashBytesLen = hashBytes ? r.promptHash.size() / 2 : r.promptHash.size();
    std::string& d = m_data;
    if (size_t(p - buf) + r.serviceTier.size() + idRest.size() + hashBytesLen + 40 <= sizeof buf) {
        p = putVarintRaw(p, r.serviceTier.size());
        std::memcpy(p, r.serviceTier.data(), r.serviceTier.size());
        p += r.serviceTier.size();
        if (flags & kIdSharesPrefix)
            p = putVarintRaw(p, shared);
        p = putVarintRaw(p, idRest.size());
        std::memcpy(p, idRest.data(), idRest.size());
        p += idRest.size();
        p = putVarintRaw(p, hashBytesLen);
        if (hashBytes) {
            for (size_t i = 0; i < r.promptHash.size(); i += 2)
                *p++ = char(hexDigit(r.promptHash[i]) << 4 | hexDigit(r.promptHash[i + 1]));
        } else {
            std::memcpy(p, r.promptHash.data(), r.promptHash.size());
            p += r.promptHash.size();
        }
        d.append(buf, size_t(p - buf));
    } else {
        d.append(buf, size_t(p - buf));
        putString(d, r.serviceTier);
        if (flags & kIdSharesPrefix)
            putVarint(d, shared);
        putString(d, idRest);
        if (hashBytes) {
            putVarint(d, hashBytesLen);
            for (size_t i = 0; i < r.promptHash.size(); i += 2)
                d.push_back(char(hexDigit(r.promptHash[i]) << 4 | hexDigit(r.promptHash[i + 1])));
        } else {
            putString(d, r.promptHash);
        }
    }
    m_lastExternalId.assign(r.externalId);
    char k[8];
    for (int b = 0; b < 8; ++b)
        k[b] = char(uint8_t(key >> (8 * b)));
    m_keys.append(k, 8);
    ++m_rows;
    m_firstTs = std::min(m_firstTs, r.ts);
    m_lastTs = std::max(m_lastTs, r.ts);
}

void RequestChunkWriter::clear()
{
    // Memory is given back: an import holds a pending chunk for each of hundreds of hours.
    std::string().swap(m_data);
    std::string().swap(m_keys);
    m_lastExternalId.clear();
    m_rows = 0;
    m_firstTs = INT64_MAX;
    m_lastTs = INT64_MIN;
}

void RequestChunkWriter::adopt(std::string_view data, std::string_view keys, int rows, int64_t firstTs, int64_t lastTs)
{
    m_data.assign(data);
    m_keys.assign(keys);
    m_lastExternalId.clear(); // the next row shares no prefix (the reader, which knows the last row's id, agrees)
    m_rows = rows;
    m_firstTs = firstTs;
    m_lastTs = lastTs;
}

RequestChunkReader::RequestChunkReader(int64_t hour, std::string_view data, std::string_view keys)
    : m_hour(hour), m_data(data), m_keys(keys)
{
}

bool RequestChunkReader::next(StoredRequest& r, uint64_t& key)
{
    if (!m_ok || m_pos >= m_data.size())
        return false;
    const std::string_view d = m_data;
    size_t& p = m_pos;
    uint64_t v = 0, flags = 0;
    auto get = [&](int64_t& out) {
        if (!getVarint(d, p, v))
            return false;
        out = int64_t(v);
        return true;
    };
    int64_t rel = 0;
    bool ok = get(rel) && getVarint(d, p, flags) && get(r.featureId) && get(r.modelId) && get(r.providerId)
              && get(r.inputTokens) && get(r.cachedInputTokens) && get(r.cacheWriteTokens) && get(r.cacheWrite1hTokens)
              && get(r.outputTokens) && get(r.reasoningTokens);
    r.ts = m_hour + rel;
    r.error = flags & kError;
    r.batch = flags & kBatch;
    r.cache = int((flags >> kCacheShift) & 3);
    r.latencyMs = -1;
    if (ok && (flags & kHasLatency))
        ok = get(r.latencyMs);
    r.evalScore = NAN;
    if (ok && (flags & kHasEval)) {
        ok = d.size() - p >= 8;
        if (ok) {
            std::memcpy(&r.evalScore, d.data() + p, 8);
            p += 8;
        }
    }
    if (ok && (flags & kEvalMicro) && (ok = getVarint(d, p, v)))
        r.evalScore = double(v) / 1e6;
    r.estCost.reset();
    r.reportedCost.reset();
    if (ok && (flags & kHasEst) && (ok = getVarint(d, p, v)))
        r.estCost = unzigzag(v);
    if (ok && (flags & kHasReported) && (ok = getVarint(d, p, v)))
        r.reportedCost = unzigzag(v);
    r.currency = kUsd;
    if (ok && (flags & kOtherCurrency) && (ok = getVarint(d, p, v)))
        r.currency = uint32_t(v);
    r.priceId = 0;
    if (ok && (flags & kHasPrice))
        ok = get(r.priceId);
    ok = ok && get(r.importId) && getString(d, p, r.serviceTier);
    uint64_t shared = 0;
    if (ok && (flags & kIdSharesPrefix))
        ok = getVarint(d, p, shared) && shared <= m_lastExternalId.size();
    std::string_view idRest;
    if (ok && (ok = getString(d, p, idRest))) {
        m_lastExternalId.resize(size_t(shared));
        m_lastExternalId.append(idRest);
        r.externalId = m_lastExternalId;
    }
    if (ok && (ok = getString(d, p, r.promptHash)) && (flags & kHashBytes)) {
        static constexpr char kHex[] = "0123456789abcdef";
        m_promptHash.resize(r.promptHash.size() * 2);
        for (size_t i = 0; i < r.promptHash.size(); ++i) {
            const auto b = static_cast<unsigned char>(r.promptHash[i]);
            m_promptHash[2 * i] = kHex[b >> 4];
            m_promptHash[2 * i + 1] = kHex[b & 15];
        }
        r.promptHash = m_promptHash;
    }
    ok = ok && (m_index + 1) * 8 <= m_keys.size();
    if (!ok) {
        m_ok = false;
        return false;
    }
    key = chunkKeyAt(m_keys, m_index++);
    return true;
}

// ---- the `request` virtual table -------------------------------------------------------------------------

namespace {

enum Column {
    cId, cTs, cFeature, cModel, cProvider, cInput, cCached, cCacheWrite, cCacheWrite1h, cOutput, cReasoning, cLatency,
    cStatus, cCache, cEval, cEst, cReported, cCurrency, cBatch, cTier, cPrice, cExternal, cPrompt, cImport
};

const char* kRequestTableSql =
    "CREATE TABLE x(id INTEGER, ts INTEGER, feature_id INTEGER, model_id INTEGER, provider_id INTEGER,"
    " input_tokens INTEGER, cached_input_tokens INTEGER, cache_write_tokens INTEGER, cache_write_1h_tokens INTEGER,"
    " output_tokens INTEGER, reasoning_tokens INTEGER, latency_ms INTEGER, status INTEGER, cache INTEGER,"
    " eval_score REAL, est_cost INTEGER, reported_cost INTEGER, currency TEXT, batch INTEGER, service_tier TEXT,"
    " price_id INTEGER, external_id TEXT, prompt_hash TEXT, import_id INTEGER)";

struct RequestVtab {
    sqlite3_vtab base{};
    sqlite3* db = nullptr;
};

struct RequestCursor {
    sqlite3_vtab_cursor base{};
    sqlite3_stmt* chunks = nullptr;
    std::optional<RequestChunkReader> reader;
    StoredRequest row;
    uint64_t key = 0;
    int64_t rowid = 0;
    bool eof = true;
    std::string currency;
};

// idxNum bits: 1 = a lower bound on ts in argv, 2 = an upper bound (both inclusive after adjustment).
int requestBestIndex(sqlite3_vtab*, sqlite3_index_info* info)
{
    int lower = -1, upper = -1, argc = 0;
    for (int i = 0; i < info->nConstraint; ++i) {
        const auto& c = info->aConstraint[i];
        if (!c.usable || c.iColumn != cTs)
            continue;
        const bool isLower = c.op == SQLITE_INDEX_CONSTRAINT_GT || c.op == SQLITE_INDEX_CONSTRAINT_GE
                             || c.op == SQLITE_INDEX_CONSTRAINT_EQ;
        const bool isUpper = c.op == SQLITE_INDEX_CONSTRAINT_LT || c.op == SQLITE_INDEX_CONSTRAINT_LE
                             || c.op == SQLITE_INDEX_CONSTRAINT_EQ;
        if (isLower && lower < 0)
            lower = i;
        else if (isUpper && upper < 0)
            upper = i;
    }
    int idx = 0;
    // The bounds only narrow the chunks read: SQLite still checks every row against the constraint (omit = 0).
    if (lower >= 0) {
        info->aConstraintUsage[lower].argvIndex = ++argc;
        idx |= 1;
    }
    if (upper >= 0) {
        info->aConstraintUsage[upper].argvIndex = ++argc;
        idx |= 2;
    }
    info->idxNum = idx;
    info->estimatedCost = idx == 3 ? 1e4 : idx ? 1e6 : 1e8;
    info->estimatedRows = idx == 3 ? 1000 : idx ? 100000 : 10000000;
    return SQLITE_OK;
}

int requestConnect(sqlite3* db, void*, int, const char* const*, sqlite3_vtab** out, char**)
{
    const int rc = sqlite3_declare_vtab(db, kRequestTableSql);
    if (rc != SQLITE_OK)
        return rc;
    auto* t = new RequestVtab();
    t->db = db;
    *out = &t->base;
    return SQLITE_OK;
}

int requestDisconnect(sqlite3_vtab* t)
{
    delete reinterpret_cast<RequestVtab*>(t);
    return SQLITE_OK;
}

int requestOpen(sqlite3_vtab*, sqlite3_vtab_cursor** out)
{
    *out = &(new RequestCursor())->base;
    return SQLITE_OK;
}

int requestClose(sqlite3_vtab_cursor* c)
{
    auto* cur = reinterpret_cast<RequestCursor*>(c);
    sqlite3_finalize(cur->chunks);
    delete cur;
    return SQLITE_OK;
}

// Moves to the next row, opening the next chunk as needed.
int advance(RequestCursor* cur)
{
    for (;;) {
        if (cur->reader && cur->reader->next(cur->row, cur->key)) {
            ++cur->rowid;
            return SQLITE_OK;
        }
        if (cur->reader && !cur->reader->ok()) {
            cur->base.pVtab->zErrMsg = sqlite3_mprintf("a request chunk in the store is damaged; rebuild the store from its sources");
            return SQLITE_CORRUPT;
        }
        const int rc = sqlite3_step(cur->chunks);
        if (rc == SQLITE_DONE) {
            cur->eof = true;
            cur->reader.reset();
            return SQLITE_OK;
        }
        if (rc != SQLITE_ROW)
            return rc;
        const int64_t chunkId = sqlite3_column_int64(cur->chunks, 0);
        const int64_t hour = sqlite3_column_int64(cur->chunks, 1);
        auto blob = [&](int i) {
            const void* p = sqlite3_column_blob(cur->chunks, i);
            return std::string_view(static_cast<const char*>(p), size_t(sqlite3_column_bytes(cur->chunks, i)));
        };
        cur->reader.emplace(hour, blob(2), blob(3));
        cur->rowid = chunkId << 16; // a row's rowid: its chunk's id and its place in the chunk
    }
}

int requestFilter(sqlite3_vtab_cursor* c, int idxNum, const char*, int argc, sqlite3_value** argv)
{
    auto* cur = reinterpret_cast<RequestCursor*>(c);
    auto* t = reinterpret_cast<RequestVtab*>(c->pVtab);
    int64_t from = INT64_MIN, to = INT64_MAX;
    int a = 0;
    if ((idxNum & 1) && a < argc)
        from = floorTo(sqlite3_value_int64(argv[a++]), kMsPerHour);
    if ((idxNum & 2) && a < argc)
        to = sqlite3_value_int64(argv[a++]);
    if (!cur->chunks) {
        const int rc = sqlite3_prepare_v2(t->db,
                                          "SELECT id, hour, data, keys FROM request_chunk WHERE hour >= ?1 AND hour <= ?2"
                                          " ORDER BY hour, id",
                                          -1, &cur->chunks, nullptr);
        if (rc != SQLITE_OK) {
            c->pVtab->zErrMsg = sqlite3_mprintf("%s", sqlite3_errmsg(t->db));
            return rc;
        }
    }
    sqlite3_reset(cur->chunks);
    sqlite3_bind_int64(cur->chunks, 1, from);
    sqlite3_bind_int64(cur->chunks, 2, to);
    cur->reader.reset();
    cur->eof = false;
    return advance(cur);
}

int requestNext(sqlite3_vtab_cursor* c)
{
    return advance(reinterpret_cast<RequestCursor*>(c));
}

int requestEof(sqlite3_vtab_cursor* c)
{
    return reinterpret_cast<RequestCursor*>(c)->eof;
}

void resultText(sqlite3_context* ctx, std::string_view s)
{
    if (s.empty())
        sqlite3_result_null(ctx);
    else
        sqlite3_result_text(ctx, s.data(), int(s.size()), SQLITE_TRANSIENT);
}

int requestColumn(sqlite3_vtab_cursor* c, sqlite3_context* ctx, int col)
{
    auto* cur = reinterpret_cast<RequestCursor*>(c);
    const StoredRequest& r = cur->row;
    auto optInt = [ctx](const std::optional<int64_t>& v) {
        if (v)
            sqlite3_result_int64(ctx, *v);
        else
            sqlite3_result_null(ctx);
    };
    switch (col) {
    case cId: sqlite3_result_int64(ctx, int64_t(cur->key)); break;
    case cTs: sqlite3_result_int64(ctx, r.ts); break;
    case cFeature: sqlite3_result_int64(ctx, r.featureId); break;
    case cModel: sqlite3_result_int64(ctx, r.modelId); break;
    case cProvider: sqlite3_result_int64(ctx, r.providerId); break;
    case cInput: sqlite3_result_int64(ctx, r.inputTokens); break;
    case cCached: sqlite3_result_int64(ctx, r.cachedInputTokens); break;
    case cCacheWrite: sqlite3_result_int64(ctx, r.cacheWriteTokens); break;
    case cCacheWrite1h: sqlite3_result_int64(ctx, r.cacheWrite1hTokens); break;
    case cOutput: sqlite3_result_int64(ctx, r.outputTokens); break;
    case cReasoning: sqlite3_result_int64(ctx, r.reasoningTokens); break;
    case cLatency: optInt(r.latencyMs >= 0 ? std::optional<int64_t>(r.latencyMs) : std::nullopt); break;
    case cStatus: sqlite3_result_int64(ctx, r.error ? 1 : 0); break;
    case cCache: sqlite3_result_int64(ctx, r.cache); break;
    case cEval:
        if (std::isnan(r.evalScore))
            sqlite3_result_null(ctx);
        else
            sqlite3_result_double(ctx, r.evalScore);
        break;
    case cEst: optInt(r.estCost); break;
    case cReported: optInt(r.reportedCost); break;
    case cCurrency:
        cur->currency = Currency{r.currency}.str();
        sqlite3_result_text(ctx, cur->currency.data(), int(cur->currency.size()), SQLITE_TRANSIENT);
        break;
    case cBatch: sqlite3_result_int64(ctx, r.batch ? 1 : 0); break;
    case cTier: resultText(ctx, r.serviceTier); break;
    case cPrice: optInt(r.priceId ? std::optional<int64_t>(r.priceId) : std::nullopt); break;
    case cExternal: resultText(ctx, r.externalId); break;
    case cPrompt: resultText(ctx, r.promptHash); break;
    case cImport: sqlite3_result_int64(ctx, r.importId); break;
    default: sqlite3_result_null(ctx);
    }
    return SQLITE_OK;
}

int requestRowid(sqlite3_vtab_cursor* c, sqlite3_int64* out)
{
    *out = reinterpret_cast<RequestCursor*>(c)->rowid;
    return SQLITE_OK;
}

sqlite3_module makeRequestModule()
{
    sqlite3_module m{};
    m.iVersion = 0;
    m.xCreate = nullptr; // eponymous-only: `request` exists on every connection, with no schema entry
    m.xConnect = requestConnect;
    m.xBestIndex = requestBestIndex;
    m.xDisconnect = requestDisconnect;
    m.xOpen = requestOpen;
    m.xClose = requestClose;
    m.xFilter = requestFilter;
    m.xNext = requestNext;
    m.xEof = requestEof;
    m.xColumn = requestColumn;
    m.xRowid = requestRowid;
    return m;
}

const sqlite3_module kRequestModule = makeRequestModule();

} // namespace

void registerRequestTable(sqlite3* db)
{
    sqlite3_create_module_v2(db, "request", &kRequestModule, nullptr, nullptr);
}

// ---- schema version 5 ------------------------------------------------------------------------------------

Result<void> migrateRequestsToChunks(sqlite3* db)
{
    auto sqlFail = [db](const char* what) {
        return makeError(std::string(what) + ": " + sqlite3_errmsg(db));
    };
    Statement rows(db,
                   "SELECT r.ts, r.feature_id, r.model_id, r.provider_id, r.input_tokens, r.cached_input_tokens,"
                   " r.cache_write_tokens, r.cache_write_1h_tokens, r.output_tokens, r.reasoning_tokens, r.latency_ms,"
                   " r.status, r.cache, r.eval_score, r.est_cost, r.reported_cost, r.currency, r.batch, r.service_tier,"
                   " r.price_id, r.external_id, r.prompt_hash, r.import_id, f.name, p.name, m.name"
                   " FROM main.request r JOIN feature f ON f.id = r.feature_id JOIN provider p ON p.id = r.provider_id"
                   " JOIN model m ON m.id = r.model_id ORDER BY r.id"); // ids lead with the time (schema 1-4 keys)
    Statement insert(db, "INSERT INTO request_chunk(hour, rows, first_ts, last_ts, data, keys) VALUES(?1,?2,?3,?4,?5,?6)");
    if (!rows.valid() || !insert.valid())
        return sqlFail("cannot read the requests to move");
    RequestChunkWriter chunk;
    auto flush = [&]() -> Result<void> {
        if (chunk.rows() == 0)
            return {};
        insert.reset();
        insert.bind(1, chunk.hour).bind(2, int64_t(chunk.rows())).bind(3, chunk.firstTs()).bind(4, chunk.lastTs());
        insert.bindBlob(5, chunk.data().data(), chunk.data().size()).bindBlob(6, chunk.keys().data(), chunk.keys().size());
        insert.step();
        if (insert.failed())
            return sqlFail("cannot store a request chunk");
        chunk.clear();
        return {};
    };
    RequestRecord rec;
    StoredRequest s;
    std::string tier, external, prompt;
    while (rows.step()) {
        s.ts = rows.int64(0);
        const int64_t hour = floorTo(s.ts, kMsPerHour);
        if (chunk.rows() && (hour != chunk.hour || chunk.full()))
            if (auto r = flush(); !r)
                return r;
        chunk.hour = hour;
        s.featureId = rows.int64(1);
        s.modelId = rows.int64(2);
        s.providerId = rows.int64(3);
        s.inputTokens = rows.int64(4);
        s.cachedInputTokens = rows.int64(5);
        s.cacheWriteTokens = rows.int64(6);
        s.cacheWrite1hTokens = rows.int64(7);
        s.outputTokens = rows.int64(8);
        s.reasoningTokens = rows.int64(9);
        s.latencyMs = rows.isNull(10) ? -1 : rows.int64(10);
        s.error = rows.int64(11) != 0;
        s.cache = int(rows.int64(12));
        s.evalScore = rows.isNull(13) ? NAN : rows.real(13);
        s.estCost = rows.isNull(14) ? std::nullopt : std::optional<int64_t>(rows.int64(14));
        s.reportedCost = rows.isNull(15) ? std::nullopt : std::optional<int64_t>(rows.int64(15));
        s.currency = Currency::pack(rows.text(16));
        s.batch = rows.int64(17) != 0;
        tier.assign(rows.text(18));
        s.priceId = rows.isNull(19) ? 0 : rows.int64(19);
        external.assign(rows.text(20));
        prompt.assign(rows.text(21));
        s.importId = rows.int64(22);
        s.serviceTier = tier;
        s.externalId = external;
        s.promptHash = prompt;
        // The natural key, recomputed from the stored row the way ingest computes it from a record.
        rec.timestampMs = s.ts;
        rec.requestId = external;
        rec.feature.assign(rows.text(23));
        rec.model.assign(rows.text(25));
        copyTokenCounts(s, rec);
        rec.latencyMs = int32_t(s.latencyMs);
        rec.error = s.error;
        rec.cache = CacheOutcome(s.cache);
        rec.promptHash = prompt;
        rec.reportedCostNanos = s.reportedCost;
        chunk.append(s, requestNaturalKey(rec, rows.text(24)));
    }
    if (rows.failed())
        return sqlFail("cannot read the requests to move");
    if (auto r = flush(); !r)
        return r;
    rows = Statement();
    insert = Statement();
    if (sqlite3_exec(db, "DROP TABLE main.request", nullptr, nullptr, nullptr) != SQLITE_OK)
        return sqlFail("cannot drop the old request table");
    return {};
}

} // namespace il
