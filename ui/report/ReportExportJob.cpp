// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/ReportExportJob.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace il::ui {

ReportExportJob::ReportExportJob(ReportRequest request, ReportOptions options, QString path, QObject* parent)
    : QObject(parent)
    , m_request(std::move(request))
    , m_options(std::move(options))
    , m_path(std::move(path))
{
}

ReportExportJob::~ReportExportJob()
{
    // The worker owns copies of what it reads; waiting keeps shutdown (and a test's temporary store) orderly.
    const auto watchers = findChildren<QFutureWatcher<Result<ReportData>>*>(Qt::FindDirectChildrenOnly);
    for (auto* w : watchers)
        w->waitForFinished();
    if (m_writer)
        m_writer->cancel();
}

void ReportExportJob::start()
{
    if (m_running)
        return;
    m_running = true;
    m_cancelled = false;
    emit loading();
    auto* watcher = new QFutureWatcher<Result<ReportData>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        loaded(watcher->future().takeResult());
    });
    watcher->setFuture(QtConcurrent::run([request = m_request]() -> Result<ReportData> {
        return loadReportData(request); // catches everything itself: nothing crosses the event loop
    }));
}

void ReportExportJob::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    if (m_writer) {
        m_writer->cancel();
        m_writer.reset();
        finish(false, tr("The export was cancelled; no file was written."));
    }
    // While the store is being read: the result is dropped when it arrives.
}

void ReportExportJob::loaded(Result<ReportData> data)
{
    if (m_cancelled) {
        finish(false, tr("The export was cancelled; no file was written."));
        return;
    }
    if (!data) {
        finish(false, QString::fromStdString(data.error().toString()));
        return;
    }
    m_data = std::make_unique<ReportData>(std::move(*data));
    m_writer = std::make_unique<FeatureReportWriter>(*m_data, m_options);
    if (auto r = m_writer->begin(m_path); !r) {
        m_writer.reset();
        finish(false, QString::fromStdString(r.error().toString()));
        return;
    }
    emit progress(0, m_writer->pageCount());
    QTimer::singleShot(0, this, &ReportExportJob::renderStep);
}

void ReportExportJob::renderStep()
{
    if (!m_writer)
        return; // cancelled
    // One page per turn of the event loop: the progress dialog repaints and its Cancel button works.
    if (auto r = m_writer->renderNextPage(); !r) {
        m_writer->cancel();
        m_writer.reset();
        finish(false, QString::fromStdString(r.error().toString()));
        return;
    }
    emit progress(m_writer->pagesDone(), m_writer->pageCount());
    if (!m_writer)
        return; // a receiver of progress cancelled
    if (!m_writer->done()) {
        QTimer::singleShot(0, this, &ReportExportJob::renderStep);
        return;
    }
    auto r = m_writer->finish();
    m_writer.reset();
    if (!r) {
        finish(false, QString::fromStdString(r.error().toString()));
        return;
    }
    finish(true, m_path);
}

void ReportExportJob::finish(bool ok, const QString& message)
{
    if (!m_running)
        return;
    m_running = false;
    m_data.reset();
    emit finished(ok, message);
}

} // namespace il::ui
