// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 8: the recorded version, its content hash, and the sign-off PDF export.
#pragma once

#include <QWizardPage>

class QLabel;
class QPushButton;

namespace il::ui {

class GateRecordedPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GateRecordedPage)
public:
    explicit GateRecordedPage(QWidget* parent = nullptr);
    ~GateRecordedPage() override;

    void initializePage() override;
    // Writes the sign-off sheet to `path` (the button asks where first).
    bool exportPdfTo(const QString& path);

private:
    void chooseAndExport();

    QLabel* m_summary;
    QLabel* m_hash;
    QPushButton* m_export;
    QLabel* m_status;
};

} // namespace il::ui
