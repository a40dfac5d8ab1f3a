// How responsive the window stays while the Runs pane opens a folder of many
// runs: the gaps between ticks of a 5 ms timer on the GUI thread while it
// reads N run folders (config.yaml, metrics.csv of R rows, a checkpoint name
// each; made here, written as rssm train writes them), then while it ticks
// runs into the charts one every 300 ms, then while its live refresh reads them again after
// each grew by a row.
// The bound: no stall over 50 ms.
//
// usage: bench_runs_pane_stall [runs=50] [rows=2000] [ticked=10]
// Run it under a real X server or Xvfb (xvfb-run -a -s "-screen 0 1600x1000x24").
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <vector>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include "EventLoopStallMeter.h"
#include "SlowEvents.h"
#include "config/Config.h"
#include "runs/RunTableModel.h"
#include "runs/RunsPane.h"
#include "train/MetricsLog.h"

namespace {

using Gaps = rssm::bench::StallGaps;

// Runs the event loop until `done` or `seconds` pass, recording tick gaps.
template <class Done>
Gaps measureUntil(Done done, double seconds) {
    rssm::bench::EventLoopStallMeter meter(5);
    QEventLoop loop;
    QTimer check;
    static_cast<rssm::bench::TimedApplication*>(qApp)->clearSlow();
    QObject::connect(&check, &QTimer::timeout, [&] {
        if (done() || meter.elapsedNs() > seconds * 1e9) loop.quit();
    });
    meter.start();
    check.start(5);
    loop.exec();
    return meter.stop();
}

void print(const char* what, const Gaps& g, double wallMs) {
    std::printf("%-40s %7.0f ms  ticks %5zu  max gap %6.1f ms (cpu %5.1f)  gaps > 50 ms: %zu\n", what, wallMs, g.ms.size(),
                g.max(), g.maxCpu(), g.over(50.0));
    if (g.max() > 40.0) static_cast<rssm::bench::TimedApplication*>(qApp)->printSlowest(5);
}

void makeRun(const QString& dir, int index, int rows) {
    QDir().mkpath(dir);
    rssm::Config c;
    c.set("model.obs_window", std::to_string(1 + index % 4));
    c.set("model.free_nats", index % 2 ? "1.0" : "0.5");
    c.set("training.seed", std::to_string(index / 8));
    c.set("training.steps", std::to_string(rows));
    c.save((dir + "/config.yaml").toStdString());
    rssm::MetricsLog log((dir + "/metrics.csv").toStdString());
    for (int s = 1; s <= rows; ++s) {
        rssm::TrainingMetrics m;
        m.step = s;
        m.wallTime = s * 0.01;
        m.losses["loss"] = 1.0 / std::sqrt(s) + 0.01 * index;
        m.losses["recon"] = 0.5 / std::sqrt(s);
        m.losses["kl"] = 0.1;
        if (s % 100 == 0) m.validation["loss"] = 1.2 / std::sqrt(s) + 0.01 * index;
        m.lr = 3e-4;
        log.append(m);
    }
    std::ofstream((dir + "/rssm_step_" + QString::number(rows) + ".pt").toStdString()) << "x";
}

}  // namespace

int main(int argc, char** argv) {
    rssm::bench::TimedApplication app(argc, argv);
    const int runs = argc > 1 ? std::atoi(argv[1]) : 50;
    const int rows = argc > 2 ? std::atoi(argv[2]) : 2000;
    const int toTick = std::min(runs, argc > 3 ? std::atoi(argv[3]) : 10);
    QTemporaryDir dir;
    for (int i = 0; i < runs; ++i) makeRun(dir.filePath(QString::number(i)), i, rows);
    std::printf("%d runs of %d metrics rows each in %s\n", runs, rows, qPrintable(dir.path()));

    rssm::ui::RunsPane pane;
    pane.resize(1600, 1000);
    pane.show();
    print("idle pane (reference)", measureUntil([] { return false; }, 2.0), 2000);

    QElapsedTimer wall;
    bool loaded = false;
    QObject::connect(&pane, &rssm::ui::RunsPane::runsLoaded, [&] { loaded = true; });
    wall.start();
    pane.openFolder(dir.path());
    const Gaps open = measureUntil([&] { return loaded; }, 120.0);
    print("opening the folder", open, wall.elapsed());
    if (pane.model()->rowCount() != runs) {
        std::fprintf(stderr, "bench_runs_pane_stall: %d runs shown, %d made\n", pane.model()->rowCount(), runs);
        return 1;
    }

    wall.restart();
    int ticked = 0;
    QElapsedTimer sinceTick;
    sinceTick.start();
    const Gaps tick = measureUntil(
        [&] {
            // One run every 300 ms, a quick user's clicks.
            if (ticked < toTick && sinceTick.elapsed() >= 300) {
                pane.model()->setTicked(ticked++, true);
                sinceTick.restart();
            }
            return ticked >= toTick;
        },
        120.0);
    const Gaps settle = measureUntil([] { return false; }, 1.0);
    Gaps ticking = tick;
    ticking.ms.insert(ticking.ms.end(), settle.ms.begin(), settle.ms.end());
    ticking.cpuMs.insert(ticking.cpuMs.end(), settle.cpuMs.begin(), settle.cpuMs.end());
    print(qPrintable(QStringLiteral("ticking %1 runs into the charts").arg(toTick)), ticking, wall.elapsed());

    // Every run grows by a row, as if all 50 were training: the refresh reads each again.
    for (int i = 0; i < runs; ++i) {
        rssm::MetricsLog log(dir.filePath(QString::number(i) + "/metrics.csv").toStdString());
        rssm::TrainingMetrics m;
        m.step = rows + 1;
        m.losses["loss"] = 0.1;
        log.append(m);
    }
    wall.restart();
    loaded = false;
    pane.refresh();
    const Gaps refresh = measureUntil([&] { return loaded; }, 120.0);
    print("live refresh, every run grown", refresh, wall.elapsed());
    const double worst = std::max({open.max(), ticking.max(), refresh.max()});
    return worst <= 50.0 ? 0 : 3;
}
