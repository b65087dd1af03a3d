// SPDX-License-Identifier: GPL-3.0-or-later
// A table view that says why it is empty ("Loading…", "No requests in this period") instead of showing nothing,
// and lets its figures out: Ctrl+C copies the selection as tab-separated text, "Export CSV…" writes the table.
#pragma once

#include <QTableView>

class QAction;

namespace il::ui {

class PlaceholderTableView final : public QTableView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaceholderTableView)
public:
    explicit PlaceholderTableView(QWidget* parent = nullptr);
    ~PlaceholderTableView() override;

    void setPlaceholderText(const QString& text);
    QString placeholderText() const { return m_placeholder; }
    // The file name the export dialog suggests ("features.csv").
    void setExportName(const QString& name) { m_exportName = name; }

    // The selection as TSV on the clipboard (also Ctrl+C).
    void copySelection();
    bool exportCsv(const QString& path, QString* error = nullptr) const;
    QAction* copyAction() const { return m_copy; }
    QAction* exportAction() const { return m_export; }

signals:
    void exportFailed(const QString& message);

protected:
    void paintEvent(QPaintEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void chooseFileAndExport();

    QString m_placeholder;
    QString m_exportName = QStringLiteral("table.csv");
    QAction* m_copy;
    QAction* m_export;
};

} // namespace il::ui
