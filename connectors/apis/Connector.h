// SPDX-License-Identifier: GPL-3.0-or-later
// The API connector interface (OpenAI, Anthropic, Prometheus) and the factory that makes one from its configuration.
// A connector reads one period from its source and hands plain records to an IngestSink; it knows nothing of SQL,
// transactions or watermarks in the store — the app commits each batch together with its watermark.
#pragma once

#include "domain/ConnectorConfig.h"
#include "domain/IngestSink.h"
#include "domain/Result.h"
#include "http/HttpClient.h"

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace il {

// A period to read, [fromMs, toMs), UTC milliseconds.
struct SyncWindow {
    int64_t fromMs = 0;
    int64_t toMs = 0;
};

// Where the last committed batch left the connector.
struct SyncCursor {
    std::optional<int64_t> watermarkMs;
    std::string cursor; // connector-specific; the built-in connectors resume by time and leave it empty
};

struct SyncProgress {
    std::string connector;
    std::string stage; // "usage", "costs", "gpu DCGM_FI_DEV_GPU_UTIL"
    SyncWindow window; // the batch being read
    int64_t doneToMs = 0; // read up to here within the stage
    int pages = 0; // pages read in this stage
    int64_t records = 0; // records handed to the sink in this stage
    uint64_t bytesDone = 0, bytesTotal = 0; // file connectors: how far into the file (stage "file NAME")
};
using SyncProgressFn = std::function<void(const SyncProgress&)>;

enum class BucketTable : uint8_t { Usage, Cost };

// A period whose buckets were all read again: stored buckets there that this read did not bring are stale.
struct CoveredRange {
    BucketTable table = BucketTable::Usage;
    int64_t fromMs = 0, toMs = 0;
};

struct SyncOutcome {
    int64_t watermarkMs = 0; // the data is complete up to here (exclusive)
    std::string cursor;
    std::vector<CoveredRange> covered;
    int64_t usageBuckets = 0, costBuckets = 0, gpuSamples = 0; // handed to the sink
    int64_t skippedSamples = 0; // Prometheus values that were NaN or ±Inf: a gap, not a number, so not stored
    int pages = 0;
};

class Connector {
public:
    virtual ~Connector();
    Connector(const Connector&) = delete;
    Connector& operator=(const Connector&) = delete;

    const ConnectorConfig& config() const { return m_config; }
    const std::string& name() const { return m_config.name; }
    const std::string& type() const { return m_config.type; }
    // The effective base URL: the type's default when none is configured, no trailing slash.
    const std::string& baseUrl() const { return m_baseUrl; }
    const std::string& keyEnv() const { return m_config.keyEnv; }
    const std::map<std::string, std::string>& options() const { return m_config.options; }

    // One cheap authenticated request; a plain-words description of what was reached, or why not.
    virtual Result<std::string> test() = 0;
    // Reads `window` and hands its records to `sink`. The caller commits them together with the returned
    // watermark; on an Error the caller discards everything the sink received. Cancellable through `cancel`
    // (also mid-request) and reports progress after every page.
    virtual Result<SyncOutcome> sync(const SyncWindow& window, const SyncCursor& cursor, IngestSink& sink,
                                     const SyncProgressFn& progress, const std::atomic<bool>* cancel)
        = 0;

    // The start of a period moved back onto the connector's bucket grid (a day, an hour, a Prometheus step).
    virtual int64_t alignStart(int64_t ms) const = 0;
    // The longest period one batch (one transaction, one watermark step) should span.
    virtual int64_t batchSpanMs() const;

    // For tests and the GUI's advanced settings: timeouts and retries (the `timeout`, `connect_timeout` and
    // `retries` options set them too).
    HttpClient& http() { return m_http; }

protected:
    Connector(ConnectorConfig config, std::string key, std::string baseUrl);

    // An Error from the HTTP layer or a parser, told in the connector's terms: a refused key says so and where
    // to get the right kind of key; everything else names the connector.
    Error describe(Error e) const;
    // What to do when the provider refuses the key (where admin keys are made).
    virtual std::string keyHint() const = 0;
    // "connector 'openai-prod' at https://api.openai.com/v1/…"
    std::string sourceFor(const std::string& url) const;

    // One paged report read for a batch (usage or costs): its first request, and how a page becomes buckets. parse
    // appends to the vector of its table and returns how far the page reaches (the latest bucket end, empty
    // buckets included), for progress.
    struct BucketStage {
        const char* name;
        BucketTable table;
        int64_t fromMs;
        HttpRequest request;
        std::function<Result<int64_t>(const nlohmann::json& page, const std::string& where,
                                      std::vector<UsageBucket>& usage, std::vector<CostBucket>& costs)>
            parse;
    };
    // The usual parse of a stage: `parse(page, where)` gives one table's buckets (UsageBucket or CostBucket), which
    // go to that table's vector; `reach(page)` says how far the page goes.
    template <class Parse, class Reach>
    static auto appendBuckets(Parse parse, Reach reach)
    {
        return [parse, reach](const nlohmann::json& page, const std::string& where, std::vector<UsageBucket>& usage,
                              std::vector<CostBucket>& costs) -> Result<int64_t> {
            auto b = parse(page, where);
            if (!b)
                return b.error();
            if constexpr (std::is_same_v<typename std::decay_t<decltype(*b)>::value_type, UsageBucket>)
                usage.insert(usage.end(), b->begin(), b->end());
            else
                costs.insert(costs.end(), b->begin(), b->end());
            return reach(page);
        };
    }
    // Reads each stage through all its pages, then hands its buckets, merged by natural key, to the sink. The
    // period each stage read in full is reported as covered, so that the caller can prune what it no longer has.
    Result<SyncOutcome> readBucketStages(const SyncWindow& window, std::vector<BucketStage> stages, IngestSink& sink,
                                         const SyncProgressFn& progress);
    void watchCancel(const std::atomic<bool>* cancel);

    ConnectorConfig m_config;
    std::string m_key;
    std::string m_baseUrl;
    HttpClient m_http;
};

// The types makeConnector knows: openai, anthropic, prometheus.
const std::vector<std::string>& connectorTypes();
// Every type `connector add` takes: the API types and the file types.
const std::vector<std::string>& allConnectorTypes();
// focus and otlp read files: `import FILE`, or a connector of that type over a folder (app/FileConnectorSync.h).
bool isFileImportType(const std::string& type);
// Whether the type cannot work without an API key (Prometheus can).
bool connectorNeedsKey(const std::string& type);
std::string defaultBaseUrl(const std::string& type);
// Checks the type, base URL and options (unknown option keys are refused, so that a typo does not go unnoticed).
Result<void> validateConnectorConfig(const ConnectorConfig& config);
// The option keys a type accepts; a key ending in '.' is a prefix ("project." → project.<id>=<feature>).
std::vector<std::string> connectorOptionKeys(const std::string& type);

// Makes the connector; `key` is the API key (empty for a Prometheus without authentication).
Result<std::unique_ptr<Connector>> makeConnector(const ConnectorConfig& config, std::string key);

} // namespace il
