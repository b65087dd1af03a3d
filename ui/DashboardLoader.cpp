// SPDX-License-Identifier: GPL-3.0-or-later
#include "DashboardLoader.h"

#include "domain/Time.h"
#include "store/Store.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#endif

namespace il::ui {

namespace {

    SeriesFilter seriesFilterFor(const SummaryFilter& f, Bucket bucket, GroupBy split)
    {
        SeriesFilter s;
        s.fromMs = f.fromMs;
        s.toMs = f.toMs;
        s.bucket = bucket;
        s.split = split;
        s.features = f.features;
        s.models = f.models;
        s.providers = f.providers;
        s.currency = f.currency;
        return s;
    }

    Error superseded()
    {
        return makeError("superseded by a newer query");
    }

    // On Linux a thread has a nice value of its own (setpriority on the calling task); elsewhere the scheduler
    // is left alone.
    void lowerThisThreadsPriority()
    {
#ifdef Q_OS_LINUX
        thread_local bool done = false;
        if (!done) {
            done = true;
            setpriority(PRIO_PROCESS, 0, 5);
        }
#endif
    }

} // namespace

std::string filterKey(const DashboardQuery& q)
{
    std::string key = presetId(q.preset).toStdString();
    if (q.preset == DatePreset::Custom)
        key += ' ' + q.custom.first.toString(Qt::ISODate).toStdString() + ' '
            + q.custom.last.toString(Qt::ISODate).toStdString();
    key += '|' + resolutionId(q.resolution).toStdString();
    for (const auto* names : { &q.providers, &q.models, &q.features }) {
        key += '|';
        for (const std::string& n : *names)
            key += n + '\x1f';
    }
    return key;
}

SummaryFilter summaryFilterFor(const DashboardQuery& query, const DatePeriod& period)
{
    SummaryFilter f = filterFor(period);
    f.features = query.features;
    f.models = query.models;
    f.providers = query.providers;
    return f;
}

Result<DashboardData> loadDashboard(const std::string& storePath, const DashboardQuery& query,
                                    const std::function<bool()>& isSuperseded)
{
    // Nothing may throw across the event loop: whatever goes wrong comes back as an Error.
    try {
        QElapsedTimer clock;
        clock.start();
        auto stop = [&] { return isSuperseded && isSuperseded(); };
        auto store = Store::open(storePath, Store::Mode::ReadOnly);
        if (!store)
            return store.error();
        Analytics analytics(**store);
        auto range = analytics.dataRange();
        if (!range)
            return range.error();
        DashboardData data;
        data.query = query;
        data.range = *range;
        data.period = resolvePeriod(query.preset, data.range, query.custom, nowMs());
        data.previousPeriod = previousPeriod(data.period);
        data.bucket = bucketFor(data.period, query.resolution);

        for (auto [by, out] :
             { std::pair { GroupBy::Feature, &data.featureNames }, std::pair { GroupBy::Model, &data.modelNames },
               std::pair { GroupBy::Provider, &data.providerNames } }) {
            auto names = analytics.names(by);
            if (!names)
                return names.error();
            *out = std::move(*names);
        }

        const SummaryFilter filter = summaryFilterFor(query, data.period);
        auto summary = analytics.summary(filter);
        if (!summary)
            return summary.error();
        data.summary = std::move(*summary);
        if (stop())
            return superseded();
        auto previous = analytics.summary(summaryFilterFor(query, data.previousPeriod));
        if (!previous)
            return previous.error();
        data.previous = std::move(*previous);
        if (stop())
            return superseded();

        if (query.parts & part::Series) {
            auto series = timeSeries(**store, seriesFilterFor(filter, data.bucket, GroupBy::Feature));
            if (!series)
                return series.error();
            data.byFeature = std::move(*series);
            data.parts |= part::Series;
            if (stop())
                return superseded();
        }

        // Each feature's models: the Models page's points. Units stay the feature's (see ModelEconomicsModel).
        for (const SummaryRow& row : data.summary.rows) {
            if (!(query.parts & part::Models))
                break;
            if (row.requests <= 0)
                continue;
            SummaryFilter f = filter;
            f.features = { row.key };
            f.by = GroupBy::Model;
            auto byModel = analytics.summary(f);
            if (!byModel)
                return byModel.error();
            data.models.push_back({ row, std::move(byModel->rows) });
            if (stop())
                return superseded();
        }
        if (query.parts & part::Models)
            data.parts |= part::Models;

        // Gate tracking follows the date range and picks the gates by the feature filter; the provider and model
        // filters do not apply (units are per feature, see GateTrackingWindow). A failure here leaves the rest of
        // the dashboard standing.
        const int64_t now = nowMs();
        GateTrackingWindow window;
        window.fromMs = filter.fromMs;
        window.toMs = filter.toMs;
        if (query.parts & part::Gates) {
            window.features = query.features;
            auto gates = gateTrackingWithin(**store, window, now);
            if (gates)
                data.gates = std::move(*gates);
            else
                data.gateError = gates.error().toString();
            data.parts |= part::Gates;
            if (stop())
                return superseded();
        }

        if ((query.parts & part::Detail) && !query.detailFeature.empty()) {
            FeatureDetail d;
            d.feature = query.detailFeature;
            // The page is about one feature: the feature filter picks what the lists show, not what this shows.
            SummaryFilter f = filter;
            f.features = { d.feature };
            auto s = analytics.summary(f);
            if (!s)
                return s.error();
            d.summary = std::move(*s);
            SummaryFilter pf = summaryFilterFor(query, data.previousPeriod);
            pf.features = { d.feature };
            auto p = analytics.summary(pf);
            if (!p)
                return p.error();
            d.previous = std::move(*p);
            auto ts = timeSeries(**store, seriesFilterFor(f, data.bucket, GroupBy::Feature));
            if (!ts)
                return ts.error();
            d.series = std::move(*ts);
            auto mix = timeSeries(**store, seriesFilterFor(f, data.bucket, GroupBy::Model));
            if (!mix)
                return mix.error();
            d.byModel = std::move(*mix);
            // Its own gate, whatever the feature filter (as the rest of the page).
            GateTrackingWindow own = window;
            own.features = { d.feature };
            auto gate = gateTrackingWithin(**store, own, now);
            if (gate && !gate->empty())
                d.gate = std::move(gate->front());
            data.detail = std::move(d);
            data.parts |= part::Detail;
        }
        data.seconds = double(clock.nsecsElapsed()) / 1e9;
        return data;
    } catch (const std::exception& e) {
        return makeError(std::string("cannot read the store: ") + e.what());
    } catch (...) {
        return makeError("cannot read the store: unexpected failure");
    }
}

DashboardLoader::DashboardLoader(std::string storePath, QObject* parent)
    : QObject(parent)
    , m_storePath(std::move(storePath))
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    // One query runs while a superseded one finishes its step.
    m_pool.setMaxThreadCount(2);
    m_pool.setExpiryTimeout(-1);
}

