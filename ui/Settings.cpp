// SPDX-License-Identifier: GPL-3.0-or-later
#include "Settings.h"

namespace il::ui {

Settings::Settings()
{
    const QString path = qEnvironmentVariable("INFERLEDGER_SETTINGS");
    m_settings
        = path.isEmpty() ? std::make_unique<QSettings>() : std::make_unique<QSettings>(path, QSettings::IniFormat);
}

Settings::~Settings() = default;

} // namespace il::ui
