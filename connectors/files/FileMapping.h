// SPDX-License-Identifier: GPL-3.0-or-later
// A read-only mapping of a whole file that survives the file being truncated while it is mapped. Touching a
// page past a new end of file raises SIGBUS, which would kill the process; a handler installed with the first
// mapping replaces the mapping from that page on with zero pages instead and marks it lost(), so the reader
// sees NUL bytes, stops, and reports that the file changed under it. Linux and other POSIX systems only.
#pragma once

#include <cstddef>
#include <string>

namespace il {

class FileMapping {
public:
    FileMapping() = default;
    ~FileMapping();
    FileMapping(const FileMapping&) = delete;
    FileMapping& operator=(const FileMapping&) = delete;

    // Maps the first `size` bytes of `path`; false (and nothing mapped) when it cannot, so the caller reads instead.
    bool map(const std::string& path, size_t size);
    const char* data() const { return m_data; }
    size_t size() const { return m_size; }
    // The file shrank while mapped and part of the mapping now reads as zeros.
    bool lost() const;
    // Drops the process's pages of [offset, offset + length) (they stay in the page cache).
    void release(size_t offset, size_t length) const;

private:
    const char* m_data = nullptr;
    size_t m_size = 0;
    int m_slot = -1; // in the table the SIGBUS handler searches
};

} // namespace il
