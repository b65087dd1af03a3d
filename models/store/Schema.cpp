// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Schema.h"

#include "store/RequestChunks.h"
#include "store/Rollups.h"

namespace il {

namespace {

// Version 1. Money columns are INTEGER nano-units with a currency column beside them.
// Fact rows use a 63-bit natural-key hash as rowid, so de-duplication needs no second index.
const char* kV1 = R"SQL(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE provider (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE model (id INTEGER PRIMARY KEY, provider_id INTEGER NOT NULL REFERENCES provider(id),
                    name TEXT NOT NULL, UNIQUE (provider_id, name));
CREATE TABLE feature (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, unit TEXT, description TEXT);

CREATE TABLE price (
    id INTEGER PRIMARY KEY,
    catalogue TEXT NOT NULL, version TEXT NOT NULL,
    provider TEXT NOT NULL, model TEXT NOT NULL, effective_from INTEGER NOT NULL,
    currency TEXT NOT NULL, entry TEXT NOT NULL, imported_at INTEGER NOT NULL,
    UNIQUE (catalogue, version, provider, model, effective_from));

CREATE TABLE import_log (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL, started_at INTEGER NOT NULL,
    finished_at INTEGER, rows_read INTEGER NOT NULL DEFAULT 0, rows_added INTEGER NOT NULL DEFAULT 0,
    rows_duplicate INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL, message TEXT);

CREATE TABLE request (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    feature_id INTEGER NOT NULL, model_id INTEGER NOT NULL, provider_id INTEGER NOT NULL,
    input_tokens INTEGER NOT NULL, cached_input_tokens INTEGER NOT NULL, cache_write_tokens INTEGER NOT NULL,
    cache_write_1h_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, reasoning_tokens INTEGER NOT NULL,
    latency_ms INTEGER, status INTEGER NOT NULL, cache INTEGER NOT NULL, eval_score REAL,
    est_cost INTEGER, reported_cost INTEGER, currency TEXT NOT NULL, batch INTEGER NOT NULL,
    service_tier TEXT, price_id INTEGER, external_id TEXT, prompt_hash TEXT, import_id INTEGER NOT NULL);

CREATE TABLE outcome (
    id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, feature_id INTEGER NOT NULL, unit TEXT NOT NULL,
    count INTEGER NOT NULL, external_id TEXT, import_id INTEGER NOT NULL);

-- Hourly rollups: dashboards and summaries read these, never the raw facts.
CREATE TABLE rollup_hourly (
    hour INTEGER NOT NULL, feature_id INTEGER NOT NULL, model_id INTEGER NOT NULL, provider_id INTEGER NOT NULL,
    currency TEXT NOT NULL,
    requests INTEGER NOT NULL, errors INTEGER NOT NULL,
    input_tokens INTEGER NOT NULL, cached_input_tokens INTEGER NOT NULL, cache_write_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL, reasoning_tokens INTEGER NOT NULL,
    cost INTEGER NOT NULL, est_cost INTEGER NOT NULL, reported_cost INTEGER NOT NULL,
    reported_requests INTEGER NOT NULL, unpriced_requests INTEGER NOT NULL,
    cache_hits INTEGER NOT NULL, cache_lookups INTEGER NOT NULL,
    eval_sum REAL NOT NULL, eval_count INTEGER NOT NULL, latency_sum INTEGER NOT NULL, latency_count INTEGER NOT NULL,
    latency_hist BLOB,
    PRIMARY KEY (hour, feature_id, model_id, provider_id, currency)) WITHOUT ROWID;
CREATE TABLE outcome_hourly (
    hour INTEGER NOT NULL, feature_id INTEGER NOT NULL, unit TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (hour, feature_id, unit)) WITHOUT ROWID;

-- Billing (FOCUS) lines: a different grain from requests; reconciliation compares them.
-- natural_key: a 126-bit digest of the identifying columns + the occurrence among identical rows of one file
-- (domain/BillingKey.h), unique. Rows append in import order: a hash rowid would scatter a million-row export
-- over the whole table b-tree; only the key index takes random writes.
-- NULL text = FOCUS null; contracted_cost NULL where the export left it null.
CREATE TABLE billing_line (
    id INTEGER PRIMARY KEY, natural_key TEXT NOT NULL,
    provider TEXT, publisher TEXT, invoice_issuer TEXT,
    billing_account_id TEXT, billing_account_name TEXT, sub_account_id TEXT, sub_account_name TEXT,
    service_name TEXT, service_category TEXT, service_subcategory TEXT,
    charge_category TEXT NOT NULL, charge_class TEXT, charge_description TEXT, charge_frequency TEXT,
    pricing_category TEXT, commitment_discount_id TEXT, commitment_discount_status TEXT,
    commitment_discount_category TEXT, commitment_discount_type TEXT,
    capacity_reservation_id TEXT, capacity_reservation_status TEXT,
    region TEXT, resource_id TEXT, resource_name TEXT, resource_type TEXT, sku_id TEXT, sku_price_id TEXT,
    invoice_id TEXT,
    charge_period_start INTEGER NOT NULL, charge_period_end INTEGER NOT NULL,
    billing_period_start INTEGER NOT NULL, billing_period_end INTEGER NOT NULL,
    billed_cost INTEGER NOT NULL, effective_cost INTEGER NOT NULL, list_cost INTEGER NOT NULL,
    contracted_cost INTEGER, currency TEXT NOT NULL,
    pricing_quantity REAL, pricing_unit TEXT, consumed_quantity REAL, consumed_unit TEXT,
    feature_id INTEGER NOT NULL, tags TEXT, focus_version TEXT, import_id INTEGER NOT NULL);
CREATE UNIQUE INDEX billing_line_key ON billing_line (natural_key);
CREATE INDEX billing_line_period ON billing_line (charge_period_start);

-- Provider usage/cost API buckets (OpenAI, Anthropic): aggregated, never summed with requests.
-- One row per natural key (connector, bucket start, grouping fields; '' for an absent grouping so that the
-- UNIQUE constraint holds). A re-sync of an overlapping period replaces the row, so a provider's late
-- correction wins and nothing doubles; rows of a re-read period that the provider no longer reports are
-- pruned (import_id tells this sync's rows from older ones). requests is NULL where the API does not say.
CREATE TABLE usage_bucket (
    id INTEGER PRIMARY KEY, connector TEXT NOT NULL, provider TEXT NOT NULL,
    start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL,
    model TEXT NOT NULL DEFAULT '', project TEXT NOT NULL DEFAULT '', service_tier TEXT NOT NULL DEFAULT '',
    batch INTEGER NOT NULL DEFAULT 0, feature_id INTEGER,
    requests INTEGER, input_tokens INTEGER NOT NULL,
    cached_input_tokens INTEGER NOT NULL, cache_write_5m_tokens INTEGER NOT NULL,
    cache_write_1h_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, est_cost INTEGER, currency TEXT,
    price_id INTEGER, import_id INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    UNIQUE (connector, start_ms, model, project, service_tier, batch));
CREATE INDEX usage_bucket_start ON usage_bucket (start_ms);
CREATE TABLE cost_bucket (
    id INTEGER PRIMARY KEY, connector TEXT NOT NULL, provider TEXT NOT NULL,
    start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL,
    line_item TEXT NOT NULL DEFAULT '', project TEXT NOT NULL DEFAULT '', model TEXT NOT NULL DEFAULT '',
    feature_id INTEGER, amount INTEGER NOT NULL, currency TEXT NOT NULL,
    import_id INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    UNIQUE (connector, start_ms, line_item, project, model, currency));
CREATE INDEX cost_bucket_start ON cost_bucket (start_ms);

-- GPU telemetry: one value per (host, GPU, metric, time); a re-read sample replaces the stored one.
CREATE TABLE gpu_sample (
    ts INTEGER NOT NULL, host TEXT NOT NULL, gpu TEXT NOT NULL, metric TEXT NOT NULL,
    value REAL NOT NULL, uuid TEXT, model_name TEXT, PRIMARY KEY (host, gpu, metric, ts)) WITHOUT ROWID;
CREATE TABLE eval_run (
    id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, feature_id INTEGER NOT NULL, model_id INTEGER,
    score REAL NOT NULL, samples INTEGER NOT NULL, source TEXT);

-- API connectors. No secret is ever stored here: key_storage says where the key lives ('env': the
-- environment variable key_env; 'keychain': the OS keychain under the connector's name; 'none').
CREATE TABLE connector (
    name TEXT PRIMARY KEY, type TEXT NOT NULL, base_url TEXT, key_storage TEXT NOT NULL DEFAULT 'env',
    key_env TEXT, options TEXT NOT NULL DEFAULT '{}', created_at INTEGER NOT NULL);
-- Written in the same transaction as the data it describes: a watermark never runs ahead of what is stored.
CREATE TABLE sync_state (
    connector TEXT PRIMARY KEY REFERENCES connector(name) ON DELETE CASCADE, cursor TEXT,
    watermark_ms INTEGER, last_attempt_ms INTEGER, last_success_ms INTEGER, last_error TEXT, last_error_ms INTEGER,
    rows_added INTEGER NOT NULL DEFAULT 0, rows_updated INTEGER NOT NULL DEFAULT 0,
    rows_total INTEGER NOT NULL DEFAULT 0);

-- Decisions. A gate version is immutable: a change inserts a new row that supersedes it (the triggers
-- refuse UPDATE and DELETE). content_hash = SHA-256 of the canonical JSON of the record (docs/GATE.md).
CREATE TABLE gate (
    id INTEGER PRIMARY KEY, feature TEXT NOT NULL, version INTEGER NOT NULL, spec TEXT NOT NULL,
    result TEXT NOT NULL, verdict TEXT NOT NULL, decision TEXT NOT NULL, approvers TEXT NOT NULL,
    conditions TEXT NOT NULL, notes TEXT NOT NULL, chosen_candidate INTEGER, decided_at INTEGER,
    recorded_at INTEGER NOT NULL, catalogue_version TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE, supersedes INTEGER REFERENCES gate(id), UNIQUE (feature, version));
CREATE TRIGGER gate_no_update BEFORE UPDATE ON gate
    BEGIN SELECT RAISE(ABORT, 'gate decisions are immutable: record a new version'); END;
CREATE TRIGGER gate_no_delete BEFORE DELETE ON gate
    BEGIN SELECT RAISE(ABORT, 'gate decisions are immutable: record a new version'); END;
CREATE TABLE lever (
    id INTEGER PRIMARY KEY, feature TEXT NOT NULL, kind TEXT NOT NULL, owner TEXT, metric TEXT,
    cadence TEXT, next_review INTEGER, status TEXT, notes TEXT);
)SQL";

// Version 2. GPU samples name the connector they came from, so one connector's samples can be told apart.
const char* kV2 = "ALTER TABLE gpu_sample ADD COLUMN connector TEXT;";

// Version 3. Rollups keep a second latency histogram over the interactive calls only (not Batch API, not the
// flex tier): a batch job's minutes or hours would swamp an interactive p95, and a gate's latency target is
// about the interactive path. Filled for the existing rollups from the requests (il_latency_hist is the
// store's aggregate over LatencyHistogram, registered on every connection by Store::open).
// interactive_latency_hist is NULL where it would equal latency_hist (interactive_latency_count = latency_count:
// every call was interactive, the usual case), so rollup rows stay as narrow as before.
const char* kV3 = R"SQL(
ALTER TABLE rollup_hourly ADD COLUMN interactive_latency_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup_hourly ADD COLUMN interactive_latency_hist BLOB;
CREATE TEMP TABLE interactive_backfill AS
    SELECT ts - (((ts % 3600000) + 3600000) % 3600000) AS hour, feature_id, model_id, provider_id, currency,
           COUNT(*) AS n, il_latency_hist(latency_ms) AS hist
    FROM request
    WHERE batch = 0 AND latency_ms IS NOT NULL AND latency_ms >= 0 AND (service_tier IS NULL OR service_tier <> 'flex')
    GROUP BY 1, 2, 3, 4, 5;
UPDATE rollup_hourly SET interactive_latency_count = b.n,
                         interactive_latency_hist = CASE WHEN b.n = rollup_hourly.latency_count THEN NULL ELSE b.hist END
    FROM interactive_backfill b
    WHERE rollup_hourly.hour = b.hour AND rollup_hourly.feature_id = b.feature_id
      AND rollup_hourly.model_id = b.model_id AND rollup_hourly.provider_id = b.provider_id
      AND rollup_hourly.currency = b.currency;
DROP TABLE interactive_backfill;
)SQL";

// Version 4. A folder connector replaces the billing lines of a restated export by their import (the
// import_log rows of that file's source): both lookups need an index on a million-line table.
const char* kV4 = R"SQL(
CREATE INDEX billing_line_import ON billing_line (import_id);
CREATE INDEX import_log_source ON import_log (source);
)SQL";

