// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/WritebackVfs.h"

#include <sqlite3.h>

#include <mutex>

#if defined(__linux__)
#include <fcntl.h>
#include <unistd.h>
#endif

namespace il {

#if defined(__linux__)
namespace {

constexpr sqlite3_int64 kWritebackBytes = sqlite3_int64(8) << 20;

sqlite3_vfs* g_base = nullptr; // the platform's VFS, which does all the work
sqlite3_vfs g_vfs;

// Our file: the base VFS's file object follows it in the same allocation (szOsFile covers both).
struct WritebackFile {
    sqlite3_file base;
    sqlite3_file* real;
    int fd;                    // a second descriptor on the same file, for sync_file_range; -1 for other files
    sqlite3_int64 unstarted;   // bytes written since writeback was last started
};

sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<WritebackFile*>(f)->real; }

int xClose(sqlite3_file* f)
{
    auto* w = reinterpret_cast<WritebackFile*>(f);
    if (w->fd >= 0)
        ::close(w->fd);
    return w->real->pMethods->xClose(w->real);
}

int xWrite(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset)
{
    auto* w = reinterpret_cast<WritebackFile*>(f);
    const int rc = w->real->pMethods->xWrite(w->real, data, amount, offset);
    if (rc == SQLITE_OK && w->fd >= 0 && (w->unstarted += amount) >= kWritebackBytes) {
        w->unstarted = 0;
        (void)::sync_file_range(w->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    }
    return rc;
}

// Everything else goes straight to the base file.
int xRead(sqlite3_file* f, void* p, int n, sqlite3_int64 o) { return real(f)->pMethods->xRead(real(f), p, n, o); }
int xTruncate(sqlite3_file* f, sqlite3_int64 size) { return real(f)->pMethods->xTruncate(real(f), size); }
int xSync(sqlite3_file* f, int flags) { return real(f)->pMethods->xSync(real(f), flags); }
int xFileSize(sqlite3_file* f, sqlite3_int64* size) { return real(f)->pMethods->xFileSize(real(f), size); }
int xLock(sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); }
int xUnlock(sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
int xCheckReservedLock(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int xFileControl(sqlite3_file* f, int op, void* arg) { return real(f)->pMethods->xFileControl(real(f), op, arg); }
int xSectorSize(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int xDeviceCharacteristics(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int xShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** p)
{
    return real(f)->pMethods->xShmMap(real(f), region, size, extend, p);
}
int xShmLock(sqlite3_file* f, int offset, int n, int flags) { return real(f)->pMethods->xShmLock(real(f), offset, n, flags); }
void xShmBarrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int xShmUnmap(sqlite3_file* f, int deleteFlag) { return real(f)->pMethods->xShmUnmap(real(f), deleteFlag); }
int xFetch(sqlite3_file* f, sqlite3_int64 o, int n, void** p) { return real(f)->pMethods->xFetch(real(f), o, n, p); }
int xUnfetch(sqlite3_file* f, sqlite3_int64 o, void* p) { return real(f)->pMethods->xUnfetch(real(f), o, p); }

const sqlite3_io_methods kMethods = {3, xClose, xRead, xWrite, xTruncate, xSync, xFileSize, xLock, xUnlock,
                                     xCheckReservedLock, xFileControl, xSectorSize, xDeviceCharacteristics,
                                     xShmMap, xShmLock, xShmBarrier, xShmUnmap, xFetch, xUnfetch};

int xOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* outFlags)
{
    auto* w = reinterpret_cast<WritebackFile*>(f);
    w->base.pMethods = nullptr;
    w->real = reinterpret_cast<sqlite3_file*>(w + 1);
    w->fd = -1;
    w->unstarted = 0;
    const int rc = g_base->xOpen(g_base, name, w->real, flags, outFlags);
    if (rc != SQLITE_OK) {
        if (w->real->pMethods)
            w->real->pMethods->xClose(w->real);
        return rc;
    }
    // The store and its log are the big writes; journals and temporary files are only passed through.
    if (name && !(flags & SQLITE_OPEN_READONLY) && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL)))
        w->fd = ::open(name, O_RDONLY | O_CLOEXEC);
    w->base.pMethods = &kMethods;
    return SQLITE_OK;
}

} // namespace

const char* writebackVfsName()
{
    static std::once_flag once;
    std::call_once(once, [] {
        g_base = sqlite3_vfs_find(nullptr);
        if (!g_base)
            return;
        g_vfs = *g_base; // the base's methods and data (pAppData) for everything but opening files
        g_vfs.pNext = nullptr;
        g_vfs.zName = "inferledger-writeback";
        g_vfs.szOsFile = int(sizeof(WritebackFile)) + g_base->szOsFile;
        g_vfs.xOpen = &xOpen;
        if (sqlite3_vfs_register(&g_vfs, 0) != SQLITE_OK)
            g_base = nullptr;
    });
    return g_base ? g_vfs.zName : nullptr;
}
#else
const char* writebackVfsName()
{
    return nullptr;
}
#endif

} // namespace il
