// SPDX-License-Identifier: GPL-3.0-or-later
#include "files/CsvReader.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace il {

CsvReader::CsvReader(std::string path, size_t chunkBytes) : m_path(path), m_input(std::move(path))
{
    m_buf.resize(chunkBytes);
}

CsvReader::~CsvReader() = default;

void CsvReader::fail(std::string message, long long line, int column, std::string hint)
{
    Error e;
    e.source = m_path;
    e.line = line;
    e.column = column;
    e.message = std::move(message);
    e.hint = hint.empty() ? "Fix the file and import it again; nothing was imported" : std::move(hint);
    m_error = e;
}

Result<void> CsvReader::open()
{
    if (auto r = m_input.open(); !r)
        return r;
    m_open = true;
    return {};
}

void CsvReader::setBlock(std::string_view text, bool fileStart)
{
    m_block = text.data();
    m_begin = 0;
    m_end = text.size();
    m_eof = true;
    m_open = true;
    m_line = 1;
    m_rowLine = 0;
    m_consumedBytes = 0;
    m_error.reset();
    m_first = fileStart;
}

bool CsvReader::fill()
{
    // Keep the unconsumed tail, read more behind it; grow if a single row is larger than the buffer.
    if (m_begin > 0) {
        std::memmove(m_buf.data(), m_buf.data() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
    }
    if (m_end == m_buf.size()) {
        if (m_buf.size() >= (size_t(256) << 20)) {
            fail("a single row is larger than 256 MiB", m_rowLine, 1, "This does not look like a CSV file");
            return false;
        }
        m_buf.resize(m_buf.size() * 2);
    }
    auto got = m_input.read(m_buf.data() + m_end, m_buf.size() - m_end);
    if (!got) {
        // A damaged gzip stream names its byte offset; a text line would mislead, as decompression runs ahead.
        m_error = got.error();
        return false;
    }
    const size_t n = *got;
    if (n == 0) {
        m_eof = true;
        return false;
    }
    if (std::memchr(m_buf.data() + m_end, '\0', n)) {
        fail("the file is not text (it contains NUL bytes)", m_line, 0,
             "Import a CSV or JSON Lines file; nothing was imported");
        return false;
    }
    m_end += n;
    return true;
}

bool CsvReader::splitPlainRow(const char* p, const char* end, std::vector<Field>& fields, const char*& newline)
{
    // One pass over the row for its commas, its newline and any quote (which sends the row to the full parser).
    const char* field = p;
    auto special = [&](const char* c) {
        if (*c == ',') {
            fields.push_back(Field{std::string_view(field, size_t(c - field)), int(field - p) + 1, false});
            field = c + 1;
            return 0;
        }
        return *c == '\n' ? 1 : -1; // -1: a quote
    };
    const char* q = p;
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), nl = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"');
    for (; end - q >= 16; q += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
        auto mask = unsigned(_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, nl)), _mm_cmpeq_epi8(v, quote))));
        while (mask) {
            const char* c = q + __builtin_ctz(mask);
            mask &= mask - 1;
            if (const int kind = special(c)) {
                newline = c;
                return kind > 0;
            }
        }
    }
#endif
    for (; q < end; ++q) {
        if (*q != ',' && *q != '\n' && *q != '"')
            continue;
        if (const int kind = special(q)) {
            newline = q;
            return kind > 0;
        }
    }
    return false;
}

