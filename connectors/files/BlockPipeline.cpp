// SPDX-License-Identifier: GPL-3.0-or-later
#include "files/BlockPipeline.h"

#include <cstring>

namespace il {

int defaultParserThreads()
{
    const unsigned n = std::thread::hardware_concurrency();
    return int(std::clamp(n, 1u, 4u));
}

BlockReader::BlockReader(std::string path, Rows rows, size_t blockBytes)
    : m_input(std::move(path))
    , m_rows(rows)
    , m_blockBytes(std::max<size_t>(blockBytes, 4096))
{
}

Result<void> BlockReader::open()
{
    return m_input.open();
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
    out.begin = 0;
    out.bytes.resize(m_carry.size());
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
        if (size >= (size_t(256) << 20) + m_blockBytes) {
            Error e;
            e.source = m_input.path();
            e.message = "a single row is larger than 256 MiB";
            e.hint = "This does not look like a CSV or JSON Lines file; nothing was imported";
            return e;
        }
        out.bytes.resize(size + want + kBlockPadding);
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
    out.bytes.resize(size + kBlockPadding);
    std::memset(out.bytes.data() + size, 0, kBlockPadding);
    out.fileOffsetAfter = m_input.fileOffset();
    return true;
}

} // namespace il
