// The trajectory pane driven through its widgets, on a checkpoint trained
// here on the bundled sample buffer: it shows what the core predicts for the
// same window, the time cursor and its table follow the keys, the mouse and
// playback, a new horizon is predicted again, zoom is shared, and the exports
// hold what is shown.
#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

#include <torch/torch.h>

#include "TinyRun.h"
#include "charts/ChartInteraction.h"
#include "charts/TrajectoryChart.h"
#include "common/FrameView.h"
#include "config/Config.h"
#include "eval/EvaluationSession.h"
#include "train/TrainingSession.h"
#include "trajectory/TrajectoryChartView.h"
#include "trajectory/TrajectoryPane.h"
#include "util/Error.h"

#include <QAreaSeries>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QToolTip>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QWheelEvent>
#include <QtTest>

using namespace rssm;
using namespace rssm::ui;

namespace {

constexpr int kTimeoutMs = 60000;  // opening and predicting on two slow cores
const QString kSample = QStringLiteral(RSSM_SOURCE_DIR "/resources/sample");

// A small model trained briefly on the sample buffer; returns its last checkpoint.
QString trainTinyCheckpoint(const QString& dir, int steps) {
    return rssm::test::trainTinyRun(dir, "tiny", steps, steps) + QStringLiteral("/rssm_step_%1.pt").arg(steps);
}

template <typename T>
T* child(const QWidget& pane, const char* name) {
    T* w = pane.findChild<T*>(QString::fromLatin1(name));
    if (!w) qWarning("no %s named %s", T::staticMetaObject.className(), name);
    return w;
}

// The charts shown: built ones whose dimension the filter matches.
QList<TrajectoryChartView*> chartViews(const QWidget& pane) {
    QList<TrajectoryChartView*> views;
    for (TrajectoryChartView* view : pane.findChildren<TrajectoryChartView*>())
        if (view->isVisibleTo(&pane)) views << view;
    std::sort(views.begin(), views.end(), [](auto* a, auto* b) { return a->dimension() < b->dimension(); });
    return views;
}

double cellValue(const QWidget& pane, int row, int column) {
    const QTableWidgetItem* item = child<QTableWidget>(pane, "cursorTable")->item(row, column);
    return item ? item->text().toDouble() : std::nan("");
}

bool near(double a, double b) { return std::abs(a - b) <= 1e-4 * std::max(1.0, std::abs(b)); }

}  // namespace

class TrajectoryPaneTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString checkpoint_;

    // The core's own prediction of the same window, for comparison.
    TrajectoryPrediction corePrediction(int64_t episode, int64_t start, int64_t context, int64_t horizon) {
        Config eval;
        eval.set("eval.context", std::to_string(context));
        eval.set("eval.horizon", std::to_string(horizon));
        auto session = EvaluationSession::open(checkpoint_.toStdString(), eval);
        return session->evaluator().predict(episode, start);
    }

    // A pane shown at the window's size with the checkpoint predicted.
    std::unique_ptr<TrajectoryPane> openedPane() {
        auto pane = std::make_unique<TrajectoryPane>();
        pane->resize(1600, 1000);
        pane->show();
        if (!QTest::qWaitForWindowExposed(pane.get())) qWarning("pane not exposed");
        QSignalSpy shown(pane.get(), &TrajectoryPane::predictionShown);
        pane->openCheckpoint(checkpoint_);
        if (!shown.wait(kTimeoutMs)) qWarning("no prediction shown");
        if (!QTest::qWaitFor([&] { return pane->chartsUpToDate(); }, kTimeoutMs)) qWarning("charts not built");
        return pane;
    }

    // Waits for the next prediction after `change`.
    static bool predictedAfter(TrajectoryPane& pane, const std::function<void()>& change) {
        QSignalSpy shown(&pane, &TrajectoryPane::predictionShown);
        change();
        return shown.wait(kTimeoutMs) && QTest::qWaitFor([&] { return pane.chartsUpToDate(); }, kTimeoutMs);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        checkpoint_ = trainTinyCheckpoint(dir_.path(), 10);
        QVERIFY(QFile::exists(checkpoint_));
    }

    void traceChartDrawsTheSameAsThePrediction() {
        const TrajectoryPrediction p = corePrediction(0, 3, 4, 5);
        TrajectoryChart fromTensors(p, 2, QStringLiteral("state[2]"));
        TrajectoryChart fromTrace(TrajectoryTrace::fromPrediction(p, 2), 2, QStringLiteral("state[2]"));
        QCOMPARE(fromTrace.truthSeries()->points(), fromTensors.truthSeries()->points());
        QCOMPARE(fromTrace.priorSeries()->points(), fromTensors.priorSeries()->points());
        QCOMPARE(fromTrace.spreadBand()->upperSeries()->points(), fromTensors.spreadBand()->upperSeries()->points());
        TrajectoryTrace shortTruth = TrajectoryTrace::fromPrediction(p, 2);
        shortTruth.truth.pop_back();
        QVERIFY_THROWS_EXCEPTION(rssm::Error, TrajectoryChart(shortTruth, 2, QStringLiteral("x")));
    }

    void showsTheCorePredictionForTheChosenWindow() {
        auto pane = openedPane();
        QCOMPARE(pane->checkpoints(), QStringList{checkpoint_});
        const auto views = chartViews(*pane);
        QCOMPARE(views.size(), 12);  // the sample's state has 12 dimensions, all shown
        QCOMPARE(child<QLabel>(*pane, "shownDimsLabel")->text(), QStringLiteral("12 of 12 shown"));
        QVERIFY(child<QLabel>(*pane, "splitLabel")->text().startsWith(QStringLiteral("validation")));

        // Another start step: predicted again into the same charts, and the same numbers as the core's.
        TrajectoryChartView* reused = views[3];
        QVERIFY(predictedAfter(*pane, [&] { child<QSpinBox>(*pane, "startSpin")->setValue(7); }));
        QCOMPARE(chartViews(*pane)[3], reused);
        const int episode = child<QSpinBox>(*pane, "episodeSpin")->value();
        const TrajectoryPrediction p = corePrediction(episode, 7, 16, 32);
        const QList<QPointF> truth = chartViews(*pane)[3]->trajectoryChart()->truthSeries()->points();
        QCOMPARE(truth.size(), 48);
        for (int t = 0; t < 48; ++t) {
            QCOMPARE(truth[t].x(), 7.0 + t);
            QVERIFY(near(truth[t].y(), p.truth[t][3].item<double>()));
        }
        const QList<QPointF> prior = chartViews(*pane)[3]->trajectoryChart()->priorSeries()->points();
        QCOMPARE(prior.size(), 32);
        QCOMPARE(prior.front().x(), 7.0 + 16);
        QVERIFY(near(prior.front().y(), p.priorMean[0][3].item<double>()));
        // The sample buffer has camera frames: the one at the cursor is shown.
        QVERIFY(child<FrameView>(*pane, "cameraFrame")->hasFrame());
        // The cursor stayed on the episode's step 15 (the first window's last context step).
        QCOMPARE(child<QSlider>(*pane, "cursorSlider")->value(), 15 - 7);
        QCOMPARE(child<QLabel>(*pane, "frameCaption")->text(), QStringLiteral("enc_cam_0 at step 15"));
        QVERIFY(!child<QWidget>(*pane, "busyIndicator")->isVisible());
    }

    void hoverReadsEveryLineAndTheLegendHidesOne() {
        auto pane = openedPane();
        const int start = child<QSpinBox>(*pane, "startSpin")->value();
        const TrajectoryPrediction p = corePrediction(child<QSpinBox>(*pane, "episodeSpin")->value(), start, 16, 32);
        TrajectoryChartView* view = chartViews(*pane)[2];
        auto* hover = view->findChild<ChartInteraction*>();
        QVERIFY(hover);
        // At an open-loop step: truth, posterior and prior, each named with its value.
        const QString readout = hover->readoutAt(start + 20.2);
        QVERIFY2(readout.contains(QStringLiteral("truth: ") + QString::number(p.truth[20][2].item<double>(), 'g', 5)), qPrintable(readout));
        // Headed by the step read, not the pointer's fraction of one.
        QVERIFY2(readout.startsWith(QStringLiteral("step %1\n").arg(start + 20)), qPrintable(readout));
        QVERIFY(readout.contains(QStringLiteral("posterior: ")));
        QVERIFY(readout.contains(QStringLiteral("open-loop prior")));
        QVERIFY(!readout.contains(QStringLiteral("end of context")));  // a marker line has no value to read
        // The band reads as its edges: mean - std to mean + std.
        const TrajectoryTrace trace = TrajectoryTrace::fromPrediction(p, 2);
        const double mean = trace.priorMean[20 - 16], sd = trace.priorStd[20 - 16];
        QVERIFY2(readout.contains(QStringLiteral("prior \u00b1 1 std: %1 to %2")
                                      .arg(QString::number(mean - sd, 'g', 5), QString::number(mean + sd, 'g', 5))),
                 qPrintable(readout));
        // Hovering shows it as a tooltip.
        TrajectoryChart* chart = view->trajectoryChart();
        scrollTo(*pane, view);
        const QPoint at = view->mapFromScene(chart->mapToScene(chart->mapToPosition(QPointF(start + 20, chart->valueAxis()->min() / 2 + chart->valueAxis()->max() / 2))));
        QTest::mouseMove(view->viewport(), at);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY(QToolTip::text().contains(QStringLiteral("truth: ")));
        // A click on the truth's legend entry hides the line; the entry stays to show it again.
        QLegendMarker* marker = chart->legend()->markers(chart->truthSeries()).front();
        hover->refresh();
        Q_EMIT marker->clicked();
        QVERIFY(!chart->truthSeries()->isVisible());
        QVERIFY(marker->isVisible());
        QVERIFY(!hover->readoutAt(start + 20.0).contains(QStringLiteral("truth: ")));
        Q_EMIT marker->clicked();
        QVERIFY(chart->truthSeries()->isVisible());
    }

    void cursorFollowsKeysPlaybackAndShiftDrag() {
        auto pane = openedPane();
        auto* slider = child<QSlider>(*pane, "cursorSlider");
        const int start = child<QSpinBox>(*pane, "startSpin")->value();
        const int episode = child<QSpinBox>(*pane, "episodeSpin")->value();
        const TrajectoryPrediction p = corePrediction(episode, start, 16, 32);
        QCOMPARE(slider->maximum(), 47);
        const int t0 = slider->value();
        QCOMPARE(t0, 15);  // the last step of the context

        QTest::keyClick(pane.get(), Qt::Key_Right);
        QCOMPARE(slider->value(), t0 + 1);
        QCOMPARE(child<QLabel>(*pane, "cursorLabel")->text(), QStringLiteral("step %1 (open loop h=1)").arg(start + 16));
        QVERIFY(near(cellValue(*pane, 0, 1), p.truth[t0 + 1][0].item<double>()));
        QVERIFY(near(cellValue(*pane, 0, 2), p.priorMean[0][0].item<double>()));
        QVERIFY(near(cellValue(*pane, 0, 4), cellValue(*pane, 0, 2) - cellValue(*pane, 0, 1)));
        // Every chart's cursor line stands at that step.
        for (TrajectoryChartView* view : chartViews(*pane)) QCOMPARE(view->cursorLine()->at(0).x(), double(start + t0 + 1));
        QTest::keyClick(pane.get(), Qt::Key_Left);
        QTest::keyClick(pane.get(), Qt::Key_Left);
        QCOMPARE(slider->value(), t0 - 1);
        QCOMPARE(child<QLabel>(*pane, "cursorLabel")->text(), QStringLiteral("step %1 (context)").arg(start + t0 - 1));
        QVERIFY(near(cellValue(*pane, 0, 2), p.posterior[t0 - 1][0].item<double>()));
        QCOMPARE(child<QTableWidget>(*pane, "cursorTable")->item(0, 3)->text(), QStringLiteral("–"));  // no prior spread in the context

        // The same keys with a chart or the table focused, as after clicking one.
        pane->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(pane.get()));
        for (QWidget* focused : {static_cast<QWidget*>(chartViews(*pane)[0]), child<QWidget>(*pane, "cursorTable")}) {
            focused->setFocus();
            const int before = slider->value();
            QTest::keyClick(focused, Qt::Key_Right);
            QCOMPARE(slider->value(), before + 1);
            QTest::keyClick(focused, Qt::Key_Left);
            QCOMPARE(slider->value(), before);
        }

        // But a text field keeps its keys for editing.
        auto* filter = child<QLineEdit>(*pane, "dimensionFilter");
        filter->setFocus();
        const int before = slider->value();
        QTest::keyClicks(filter, QStringLiteral("st"));
        QTest::keyClick(filter, Qt::Key_Left);
        QTest::keyClick(filter, Qt::Key_Space);
        QCOMPARE(filter->text(), QStringLiteral("s t"));
        QCOMPARE(slider->value(), before);
        filter->clear();

        // Space plays; Space again pauses and the cursor stays.
        QTest::keyClick(pane.get(), Qt::Key_Space);
        QTRY_VERIFY_WITH_TIMEOUT(slider->value() >= t0 + 2, 10000);
        QTest::keyClick(pane.get(), Qt::Key_Space);
        const int paused = slider->value();
        QTest::qWait(600);
        QCOMPARE(slider->value(), paused);
        // Played to the end it stops there.
        slider->setValue(45);
        QTest::keyClick(pane.get(), Qt::Key_Space);
        QTRY_COMPARE_WITH_TIMEOUT(slider->value(), 47, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(child<QPushButton>(*pane, "playButton")->text(), QStringLiteral("Play"), 10000);

        // Shift+press on a chart puts the cursor at the step under the pointer.
        TrajectoryChartView* view = chartViews(*pane)[1];
        scrollTo(*pane, view);
        TrajectoryChart* chart = view->trajectoryChart();
        const QPointF inChart = chart->mapToPosition(QPointF(start + 30, chart->valueAxis()->min() / 2 + chart->valueAxis()->max() / 2));
        const QPoint at = view->mapFromScene(chart->mapToScene(inChart));
        QTest::mousePress(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, at);
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, at);
        QCOMPARE(slider->value(), 30);
    }

    void newHorizonIsPredictedAgain() {
        auto pane = openedPane();
        QVERIFY(predictedAfter(*pane, [&] { child<QSpinBox>(*pane, "horizonSpin")->setValue(10); }));
        for (TrajectoryChartView* view : chartViews(*pane)) QCOMPARE(view->trajectoryChart()->priorSeries()->count(), 10);
        QCOMPARE(child<QSlider>(*pane, "cursorSlider")->maximum(), 16 + 10 - 1);
        QCOMPARE(child<QSpinBox>(*pane, "startSpin")->maximum(), 100 - 26);  // the episode's 100 steps hold the window
        // Context and horizon beyond the episode: said in the pane, nothing drawn.
        QSignalSpy failed(pane.get(), &TrajectoryPane::failed);
        child<QSpinBox>(*pane, "horizonSpin")->setValue(200);
        QVERIFY(failed.wait(kTimeoutMs));
        QVERIFY(failed.front().front().toString().contains(QStringLiteral("fewer than context 16 + horizon 200")));
        QVERIFY(child<QLabel>(*pane, "statusLabel")->text().contains(QStringLiteral("horizon 200")));
        QCOMPARE(chartViews(*pane).size(), 0);
        QVERIFY(!child<QPushButton>(*pane, "exportCsvButton")->isEnabled());
        QVERIFY(!pane->exportCsv(dir_.filePath(QStringLiteral("none.csv"))));
    }

    void zoomingOneChartZoomsAll() {
        auto pane = openedPane();
        const auto views = chartViews(*pane);
        QValueAxis* first = views[0]->trajectoryChart()->stepAxis();
        QValueAxis* other = views[5]->trajectoryChart()->stepAxis();
        const double fullMin = first->min(), fullMax = first->max();
        // Ctrl+wheel over the first chart.
        const QPointF at = views[0]->viewport()->rect().center();
        QWheelEvent wheel(at, views[0]->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(views[0]->viewport(), &wheel);
        QVERIFY(first->max() - first->min() < fullMax - fullMin);
        // The charts in view follow at once, the others as they come into view.
        scrollTo(*pane, views[5]);
        QTRY_VERIFY(pane->chartsUpToDate());
        QCOMPARE(other->min(), first->min());
        QCOMPARE(other->max(), first->max());
        // The zoom stays when other dimensions are shown.
        child<QLineEdit>(*pane, "dimensionFilter")->setText(QStringLiteral("state[1"));
        QTRY_VERIFY(pane->chartsUpToDate());  // the filter applies after a pause in typing
        const auto filtered = chartViews(*pane);
        QCOMPARE(filtered.size(), 3);  // state[1], state[10], state[11]
        QCOMPARE(child<QLabel>(*pane, "shownDimsLabel")->text(), QStringLiteral("3 of 12 shown"));
        QCOMPARE(child<QTableWidget>(*pane, "cursorTable")->rowCount(), 3);
        QCOMPARE(filtered[0]->trajectoryChart()->stepAxis()->max() - filtered[0]->trajectoryChart()->stepAxis()->min(),
                 0.8 * (fullMax - fullMin));
        // Double-click: the whole window again, in every chart.
        QTest::mouseDClick(filtered[2]->viewport(), Qt::LeftButton, Qt::NoModifier, filtered[2]->viewport()->rect().center());
        for (TrajectoryChartView* view : filtered) {
            QCOMPARE(view->trajectoryChart()->stepAxis()->min(), fullMin);
            QCOMPARE(view->trajectoryChart()->stepAxis()->max(), fullMax);
        }
    }

    void exportsWhatIsShown() {
        auto pane = openedPane();
        child<QLineEdit>(*pane, "dimensionFilter")->setText(QStringLiteral("state[2], state[5]"));
        QTRY_VERIFY(pane->chartsUpToDate());
        const int start = child<QSpinBox>(*pane, "startSpin")->value();
        const TrajectoryPrediction p = corePrediction(child<QSpinBox>(*pane, "episodeSpin")->value(), start, 16, 32);

        const QString csvPath = dir_.filePath(QStringLiteral("window.csv"));
        QVERIFY(pane->exportCsv(csvPath));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.size(), 1 + 48 + 1);  // header, the steps, the final newline
        QCOMPARE(lines[0], QByteArray("step,state[2] truth,state[2] posterior,state[2] prior_mean,state[2] prior_std,"
                                      "state[5] truth,state[5] posterior,state[5] prior_mean,state[5] prior_std"));
        const QList<QByteArray> inContext = lines[1 + 3].split(',');
        QCOMPARE(inContext.size(), 9);
        QCOMPARE(inContext[0].toInt(), start + 3);
        QVERIFY(near(inContext[5].toDouble(), p.truth[3][5].item<double>()));
        QVERIFY(inContext[7].isEmpty());  // no prior within the context
        const QList<QByteArray> openLoop = lines[1 + 20].split(',');
        QVERIFY(near(openLoop[3].toDouble(), p.priorMean[4][2].item<double>()));
        QVERIFY(near(openLoop[4].toDouble(), p.priorStd[4][2].item<double>()));

        const QString pngPath = dir_.filePath(QStringLiteral("charts.png"));
        QVERIFY(pane->exportPng(pngPath));
        const QImage image(pngPath);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), 1400);
        QVERIFY(image.height() >= 2 * 280);
        // A directory that does not exist: an error in the pane, not a crash.
        QSignalSpy failed(pane.get(), &TrajectoryPane::failed);
        QVERIFY(!pane->exportPng(dir_.filePath(QStringLiteral("no/such/dir/x.png"))));
        QCOMPARE(failed.size(), 1);
    }

    void badCheckpointIsReported() {
        TrajectoryPane pane;
        QSignalSpy failed(&pane, &TrajectoryPane::failed);
        const QString missing = dir_.filePath(QStringLiteral("missing.pt"));
        pane.openCheckpoint(missing);
        QVERIFY(failed.wait(kTimeoutMs));
        QVERIFY(failed.front().front().toString().contains(missing));
        QVERIFY(pane.findChild<QLabel*>(QStringLiteral("statusLabel"))->text().contains(missing));
        QVERIFY(!pane.findChild<QWidget*>(QStringLiteral("busyIndicator"))->isVisibleTo(&pane));
    }

    void layoutRoundTrips() {
        TrajectoryPane pane;
        pane.addCheckpoint(checkpoint_);
        pane.addCheckpoint(checkpoint_);
        QCOMPARE(pane.checkpoints().size(), 1);
        pane.findChild<QSpinBox*>(QStringLiteral("contextSpin"))->setValue(8);
        pane.findChild<QLineEdit*>(QStringLiteral("dimensionFilter"))->setText(QStringLiteral("state[0]"));
        const QByteArray state = pane.saveLayout();
        TrajectoryPane restored;
        restored.restoreLayout(state);
        QCOMPARE(restored.findChild<QSpinBox*>(QStringLiteral("contextSpin"))->value(), 8);
        QCOMPARE(restored.findChild<QLineEdit*>(QStringLiteral("dimensionFilter"))->text(), QStringLiteral("state[0]"));
        restored.restoreLayout(QByteArray("garbage"));  // ignored
        QCOMPARE(restored.findChild<QSpinBox*>(QStringLiteral("contextSpin"))->value(), 8);
    }

private:
    static void scrollTo(TrajectoryPane& pane, QWidget* view) {
        child<QScrollArea>(pane, "chartScroll")->ensureWidgetVisible(view);
        QCoreApplication::processEvents();
    }
};

QTEST_MAIN(TrajectoryPaneTest)
#include "TrajectoryPaneTest.moc"
