// SPDX-License-Identifier: GPL-3.0-or-later
// Parallel parsing of one text file: the file is cut into blocks of whole rows (BlockReader), worker threads
// parse and prepare the blocks side by side, and the calling thread hands each block's records to the sink in
// file order. The sink therefore still sees one thread and the rows in the order of the file; a bad row still
// stops the import at the first error in file order, with its absolute line number. At most workers + 4 blocks
// are in memory, so memory stays flat whatever the size of the file (four spare: a worker rarely waits for a slot
// while the sink stores a block; with two, a 1M-row import took ~4% longer).
#pragma once

#include "domain/Result.h"
#include "files/FileMapping.h"
#include "files/InputFile.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace il {

// Bytes readable behind every block's text (zeros), so that simdjson can parse in place.
inline constexpr size_t kBlockPadding = 64;

struct TextBlock {
    std::vector<char> bytes; // text in [begin, size), then kBlockPadding zero bytes (may be larger still)
    const char* mapped = nullptr; // instead of `bytes`: the text lies in the mapped file, with readable bytes behind
    size_t begin = 0, size = 0;
    uint64_t fileOffsetAfter = 0; // bytes of the file (compressed, for gzip) behind this block, for progress
    std::string_view text() const { return std::string_view((mapped ? mapped : bytes.data()) + begin, size - begin); }
};

// Reads a file (plain or gzip, InputFile) as blocks of about `blockBytes` that end at a row boundary: a newline,
// outside double quotes when rows are CSV (a quoted field may hold a newline).
class BlockReader {
public:
    enum class Rows : uint8_t { Lines, Csv };
    // `mayMap`: a plain (not gzip) file may be mapped (see m_mapping). A mapped file truncated while it is read
    // fails the read (changedError) instead of crashing the process; a file appended to is read up to its size at
    // open either way.
    BlockReader(std::string path, Rows rows, size_t blockBytes = size_t(1) << 20, bool mayMap = false);
    ~BlockReader();
    BlockReader(const BlockReader&) = delete;
    BlockReader& operator=(const BlockReader&) = delete;

    Result<void> open();
    // open(), then the first block into `first`; false when the file is empty.
    Result<bool> openFirst(TextBlock& first);
    // The next block into `out` (its buffer reused); false at the end of the file.
    Result<bool> next(TextBlock& out);
    // The caller is done with every block up to and including `block`: a mapped file's pages behind it are
    // dropped from the process (they stay in the page cache), so a large file does not show as resident memory.
    void release(const TextBlock& block);
    uint64_t fileSize() const { return m_input.fileSize(); }
    // After the last block: the error to report when the mapped file shrank under the reader (its blocks from
    // there on read as zeros, so what was parsed of them means nothing).
    std::optional<Error> changedError() const;
    const std::string& path() const { return m_input.path(); }

private:
    size_t cutPoint(const char* p, size_t n) const; // one past the last row boundary, 0 when none
    Result<bool> nextMapped(TextBlock& out);
    Error rowTooLarge() const;

    InputFile m_input;
    Rows m_rows;
    size_t m_blockBytes;
    bool m_mayMap;
    std::vector<char> m_carry; // the start of a row cut by the last read
    bool m_eof = false;
    // A plain file with mayMap is read from a mapping of the file: no copy on the reading thread.
    FileMapping m_mapping;
    size_t m_mapPos = 0, m_released = 0;
};

// Parser threads for a file: `requested` when above 0, else the cores, at most 4 (more only wait on the
// writer), at least 1.
int parserThreads(int requested);

// Calls f(line, lineNumber) for each line of a block (without its "\n" or "\r\n"; numbered from 1, blank lines
// included) until f returns false. Returns the number of lines seen.
template <typename F>
long long forEachLine(std::string_view text, F&& f)
{
    long long ln = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        const char* start = text.data() + pos;
        const void* nl = std::memchr(start, '\n', text.size() - pos);
        size_t len = nl ? size_t(static_cast<const char*>(nl) - start) : text.size() - pos;
        pos += nl ? len + 1 : len;
        ++ln;
        if (len && start[len - 1] == '\r')
            --len;
        if (!f(std::string_view(start, len), ln))
            break;
    }
    return ln;
}

// Output: a struct of the caller's with `std::optional<Error> error` and `long long lines` (newlines in the
// block). parse(worker, block, out) runs on worker `worker` (0..workers-1), each with its own state;
// deliver(out) runs on the calling thread, block after block in file order. A block's error carries a line
// relative to the block (1 = its first line); it is made absolute before it is returned.
// The workers also read: a free worker cuts the next block off the file (one at a time, so blocks keep file
// order) and parses it. The calling thread only delivers — it is the sink's thread, the import's bottleneck.
template <typename Output>
class BlockPipeline {
public:
    using ParseFn = std::function<void(int worker, const TextBlock&, Output&)>;
    using DeliverFn = std::function<Result<void>(Output&)>;
    using ProgressFn = std::function<void(uint64_t done, uint64_t total)>;

    BlockPipeline(int workers, ParseFn parse, DeliverFn deliver)
        : m_workers(std::max(1, workers))
        , m_parse(std::move(parse))
        , m_deliver(std::move(deliver))
    {
    }

