// The training pane through its widgets: a real run on the sample buffer
// started and stopped with the buttons, live charts, checkpoints, errors,
// and a run folder followed while its metrics.csv grows. The event loop's
// worst stall during live training is measured and printed.
#include <cmath>
#include <functional>

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QValueAxis>
#include <QtTest>

#include "config/Config.h"
#include "config/ConfigPane.h"
#include "train/MetricsLog.h"
#include "util/Csv.h"
#include "training/CheckpointList.h"
#include "training/MetricCurveChart.h"
#include "training/TrainingChartGrid.h"
#include "training/TrainingPane.h"

using namespace rssm;
using namespace rssm::ui;

namespace {

// wall_time - train_time in the run's last metrics.csv row: the time the run spent not training.
double secondsNotTraining(const QString& runPath) {
    const MetricsLog::Table log = MetricsLog::read((runPath + QStringLiteral("/metrics.csv")).toStdString());
    const int wall = log.column("wall_time"), train = log.column("train_time");
    if (wall < 0 || train < 0 || log.rows.empty()) return std::nan("");
    return log.rows.back()[static_cast<size_t>(wall)] - log.rows.back()[static_cast<size_t>(train)];
}

constexpr int kTimeoutMs = 60000;  // CI has 2 slow, shared cores

// A small model on the bundled sample buffer, logging every step.
Config smallRun(const QString& logDir) {
    Config c;
    const QString sample = QStringLiteral(RSSM_SOURCE_DIR "/resources/sample/");
    auto quoted = [](const QString& s) { return ("'" + s + "'").toStdString(); };
    c.set("data.buffer_path", quoted(sample + QStringLiteral("buf.pkl")));
    c.set("data.rollout_config_path", quoted(sample + QStringLiteral("rollout_config.yaml")));
    c.applyOverrides({"model.hidden_dim=32", "model.deter_dim=32", "model.stoch_dim=8", "model.embed_dim=32",
                      "model.vae_hidden_dim=32", "model.latent_dim=8", "data.seq_len=16", "training.batch_size=8",
                      "training.steps=100000", "training.log_every=1", "training.eval_every=5", "training.save_every=20",
                      "training.val_batches=2", "logging.name=run"});
    c.set("logging.dir", quoted(logDir));
    return c;
}

int seriesPoints(MetricCurveChart* chart, const char* curve) {
    QLineSeries* s = chart->smoothedSeries(QString::fromLatin1(curve));
    return s ? static_cast<int>(s->count()) : 0;
}

void appendText(const QString& path, const QByteArray& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    file.write(text);
}

// A row as a training writes it, validated every fifth step.
QByteArray metricsRow(int step) {
    TrainingMetrics m;
    m.step = step;
    m.wallTime = m.trainTime = 0.1 * step;
    const double loss = 1.0 / step;
    m.losses = {{"loss", loss}, {"recon", 0.5}, {"kl", 0.2}, {"kl_value", 0.3}, {"vae_recon", 0.1}, {"vae_kl", 0.05}};
    m.gradNorm = 1.5;
    m.lr = 0.0003;
    m.stepsPerSecond = 10;
    if (step % 5 == 0) m.validation = {{"loss", loss * 1.1}, {"recon", 0.6}, {"kl", 0.25}};
    return QByteArray::fromStdString(MetricsLog::row(m));
}

// Runs a real event loop until `done` or the timeout. QTest::qWait and
// QTRY_* sleep 10 ms between their rounds of events, which would count as
// stalls in a measurement of the event loop.
bool runEventLoopUntil(const std::function<bool()>& done, int timeoutMs) {
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done()) loop.quit();
    });
    check.start(20);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return done();
}

QByteArray metricsHeader() { return QByteArray::fromStdString(csvRow(MetricsLog::columns())); }

}  // namespace

class TrainingPaneTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startStopLiveRun() {
        QTemporaryDir logs;
        QVERIFY(logs.isValid());
        ConfigPane config;
        config.setConfig(smallRun(logs.path()));
        QVERIFY2(config.problems().isEmpty(), qPrintable(config.problems().join('\n')));
        TrainingPane pane(&config);
        pane.resize(1600, 1000);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));

        QSignalSpy state(&pane, &TrainingPane::trainingStateChanged);
        QSignalSpy runtime(&pane, &TrainingPane::runtimeChanged);
        QSignalSpy run(&pane, &TrainingPane::runChanged);
        QSignalSpy saved(&pane, &TrainingPane::checkpointSaved);
        auto* start = pane.findChild<QToolButton*>(QStringLiteral("startButton"));
        auto* stop = pane.findChild<QToolButton*>(QStringLiteral("stopButton"));
        auto* pauseButton = pane.findChild<QToolButton*>(QStringLiteral("pauseButton"));
        auto* resumeButton = pane.findChild<QToolButton*>(QStringLiteral("resumeButton"));
        QVERIFY(start->isEnabled());
        QVERIFY(!stop->isEnabled());

        QTest::mouseClick(start, Qt::LeftButton);
        QCOMPARE(state.count(), 1);
        QCOMPARE(state.at(0).at(0).toBool(), true);
        QVERIFY(pane.isTraining());
        QVERIFY(!start->isEnabled());
        QVERIFY(stop->isEnabled());

        QTRY_COMPARE_WITH_TIMEOUT(runtime.count(), 1, kTimeoutMs);
        QCOMPARE(run.count(), 1);
        QCOMPARE(pane.runPath(), QDir(logs.filePath(QStringLiteral("run"))).absolutePath());
        // Live: curves, validation and a checkpoint arrive while it trains.
        // (How responsive the window stays meanwhile is measured by
        // bench/GuiStallBench.cpp, not asserted here: no test asserts on time.)
        TrainingChartGrid* charts = pane.charts();
        const bool live = runEventLoopUntil(
            [&] {
                return seriesPoints(charts->lossChart(), "loss") >= 30 && seriesPoints(charts->speedChart(), "steps_per_s") >= 5 &&
                       seriesPoints(charts->validationChart(), "val_loss") >= 2 && saved.count() >= 1;
            },
            kTimeoutMs);
        QVERIFY2(live, "no live curves, validation or checkpoint within the timeout");
        QVERIFY(charts->lossChart()->rawSeries(QStringLiteral("loss"))->count() > 0);  // the faint raw curve
        for (const char* term : {"recon", "kl", "kl_value", "vae_recon", "vae_kl"})
            QVERIFY2(charts->lossChart()->dataPointCount(QString::fromLatin1(term)) > 0, term);
        QVERIFY(charts->gradNormChart()->dataPointCount(QStringLiteral("grad_norm")) > 0);
        QVERIFY(charts->lrChart()->dataPointCount(QStringLiteral("lr")) > 0);
        auto* progress = pane.findChild<QProgressBar*>(QStringLiteral("trainingProgress"));
        QCOMPARE(progress->maximum(), 100000);
        QVERIFY(progress->value() > 0);
        QTRY_VERIFY(pane.findChild<QLabel*>(QStringLiteral("progressLabel"))->text().contains(QStringLiteral("ETA")));

        // Pause: no new rows arrive; Resume: they do again.
        const double idleBefore = secondsNotTraining(pane.runPath());
        QTest::mouseClick(pauseButton, Qt::LeftButton);
        QVERIFY(resumeButton->isEnabled());
        QVERIFY(!pauseButton->isEnabled());
        QTest::qWait(400);  // rows of the step under way may still land
        const size_t pausedAt = charts->lossChart()->dataPointCount(QStringLiteral("loss"));
        QTest::qWait(600);
        QCOMPARE(charts->lossChart()->dataPointCount(QStringLiteral("loss")), pausedAt);
        QTest::mouseClick(resumeButton, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(charts->lossChart()->dataPointCount(QStringLiteral("loss")) > pausedAt + 5, kTimeoutMs);
        // The second paused is wall time but not training time (so not in steps/s or the ETA either).
        QVERIFY2(secondsNotTraining(pane.runPath()) - idleBefore >= 0.5, "metrics.csv's train_time counted the pause");
        // The same from the keyboard: Pause and Resume share Ctrl+P, and only one is enabled at a time.
        pane.activateWindow();
        QTest::keyClick(&pane, Qt::Key_P, Qt::ControlModifier);
        QVERIFY(resumeButton->isEnabled());
        QVERIFY(!pauseButton->isEnabled());
        QTest::keyClick(&pane, Qt::Key_P, Qt::ControlModifier);
        QVERIFY(pauseButton->isEnabled());
        QVERIFY(!resumeButton->isEnabled());
        QTest::qWait(500);  // charts keep redrawing

        // Stop ends the run (how fast is bench/GuiStallBench.cpp's "Stop to training ended").
        QTest::mouseClick(stop, Qt::LeftButton);
        runEventLoopUntil([&] { return state.count() == 2; }, kTimeoutMs);
        QCOMPARE(state.count(), 2);
        QCOMPARE(state.at(1).at(0).toBool(), false);
        QVERIFY(!pane.isTraining());
        QVERIFY(start->isEnabled());

        // The stop saved the last step; the list shows every checkpoint.
        auto* table = pane.findChild<QTreeWidget*>(QStringLiteral("checkpointTable"));
        QVERIFY(table->topLevelItemCount() >= 2);
        QCOMPARE(table->topLevelItemCount(), saved.count());
        QVERIFY(QFile::exists(saved.last().at(0).toString()));
        QVERIFY(QFile::exists(pane.runPath() + QStringLiteral("/metrics.csv")));
        const QString status = pane.findChild<QLabel*>(QStringLiteral("trainingStatus"))->text();
        QVERIFY2(status.contains(QStringLiteral("stopped")), qPrintable(status));

        // Checkpoints open in the other panes.
        QSignalSpy openTrajectory(&pane, &TrainingPane::openInTrajectory);
        QSignalSpy compare(&pane, &TrainingPane::addToComparison);
        QTreeWidgetItem* first = table->topLevelItem(0);
        const QPoint onFirst = table->visualItemRect(first).center();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, onFirst);
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, onFirst);
        QCOMPARE(openTrajectory.count(), 1);
        QCOMPARE(openTrajectory.at(0).at(0).toString(), first->data(0, Qt::UserRole).toString());
        table->selectAll();
        QTest::mouseClick(pane.findChild<QPushButton*>(QStringLiteral("addToComparisonButton")), Qt::LeftButton);
        QCOMPARE(compare.count(), 1);
        QCOMPARE(compare.at(0).at(0).toStringList().size(), table->topLevelItemCount());

        const QString shots = qEnvironmentVariable("RSSM_PANE_SCREENSHOTS");
        if (!shots.isEmpty()) {
            charts->lossChart()->redrawNow();
            QTest::qWait(200);  // the charts lay their axes out
            QVERIFY(pane.grab().save(QDir(shots).filePath(QStringLiteral("training_pane.png"))));
            charts->setLogY(true);
            charts->setXAxisMode(MetricCurveChart::XAxisMode::WallTime);
            QTest::qWait(200);
            QVERIFY(pane.grab().save(QDir(shots).filePath(QStringLiteral("training_pane_log_wall.png"))));
        }

        // Starting again into the same run folder is refused with the reason.
        QTest::mouseClick(start, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(state.count(), 4, kTimeoutMs);
        QTRY_VERIFY(pane.findChild<QLabel*>(QStringLiteral("trainingStatus"))->text().contains(QStringLiteral("already holds checkpoints")));
    }

    void badBufferIsShown() {
        QTemporaryDir logs;
        ConfigPane config;
        Config c = smallRun(logs.path());
        c.set("data.buffer_path", "/nonexistent/buf.pkl");
        config.setConfig(c);
        TrainingPane pane(&config);
        QSignalSpy state(&pane, &TrainingPane::trainingStateChanged);
        pane.startAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(state.count(), 2, kTimeoutMs);
        const QString status = pane.findChild<QLabel*>(QStringLiteral("trainingStatus"))->text();
        QVERIFY2(status.contains(QStringLiteral("/nonexistent/buf.pkl")), qPrintable(status));
        QVERIFY(pane.startAction()->isEnabled());
    }

    void followsAGrowingRunFolder() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Config c;
        c.set("training.steps", "40");
        c.save(dir.filePath(QStringLiteral("config.yaml")).toStdString());
        const QString metrics = dir.filePath(QStringLiteral("metrics.csv"));
        QByteArray text = metricsHeader();
        for (int step = 1; step <= 10; ++step) text += metricsRow(step);
        appendText(metrics, text);

        ConfigPane config;
        TrainingPane pane(&config);
        pane.resize(1600, 1000);
        pane.show();
        // A server's data-parallel run: the status bar should say it trained on 4 GPUs there.
        appendText(dir.filePath(QStringLiteral("train_logging.yaml")),
                   "device: cuda\nlibtorch_threads: 4\nblas_threads: 1\nworld_size: 4\nbackend: nccl\n");
        QSignalSpy run(&pane, &TrainingPane::runChanged);
        QSignalSpy runtime(&pane, &TrainingPane::runtimeChanged);
        pane.openRunFolder(dir.path());
        QCOMPARE(run.count(), 1);
        QCOMPARE(pane.runPath(), QDir(dir.path()).absolutePath());
        QCOMPARE(runtime.count(), 1);
        QCOMPARE(runtime.at(0), (QList<QVariant>{QStringLiteral("cuda, 4 ranks (nccl)"), 4, 1}));
        MetricCurveChart* loss = pane.charts()->lossChart();
        QTRY_COMPARE_WITH_TIMEOUT(loss->dataPointCount(QStringLiteral("loss")), size_t(10), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(seriesPoints(loss, "loss"), 10, kTimeoutMs);
        QCOMPARE(pane.charts()->validationChart()->dataPointCount(QStringLiteral("val_loss")), size_t(2));
        QCOMPARE(pane.findChild<QProgressBar*>(QStringLiteral("trainingProgress"))->maximum(), 40);

        // New rows, the last one still being written: only complete lines count.
        QByteArray more;
        for (int step = 11; step <= 15; ++step) more += metricsRow(step);
        const QByteArray partial = metricsRow(16);
        appendText(metrics, more + partial.left(7));
        QTRY_COMPARE_WITH_TIMEOUT(loss->dataPointCount(QStringLiteral("loss")), size_t(15), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(seriesPoints(loss, "loss"), 15, kTimeoutMs);
        appendText(metrics, partial.mid(7));
        QTRY_COMPARE_WITH_TIMEOUT(loss->dataPointCount(QStringLiteral("loss")), size_t(16), kTimeoutMs);
        QTRY_COMPARE(seriesPoints(loss, "loss"), 16);
        QCOMPARE(pane.findChild<QProgressBar*>(QStringLiteral("trainingProgress"))->value(), 16);

        // A new checkpoint appears in the list.
        QFile checkpoint(dir.filePath(QStringLiteral("rssm_step_10.pt")));
        QVERIFY(checkpoint.open(QIODevice::WriteOnly));
        checkpoint.close();
        auto* table = pane.findChild<QTreeWidget*>(QStringLiteral("checkpointTable"));
        QTRY_COMPARE_WITH_TIMEOUT(table->topLevelItemCount(), 1, kTimeoutMs);
        QCOMPARE(table->topLevelItem(0)->text(0), QStringLiteral("10"));

        // A resumed run rewrites the file shorter: it is read again from the start.
        QFile rewrite(metrics);
        QVERIFY(rewrite.open(QIODevice::WriteOnly | QIODevice::Truncate));
        rewrite.write(metricsHeader() + metricsRow(1) + metricsRow(2));
        rewrite.close();
        QTRY_COMPARE_WITH_TIMEOUT(loss->dataPointCount(QStringLiteral("loss")), size_t(2), kTimeoutMs);
    }

    void notARunFolderIsShown() {
        QTemporaryDir dir;
        ConfigPane config;
        TrainingPane pane(&config);
        pane.openRunFolder(dir.path());
        QVERIFY(pane.runPath().isEmpty());
        const QString status = pane.findChild<QLabel*>(QStringLiteral("trainingStatus"))->text();
        QVERIFY2(status.contains(QStringLiteral("config.yaml")), qPrintable(status));
    }

    void millionPointsAreReducedPerPixelColumn() {
        MetricCurveChart chart(QStringLiteral("loss"));
        chart.resize(900, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const size_t n = 1000000;
        std::vector<double> steps(n), walls(n), values(n);
        for (size_t i = 0; i < n; ++i) {
            steps[i] = static_cast<double>(i + 1);
            walls[i] = 0.01 * static_cast<double>(i);
            values[i] = 1.0 + 0.1 * std::sin(0.001 * static_cast<double>(i));
        }
        values[500000] = 50.0;  // one spike must survive the reduction
        chart.setCurve(QStringLiteral("loss"), Qt::blue, steps, walls, values);
        QElapsedTimer timer;
        timer.start();
        chart.redrawNow();
        qInfo("1e6 points: smoothed, reduced and drawn into the series in %lld ms", static_cast<long long>(timer.elapsed()));
        const int columns = static_cast<int>(chart.chart()->plotArea().width());
        QVERIFY(columns > 100);
        const QList<QPointF> raw = chart.rawSeries(QStringLiteral("loss"))->points();
        QVERIFY(raw.size() <= 4 * columns + 8);
        QVERIFY(raw.size() > columns);
        double highest = 0;
        for (const QPointF& p : raw) highest = std::max(highest, p.y());
        QCOMPARE(highest, 50.0);
        QCOMPARE(raw.front().x(), 1.0);
        QCOMPARE(raw.back().x(), static_cast<double>(n));
        auto* y = qobject_cast<QValueAxis*>(chart.yAxis());
        QVERIFY(y && y->max() >= 50.0);
    }

    void smoothingLogScaleAndWallTime() {
        MetricCurveChart chart(QStringLiteral("loss"));
        chart.resize(600, 300);
        const std::vector<double> steps{1, 2, 3, 4}, walls{0.5, 1.0, 1.5, 2.0}, values{4.0, 0.0, 2.0, -1.0};
        chart.setCurve(QStringLiteral("loss"), Qt::red, steps, walls, values);
        chart.setSmoothing(0.5);
        chart.redrawNow();
        const QList<QPointF> smooth = chart.smoothedSeries(QStringLiteral("loss"))->points();
        QCOMPARE(smooth.size(), 4);
        QCOMPARE(smooth[0].y(), 4.0);  // debiased: the first point is the first value, not pulled to 0
        QCOMPARE(smooth[1].y(), (0.5 * (0.5 * 4.0) + 0.5 * 0.0) / (1 - 0.25));
        QCOMPARE(chart.rawSeries(QStringLiteral("loss"))->color().alphaF() < 0.5, true);

        chart.setSmoothing(0.0);
        chart.redrawNow();
        QCOMPARE(chart.smoothedSeries(QStringLiteral("loss"))->points()[1].y(), 0.0);
        QVERIFY(!chart.rawSeries(QStringLiteral("loss"))->isVisible());

        chart.setLogY(true);
        chart.redrawNow();
        QVERIFY(qobject_cast<QLogValueAxis*>(chart.yAxis()));
        QCOMPARE(chart.smoothedSeries(QStringLiteral("loss"))->points().size(), 2);  // 0 and -1 left out

        chart.setLogY(false);
        chart.setXAxisMode(MetricCurveChart::XAxisMode::WallTime);
        chart.redrawNow();
        QCOMPARE(chart.smoothedSeries(QStringLiteral("loss"))->points().back().x(), 2.0);
        QVERIFY(chart.xAxis()->titleText().contains(QStringLiteral("wall time")));
    }

    void flatCurveGetsAFewTicks() {
        // A constant learning rate: its EMA differs from it by an ulp here and
        // there, which must not become the axis span.
        MetricCurveChart chart(QStringLiteral("lr"));
        chart.resize(500, 300);
        chart.show();
        std::vector<double> steps, values;
        for (int i = 1; i <= 200; ++i) {
            steps.push_back(i);
            values.push_back(i % 3 ? 3e-4 : std::nextafter(3e-4, 1.0));
        }
        chart.setCurve(QStringLiteral("lr"), Qt::black, steps, steps, values);
        chart.redrawNow();
        auto* y = qobject_cast<QValueAxis*>(chart.yAxis());
        QVERIFY(y->min() < 3e-4 && y->max() > 3e-4);
        QVERIFY((y->max() - y->min()) / y->tickInterval() < 20);
        QTest::qWait(50);  // lays the chart out with those ticks
    }

    void aSinglePointShowsAsAMarker() {
        // The first validation of a run is one point, which a line alone would not draw.
        MetricCurveChart chart(QStringLiteral("validation"));
        chart.resize(500, 300);
        chart.show();
        chart.setCurve(QStringLiteral("val_loss"), Qt::blue, {50}, {10}, {2.5});
        chart.redrawNow();
        QLineSeries* series = chart.smoothedSeries(QStringLiteral("val_loss"));
        QCOMPARE(series->count(), 1);
        QVERIFY(series->pointsVisible());
        chart.appendToCurve(QStringLiteral("val_loss"), Qt::blue, {100}, {20}, {2.0});
        chart.redrawNow();
        QCOMPARE(series->count(), 2);
        QVERIFY(!series->pointsVisible());
    }

    void lossChartsTurnLogWhenTermsSpanDecades() {
        // Rows as metrics.csv gives them: the loss near 1000, the KL near 0.5.
        auto rows = [](double loss, double kl, double from) {
            MetricsLog::Table t;
            t.columns = {"step", "wall_time", "loss", "kl"};
            for (int i = 0; i < 3; ++i) t.rows.push_back({from + i, from + i, loss, kl});
            return t;
        };
        TrainingChartGrid grid;
        grid.append(rows(2.0, 0.5, 1));  // one decade: linear stays
        QVERIFY(!grid.logY());
        grid.append(rows(1000.0, 0.5, 4));  // over three decades: log, by itself
        QVERIFY(grid.logY());
        QVERIFY(grid.lossChart()->logY());
        // The user's choice stands after that.
        grid.setLogY(false);
        grid.append(rows(5000.0, 0.1, 7));
        QVERIFY(!grid.logY());
        // A new run (cleared charts) decides again.
        grid.clear();
        grid.append(rows(3.0, 1.0, 1));
        QVERIFY(!grid.logY());
        grid.append(rows(3.0, 0.001, 4));
        QVERIFY(grid.logY());
    }

    // The time columns are no loss terms: seconds spent training grow into
    // the hundreds and would both sit among the losses and turn them log.
    void timeColumnsStayOutOfTheLossChart() {
        MetricsLog::Table t;
        t.columns = {"step", "wall_time", "train_time", "steps_per_s", "loss", "kl"};
        for (int i = 1; i <= 3; ++i) t.rows.push_back({double(i), 400.0 * i, 300.0 * i, 5.0, 2.0, 0.5});
        TrainingChartGrid grid;
        grid.append(t);
        QCOMPARE(grid.lossChart()->curveNames(), (QStringList{"loss", "kl"}));
        QVERIFY(!grid.logY());
        QCOMPARE(grid.speedChart()->curveNames(), (QStringList{"steps_per_s"}));
    }

    void layoutRoundTrips() {
        ConfigPane config;
        TrainingPane pane(&config);
        pane.charts()->setSmoothing(0.9);
        pane.charts()->setLogY(true);
        pane.charts()->setXAxisMode(MetricCurveChart::XAxisMode::WallTime);
        const QByteArray state = pane.saveLayout();
        TrainingPane other(&config);
        other.restoreLayout(state);
        QCOMPARE(other.charts()->smoothing(), 0.9);
        QVERIFY(other.charts()->logY());
        QCOMPARE(other.charts()->xAxisMode(), MetricCurveChart::XAxisMode::WallTime);
        QVERIFY(other.charts()->lossChart()->logY());
    }
};

QTEST_MAIN(TrainingPaneTest)
#include "TrainingPaneTest.moc"
