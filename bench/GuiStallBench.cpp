// How responsive the window stays while it trains: the gaps between ticks of
// a 5 ms timer on the GUI thread, first with the window idle (the reference),
// then while the training pane runs the trainer on its worker thread and
// redraws its live charts. The bound: no stall over 50 ms.
//
// usage: bench_gui_stall [buf.pkl] [seconds] [key=value ...]
// Run it under a real X server or Xvfb (xvfb-run -a -s "-screen 0 1600x1000x24").
#include <algorithm>
#include <cstdio>
#include <vector>

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include "EventLoopStallMeter.h"
#include "buffer/BufferPane.h"
#include "train/MetricsLog.h"
#include "config/ConfigPane.h"
#include "training/TrainingPane.h"
#include "window/MainWindow.h"

namespace {

using Gaps = rssm::bench::StallGaps;

// Runs the event loop for `seconds`, recording the gaps between ticks.
Gaps measure(double seconds) {
    rssm::bench::EventLoopStallMeter meter(5);
    QEventLoop loop;
    QTimer::singleShot(static_cast<int>(seconds * 1000), &loop, &QEventLoop::quit);
    meter.start();
    loop.exec();
    return meter.stop();
}

void print(const char* what, const Gaps& g) {
    std::printf("%-34s ticks %6zu  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  gaps > 50 ms: %zu\n", what, g.ms.size(),
                g.percentile(0.5), g.percentile(0.99), g.max(), g.over(50.0));
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    const QString buffer = QFileInfo(argc > 1 ? QString::fromLocal8Bit(argv[1])
                                              : QStringLiteral(RSSM_SOURCE_DIR "/resources/sample/buf.pkl"))
                               .absoluteFilePath();
    const double seconds = argc > 2 ? std::atof(argv[2]) : 30.0;
    std::vector<std::string> overrides;
    for (int i = 3; i < argc; ++i) overrides.emplace_back(argv[i]);

    QTemporaryDir runs;
    rssm::ui::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    window.openBuffer(buffer);
    QElapsedTimer waited;
    waited.start();
    while ((window.bufferPane()->isLoading() || window.bufferPane()->bufferPath().isEmpty()) && waited.elapsed() < 120000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    if (window.bufferPane()->bufferPath().isEmpty()) {
        std::fprintf(stderr, "bench_gui_stall: %s did not open\n", qPrintable(buffer));
        return 1;
    }
    window.tabs()->setCurrentWidget(window.trainingPane());

    rssm::Config config = window.configPane()->config();  // the open buffer, defaults otherwise
    config.applyOverrides({"training.steps=1000000", "training.log_every=1", "training.eval_every=50",
                           "training.save_every=100000", "logging.name=stall"});
    config.set("logging.dir", ("'" + runs.path() + "'").toStdString());
    config.applyOverrides(overrides);
    window.configPane()->setConfig(config);

    std::printf("buffer %s, %.0f s per measurement, training.log_every=1 (a chart update per step)\n",
                qPrintable(buffer), seconds);
    print("idle window (reference)", measure(std::min(seconds, 10.0)));

    window.trainingPane()->startAction()->trigger();
    measure(3.0);  // set-up: loading the buffer and building the model
    const Gaps training = measure(seconds);
    waited.restart();
    window.trainingPane()->stopAction()->trigger();
    // Stop to the training pane idle again: the worker ends within a step
    // and saves the last one (the bound is 1 s).
    while (window.trainingPane()->isTraining() && waited.elapsed() < 30000) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const qint64 stopMs = waited.elapsed();
    print("training with live charts", training);
    std::printf("%-34s %lld ms\n", "Stop to training ended", static_cast<long long>(stopMs));
    // How hard the charts were fed: one metrics row per step.
    const auto rows = rssm::MetricsLog::read((runs.path() + QStringLiteral("/stall/metrics.csv")).toStdString());
    const int step = rows.column("step");
    if (!rows.rows.empty() && step >= 0)
        std::printf("%-34s %.0f steps in %.0f s of measurement plus set-up\n", "trained", rows.rows.back()[step], seconds + 3);
    // The trainer's own rate, from its wall clock, past the first rows (start-up): compare with
    // `rssm train` run with the same overrides (bench/window_vs_cli.sh does both).
    const int wall = rows.column("wall_time");
    const size_t from = std::min<size_t>(5, rows.rows.size() ? rows.rows.size() - 1 : 0);
    if (rows.rows.size() > from + 1 && step >= 0 && wall >= 0) {
        const auto& a = rows.rows[from];
        const auto& b = rows.rows.back();
        std::printf("%-34s %.3f steps/s (steps %.0f to %.0f)\n", "window training rate", (b[step] - a[step]) / (b[wall] - a[wall]),
                    a[step], b[step]);
    }
    return training.max() <= 50.0 ? 0 : 3;
}
