// SPDX-License-Identifier: GPL-3.0-or-later
// A table view that says why it is empty ("Loading…", "No requests in this period") instead of showing nothing.
#pragma once

#include <QTableView>

namespace il::ui {

class PlaceholderTableView final : public QTableView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaceholderTableView)
public:
    explicit PlaceholderTableView(QWidget* parent = nullptr);
    ~PlaceholderTableView() override;

    void setPlaceholderText(const QString& text);
    QString placeholderText() const { return m_placeholder; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_placeholder;
};

} // namespace il::ui
