// SPDX-License-Identifier: GPL-3.0-or-later
// Spreads the charts of a dashboard load over turns of the event loop: loading a chart costs the UI thread its
// own work (points, axes) and then Qt Charts' (the scene lays out and strokes each series, in an event of its
// own); a page of charts done in one go kept the UI thread busy for the sum of them (45 ms for hourly charts of
// a quarter on a 2M-request store). Queued here, each chart's work and its scene's run in turns of their own,
// with input, timers and paints between them. The main window waits for idle() before it says a load is shown.
#pragma once

#include <QObject>
#include <QPointer>

#include <deque>
#include <functional>

namespace il::ui {

class ChartUpdateQueue final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartUpdateQueue)
public:
    static ChartUpdateQueue* instance();

    // Runs `apply` in a later turn, after what was queued before; a pending update of the same `owner` is
    // replaced in its place (the newer data wins, the order stays). Nothing runs for an owner that is gone.
    void enqueue(QObject* owner, std::function<void()> apply);
    bool isIdle() const { return m_pending.empty() && !m_running; }
    // Runs everything queued now (tests, shutdown).
    void flush();

signals:
    void idle();

private:
    explicit ChartUpdateQueue(QObject* parent);
    ~ChartUpdateQueue() override;
    void schedule();
    void step();

    struct Pending {
        QPointer<QObject> owner;
        std::function<void()> apply;
    };
    std::deque<Pending> m_pending;
    bool m_scheduled = false;
    bool m_running = false;
    int m_hop = 0; // turns to let pass before the next update (its predecessor's scene work and paint run first)
};

} // namespace il::ui
