// SPDX-License-Identifier: GPL-3.0-or-later
#include "pages/ConnectorsPage.h"

#include <QLabel>
#include <QVBoxLayout>

namespace il::ui {

ConnectorsPage::ConnectorsPage(QWidget* parent)
    : QWidget(parent)
{
    auto* title = new QLabel(tr("Connectors — coming"), this);
    title->setObjectName(QStringLiteral("connectorsTitle"));
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    f.setBold(true);
    title->setFont(f);
    auto* text = new QLabel(tr("Pulling usage and costs from provider APIs (OpenAI, Anthropic) and metrics from "
                               "Prometheus will be set up here. Until then, the command line does it:\n\n"
                               "    inferledger connector add NAME --type openai|anthropic|prometheus …\n"
                               "    inferledger connector list\n"
                               "    inferledger sync"),
                            this);
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addStretch(1);
}

ConnectorsPage::~ConnectorsPage() = default;

} // namespace il::ui
