// SPDX-License-Identifier: GPL-3.0-or-later
// The cost-gate wizard driven as a user would, offscreen, on a real SQLite store with live traffic: every
// page keeps Next disabled and shows its hint while the input is invalid, the prefill from a similar live
// feature says where its figures come from, the review shows exactly the core evaluation's figures in the
// verdict colours, the decision is recorded (and refused when the verdict does not allow it), and the
// Gates page lists versions and starts a new one. Screenshots of every page and of the PDF are saved.
#include "gate/GateCandidatesPage.h"
#include "gate/GateDecisionPage.h"
#include "gate/GateRecordedPage.h"
#include "gate/GateReviewPage.h"
#include "gate/GateVerdictStyle.h"
#include "gate/GateWizard.h"
#include "gate/GatesPage.h"

#include "analytics/GateLiveData.h"
#include "domain/Time.h"
#include "ingest/Ingestor.h"
#include "store/GateStore.h"
#include "store/Store.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace il;
using il::ui::GateWizard;

namespace {

const int64_t kToday = *parseTimestampMs("2026-07-24T12:00:00Z");

QString screenshotDir()
{
    const QString d = qEnvironmentVariable("INFERLEDGER_SCREENSHOT_DIR");
    return d.isEmpty() ? QDir::tempPath() : d;
}

void shoot(QWidget* w, const QString& name)
{
    QApplication::processEvents();
    const QString path = QDir(screenshotDir()).filePath(name + QStringLiteral(".png"));
    QVERIFY2(w->grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

// Replaces the text as a user does: select all, type over it.
void type(QLineEdit* e, const QString& text)
{
    QVERIFY(e);
    e->setFocus();
    QTest::keyClick(e, Qt::Key_A, Qt::ControlModifier);
    if (text.isEmpty())
        QTest::keyClick(e, Qt::Key_Delete);
    else
        QTest::keyClicks(e, text);
}

template <typename T> T* child(QWidget* w, const char* name)
{
    T* c = w->findChild<T*>(QString::fromUtf8(name));
    if (!c)
        qFatal("no child %s", name);
    return c;
}

// Next, or on the decision page (a commit page: recorded decisions cannot be taken back) its Record button.
QAbstractButton* forward(GateWizard& w)
{
    QAbstractButton* commit = w.button(QWizard::CommitButton);
    return commit->isVisible() ? commit : w.button(QWizard::NextButton);
}

bool nextEnabled(GateWizard& w)
{
    return forward(w)->isEnabled() && forward(w)->isVisible();
}

void next(GateWizard& w)
{
    // Pages that prefill from live data (loaded on a worker) enable Next when it arrives; a user waits too.
    QTRY_VERIFY(nextEnabled(w));
    const int before = w.currentId();
    QTest::mouseClick(forward(w), Qt::LeftButton);
    QTRY_VERIFY(w.currentId() != before);
}

// Live traffic in the 30 days before kToday: support-assistant on gpt-4o-mini, 400..1390 ms, scored 0.92.
void fillStore(const QString& path)
{
    auto s = Store::open(path.toStdString());
    QVERIFY(s);
    Store& store = **s;
    auto cat = loadGateCatalogue(store);
    QVERIFY(cat);
    std::vector<RequestRecord> reqs;
    std::vector<OutcomeEvent> outs;
    for (int i = 0; i < 200; ++i) {
        RequestRecord r;
        r.timestampMs = *parseTimestampMs("2026-07-01T08:00:00Z") + int64_t(i) * 2 * kMsPerHour;
        r.requestId = "sa-" + std::to_string(i);
        r.feature = "support-assistant";
        r.provider = "openai";
        r.model = "gpt-4o-mini";
        r.inputTokens = 2000 + (i % 5) * 100;
        r.cachedInputTokens = 800;
        r.outputTokens = 300;
        r.latencyMs = 400 + (i % 100) * 10;
        r.evalScore = 0.92;
        r.error = i % 50 == 0;
        reqs.push_back(r);
        if (i % 2 == 0) {
            OutcomeEvent o;
            o.timestampMs = r.timestampMs + 1000;
            o.feature = "support-assistant";
            o.unit = "resolved_ticket";
            o.outcomeId = r.requestId;
            outs.push_back(o);
        }
    }
    Ingestor ingest(store, *cat);
    QVERIFY(ingest.begin("tst_gatewizard", "requests"));
    QVERIFY(ingest.addRequests(reqs));
    QVERIFY(ingest.addOutcomes(outs));
    QVERIFY(ingest.commit());
}

// The issue's example spec, as the core reads it, evaluated like the wizard does (same store, same day).
GateResult coreEvaluation(const QString& storePath, const GateSpec& spec)
{
    auto s = Store::open(storePath.toStdString(), Store::Mode::ReadOnly);
    if (!s)
        qFatal("%s", s.error().toString().c_str());
    auto cat = loadGateCatalogue(**s);
    auto live = loadRecentGateLiveData(**s, *cat, kToday);
    GateEvaluationOptions opt;
    opt.todayMs = kToday;
    auto r = evaluateGate(spec, *cat, &*live, opt);
    if (!r)
        qFatal("%s", r.error().toString().c_str());
    return *r;
}

} // namespace

class TestGateWizard final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_store;

private slots:
    void initTestCase()
    {
        setNowOverrideMs(kToday);
        m_store = m_dir.filePath(QStringLiteral("gates.db"));
        fillStore(m_store);
    }

    void cleanupTestCase() { setNowOverrideMs(std::nullopt); }

    void walkThroughAsAUser()
    {
        GateWizard w(m_store.toStdString());
        QTRY_VERIFY(!w.liveDataPending()); // read in the background while the user types
        QVERIFY(w.liveData());
        w.resize(1100, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        // ---- 1. Feature ----
        QCOMPARE(w.currentId(), int(GateWizard::FeaturePage));
        QVERIFY(!nextEnabled(w)); // nothing entered
        auto* feature = child<QLineEdit>(&w, "featureEdit");
        auto* unit = child<QLineEdit>(&w, "unitEdit");
        type(feature, QStringLiteral("claims-triage"));
        QVERIFY(!nextEnabled(w)); // the unit is still missing
        type(unit, QStringLiteral("x"));
        type(unit, QString());
        QCOMPARE(child<QLabel>(&w, "unitEditHint")->text(), QStringLiteral("Required."));
        QVERIFY(child<QLabel>(&w, "unitEditHint")->isVisible());
        type(unit, QStringLiteral("claim_triaged"));
        auto* similar = child<QComboBox>(&w, "similarFeatureCombo");
        QTRY_COMPARE(similar->findText(QStringLiteral("support-assistant")), 1); // read in the background
        similar->setFocus();
        QTest::keyClick(similar, Qt::Key_Down); // pick the live feature as a user would from the keyboard
        QCOMPARE(similar->currentText(), QStringLiteral("support-assistant"));
        QVERIFY(w.prefill().has_value());
        QCOMPARE(unit->text(), QStringLiteral("claim_triaged")); // a typed answer is never overwritten
        QVERIFY(child<QLabel>(&w, "similarFeatureNote")->text().contains(QStringLiteral("200 requests")));
        shoot(&w, QStringLiteral("gate-wizard-1-feature"));
        next(w);

        // ---- 2. Volume ----
        auto* units = child<QLineEdit>(&w, "unitsPerMonthEdit");
        // Prefilled from support-assistant: 100 units in the 30-day window.
        QCOMPARE(units->text(), QStringLiteral("100"));
        type(units, QStringLiteral("20k"));
        QVERIFY(!nextEnabled(w));
        QVERIFY(child<QLabel>(&w, "unitsPerMonthEditHint")->text().contains(QStringLiteral("whole number")));
        type(units, QStringLiteral("20000"));
        auto* growth = child<QLineEdit>(&w, "growthEdit");
        type(growth, QStringLiteral("-150"));
        QVERIFY(!nextEnabled(w));
        QVERIFY(child<QLabel>(&w, "growthEditHint")->text().contains(QStringLiteral("above -100")));
        type(growth, QStringLiteral("15"));
        QVERIFY(child<QLabel>(&w, "monthsPreviewLabel")->text().contains(QStringLiteral("20000 · 23000 · 26450")));
        shoot(&w, QStringLiteral("gate-wizard-2-volume"));
        next(w);

        // ---- 3. Request profile ----
        QVERIFY(child<QLabel>(&w, "prefillNoteLabel")->text().contains(QStringLiteral("means")));
        QVERIFY(!child<QLineEdit>(&w, "inputP50Edit")->text().isEmpty()); // the mean, prefilled
        QVERIFY(child<QLineEdit>(&w, "inputP95Edit")->text().isEmpty()); // not derivable: left to the user
        QVERIFY(!nextEnabled(w));
        type(child<QLineEdit>(&w, "requestsPerUnitEdit"), QStringLiteral("1.3"));
        type(child<QLineEdit>(&w, "inputP50Edit"), QStringLiteral("1800"));
        type(child<QLineEdit>(&w, "inputP95Edit"), QStringLiteral("1200"));
        QVERIFY(!nextEnabled(w));
        QVERIFY(child<QLabel>(&w, "inputP95EditHint")->text().contains(QStringLiteral("At least the p50")));
        type(child<QLineEdit>(&w, "inputP95Edit"), QStringLiteral("4200"));
        type(child<QLineEdit>(&w, "outputP50Edit"), QStringLiteral("350"));
        type(child<QLineEdit>(&w, "outputP95Edit"), QStringLiteral("900"));
        type(child<QLineEdit>(&w, "cachedShareEdit"), QStringLiteral("140"));
        QVERIFY(!nextEnabled(w));
        QVERIFY(child<QLabel>(&w, "cachedShareEditHint")->text().contains(QStringLiteral("0 to 100")));
        type(child<QLineEdit>(&w, "cachedShareEdit"), QStringLiteral("40"));
        type(child<QLineEdit>(&w, "retryRateEdit"), QStringLiteral("5"));
        shoot(&w, QStringLiteral("gate-wizard-3-profile"));
        next(w);

        // ---- 4. Candidates ----
        QVERIFY(!nextEnabled(w));
        QVERIFY(child<QLabel>(&w, "candidatesHint")->text().contains(QStringLiteral("at least one")));
        auto* picker = child<QComboBox>(&w, "modelPicker");
        auto* add = child<QPushButton>(&w, "addCandidateButton");
        auto* table = child<QTableWidget>(&w, "candidateTable");
        type(picker->lineEdit(), QStringLiteral("openai/gpt-9"));
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(table->rowCount(), 0);
        QVERIFY(child<QLabel>(&w, "candidatesHint")->text().contains(QStringLiteral("not in the price catalogue")));
        for (const char* m : { "openai/gpt-4o-mini", "anthropic/claude-sonnet-4" }) {
            type(picker->lineEdit(), QString::fromUtf8(m));
            QTest::mouseClick(add, Qt::LeftButton);
        }
        QCOMPARE(table->rowCount(), 2);
        // The side-by-side estimate from the profile so far (1.3 × 1.05 × 426 µ$ = 581.49 µ$).
        QCOMPARE(table->item(0, il::ui::GateCandidatesPage::P50Column)->text(), QStringLiteral("$0.00058149"));
        QCOMPARE(table->item(1, il::ui::GateCandidatesPage::InputColumn)->text(), QStringLiteral("$3.00"));
        type(picker->lineEdit(), QStringLiteral("openai/gpt-4o-mini"));
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(table->rowCount(), 2); // no duplicate
        shoot(&w, QStringLiteral("gate-wizard-4-candidates"));
        next(w);

        // ---- 5. Targets (prefilled from support-assistant where empty) ----
        QVERIFY(child<QLabel>(&w, "targetsPrefillLabel")->text().contains(QStringLiteral("support-assistant")));
        QVERIFY(!child<QLineEdit>(&w, "maxCostEdit")->text().isEmpty());
        type(child<QLineEdit>(&w, "maxCostEdit"), QStringLiteral("0,02"));
        QVERIFY(!nextEnabled(w));
        QVERIFY(child<QLabel>(&w, "maxCostEditHint")->isVisible());
        type(child<QLineEdit>(&w, "maxCostEdit"), QStringLiteral("0.02"));
        type(child<QLineEdit>(&w, "budgetEdit"), QStringLiteral("2000"));
        type(child<QLineEdit>(&w, "latencyEdit"), QStringLiteral("3000"));
        type(child<QLineEdit>(&w, "accuracyEdit"), QStringLiteral("1.5"));
        QVERIFY(!nextEnabled(w));
        QVERIFY(child<QLabel>(&w, "accuracyEditHint")->text().contains(QStringLiteral("0 to 1")));
        type(child<QLineEdit>(&w, "accuracyEdit"), QStringLiteral("0.85"));
        shoot(&w, QStringLiteral("gate-wizard-5-targets"));
        next(w);

        // ---- 6. Review: the same figures as the core evaluation of the same spec ----
        QCOMPARE(w.currentId(), int(GateWizard::ReviewPage));
        QVERIFY(w.evaluatedSpec());
        nlohmann::json expectedSpec = nlohmann::json::parse(R"({"feature": "claims-triage", "unit": "claim_triaged",
            "units_per_month": 20000, "monthly_growth": 0.15, "requests_per_unit": 1.3,
            "input_tokens": {"p50": 1800, "p95": 4200}, "output_tokens": {"p50": 350, "p95": 900},
            "cached_input_share": 0.4, "retry_rate": 0.05,
            "candidates": [{"provider": "openai", "model": "gpt-4o-mini"}, {"provider": "anthropic", "model": "claude-sonnet-4"}],
            "thresholds": {"max_cost_per_unit": "0.02", "monthly_budget": "2000", "max_p95_latency_ms": 3000, "min_accuracy": 0.85},
            "evaluation_date": "2026-07-24"})");
        auto spec = gateSpecFromJson(expectedSpec, "test");
        QVERIFY(spec);
        QCOMPARE(gateSpecToJson(*w.evaluatedSpec()).dump(), gateSpecToJson(*spec).dump()); // the pages made this spec
        const GateResult core = coreEvaluation(m_store, *spec);
        auto* review = child<QTableWidget>(&w, "reviewTable");
        QCOMPARE(review->rowCount(), int(core.candidates.size()));
        using R = il::ui::GateReviewPage;
        for (int r = 0; r < review->rowCount(); ++r) {
            const GateFigures& f = core.candidates[size_t(r)].figures;
            QCOMPARE(review->item(r, R::P50Column)->text(), il::ui::gateMoney(f.costPerUnitP50));
            QCOMPARE(review->item(r, R::P95Column)->text(), il::ui::gateMoney(f.costPerUnitP95));
            QCOMPARE(review->item(r, R::Month1Column)->text(), il::ui::gateMoney(f.monthCost[0]));
            QCOMPARE(review->item(r, R::Month2Column)->text(), il::ui::gateMoney(f.monthCost[1]));
            QCOMPARE(review->item(r, R::Month3Column)->text(), il::ui::gateMoney(f.monthCost[2]));
            QCOMPARE(review->item(r, R::TotalColumn)->text(), il::ui::gateMoney(f.threeMonthCost));
            const std::string v = gateVerdictName(core.candidates[size_t(r)].verdict);
            QCOMPARE(review->item(r, R::VerdictColumn)->text(), il::ui::verdictStyle(v).label);
            QCOMPARE(review->item(r, R::VerdictColumn)->background().color(),
                     il::ui::verdictStyle(v, review->palette()).background);
        }
        // By hand: gpt-4o-mini 0.00058149 / 0.00142506, month 3 26 450 × 581.49 µ$ = 15.3804105; sonnet flagged.
        QCOMPARE(review->item(0, R::P50Column)->text(), QStringLiteral("$0.00058149"));
        QCOMPARE(review->item(0, R::Month3Column)->text(), QStringLiteral("$15.3804105"));
        QCOMPARE(review->item(1, R::VerdictColumn)->text(), QStringLiteral("Flagged"));
        // gpt-4o-mini has live traffic: latency and accuracy are known; sonnet has none: said so.
        QVERIFY(!review->item(0, R::LatencyColumn)->text().contains(QStringLiteral("unknown")));
        QCOMPARE(review->item(0, R::AccuracyColumn)->text(), QStringLiteral("0.920"));
        QCOMPARE(review->item(1, R::AccuracyColumn)->text(), QStringLiteral("unknown — not checked"));
        auto* levers = child<QTableWidget>(&w, "leversTable");
        QVERIFY(levers->rowCount() >= 3); // caching, trimming, batching, routing for the flagged sonnet
        QVERIFY(child<QLabel>(&w, "overallVerdictLabel")->text().contains(QStringLiteral("PASS")));
        shoot(&w, QStringLiteral("gate-wizard-6-review"));
        next(w);

        // ---- 7. Decision ----
        QCOMPARE(w.currentId(), int(GateWizard::DecisionPage));
        QVERIFY(child<QRadioButton>(&w, "approveRadio")->isChecked()); // the verdict passes
        QVERIFY(!nextEnabled(w)); // no approver yet
        QVERIFY(child<QLabel>(&w, "decisionHint")->text().contains(QStringLiteral("approver")));
        type(child<QLineEdit>(&w, "approversEdit"), QStringLiteral("Dana Ruiz, Sam Okafor"));
        QVERIFY(nextEnabled(w));
        // Approving the flagged candidate outright is refused in place.
        auto* chosen = child<QComboBox>(&w, "chosenCandidateCombo");
        chosen->setFocus();
        QTest::keyClick(chosen, Qt::Key_Down);
        QCOMPARE(chosen->currentIndex(), 1);
        QVERIFY(!nextEnabled(w));
        QVERIFY(child<QLabel>(&w, "decisionHint")->text().contains(QStringLiteral("flagged")));
        QTest::mouseClick(child<QRadioButton>(&w, "approveConditionsRadio"), Qt::LeftButton);
        QVERIFY(!nextEnabled(w)); // conditions are required
        child<QPlainTextEdit>(&w, "conditionsEdit")->setFocus();
        QTest::keyClicks(child<QPlainTextEdit>(&w, "conditionsEdit"), QStringLiteral("Trim the prompt by 25% first."));
        QVERIFY(nextEnabled(w));
        // Back to the plain approval of the passing gpt-4o-mini.
        QTest::keyClick(chosen, Qt::Key_Up);
        QTest::mouseClick(child<QRadioButton>(&w, "approveRadio"), Qt::LeftButton);
        QVERIFY(nextEnabled(w));
        child<QPlainTextEdit>(&w, "notesEdit")->setFocus();
        QTest::keyClicks(child<QPlainTextEdit>(&w, "notesEdit"), QStringLiteral("Pilot on 10% of claims."));
        shoot(&w, QStringLiteral("gate-wizard-7-decision"));
        QCOMPARE(forward(w)->text().remove(QLatin1Char('&')), QStringLiteral("Record decision"));
        next(w);

        // ---- 8. Recorded: in the store, immutable, hash shown ----
        QCOMPARE(w.currentId(), int(GateWizard::RecordedPage));
        QVERIFY(w.recorded());
        const GateRecord rec = *w.recorded();
        QVERIFY(child<QLabel>(&w, "recordedLabel")->text().contains(QStringLiteral("version 1")));
        QVERIFY(child<QLabel>(&w, "recordedHashLabel")->text().contains(QString::fromStdString(rec.contentHash)));
        {
            auto s = Store::open(m_store.toStdString(), Store::Mode::ReadOnly);
            QVERIFY(s);
            auto stored = GateStore(**s).latest("claims-triage");
            QVERIFY(stored && *stored);
            const GateRecord& g = **stored;
            QCOMPARE(g.contentHash, rec.contentHash);
            QCOMPARE(g.decision.kind, GateDecisionKind::Approve);
            QCOMPARE(g.decision.approvers, (std::vector<std::string> { "Dana Ruiz", "Sam Okafor" }));
            QCOMPARE(g.decision.notes, std::string("Pilot on 10% of claims."));
            QVERIFY(g.decision.conditions.empty()); // typed for the other choice, not part of a plain approval
            QCOMPARE(*g.decision.chosenCandidate, 0);
            QCOMPARE(g.result.dump(), gateResultToJson(core).dump()); // the stored result is the core's
            QVERIFY(GateStore::verify(g));
        }
        shoot(&w, QStringLiteral("gate-wizard-8-recorded"));

        // The sign-off PDF: written, 1–2 pages, its figures the JSON's; rendered to PNG to look at.
        const QString pdf = QDir(screenshotDir()).filePath(QStringLiteral("gate-signoff.pdf"));
        QVERIFY(w.recordedPage()->exportPdfTo(pdf));
        QVERIFY(child<QLabel>(&w, "pdfStatusLabel")->text().contains(QStringLiteral("written")));
        if (!QStandardPaths::findExecutable(QStringLiteral("pdftoppm")).isEmpty()) {
            QProcess p;
            p.start(QStringLiteral("pdftoppm"),
                    { QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("70"), pdf,
                      QDir(screenshotDir()).filePath(QStringLiteral("gate-signoff")) });
            QVERIFY(p.waitForFinished(60'000));
            QCOMPARE(p.exitCode(), 0);
            QVERIFY(QFileInfo::exists(QDir(screenshotDir()).filePath(QStringLiteral("gate-signoff-1.png"))));
            QVERIFY(!QFileInfo::exists(QDir(screenshotDir()).filePath(QStringLiteral("gate-signoff-3.png"))));
        }
        if (!QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty()) {
            QProcess p;
            p.start(QStringLiteral("pdftotext"), { pdf, QStringLiteral("-") });
            QVERIFY(p.waitForFinished(60'000));
            QString text = QString::fromUtf8(p.readAllStandardOutput());
            text.remove(QRegularExpression(QStringLiteral("\\s+")));
            QVERIFY(text.contains(QStringLiteral("0.00058149")));
            QVERIFY(text.contains(QStringLiteral("15.3804105")));
            QVERIFY(text.contains(QString::fromStdString(rec.contentHash)));
            QVERIFY(text.contains(QStringLiteral("DanaRuiz")));
        }
    }

    void gatesPageListsAndVersions()
    {
        il::ui::GatesPage page(m_store.toStdString());
        page.resize(1100, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_COMPARE(page.model()->rowCount(), 1); // read off the UI thread
        QCOMPARE(page.model()->item(0, il::ui::GatesPage::FeatureColumn)->text(), QStringLiteral("claims-triage"));
        QCOMPARE(page.model()->item(0, il::ui::GatesPage::DecisionColumn)->text(), QStringLiteral("Approved"));
        QCOMPARE(page.model()->item(0, il::ui::GatesPage::EstimateColumn)->text(), QStringLiteral("$0.00058149"));
        QVERIFY(child<QPushButton>(&page, "newVersionButton")->isEnabled());

        // A new version: the wizard opens filled from the recorded spec; every page is already valid.
        GateWizard* w = page.newVersion();
        QVERIFY(w);
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QCOMPARE(child<QLineEdit>(w, "featureEdit")->text(), QStringLiteral("claims-triage"));
        for (int i = 0; i < 5; ++i)
            next(*w);
        QCOMPARE(w->currentId(), int(GateWizard::ReviewPage));
        next(*w);
        type(child<QLineEdit>(w, "approversEdit"), QStringLiteral("Dana Ruiz"));
        next(*w);
        QCOMPARE(w->recorded()->version, 2);
        QTRY_COMPARE(page.model()->rowCount(), 2);
        QCOMPARE(page.model()->item(0, il::ui::GatesPage::VersionColumn)->text(), QStringLiteral("2")); // newest first
        QCOMPARE(page.model()->item(1, il::ui::GatesPage::ActualColumn)->text(), QStringLiteral("superseded"));
        w->close();
        page.view()->selectRow(0);
        QVERIFY(child<QTextBrowser>(&page, "gateDetails")->toPlainText().contains(QStringLiteral("supersedes")));
        const QString pdf = QDir(screenshotDir()).filePath(QStringLiteral("gate-signoff-v2.pdf"));
        QVERIFY(page.exportSelectedPdf(pdf));
        QVERIFY(QFileInfo(pdf).size() > 1000);
        shoot(&page, QStringLiteral("gates-page"));
    }

    void unopenableStoreIsSaid()
    {
        GateWizard w(m_dir.path().toStdString()); // a directory, not a database
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_VERIFY(child<QLabel>(&w, "storeProblemLabel")->isVisible());
        QVERIFY(!w.storeProblem().isEmpty());
        QVERIFY(!w.catalogueModels().empty()); // still priced, from the bundled catalogue
    }
};

QTEST_MAIN(TestGateWizard)
#include "tst_gatewizard.moc"
