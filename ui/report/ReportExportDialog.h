// SPDX-License-Identifier: GPL-3.0-or-later
// File → Export report…: the dialog that asks for the PDF file and the page size, and the job that reads the
// store on a worker thread and then renders the report page by page on the GUI thread, so that a progress
// dialog can move (and cancel) between pages. showExportReportDialog (FeatureReport.h) puts them together.
#pragma once

#include "report/FeatureReport.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;

namespace il::ui {

class ReportExportDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReportExportDialog)
public:
    // `suggestedPath`: the file offered first (a name in the user's documents folder).
    ReportExportDialog(const QString& suggestedPath, const QString& periodText, QWidget* parent = nullptr);
    ~ReportExportDialog() override;

    QString path() const;
    ReportPageSize pageSize() const;
    void setPath(const QString& path);
    void setPageSize(ReportPageSize size);

    void accept() override; // refuses a path that cannot be written, saying why

private:
    void browse();

    QLineEdit* m_path = nullptr;
    QComboBox* m_pageSize = nullptr;
    QLabel* m_error = nullptr;
};

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
