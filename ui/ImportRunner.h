// SPDX-License-Identifier: GPL-3.0-or-later
// Imports files one after another on a worker thread (the store has one writer), reporting progress.
// The ui never sees connectors: the app hands it the function that imports one file.
#pragma once

#include "domain/Result.h"

#include <QFuture>
#include <QObject>
#include <QStringList>

#include <functional>
#include <string>

namespace il::ui {

using ImportFileFn = std::function<Result<std::string>(const std::string& path,
                                                       const std::function<void(uint64_t, uint64_t)>& progress)>;

class ImportRunner final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportRunner)
public:
    explicit ImportRunner(ImportFileFn importFile, QObject* parent = nullptr);
    ~ImportRunner() override;

    bool isAvailable() const { return bool(m_importFile); }
    // Queues files behind any import in progress.
    void enqueue(const QStringList& files);
    bool isRunning() const { return m_running; }
    int queued() const { return int(m_queue.size()); }

signals:
    void fileStarted(const QString& file, int index, int count); // index is 1-based within the current run
    void progress(const QString& file, int percent);
    void fileFinished(const QString& file, bool ok, const QString& message);
    void finished(int succeeded, int failed); // the queue ran dry

private:
    void startNext();

    ImportFileFn m_importFile;
    QStringList m_queue;
    QFuture<Result<std::string>> m_current;
    bool m_running = false;
    int m_index = 0, m_succeeded = 0, m_failed = 0;
};

} // namespace il::ui
