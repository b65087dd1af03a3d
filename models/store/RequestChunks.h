// SPDX-License-Identifier: GPL-3.0-or-later
// Per-request facts are stored in compact chunks: one request_chunk row holds up to kChunkRows requests of one
// hour, varint-encoded one after the other, with their natural keys beside them. Storing a million requests is
// then a few hundred blob writes instead of a million b-tree inserts (docs/STORE.md, docs/PERFORMANCE.md).
// SQL still sees one row per request: `request` is a read-only virtual table over the chunks, registered on
// every connection by Store::open, with the columns the request table had up to schema version 4.
#pragma once

#include "domain/Result.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;

namespace il {

// One request as stored: references resolved to ids, prices applied. Strings point into the caller's record
// (writing) or into the chunk (reading); empty means NULL.
struct StoredRequest {
    int64_t ts = 0;
    int64_t featureId = 0, modelId = 0, providerId = 0;
    int64_t inputTokens = 0, cachedInputTokens = 0, cacheWriteTokens = 0, cacheWrite1hTokens = 0;
    int64_t outputTokens = 0, reasoningTokens = 0;
    int64_t latencyMs = -1; // -1: unknown
    bool error = false;
    int cache = 0; // CacheOutcome as an integer
    double evalScore = NAN;
    std::optional<int64_t> estCost, reportedCost;
    uint32_t currency = 0; // Currency::code
    bool batch = false;
    int64_t priceId = 0; // 0: none
    int64_t importId = 0;
    std::string_view serviceTier, externalId, promptHash;
    // Writing: whether promptHash is kept as bytes (promptHashAsBytes), when the caller knows already (the import
    // works it out on its parser threads).
    std::optional<bool> promptHashAsBytes;
};

// A prompt hash in lowercase hex of even length, up to 128 digits: stored as its bytes (schema 6).
bool promptHashAsBytes(std::string_view hash);

// The six token counts, named alike in RequestRecord (domain/Records.h) and StoredRequest: copied one way when
// storing, the other when reading back.
template <typename From, typename To>
void copyTokenCounts(const From& from, To& to)
{
    to.inputTokens = from.inputTokens;
    to.cachedInputTokens = from.cachedInputTokens;
    to.cacheWriteTokens = from.cacheWriteTokens;
    to.cacheWrite1hTokens = from.cacheWrite1hTokens;
    to.outputTokens = from.outputTokens;
    to.reasoningTokens = from.reasoningTokens;
}

// Builds one chunk's blobs.
class RequestChunkWriter {
public:
    static constexpr int kChunkRows = 8192;

    void append(const StoredRequest& r, uint64_t key);
    int rows() const { return m_rows; }
    bool full() const { return m_rows >= kChunkRows; }
    size_t bytes() const { return m_data.capacity() + m_keys.capacity(); } // memory held
    const std::string& data() const { return m_data; }
    const std::string& keys() const { return m_keys; }
    int64_t firstTs() const { return m_firstTs; }
    int64_t lastTs() const { return m_lastTs; }
    void clear();
    // Starts from a stored chunk's content (same hour): rows appended after it land in the same chunk.
    void adopt(std::string_view data, std::string_view keys, int rows, int64_t firstTs, int64_t lastTs);

    int64_t hour = 0; // every row's ts is in [hour, hour + 1 h)

private:
    std::string m_data, m_keys;
    std::string m_lastExternalId; // the row before's, whose prefix the next may share
    int m_rows = 0;
    int64_t m_firstTs = INT64_MAX, m_lastTs = INT64_MIN;
};

// Walks one chunk's rows in order. A damaged blob stops the walk (ok() is then false). The strings of a row read
// may point into the reader: they are valid until the next call.
class RequestChunkReader {
public:
    RequestChunkReader(int64_t hour, std::string_view data, std::string_view keys);
    bool next(StoredRequest& out, uint64_t& key);
    bool ok() const { return m_ok; }

private:
    int64_t m_hour;
    std::string_view m_data, m_keys;
    std::string m_lastExternalId, m_promptHash; // what externalId and promptHash show when stored compactly
    size_t m_pos = 0, m_index = 0;
    bool m_ok = true;
};

// The natural keys of one chunk's blob (8 bytes each, little-endian).
inline uint64_t chunkKeyAt(std::string_view keys, size_t i)
{
    uint64_t k = 0;
    for (int b = 7; b >= 0; --b)
        k = (k << 8) | static_cast<unsigned char>(keys[i * 8 + size_t(b)]);
    return k;
}

// Registers the `request` virtual table on a connection (Store::open does this).
void registerRequestTable(sqlite3* db);

// Schema version 5: moves the rows of the old request table into chunks, then drops the table (run inside the
// migration's transaction).
Result<void> migrateRequestsToChunks(sqlite3* db);

} // namespace il
