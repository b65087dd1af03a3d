// SPDX-License-Identifier: GPL-3.0-or-later
#include "FileConnectorSync.h"

#include "domain/Time.h"
#include "files/FocusReader.h"
#include "ingest/Ingestor.h"
#include "otlp/OtlpSpanReader.h"
#include "store/ConnectorStore.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>

namespace il {

namespace fs = std::filesystem;

namespace {

    struct SeenFile {
        int64_t size = 0;
        int64_t mtimeMs = 0;
        bool operator==(const SeenFile&) const = default;
    };

    bool endsWith(std::string name, std::string_view suffix)
    {
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    }

    bool isCandidate(const std::string& type, const fs::path& p)
    {
        const std::string name = p.filename().string();
        if (name.empty() || name.front() == '.')
            return false;
        if (type == "focus")
            return endsWith(name, ".csv") || endsWith(name, ".csv.gz");
        for (const char* ext : {".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz"})
            if (endsWith(name, ext))
                return true;
        return false;
    }

    Error pathError(const ConnectorConfig& c, std::string message, std::string hint)
    {
        Error e = makeError(std::move(message), std::move(hint));
        e.source = "connector '" + c.name + "'";
        return e;
    }

    Result<SeenFile> statFile(const std::string& path)
    {
        std::error_code ec;
        const auto size = fs::file_size(path, ec);
        if (ec)
            return makeError("cannot read " + path + ": " + ec.message(), "Check that the file still exists");
        const auto mtime = fs::last_write_time(path, ec);
        if (ec)
            return makeError("cannot read " + path + ": " + ec.message(), "Check that the file still exists");
        const auto sys = std::chrono::file_clock::to_sys(mtime); // file_clock's epoch is not the Unix epoch
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count();
        return SeenFile { int64_t(size), int64_t(ms) };
    }

    std::map<std::string, SeenFile> parseCursor(const std::string& cursor)
    {
        std::map<std::string, SeenFile> out;
        auto j = nlohmann::json::parse(cursor, nullptr, false);
        if (!j.is_object() || !j.contains("files") || !j["files"].is_object())
            return out; // no cursor yet (or an unreadable one): every file is new, and re-reading adds nothing twice
        for (const auto& [path, v] : j["files"].items())
            if (v.is_object() && v.value("size", int64_t(-1)) >= 0)
                out[path] = SeenFile { v.value("size", int64_t(0)), v.value("mtime_ms", int64_t(0)) };
        return out;
    }

    std::string cursorText(const std::map<std::string, SeenFile>& seen)
    {
        nlohmann::json files = nlohmann::json::object();
        for (const auto& [path, f] : seen)
            files[path] = { { "size", f.size }, { "mtime_ms", f.mtimeMs } };
        return nlohmann::json { { "files", files } }.dump();
    }

