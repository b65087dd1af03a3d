// SPDX-License-Identifier: GPL-3.0-or-later
#include "gate/GateProfilePage.h"

#include "gate/GateInput.h"
#include "gate/GateWizard.h"

#include <QCoreApplication>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

namespace il::ui {

namespace {

    // p95 must not be under p50: the rule reads the p50 field each time.
    GateInput::Rule p95Rule(const GateInput* const* p50)
    {
        const GateInput::Rule base = gaterules::whole(0, kGateMaxTokens, true,
                                                      QCoreApplication::translate("il::ui::GateProfilePage", "tokens"));
        return [base, p50](const QString& t) -> QString {
            QString problem = base(t);
            if (!problem.isEmpty() || !*p50)
                return problem;
            const auto hi = gaterules::wholeValue(t), lo = gaterules::wholeValue((*p50)->text());
            if (hi && lo && *hi < *lo)
                return QCoreApplication::translate("il::ui::GateProfilePage",
                                                   "At least the p50 (%1): the 95th percentile is "
                                                   "never below the median.")
                    .arg(*lo);
            return {};
        };
    }

} // namespace

GateProfilePage::GateProfilePage(QWidget* parent)
    : QWizardPage(parent)
    , m_requests(new GateInput(
          QStringLiteral("requestsPerUnitEdit"),
          gaterules::decimal(0, kGateMaxRequestsPerUnit, true, true, false, tr("more than 0 and at most 1000000")),
          tr("e.g. 1.3"), this))
    , m_inP50(new GateInput(QStringLiteral("inputP50Edit"), gaterules::whole(0, kGateMaxTokens, true, tr("tokens")),
                            tr("p50, e.g. 1800"), this))
    , m_inP95(nullptr)
    , m_outP50(new GateInput(QStringLiteral("outputP50Edit"), gaterules::whole(0, kGateMaxTokens, true, tr("tokens")),
                             tr("p50, e.g. 350"), this))
    , m_outP95(nullptr)
    , m_cached(new GateInput(QStringLiteral("cachedShareEdit"),
                             gaterules::decimal(0, kGateOne, false, false, true, tr("a percentage from 0 to 100")),
                             tr("% of input tokens read from the prompt cache (empty: 0)"), this))
    , m_retry(
          new GateInput(QStringLiteral("retryRateEdit"),
                        gaterules::decimal(0, kGateMaxRetryRate, false, false, true, tr("a percentage from 0 to 1000")),
                        tr("% of requests retried (empty: 0)"), this))
    , m_prefill(new QPushButton(this))
    , m_prefillNote(new QLabel(this))
{
    setTitle(tr("Request profile"));
    setSubTitle(
        tr("What one unit asks of the model: requests per unit, and per request the input tokens "
           "(including cached ones) and output tokens (including reasoning) at the median and the 95th percentile."));
    m_inP95 = new GateInput(QStringLiteral("inputP95Edit"), p95Rule(&m_inP50), tr("p95, e.g. 4200"), this);
    m_outP95 = new GateInput(QStringLiteral("outputP95Edit"), p95Rule(&m_outP50), tr("p95, e.g. 900"), this);
    m_prefill->setObjectName(QStringLiteral("prefillProfileButton"));
    m_prefill->hide();
    m_prefillNote->setObjectName(QStringLiteral("prefillNoteLabel"));
    m_prefillNote->setWordWrap(true);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Requests per unit:"), m_requests);
    auto* tokens = new QGridLayout;
    tokens->addWidget(new QLabel(tr("p50"), this), 0, 1);
    tokens->addWidget(new QLabel(tr("p95"), this), 0, 2);
    auto* inLabel = new QLabel(tr("&Input tokens per request:"), this);
    inLabel->setBuddy(m_inP50->edit());
    auto* outLabel = new QLabel(tr("&Output tokens per request:"), this);
    outLabel->setBuddy(m_outP50->edit());
    tokens->addWidget(inLabel, 1, 0);
    tokens->addWidget(m_inP50, 1, 1);
    tokens->addWidget(m_inP95, 1, 2);
    tokens->addWidget(outLabel, 2, 0);
    tokens->addWidget(m_outP50, 2, 1);
    tokens->addWidget(m_outP95, 2, 2);
    tokens->setColumnStretch(1, 1);
    tokens->setColumnStretch(2, 1);
    form->addRow(tokens);
    form->addRow(tr("&Cached share of input (%):"), m_cached);
    form->addRow(tr("Re&try rate (%):"), m_retry);
    for (GateInput* in : { m_requests, m_cached, m_retry })
        if (auto* l = qobject_cast<QLabel*>(form->labelForField(in)))
            l->setBuddy(in->edit());
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_prefill, 0, Qt::AlignLeft);
    layout->addWidget(m_prefillNote);
    layout->addStretch(1);

