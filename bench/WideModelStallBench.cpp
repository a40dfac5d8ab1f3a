// How long the GUI thread is blocked, per event-loop turn, when the panes
// show a humanoid-sized model: a generated buffer of 128 state dimensions
// (HDF5, made here) and a tiny checkpoint trained on it for a few steps. The
// gaps between ticks of a 5 ms timer are recorded through each user action:
// opening the checkpoint in the trajectory pane, changing the episode,
// typing a dimension filter and clearing it, scrolling the stack; opening
// the buffer in the buffer pane and changing its episode; adding the
// checkpoint to the comparison pane. Issue 10's bound: under 50 ms.
//
// usage: bench_wide_stall [dims] [screenshot-dir]   (under Xvfb: xvfb-run -a -s "-screen 0 1600x1000x24")
// With a screenshot folder it also saves what docs/screenshots shows: the
// wide trajectory pane, a hover readout, a hidden series, stacked buffer plots.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

#include <QApplication>
#include <QCheckBox>
#include <QCursor>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QListWidget>
#include <QScreen>
#include <QTest>
#include <QValueAxis>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include "EventLoopStallMeter.h"
#include "SlowEvents.h"
#include "buffer/BufferPane.h"
#include "buffer/StackedEpisodePlots.h"
#include "charts/ChartInteraction.h"
#include "charts/TrajectoryChart.h"
#include "trajectory/TrajectoryChartView.h"
#include "comparison/ComparisonPane.h"
#include "config/Config.h"
#include "data/ReplayBuffer.h"
#include "io/Hdf5BufferWriter.h"
#include "train/TrainingSession.h"
#include "trajectory/TrajectoryPane.h"

namespace {

// Runs the event loop until `done` or `timeoutMs`.
bool waitFor(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}

void settle(int ms) { waitFor([] { return false; }, ms); }

rssm::bench::TimedApplication* timedApp() { return static_cast<rssm::bench::TimedApplication*>(qApp); }

void report(const char* what, const std::vector<double>& gaps, const std::vector<double>& cpu, double seconds) {
    const double worst = gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end());
    const double worstCpu = cpu.empty() ? 0 : *std::max_element(cpu.begin(), cpu.end());
    const auto over = std::count_if(gaps.begin(), gaps.end(), [](double g) { return g > 50.0; });
    std::printf("%-40s %6.2f s  turns %5zu  max stall %7.1f ms (cpu %5.1f)  turns > 50 ms: %ld\n", what, seconds, gaps.size(),
                worst, worstCpu, static_cast<long>(over));
    if (worst > 40.0) timedApp()->printSlowest(3);  // what the longest turns were busy with
    std::fflush(stdout);
}

// Measures one action: `act` starts it, `done` says it is over.
bool measure(const char* what, const std::function<void()>& act, const std::function<bool()>& done, int timeoutMs = 120000) {
    rssm::bench::EventLoopStallMeter meter(5);
    QElapsedTimer t;
    timedApp()->clearSlow();
    meter.start();
    t.start();
    // Run from the event loop, between two ticks: an action that blocks counts as one long turn.
    bool acted = false;
    QTimer::singleShot(10, [&] {
        act();
        acted = true;
    });
    waitFor([&] { return acted; }, timeoutMs);
    const bool ok = waitFor(done, timeoutMs);
    settle(300);  // what the action left queued (layouts, paints) counts too
    const rssm::bench::StallGaps gaps = meter.stop();
    report(ok ? what : (std::string(what) + " (TIMED OUT)").c_str(), gaps.ms, gaps.cpuMs, t.elapsed() / 1000.0);
    return ok;
}