DashboardLoader::~DashboardLoader()
{
    // The workers own copies of everything they use, but finishing them keeps shutdown (and a test's
    // temporary store) orderly. Superseding them all first makes them stop at their next step.
    m_latest->store(++m_generation);
    waitForIdle();
}

void DashboardLoader::waitForIdle()
{
    const auto watchers = findChildren<QFutureWatcher<Result<DashboardData>>*>(Qt::FindDirectChildrenOnly);
    for (auto* w : watchers)
        w->waitForFinished();
}

void DashboardLoader::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    emit loadingChanged(loading);
}

void DashboardLoader::load(const DashboardQuery& query)
{
    const quint64 generation = ++m_generation;
    m_latest->store(generation);
    setLoading(true);
    auto* watcher = new QFutureWatcher<Result<DashboardData>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        // Done: out of waitForIdle's reach (takeResult below empties its future; waiting on that never returns).
        watcher->setParent(nullptr);
        watcher->deleteLater();
        if (generation != m_generation)
            return; // superseded: a newer load is on its way
        Result<DashboardData> result = watcher->future().takeResult();
        setLoading(false);
        if (result)
            emit loaded(*result);
        else
            emit failed(QString::fromStdString(result.error().toString()));
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [path = m_storePath, query, latest = m_latest, generation] {
        lowerThisThreadsPriority();
        return loadDashboard(path, query, [latest, generation] { return latest->load() != generation; });
    }));
}

} // namespace il::ui