    for (GateInput* in : { m_requests, m_inP50, m_inP95, m_outP50, m_outP95, m_cached, m_retry })
        connect(in, &GateInput::changed, this, &QWizardPage::completeChanged);
    connect(m_inP50, &GateInput::changed, m_inP95, &GateInput::revalidate);
    connect(m_outP50, &GateInput::changed, m_outP95, &GateInput::revalidate);
    connect(m_prefill, &QPushButton::clicked, this, [this] { applyPrefill(true); });
}

GateProfilePage::~GateProfilePage() = default;

void GateProfilePage::initializePage()
{
    applyPrefill(false);
}

void GateProfilePage::applyPrefill(bool force)
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    const auto* p = w && w->prefill() ? &*w->prefill() : nullptr;
    m_prefill->setVisible(p != nullptr && p->requests > 0);
    if (!p || p->requests == 0) {
        m_prefillNote->clear();
        return;
    }
    const QString feature = QString::fromStdString(p->feature);
    m_prefill->setText(tr("Fill from %1").arg(feature));
    auto put = [&](GateInput* in, const std::optional<int64_t>& v, bool percent) {
        if (!v)
            return;
        const QString t = percent ? QString::fromStdString(formatGateDecimal(*v * 100))
                                  : QString::fromStdString(formatGateDecimal(*v));
        if (force)
            in->setText(t);
        else
            in->setTextIfEmpty(t);
    };
    put(m_requests, p->requestsPerUnit, false);
    auto whole
        = [](const std::optional<int64_t>& v) { return v ? std::optional<int64_t>(*v * kGateOne) : std::nullopt; };
    put(m_inP50, whole(p->meanInputTokens), false);
    put(m_outP50, whole(p->meanOutputTokens), false);
    put(m_cached, p->cachedInputShare, true);
    put(m_retry, p->retryRate, true);
    m_inP50->setNote(tr("%1's mean: input tokens ÷ requests.").arg(feature));
    m_outP50->setNote(tr("%1's mean: output tokens ÷ requests.").arg(feature));
    m_inP95->setNote(tr("Not derivable from the store (it keeps token sums, not percentiles)."));
    m_outP95->setNote(tr("Not derivable from the store (it keeps token sums, not percentiles)."));
    m_retry->setNote(tr("%1's error rate: failed requests ÷ requests.").arg(feature));
    m_prefillNote->setText(
        tr("Prefilled from %1 over the last %2 days. Its tokens per request are means (rollup token sums ÷ requests), "
           "used as the p50; the store keeps no token percentiles, so enter the p95 yourself.")
            .arg(feature)
            .arg(kGateLiveDays));
}

bool GateProfilePage::isComplete() const
{
    for (const GateInput* in : { m_requests, m_inP50, m_inP95, m_outP50, m_outP95, m_cached, m_retry })
        if (!in->isValid())
            return false;
    return true;
}

void GateProfilePage::contribute(nlohmann::json& spec) const
{
    auto dec = [](const GateInput* in, bool percent) -> nlohmann::json {
        if (in->isEmpty())
            return "0";
        auto v = gaterules::decimalValue(in->text(), percent);
        return v ? formatGateDecimal(*v) : in->text().toStdString();
    };
    auto whole = [](const GateInput* in) -> nlohmann::json {
        auto v = gaterules::wholeValue(in->text());
        return v ? nlohmann::json(*v) : nlohmann::json(in->text().toStdString());
    };
    spec["requests_per_unit"] = dec(m_requests, false);
    spec["input_tokens"] = { { "p50", whole(m_inP50) }, { "p95", whole(m_inP95) } };
    spec["output_tokens"] = { { "p50", whole(m_outP50) }, { "p95", whole(m_outP95) } };
    spec["cached_input_share"] = dec(m_cached, true);
    spec["retry_rate"] = dec(m_retry, true);
}

void GateProfilePage::load(const GateSpec& s)
{
    m_requests->setText(QString::fromStdString(formatGateDecimal(s.requestsPerUnit)));
    m_inP50->setText(QString::number(s.inputTokensP50));
    m_inP95->setText(QString::number(s.inputTokensP95));
    m_outP50->setText(QString::number(s.outputTokensP50));
    m_outP95->setText(QString::number(s.outputTokensP95));
    m_cached->setText(QString::fromStdString(formatGateDecimal(s.cachedInputShare * 100)));
    m_retry->setText(QString::fromStdString(formatGateDecimal(s.retryRate * 100)));
}

} // namespace il::ui
