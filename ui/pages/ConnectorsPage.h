// SPDX-License-Identifier: GPL-3.0-or-later
// Connectors: a placeholder until the connector dialogs land (`inferledger connector add|list|test` work today).
#pragma once

#include <QWidget>

namespace il::ui {

class ConnectorsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectorsPage)
public:
    explicit ConnectorsPage(QWidget* parent = nullptr);
    ~ConnectorsPage() override;
};

} // namespace il::ui
