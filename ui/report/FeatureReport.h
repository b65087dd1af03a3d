// SPDX-License-Identifier: GPL-3.0-or-later
// The feature economics report as a PDF (QPdfWriter): a cover with the period, the price catalogue version and
// the headline figures, overview charts, the feature table, one page per feature, gate breaches and a
// methodology page. Vector charts and real text (selectable, searchable); every figure is the string the
// dashboard and `inferledger summary` show (FeatureEconomicsModel::displayText, formatMoney, formatUnitCost).
//
// Loading (loadReportData) belongs on a worker thread; rendering happens on the calling thread, page by page,
// and needs a QGuiApplication for fonts (the CLI runs one offscreen for --pdf). Nothing half-written: the file
// appears only when the last page is done (QSaveFile).
#pragma once

#include "report/ReportData.h"

#include <QString>

#include <functional>
#include <memory>
#include <string>

class QWidget;

namespace il::ui {

enum class ReportPageSize { A4, Letter };
std::optional<ReportPageSize> parseReportPageSize(const QString& text); // "a4", "letter" (any case)
QString reportPageSizeName(ReportPageSize size); // "A4", "Letter"

struct ReportOptions {
    ReportPageSize pageSize = ReportPageSize::A4;
    QString storeLabel; // the footer's "from <store>"; empty: the store path
};

// Fails with the path and the reason when the file cannot be written there (checked before the data is read).
Result<void> checkReportPath(const QString& path);

// Renders page after page so that a GUI can show progress (and stay responsive) between pages.
class FeatureReportWriter {
public:
    FeatureReportWriter(const ReportData& data, ReportOptions options);
    ~FeatureReportWriter();
    FeatureReportWriter(const FeatureReportWriter&) = delete;
    FeatureReportWriter& operator=(const FeatureReportWriter&) = delete;

    Result<void> begin(const QString& path); // opens the (temporary) file and plans the pages
    int pageCount() const;
    int pagesDone() const;
    bool done() const { return pagesDone() >= pageCount(); }
    Result<void> renderNextPage();
    Result<void> finish(); // after the last page: the PDF appears at the path
    void cancel(); // nothing is left behind

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

struct ReportStats {
    int pages = 0;
    double loadSeconds = 0, renderSeconds = 0;
    qint64 bytes = 0;
};

// progress(pagesDone, pageCount) after each page; returning false cancels (the result is an error, no file).
using ReportProgressFn = std::function<bool(int done, int total)>;
Result<ReportStats> renderFeatureReport(const ReportData& data, const QString& path, const ReportOptions& options,
                                        const ReportProgressFn& progress = {});

// File → Export report…: asks for the file and page size, reads the store on a worker while a progress dialog
// shows, renders page by page, then says where the PDF is (with an Open button). Implemented in
// ReportExportDialog.cpp.
void showExportReportDialog(QWidget* parent, const std::string& storePath, const SummaryFilter& filter);

} // namespace il::ui
