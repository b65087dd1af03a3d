// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

static void initUiResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace il::ui {

void initResources()
{
    initUiResources();
}

MainWindow::MainWindow(AppServices services, QWidget* parent) : QMainWindow(parent), m_services(std::move(services))
{
    setWindowTitle(QStringLiteral("InferLedger"));
}

MainWindow::~MainWindow() = default;

void MainWindow::importFiles(const QStringList&) {}

} // namespace il::ui