// `dims` smooth state dimensions of different scales, 8 actions, 12 episodes of 150 steps.
void writeWideBuffer(const std::string& path, int dims) {
    const int episodes = 12, steps = 150, actions = 8;
    rssm::ReplayBuffer b;
    b.setSource(path, "generated");
    b.setEpisodeLengths(std::vector<int64_t>(episodes, steps));
    const int64_t total = int64_t(episodes) * steps;
    rssm::NumericColumn& state = b.addObservation("state", rssm::DType{rssm::ScalarType::Float32, false}, {dims});
    rssm::NumericColumn& action = b.setActions(rssm::DType{rssm::ScalarType::Float32, false}, {actions});
    rssm::NumericColumn& reward = b.setRewards(rssm::DType{rssm::ScalarType::Float32, false});
    std::vector<float> s(dims), a(actions);
    for (int64_t t = 0; t < total; ++t) {
        const double x = 0.05 * static_cast<double>(t % steps), e = static_cast<double>(t / steps);
        for (int d = 0; d < dims; ++d) s[d] = static_cast<float>(std::pow(10.0, d % 4 - 1) * std::sin(x * (1 + d % 7) + 0.3 * e + d));
        for (int k = 0; k < actions; ++k) a[k] = static_cast<float>(std::cos(x * (1 + k) + e));
        state.setStep(t, reinterpret_cast<const uint8_t*>(s.data()), false);
        action.setStep(t, reinterpret_cast<const uint8_t*>(a.data()), false);
        reward.setValue(t, 0.0);
    }
    rssm::writeHdf5Buffer(b, path);
}

}  // namespace

