// SPDX-License-Identifier: GPL-3.0-or-later
#include "files/FileMapping.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

namespace il {
namespace {

// The mappings the handler may repair. A signal handler can take no lock: slots are claimed and read atomically.
struct GuardedRange {
    std::atomic<uintptr_t> begin{0};
    std::atomic<size_t> size{0};
    std::atomic<bool> lost{false};
};
constexpr int kSlots = 32;
std::array<GuardedRange, kSlots> g_ranges;
struct sigaction g_previous {};

void onSigbus(int sig, siginfo_t* info, void* context)
{
    const auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
    for (GuardedRange& r : g_ranges) {
        const uintptr_t begin = r.begin.load(std::memory_order_acquire);
        const size_t size = r.size.load(std::memory_order_acquire);
        if (!begin || addr < begin || addr >= begin + size)
            continue;
        const auto page = uintptr_t(sysconf(_SC_PAGESIZE));
        const uintptr_t from = addr & ~(page - 1);
        // mmap is not on POSIX's async-signal-safe list, but it is a plain system call on Linux and the BSDs.
        void* zeros = ::mmap(reinterpret_cast<void*>(from), begin + size - from, PROT_READ,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (zeros != MAP_FAILED) {
            r.lost.store(true, std::memory_order_release);
            return; // the faulting read runs again and now reads zeros
        }
        break;
    }
    // Not one of ours: whatever was there before this handler.
    if (g_previous.sa_flags & SA_SIGINFO) {
        if (g_previous.sa_sigaction) {
            g_previous.sa_sigaction(sig, info, context);
            return;
        }
    } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
        g_previous.sa_handler(sig);
        return;
    }
    // The default action: restored, and the faulting access repeated on return raises it.
    ::sigaction(SIGBUS, &g_previous, nullptr);
}

void installHandlerOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction sa {};
        sa.sa_sigaction = &onSigbus;
        sa.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigemptyset(&sa.sa_mask);
        ::sigaction(SIGBUS, &sa, &g_previous);
    });
}

int claimSlot(uintptr_t begin, size_t size)
{
    for (int i = 0; i < kSlots; ++i) {
        GuardedRange& r = g_ranges[size_t(i)];
        uintptr_t expected = 0;
        if (r.begin.compare_exchange_strong(expected, begin, std::memory_order_acq_rel)) {
            r.lost.store(false, std::memory_order_relaxed);
            r.size.store(size, std::memory_order_release);
            return i;
        }
    }
    return -1;
}

} // namespace

bool FileMapping::map(const std::string& path, size_t size)
{
    if (m_data || size == 0)
        return false;
    installHandlerOnce();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED)
        return false;
    const int slot = claimSlot(reinterpret_cast<uintptr_t>(p), size);
    if (slot < 0) { // more files mapped at once than the handler knows: read this one instead
        ::munmap(p, size);
        return false;
    }
    (void)::madvise(p, size, MADV_SEQUENTIAL);
    m_data = static_cast<const char*>(p);
    m_size = size;
    m_slot = slot;
    return true;
}

FileMapping::~FileMapping()
{
    if (!m_data)
        return;
    GuardedRange& r = g_ranges[size_t(m_slot)];
    r.size.store(0, std::memory_order_release);
    r.begin.store(0, std::memory_order_release);
    ::munmap(const_cast<char*>(m_data), m_size);
}

bool FileMapping::lost() const
{
    return m_data && g_ranges[size_t(m_slot)].lost.load(std::memory_order_acquire);
}

void FileMapping::release(size_t offset, size_t length) const
{
    if (m_data && length)
        (void)::madvise(const_cast<char*>(m_data) + offset, length, MADV_DONTNEED);
}

} // namespace il
