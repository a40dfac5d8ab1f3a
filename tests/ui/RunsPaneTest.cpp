// The Runs pane on a real 2x2 sweep of a tiny model: one row per run, the
// swept keys (and only those) as columns, sorting by the open-loop error it
// evaluates off the GUI thread and caches, filters, ticked runs overlaid in
// the charts with a legend that toggles them, the comparison hand-off, and a
// run still being written followed live.
#include <cmath>

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "config/Config.h"
#include "eval/OpenLoopScore.h"
#include "runs/RunCurvesView.h"
#include "runs/RunFilterProxy.h"
#include "runs/RunTableModel.h"
#include "runs/RunsPane.h"
#include "runs/SweepDialog.h"
#include "runs/SweepRunner.h"
#include "train/SweepState.h"
#include "train/MetricsLog.h"
#include "train/Sweep.h"
#include "training/MetricCurveChart.h"

using namespace rssm;
using namespace rssm::ui;

namespace {

constexpr int kTimeoutMs = 180000;

Config tinyBase(const QString& dir) {
    Config c;
    c.set("data.buffer_path", RSSM_SOURCE_DIR "/resources/sample/buf.pkl");
    c.set("data.rollout_config_path", RSSM_SOURCE_DIR "/resources/sample/rollout_config.yaml");
    c.applyOverrides({"model.hidden_dim=16", "model.deter_dim=16", "model.stoch_dim=4", "model.embed_dim=16", "model.vae_hidden_dim=16",
                      "data.seq_len=8", "training.batch_size=4", "training.device=cpu", "training.threads=1", "training.steps=8",
                      "training.eval_every=4", "training.save_every=4", "training.log_every=1", "logging.name=sweep",
                      "logging.tensorboard=false"});
    c.set("logging.dir", "'" + dir.toStdString() + "'");
    return c;
}

void openAndWait(RunsPane& pane, const QString& dir) {
    QSignalSpy loaded(&pane, &RunsPane::runsLoaded);
    pane.openFolder(dir);
    QVERIFY(loaded.wait(kTimeoutMs));
}

QStringList headers(const RunTableModel& model) {
    QStringList h;
    for (int c = 0; c < model.columnCount(); ++c) h << model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
    return h;
}

}  // namespace

class RunsPaneTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        auto sweep = Sweep::create(tinyBase(dir_.path()), {"model.free_nats=0.5,1.0", "model.obs_window=1,2"});
        sweep->run(1, nullptr, nullptr);
        root_ = QString::fromStdString(sweep->root());
    }

    void listsTheFourRunsWithExactlyTheSweptKeys() {
        RunsPane pane;
        openAndWait(pane, root_);
        const RunTableModel& model = *pane.model();
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(pane.proxy()->rowCount(), 4);
        // The config keys that differ, in schema order, and no other key.
        QCOMPARE(model.configKeys(), (std::vector<std::string>{"model.obs_window", "model.free_nats"}));
        QCOMPARE(headers(model), (QStringList{"Run", "Status", "Steps", "Wall time", "model.obs_window", "model.free_nats", "Train loss",
                                              "Val loss", "MSE h=1", "MSE h=8", "MSE h=16"}));
        for (int r = 0; r < 4; ++r) {
            QCOMPARE(model.index(r, RunTableModel::NameColumn).data().toString(), QString::number(r));
            QCOMPARE(model.index(r, RunTableModel::StateColumn).data().toString(), QStringLiteral("finished"));
            QCOMPARE(model.index(r, RunTableModel::StepsColumn).data().toString(), QStringLiteral("8 / 8"));
            QVERIFY(!model.index(r, model.trainLossColumn()).data().toString().isEmpty());
            QVERIFY(!model.index(r, model.valLossColumn()).data().toString().isEmpty());
        }
        QCOMPARE(model.index(1, 4).data().toString(), QStringLiteral("2"));  // run 1: free_nats 0.5, obs_window 2
        QCOMPARE(model.index(2, 5).data().toString(), QStringLiteral("1.0"));  // run 2: free_nats 1.0
    }

    void sortsByOpenLoopErrorEvaluatedOnceAndCached() {
        RunsPane pane;
        openAndWait(pane, root_);
        QSignalSpy evaluated(&pane, &RunsPane::openLoopEvaluated);
        pane.evaluateOpenLoop();  // nothing selected: every run without a score
        QTRY_VERIFY_WITH_TIMEOUT(!pane.isEvaluating(), kTimeoutMs);
        QCOMPARE(evaluated.size(), 4);
        const RunTableModel& model = *pane.model();
        const int h8 = model.openLoopColumn(1);
        for (int r = 0; r < 4; ++r) {
            QVERIFY2(model.openLoop(r).has_value(), qPrintable(model.index(r, h8).data(Qt::ToolTipRole).toString()));
            QVERIFY(std::isfinite(model.openLoop(r)->mse[1]));
            QVERIFY(QFile::exists(QString::fromStdString(model.run(r).dir) + "/" + QString::fromStdString(openLoopCacheName())));
        }
        pane.table()->sortByColumn(h8, Qt::AscendingOrder);
        // (Runs can tie: free nats above the KL of a few steps make the same model.)
        auto shownOrder = [&] {
            std::vector<double> values;
            for (int r = 0; r < pane.proxy()->rowCount(); ++r)
                values.push_back(model.openLoop(pane.proxy()->mapToSource(pane.proxy()->index(r, 0)).row())->mse[1]);
            return values;
        };
        std::vector<double> ascending = shownOrder();
        QVERIFY(std::is_sorted(ascending.begin(), ascending.end()));
        QVERIFY(ascending.front() < ascending.back());  // obs_window 1 and 2 do differ
        pane.table()->sortByColumn(h8, Qt::DescendingOrder);
        std::vector<double> descending = shownOrder();
        QVERIFY(std::is_sorted(descending.rbegin(), descending.rend()));

        // Another pane reads the cached scores: nothing is evaluated again.
        RunsPane again;
        openAndWait(again, root_);
        QSignalSpy evaluatedAgain(&again, &RunsPane::openLoopEvaluated);
        for (int r = 0; r < 4; ++r) QVERIFY(again.model()->openLoop(r).has_value());
        again.evaluateOpenLoop();
        QVERIFY(!again.isEvaluating());
        QCOMPARE(evaluatedAgain.size(), 0);
    }

    void tickingTwoRunsOverlaysTwoCurves() {
        RunsPane pane;
        pane.resize(1400, 900);
        pane.show();
        openAndWait(pane, root_);
        RunTableModel& model = *pane.model();
        QVERIFY(model.setData(model.index(0, 0), Qt::Checked, Qt::CheckStateRole));
        QVERIFY(model.setData(model.index(3, 0), Qt::Checked, Qt::CheckStateRole));
        MetricCurveChart* loss = pane.curves()->lossChart();
        QCOMPARE(RunCurvesView::drawnCurves(loss), (QStringList{"0", "3"}));
        QCOMPARE(RunCurvesView::drawnCurves(pane.curves()->validationChart()), (QStringList{"0", "3"}));
        QCOMPARE(loss->dataPointCount("0"), size_t(8));
        QCOMPARE(loss->smoothedSeries("0")->color(), model.colorOf(0));
        QCOMPARE(loss->smoothedSeries("3")->color(), model.colorOf(3));
        QVERIFY(model.colorOf(0) != model.colorOf(3));
        // The table's swatch is the curve's colour, in a selected row too
        // (where Qt would otherwise tint it with the selection's).
        for (const QIcon::Mode mode : {QIcon::Normal, QIcon::Selected}) {
            const QIcon swatch = model.data(model.index(3, 0), Qt::DecorationRole).value<QIcon>();
            QCOMPARE(swatch.pixmap(QSize(14, 14), mode).toImage().pixelColor(7, 7), model.colorOf(3));
        }
        // Hover: each visible run's value at the step.
        const QString hover = pane.curves()->describeStep(5, false);
        QVERIFY2(hover.contains(": " + QString::number(model.run(0).metrics.rows[4][2], 'g', 4)), qPrintable(hover));
        QVERIFY2(hover.contains(": " + QString::number(model.run(3).metrics.rows[4][2], 'g', 4)), qPrintable(hover));
        // The legend toggles a run's curves.
        QToolButton* button = pane.curves()->legendButton(QString::fromStdString(model.run(3).dir));
        QVERIFY(button);
        button->click();
        QCOMPARE(RunCurvesView::drawnCurves(loss), (QStringList{"0"}));
        QVERIFY(!pane.curves()->describeStep(5, false).contains(">&#9632;</span> 3:"));
        button->click();
        QCOMPARE(RunCurvesView::drawnCurves(loss), (QStringList{"0", "3"}));
        // Unticking removes it.
        QVERIFY(model.setData(model.index(0, 0), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(RunCurvesView::drawnCurves(loss), (QStringList{"3"}));
    }

    void filtersByTextAndByConfigValue() {
        RunsPane pane;
        openAndWait(pane, root_);
        pane.keyFilter()->setCurrentText(QStringLiteral("model.obs_window"));
        QCOMPARE(pane.valueFilter()->count(), 2);
        pane.valueFilter()->setCurrentText(QStringLiteral("2"));
        QCOMPARE(pane.proxy()->rowCount(), 2);
        for (int r = 0; r < 2; ++r)
            QCOMPARE(pane.proxy()->index(r, pane.model()->columnOfKey("model.obs_window")).data().toString(), QStringLiteral("2"));
        pane.keyFilter()->setCurrentIndex(0);
        QCOMPARE(pane.proxy()->rowCount(), 4);
        pane.filterEdit()->setText(QStringLiteral("nothing like this"));
        QCOMPARE(pane.proxy()->rowCount(), 0);
        pane.filterEdit()->setText(QStringLiteral("finished"));
        QCOMPARE(pane.proxy()->rowCount(), 4);
    }

    void sendsTheSelectedRunsBestCheckpointsToComparison() {
        RunsPane pane;
        openAndWait(pane, root_);
        pane.table()->selectionModel()->select(pane.proxy()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        pane.table()->selectionModel()->select(pane.proxy()->index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QSignalSpy compare(&pane, &RunsPane::compareCheckpoints);
        QPushButton* button = nullptr;
        for (auto* b : pane.findChildren<QPushButton*>())
            if (b->text().remove('&') == QStringLiteral("Compare checkpoints")) button = b;
        QVERIFY(button);
        button->click();
        QCOMPARE(compare.size(), 1);
        const QStringList paths = compare.at(0).at(0).toStringList();
        QCOMPARE(paths.size(), 2);
        for (const QString& p : paths) {
            QVERIFY(QFile::exists(p));
            QVERIFY(p.endsWith(QStringLiteral(".pt")));
        }
    }

    void followsARunStillBeingWritten() {
        QTemporaryDir live;
        const QString run = live.filePath(QStringLiteral("live"));
        QDir().mkpath(run);
        Config c = tinyBase(live.path());
        c.set("training.steps", "100");
        c.save((run + "/config.yaml").toStdString());
        auto row = [](int64_t step) {
            TrainingMetrics m;
            m.step = step;
            m.wallTime = step * 0.5;
            m.losses["loss"] = 10.0 / step;
            return m;
        };
        {
            MetricsLog log((run + "/metrics.csv").toStdString());
            for (int s = 1; s <= 3; ++s) log.append(row(s));
        }
        RunsPane pane;
        openAndWait(pane, run);
        QCOMPARE(pane.model()->rowCount(), 1);
        QCOMPARE(pane.model()->index(0, RunTableModel::StateColumn).data().toString(), QStringLiteral("running"));
        QCOMPARE(pane.model()->index(0, RunTableModel::StepsColumn).data().toString(), QStringLiteral("3 / 100"));
        pane.model()->setTicked(0, true);
        QCOMPARE(pane.curves()->lossChart()->dataPointCount("live"), size_t(3));
        {
            MetricsLog log((run + "/metrics.csv").toStdString());
            for (int s = 4; s <= 6; ++s) log.append(row(s));
        }
        QSignalSpy loaded(&pane, &RunsPane::runsLoaded);
        pane.refresh();
        QVERIFY(loaded.wait(kTimeoutMs));
        QCOMPARE(pane.model()->index(0, RunTableModel::StepsColumn).data().toString(), QStringLiteral("6 / 100"));
        QCOMPARE(pane.curves()->lossChart()->dataPointCount("live"), size_t(6));
    }

    void theSweepDialogRefusesABadValueNamingTheRun() {
        SweepDialog dialog(tinyBase(dir_.path()));
        QVERIFY(!dialog.startButton()->isEnabled());  // nothing swept yet
        dialog.setAxis(0, QStringLiteral("model.obs_window"), QStringLiteral("1,0"));
        QVERIFY(!dialog.startButton()->isEnabled());
        QVERIFY2(dialog.problem().contains(QStringLiteral("run 1 (model.obs_window=0)")), qPrintable(dialog.problem()));
        dialog.setAxis(0, QStringLiteral("model.obs_window"), QStringLiteral("1,2"));
        dialog.setAxis(1, QStringLiteral("model.free_nats"), QStringLiteral("0.5,1.0"));
        QVERIFY2(dialog.startButton()->isEnabled(), qPrintable(dialog.problem()));
        QVERIFY(std::find(dialog.overrides().begin(), dialog.overrides().end(), "model.free_nats=0.5,1.0") != dialog.overrides().end());
    }

    void aSweepFromTheWindowStopsOneRunThenTheWhole() {
        QTemporaryDir work;
        RunsPane pane;
        pane.setConfigSource([&] {
            Config c = tinyBase(work.path());
            c.set("training.steps", "1000000");  // runs only a Stop ends
            return c;
        });
        auto button = [&](const QString& text) {
            for (auto* b : pane.findChildren<QPushButton*>())
                if (b->text().remove('&') == text) return b;
            return static_cast<QPushButton*>(nullptr);
        };
        QSignalSpy started(pane.sweepRunner(), &SweepRunner::runStarted);
        QSignalSpy ended(pane.sweepRunner(), &SweepRunner::runEnded);
        QSignalSpy finished(pane.sweepRunner(), &SweepRunner::finished);
        QCOMPARE(pane.startSweep({"model.obs_window=1,2", "logging.name=gui"}, 1), QString());
        QVERIFY(started.wait(kTimeoutMs));
        QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 1, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(pane.model()->index(0, RunTableModel::StateColumn).data().toString(), QStringLiteral("running"), kTimeoutMs);
        pane.table()->selectRow(0);
        button(QStringLiteral("Stop selected runs"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, kTimeoutMs);
        QCOMPARE(ended.at(0).at(0).toInt(), 0);
        QCOMPARE(ended.at(0).at(1).toString(), QStringLiteral("stopped"));
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 2, kTimeoutMs);  // the next run goes on
        button(QStringLiteral("Stop sweep"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kTimeoutMs);
        const SweepState state = SweepState::load(work.filePath(QStringLiteral("gui")).toStdString());
        QCOMPARE(state.runs()[0].status, SweepRunStatus::Stopped);
        QCOMPARE(state.runs()[1].status, SweepRunStatus::Stopped);
        QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 2, kTimeoutMs);
        QVERIFY(button(QStringLiteral("New sweep…"))->isEnabled());
    }

private:
    QTemporaryDir dir_;
    QString root_;
};

QTEST_MAIN(RunsPaneTest)
#include "RunsPaneTest.moc"
