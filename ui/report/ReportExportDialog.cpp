// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/ReportExportDialog.h"

#include "report/ReportExportJob.h"

#include "domain/Time.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QEventLoop>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QStandardPaths>
#include <QUrl>
#include <QVBoxLayout>

namespace il::ui {

ReportExportDialog::ReportExportDialog(const QString& suggestedPath, const QString& periodText, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Export report"));
    setObjectName(QStringLiteral("reportExportDialog"));
    auto* layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetMinimumSize); // wrapped texts keep their room
    auto* intro = new QLabel(tr("The feature economics report for %1 (UTC) as a PDF: headline figures, charts, the "
                                "feature table, a page per feature, gate breaches and the methodology.")
                                 .arg(periodText),
                             this);
    intro->setWordWrap(true);
    intro->setMinimumWidth(460);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    auto* pathRow = new QHBoxLayout;
    m_path = new QLineEdit(suggestedPath, this);
    m_path->setObjectName(QStringLiteral("reportPath"));
    m_path->setMinimumWidth(360);
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName(QStringLiteral("reportBrowse"));
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto* pathLabel = new QLabel(tr("&File:"), this);
    pathLabel->setBuddy(m_path);
    form->addRow(pathLabel, pathRow);
    m_pageSize = new QComboBox(this);
    m_pageSize->setObjectName(QStringLiteral("reportPageSize"));
    m_pageSize->addItem(tr("A4"), int(ReportPageSize::A4));
    m_pageSize->addItem(tr("Letter"), int(ReportPageSize::Letter));
    // US and Canadian readers print on Letter; everyone else on A4.
    const QLocale::Country country = QLocale().territory();
    const bool letter = QLocale().measurementSystem() == QLocale::ImperialUSSystem || country == QLocale::Canada;
    setPageSize(letter ? ReportPageSize::Letter : ReportPageSize::A4);
    auto* sizeLabel = new QLabel(tr("&Page size:"), this);
    sizeLabel->setBuddy(m_pageSize);
    form->addRow(sizeLabel, m_pageSize);
    layout->addLayout(form);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("reportError"));
    m_error->setWordWrap(true);
    m_error->setMinimumWidth(460);
    m_error->setStyleSheet(QStringLiteral("color: #a61b1b"));
    m_error->hide();
    layout->addWidget(m_error);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("reportExport"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ReportExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ReportExportDialog::reject);
    connect(browse, &QPushButton::clicked, this, &ReportExportDialog::browse);
}

ReportExportDialog::~ReportExportDialog() = default;

QString ReportExportDialog::path() const
{
    return m_path->text().trimmed();
}

ReportPageSize ReportExportDialog::pageSize() const
{
    return ReportPageSize(m_pageSize->currentData().toInt());
}

void ReportExportDialog::setPath(const QString& path)
{
    m_path->setText(path);
}

void ReportExportDialog::setPageSize(ReportPageSize size)
{
    m_pageSize->setCurrentIndex(m_pageSize->findData(int(size)));
}

void ReportExportDialog::browse()
{
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export report"), path(), tr("PDF files (*.pdf)"));
    if (!chosen.isEmpty())
        m_path->setText(chosen.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive) ? chosen
                                                                                     : chosen + QStringLiteral(".pdf"));
}

void ReportExportDialog::accept()
{
    QString p = path();
    if (!p.isEmpty() && !p.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive))
        m_path->setText(p += QStringLiteral(".pdf"));
    if (auto ok = checkReportPath(p); !ok) {
        // The path is in the field already: the message says what is wrong with it and what to do.
        const Error& e = ok.error();
        QString text = QString::fromStdString(e.hint.empty() ? e.message : e.message + ". " + e.hint + ".");
        if (!text.isEmpty())
            text[0] = text[0].toUpper();
        m_error->setText(text);
        m_error->show();
        adjustSize();
        return;
    }
    m_error->hide();
    QDialog::accept();
}

void showExportReportDialog(QWidget* parent, const std::string& storePath, const SummaryFilter& filter)
{
    const QString from = QString::fromStdString(formatIsoDate(filter.fromMs));
    const QString to = QString::fromStdString(formatIsoDate(filter.toMs - 1));
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty() || !QDir(folder).exists())
        folder = QDir::homePath();
    const QString suggested = QDir(folder).filePath(QStringLiteral("inferledger-report-%1-%2.pdf").arg(from, to));
    ReportExportDialog dialog(suggested, from + QStringLiteral(" – ") + to, parent);
    if (dialog.exec() != QDialog::Accepted)
        return;

    ReportRequest request;
    request.storePath = storePath;
    request.fromMs = filter.fromMs;
    request.toMs = filter.toMs;
    request.features = filter.features;
    request.currency = filter.currency;
    ReportOptions options;
    options.pageSize = dialog.pageSize();
    const QString path = dialog.path();

    QProgressDialog progress(ReportExportDialog::tr("Reading the store…"), ReportExportDialog::tr("Cancel"), 0, 0,
                             parent);
    progress.setObjectName(QStringLiteral("reportProgress"));
    progress.setWindowTitle(ReportExportDialog::tr("Export report"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    progress.setAutoClose(false);
    progress.setAutoReset(false);
    ReportExportJob job(request, options, path);
    QEventLoop loop;
    bool ok = false;
    QString message;
    QObject::connect(&job, &ReportExportJob::progress, &progress, [&progress](int done, int pages) {
        progress.setRange(0, pages);
        progress.setValue(done);
        progress.setLabelText(
            ReportExportDialog::tr("Rendering page %1 of %2…").arg(std::min(done + 1, pages)).arg(pages));
    });
    QObject::connect(&progress, &QProgressDialog::canceled, &job, &ReportExportJob::cancel);
    QObject::connect(&job, &ReportExportJob::finished, &loop, [&](bool success, const QString& text) {
        ok = success;
        message = text;
        loop.quit();
    });
    progress.show();
    job.start();
    if (job.isRunning())
        loop.exec();
    progress.close();

    if (!ok) {
        if (!progress.wasCanceled())
            QMessageBox::warning(parent, ReportExportDialog::tr("Export report"),
                                 ReportExportDialog::tr("The report could not be written.\n\n%1").arg(message));
        return;
    }
    QMessageBox done(QMessageBox::Information, ReportExportDialog::tr("Export report"),
                     ReportExportDialog::tr("The report is saved as\n%1").arg(QDir::toNativeSeparators(path)),
                     QMessageBox::Close, parent);
    done.setObjectName(QStringLiteral("reportDone"));
    QPushButton* open = done.addButton(ReportExportDialog::tr("Open"), QMessageBox::AcceptRole);
    done.setDefaultButton(open);
    done.exec();
    if (done.clickedButton() == open)
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
}

} // namespace il::ui
