// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/ChartUpdateQueue.h"

#include <QCoreApplication>
#include <QTimer>

namespace il::ui {

ChartUpdateQueue* ChartUpdateQueue::instance()
{
    static QPointer<ChartUpdateQueue> queue;
    if (!queue)
        queue = new ChartUpdateQueue(QCoreApplication::instance());
    return queue;
}

ChartUpdateQueue::ChartUpdateQueue(QObject* parent)
    : QObject(parent)
{
}

ChartUpdateQueue::~ChartUpdateQueue() = default;

void ChartUpdateQueue::enqueue(QObject* owner, std::function<void()> apply)
{
    for (Pending& p : m_pending)
        if (p.owner == owner) {
            p.apply = std::move(apply);
            return;
        }
    m_pending.push_back({ owner, std::move(apply) });
    schedule();
}

void ChartUpdateQueue::schedule()
{
    if (m_scheduled || m_pending.empty())
        return;
    m_scheduled = true;
    // A timer, not a posted call: a chain of posted events is served before timers and input (the event loop
    // drains posted events first), so it would hold them off just the same. A 1 ms timer lets the chart's scene
    // update (posted while it was loaded) run first, then whatever else is waiting, then the next chart.
    QTimer::singleShot(1, Qt::PreciseTimer, this, &ChartUpdateQueue::step);
}

void ChartUpdateQueue::step()
{
    m_scheduled = false;
    if (m_hop > 0) {
        --m_hop;
        schedule();
        return;
    }
    if (m_pending.empty())
        return;
    Pending p = std::move(m_pending.front());
    m_pending.pop_front();
    m_running = true;
    if (p.owner)
        p.apply();
    m_running = false;
    m_hop = 1;
    if (m_pending.empty()) {
        m_hop = 0;
        emit idle();
    } else {
        schedule();
    }
}

void ChartUpdateQueue::flush()
{
    while (!m_pending.empty()) {
        Pending p = std::move(m_pending.front());
        m_pending.pop_front();
        if (p.owner)
            p.apply();
    }
    m_hop = 0;
    emit idle();
}

} // namespace il::ui
