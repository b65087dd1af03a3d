// SPDX-License-Identifier: GPL-3.0-or-later
#include "files/BlockPipeline.h"

#include <cstring>

namespace il {

int parserThreads(int requested)
{
    if (requested > 0)
        return requested;
    const unsigned n = std::thread::hardware_concurrency();
    return int(std::clamp(n, 1u, 4u));
}

BlockReader::BlockReader(std::string path, Rows rows, size_t blockBytes, bool mayMap)
    : m_input(std::move(path))
    , m_rows(rows)
    , m_blockBytes(std::max<size_t>(blockBytes, 1))
    , m_mayMap(mayMap)
{
}

BlockReader::~BlockReader() = default;

Result<void> BlockReader::open()
{
    if (auto r = m_input.open(); !r)
        return r;
    if (!m_mayMap || m_input.format() != InputFile::Format::Plain || m_input.fileSize() == 0)
        return {};
    // A plain file is mapped when it may be: its blocks are parsed in place by the workers, with no copy on this
    // thread (the reading thread is also the one that stores, the import's bottleneck). When it cannot be
    // mapped, it is read.
    (void)m_mapping.map(m_input.path(), size_t(m_input.fileSize()));
    return {};
}

std::optional<Error> BlockReader::changedError() const
{
    if (!m_mapping.lost())
        return std::nullopt;
    Error e;
    e.source = m_input.path();
    e.message = "the file became shorter while it was being imported (another program truncated or rewrote it)";
    e.hint = "Import it again once it is complete; nothing was imported";
    return e;
}

Result<bool> BlockReader::openFirst(TextBlock& first)
{
    if (auto r = open(); !r)
        return r.error();
    return next(first);
}

void BlockReader::release(const TextBlock& block)
{
    if (!m_mapping.data() || !block.mapped)
        return;
    constexpr size_t kStep = size_t(16) << 20;
    const size_t upTo = size_t(block.mapped - m_mapping.data() + std::ptrdiff_t(block.size)) & ~(size_t(4096) - 1);
    if (upTo >= m_released + kStep) {
        m_mapping.release(m_released, upTo - m_released);
        m_released = upTo;
    }
}

Error BlockReader::rowTooLarge() const
{
    Error e;
    e.source = m_input.path();
    e.message = "a single row is larger than 256 MiB";
    e.hint = "This does not look like a CSV or JSON Lines file (a quote left open?); nothing was imported";
    return e;
}

Result<bool> BlockReader::nextMapped(TextBlock& out)
{
    if (m_mapPos >= m_mapping.size())
        return false;
    out.begin = 0;
    const char* start = m_mapping.data() + m_mapPos;
    const size_t left = m_mapping.size() - m_mapPos;
    size_t size = left;
    for (size_t want = m_blockBytes; want < left; want *= 2) {
        if (const size_t cut = cutPoint(start, want)) {
            size = cut;
            break;
        }
        if (want >= (size_t(256) << 20) + m_blockBytes) // as for a file that is read (next())
            return rowTooLarge();
    }
    m_mapPos += size;
    out.fileOffsetAfter = m_mapPos;
    if (m_mapping.size() - m_mapPos >= kBlockPadding) {
        out.mapped = start;
        out.size = size;
        return true;
    }
    // The last block: too near the end of the mapping for the padding, so copied.
    out.mapped = nullptr;
    if (out.bytes.size() < size + kBlockPadding)
        out.bytes.resize(size + kBlockPadding);
    std::memcpy(out.bytes.data(), start, size);
    std::memset(out.bytes.data() + size, 0, kBlockPadding);
    out.size = size;
    return true;
}

size_t BlockReader::cutPoint(const char* p, size_t n) const
{
    const char* nl = static_cast<const char*>(memrchr(p, '\n', n));
    if (!nl)
        return 0;
    if (m_rows == Rows::Lines)
        return size_t(nl - p) + 1;
    // CSV: the block starts outside quotes. With an even number of quotes in it and none after the last
    // newline, that newline is outside quotes too (the usual case, told with two fast scans).
    const char* lastQuote = static_cast<const char*>(memrchr(p, '"', n));
    if (!lastQuote)
        return size_t(nl - p) + 1;
    if (lastQuote < nl && std::count(p, p + n, '"') % 2 == 0)
        return size_t(nl - p) + 1;
    // Otherwise walk the quotes: the last newline seen outside them.
    bool quoted = false;
    size_t cut = 0;
    for (size_t i = 0; i < n; ++i) {
        const char c = p[i];
        if (c == '"')
            quoted = !quoted; // "" inside a quoted field flips twice
        else if (c == '\n' && !quoted)
            cut = i + 1;
    }
    return cut;
}

Result<bool> BlockReader::next(TextBlock& out)
{
    if (m_mapping.data())
        return nextMapped(out);
    out.mapped = nullptr;
    // The buffer only grows (a resize that shrinks and grows again would zero-fill megabytes every block).
    auto reserveBytes = [&out](size_t n) {
        if (out.bytes.size() < n)
            out.bytes.resize(n);
    };
    out.begin = 0;
    reserveBytes(m_carry.size() + kBlockPadding);
    std::memcpy(out.bytes.data(), m_carry.data(), m_carry.size());
    size_t size = m_carry.size();
    m_carry.clear();
    size_t scanned = 0; // bytes already known to hold no row boundary
    for (;;) {
        if (m_eof) {
            if (size == 0)
                return false;
            break;
        }
        const size_t want = std::max(m_blockBytes, size); // doubles while one row is longer than a block
        if (size >= (size_t(256) << 20) + m_blockBytes)
            return rowTooLarge();
        reserveBytes(size + want + kBlockPadding);
        size_t filled = 0;
        while (filled < want) {
            auto got = m_input.read(out.bytes.data() + size + filled, want - filled);
            if (!got)
                return got.error();
            if (*got == 0) {
                m_eof = true;
                break;
            }
            filled += *got;
        }
        size += filled;
        if (m_eof)
            break;
        const size_t cut = m_rows == Rows::Csv ? cutPoint(out.bytes.data(), size)
                                                : cutPoint(out.bytes.data() + scanned, size - scanned);
        if (cut) {
            const size_t at = m_rows == Rows::Csv ? cut : scanned + cut;
            m_carry.assign(out.bytes.data() + at, out.bytes.data() + size);
            size = at;
            break;
        }
        scanned = size;
    }
    out.size = size;
    std::memset(out.bytes.data() + size, 0, kBlockPadding);
    out.fileOffsetAfter = m_input.fileOffset();
    return true;
}

} // namespace il
