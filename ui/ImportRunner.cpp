// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportRunner.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>

namespace il::ui {

ImportRunner::ImportRunner(ImportFileFn importFile, QObject* parent)
    : QObject(parent)
    , m_importFile(std::move(importFile))
{
}

ImportRunner::~ImportRunner()
{
    // The worker's progress callback posts to this object: it must be done before we go.
    m_current.waitForFinished();
}

void ImportRunner::enqueue(const QStringList& files)
{
    m_queue += files;
    if (!m_running)
        startNext();
}

void ImportRunner::startNext()
{
    if (m_queue.isEmpty()) {
        const int ok = std::exchange(m_succeeded, 0), bad = std::exchange(m_failed, 0);
        m_index = 0;
        m_running = false;
        emit finished(ok, bad);
        return;
    }
    m_running = true;
    const QString file = m_queue.takeFirst();
    ++m_index;
    emit fileStarted(file, m_index, m_index + int(m_queue.size()));
    if (!m_importFile) {
        ++m_failed;
        emit fileFinished(file, false, tr("Importing files is not available in this build."));
        startNext();
        return;
    }

    // Progress arrives often; only a change of whole percent crosses to the UI thread.
    auto lastPercent = std::make_shared<std::atomic<int>>(-1);
    auto onProgress = [this, file, lastPercent](uint64_t done, uint64_t total) {
        const int percent = total ? int(std::min<uint64_t>(100, done * 100 / total)) : 0;
        if (lastPercent->exchange(percent) == percent)
            return;
        QMetaObject::invokeMethod(
            this, [this, file, percent] { emit progress(file, percent); }, Qt::QueuedConnection);
    };
    auto work = [importFile = m_importFile, path = QFileInfo(file).absoluteFilePath().toStdString(),
                 onProgress]() -> Result<std::string> {
        try {
            return importFile(path, onProgress);
        } catch (const std::exception& e) {
            return makeError(std::string("import failed: ") + e.what());
        } catch (...) {
            return makeError("import failed: unexpected failure");
        }
    };
    auto* watcher = new QFutureWatcher<Result<std::string>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, file] {
        watcher->deleteLater();
        const Result<std::string> r = watcher->result();
        if (r) {
            ++m_succeeded;
            emit fileFinished(file, true, QString::fromStdString(*r));
        } else {
            ++m_failed;
            emit fileFinished(file, false, QString::fromStdString(r.error().toString()));
        }
        startNext();
    });
    m_current = QtConcurrent::run(std::move(work));
    watcher->setFuture(m_current);
}

} // namespace il::ui