    // `first` is a block already read (the caller took the header from it); `linesBefore` the lines before it.
    Result<void> run(BlockReader& reader, std::optional<TextBlock> first, long long linesBefore,
                     const std::atomic<bool>* cancel, const ProgressFn& progress, const std::string& source)
    {
        auto r = runBlocks(reader, std::move(first), linesBefore, cancel, progress, source);
        // The workers are joined: a file that shrank under them outranks whatever its zeros made them report.
        if (auto changed = reader.changedError())
            return *changed;
        return r;
    }

private:
    Result<void> runBlocks(BlockReader& reader, std::optional<TextBlock> first, long long linesBefore,
                           const std::atomic<bool>* cancel, const ProgressFn& progress, const std::string& source)
    {
        m_reader = &reader;
        m_first = std::move(first);
        std::vector<Slot> slots(size_t(m_workers) + 4);
        for (Slot& s : slots)
            m_free.push_back(&s);
        std::vector<std::thread> threads;
        struct Joiner {
            BlockPipeline* p;
            std::vector<std::thread>& t;
            ~Joiner()
            {
                {
                    std::lock_guard lock(p->m_mutex);
                    p->m_stop = true;
                }
                p->m_workCv.notify_all();
                for (auto& th : t)
                    th.join();
            }
        } joiner { this, threads };
        for (int w = 0; w < m_workers; ++w)
            threads.emplace_back([this, w] { work(w); });

        long long lineOffset = linesBefore;
        uint64_t lastProgress = 0;
        for (;;) {
            Slot* head = nullptr;
            {
                std::unique_lock lock(m_mutex);
                m_doneCv.wait(lock, [this] { return (!m_inFlight.empty() && m_inFlight.front()->done) || (m_inFlight.empty() && m_eof); });
                if (m_inFlight.empty()) { // every block delivered (a read error comes after the blocks before it)
                    if (!m_readError)
                        return {};
                    Error e = *m_readError;
                    if (e.source.empty())
                        e.source = source;
                    return e;
                }
                head = m_inFlight.front();
            }
            if (head->out.error) {
                Error e = *head->out.error;
                if (e.line > 0)
                    e.line += lineOffset;
                if (e.source.empty())
                    e.source = source;
                return e;
            }
            if (auto r = m_deliver(head->out); !r)
                return r;
            reader.release(head->in);
            lineOffset += head->out.lines;
            const uint64_t offsetAfter = head->in.fileOffsetAfter;
            {
                std::lock_guard lock(m_mutex);
                m_inFlight.pop_front();
                m_free.push_back(head);
            }
            m_workCv.notify_one();
            if (cancel && cancel->load()) {
                Error e;
                e.source = source;
                e.message = "the import was cancelled";
                e.hint = "Nothing was imported";
                return e;
            }
            if (progress && offsetAfter - lastProgress > (8u << 20)) {
                lastProgress = offsetAfter;
                progress(lastProgress, reader.fileSize());
            }
        }
    }

    struct Slot {
        TextBlock in;
        Output out;
        bool done = false;
    };

    void work(int worker)
    {
        for (;;) {
            Slot* s = nullptr;
            {
                std::unique_lock lock(m_mutex);
                m_workCv.wait(lock, [this] { return m_stop || (!m_eof && !m_free.empty() && !m_reading); });
                if (m_stop)
                    return;
                s = m_free.back();
                m_free.pop_back();
                m_reading = true; // one reader at a time: blocks are cut, and queued, in file order
            }
            bool got = false;
            std::optional<Error> readError;
            try {
                if (m_first) {
                    std::swap(s->in, *m_first);
                    m_first.reset();
                    got = true;
                } else if (auto r = m_reader->next(s->in); !r) {
                    readError = r.error(); // the blocks before it are still parsed: an earlier bad row is the first error
                } else {
                    got = *r;
                }
            } catch (const std::exception& e) {
                // A block that cannot be allocated: an error after the blocks before it, not std::terminate.
                readError = Error{};
                readError->message = std::string("reading stopped: ") + e.what();
                readError->hint = "Close other programs or import a smaller file; nothing was imported";
                got = false;
            }
            {
                std::lock_guard lock(m_mutex);
                m_reading = false;
                if (got) {
                    s->done = false;
                    s->out.error.reset();
                    s->out.lines = 0;
                    m_inFlight.push_back(s);
                } else {
                    m_free.push_back(s);
                    m_eof = true;
                    m_readError = std::move(readError);
                }
            }
            m_workCv.notify_one(); // the next block may be read now
            if (!got) {
                m_doneCv.notify_all();
                continue;
            }
            try {
                m_parse(worker, s->in, s->out);
            } catch (const std::exception& e) {
                // Out of memory, most likely: an error like any other, not std::terminate on this thread.
                Error err;
                err.message = std::string("parsing stopped: ") + e.what();
                err.hint = "Close other programs or import a smaller file; nothing was imported";
                s->out.error = std::move(err);
            }
            {
                std::lock_guard lock(m_mutex);
                s->done = true;
            }
            m_doneCv.notify_all();
        }
    }

    int m_workers;
    ParseFn m_parse;
    DeliverFn m_deliver;
    BlockReader* m_reader = nullptr;
    std::optional<TextBlock> m_first;
    std::mutex m_mutex;
    std::condition_variable m_workCv, m_doneCv;
    // Under m_mutex: slots free to read into, blocks read and not yet delivered (file order), the reading state.
    std::vector<Slot*> m_free;
    std::deque<Slot*> m_inFlight;
    bool m_reading = false, m_eof = false, m_stop = false;
    std::optional<Error> m_readError;
};

} // namespace il
