// SPDX-License-Identifier: GPL-3.0-or-later
// The cost-gate wizard: feature and unit → volume → request profile → candidate models → targets →
// review (figures, verdicts, levers) → decision (recorded immutably in the store) → sign-off PDF.
// Each page validates in place and keeps Next disabled until it is valid. The spec the pages make is
// read by the same parser as a spec file, so the wizard and `inferledger gate evaluate` agree exactly.
#pragma once

#include "analytics/GateEvaluation.h"
#include "analytics/GateLiveData.h"
#include "store/GateStore.h"

#include <QFutureWatcher>
#include <QWizard>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace il {
class Store;
}

namespace il::ui {

class GateFeaturePage;
class GateVolumePage;
class GateProfilePage;
class GateCandidatesPage;
class GateTargetsPage;
class GateReviewPage;
class GateDecisionPage;
class GateRecordedPage;

// What the background read of the store hands back (QFuture needs a default-constructible value): the
// catalogue as stored, the live features with their prefill figures, and live latency and accuracy.
struct GateLiveLoad {
    std::optional<PriceCatalogue> catalogue;
    QStringList features;
    std::map<std::string, GatePrefill> prefills;
    std::optional<GateLiveData> data;
    std::string storeProblem; // the store could not be read at all
    std::string error;        // the live figures could not be read
};

class GateWizard final : public QWizard {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GateWizard)
public:
    enum PageId {
        FeaturePage,
        VolumePage,
        ProfilePage,
        CandidatesPage,
        TargetsPage,
        ReviewPage,
        DecisionPage,
        RecordedPage
    };
    Q_ENUM(PageId)

    explicit GateWizard(std::string storePath, QWidget* parent = nullptr);
    ~GateWizard() override;

    // Starts from a recorded gate's spec (a new version): every page is filled from it.
    void startFrom(const GateSpec& spec);

    // ---- what the pages share ----
    const PriceCatalogue& catalogue() const { return m_catalogue; }
    const std::vector<GateCatalogueModel>& catalogueModels() const { return m_models; }
    int64_t evaluationDayMs() const { return m_dayMs; }
    // Everything the store has for the wizard — the stored catalogue, the live features and their prefill
    // figures, live latency and accuracy — is read once, in the background, on a read-only connection of its
    // own; until it arrives (liveDataReady) the bundled catalogue stands in, and there are no live figures.
    const GateLiveData* liveData() const { return m_live ? &*m_live : nullptr; }
    bool liveDataPending() const { return m_livePending; }
    // Blocks until the store has been read (tests, and a page that cannot go on without the stored catalogue
    // when a user is faster than the read).
    void waitForLiveData();
    QStringList liveFeatureNames() const { return m_liveFeatures; }
    QString storeProblem() const { return m_storeProblem; }

    // The similar live feature whose figures prefill the profile and targets ("" for none).
    void setSimilarFeature(const QString& feature);
    const std::optional<GatePrefill>& prefill() const { return m_prefill; }

    // The spec of the pages so far (parsed by gateSpecFromJson; an error names the field).
    Result<GateSpec> currentSpec() const;
    // The pages' JSON with stand-ins for what later pages ask (name, candidates, thresholds), for the
    // estimates shown before the review; an error when the profile itself is not valid yet.
    Result<nlohmann::json> previewSpecJson() const;
    // The spec and result the review evaluated.
    Result<GateResult> evaluate();
    const std::optional<GateSpec>& evaluatedSpec() const { return m_spec; }
    const std::optional<GateResult>& result() const { return m_result; }

    // Records on a short-lived writer connection of its own (the wizard reads on a read-only one), on the
    // calling thread; startRecording() does the same on a worker and says so by recordingFinished.
    Result<GateRecord> recordDecision(const GateDecision& decision);
    void startRecording(const GateDecision& decision);
    bool isRecording() const { return m_recording; }
    const std::optional<GateRecord>& recorded() const { return m_recorded; }
    Result<void> exportPdf(const QString& path) const;

    GateFeaturePage* featurePage() const { return m_featurePage; }
    GateVolumePage* volumePage() const { return m_volumePage; }
    GateProfilePage* profilePage() const { return m_profilePage; }
    GateCandidatesPage* candidatesPage() const { return m_candidatesPage; }
    GateTargetsPage* targetsPage() const { return m_targetsPage; }
    GateReviewPage* reviewPage() const { return m_reviewPage; }
    GateDecisionPage* decisionPage() const { return m_decisionPage; }
    GateRecordedPage* recordedPage() const { return m_recordedPage; }

signals:
    void liveDataReady();
    void prefillChanged();
    void gateRecorded(qint64 id);
    // `problem`: what went wrong in plain words (empty when recorded).
    void recordingFinished(bool ok, const QString& problem);

private:
    void recordingDone(Result<GateRecord> r);

    void startLiveLoad();

    std::string m_storePath;
    QString m_storeProblem;
    std::map<std::string, GatePrefill> m_prefills; // by live feature
    PriceCatalogue m_catalogue;
    std::vector<GateCatalogueModel> m_models;
    int64_t m_dayMs = 0;
    std::optional<GateLiveData> m_live;
    QString m_liveProblem;
    bool m_livePending = false;
    QFutureWatcher<GateLiveLoad>* m_liveWatcher = nullptr;
    QStringList m_liveFeatures;
    std::optional<GatePrefill> m_prefill;
    std::optional<GateSpec> m_spec;
    std::optional<GateResult> m_result;
    std::optional<GateRecord> m_recorded;
    bool m_recording = false;

    GateFeaturePage* m_featurePage;
    GateVolumePage* m_volumePage;
    GateProfilePage* m_profilePage;
    GateCandidatesPage* m_candidatesPage;
    GateTargetsPage* m_targetsPage;
    GateReviewPage* m_reviewPage;
    GateDecisionPage* m_decisionPage;
    GateRecordedPage* m_recordedPage;
};

// What a failed recording says to the person at the wizard (a busy store: "try again in a moment").
QString gateRecordProblem(const Error& error);

// Text helpers the pages share: money as "$0.00058149" (all nine decimals the figure has).
QString gateMoney(int64_t nanos, const std::string& currency = "USD");
QString gateMoneyText(const std::string& decimal, const std::string& currency = "USD");

} // namespace il::ui
