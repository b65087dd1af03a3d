// SPDX-License-Identifier: GPL-3.0-or-later
// Connectors over folders of files: `focus` (a provider's FOCUS billing exports, as AWS Data Exports, Azure
// Cost Management or a GCP BigQuery export leave them in a synced folder) and `otlp` (the OpenTelemetry
// Collector's file exporter output). `--option path=` names the folder (searched recursively) or one file.
//
// Sync imports every file that is new or has changed since the last sync (size or modification time), each in
// its own transaction together with the connector's cursor (the files seen, as JSON), so that a sync killed
// half-way resumes at the first file it had not committed. An unchanged file is not read again.
// A changed FOCUS file is a provider's restatement of its period: the rows this connector stored from the
// earlier version are replaced by the new version's, in the same transaction, so a correction never doubles.
// A changed OTLP file (the exporter appends) is read again whole; spans already stored are recognised by
// their natural key and skipped.
#pragma once

#include "ConnectorSync.h"

namespace il {

// The files a file connector would read, sorted; an error when the path is missing or unreadable.
Result<std::vector<std::string>> fileConnectorFiles(const ConnectorConfig& config);

// Plain words: "12 FOCUS files in /data/exports (newest: 2026-11-30)" or why the folder cannot be read.
Result<std::string> testFileConnector(const ConnectorConfig& config);

SyncRunReport syncFileConnector(Store& store, const ConnectorConfig& config, const SyncRequest& request);

// "3 of 12 files read (9 unchanged): 1000 rows added, 4 replaced by a newer version" (CLI and GUI).
std::string fileSyncSummary(const SyncRunReport& report);

} // namespace il
