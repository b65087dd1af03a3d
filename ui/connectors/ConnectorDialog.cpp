// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConnectorDialog.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QUrl>
#include <QVBoxLayout>

namespace il::ui {

ConnectorDialog::ConnectorDialog(const std::vector<std::string>& types, const std::vector<std::string>& takenNames,
                                 QWidget* parent)
    : QDialog(parent), m_taken(takenNames)
{
    setWindowTitle(tr("Connector"));
    auto* form = new QFormLayout;
    m_form = form;
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("connectorName"));
    m_name->setPlaceholderText(tr("e.g. openai-prod"));
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("connectorType"));
    for (const std::string& t : types)
        m_type->addItem(QString::fromStdString(t));
    m_baseUrl = new QLineEdit(this);
    m_baseUrl->setObjectName(QStringLiteral("connectorBaseUrl"));
    m_baseUrl->setPlaceholderText(tr("default for the type"));
    m_folderRow = new QWidget(this);
    m_folder = new QLineEdit(m_folderRow);
    m_folder->setObjectName(QStringLiteral("connectorFolder"));
    m_folder->setPlaceholderText(tr("the folder the exports are written to"));
    auto* browse = new QPushButton(tr("&Browse…"), m_folderRow);
    browse->setObjectName(QStringLiteral("connectorBrowse"));
    m_folderRow->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    auto* folderLayout = new QHBoxLayout(m_folderRow);
    folderLayout->setContentsMargins(0, 0, 0, 0);
    folderLayout->addWidget(m_folder, 1);
    folderLayout->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder of exports"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(QDir::toNativeSeparators(dir));
    });
    m_keyStorage = new QComboBox(this);
    m_keyStorage->setObjectName(QStringLiteral("connectorKeyStorage"));
    m_keyStorage->addItem(tr("Environment variable"), QStringLiteral("env"));
    m_keyStorage->addItem(tr("OS keychain"), QStringLiteral("keychain"));
    m_keyStorage->addItem(tr("No key"), QStringLiteral("none"));
    m_keyEnv = new QLineEdit(this);
    m_keyEnv->setObjectName(QStringLiteral("connectorKeyEnv"));
    m_keyEnv->setPlaceholderText(QStringLiteral("OPENAI_ADMIN_KEY"));
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("connectorKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("admin API key (kept in the keychain, never in the store)"));
    m_options = new QPlainTextEdit(this);
    m_options->setObjectName(QStringLiteral("connectorOptions"));
    m_options->setPlaceholderText(tr("one KEY=VALUE per line, e.g.\nproject.proj_abc=support-assistant\nbucket_width=1h"));
    m_options->setMaximumHeight(110);
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("&Type"), m_type);
    form->addRow(tr("&Base URL"), m_baseUrl);
    form->addRow(tr("&Folder"), m_folderRow);
    form->addRow(tr("&Key"), m_keyStorage);
    form->addRow(tr("Variable"), m_keyEnv);
    form->addRow(tr("Admin key"), m_key);
    form->addRow(tr("&Options"), m_options);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("connectorHint"));
    m_hint->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit* e : {m_name, m_baseUrl, m_folder, m_keyEnv, m_key})
        connect(e, &QLineEdit::textChanged, this, &ConnectorDialog::validate);
    connect(m_options, &QPlainTextEdit::textChanged, this, &ConnectorDialog::validate);
    connect(m_keyStorage, &QComboBox::currentIndexChanged, this, &ConnectorDialog::validate);
    connect(m_type, &QComboBox::currentIndexChanged, this, &ConnectorDialog::validate);
    validate();
}

void ConnectorDialog::setConfig(const ConnectorConfig& c)
{
    m_editing = true;
    m_name->setText(QString::fromStdString(c.name));
    m_name->setReadOnly(true);
    m_type->setCurrentText(QString::fromStdString(c.type));
    m_type->setEnabled(false); // another type is another connector: remove this one and add that
    m_baseUrl->setText(QString::fromStdString(c.baseUrl));
    m_keyStorage->setCurrentIndex(m_keyStorage->findData(QString::fromUtf8(keyStorageName(c.keyStorage))));
    m_keyEnv->setText(QString::fromStdString(c.keyEnv));
    QStringList lines;
    for (const auto& [k, v] : c.options) {
        if (readsFiles(c.type) && k == "path")
            m_folder->setText(QString::fromStdString(v));
        else
            lines << QString::fromStdString(k + "=" + v);
    }
    m_options->setPlainText(lines.join(QLatin1Char('\n')));
    validate();
}

