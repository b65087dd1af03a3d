// SPDX-License-Identifier: GPL-3.0-or-later
// The store's SQLite VFS: the platform's own, with one addition. Every few MiB written to a store file or its
// write-ahead log, the kernel is asked to start writing those pages to disk (Linux sync_file_range, without
// waiting). A large import then finds little left to write when SQLite syncs the log before its checkpoint, and
// the checkpoint's copy into the store file is on its way to disk while the copy goes on, instead of all of it
// waiting for the one fdatasync at its end.
#pragma once

namespace il {

// The VFS name for sqlite3_open_v2, registered on first use; nullptr (SQLite's default) where there is no
// sync_file_range.
const char* writebackVfsName();

} // namespace il
