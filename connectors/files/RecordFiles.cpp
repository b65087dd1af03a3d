// SPDX-License-Identifier: GPL-3.0-or-later
#include "files/RecordFiles.h"

#include "domain/Time.h"
#include "files/BlockPipeline.h"
#include "files/CsvReader.h"
#include "files/FieldParsers.h"
#include "files/InputFile.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

namespace il {

using namespace il::fields;

const char* fileKindName(FileKind k)
{
    switch (k) {
    case FileKind::Requests: return "requests";
    case FileKind::Outcomes: return "outcomes";
    case FileKind::Focus: return "focus";
    case FileKind::Otlp: return "otlp";
    case FileKind::LiteLlmPrices: return "prices";
    case FileKind::Unknown: break;
    }
    return "unknown";
}

std::optional<FileKind> parseFileKind(std::string_view s)
{
    for (FileKind k : {FileKind::Requests, FileKind::Outcomes, FileKind::Focus, FileKind::Otlp, FileKind::LiteLlmPrices})
        if (s == fileKindName(k))
            return k;
    return std::nullopt;
}

namespace {

// ---- field tables ------------------------------------------------------------------------------

enum class RF : uint8_t {
    Timestamp, RequestId, Feature, Provider, Model, Input, Cached, CacheWrite, CacheWrite1h, Output, Reasoning,
    Latency, Status, Cache, Eval, Cost, Currency, Batch, ServiceTier, PromptHash, Unknown
};
constexpr uint32_t bit(RF f) { return 1u << unsigned(f); }
constexpr uint32_t kRequiredRequest =
    bit(RF::Timestamp) | bit(RF::Feature) | bit(RF::Provider) | bit(RF::Model) | bit(RF::Input) | bit(RF::Output);

RF requestField(std::string_view n)
{
    static const std::pair<std::string_view, RF> k[] = {
        {"timestamp", RF::Timestamp}, {"request_id", RF::RequestId}, {"feature", RF::Feature},
        {"provider", RF::Provider}, {"model", RF::Model}, {"input_tokens", RF::Input},
        {"cached_input_tokens", RF::Cached}, {"cache_write_tokens", RF::CacheWrite},
        {"cache_write_1h_tokens", RF::CacheWrite1h}, {"output_tokens", RF::Output},
        {"reasoning_tokens", RF::Reasoning}, {"latency_ms", RF::Latency}, {"status", RF::Status},
        {"cache", RF::Cache}, {"eval_score", RF::Eval}, {"cost", RF::Cost}, {"currency", RF::Currency},
        {"batch", RF::Batch}, {"service_tier", RF::ServiceTier}, {"prompt_hash", RF::PromptHash}};
    n = trim(n);
    for (auto& [name, f] : k)
        if (n == name)
            return f;
    return RF::Unknown;
}

const char* requestFieldName(RF f)
{
    static const char* k[] = {"timestamp", "request_id", "feature", "provider", "model", "input_tokens",
                              "cached_input_tokens", "cache_write_tokens", "cache_write_1h_tokens", "output_tokens",
                              "reasoning_tokens", "latency_ms", "status", "cache", "eval_score", "cost", "currency",
                              "batch", "service_tier", "prompt_hash", "?"};
    return k[unsigned(f)];
}

// Error messages are built out of line, so that a value's usual path stays short (a million rows, ~16 values a row).
[[gnu::cold, gnu::noinline]] std::string quoted(const char* what, std::string_view v)
{
    return what + ("\"" + std::string(trim(v).substr(0, 40)) + "\"");
}

[[gnu::cold, gnu::noinline]] std::string tokenError(const char* before, int64_t n, const char* after)
{
    return before + std::to_string(n) + after;
}

// Applies one value; returns an error message ("" when fine). Empty values are "not given".
[[gnu::always_inline]] inline std::string applyToken(int64_t& dst, std::string_view v)
{
    auto n = toInt(v);
    if (!n)
        return quoted("expected a whole number of tokens, got ", v);
    if (*n < 0)
        return tokenError("a token count cannot be negative (", *n, ")");
    if (*n > kMaxTokensPerRequest)
        return tokenError("an absurd token count (", *n, ", more than 100,000,000 in one request)");
    dst = *n;
    return {};
}

std::string applyRequest(RequestRecord& r, RF f, std::string_view v)
{
    switch (f) {
    case RF::Timestamp: {
        auto t = parseTimestampMs(v);
        if (!t)
            return quoted("expected an ISO 8601 time with offset or Z, or Unix milliseconds, got ", v);
        r.timestampMs = *t;
        return {};
    }
    case RF::RequestId: r.requestId.assign(trim(v)); return {};
    case RF::Feature: r.feature.assign(trim(v)); return {};
    case RF::Provider: r.provider.assign(trim(v)); return {};
    case RF::Model: r.model.assign(trim(v)); return {};
    case RF::Input: return applyToken(r.inputTokens, v);
    case RF::Cached: return applyToken(r.cachedInputTokens, v);
    case RF::CacheWrite: return applyToken(r.cacheWriteTokens, v);
    case RF::CacheWrite1h: return applyToken(r.cacheWrite1hTokens, v);
    case RF::Output: return applyToken(r.outputTokens, v);
    case RF::Reasoning: return applyToken(r.reasoningTokens, v);
    case RF::Latency: {
        auto d = toDouble(v);
        if (!d || !std::isfinite(*d) || *d < 0 || *d > double(kMaxLatencyMs))
            return quoted("expected a latency in milliseconds between 0 and 86400000, got ", v);
        r.latencyMs = int32_t(std::lround(*d));
        return {};
    }
    case RF::Status: {
        std::string_view s = trim(v);
        if (is(s, "ok") || is(s, "OK") || is(s, "success"))
            r.error = false;
        else if (is(s, "error") || is(s, "ERROR") || is(s, "failed"))
            r.error = true;
        else
            return quoted("expected \"ok\" or \"error\", got ", s);
        return {};
    }
    case RF::Cache: {
        std::string_view s = trim(v);
        if (is(s, "hit"))
            r.cache = CacheOutcome::Hit;
        else if (is(s, "miss"))
            r.cache = CacheOutcome::Miss;
        else if (is(s, "none") || s.empty())
            r.cache = CacheOutcome::None;
        else
            return quoted("expected \"hit\", \"miss\" or \"none\", got ", s);
        return {};
    }
    case RF::Eval: {
        auto d = toDouble(v);
        if (!d || !(*d >= 0.0 && *d <= 1.0))
            return quoted("expected an eval score between 0 and 1, got ", v);
        r.evalScore = *d;
        return {};
    }
    case RF::Cost: {
        auto n = parseDecimalNanos(v);
        if (!n)
            return quoted("expected a decimal cost such as 0.0123, got ", v);
        if (*n < 0)
            return "a request cost cannot be negative";
        r.reportedCostNanos = *n;
        return {};
    }
    case RF::Currency: {
        auto c = Currency::parse(trim(v));
        if (!c)
            return quoted("expected an ISO 4217 currency code such as USD, got ", v);
        r.currency = *c;
        return {};
    }
    case RF::Batch: {
        auto b = toBool(v);
        if (!b)
            return quoted("expected true or false, got ", v);
        r.batch = *b;
        return {};
    }
    case RF::ServiceTier: r.serviceTier.assign(trim(v)); return {};
    case RF::PromptHash: r.promptHash.assign(trim(v)); return {};
    case RF::Unknown: return {};
    }
    return {};
}

std::string checkRequest(const RequestRecord& r)
{
    // 2000-01-01 .. 2069-09-06: the range the store's time-led keys cover.
    if (r.timestampMs < 946'684'800'000 || r.timestampMs >= 946'684'800'000 + (int64_t(1) << 41))
        return "the timestamp is outside 2000–2069; is it in seconds or microseconds instead of milliseconds?";
    if (r.cachedInputTokens + r.cacheWriteTokens + r.cacheWrite1hTokens > r.inputTokens)
        return "cached_input_tokens + cache_write_tokens exceed input_tokens (input_tokens counts all input)";
    if (r.reasoningTokens > r.outputTokens)
        return "reasoning_tokens exceed output_tokens (output_tokens includes reasoning)";
    return {};
}

void resetRequest(RequestRecord& r)
{
    r.timestampMs = 0;
    r.requestId.clear();
    r.feature.clear();
    r.provider.clear();
    r.model.clear();
    r.inputTokens = r.cachedInputTokens = r.cacheWriteTokens = r.cacheWrite1hTokens = 0;
    r.outputTokens = r.reasoningTokens = 0;
    r.latencyMs = -1;
    r.error = false;
    r.cache = CacheOutcome::None;
    r.evalScore = NAN;
    r.reportedCostNanos.reset();
    r.currency = Currency{};
    r.batch = false;
    r.serviceTier.clear();
    r.promptHash.clear();
    r.prepared = {};
}

enum class OF : uint8_t { Timestamp, Feature, Unit, Count, OutcomeId, Unknown };
constexpr uint32_t obit(OF f) { return 1u << unsigned(f); }
constexpr uint32_t kRequiredOutcome = obit(OF::Timestamp) | obit(OF::Feature) | obit(OF::Unit);

OF outcomeField(std::string_view n)
{
    n = trim(n);
    if (n == "timestamp") return OF::Timestamp;
    if (n == "feature") return OF::Feature;
    if (n == "unit") return OF::Unit;
    if (n == "count") return OF::Count;
    if (n == "outcome_id") return OF::OutcomeId;
    return OF::Unknown;
}

const char* outcomeFieldName(OF f)
{
    static const char* k[] = {"timestamp", "feature", "unit", "count", "outcome_id", "?"};
    return k[unsigned(f)];
}

std::string applyOutcome(OutcomeEvent& o, OF f, std::string_view v)
{
    switch (f) {
    case OF::Timestamp: {
        auto t = parseTimestampMs(v);
        if (!t)
            return "expected an ISO 8601 time with offset or Z, or Unix milliseconds, got \"" + std::string(trim(v).substr(0, 40)) + "\"";
        o.timestampMs = *t;
        return {};
    }
    case OF::Feature: o.feature.assign(trim(v)); return {};
    case OF::Unit: o.unit.assign(trim(v)); return {};
    case OF::Count: {
        auto n = toInt(v);
        if (!n || *n < 0 || *n > 1'000'000'000)
            return "expected a non-negative whole count, got \"" + std::string(trim(v).substr(0, 40)) + "\"";
        o.count = *n;
        return {};
    }
    case OF::OutcomeId: o.outcomeId.assign(trim(v)); return {};
    case OF::Unknown: return {};
    }
    return {};
}

void resetOutcome(OutcomeEvent& o)
{
    o.timestampMs = 0;
    o.feature.clear();
    o.unit.clear();
    o.count = 1;
    o.outcomeId.clear();
}

// ---- generic reading ---------------------------------------------------------------------------

Error rowError(const std::string& path, long long line, int column, std::string field, std::string message)
{
    Error e;
    e.source = path;
    e.line = line;
    e.column = column;
    e.field = std::move(field);
    e.message = std::move(message);
    e.hint = "Fix the value and import the file again; nothing was imported";
    return e;
}

// Traits tie a record type to its field table, so CSV and JSONL share one reading loop.
struct RequestTraits {
    using Record = RequestRecord;
    using Field = RF;
    static constexpr uint32_t kRequired = kRequiredRequest;
    static Field field(std::string_view n) { return requestField(n); }
    static const char* name(Field f) { return requestFieldName(f); }
    static uint32_t mask(Field f) { return bit(f); }
    static bool known(Field f) { return f != RF::Unknown; }
    static std::string apply(Record& r, Field f, std::string_view v) { return applyRequest(r, f, v); }
    static std::string check(const Record& r) { return checkRequest(r); }
    static void reset(Record& r) { resetRequest(r); }
    static Result<void> emit(IngestSink& s, std::span<const Record> b) { return s.addRequests(b); }
    static void prepare(IngestSink& s, std::span<Record> b) { s.prepareRequests(b); }
    static std::vector<Field> allFields()
    {
        std::vector<Field> v;
        for (unsigned i = 0; i < unsigned(RF::Unknown); ++i)
            v.push_back(RF(i));
        return v;
    }
};

struct OutcomeTraits {
    using Record = OutcomeEvent;
    using Field = OF;
    static constexpr uint32_t kRequired = kRequiredOutcome;
    static Field field(std::string_view n) { return outcomeField(n); }
    static const char* name(Field f) { return outcomeFieldName(f); }
    static uint32_t mask(Field f) { return obit(f); }
    static bool known(Field f) { return f != OF::Unknown; }
    static std::string apply(Record& r, Field f, std::string_view v) { return applyOutcome(r, f, v); }
    static std::string check(const Record&) { return {}; }
    static void reset(Record& r) { resetOutcome(r); }
    static Result<void> emit(IngestSink& s, std::span<const Record> b) { return s.addOutcomes(b); }
    static void prepare(IngestSink&, std::span<Record>) {}
    static std::vector<Field> allFields()
    {
        std::vector<Field> v;
        for (unsigned i = 0; i < unsigned(OF::Unknown); ++i)
            v.push_back(OF(i));
        return v;
    }
};

template <typename T>
std::string missingFields(uint32_t present)
{
    std::string out;
    for (auto f : T::allFields())
        if ((T::kRequired & T::mask(f)) && !(present & T::mask(f)))
            out += (out.empty() ? "" : ", ") + std::string(T::name(f));
    return out;
}


// Records of one block, parsed on a worker thread (BlockPipeline).
template <typename T>
struct BlockRecords {
    std::vector<typename T::Record> records; // the first `count` are this block's; the rest kept for their buffers
    size_t count = 0;
    long long lines = 0;
    std::optional<Error> error;

    typename T::Record& add()
    {
        if (count == records.size())
            records.emplace_back();
        typename T::Record& r = records[count++];
        T::reset(r);
        return r;
    }
};

// A NUL byte inside a block: the error at its line (relative to the block).
std::optional<Error> nulError(const std::string& path, std::string_view text)
{
    const char* nul = static_cast<const char*>(std::memchr(text.data(), '\0', text.size()));
    if (!nul)
        return std::nullopt;
    const long long line = 1 + std::count(text.data(), nul, '\n');
    Error e = rowError(path, line, 0, "", "the file is not text (it contains NUL bytes)");
    e.hint = "Import a CSV or JSON Lines file; nothing was imported";
    return e;
}

template <typename T>
Result<void> deliverBlock(IngestSink& sink, BlockRecords<T>& out, ReadStats& stats)
{
    stats.rows += int64_t(out.count);
    if (out.count == 0)
        return {};
    return T::emit(sink, std::span<const typename T::Record>(out.records.data(), out.count));
}

template <typename T>
Result<ReadStats> readCsv(const std::string& path, IngestSink& sink, const ReadOptions& opt)
{
    BlockReader reader(path, BlockReader::Rows::Csv, opt.blockBytes, opt.mapFile);
    TextBlock first;
    auto got = reader.openFirst(first);
    if (!got)
        return got.error();
    auto emptyFile = [&] {
        Error e;
        e.source = path;
        e.message = "the file is empty";
        e.hint = "Export the data again; a request log needs a header row and at least one row";
        return e;
    };
    if (!*got)
        return emptyFile();
    if (auto nul = nulError(path, first.text()); nul && nul->line == 1)
        return *nul;
    // The header, from the first block; the rows after it stay in the block for the workers.
    std::vector<typename T::Field> columns;
    long long linesBefore = 0;
    {
        CsvReader header(path);
        header.setBlock(first.text(), true);
        std::vector<CsvReader::Field> row;
        if (!header.next(row)) {
            if (header.error())
                return *header.error();
            return emptyFile();
        }
        uint32_t present = 0;
        for (const auto& h : row) {
            auto f = T::field(h.text);
            if (T::known(f) && (present & T::mask(f)))
                return rowError(path, header.line(), h.column, std::string(T::name(f)), "this column appears twice in the header");
            columns.push_back(f);
            if (T::known(f))
                present |= T::mask(f);
        }
        if (std::string missing = missingFields<T>(present); !missing.empty()) {
            Error e = rowError(path, header.line(), 1, missing, "required column(s) missing from the header");
            e.hint = "Name the columns in the first row exactly as documented (docs/FORMATS.md); nothing was imported";
            return e;
        }
        first.begin = header.blockPosition();
        linesBefore = header.nextLine() - 1;
    }

    const int workers = parserThreads(opt.parserThreads);
    std::vector<std::unique_ptr<CsvReader>> csvs;
    for (int w = 0; w < workers; ++w)
        csvs.push_back(std::make_unique<CsvReader>(path, 0));
    std::vector<std::vector<CsvReader::Field>> rows(static_cast<size_t>(workers));
    auto parse = [&](int w, const TextBlock& block, BlockRecords<T>& out) {
        out.count = 0;
        if ((out.error = nulError(path, block.text())))
            return;
        CsvReader& csv = *csvs[size_t(w)];
        std::vector<CsvReader::Field>& row = rows[size_t(w)];
        csv.setBlock(block.text(), false);
        auto fail = [&](Error e) {
            out.error = std::move(e);
        };
        while (csv.next(row)) {
            if (row.size() != columns.size())
                return fail(rowError(path, csv.line(), row.empty() ? 1 : row.back().column, "",
                                     "this row has " + std::to_string(row.size()) + " fields but the header has "
                                         + std::to_string(columns.size())));
            typename T::Record& rec = out.add();
            uint32_t given = 0;
            const size_t fieldCount = row.size();
            for (size_t i = 0; i < fieldCount; ++i) {
                const auto f = columns[i];
                const std::string_view text = trim(row[i].text); // once: the parsers' own trims then cost a compare
                if (!T::known(f) || isNull(text))
                    continue;
                given |= T::mask(f);
                if (std::string err = T::apply(rec, f, text); !err.empty())
                    return fail(rowError(path, csv.line(), row[i].column, T::name(f), err));
            }
            if ((given & T::kRequired) != T::kRequired)
                return fail(rowError(path, csv.line(), 1, missingFields<T>(given), "a required value is empty"));
            if (std::string err = T::check(rec); !err.empty())
                return fail(rowError(path, csv.line(), 1, "", err));
        }
        if (csv.error())
            return fail(*csv.error());
        out.lines = csv.nextLine() - 1;
        T::prepare(sink, std::span<typename T::Record>(out.records.data(), out.count));
    };
    ReadStats stats;
    BlockPipeline<BlockRecords<T>> pipe(workers, parse, [&](BlockRecords<T>& out) { return deliverBlock<T>(sink, out, stats); });
    if (auto r = pipe.run(reader, std::move(first), linesBefore, opt.cancel, opt.progress, path); !r)
        return r.error();
    if (stats.rows == 0) {
        Error e;
        e.source = path;
        e.message = "the file has a header but no rows";
        e.hint = "Nothing was imported";
        return e;
    }
    if (opt.progress)
        opt.progress(reader.fileSize(), reader.fileSize());
    return stats;
}

// One JSON Lines row: its object's keys applied to `rec`. An error carries `ln` as its line.
template <typename T>
std::optional<Error> applyJsonObject(const std::string& path, long long ln, simdjson::dom::object obj,
                                     typename T::Record& rec)
{
    char numberText[64];
    uint32_t given = 0;
    for (auto [key, value] : obj) {
        const auto f = T::field(key);
        if (!T::known(f))
            continue;
        std::string_view text;
        switch (value.type()) {
        case simdjson::dom::element_type::NULL_VALUE:
            continue;
        case simdjson::dom::element_type::STRING:
            text = value.get_string().value_unsafe();
            break;
        case simdjson::dom::element_type::INT64: {
            auto r = std::to_chars(numberText, numberText + sizeof numberText, value.get_int64().value_unsafe());
            text = std::string_view(numberText, size_t(r.ptr - numberText));
            break;
        }
        case simdjson::dom::element_type::UINT64: {
            auto r = std::to_chars(numberText, numberText + sizeof numberText, value.get_uint64().value_unsafe());
            text = std::string_view(numberText, size_t(r.ptr - numberText));
            break;
        }
        case simdjson::dom::element_type::DOUBLE: {
            // Shortest round-trip text: 0.0123 stays "0.0123", so decimal costs stay exact.
            auto r = std::to_chars(numberText, numberText + sizeof numberText, value.get_double().value_unsafe());
            text = std::string_view(numberText, size_t(r.ptr - numberText));
            break;
        }
        case simdjson::dom::element_type::BOOL:
            text = value.get_bool().value_unsafe() ? "true" : "false";
            break;
        default:
            return rowError(path, ln, 1, std::string(key), "expected a string or a number, not an object or array");
        }
        if (isNull(text))
            continue;
        given |= T::mask(f);
        if (std::string err = T::apply(rec, f, text); !err.empty())
            return rowError(path, ln, 1, T::name(f), err);
    }
    if ((given & T::kRequired) != T::kRequired)
        return rowError(path, ln, 1, missingFields<T>(given), "a required key is missing or null");
    if (std::string err = T::check(rec); !err.empty())
        return rowError(path, ln, 1, "", err);
    return std::nullopt;
}

template <typename T>
Result<ReadStats> readJsonLines(const std::string& path, IngestSink& sink, const ReadOptions& opt)
{
    static_assert(simdjson::SIMDJSON_PADDING <= kBlockPadding);
    BlockReader reader(path, BlockReader::Rows::Lines, opt.blockBytes);
    if (auto r = reader.open(); !r)
        return r.error();
    const int workers = parserThreads(opt.parserThreads);
    // The DOM API picks the fastest kernel for this CPU at run time (On Demand would be fixed at compile time).
    std::vector<simdjson::dom::parser> parsers(static_cast<size_t>(workers));
    auto parse = [&](int w, const TextBlock& block, BlockRecords<T>& out) {
        out.count = 0;
        const std::string_view text = block.text();
        simdjson::dom::parser& parser = parsers[size_t(w)];
        out.lines = forEachLine(text, [&](std::string_view line, long long ln) {
            if (std::memchr(line.data(), '\0', line.size())) {
                out.error = rowError(path, ln, 0, "", "the file is not text (it contains NUL bytes)");
                return false;
            }
            if (trim(line).empty())
                return true;
            // The rest of the block, or its zero padding, lies behind every line.
            simdjson::dom::element doc;
            if (auto error = parser.parse(line.data(), line.size(), false).get(doc)) {
                out.error = rowError(path, ln, 1, "", std::string("not valid JSON (") + simdjson::error_message(error) + ")");
                return false;
            }
            simdjson::dom::object obj;
            if (doc.get_object().get(obj)) {
                out.error = rowError(path, ln, 1, "", "each line must be one JSON object");
                return false;
            }
            out.error = applyJsonObject<T>(path, ln, obj, out.add());
            return !out.error;
        });
        if (out.error)
            return;
        T::prepare(sink, std::span<typename T::Record>(out.records.data(), out.count));
    };
    ReadStats stats;
    BlockPipeline<BlockRecords<T>> pipe(workers, parse, [&](BlockRecords<T>& out) { return deliverBlock<T>(sink, out, stats); });
    if (auto r = pipe.run(reader, std::nullopt, 0, opt.cancel, opt.progress, path); !r)
        return r.error();
    if (stats.rows == 0) {
        Error e;
        e.source = path;
        e.message = reader.fileSize() == 0 ? "the file is empty" : "the file has no JSON lines";
        e.hint = "Nothing was imported";
        return e;
    }
    if (opt.progress)
        opt.progress(reader.fileSize(), reader.fileSize());
    return stats;
}

// First non-blank byte of the text (decompressed when gzip): '{' → JSON Lines, else CSV.
Result<bool> looksLikeJson(const std::string& path)
{
    auto head = readTextHead(path, 4096);
    if (!head)
        return head.error();
    const size_t start = head->find_first_not_of(" \r\n\t\xEF\xBB\xBF");
    return start != std::string::npos && (*head)[start] == '{';
}

template <typename T>
Result<ReadStats> readEither(const std::string& path, IngestSink& sink, const ReadOptions& opt)
{
    auto json = looksLikeJson(path);
    if (!json)
        return json.error();
    auto read = *json ? readJsonLines<T>(path, sink, opt) : readCsv<T>(path, sink, opt);
    if (!read)
        return gzipDamageOr(path, read.error());
    return read;
}

} // namespace

Result<ReadStats> readRequestLog(const std::string& path, IngestSink& sink, const ReadOptions& options)
{
    return readEither<RequestTraits>(path, sink, options);
}

Result<ReadStats> readOutcomes(const std::string& path, IngestSink& sink, const ReadOptions& options)
{
    return readEither<OutcomeTraits>(path, sink, options);
}

Result<FileKind> detectFileKind(const std::string& path)
{
    // The text, decompressed when the file is gzip; a Parquet file is refused here with what to do instead.
    auto text = readTextHead(path, 64 * 1024);
    if (!text)
        return text.error();
    const std::string& head = *text;
    if (head.empty()) {
        Error e;
        e.source = path;
        e.message = "the file is empty";
        e.hint = "Nothing was imported";
        return e;
    }
    if (head.find('\0') != std::string::npos) {
        Error e;
        e.source = path;
        e.message = "the file is not text (it contains NUL bytes)";
        e.hint = "Import a CSV or JSON Lines file";
        return e;
    }
    size_t start = head.find_first_not_of(" \r\n\t\xEF\xBB\xBF");
    if (start != std::string::npos && head[start] == '{') {
        if (head.find("\"resourceSpans\"") != std::string::npos)
            return FileKind::Otlp;
        if (head.find("\"input_cost_per_token\"") != std::string::npos || head.find("\"litellm_provider\"") != std::string::npos)
            return FileKind::LiteLlmPrices;
        std::string firstLine = head.substr(start, head.find('\n', start) - start);
        if (firstLine.find("\"unit\"") != std::string::npos && firstLine.find("\"model\"") == std::string::npos)
            return FileKind::Outcomes;
        return FileKind::Requests;
    }
    std::string header = head.substr(0, head.find('\n'));
    if (header.find("BilledCost") != std::string::npos || header.find("ChargePeriodStart") != std::string::npos)
        return FileKind::Focus;
    if (header.find("model") != std::string::npos && header.find("input_tokens") != std::string::npos)
        return FileKind::Requests;
    if (header.find("unit") != std::string::npos && header.find("feature") != std::string::npos)
        return FileKind::Outcomes;
    return FileKind::Unknown;
}

} // namespace il