int main(int argc, char** argv) {
    rssm::bench::TimedApplication app(argc, argv);
    const int dims = argc > 1 ? std::atoi(argv[1]) : 128;
    const QString shots = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QString();
    // The whole screen, so a tooltip (its own window) is in the picture.
    auto shoot = [&](QWidget& w, const char* name) {
        if (shots.isEmpty()) return;
        settle(400);
        const QString path = shots + QLatin1Char('/') + QLatin1String(name);
        const bool ok = QGuiApplication::primaryScreen()->grabWindow(0).copy(w.frameGeometry()).save(path);
        std::printf("screenshot %s: %s\n", qPrintable(path), ok ? "saved" : "FAILED");
    };
    QTemporaryDir dir;
    const QString buffer = dir.filePath(QStringLiteral("wide.h5"));
    writeWideBuffer(buffer.toStdString(), dims);

    rssm::Config c;
    c.set("data.buffer_path", "'" + buffer.toStdString() + "'");
    c.set("data.rollout_config_path", "''");
    c.applyOverrides({"model.hidden_dim=32", "model.deter_dim=32", "model.stoch_dim=8", "model.embed_dim=32",
                      "model.vae_hidden_dim=32", "data.seq_len=16", "training.batch_size=4", "training.device=cpu",
                      "training.steps=2", "training.save_every=2", "training.eval_every=2", "logging.name=wide"});
    c.set("logging.dir", "'" + dir.path().toStdString() + "'");
    auto session = rssm::TrainingSession::start(c);
    session->run(nullptr, nullptr);
    const QString checkpoint = QString::fromStdString(session->folder().path()) + QStringLiteral("/rssm_step_2.pt");
    std::printf("%d state dimensions; checkpoint %s\n", dims, qPrintable(checkpoint));

    {
        rssm::ui::TrajectoryPane pane;
        pane.resize(1600, 1000);
        pane.show();
        settle(500);
        int shown = 0;
        QObject::connect(&pane, &rssm::ui::TrajectoryPane::predictionShown, [&] { ++shown; });
        measure("trajectory: open the checkpoint", [&] { pane.openCheckpoint(checkpoint); }, [&] { return shown >= 1; });
        auto* episode = pane.findChild<QSpinBox*>(QStringLiteral("episodeSpin"));
        measure("trajectory: next episode", [&] { episode->setValue(episode->value() + 1); }, [&] { return shown >= 2; });
        auto* filter = pane.findChild<QLineEdit*>(QStringLiteral("dimensionFilter"));
        int typed = 0;
        const QString term = QStringLiteral("state[1");
        measure("trajectory: type a filter, key by key",
                [&] {
                    auto* keys = new QTimer(&pane);
                    QObject::connect(keys, &QTimer::timeout, [&, keys] {
                        if (typed < term.size()) filter->setText(term.left(++typed));
                        else keys->stop();
                    });
                    keys->start(60);
                },
                [&] { return typed >= term.size(); });
        measure("trajectory: clear the filter", [&] { filter->clear(); }, [] { return true; });
        auto* scroll = pane.findChild<QScrollArea*>(QStringLiteral("chartScroll"));
        int scrolled = 0;
        measure("trajectory: scroll the stack, 20 pages",
                [&] {
                    auto* pages = new QTimer(&pane);
                    QObject::connect(pages, &QTimer::timeout, [&, pages] {
                        QScrollBar* bar = scroll->verticalScrollBar();
                        bar->setValue(bar->value() + bar->pageStep());
                        if (++scrolled >= 20) pages->stop();
                    });
                    pages->start(100);
                },
                [&] { return scrolled >= 20; });
        if (!shots.isEmpty()) {
            scroll->verticalScrollBar()->setValue(0);
            waitFor([&] { return pane.chartsUpToDate(); }, 60000);
            shoot(pane, "trajectory-128-dims.png");
            // Hover over the first chart at an open-loop step: the readout of every line there.
            auto* view = pane.findChild<rssm::ui::TrajectoryChartView*>(QStringLiteral("trajectoryChart_0"));
            if (view) {
                rssm::ui::TrajectoryChart* chart = view->trajectoryChart();
                const double x = chart->stepAxis()->min() + 0.7 * (chart->stepAxis()->max() - chart->stepAxis()->min());
                const QPointF at = chart->mapToPosition(QPointF(x, chart->valueAxis()->min() / 2 + chart->valueAxis()->max() / 2));
                const QPoint inView = view->mapFromScene(chart->mapToScene(at));
                QCursor::setPos(view->viewport()->mapToGlobal(inView));
                QTest::mouseMove(view->viewport(), inView);
                shoot(pane, "trajectory-hover-readout.png");
                // The truth hidden by a click on its legend entry.
                auto* hover = view->findChild<rssm::ui::ChartInteraction*>();
                if (hover) hover->refresh();
                for (QLegendMarker* m : chart->legend()->markers(chart->truthSeries())) Q_EMIT m->clicked();
                QCursor::setPos(0, 0);
                shoot(pane, "trajectory-hidden-series.png");
            }
        }
    }
    {
        rssm::ui::BufferPane pane;
        pane.resize(1600, 1000);
        pane.show();
        settle(500);
        bool opened = false;
        QObject::connect(&pane, &rssm::ui::BufferPane::bufferOpened, [&] { opened = true; });
        measure("buffer: open", [&] { pane.openBuffer(buffer); }, [&] { return opened; });
        auto* episodes = pane.findChild<QTableView*>(QStringLiteral("episodeTable"));
        if (episodes)
            measure("buffer: next episode", [&] { episodes->selectRow(3); }, [] { return true; });
        // Every dimension checked, then one plot per dimension.
        auto* list = pane.findChild<QListWidget*>(QStringLiteral("dimensionList"));
        if (list)
            measure("buffer: plot every dimension on one axis", [&] {
                {
                    const QSignalBlocker quiet(list);  // as if checked one by one earlier: one replot here
                    for (int i = 0; i + 1 < list->count(); ++i) list->item(i)->setCheckState(Qt::Checked);
                }
                list->item(list->count() - 1)->setCheckState(Qt::Checked);
            }, [] { return true; });
        auto* stacked = pane.findChild<QCheckBox*>(QStringLiteral("stackedCheck"));
        if (stacked) {
            auto* stack = pane.findChild<rssm::ui::StackedEpisodePlots*>(QStringLiteral("stackedPlots"));
            measure("buffer: one plot per dimension (all built)", [&] { stacked->setChecked(true); },
                    [&] { return stack && stack->plots().size() >= stack->lineCount(); });
            settle(3000);
            if (list && !shots.isEmpty()) {
                {
                    const QSignalBlocker quiet(list);
                    for (int i = 1; i < dims; ++i) list->item(i)->setCheckState(i % 21 == 0 ? Qt::Checked : Qt::Unchecked);
                }
                list->item(0)->setCheckState(Qt::Unchecked);
                list->item(0)->setCheckState(Qt::Checked);
                shoot(pane, "buffer-stacked-plots.png");
            }
        }
    }
    {
        rssm::ui::ComparisonPane pane;
        pane.resize(1600, 1000);
        pane.show();
        settle(500);
        bool evaluated = false;
        QObject::connect(&pane, &rssm::ui::ComparisonPane::evaluated, [&] { evaluated = true; });
        QObject::connect(&pane, &rssm::ui::ComparisonPane::failed, [&] { evaluated = true; });
        measure("comparison: add the checkpoint", [&] { pane.addCheckpoint(checkpoint); }, [&] { return evaluated; });
    }
    return 0;
}
