// SPDX-License-Identifier: GPL-3.0-or-later
#include "gate/GateDecisionPage.h"

#include "gate/GateInput.h"
#include "gate/GateVerdictStyle.h"
#include "gate/GateWizard.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QVBoxLayout>

namespace il::ui {

GateDecisionPage::GateDecisionPage(QWidget* parent)
    : QWizardPage(parent)
    , m_approve(new QRadioButton(tr("A&pprove"), this))
    , m_conditions(new QRadioButton(tr("Approve with &conditions"), this))
    , m_reject(new QRadioButton(tr("Re&ject"), this))
    , m_group(new QButtonGroup(this))
    , m_candidate(new QComboBox(this))
    , m_approvers(new GateInput(QStringLiteral("approversEdit"), gaterules::text(true, 400),
                                tr("Names, separated by commas"), this))
    , m_conditionsEdit(new QPlainTextEdit(this))
    , m_notes(new QPlainTextEdit(this))
    , m_hint(new QLabel(this))
{
    setTitle(tr("Decision"));
    setSubTitle(tr("Recording makes an immutable version with a content hash; a later change is recorded as a new "
                   "version that supersedes this one."));
    setButtonText(QWizard::CommitButton, tr("&Record decision"));
    setCommitPage(true); // recorded decisions cannot be taken back
    m_approve->setObjectName(QStringLiteral("approveRadio"));
    m_conditions->setObjectName(QStringLiteral("approveConditionsRadio"));
    m_reject->setObjectName(QStringLiteral("rejectRadio"));
    m_group->addButton(m_approve, int(GateDecisionKind::Approve));
    m_group->addButton(m_conditions, int(GateDecisionKind::ApproveWithConditions));
    m_group->addButton(m_reject, int(GateDecisionKind::Reject));
    m_candidate->setObjectName(QStringLiteral("chosenCandidateCombo"));
    m_conditionsEdit->setObjectName(QStringLiteral("conditionsEdit"));
    m_conditionsEdit->setPlaceholderText(
        tr("What must happen, and by when (required for an approval with conditions)"));
    m_conditionsEdit->setTabChangesFocus(true);
    m_notes->setObjectName(QStringLiteral("notesEdit"));
    m_notes->setPlaceholderText(tr("Notes (optional)"));
    m_notes->setTabChangesFocus(true);
    // A few lines each: the sheet has room for a paragraph, not an essay.
    const int lines = fontMetrics().lineSpacing();
    m_conditionsEdit->setMaximumHeight(lines * 6);
    m_notes->setMaximumHeight(lines * 6);
    m_hint->setObjectName(QStringLiteral("decisionHint"));
    m_hint->setWordWrap(true);

    auto* radios = new QHBoxLayout;
    radios->addWidget(m_approve);
    radios->addWidget(m_conditions);
    radios->addWidget(m_reject);
    radios->addStretch(1);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Decision:"), radios);
    form->addRow(tr("&Launch with:"), m_candidate);
    form->addRow(tr("&Approvers:"), m_approvers);
    form->addRow(tr("C&onditions:"), m_conditionsEdit);
    form->addRow(tr("&Notes:"), m_notes);
    if (auto* l = qobject_cast<QLabel*>(form->labelForField(m_candidate)))
        l->setBuddy(m_candidate);
    if (auto* l = qobject_cast<QLabel*>(form->labelForField(m_approvers)))
        l->setBuddy(m_approvers->edit());
    if (auto* l = qobject_cast<QLabel*>(form->labelForField(m_conditionsEdit)))
        l->setBuddy(m_conditionsEdit);
    if (auto* l = qobject_cast<QLabel*>(form->labelForField(m_notes)))
        l->setBuddy(m_notes);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addStretch(1);

    connect(m_group, &QButtonGroup::idToggled, this, [this](int, bool on) {
        if (on)
            update();
    });
    connect(m_candidate, &QComboBox::currentIndexChanged, this, &GateDecisionPage::update);
    connect(m_approvers, &GateInput::changed, this, &GateDecisionPage::update);
    connect(m_conditionsEdit, &QPlainTextEdit::textChanged, this, &GateDecisionPage::update);
    update();
}

GateDecisionPage::~GateDecisionPage() = default;

void GateDecisionPage::initializePage()
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    if (w)
        connect(w, &GateWizard::recordingFinished, this, &GateDecisionPage::recordingFinished, Qt::UniqueConnection);
    const QSignalBlocker block(m_candidate);
    m_candidate->clear();
    if (w && w->result()) {
        const GateResult& r = *w->result();
        for (size_t i = 0; i < r.candidates.size(); ++i) {
            const GateCandidateResult& c = r.candidates[i];
            m_candidate->addItem(QStringLiteral("%1%2 — %3")
                                     .arg(QString::fromStdString(c.spec.provider + "/" + c.spec.model),
                                          c.spec.batch ? tr(" (batch)") : QString(),
                                          verdictStyle(gateVerdictName(c.verdict)).label),
                                 int(i));
        }
        if (r.recommended)
            m_candidate->setCurrentIndex(int(*r.recommended));
        // Start from what the verdict allows; the person deciding changes it.
        if (!m_group->checkedButton()) {
            QRadioButton* start = r.verdict == GateVerdict::Pass ? m_approve
                : r.verdict == GateVerdict::Flagged              ? m_conditions
                                                                 : m_reject;
            start->setChecked(true);
        }
    }
    update();
}

