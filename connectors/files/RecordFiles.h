// SPDX-License-Identifier: GPL-3.0-or-later
// Readers for the request log and outcome files, as CSV (header names fixed, order free) or
// JSON Lines (one object per line). Streamed in batches to an IngestSink; the first bad row stops
// the read with an error naming file, line, column and field, so the caller can roll back.
#pragma once

#include "domain/IngestSink.h"
#include "domain/Result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace il {

struct ReadOptions {
    std::function<void(uint64_t bytesDone, uint64_t bytesTotal)> progress;
    const std::atomic<bool>* cancel = nullptr;
    size_t batchSize = 16384;             // FOCUS rows per batch (request and outcome files go by blockBytes)
    int parserThreads = 0;                // 0: one per core, at most 4 (files/BlockPipeline.h)
    size_t blockBytes = size_t(1) << 20;  // text parsed per block
    // Request and outcome CSV: a plain file is mapped, not read (files/BlockPipeline.h). Only for files nobody
    // truncates while they are read.
    bool mapFile = true;
};

struct ReadStats {
    int64_t rows = 0;
    int64_t skipped = 0; // e.g. OTLP spans without GenAI usage
};

enum class FileKind { Unknown, Requests, Outcomes, Focus, Otlp, LiteLlmPrices };
const char* fileKindName(FileKind k);
std::optional<FileKind> parseFileKind(std::string_view s);
// Looks at the extension and the header / first JSON object.
Result<FileKind> detectFileKind(const std::string& path);

Result<ReadStats> readRequestLog(const std::string& path, IngestSink& sink, const ReadOptions& options = {});
Result<ReadStats> readOutcomes(const std::string& path, IngestSink& sink, const ReadOptions& options = {});

} // namespace il
