// SPDX-License-Identifier: GPL-3.0-or-later
// Overlaps parsing with storing: the reader fills one batch while a worker thread hands the previous
// one to the sink (pricing, SQLite, rollups). Two buffers, so memory stays flat whatever the file size.
// The sink is only ever called from the worker, one batch at a time, so its SQLite connection is
// never used by two threads at once.
#pragma once

#include "domain/Result.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

namespace il {

template <typename Record>
class BatchPipeline {
public:
    using EmitFn = std::function<Result<void>(std::span<const Record>)>;
    using PrepareFn = std::function<void(std::span<Record>)>;

    // `prepare` runs on the reading thread on each full batch, while the worker stores the previous one.
    BatchPipeline(EmitFn emit, size_t batchSize, PrepareFn prepare = {})
        : m_emit(std::move(emit)), m_prepare(std::move(prepare))
    {
        m_fill.resize(batchSize);
        m_drain.resize(batchSize);
        m_worker = std::thread([this] { run(); });
    }
    ~BatchPipeline()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_cv.notify_all();
        m_worker.join();
    }
    BatchPipeline(const BatchPipeline&) = delete;
    BatchPipeline& operator=(const BatchPipeline&) = delete;

    Record& slot() { return m_fill[m_count]; }
    bool full() const { return m_count == m_fill.size(); }
    // Marks the current slot as filled; hands the batch over when it is full.
    Result<void> commitSlot()
    {
        ++m_count;
        return full() ? flush() : Result<void>();
    }
    // Waits for the worker, then gives it the filled batch. Returns the worker's first error.
    Result<void> flush()
    {
        if (m_prepare && m_count)
            m_prepare(std::span<Record>(m_fill.data(), m_count));
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [this] { return !m_busy; });
        if (m_error)
            return *m_error;
        if (m_count == 0)
            return {};
        std::swap(m_fill, m_drain);
        m_drainCount = m_count;
        m_count = 0;
        m_busy = true;
        lock.unlock();
        m_cv.notify_all();
        return {};
    }
    // Flushes the rest and waits until the sink has everything.
    Result<void> finish()
    {
        if (auto r = flush(); !r)
            return r;
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [this] { return !m_busy; });
        if (m_error)
            return *m_error;
        return {};
    }

private:
    void run()
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_cv.wait(lock, [this] { return m_busy || m_stop; });
            if (m_busy) {
                lock.unlock();
                Result<void> r = m_emit(std::span<const Record>(m_drain.data(), m_drainCount));
                lock.lock();
                if (!r && !m_error)
                    m_error = r.error();
                m_busy = false;
                m_cv.notify_all();
                continue;
            }
            if (m_stop)
                return;
        }
    }

    EmitFn m_emit;
    PrepareFn m_prepare;
    std::vector<Record> m_fill, m_drain;
    size_t m_count = 0, m_drainCount = 0;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_busy = false, m_stop = false;
    std::optional<Error> m_error;
    std::thread m_worker;
};

} // namespace il
