// The README's Runs pane screenshot: the workbench window on its Runs tab,
// opened on a sweep, every run's open-loop error evaluated, sorted by the
// error at h = 8, the three best ticked into the charts and the hover line
// at mid-run. Built with the benchmarks because, like them, it is run by
// hand (scripts/screenshots.sh), under Xvfb.
//
// With DIALOG.png, also the New sweep dialog on the first run's settings,
// two keys marked as swept.
//
// usage: shoot_runs_pane SWEEP_DIR OUT.png [DIALOG.png]
#include <cstdio>

#include "config/Config.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QTabWidget>
#include <QTableView>

#include "runs/RunCurvesView.h"
#include "runs/RunFilterProxy.h"
#include "runs/RunTableModel.h"
#include "runs/RunsPane.h"
#include "runs/SweepDialog.h"
#include "window/MainWindow.h"

namespace {

template <class Done>
bool waitFor(Done done, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    return done();
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: shoot_runs_pane SWEEP_DIR OUT.png\n");
        return 2;
    }
    rssm::ui::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    rssm::ui::RunsPane* pane = window.runsPane();
    window.tabs()->setCurrentWidget(pane);
    bool loaded = false;
    QObject::connect(pane, &rssm::ui::RunsPane::runsLoaded, [&] { loaded = true; });
    pane->openFolder(QString::fromLocal8Bit(argv[1]));
    if (!waitFor([&] { return loaded; }, 60000) || pane->model()->rowCount() == 0) {
        std::fprintf(stderr, "shoot_runs_pane: no runs in %s\n", argv[1]);
        return 1;
    }
    pane->evaluateOpenLoop();
    waitFor([&] { return !pane->isEvaluating(); }, 600000);
    auto* model = pane->model();
    pane->table()->sortByColumn(model->openLoopColumn(1), Qt::AscendingOrder);
    double midStep = 0;
    for (int r = 0; r < std::min(3, pane->proxy()->rowCount()); ++r) {
        const int row = pane->proxy()->mapToSource(pane->proxy()->index(r, 0)).row();
        model->setTicked(row, true);
        midStep = model->run(row).step / 2.0;
    }
    pane->table()->selectRow(0);
    pane->curves()->hoverLabel()->setText(pane->curves()->describeStep(midStep, false));
    waitFor([] { return false; }, 1500);  // the charts draw at their own pace
    if (!window.grab().save(QString::fromLocal8Bit(argv[2]))) {
        std::fprintf(stderr, "shoot_runs_pane: cannot write %s\n", argv[2]);
        return 1;
    }
    std::printf("%s: %d runs\n", argv[2], model->rowCount());
    if (argc > 3) {
        rssm::ui::SweepDialog dialog(rssm::Config::load(model->run(0).dir + "/config.yaml"), &window);
        dialog.setAxis(0, QStringLiteral("model.obs_window"), QStringLiteral("1,4"));
        dialog.setAxis(1, QStringLiteral("model.free_nats"), QStringLiteral("0.5,1.0"));
        dialog.setAxis(2, QStringLiteral("model.latent"), QStringLiteral("gaussian,discrete"));
        dialog.setName(QStringLiteral("adhesion-sweep-2"));
        dialog.setJobs(2);
        dialog.show();
        waitFor([] { return false; }, 500);
        if (!dialog.grab().save(QString::fromLocal8Bit(argv[3]))) return 1;
        std::printf("%s: the sweep dialog\n", argv[3]);
    }
    return 0;
}
