// SPDX-License-Identifier: GPL-3.0-or-later
#include "files/InputFile.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <vector>

#ifdef INFERLEDGER_HAVE_ZLIB
#include <zlib.h>
#endif

namespace il {

namespace {

    constexpr const char* kRedownload = "The file was cut short or altered on its way here; download or export it "
                                        "again. Nothing was imported";

} // namespace

#ifdef INFERLEDGER_HAVE_ZLIB
struct InputFile::Gunzip {
    z_stream z {};
    bool initialised = false;
    std::vector<unsigned char> in = std::vector<unsigned char>(size_t(1) << 18);
    uint64_t fileRead = 0; // bytes read from the file into `in`
    bool fileEof = false;
    bool memberEnded = false; // between two gzip members (or at the end)
    bool finished = false;

    ~Gunzip()
    {
        if (initialised)
            inflateEnd(&z);
    }
    uint64_t consumed() const { return fileRead - z.avail_in; }
};
#else
struct InputFile::Gunzip {
    uint64_t consumed() const { return 0; }
};
#endif

InputFile::InputFile(std::string path)
    : m_path(std::move(path))
{
}

InputFile::~InputFile()
{
    m_gunzip.reset();
    if (m_file)
        std::fclose(m_file);
}

bool InputFile::isGzipMagic(const unsigned char* bytes, size_t n)
{
    return n >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

bool InputFile::isParquetMagic(const unsigned char* bytes, size_t n)
{
    return n >= 4 && std::memcmp(bytes, "PAR1", 4) == 0;
}

Error InputFile::error(std::string message, std::string hint) const
{
    Error e = makeError(std::move(message), std::move(hint));
    e.source = m_path;
    return e;
}

uint64_t InputFile::fileOffset() const
{
    return m_gunzip ? m_gunzip->consumed() : m_plainOffset;
}

Result<void> InputFile::open()
{
    struct stat st { };
    if (::stat(m_path.c_str(), &st) != 0)
        return error(std::string("cannot open the file: ") + std::strerror(errno), "Check the path");
    if (S_ISDIR(st.st_mode))
        return error("this is a folder, not a file", "Pass the path of a file inside it");
    m_fileSize = uint64_t(st.st_size);
    m_file = std::fopen(m_path.c_str(), "rb");
    if (!m_file)
        return error(std::string("cannot open the file: ") + std::strerror(errno),
                     "Check the path and its permissions");
    unsigned char magic[4] = {};
    const size_t n = std::fread(magic, 1, sizeof magic, m_file);
    std::rewind(m_file);
    if (isParquetMagic(magic, n))
        return error("this is a Parquet file, which InferLedger does not read yet",
                     "Export the data as CSV instead: in AWS Data Exports, create the export with the file format "
                     "\"CSV (gzip)\" (its .csv.gz files are read as they are); other providers offer their FOCUS "
                     "export as CSV too");
    if (!isGzipMagic(magic, n))
        return {};
#ifdef INFERLEDGER_HAVE_ZLIB
    m_format = Format::Gzip;
    m_gunzip = std::make_unique<Gunzip>();
    // 16 + MAX_WBITS: a gzip wrapper (header, CRC-32 and length checked at the end of every member).
    if (inflateInit2(&m_gunzip->z, 16 + MAX_WBITS) != Z_OK)
        return error("cannot start decompressing the file (zlib could not be initialised)", "Try again");
    m_gunzip->initialised = true;
    return {};
#else
    return error("this file is gzip-compressed, and this build of InferLedger has no zlib to read it",
                 "Decompress it first (gunzip -k FILE) and import the file it gives");
#endif
}

Result<size_t> InputFile::read(char* dst, size_t n)
{
    if (!m_file)
        return error("the file is not open", "This is a bug; please report it");
    if (!m_gunzip) {
        const size_t got = std::fread(dst, 1, n, m_file);
        if (got == 0 && std::ferror(m_file))
            return error(std::string("cannot read the file: ") + std::strerror(errno), "Check the disk");
        m_plainOffset += got;
        return got;
    }
#ifdef INFERLEDGER_HAVE_ZLIB
    Gunzip& g = *m_gunzip;
    z_stream& z = g.z;
    z.next_out = reinterpret_cast<Bytef*>(dst);
    z.avail_out = uInt(std::min<size_t>(n, size_t(1) << 30));
    const uInt wanted = z.avail_out;
    const auto damaged = [this, &g](const std::string& what) {
        return error("the gzip stream is damaged at byte offset " + std::to_string(g.consumed()) + " (" + what + ")",
                     kRedownload);
    };
    while (z.avail_out > 0 && !g.finished) {
        if (z.avail_in == 0 && !g.fileEof) {
            const size_t got = std::fread(g.in.data(), 1, g.in.size(), m_file);
            if (got == 0) {
                if (std::ferror(m_file))
                    return error(std::string("cannot read the file: ") + std::strerror(errno), "Check the disk");
                g.fileEof = true;
            }
            g.fileRead += got;
            z.next_in = g.in.data();
            z.avail_in = uInt(got);
        }
        if (g.memberEnded) {
            if (z.avail_in == 0) {
                if (g.fileEof)
                    g.finished = true;
                continue;
            }
            // Another member follows (cat a.gz b.gz is one text); zero padding after the last is ignored, as
            // gzip(1) does; anything else was not written by a gzip tool.
            if (*z.next_in == 0) {
                ++z.next_in;
                --z.avail_in;
                continue;
            }
            if (*z.next_in != 0x1f)
                return error("unexpected data after the end of the gzip stream, at byte offset "
                                 + std::to_string(g.consumed()),
                             kRedownload);
            if (inflateReset(&z) != Z_OK)
                return damaged("cannot restart zlib");
            g.memberEnded = false;
        }
        // Called even without input left: zlib may still hold output that did not fit last time.
        const int rc = inflate(&z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            g.memberEnded = true;
        } else if (rc == Z_BUF_ERROR) {
            // No progress without more input: read more above, unless the file has no more.
            if (z.avail_in == 0 && g.fileEof)
                return error("the gzip stream ends early, at byte offset " + std::to_string(g.consumed())
                                 + ": the file is cut short",
                             kRedownload);
            if (z.avail_in != 0 && z.avail_out != 0)
                return damaged("zlib made no progress");
        } else if (rc == Z_MEM_ERROR) {
            return error("out of memory while decompressing the file", "Close other programs and try again");
        } else if (rc != Z_OK) {
            const std::string why = z.msg ? std::string(z.msg) : "zlib error " + std::to_string(rc);
            // The checks at the end of a member: the data decompressed, but is not what was compressed.
            if (why == "incorrect data check" || why == "incorrect length check")
                return error("the gzip stream is damaged: its checksum at byte offset " + std::to_string(g.consumed())
                                 + " does not match the data before it (zlib: " + why + ")",
                             kRedownload);
            return damaged(why);
        }
    }
    return size_t(wanted - z.avail_out);
#else
    return error("this build cannot decompress gzip", "Decompress the file first (gunzip -k FILE)");
#endif
}

Result<std::string> readTextHead(const std::string& path, size_t maxBytes)
{
    InputFile in(path);
    if (auto r = in.open(); !r)
        return r.error();
    std::string head(maxBytes, '\0');
    size_t have = 0;
    while (have < maxBytes) {
        auto got = in.read(head.data() + have, maxBytes - have);
        if (!got)
            return got.error();
        if (*got == 0)
            break;
        have += *got;
    }
    head.resize(have);
    return head;
}

Error gzipDamageOr(const std::string& path, Error readError)
{
    if (readError.line <= 0)
        return readError; // cancelled, or the store failed: nothing the file's integrity explains
    InputFile in(path);
    if (!in.open() || in.format() != InputFile::Format::Gzip)
        return readError;
    std::vector<char> buf(size_t(1) << 20);
    for (;;) {
        auto got = in.read(buf.data(), buf.size());
        if (!got) {
            Error damage = got.error();
            damage.hint += " (reading it stopped first at line " + std::to_string(readError.line) + ": "
                + readError.message + ")";
            return damage;
        }
        if (*got == 0)
            return readError;
    }
}

} // namespace il
