// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI's report export: reads the store on a worker thread, then renders the report page by page on the
// GUI thread, one page per turn of the event loop, so that a progress dialog can move (and cancel) between
// pages. Nothing is written unless the last page is done.
#pragma once

#include "report/FeatureReport.h"

#include <QObject>

#include <memory>

namespace il::ui {

// Reads, then renders; emits finished exactly once (also after cancel()).
class ReportExportJob final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReportExportJob)
public:
    ReportExportJob(ReportRequest request, ReportOptions options, QString path, QObject* parent = nullptr);
    ~ReportExportJob() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    const QString& path() const { return m_path; }

signals:
    void loading(); // reading the store (no page count yet)
    void progress(int pagesDone, int pages); // after each page
    void finished(bool ok, const QString& message);

private:
    void loaded(Result<ReportData> data);
    void renderStep();
    void finish(bool ok, const QString& message);

    ReportRequest m_request;
    ReportOptions m_options;
    QString m_path;
    std::unique_ptr<ReportData> m_data;
    std::unique_ptr<FeatureReportWriter> m_writer;
    bool m_running = false, m_cancelled = false;
};

} // namespace il::ui
