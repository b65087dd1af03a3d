// SPDX-License-Identifier: GPL-3.0-or-later
// A streaming RFC 4180 CSV reader: reads a file in fixed chunks (memory flat in file size) and yields
// rows as string views with their line and column, for errors that point at the exact place. A gzip-compressed
// file (.csv.gz, told by its magic bytes) is decompressed as it is read (InputFile).
#pragma once

#include "domain/Result.h"
#include "files/InputFile.h"

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace il {

class CsvReader {
public:
    struct Field {
        std::string_view text;
        int column = 0;     // 1-based character column where the field starts
        bool quoted = false;
    };

    explicit CsvReader(std::string path, size_t chunkBytes = 4 << 20);
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    Result<void> open();
    // Reads rows from a block of text in memory instead of the file (BlockPipeline): the block holds whole rows
    // and must outlive the reading (it is parsed in place); lines count from 1. `fileStart`: the block begins the
    // file (a byte order mark is skipped).
    void setBlock(std::string_view text, bool fileStart);
    size_t blockPosition() const { return m_begin; } // bytes of the block consumed
    long long nextLine() const { return m_line; }    // line the next row starts on
    // Next row into `fields` (views valid until the next call). false at end or on error (see error()).
    bool next(std::vector<Field>& fields);
    const std::optional<Error>& error() const { return m_error; }
    long long line() const { return m_rowLine; } // line where the current row starts
    const std::string& path() const { return m_path; }
    // For progress against fileSize(): bytes of the file behind the rows read (compressed bytes for gzip).
    uint64_t bytesRead() const
    {
        return m_input.format() == InputFile::Format::Gzip ? m_input.fileOffset() : m_consumedBytes;
    }
    uint64_t fileSize() const { return m_input.fileSize(); } // on disk

private:
    bool fill();
    const char* text() const { return m_block ? m_block : m_buf.data(); }
    // The fast path for a row without quotes: its fields, when [p, end) holds the whole row. False, with `fields`
    // untouched or cleared, when the row has a quote or no newline yet.
    bool splitPlainRow(const char* p, const char* end, std::vector<Field>& fields, const char*& newline);
    void fail(std::string message, long long line, int column, std::string hint = {});

    std::string m_path;
    InputFile m_input;
    bool m_open = false;
    std::vector<char> m_buf;
    const char* m_block = nullptr; // setBlock's text, read in place instead of m_buf
    size_t m_begin = 0, m_end = 0;
    bool m_eof = false;
    long long m_line = 1, m_rowLine = 0;
    uint64_t m_consumedBytes = 0;
    std::string m_unescaped; // storage for quoted fields with "" escapes
    std::vector<std::pair<size_t, size_t>> m_spans;
    std::optional<Error> m_error;
    bool m_first = true;
};

} // namespace il
