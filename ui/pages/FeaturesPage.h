// SPDX-License-Identifier: GPL-3.0-or-later
// The features page: per feature, cost and cost per unit of work beside latency and accuracy, with a name filter.
// It shows what the window loads into the model; it never queries the store itself.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;

namespace il {
class FeatureEconomicsModel;
}

namespace il::ui {

class FeatureTableProxy;
class PlaceholderTableView;

class FeaturesPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeaturesPage)
public:
    explicit FeaturesPage(FeatureEconomicsModel* model, QWidget* parent = nullptr);
    ~FeaturesPage() override;

    PlaceholderTableView* table() const { return m_table; }
    FeatureTableProxy* proxy() const { return m_proxy; }
    void focusFilter();
    // Why the table is empty when it is ("Loading…", "No requests in …").
    void setPlaceholderText(const QString& text);

    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray& state);

signals:
    // A feature's row was opened (double-click, Enter): its page should show.
    void featureActivated(const QString& feature);

private:
    void modelReset();
    void updateCount();

    FeatureEconomicsModel* m_model;
    FeatureTableProxy* m_proxy;
    QLineEdit* m_filter;
    QLabel* m_count;
    PlaceholderTableView* m_table;
};

} // namespace il::ui
