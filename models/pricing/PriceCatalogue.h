// SPDX-License-Identifier: GPL-3.0-or-later
// The dated, versioned price catalogue and the resolution of (provider, model, time) to a price.
#pragma once

#include "domain/Result.h"
#include "pricing/PriceEntry.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace il {

class PriceCatalogue {
public:
    void add(PriceEntry entry);
    void addAll(std::vector<PriceEntry> entries);
    const std::vector<PriceEntry>& entries() const { return m_entries; }
    bool empty() const { return m_entries.empty(); }

    // The entry in force at tsMs: the latest effective-from at or before it (a newer catalogue
    // version wins a tie). Dated snapshots and aliases resolve to their base model. nullptr: unpriced.
    const PriceEntry* resolve(std::string_view provider, std::string_view model, int64_t tsMs) const;

    // Every dated entry for a model, oldest first (for `prices show`).
    std::vector<const PriceEntry*> history(std::string_view provider, std::string_view model) const;
    // All entries for a model name under any provider (when the provider is not given).
    std::vector<const PriceEntry*> findByModel(std::string_view model) const;

    static std::string canonicalProvider(std::string_view provider);
    // Lower-cased, provider prefix ("openai/", "models/") removed.
    static std::string normalisedModel(std::string_view model);
    // The name with a dated-snapshot or version suffix removed ("gpt-4o-2024-08-06" → "gpt-4o"), or "".
    static std::string withoutSnapshotSuffix(std::string_view model);

private:
    const std::vector<size_t>* lookup(const std::string& provider, const std::string& model) const;
    void reindex();

    std::vector<PriceEntry> m_entries;
    // "provider\x1fmodel" (canonical names and aliases) → entry indexes sorted by effective-from.
    std::unordered_map<std::string, std::vector<size_t>> m_index;
};

// The bundled InferLedger catalogue format (docs/PRICES.md): decimal strings per million tokens.
Result<std::vector<PriceEntry>> parseCatalogueJson(std::string_view text, const std::string& source);
// LiteLLM's model_prices_and_context_window.json (USD per token), as a new dated version.
Result<std::vector<PriceEntry>> parseLiteLlmJson(std::string_view text, const std::string& source,
                                                 const std::string& version, int64_t effectiveFromMs);

// A third-party catalogue often omits what an older price of the same model states. Fills, from the
// price in force just before each incoming entry: its aliases (so dated snapshots keep resolving), and,
// when the standard input and output rates are unchanged, any batch/priority/flex/long-context rates and
// standard fields the incoming entry does not state. Returns how many entries inherited something.
int inheritUnstated(std::vector<PriceEntry>& incoming, const PriceCatalogue& existing);

nlohmann::json priceEntryToJson(const PriceEntry& entry);
Result<PriceEntry> priceEntryFromJson(const nlohmann::json& j, const std::string& source);
// "2.50" per million tokens → 2'500'000'000 nano-units per million.
std::string formatRatePerMillion(int64_t nanosPerMillion);

// Loads the catalogue compiled into the binary (resources/prices/catalogue.json).
Result<std::vector<PriceEntry>> bundledCatalogue();
std::string bundledCatalogueVersion();

} // namespace il
