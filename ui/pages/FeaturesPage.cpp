// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/FeaturesPage.h"

#include "item/FeatureEconomicsModel.h"
#include "pages/FeatureTableProxy.h"
#include "widgets/FigureDelegate.h"
#include "widgets/PlaceholderTableView.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QVBoxLayout>

namespace il::ui {

FeaturesPage::FeaturesPage(FeatureEconomicsModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new FeatureTableProxy(this))
    , m_filter(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_table(new PlaceholderTableView(this))
{
    auto* title = new QLabel(tr("Feature economics"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    title->setFont(titleFont);

    m_filter->setObjectName(QStringLiteral("filterEdit"));
    m_filter->setPlaceholderText(tr("Filter features (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(320);
    m_filter->setMinimumWidth(200);
    m_count->setForegroundRole(QPalette::PlaceholderText);

    auto* header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(m_count);
    header->addWidget(m_filter);

    m_proxy->setSourceModel(m_model);
    m_table->setObjectName(QStringLiteral("featureTable"));
    m_table->setExportName(QStringLiteral("inferledger-features.csv"));

    m_table->setModel(m_proxy);
    m_table->setItemDelegate(new FigureDelegate(m_table));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(FeatureEconomicsModel::Cost, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setCornerButtonEnabled(false);
    m_table->setShowGrid(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    QHeaderView* columns = m_table->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setSectionsMovable(true);
    columns->setDefaultAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // Every column sized to its widest value, names included (a cut feature name is no name); what is left
    // goes to the last column. Errors start hidden (the header's menu shows it): the table has many columns.
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setStretchLastSection(true);
    columns->setMinimumSectionSize(56);
    columns->setSectionHidden(FeatureEconomicsModel::Errors, true);
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(columns, &QHeaderView::customContextMenuRequested, this, [this, columns](const QPoint& pos) {
        QMenu menu(this);
        for (int c = 1; c < FeatureEconomicsModel::ColumnCount; ++c) {
            QAction* a = menu.addAction(m_model->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!columns->isSectionHidden(c));
            connect(a, &QAction::toggled, columns, [columns, c](bool shown) { columns->setSectionHidden(c, !shown); });
        }
        menu.exec(columns->mapToGlobal(pos));
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_table, 1);
    auto* hint = new QLabel(tr("Double-click a feature or press Enter to open its page · Ctrl+C copies the selection · "
                               "right-click to export CSV · Δ: against the previous period of the same length"),
                            this);
    hint->setForegroundRole(QPalette::PlaceholderText);
    hint->setWordWrap(true);
    QFont hintFont = hint->font();
    hintFont.setPointSizeF(hintFont.pointSizeF() * 0.9);
    hint->setFont(hintFont);
    layout->addWidget(hint);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setNameFilter(text);
        updateCount();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &FeaturesPage::modelReset);
    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        const QString key = index.data(FeatureEconomicsModel::KeyRole).toString();
        if (!key.isEmpty()) // the total row has no page
            emit featureActivated(key);
    });
    updateCount();
}

FeaturesPage::~FeaturesPage() = default;

void FeaturesPage::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void FeaturesPage::setPlaceholderText(const QString& text)
{
    m_table->setPlaceholderText(text);
}

QByteArray FeaturesPage::saveHeaderState() const
{
    return m_table->horizontalHeader()->saveState();
}

void FeaturesPage::restoreHeaderState(const QByteArray& state)
{
    if (state.isEmpty())
        return;
    QHeaderView* columns = m_table->horizontalHeader();
    columns->restoreState(state);
    // The stored state carries resize modes of an older layout; the figures must stay sized to content.
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setStretchLastSection(true);
}

void FeaturesPage::modelReset()
{
    updateCount();
}

void FeaturesPage::updateCount()
{
    const int shown = m_proxy->shownRows(), all = m_proxy->sourceRows();
    const QString features = all == 1 ? tr("1 feature") : tr("%1 features").arg(all);
    if (all == 0)
        m_count->clear();
    else if (shown == all)
        m_count->setText(features);
    else
        m_count->setText(tr("%1 of %2").arg(shown).arg(features));
}

} // namespace il::ui
