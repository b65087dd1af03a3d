// SPDX-License-Identifier: GPL-3.0-or-later
#include "DashboardLoader.h"

#include "domain/Time.h"
#include "store/Store.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

namespace il::ui {

Result<DashboardData> loadDashboard(const std::string& storePath, const DashboardQuery& query)
{
    // Nothing may throw across the event loop: whatever goes wrong comes back as an Error.
    try {
        auto store = Store::open(storePath, Store::Mode::ReadOnly);
        if (!store)
            return store.error();
        Analytics analytics(**store);
        auto range = analytics.dataRange();
        if (!range)
            return range.error();
        DashboardData data;
        data.range = *range;
        data.period = resolvePeriod(query.preset, data.range, query.custom, nowMs());
        auto summary = analytics.summary(filterFor(data.period));
        if (!summary)
            return summary.error();
        data.summary = std::move(*summary);
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
{
}

DashboardLoader::~DashboardLoader()
{
    // The workers own copies of everything they use, but finishing them keeps shutdown (and a test's
    // temporary store) orderly.
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
    setLoading(true);
    auto* watcher = new QFutureWatcher<Result<DashboardData>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
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
    watcher->setFuture(QtConcurrent::run([path = m_storePath, query] { return loadDashboard(path, query); }));
}

} // namespace il::ui