ConnectorConfig ConnectorDialog::config() const
{
    ConnectorConfig c;
    c.name = m_name->text().trimmed().toStdString();
    c.type = m_type->currentText().toStdString();
    c.baseUrl = m_baseUrl->text().trimmed().toStdString();
    c.keyStorage = parseKeyStorage(m_keyStorage->currentData().toString().toStdString()).value_or(KeyStorage::Env);
    c.keyEnv = c.keyStorage == KeyStorage::Env ? m_keyEnv->text().trimmed().toStdString() : std::string();
    const QStringList lines = m_options->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString& l : lines) {
        const qsizetype eq = l.indexOf(QLatin1Char('='));
        if (eq > 0)
            c.options[l.left(eq).trimmed().toStdString()] = l.mid(eq + 1).trimmed().toStdString();
    }
    if (readsFiles(c.type)) {
        c.baseUrl.clear();
        c.keyStorage = KeyStorage::None;
        c.keyEnv.clear();
        c.options["path"] = QDir::fromNativeSeparators(m_folder->text().trimmed()).toStdString();
    }
    return c;
}

std::string ConnectorDialog::keyForKeychain() const
{
    return m_keyStorage->currentData().toString() == QStringLiteral("keychain") ? m_key->text().toStdString() : std::string();
}

void ConnectorDialog::validate()
{
    // A folder connector has a folder instead of a server and a key.
    const bool files = readsFiles(m_type->currentText().toStdString());
    m_form->setRowVisible(m_baseUrl, !files);
    m_form->setRowVisible(m_keyStorage, !files);
    m_form->setRowVisible(m_keyEnv, !files);
    m_form->setRowVisible(m_key, !files);
    if (m_form->isRowVisible(m_folderRow) != files) {
        m_form->setRowVisible(m_folderRow, files);
        adjustSize(); // the rows shown changed: no gaps left where hidden rows were
    }
    m_options->setPlaceholderText(
        !files ? tr("one KEY=VALUE per line, e.g.\nproject.proj_abc=support-assistant\nbucket_width=1h")
        : m_type->currentText() == QStringLiteral("focus")
            ? tr("optional: tag_key=feature (the Tags key naming the feature)")
            : tr("optional: feature_key=app.feature, eval_key=…, cache_key=…"));
    const QString storage = files ? QStringLiteral("none") : m_keyStorage->currentData().toString();
    m_keyEnv->setEnabled(storage == QStringLiteral("env"));
    m_key->setEnabled(storage == QStringLiteral("keychain"));
    QString problem;
    const QString name = m_name->text().trimmed();
    static const QRegularExpression kName(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    static const QRegularExpression kEnv(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (name.isEmpty())
        problem = tr("Give the connector a name, such as openai-prod.");
    else if (!kName.match(name).hasMatch())
        problem = tr("The name may use letters, digits, dots, dashes and underscores.");
    else if (!m_editing && std::find(m_taken.begin(), m_taken.end(), name.toStdString()) != m_taken.end())
        problem = tr("A connector named %1 exists already.").arg(name);
    else if (!files && !m_baseUrl->text().trimmed().isEmpty()) {
        const QUrl url(m_baseUrl->text().trimmed(), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QStringLiteral("https") && url.scheme() != QStringLiteral("http"))
            || url.host().isEmpty())
            problem = tr("The base URL must look like https://api.example.com.");
    }
    if (problem.isEmpty() && files) {
        const QFileInfo folder(m_folder->text().trimmed());
        if (m_folder->text().trimmed().isEmpty())
            problem = tr("Choose the folder the %1 files are written to.")
                          .arg(m_type->currentText() == QStringLiteral("focus") ? tr("FOCUS export") : tr("OTLP"));
        else if (!folder.exists())
            problem = tr("%1 does not exist.").arg(m_folder->text().trimmed());
    }
    if (problem.isEmpty() && storage == QStringLiteral("env") && !kEnv.match(m_keyEnv->text().trimmed()).hasMatch())
        problem = tr("Name the environment variable that holds the admin key, e.g. OPENAI_ADMIN_KEY (its value is never stored).");
    if (problem.isEmpty() && storage == QStringLiteral("keychain") && m_key->text().isEmpty() && !m_editing)
        problem = tr("Paste the admin key; it goes to the OS keychain, never into the store.");
    if (problem.isEmpty()) {
        const QStringList lines = m_options->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString& l : lines)
            if (l.trimmed().indexOf(QLatin1Char('=')) <= 0) {
                problem = tr("Each option line needs KEY=VALUE: \"%1\"").arg(l.trimmed());
                break;
            }
    }
    m_hint->setText(problem);
    m_hint->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace il::ui