bool CsvReader::next(std::vector<Field>& fields)
{
    fields.clear();
    if (m_error || !m_open)
        return false;
    for (;;) {
        // Find a complete row in [m_begin, m_end): scan, tracking quotes.
        if (m_first) {
            if (m_end - m_begin < 3 && !m_eof && fill())
                continue;
            if (m_end - m_begin >= 3 && std::memcmp(text() + m_begin, "\xEF\xBB\xBF", 3) == 0)
                m_begin += 3; // UTF-8 byte order mark
            m_first = false;
        }
        // Fast path: a complete row without quotes, split in one pass.
        {
            const char* p = text() + m_begin;
            const char* nl = nullptr;
            if (splitPlainRow(p, text() + m_end, fields, nl)) {
                const char* rowEnd = (nl > p && nl[-1] == '\r') ? nl - 1 : nl;
                const char* last = fields.empty() ? p : fields.back().text.data() + fields.back().text.size() + 1;
                fields.push_back(Field{std::string_view(last, size_t(rowEnd - last)), int(last - p) + 1, false});
                m_rowLine = m_line;
                ++m_line;
                const size_t consumed = size_t(nl - p) + 1;
                m_consumedBytes += consumed;
                m_begin += consumed;
                if (fields.size() == 1 && fields[0].text.empty()) {
                    fields.clear();
                    continue;
                }
                return true;
            }
            fields.clear();
        }
        const char* base = text();
        size_t i = m_begin;
        const size_t end = m_end;
        bool inQuotes = false;
        bool complete = false;
        m_spans.clear();
        m_unescaped.clear();
        size_t fieldStart = i;
        long long lineHere = m_line;
        long long linesInRow = 0;
        // Fast path: unquoted scan with memchr-like loop.
        size_t rowEnd = 0, nextBegin = 0;
        for (; i < end; ++i) {
            char c = base[i];
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < end && base[i + 1] == '"') {
                        ++i;
                    } else if (i + 1 == end && !m_eof) {
                        break; // need more data to decide
                    } else {
                        inQuotes = false;
                    }
                } else if (c == '\n') {
                    ++linesInRow;
                }
                continue;
            }
            if (c == '"') {
                inQuotes = true;
            } else if (c == ',') {
                m_spans.emplace_back(fieldStart, i);
                fieldStart = i + 1;
            } else if (c == '\n') {
                rowEnd = (i > fieldStart && base[i - 1] == '\r') ? i - 1 : i;
                m_spans.emplace_back(fieldStart, rowEnd);
                nextBegin = i + 1;
                complete = true;
                break;
            }
        }
        if (!complete) {
            if (!m_eof) {
                if (!fill() && m_error)
                    return false;
                // More data, or the end of the file: either way fill() may have moved the buffer, which makes
                // `base` and the offsets above stale, so scan again.
                continue;
            }
            // End of file: the last row may lack a newline.
            if (m_begin >= m_end)
                return false;
            if (inQuotes) {
                fail("a quoted field is not closed before the end of the file", lineHere, 0);
                return false;
            }
            rowEnd = (m_end > fieldStart && base[m_end - 1] == '\r') ? m_end - 1 : m_end;
            m_spans.emplace_back(fieldStart, rowEnd);
            nextBegin = m_end;
        }
        // Turn spans into fields, unquoting where needed.
        m_rowLine = lineHere;
        m_unescaped.reserve(nextBegin - m_begin);
        const size_t lineStart = m_begin;
        for (auto [a, b] : m_spans) {
            Field f;
            f.column = int(a - lineStart) + 1;
            if (a < b && base[a] == '"') {
                f.quoted = true;
                // Content between the quotes, "" → ".
                size_t j = a + 1, close = b;
                while (close > j && base[close - 1] != '"')
                    --close;
                if (close <= a + 1 || base[close - 1] != '"' || close - 1 < a + 1) {
                    fail("a quoted field is not closed", lineHere, f.column);
                    return false;
                }
                // Anything after the closing quote other than spaces is malformed.
                for (size_t t = close; t < b; ++t)
                    if (base[t] != ' ' && base[t] != '\t') {
                        fail("unexpected text after a closing quote", lineHere, int(t - lineStart) + 1);
                        return false;
                    }
                std::string_view inner(base + j, close - 1 - j);
                if (inner.find('"') == std::string_view::npos) {
                    f.text = inner;
                } else {
                    size_t start = m_unescaped.size();
                    for (size_t t = 0; t < inner.size(); ++t) {
                        m_unescaped.push_back(inner[t]);
                        if (inner[t] == '"' && t + 1 < inner.size() && inner[t + 1] == '"')
                            ++t;
                    }
                    f.text = std::string_view(m_unescaped.data() + start, m_unescaped.size() - start);
                }
            } else {
                f.text = std::string_view(base + a, b - a);
            }
            fields.push_back(f);
        }
        m_line += 1 + linesInRow;
        m_consumedBytes += nextBegin - m_begin;
        m_begin = nextBegin;
        // Skip blank lines.
        if (fields.size() == 1 && fields[0].text.empty() && !fields[0].quoted)
            continue;
        return true;
    }
}

} // namespace il
