// SPDX-License-Identifier: GPL-3.0-or-later
// File → Export report…: the dialog that asks for the PDF file and the page size. showExportReportDialog
// (declared in FeatureReport.h, defined here) puts it together with ReportExportJob and a progress dialog.
#pragma once

#include "report/FeatureReport.h"

#include <QDialog>

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

} // namespace il::ui
