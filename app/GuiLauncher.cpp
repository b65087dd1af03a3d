// SPDX-License-Identifier: GPL-3.0-or-later
#include "GuiLauncher.h"

#include "GuiConnectorServices.h"
#include "MainWindow.h"
#include "Workflows.h"

#include <QApplication>
#include <QIcon>
#include <QMessageBox>

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
    // Open once read-write so the schema is current before the window's read-only connections.
    {
        auto store = openStore(dbPath);
        if (!store) {
            QMessageBox::critical(nullptr, QStringLiteral("InferLedger"),
                                  QString::fromStdString(store.error().toString()));
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
        const bool outcomes = r->kind == FileKind::Outcomes;
        return std::to_string(outcomes ? r->stats.outcomesAdded : r->stats.requestsAdded) + " rows added, "
            + std::to_string(outcomes ? r->stats.outcomesDuplicate : r->stats.requestsDuplicate) + " already stored";
    };
    services.connectors = std::make_shared<GuiConnectorServices>(dbPath);
    ui::MainWindow window(services);
    window.show();
    for (const QString& f : inv.files)
        window.importFiles({f});
    return app.exec();
}

} // namespace il
