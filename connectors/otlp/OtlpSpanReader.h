// SPDX-License-Identifier: GPL-3.0-or-later
// Turns OpenTelemetry GenAI spans (OTLP/JSON ExportTraceServiceRequest) into RequestRecords: from a
// file (one export object, or JSON Lines as the Collector's file exporter writes) or from one HTTP body.
// The mapping and its choices are documented in docs/FORMATS-otlp.md.
#pragma once

#include "domain/IngestSink.h"
#include "domain/Records.h"
#include "domain/Result.h"
#include "files/RecordFiles.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace il {

// Which attributes carry InferLedger's own dimensions. Each list is tried in order; within one key a
// span attribute wins over the same key on its resource.
struct OtlpAttributeKeys {
    std::vector<std::string> feature { "inferledger.feature", "app.feature" };
    std::vector<std::string> evalScore { "inferledger.eval_score", "gen_ai.evaluation.score.value" };
    std::vector<std::string> cache { "inferledger.cache" }; // "hit" | "miss" | "none", or a boolean (true = hit)

    // "a,b , c" → {"a","b","c"}; empty items dropped.
    static std::vector<std::string> parseList(std::string_view commaSeparated);
};

// How gen_ai.usage.input_tokens relates to the cache counts. The GenAI conventions say it includes them
// (for Anthropic the instrumentation MUST add cache_read + cache_creation to Anthropic's own input_tokens);
// older or non-conforming instrumentations send Anthropic's raw, uncached figure.
enum class OtlpInputConvention : uint8_t {
    Auto, // as the conventions say, except where input < cache_read + cache_creation proves it raw
    Total, // always inclusive; a span whose cache counts exceed its input is invalid
    AnthropicRaw, // spans of provider anthropic carry the raw uncached count: add the cache counts
};

// "auto" | "total" | "anthropic-raw" (the command-line spelling).
std::optional<OtlpInputConvention> parseOtlpInputConvention(std::string_view s);

struct OtlpReadOptions {
    OtlpAttributeKeys keys;
    OtlpInputConvention inputConvention = OtlpInputConvention::Auto;
    // In-process agent / workflow / tool spans (invoke_agent, invoke_workflow, execute_tool that are not
    // CLIENT spans) repeat the usage of the model calls under them; counting both would double the cost.
    bool countInProcessAgentSpans = false;
    // The receiver keeps the good spans of a batch and counts the bad ones (OTLP partial success);
    // a file import stops at the first bad span so that nothing is half-imported.
    bool rejectInvalidSpans = false;
    std::function<void(uint64_t bytesDone, uint64_t bytesTotal)> progress;
    const std::atomic<bool>* cancel = nullptr;
    size_t batchSize = 16384;
    int parserThreads = 0;               // JSON Lines files: 0 = one per core (files/BlockPipeline.h)
    size_t blockBytes = size_t(1) << 20; // JSON Lines files: text parsed per block
    // Plain JSON Lines files are mapped into memory (faster: no copy). Off for files another program may
    // truncate while they are read (a mapping past the new end would crash): the folder connector's live files.
    bool mapFile = true;
};

struct OtlpReadStats {
    int64_t spans = 0; // every span seen
    int64_t records = 0; // spans turned into requests
    int64_t skippedNoUsage = 0; // spans without GenAI token usage (HTTP, DB, tool spans, ...)
    int64_t skippedAggregate = 0; // in-process agent/workflow spans whose usage repeats their children's
    int64_t rejected = 0; // invalid spans (only with rejectInvalidSpans)
    int64_t inputNormalised = 0; // spans whose input_tokens excluded cache tokens and were corrected
    int64_t outputNormalised = 0; // spans whose output_tokens excluded reasoning tokens and were corrected
    std::string firstRejection; // why the first rejected span was rejected

    int64_t skipped() const { return skippedNoUsage + skippedAggregate; }
    ReadStats toReadStats() const { return ReadStats { records, skipped() + rejected }; }
    OtlpReadStats& operator+=(const OtlpReadStats& o);
};

class OtlpSpanReader {
public:
    explicit OtlpSpanReader(OtlpReadOptions options = {});
    ~OtlpSpanReader();
    OtlpSpanReader(const OtlpSpanReader&) = delete;
    OtlpSpanReader& operator=(const OtlpSpanReader&) = delete;

    // Parses one ExportTraceServiceRequest held in memory and appends its requests to `out`. `source`
    // and `firstLine` name it in errors (an HTTP peer, or a file and the line the object starts on).
    Result<void> parseRequest(std::string_view json, std::vector<RequestRecord>& out, OtlpReadStats& stats,
                              const std::string& source = {}, long long firstLine = 1);

    // A whole file, streamed to `sink` in batches: one export object (pretty-printed or not), or JSON
    // Lines (plain or gzip; parsed in blocks on parser threads, handed to `sink` in file order). The first bad
    // span or line stops the read with file:line:column, the JSON path and the attribute, so the caller can
    // roll back.
    Result<OtlpReadStats> readFile(const std::string& path, IngestSink& sink);

    const OtlpReadOptions& options() const;

private:
    struct Impl;
    Result<OtlpReadStats> readWholeFile(const std::string& path, IngestSink& sink); // one export object

    std::unique_ptr<Impl> m_impl;
};

// Convenience for importFile: readFile with these options.
Result<ReadStats> readOtlpFile(const std::string& path, IngestSink& sink, const OtlpReadOptions& options = {});

// OpenTelemetry's gen_ai.provider.name values mapped to the provider names the price catalogues use
// ("aws.bedrock" → "bedrock", "azure.ai.openai" → "azure", ...); unknown names pass through lower-cased.
std::string otlpProviderName(std::string_view otelName);

} // namespace il