    // The billing lines this connector stored from earlier versions of `path` (its import_log rows are sources
    // of the form "connector NAME: PATH").
    Result<int64_t> deleteEarlierVersion(Store& store, const std::string& source, int64_t currentImportId)
    {
        Statement del(store.handle(),
                      "DELETE FROM billing_line WHERE import_id IN"
                      " (SELECT id FROM import_log WHERE source = ?1 AND id <> ?2)");
        del.bind(1, std::string_view(source)).bind(2, currentImportId);
        del.step();
        if (del.failed())
            return store.sqlError("cannot replace the earlier version of " + source);
        return int64_t(sqlite3_changes(store.handle()));
    }

} // namespace

Result<std::vector<std::string>> fileConnectorFiles(const ConnectorConfig& config)
{
    const std::string root = config.option("path");
    std::error_code ec;
    const auto status = fs::status(root, ec);
    if (ec || !fs::exists(status))
        return pathError(config, "the folder " + root + " does not exist",
                         "Check --option path (an absolute path is safest), or mount the folder the exports sync to");
    std::vector<std::string> files;
    if (fs::is_regular_file(status)) {
        files.push_back(fs::absolute(root).lexically_normal().string());
        return files;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec)
        return pathError(config, "cannot read the folder " + root + ": " + ec.message(),
                         "Check that InferLedger may read it");
    for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec)
            return pathError(config, "cannot read the folder " + root + ": " + ec.message(),
                             "Check that InferLedger may read it");
        const std::string name = it->path().filename().string();
        if (it->is_directory(ec) && !name.empty() && name.front() == '.') {
            it.disable_recursion_pending(); // .git, .Trash and the like
            continue;
        }
        if (it->is_regular_file(ec) && isCandidate(config.type, it->path()))
            files.push_back(fs::absolute(it->path()).lexically_normal().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

Result<std::string> testFileConnector(const ConnectorConfig& config)
{
    auto files = fileConnectorFiles(config);
    if (!files)
        return files.error();
    const char* what = config.type == "focus" ? "FOCUS export" : "OTLP JSON";
    if (files->empty())
        return pathError(config, std::string("no ") + what + " files in " + config.option("path"),
                         config.type == "focus" ? "FOCUS exports end in .csv or .csv.gz"
                                                : "OTLP files end in .json, .jsonl or .ndjson (or those with .gz)");
    int64_t newest = 0;
    for (const std::string& f : *files)
        if (auto s = statFile(f))
            newest = std::max(newest, s->mtimeMs);
    return std::to_string(files->size()) + " " + what + (files->size() == 1 ? " file" : " files") + " in "
        + config.option("path") + " (newest written " + formatIsoDate(newest) + ")";
}

SyncRunReport syncFileConnector(Store& store, const ConnectorConfig& config, const SyncRequest& request)
{
    SyncRunReport report;
    report.connector = config.name;
    report.type = config.type;
    ConnectorStore connectors(store);
    auto loaded = connectors.syncState(config.name);
    if (!loaded) {
        report.error = loaded.error();
        return report;
    }
    SyncState state = *loaded;
    const int64_t startedMs = nowMs();
    auto recordFailure = [&](const Error& error, bool cancelled) {
        recordRunFailure(connectors, state, report, startedMs, error, cancelled);
    };

    auto files = fileConnectorFiles(config);
    if (!files) {
        report.error = files.error();
        recordFailure(*report.error, false);
        return report;
    }
    auto prices = store.loadPrices();
    if (!prices) {
        report.error = prices.error();
        recordFailure(*report.error, false);
        return report;
    }
    auto catalogue = std::make_unique<PriceCatalogue>();
    catalogue->addAll(std::move(*prices));

    std::map<std::string, SeenFile> seen = parseCursor(state.cursor);
    std::vector<std::pair<std::string, SeenFile>> pending;
    for (const std::string& f : *files) {
        auto s = statFile(f);
        if (!s) {
            std::error_code ec;
            if (!fs::exists(f, ec))
                continue; // gone since the folder was listed (a sync client rotating files): the next sync sees
            report.error = s.error();
            break;
        }
        auto it = seen.find(f);
        if (it != seen.end() && it->second == *s)
            ++report.filesUnchanged;
        else
            pending.emplace_back(f, *s);
    }
    report.files = int(files->size());
    report.batches = int(pending.size());

    std::vector<std::string> tagKeys;
    if (!config.option("tag_key").empty())
        tagKeys = OtlpAttributeKeys::parseList(config.option("tag_key"));
    OtlpReadOptions otlp;
    if (!config.option("feature_key").empty())
        otlp.keys.feature = OtlpAttributeKeys::parseList(config.option("feature_key"));
    if (!config.option("eval_key").empty())
        otlp.keys.evalScore = OtlpAttributeKeys::parseList(config.option("eval_key"));
    if (!config.option("cache_key").empty())
        otlp.keys.cache = OtlpAttributeKeys::parseList(config.option("cache_key"));

    int batch = 0;
    if (report.error)
        pending.clear();
    for (const auto& [path, stat] : pending) {
        ++batch;
        if (request.cancel && request.cancel->load()) {
            report.cancelled = true;
            break;
        }
        const std::string source = "connector " + config.name + ": " + path;
        Ingestor ingest(store, *catalogue);
        if (auto r = ingest.begin(source, "sync " + config.type); !r) {
            report.error = r.error();
            break;
        }
        // Always, not only for a file the cursor knows: the cursor is gone after a connector is removed and added
        // again, and a restated file read "as new" must still replace the rows its earlier version left.
        int64_t replaced = 0;
        if (config.type == "focus") {
            auto n = deleteEarlierVersion(store, source, ingest.stats().importId);
            if (!n) {
                ingest.rollback(n.error().toString());
                report.error = n.error();
                break;
            }
            replaced = *n;
        }
        SyncProgress page;
        page.connector = config.name;
        page.stage = "file " + fs::path(path).filename().string();
        auto progress = [&](uint64_t done, uint64_t total) {
            if (!request.progress)
                return;
            page.bytesDone = done;
            page.bytesTotal = total;
            request.progress(page, batch, report.batches);
        };
        Result<ReadStats> read = makeError("unread");
        if (config.type == "focus") {
            ReadOptions opt;
            opt.progress = progress;
            opt.cancel = request.cancel;
            read = readFocus(path, ingest, opt, tagKeys);
        } else {
            OtlpReadOptions opt = otlp;
            opt.progress = progress;
            opt.cancel = request.cancel;
            opt.mapFile = false; // a live exporter file may be rotated under us: read what it holds, not a mapping
            read = readOtlpFile(path, ingest, opt);
        }
        if (!read) {
            ingest.rollback(read.error().toString());
            if (request.cancel && request.cancel->load())
                report.cancelled = true;
            else {
                Error e = read.error();
                e.hint = "Fix the file, or move it out of " + config.option("path") + ", then run `inferledger sync "
                    + config.name + "` again (the files stored before it are kept; nothing of this one was stored)";
                report.error = e;
            }
            break;
        }
        const ImportStats& st = ingest.stats();
        const int64_t stored = st.billingAdded + st.requestsAdded;
        const int64_t added = std::max<int64_t>(0, stored - replaced);
        const int64_t corrected = std::min(stored, replaced);
        std::map<std::string, SeenFile> nextSeen = seen;
        nextSeen[path] = stat;
        SyncState next = state;
        next.cursor = cursorText(nextSeen);
        // No watermark: a folder has no "complete up to" time; the cursor's file list is what resumes.
        next.lastAttemptMs = startedMs;
        next.rowsAdded = report.added() + added;
        next.rowsUpdated = report.corrected() + corrected;
        next.rowsTotal = state.rowsTotal + added;
        if (batch == report.batches) {
            next.lastSuccessMs = nowMs();
            next.lastError.clear();
            next.lastErrorMs.reset();
        }
        // The cursor goes into the file's own transaction: committed together with its rows, or not at all.
        if (auto r = connectors.saveSyncState(next); !r) {
            ingest.rollback(r.error().toString());
            report.error = r.error();
            break;
        }
        if (auto r = ingest.commit(); !r) {
            report.error = r.error();
            break;
        }
        state = next;
        seen = std::move(nextSeen);
        report.batchesCommitted = batch;
        report.filesImported += 1;
        report.fileRowsAdded += added;
        report.fileRowsReplaced += corrected;
        if (request.batchCommitted)
            request.batchCommitted(
                SyncBatchReport { config.name, SyncWindow {}, batch, report.batches, added, corrected, 0, 0, path });
    }
    if (report.cancelled || report.error) {
        recordFailure(report.error.value_or(makeError("cancelled")), report.cancelled);
    } else if (pending.empty()) {
        // Nothing new: still a successful sync.
        state.lastAttemptMs = startedMs;
        state.lastSuccessMs = nowMs();
        state.lastError.clear();
        state.lastErrorMs.reset();
        state.rowsAdded = 0;
        state.rowsUpdated = 0;
        if (auto r = connectors.saveSyncState(state); !r)
            report.error = r.error();
    }
    return report;
}

std::string fileSyncSummary(const SyncRunReport& r)
{
    return std::to_string(r.filesImported) + " of " + std::to_string(r.files) + " files read ("
        + std::to_string(r.filesUnchanged) + " unchanged): " + std::to_string(r.fileRowsAdded) + " rows added, "
        + std::to_string(r.fileRowsReplaced) + " replaced by a newer version";
}

} // namespace il
