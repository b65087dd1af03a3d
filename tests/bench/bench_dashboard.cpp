// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard on a big store (offscreen): for a run of filter changes as a user makes them (presets, provider,
// model and feature filters, chart resolution, opening a feature page), the time from the filter change to
// the page repainted with the new figures, and the longest stall of the UI thread (a 10 ms heartbeat timer:
// the largest gap between its ticks, less the 10 ms). Prints the figures for docs/PERFORMANCE.md.
//
//   QT_QPA_PLATFORM=offscreen bench_dashboard STORE.db [ROUNDS]
#include "MainWindow.h"
#include "gate/GatesPage.h"
#include "pages/FeaturesPage.h"
#include "widgets/DateRangeBar.h"
#include "widgets/FilterBar.h"
#include "widgets/MultiSelectButton.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <vector>

namespace {

struct Step {
    const char* what;
    std::function<void(il::ui::MainWindow&)> change;
};

// Times every event the UI thread handles: the longest one is UI work done in one go (a heartbeat gap can also
// be the scheduler giving the CPU to another process). Thread CPU time beside it tells the two apart.
class TimedApplication final : public QApplication {
public:
    using QApplication::QApplication;
    double longestMs = 0, longestCpuMs = 0;
    QString longestWhat;
    const QString* phase = nullptr;
    const bool trace = qEnvironmentVariableIntValue("BENCH_TRACE") != 0;
    bool notify(QObject* receiver, QEvent* event) override
    {
        if (depth++ > 0) {
            const bool r = QApplication::notify(receiver, event);
            --depth;
            return r;
        }
        QElapsedTimer t;
        t.start();
        const double cpu0 = threadCpuMs();
        // Read before: the event may delete its receiver (DeferredDelete); class names are static strings.
        const char* receiverClass = receiver->metaObject()->className();
        const int type = int(event->type());
        const bool r = QApplication::notify(receiver, event);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        --depth;
        // BENCH_TRACE=1: every event over 4 ms, to find what a stall is made of.
        if (trace && phase && ms > 4.0)
            std::fprintf(stderr, "  [trace] %-30s %6.1f ms (cpu %5.1f) event %3d to %s\n", qPrintable(*phase), ms,
                         threadCpuMs() - cpu0, type, receiverClass);
        if (ms > longestMs && phase) {
            longestMs = ms;
            longestCpuMs = threadCpuMs() - cpu0;
            longestWhat = *phase + QStringLiteral(" (event type %1)").arg(type);
        }
        return r;
    }

private:
    static double threadCpuMs()
    {
        timespec ts {};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
    }
    int depth = 0;
};

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5))];
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_dashboard STORE.db [ROUNDS]\n");
        return 64;
    }
    const QString store = QString::fromLocal8Bit(argv[1]);
    const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    QTemporaryDir dir;
    qputenv("INFERLEDGER_SETTINGS", dir.filePath(QStringLiteral("bench.ini")).toLocal8Bit());
    il::ui::initResources();

    QElapsedTimer startup;
    startup.start();
    il::ui::MainWindow w(il::ui::AppServices { store.toStdString(), {}, {} });
    w.resize(1280, 760);
    w.show();
    const double constructMs = double(startup.nsecsElapsed()) / 1e6;

    // "Repainted": the window's first paint (an UpdateRequest, which paints every dirty widget) after the load's
    // results reached the pages, measured when that paint has finished.
    QEventLoop loop;
    bool updated = false, painted = false;
    QObject::connect(&w, &il::ui::MainWindow::dashboardUpdated, &loop, [&] { updated = true; });
    struct PaintWatch final : QObject {
        std::function<void()> onPaint;
        bool eventFilter(QObject* o, QEvent* e) override
        {
            if (e->type() == QEvent::UpdateRequest && onPaint)
                QTimer::singleShot(0, this, onPaint); // after the paint that this event runs
            return QObject::eventFilter(o, e);
        }
    } watch;
    watch.onPaint = [&] {
        if (updated && !w.isBusy()) {
            painted = true;
            loop.quit();
        }
    };
    w.installEventFilter(&watch);
    auto waitUpdate = [&] {
        QTimer guard;
        guard.setSingleShot(true);
        QObject::connect(&guard, &QTimer::timeout, &loop, &QEventLoop::quit);
        guard.start(60'000);
        while (!painted) {
            if (!guard.isActive()) {
                std::fprintf(stderr, "timed out waiting for the dashboard\n");
                std::exit(1);
            }
            loop.exec();
        }
        updated = painted = false;
    };
    waitUpdate();
    const double firstPaintMs = double(startup.nsecsElapsed()) / 1e6;
    if (!w.shownData() || w.shownData()->range.empty()) {
        std::fprintf(stderr, "%s: no data\n", argv[1]);
        return 1;
    }
    const il::ui::DashboardData& first = *w.shownData();
    const QString feature = QString::fromStdString(first.summary.rows.front().key);
    const QString model = QString::fromStdString(first.modelNames.front());
    const QString provider = QString::fromStdString(first.providerNames.front());

    // The heartbeat: a 10 ms timer; the largest gap between ticks is the longest the UI thread was busy.
    QElapsedTimer beat;
    double maxGapMs = 0;
    QString maxGapDuring, gapDuring;
    QString current = QStringLiteral("start");
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(10);
    QObject::connect(&heartbeat, &QTimer::timeout, &heartbeat, [&] {
        const double gap = double(beat.nsecsElapsed()) / 1e6;
        beat.restart();
        if (gap > maxGapMs) {
            maxGapMs = gap;
            maxGapDuring = current;
        }
    });
    beat.start();
    heartbeat.start();
    app.phase = &current;

    auto preset = [](il::ui::MainWindow& win, const char* id) {
        auto* box = win.filterBar()->dateBar()->findChild<QComboBox*>(QStringLiteral("datePreset"));
        box->setCurrentIndex(box->findData(QString::fromLatin1(id)));
    };
    auto resolution = [](il::ui::MainWindow& win, const char* id) {
        QComboBox* box = win.filterBar()->resolutionBox();
        box->setCurrentIndex(box->findData(QString::fromLatin1(id)));
    };
    const std::vector<Step> steps = {
        { "preset: last 7 days", [&](auto& win) { preset(win, "last7"); } },
        { "preset: last 90 days", [&](auto& win) { preset(win, "last90"); } },
        { "preset: month to date", [&](auto& win) { preset(win, "mtd"); } },
        { "preset: all data", [&](auto& win) { preset(win, "all"); } },
        { "resolution: hourly (all data)", [&](auto& win) { resolution(win, "hour"); } },
        { "resolution: auto", [&](auto& win) { resolution(win, "auto"); } },
        { "preset: last 30 days", [&](auto& win) { preset(win, "last30"); } },
        { "provider filter", [&](auto& win) { win.filterBar()->providerFilter()->toggle(provider); } },
        { "model filter", [&](auto& win) { win.filterBar()->modelFilter()->toggle(model); } },
        { "clear filters", [&](auto& win) { win.filterBar()->clearNameFilters(); } },
        { "feature filter", [&](auto& win) { win.filterBar()->featureFilter()->toggle(feature); } },
        { "clear filters", [&](auto& win) { win.filterBar()->clearNameFilters(); } },
        { "page: features",
          [&](auto& win) {
              win.showPage(il::ui::MainWindow::Page::Features);
              win.reload();
          } },
        { "open feature page", [&](auto& win) { win.openFeature(feature); } },
        { "feature page: last 90 days", [&](auto& win) { preset(win, "last90"); } },
        { "feature page: provider filter", [&](auto& win) { win.filterBar()->providerFilter()->toggle(provider); } },
        { "back, clear filters",
          [&](auto& win) {
              win.goBack();
              win.filterBar()->clearNameFilters();
          } },
        { "page: models, last 30 days",
          [&](auto& win) {
              win.showPage(il::ui::MainWindow::Page::Models);
              preset(win, "last30");
          } },
        { "models: provider filter", [&](auto& win) { win.filterBar()->providerFilter()->toggle(provider); } },
        { "page: overview, clear",
          [&](auto& win) {
              win.showPage(il::ui::MainWindow::Page::Overview);
              win.filterBar()->clearNameFilters();
          } },
    };

    std::vector<double> totals, jobs;
    double worst = 0;
    QString worstStep;
    std::printf("store: %s (%lld requests in the summary of the first view)\n", argv[1],
                static_cast<long long>(first.summary.total.requests));
    std::printf("window constructed in %.1f ms; first load painted at %.1f ms\n", constructMs, firstPaintMs);
    for (int r = 0; r < rounds; ++r) {
        for (const Step& s : steps) {
            current = QString::fromLatin1(s.what);
            const double gapBefore = maxGapMs;
            maxGapMs = 0;
            QElapsedTimer t;
            t.start();
            s.change(w);
            waitUpdate();
            const double ms = double(t.nsecsElapsed()) / 1e6;
            totals.push_back(ms);
            jobs.push_back(w.shownData() ? w.shownData()->seconds * 1000 : 0);
            if (ms > worst) {
                worst = ms;
                worstStep = current;
            }
            if (r == 0)
                std::printf("  %-34s %7.1f ms (query job %.1f ms, longest UI-thread gap %.1f ms)\n", s.what, ms,
                            jobs.back(), std::max(0.0, maxGapMs - 10.0));
            if (maxGapMs < gapBefore) {
                maxGapMs = gapBefore; // keep the run's maximum and where it happened
                maxGapDuring = gapDuring;
            } else {
                gapDuring = maxGapDuring;
            }
            QCoreApplication::processEvents();
        }
    }
    heartbeat.stop();
    std::printf("filter change → repainted, %zu changes: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%s)\n", totals.size(),
                percentile(totals, 0.5), percentile(totals, 0.95), worst, qPrintable(worstStep));
    std::printf("query job (worker thread): p50 %.1f ms, max %.1f ms\n", percentile(jobs, 0.5),
                *std::max_element(jobs.begin(), jobs.end()));
    std::printf("longest UI-thread stall (10 ms heartbeat gap − 10 ms): %.1f ms (during: %s)\n",
                std::max(0.0, maxGapMs - 10.0), qPrintable(maxGapDuring));
    std::printf("longest single event on the UI thread: %.1f ms wall, %.1f ms of its CPU (during: %s)\n", app.longestMs,
                app.longestCpuMs, qPrintable(app.longestWhat));
    app.phase = nullptr;

    // The Gates page reads the gate table on its own worker: the UI thread's part is making and showing the page.
    QElapsedTimer g;
    g.start();
    w.showPage(il::ui::MainWindow::Page::Gates);
    const double shownMs = double(g.nsecsElapsed()) / 1e6;
    auto* gates = qobject_cast<il::ui::GatesPage*>(w.gatesPage());
    if (gates) {
        QEventLoop wait;
        QObject::connect(gates, &il::ui::GatesPage::loaded, &wait, &QEventLoop::quit);
        QTimer::singleShot(30'000, &wait, &QEventLoop::quit);
        if (gates->isLoading())
            wait.exec();
    }
    std::printf("gates page first shown: %.1f ms on the UI thread; gates listed (worker read) after %.1f ms\n", shownMs,
                double(g.nsecsElapsed()) / 1e6);
    return 0;
}
