// SPDX-License-Identifier: GPL-3.0-or-later
// Add or edit a connector: type, base URL (or, for focus and otlp, the folder it reads), where the key lives,
// mapping options. Validates in place.
#pragma once

#include "domain/ConnectorConfig.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QDialogButtonBox;
class QFormLayout;

namespace il::ui {

class ConnectorDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectorDialog)
public:
    ConnectorDialog(const std::vector<std::string>& types, const std::vector<std::string>& takenNames,
                    QWidget* parent = nullptr);
    void setConfig(const ConnectorConfig& config); // edit: the name is fixed
    ConnectorConfig config() const;
    std::string keyForKeychain() const;

private:
    void validate();

    std::vector<std::string> m_taken;
    bool m_editing = false;
    QLineEdit* m_name;
    QComboBox* m_type;
    QLineEdit* m_baseUrl;
    QLineEdit* m_folder; // focus / otlp: the folder (or file) the connector reads
    QWidget* m_folderRow;
    QFormLayout* m_form;
    QComboBox* m_keyStorage;
    QLineEdit* m_keyEnv;
    QLineEdit* m_key;
    QPlainTextEdit* m_options;
    QLabel* m_hint;
    QDialogButtonBox* m_buttons;
};

} // namespace il::ui
