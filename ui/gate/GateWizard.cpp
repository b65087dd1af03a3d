// SPDX-License-Identifier: GPL-3.0-or-later
#include "gate/GateWizard.h"

#include "domain/Money.h"
#include "domain/Time.h"
#include "gate/GateCandidatesPage.h"
#include "gate/GateDecisionPage.h"
#include "gate/GateFeaturePage.h"
#include "gate/GateProfilePage.h"
#include "gate/GateRecordedPage.h"
#include "gate/GateReviewPage.h"
#include "gate/GateTargetsPage.h"
#include "gate/GateVolumePage.h"
#include "report/GateSignoffPdf.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QtConcurrent/QtConcurrentRun>

#include <nlohmann/json.hpp>

#include <exception>

namespace il::ui {

QString gateMoney(int64_t nanos, const std::string& currency)
{
    const QString digits = QString::fromStdString(formatNanos(nanos, 2, 9));
    if (currency == "USD")
        return QStringLiteral("$") + digits;
    return digits + QLatin1Char(' ') + QString::fromStdString(currency);
}

QString gateMoneyText(const std::string& decimal, const std::string& currency)
{
    auto v = parseDecimalNanos(decimal);
    return v ? gateMoney(*v, currency) : QStringLiteral("—");
}

GateWizard::GateWizard(std::string storePath, QWidget* parent)
    : QWizard(parent)
    , m_storePath(std::move(storePath))
    , m_featurePage(new GateFeaturePage(this))
    , m_volumePage(new GateVolumePage(this))
    , m_profilePage(new GateProfilePage(this))
    , m_candidatesPage(new GateCandidatesPage(this))
    , m_targetsPage(new GateTargetsPage(this))
    , m_reviewPage(new GateReviewPage(this))
    , m_decisionPage(new GateDecisionPage(this))
    , m_recordedPage(new GateRecordedPage(this))
{
    setObjectName(QStringLiteral("gateWizard"));
    setWindowTitle(tr("New cost gate"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage, true);
    setOption(QWizard::NoCancelButtonOnLastPage, true);
    setMinimumSize(980, 640);
    m_dayMs = floorTo(nowMs(), kMsPerDay);

    // The bundled catalogue (in memory) until the store's arrives; a store that cannot be read still lets the
    // gate be evaluated on the bundled prices (and says so), only recording needs it.
    if (auto b = bundledCatalogue())
        m_catalogue.addAll(std::move(*b));
    m_models = gateCatalogueModels(m_catalogue, m_dayMs);
    startLiveLoad();

    setPage(FeaturePage, m_featurePage);
    setPage(VolumePage, m_volumePage);
    setPage(ProfilePage, m_profilePage);
    setPage(CandidatesPage, m_candidatesPage);
    setPage(TargetsPage, m_targetsPage);
    setPage(ReviewPage, m_reviewPage);
    setPage(DecisionPage, m_decisionPage);
    setPage(RecordedPage, m_recordedPage);
    setStartId(FeaturePage);
}

GateWizard::~GateWizard()
{
    // A live read still running holds only copies and finishes on its own; a recording is waited for, so that
    // a closed wizard never leaves a write half-way (it is one transaction either way).
    const auto watchers = findChildren<QFutureWatcher<Result<GateRecord>>*>(Qt::FindDirectChildrenOnly);
    for (auto* w : watchers)
        w->waitForFinished();
}

void GateWizard::startLiveLoad()
{
    m_livePending = true;
    m_liveWatcher = new QFutureWatcher<GateLiveLoad>(this);
    connect(m_liveWatcher, &QFutureWatcher<GateLiveLoad>::finished, this, [this] {
        GateLiveLoad r = m_liveWatcher->result();
        m_livePending = false;
        if (!r.storeProblem.empty()) {
            m_storeProblem = QString::fromStdString(r.storeProblem);
        } else {
            if (r.catalogue) {
                m_catalogue = std::move(*r.catalogue);
                m_models = gateCatalogueModels(m_catalogue, m_dayMs);
            }
            m_liveFeatures = std::move(r.features);
            m_prefills = std::move(r.prefills);
        }
        if (r.data)
            m_live = std::move(*r.data);
        else
            m_liveProblem = QString::fromStdString(r.error.empty() ? r.storeProblem : r.error);
        emit liveDataReady();
    });
    // Read-only: the wizard only reads until the decision is recorded, and that opens a writer of its own for
    // the moment it takes, so an open wizard never holds the store's write lock (or creates a mistyped --db).
    // Its own connection: SQLite handles are never shared between threads.
    m_liveWatcher->setFuture(QtConcurrent::run([path = m_storePath, day = m_dayMs] {
        GateLiveLoad out;
        try {
            auto s = Store::open(path, Store::Mode::ReadOnly);
            if (!s) {
                out.storeProblem = s.error().toString();
                return out;
            }
            auto cat = loadGateCatalogue(**s);
            if (!cat) {
                out.storeProblem = cat.error().toString();
                return out;
            }
            const int64_t from = day - kGateLiveDays * kMsPerDay;
            auto features = liveFeatures(**s, from, day);
            if (!features) {
                out.storeProblem = features.error().toString();
                return out;
            }
            // Every live feature's prefill now (a few rollup reads each), so that picking one reads nothing.
            for (const std::string& f : *features) {
                out.features << QString::fromStdString(f);
                if (auto p = gatePrefillFromFeature(**s, *cat, f, from, day))
                    out.prefills.emplace(f, std::move(*p));
            }
            auto live = loadRecentGateLiveData(**s, *cat, day);
            if (live)
                out.data = std::move(*live);
            else
                out.error = live.error().toString();
            out.catalogue = std::move(*cat);
        } catch (const std::exception& e) { // no exception crosses into the event loop
            out.error = e.what();
        }
        return out;
    }));
}

void GateWizard::waitForLiveData()
{
    if (m_liveWatcher)
        m_liveWatcher->waitForFinished();
    QCoreApplication::processEvents();
}

void GateWizard::startFrom(const GateSpec& spec)
{
    setWindowTitle(tr("New version of the %1 gate").arg(QString::fromStdString(spec.feature)));
    m_featurePage->load(spec);
    m_volumePage->load(spec);
    m_profilePage->load(spec);
    m_candidatesPage->load(spec);
    m_targetsPage->load(spec);
}

void GateWizard::setSimilarFeature(const QString& feature)
{
    m_prefill.reset();
    if (auto it = m_prefills.find(feature.toStdString()); it != m_prefills.end())
        m_prefill = it->second; // read with the live features, in the background: nothing is read here
    emit prefillChanged();
}

Result<GateSpec> GateWizard::currentSpec() const
{
    nlohmann::json j = nlohmann::json::object();
    m_featurePage->contribute(j);
    m_volumePage->contribute(j);
    m_profilePage->contribute(j);
    m_candidatesPage->contribute(j);
    m_targetsPage->contribute(j);
    j["evaluation_date"] = formatIsoDate(m_dayMs);
    return gateSpecFromJson(j, "wizard");
}

Result<nlohmann::json> GateWizard::previewSpecJson() const
{
    nlohmann::json j = nlohmann::json::object();
    m_featurePage->contribute(j);
    m_volumePage->contribute(j);
    m_profilePage->contribute(j);
    if (j.value("feature", std::string()).empty())
        j["feature"] = "preview";
    if (j.value("unit", std::string()).empty())
        j["unit"] = "unit";
    j["candidates"] = nlohmann::json::array({ { { "provider", "openai" }, { "model", "gpt-4o-mini" } } });
    j["thresholds"] = { { "max_cost_per_unit", "1000000" } }; // figures do not depend on the thresholds
    j["evaluation_date"] = formatIsoDate(m_dayMs);
    auto s = gateSpecFromJson(j, "wizard");
    if (!s)
        return s.error();
    return j;
}

Result<GateResult> GateWizard::evaluate()
{
    m_spec.reset();
    m_result.reset();
    auto spec = currentSpec();
    if (!spec)
        return spec.error();
    GateEvaluationOptions opt;
    opt.todayMs = m_dayMs;
    auto r = evaluateGate(*spec, m_catalogue, liveData(), opt);
    if (!r)
        return r.error();
    m_spec = *spec;
    m_result = *r;
    return r;
}

namespace {

    // A writer for the moment a record takes, on whatever thread calls it (its own connection).
    Result<GateRecord> recordOnWriter(const std::string& path, const GateSpec& spec, const GateResult& result,
                                      const GateDecision& decision)
    {
        try {
            auto store = Store::open(path, Store::Mode::ReadWrite);
            if (!store)
                return store.error();
            return GateStore(**store).record(spec, result, decision);
        } catch (const std::exception& e) { // no exception crosses into the event loop
            return makeError(std::string("cannot record the gate: ") + e.what());
        }
    }

} // namespace

QString gateRecordProblem(const Error& error)
{
    const QString all = QString::fromStdString(error.message + " " + error.hint).toLower();
    if (all.contains(QLatin1String("locked")) || all.contains(QLatin1String("busy"))
        || all.contains(QLatin1String("another inferledger process is writing")))
        return GateWizard::tr("Not recorded: the store is busy — an import or sync is writing to it. Nothing was "
                              "changed; try again in a moment.");
    if (all.contains(QLatin1String("readonly")) || all.contains(QLatin1String("read-only"))
        || all.contains(QLatin1String("permission")))
        return GateWizard::tr("Not recorded: the store cannot be written (%1). Nothing was changed.")
            .arg(QString::fromStdString(error.toString()));
    return GateWizard::tr("Not recorded: %1").arg(QString::fromStdString(error.toString()));
}

Result<GateRecord> GateWizard::recordDecision(const GateDecision& decision)
{
    if (!m_spec || !m_result)
        return makeError("nothing evaluated yet", "Go back to the review page");
    auto r = recordOnWriter(m_storePath, *m_spec, *m_result, decision);
    if (r) {
        m_recorded = *r;
        emit gateRecorded(qint64(r->id));
    }
    return r;
}

void GateWizard::startRecording(const GateDecision& decision)
{
    if (m_recording)
        return;
    if (!m_spec || !m_result) {
        emit recordingFinished(false,
                               gateRecordProblem(makeError("nothing evaluated yet", "Go back to the review page")));
        return;
    }
    m_recording = true;
    auto* watcher = new QFutureWatcher<Result<GateRecord>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->setParent(nullptr); // done: out of the destructor's wait (takeResult empties its future)
        watcher->deleteLater();
        recordingDone(watcher->future().takeResult());
    });
    watcher->setFuture(QtConcurrent::run([path = m_storePath, spec = *m_spec, result = *m_result, decision] {
        return recordOnWriter(path, spec, result, decision);
    }));
}

void GateWizard::recordingDone(Result<GateRecord> r)
{
    m_recording = false;
    if (!r) {
        emit recordingFinished(false, gateRecordProblem(r.error()));
        return;
    }
    m_recorded = *r;
    emit gateRecorded(qint64(r->id));
    emit recordingFinished(true, QString());
}

Result<void> GateWizard::exportPdf(const QString& path) const
{
    if (m_recorded)
        return renderGateSignoffPdf(*m_recorded, path);
    if (m_spec && m_result)
        return renderGateSignoffPdf(draftGateRecord(*m_spec, *m_result, m_decisionPage->decision()), path);
    return makeError("nothing evaluated yet", "Go back to the review page");
}

} // namespace il::ui