// Version 5. Requests move into compact per-hour chunks (store/RequestChunks.h): one blob row per up to 8192
// requests of an hour, with their natural keys beside them, instead of one b-tree row each. `request` stays
// readable from SQL as a virtual table over the chunks, with the same columns. migrateRequestsToChunks moves
// the existing rows and drops the old table.
const char* kV5 = R"SQL(
CREATE TABLE request_chunk (
    id INTEGER PRIMARY KEY, hour INTEGER NOT NULL, rows INTEGER NOT NULL,
    first_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL, data BLOB NOT NULL, keys BLOB NOT NULL);
CREATE INDEX request_chunk_hour ON request_chunk (hour);
)SQL";

// Version 6. Request chunk rows may use compact forms, told by new flag bits (store/RequestChunks.cpp): an eval
// score as exact millionths, a lowercase hex prompt hash as its bytes, a request id sharing a prefix with the
// row before. Rows already stored keep their form; only the version changes, so that an older InferLedger,
// which would misread the new rows, refuses the store instead.
const char* kV6 = "-- request_chunk rows may use the compact forms of schema 6";

// Version 7. Daily rollups beside the hourly ones, the same figures added up per UTC day (store/Rollups.h):
// a summary reads whole days from here and only the hours at its range's edges from rollup_hourly.
// fillDailyRollups adds up the hours already stored.
const char* kV7 = R"SQL(
CREATE TABLE rollup_daily (
    day INTEGER NOT NULL, feature_id INTEGER NOT NULL, model_id INTEGER NOT NULL, provider_id INTEGER NOT NULL,
    currency TEXT NOT NULL,
    requests INTEGER NOT NULL, errors INTEGER NOT NULL,
    input_tokens INTEGER NOT NULL, cached_input_tokens INTEGER NOT NULL, cache_write_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL, reasoning_tokens INTEGER NOT NULL,
    cost INTEGER NOT NULL, est_cost INTEGER NOT NULL, reported_cost INTEGER NOT NULL,
    reported_requests INTEGER NOT NULL, unpriced_requests INTEGER NOT NULL,
    cache_hits INTEGER NOT NULL, cache_lookups INTEGER NOT NULL,
    eval_sum REAL NOT NULL, eval_count INTEGER NOT NULL, latency_sum INTEGER NOT NULL, latency_count INTEGER NOT NULL,
    latency_hist BLOB, interactive_latency_count INTEGER NOT NULL, interactive_latency_hist BLOB,
    PRIMARY KEY (day, feature_id, model_id, provider_id, currency)) WITHOUT ROWID;
)SQL";

} // namespace

const std::vector<Migration>& schemaMigrations()
{
    static const std::vector<Migration> k = {
        {1, kV1, nullptr}, {2, kV2, nullptr}, {3, kV3, nullptr}, {4, kV4, nullptr}, {5, kV5, &migrateRequestsToChunks},
        {6, kV6, nullptr}, {7, kV7, &fillDailyRollups}};
    return k;
}

int latestSchemaVersion()
{
    return schemaMigrations().back().version;
}

} // namespace il
