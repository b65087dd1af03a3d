// SPDX-License-Identifier: GPL-3.0-or-later
// The report export from the GUI: ReportExportDialog refuses a path it cannot write (and says why) and adds
// ".pdf"; ReportExportJob reads the store off the GUI thread, renders page by page with progress (0 of n …
// n of n) and writes the PDF only at the end; cancelling mid-way leaves no file; a store that cannot be read
// fails with its message; showExportReportDialog end to end, driven through its dialogs.
#include "analytics/Summary.h"
#include "domain/Time.h"
#include "report/FeatureReport.h"
#include "report/ReportExportDialog.h"
#include "report/ReportExportJob.h"
#include "store/Store.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace il;
using namespace il::ui;

namespace {

int pdfPages(const QString& pdf)
{
    QProcess p;
    p.start(QStringLiteral("pdfinfo"), { pdf });
    p.waitForFinished(60'000);
    const auto m
        = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(QString::fromUtf8(p.readAllStandardOutput()));
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

void screenshot(QWidget* w, const QString& name)
{
    const QString dir = qEnvironmentVariable("INFERLEDGER_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        w->grab().save(QDir(dir).filePath(name));
}

} // namespace

class TestReportExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_db;
    SummaryFilter m_filter;

    ReportRequest request() const
    {
        ReportRequest r;
        r.storePath = m_db.toStdString();
        r.fromMs = m_filter.fromMs;
        r.toMs = m_filter.toMs;
        return r;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("demo.db"));
        QProcess p;
        p.start(QString::fromUtf8(INFERLEDGER_BINARY),
                { QStringLiteral("--db"), m_db, QStringLiteral("demo"), QStringLiteral("--scale"),
                  QStringLiteral("0.01") });
        QVERIFY(p.waitForFinished(120'000));
        QCOMPARE(p.exitCode(), 0);
        auto store = Store::open(m_db.toStdString(), Store::Mode::ReadOnly);
        QVERIFY(store.ok());
        auto range = Analytics(**store).dataRange();
        QVERIFY(range.ok() && !range->empty());
        m_filter.fromMs = floorTo(range->firstMs, kMsPerDay);
        m_filter.toMs = floorTo(range->lastMs, kMsPerDay) + kMsPerDay;
    }

    void dialogRefusesWhatItCannotWrite()
    {
        ReportExportDialog dialog(m_dir.filePath(QStringLiteral("suggested.pdf")),
                                  QStringLiteral("2026-09-02 – 2026-11-30"));
        dialog.show();
        auto* path = dialog.findChild<QLineEdit*>(QStringLiteral("reportPath"));
        auto* size = dialog.findChild<QComboBox*>(QStringLiteral("reportPageSize"));
        auto* exportButton = dialog.findChild<QPushButton*>(QStringLiteral("reportExport"));
        auto* error = dialog.findChild<QLabel*>(QStringLiteral("reportError"));
        QVERIFY(path && size && exportButton && error);
        QCOMPARE(path->text(), m_dir.filePath(QStringLiteral("suggested.pdf")));
        QCOMPARE(size->count(), 2);

        path->clear();
        QTest::keyClicks(path, m_dir.filePath(QStringLiteral("no-such-folder/report.pdf")));
        QTest::mouseClick(exportButton, Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.result() != QDialog::Accepted);
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("does not exist")), qPrintable(error->text()));
        screenshot(&dialog, QStringLiteral("report-export-dialog-error.png"));

        path->clear();
        QTest::keyClicks(path, m_dir.filePath(QStringLiteral("chosen")));
        size->setCurrentIndex(size->findText(QStringLiteral("Letter")));
        QTest::mouseClick(exportButton, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.path(), m_dir.filePath(QStringLiteral("chosen.pdf"))); // the extension is added
        QCOMPARE(dialog.pageSize(), ReportPageSize::Letter);
    }

    void jobRendersWithProgress()
    {
        const QString pdf = m_dir.filePath(QStringLiteral("job.pdf"));
        ReportExportJob job(request(), {}, pdf);
        QSignalSpy loading(&job, &ReportExportJob::loading);
        QSignalSpy progress(&job, &ReportExportJob::progress);
        QSignalSpy finished(&job, &ReportExportJob::finished);
        job.start();
        QCOMPARE(loading.count(), 1);
        QVERIFY(job.isRunning());
        QVERIFY(!QFileInfo::exists(pdf));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60'000);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QCOMPARE(finished.at(0).at(1).toString(), pdf);
        QVERIFY(progress.count() >= 3);
        const int pages = progress.at(0).at(1).toInt();
        QCOMPARE(progress.at(0).at(0).toInt(), 0);
        QCOMPARE(progress.count(), pages + 1); // 0 of n, then after each page
        for (int i = 0; i < progress.count(); ++i)
            QCOMPARE(progress.at(i).at(0).toInt(), i);
        QCOMPARE(pdfPages(pdf), pages);
        QVERIFY(!job.isRunning());
    }

    void cancelLeavesNoFile()
    {
        const QString pdf = m_dir.filePath(QStringLiteral("cancelled.pdf"));
        ReportExportJob job(request(), {}, pdf);
        QSignalSpy finished(&job, &ReportExportJob::finished);
        connect(&job, &ReportExportJob::progress, &job, [&job](int done, int) {
            if (done == 2)
                job.cancel();
        });
        job.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60'000);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(finished.at(0).at(1).toString().contains(QStringLiteral("cancelled")));
        QVERIFY(!QFileInfo::exists(pdf));
        QCOMPARE(QDir(m_dir.path()).entryList({ QStringLiteral("cancelled.pdf*") }, QDir::Files | QDir::Hidden).size(),
                 0);
    }

    void unreadableStoreFails()
    {
        ReportRequest r = request();
        r.storePath = m_dir.filePath(QStringLiteral("missing/none.db")).toStdString();
        const QString pdf = m_dir.filePath(QStringLiteral("none.pdf"));
        ReportExportJob job(r, {}, pdf);
        QSignalSpy finished(&job, &ReportExportJob::finished);
        job.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60'000);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(!finished.at(0).at(1).toString().isEmpty());
        QVERIFY(!QFileInfo::exists(pdf));
    }

    // File → Export report… as the dashboard calls it: fill the dialog, wait for the message, close it.
    void wholeFlow()
    {
        const QString pdf = m_dir.filePath(QStringLiteral("flow.pdf"));
        bool filled = false, sawDone = false;
        QTimer driver;
        driver.setInterval(20);
        connect(&driver, &QTimer::timeout, this, [&] {
            for (QWidget* w : QApplication::topLevelWidgets()) {
                if (!w->isVisible())
                    continue;
                if (!filled && w->objectName() == QStringLiteral("reportExportDialog")) {
                    auto* path = w->findChild<QLineEdit*>(QStringLiteral("reportPath"));
                    path->setText(pdf);
                    screenshot(w, QStringLiteral("report-export-dialog.png"));
                    filled = true;
                    QTest::mouseClick(w->findChild<QPushButton*>(QStringLiteral("reportExport")), Qt::LeftButton);
                    return;
                }
                if (w->objectName() == QStringLiteral("reportDone")) {
                    auto* box = qobject_cast<QMessageBox*>(w);
                    QVERIFY(box);
                    sawDone = box->text().contains(QDir::toNativeSeparators(pdf));
                    screenshot(w, QStringLiteral("report-export-done.png"));
                    box->button(QMessageBox::Close)->click();
                    return;
                }
            }
        });
        driver.start();
        QWidget parent;
        parent.resize(800, 600);
        parent.show();
        showExportReportDialog(&parent, m_db.toStdString(), m_filter);
        driver.stop();
        QVERIFY(filled);
        QVERIFY(sawDone);
        QVERIFY(QFileInfo::exists(pdf));
        QVERIFY(pdfPages(pdf) >= 10);
    }
};

QTEST_MAIN(TestReportExport)
#include "tst_reportexport.moc"
