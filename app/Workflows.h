// SPDX-License-Identifier: GPL-3.0-or-later
// The wiring that both the CLI and the GUI use: open the store, load prices, import files, fill the demo.
#pragma once

#include "domain/Result.h"
#include "files/RecordFiles.h"
#include "ingest/Ingestor.h"
#include "otlp/OtlpSpanReader.h"
#include "pricing/PriceCatalogue.h"
#include "store/Store.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace il {

std::string defaultStorePath();

// Opens (and migrates) the store and makes sure the bundled prices are in it.
Result<std::unique_ptr<Store>> openStore(const std::string& path);
// The catalogue as stored (every imported version), with price ids for traceability.
Result<PriceCatalogue> loadCatalogue(Store& store);

// The catalogue for a long-running ingest (serve-otlp, the in-app receiver): reloaded when a price import has
// added rows since the last call, so spans are priced with what the store holds now, not at start.
class LiveCatalogue {
public:
    Result<const PriceCatalogue*> get(Store& store);

private:
    std::optional<PriceCatalogue> m_catalogue;
    std::string m_stamp; // price rows' count and last id when loaded (rows are only ever added)
};

struct ImportResult {
    FileKind kind = FileKind::Unknown;
    ReadStats read;
    ImportStats stats;
};

using ProgressFn = std::function<void(uint64_t done, uint64_t total)>;

// Imports one file in one transaction: whole or not at all.
// `otlp`: attribute keys and conventions for OTLP files (its progress and cancel give way to the ones above).
// `focusTagKeys`: the FOCUS Tags keys that name the feature, tried in order (empty: {"feature"}).
Result<ImportResult> importFile(Store& store, const std::string& path, FileKind kind, const ProgressFn& progress = {},
                                const std::atomic<bool>* cancel = nullptr, const OtlpReadOptions& otlp = {},
                                const std::vector<std::string>& focusTagKeys = {});

struct DemoRunStats {
    int64_t requests = 0, outcomes = 0;
    double seconds = 0;
};
Result<DemoRunStats> fillDemo(Store& store, uint64_t seed, double scale, const ProgressFn& progress = {});

} // namespace il
