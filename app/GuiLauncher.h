// SPDX-License-Identifier: GPL-3.0-or-later
// Starts the dashboard: QApplication, the main window, and the app services the ui is given.
#pragma once

#include "Cli.h"

namespace il {
int launchGui(int argc, char** argv, const CliInvocation& inv);
}