GateDecision GateDecisionPage::decision() const
{
    GateDecision d;
    const int id = m_group->checkedId();
    d.kind = id < 0 ? GateDecisionKind::Pending : GateDecisionKind(id);
    for (const QString& a : m_approvers->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!a.trimmed().isEmpty())
            d.approvers.push_back(a.trimmed().toStdString());
    // Text left in the conditions box is not a condition of a plain approval or a rejection.
    if (d.kind == GateDecisionKind::ApproveWithConditions)
        d.conditions = m_conditionsEdit->toPlainText().trimmed().toStdString();
    d.notes = m_notes->toPlainText().trimmed().toStdString();
    if (m_candidate->currentIndex() >= 0 && d.kind != GateDecisionKind::Reject)
        d.chosenCandidate = m_candidate->currentData().toInt();
    return d;
}

void GateDecisionPage::update()
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    m_problem.clear();
    const GateDecision d = decision();
    m_conditionsEdit->setEnabled(d.kind == GateDecisionKind::ApproveWithConditions);
    m_candidate->setEnabled(d.kind != GateDecisionKind::Reject);
    if (d.kind == GateDecisionKind::Pending)
        m_problem = tr("Choose approve, approve with conditions or reject.");
    else if (w && w->result()) {
        if (auto e = validateGateDecision(d, *w->result()))
            m_problem = QString::fromStdString(e->message)
                + (e->hint.empty() ? QString()
                                   : QStringLiteral(". ") + QString::fromStdString(e->hint) + QLatin1Char('.'));
    }
    m_hint->setText(m_problem);
    m_hint->setStyleSheet(m_problem.isEmpty() ? QString() : QStringLiteral("color: #c0223b"));
    emit completeChanged();
}

bool GateDecisionPage::isComplete() const
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    return m_problem.isEmpty() && !(w && w->isRecording());
}

bool GateDecisionPage::validatePage()
{
    auto* w = qobject_cast<GateWizard*>(wizard());
    if (!w)
        return false;
    if (w->recorded())
        return true; // the recording below has finished: on to the recorded page
    if (w->isRecording())
        return false;
    // The write runs on a worker (it may wait for an import's transaction); the window stays responsive and the
    // page moves on when it is done.
    m_hint->setText(tr("Recording…"));
    m_hint->setStyleSheet(QString());
    w->startRecording(decision());
    emit completeChanged();
    return false;
}

void GateDecisionPage::recordingFinished(bool ok, const QString& problem)
{
    emit completeChanged();
    if (ok) {
        m_hint->clear();
        if (wizard() && wizard()->currentPage() == this)
            wizard()->next();
        return;
    }
    // Shown until the next edit re-validates; the button is enabled again for another try.
    m_hint->setText(problem);
    m_hint->setStyleSheet(QStringLiteral("color: #c0223b"));
}

} // namespace il::ui
