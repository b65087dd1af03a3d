// SPDX-License-Identifier: GPL-3.0-or-later
// A file read front to back as text, plain or gzip-compressed: the CSV and JSON Lines readers see the same text
// either way. gzip is told by its magic bytes, whatever the file is called (AWS Data Exports and others write
// .csv.gz; a renamed copy still reads). Parquet, which those exports also offer, is recognised and refused with
// what to do instead.
#pragma once

#include "domain/Result.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace il {

class InputFile {
public:
    enum class Format : uint8_t { Plain, Gzip };

    explicit InputFile(std::string path);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    // Opens the file and looks at its first bytes. A missing file, a folder, a Parquet file or (in a build
    // without zlib) a gzip file is an Error naming the file and what to do.
    Result<void> open();
    // Up to `n` bytes of text into `dst`; 0 at the end. A damaged or cut-short gzip stream is an Error naming the
    // file and the byte offset in it where decompression failed.
    Result<size_t> read(char* dst, size_t n);

    Format format() const { return m_format; }
    const std::string& path() const { return m_path; }
    uint64_t fileSize() const { return m_fileSize; } // bytes on disk
    // Bytes of the file consumed so far (compressed bytes for gzip), so that progress compares like with like.
    uint64_t fileOffset() const;

    // The magic bytes: 1f 8b (gzip), "PAR1" (Parquet).
    static bool isGzipMagic(const unsigned char* bytes, size_t n);
    static bool isParquetMagic(const unsigned char* bytes, size_t n);

private:
    struct Gunzip;

    Error error(std::string message, std::string hint) const;

    std::string m_path;
    FILE* m_file = nullptr;
    Format m_format = Format::Plain;
    uint64_t m_fileSize = 0;
    uint64_t m_plainOffset = 0;
    std::unique_ptr<Gunzip> m_gunzip;
};

// The first `maxBytes` bytes of a file's text (decompressed when it is gzip), for telling what kind of file it is.
Result<std::string> readTextHead(const std::string& path, size_t maxBytes);

// For a reader's error at a place in the text (line > 0): when the file is gzip and its stream is damaged, the
// damage is the cause — zlib often notices it only at the checksum that ends a member, after the garbled text has
// reached the reader — so that error (with its byte offset) is returned instead. Otherwise `readError` as it is.
Error gzipDamageOr(const std::string& path, Error readError);

} // namespace il
