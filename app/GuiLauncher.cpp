// SPDX-License-Identifier: GPL-3.0-or-later
#include "GuiLauncher.h"

#include "GuiConnectorServices.h"
#include "MainWindow.h"
#include "Workflows.h"

#include <QApplication>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QIcon>
#include <QMessageBox>
#include <QProgressDialog>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <limits>
#include <optional>

namespace il {

int launchGui(int argc, char** argv, const CliInvocation& inv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("InferLedger"));
    QApplication::setOrganizationName(QStringLiteral("InferLedger"));
    QApplication::setApplicationVersion(QStringLiteral(INFERLEDGER_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral(INFERLEDGER_APP_ID));
    ui::initResources();
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral(INFERLEDGER_APP_ID), QIcon(QStringLiteral(":/icons/inferledger.svg"))));

    const std::string dbPath = inv.dbPath.isEmpty() ? defaultStorePath() : inv.dbPath.toStdString();
    // Open once read-write so the schema is current before the window's read-only connections. On a worker: a
    // store written by an older InferLedger is backed up and upgraded here, which takes seconds on a large one,
    // and a window that says so beats a frozen start.
    {
        QFutureWatcher<std::optional<Error>> watcher;
        QEventLoop loop;
        QObject::connect(&watcher, &QFutureWatcher<std::optional<Error>>::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(QtConcurrent::run([dbPath]() -> std::optional<Error> {
            auto store = openStore(dbPath);
            if (!store)
                return store.error();
            return std::nullopt;
        }));
        QProgressDialog busy(QStringLiteral("Opening %1…\nA store from an older InferLedger is upgraded once; a "
                                            "backup of it is kept beside it.")
                                 .arg(QString::fromStdString(dbPath)),
                             QString(), 0, 0);
        busy.setWindowTitle(QStringLiteral("InferLedger"));
        busy.setCancelButton(nullptr);
        busy.setMinimumDuration(std::numeric_limits<int>::max()); // shown by the timer below, not by progress
        QTimer::singleShot(400, &busy, [&busy] { busy.show(); }); // only when it takes a while
        if (!watcher.isFinished())
            loop.exec();
        busy.reset();
        if (const std::optional<Error> problem = watcher.result()) {
            QMessageBox::critical(nullptr, QStringLiteral("InferLedger"), QString::fromStdString(problem->toString()));
            return 1;
        }
    }
    ui::AppServices services;
    services.storePath = dbPath;
    services.importFile = [dbPath](const std::string& path, const std::function<void(uint64_t, uint64_t)>& progress)
        -> Result<std::string> {
        auto store = openStore(dbPath);
        if (!store)
            return store.error();
        auto r = il::importFile(**store, path, FileKind::Unknown, progress);
        if (!r)
            return r.error();
        const ImportStats& st = r->stats;
        const int64_t added = st.requestsAdded + st.outcomesAdded + st.billingAdded;
        const int64_t duplicate = st.requestsDuplicate + st.outcomesDuplicate + st.billingDuplicate;
        return std::to_string(added) + " rows added, " + std::to_string(duplicate) + " already stored";
    };
    services.connectors = std::make_shared<GuiConnectorServices>(dbPath);
    ui::MainWindow window(services);
    window.show();
    for (const QString& f : inv.files)
        window.importFiles({f});
    return app.exec();
}

} // namespace il
