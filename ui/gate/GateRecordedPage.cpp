// SPDX-License-Identifier: GPL-3.0-or-later
#include "gate/GateRecordedPage.h"

#include "domain/Time.h"
#include "gate/GateWizard.h"

#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace il::ui {

GateRecordedPage::GateRecordedPage(QWidget* parent)
    : QWizardPage(parent)
    , m_summary(new QLabel(this))
    , m_hash(new QLabel(this))
    , m_export(new QPushButton(tr("&Export sign-off PDF…"), this))
    , m_status(new QLabel(this))
{
    setTitle(tr("Recorded"));
    setSubTitle(tr("The decision is in the store. Export the sign-off sheet for the gate meeting's records."));
    setFinalPage(true);
    m_summary->setObjectName(QStringLiteral("recordedLabel"));
    m_summary->setWordWrap(true);
    m_hash->setObjectName(QStringLiteral("recordedHashLabel"));
    m_hash->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_hash->setFont(mono);
    m_export->setObjectName(QStringLiteral("exportPdfButton"));
    m_status->setObjectName(QStringLiteral("pdfStatusLabel"));
    m_status->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_hash);
    layout->addWidget(m_export, 0, Qt::AlignLeft);
    layout->addWidget(m_status);
    layout->addStretch(1);
    connect(m_export, &QPushButton::clicked, this, &GateRecordedPage::chooseAndExport);
}

GateRecordedPage::~GateRecordedPage() = default;

void GateRecordedPage::initializePage()
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    if (!w || !w->recorded())
        return;
    const GateRecord& r = *w->recorded();
    m_summary->setText(tr("The %1 gate is recorded as version %2 (%3, %4 UTC)%5. The record cannot be changed: a "
                          "new evaluation or decision becomes version %6.")
                           .arg(QString::fromStdString(r.feature))
                           .arg(r.version)
                           .arg(QString::fromStdString(gateDecisionLabel(r.decision.kind)),
                                QString::fromStdString(formatIsoTimestamp(r.recordedAtMs)),
                                r.supersedesId ? tr(", superseding version %1").arg(r.version - 1) : QString())
                           .arg(r.version + 1));
    m_hash->setText(tr("Content hash (SHA-256): %1").arg(QString::fromStdString(r.contentHash)));
}

bool GateRecordedPage::exportPdfTo(const QString& path)
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    if (!w)
        return false;
    auto r = w->exportPdf(path);
    m_status->setText(r ? tr("Sign-off sheet written to %1.").arg(QDir::toNativeSeparators(path))
                        : tr("Not written: %1").arg(QString::fromStdString(r.error().toString())));
    m_status->setStyleSheet(r ? QString() : QStringLiteral("color: #c0223b"));
    return r.ok();
}

void GateRecordedPage::chooseAndExport()
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    const QString suggested = w && w->recorded() ? QStringLiteral("gate-%1-v%2.pdf")
                                                       .arg(QString::fromStdString(w->recorded()->feature))
                                                       .arg(w->recorded()->version)
                                                 : QStringLiteral("gate.pdf");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export sign-off PDF"), QDir::home().filePath(suggested),
                                                      tr("PDF (*.pdf)"));
    if (!path.isEmpty())
        exportPdfTo(path);
}

} // namespace il::ui
