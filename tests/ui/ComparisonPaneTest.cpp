// The comparison pane against two real checkpoints of a tiny model trained
// on the bundled sample buffer: the side-by-side table holds what a direct
// evaluation computes, the best and worst of each row are marked, every
// chart has a line per checkpoint in its stable colour, a new window only
// predicts again, and a broken checkpoint is reported without disturbing the
// others.
#include <cmath>

#include "TinyRun.h"
#include "comparison/CheckpointPalette.h"
#include "comparison/ComparisonPane.h"
#include "comparison/ErrorOverlayChart.h"
#include "comparison/MetricsComparisonTable.h"
#include "comparison/PredictionOverlayChart.h"
#include "training/MetricCurveChart.h"
#include "config/Config.h"
#include "eval/EvaluationSession.h"
#include "series/EmaSmoothing.h"
#include "train/MetricsLog.h"
#include "train/TrainingSession.h"

#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPushButton>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QValueAxis>
#include <QtTest>

using namespace rssm;
using namespace rssm::ui;
using rssm::test::trainTinyRun;

namespace {

constexpr int kTimeoutMs = 180000;  // two slow cores, a LibTorch evaluation each

template <class Chart>
Chart* chartIn(const ComparisonPane& pane, const char* viewName) {
    auto* view = pane.findChild<QChartView*>(QString::fromLatin1(viewName));
    return view ? dynamic_cast<Chart*>(view->chart()) : nullptr;
}

// The number a table cell shows, before its best/worst mark.
QString shownNumber(const QTableWidgetItem* item) { return item ? item->text().section(QLatin1Char(' '), 0, 0) : QString(); }

}  // namespace

class ComparisonPaneTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString first_, second_;  // rssm_step_10.pt and rssm_step_20.pt of one run

    // Makes `pane` compare both checkpoints and waits for their results.
    void evaluateBoth(ComparisonPane& pane) {
        pane.resize(1600, 1000);
        QSignalSpy evaluated(&pane, &ComparisonPane::evaluated);
        pane.addCheckpoints({first_, second_});
        QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 2, kTimeoutMs);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        trainTinyRun(dir_.path(), "tiny", 20, 10);
        first_ = dir_.filePath(QStringLiteral("tiny/rssm_step_10.pt"));
        second_ = dir_.filePath(QStringLiteral("tiny/rssm_step_20.pt"));
        QVERIFY(QFile::exists(first_));
        QVERIFY(QFile::exists(second_));
    }

    void paletteKeepsColoursWhenOneIsRemoved() {
        CheckpointPalette palette;
        const QColor a = palette.assign("a"), b = palette.assign("b"), c = palette.assign("c");
        QCOMPARE(a, CheckpointPalette::color(0));
        QCOMPARE(b, CheckpointPalette::color(1));
        palette.release("a");
        QCOMPARE(palette.colorOf("b"), b);
        QCOMPARE(palette.colorOf("c"), c);
        QVERIFY(!palette.colorOf("a").isValid());
        QCOMPARE(palette.assign("d"), a);  // the freed colour, not one of those in use
    }

    void evaluatesOffTheGuiThreadIntoTheTable() {
        ComparisonPane pane;
        auto* table = pane.findChild<MetricsComparisonTable*>(QStringLiteral("metricsTable"));
        QVERIFY(table);
        QSignalSpy evaluated(&pane, &ComparisonPane::evaluated);
        pane.addCheckpoints({first_, second_});
        // Nothing is evaluated before the event loop runs: the work is on a worker.
        QCOMPARE(evaluated.count(), 0);
        QCOMPARE(table->columnCount(), 0);
        auto* list = pane.findChild<QTreeWidget*>(QStringLiteral("checkpointList"));
        QVERIFY(list);
        QCOMPARE(list->topLevelItemCount(), 2);
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("tiny \u00b7 step 10"));
        QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 2, kTimeoutMs);
        QCOMPARE(table->columnCount(), 2);
        QVERIFY(list->topLevelItem(1)->text(1).startsWith(QStringLiteral("done")));
        QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("tiny\nstep 20"));
        QCOMPARE(pane.checkpoints(), (QStringList{first_, second_}));

        // The same numbers as evaluating each checkpoint directly with the pane's settings.
        auto* windows = pane.findChild<QSpinBox*>(QStringLiteral("maxWindowsSpin"));
        QVERIFY(windows);
        QCOMPARE(windows->value(), 64);
        Config evalConfig;
        evalConfig.set("eval.max_windows", std::to_string(windows->value()));
        const int posteriorRow = table->rowOf(QStringLiteral("posterior MSE"));
        const int wholeRow = table->rowOf(QStringLiteral("open-loop MSE whole horizon (32)"));
        QVERIFY(posteriorRow >= 0);
        QVERIFY(wholeRow >= 0);
        std::vector<double> posterior;
        for (int c = 0; c < 2; ++c) {
            auto session = EvaluationSession::open((c == 0 ? first_ : second_).toStdString(), evalConfig);
            const EvalResult direct = session->evaluate();
            posterior.push_back(direct.posterior.mean);
            QCOMPARE(shownNumber(table->item(posteriorRow, c)), QString::number(direct.posterior.mean, 'g', 5));
            QCOMPARE(shownNumber(table->item(wholeRow, c)), QString::number(direct.prior.mean, 'g', 5));
            QCOMPARE(shownNumber(table->item(table->rowOf(QStringLiteral("open-loop MSE h=1")), c)),
                     QString::number(direct.prior.byHorizon[0], 'g', 5));
            QCOMPARE(shownNumber(table->item(table->rowOf(QStringLiteral("open-loop MSE state[2]")), c)),
                     QString::number(direct.prior.byDim[2], 'g', 5));
        }
        // The lower posterior error is the one marked best.
        const int bestPosterior = posterior[0] < posterior[1] ? 0 : 1;
        QCOMPARE(table->item(posteriorRow, bestPosterior)->data(MetricsComparisonTable::kRankRole).toString(), QStringLiteral("best"));
        QVERIFY(table->item(posteriorRow, bestPosterior)->text().endsWith(MetricsComparisonTable::bestMark()));
        QVERIFY(table->item(posteriorRow, 1 - bestPosterior)->text().endsWith(MetricsComparisonTable::worstMark()));
        QCOMPARE(table->item(posteriorRow, 1 - bestPosterior)->toolTip().left(5), QStringLiteral("worst"));

        // Every ranked row: exactly one best and one worst, the best not above the worst.
        const int holdRow = table->rowOf(QStringLiteral("hold last obs. whole horizon"));
        QVERIFY(holdRow >= 0);
        QVERIFY(table->rowOf(QStringLiteral("open-loop MSE h=8")) >= 0);
        QVERIFY(table->rowOf(QStringLiteral("open-loop MSE h=16")) >= 0);
        QCOMPARE(table->rowCount(), 6 + 2 * 12);  // 6 summary rows, then 12 state dimensions twice
        for (int r = 0; r < table->rowCount(); ++r) {
            int best = -1, worst = -1, bests = 0, worsts = 0;
            for (int c = 0; c < 2; ++c) {
                const QString rank = table->item(r, c)->data(MetricsComparisonTable::kRankRole).toString();
                if (rank == QLatin1String("best")) best = c, ++bests;
                if (rank == QLatin1String("worst")) worst = c, ++worsts;
            }
            if (r == holdRow) {  // a reference, the same data for both: not ranked
                QCOMPARE(bests + worsts, 0);
                continue;
            }
            QVERIFY2(bests == 1 && worsts == 1, qPrintable(table->verticalHeaderItem(r)->text()));
            QVERIFY(table->item(r, best)->data(MetricsComparisonTable::kValueRole).toDouble() <=
                    table->item(r, worst)->data(MetricsComparisonTable::kValueRole).toDouble());
        }

        // Physical units: the sample's rollout_config.yaml has the statistics.
        auto* units = pane.findChild<QComboBox*>(QStringLiteral("unitsCombo"));
        QVERIFY(units->isEnabled());
        const QString raw = table->item(posteriorRow, 0)->text();
        units->setCurrentIndex(1);
        QVERIFY(table->item(posteriorRow, 0)->text() != raw);
    }

    void chartsOverlayOneLinePerCheckpoint() {
        ComparisonPane pane;
        evaluateBoth(pane);
        if (QTest::currentTestFailed()) return;
        const QColor firstColor = pane.colorOf(first_), secondColor = pane.colorOf(second_);
        QVERIFY(firstColor != secondColor);

        auto* errors = chartIn<ErrorOverlayChart>(pane, "errorByHorizonChartView");
        QVERIFY(errors);
        QCOMPARE(errors->checkpointSeries().size(), size_t(2));
        QVERIFY(errors->baselineSeries());
        QCOMPARE(errors->baselineSeries()->count(), 32);
        for (QLineSeries* s : errors->checkpointSeries()) QCOMPARE(s->count(), 32);
        QCOMPARE(errors->checkpointSeries()[0]->pen().color(), firstColor);
        QCOMPARE(errors->checkpointSeries()[1]->pen().color(), secondColor);
        pane.findChild<QCheckBox*>(QStringLiteral("errorLogScaleCheck"))->setChecked(true);
        errors = chartIn<ErrorOverlayChart>(pane, "errorByHorizonChartView");
        QVERIFY(qobject_cast<QLogValueAxis*>(errors->errorAxis()));

        auto* prediction = chartIn<PredictionOverlayChart>(pane, "predictionChartView");
        QVERIFY(prediction);
        QCOMPARE(prediction->truthSeries()->count(), 16 + 32);
        QCOMPARE(prediction->priorSeries().size(), size_t(2));
        QCOMPARE(prediction->posteriorSeries().size(), size_t(2));
        for (QLineSeries* s : prediction->priorSeries()) QCOMPARE(s->count(), 32);
        QCOMPARE(prediction->priorSeries()[1]->pen().color(), secondColor);
        // The prior starts right after the context, the marker between the two.
        const double x0 = prediction->truthSeries()->at(0).x();
        QCOMPARE(prediction->priorSeries()[0]->at(0).x(), x0 + 16);
        QCOMPARE(prediction->contextMarker()->at(0).x(), x0 + 15.5);

        auto* loss = pane.findChild<MetricCurveChart*>(QStringLiteral("lossChartView"));
        QVERIFY(loss);
        QCOMPARE(loss->curveNames().size(), 2);
        QCOMPARE(loss->smoothedSeries(loss->curveNames()[1])->pen().color(), firstColor);  // the shorter run, on top
        QCOMPARE(loss->smoothedSeries(loss->curveNames()[0])->pen().color(), secondColor);
    }

    void newWindowOnlyPredictsAgain() {
        ComparisonPane pane;
        evaluateBoth(pane);
        if (QTest::currentTestFailed()) return;
        QSignalSpy evaluated(&pane, &ComparisonPane::evaluated);
        auto* start = pane.findChild<QSpinBox*>(QStringLiteral("startSpin"));
        auto* episode = pane.findChild<QSpinBox*>(QStringLiteral("episodeSpin"));
        QVERIFY(start && episode && start->isEnabled());
        QCOMPARE(episode->maximum(), 15);  // the sample's 16 episodes
        QCOMPARE(start->maximum(), 100 - 48);  // 100 steps, 16 + 32 of them per window
        start->setValue(7);
        QTRY_COMPARE_WITH_TIMEOUT(chartIn<PredictionOverlayChart>(pane, "predictionChartView")->truthSeries()->at(0).x(), 7.0,
                                  kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(chartIn<PredictionOverlayChart>(pane, "predictionChartView")->priorSeries()[1]->at(0).x(),
                                  7.0 + 16, kTimeoutMs);
        QCOMPARE(evaluated.count(), 0);  // no checkpoint was evaluated again

        // Another dimension redraws from the kept predictions.
        auto* dimension = pane.findChild<QComboBox*>(QStringLiteral("dimensionCombo"));
        QCOMPARE(dimension->count(), 12);
        const double before = chartIn<PredictionOverlayChart>(pane, "predictionChartView")->truthSeries()->at(0).y();
        dimension->setCurrentIndex(3);
        auto* prediction = chartIn<PredictionOverlayChart>(pane, "predictionChartView");
        QVERIFY(prediction->title().contains(QStringLiteral("state[3]")));
        QVERIFY(prediction->truthSeries()->at(0).y() != before);
    }

    void lossCurvesStopAtEachCheckpoint() {
        ComparisonPane pane;
        evaluateBoth(pane);
        if (QTest::currentTestFailed()) return;
        pane.findChild<QDoubleSpinBox*>(QStringLiteral("smoothingSpin"))->setValue(0.0);
        auto* loss = pane.findChild<MetricCurveChart*>(QStringLiteral("lossChartView"));
        QVERIFY(loss);
        const MetricsLog::Table table = MetricsLog::read(dir_.filePath(QStringLiteral("tiny/metrics.csv")).toStdString());
        const int stepColumn = table.column("step"), wallColumn = table.column("wall_time"),
                  lossColumn = table.column("loss");
        // Longest run first, so the earlier checkpoint's line is drawn over it.
        const QStringList names = loss->curveNames();
        QCOMPARE(names.size(), 2);
        for (int c = 0; c < 2; ++c) {
            const double checkpointStep = c == 0 ? 20.0 : 10.0;
            QVERIFY2(names[c].contains(QStringLiteral("step %1").arg(checkpointStep)), qPrintable(names[c]));
            QList<QPointF> expected;
            for (const auto& row : table.rows)
                if (row[stepColumn] <= checkpointStep) expected.append(QPointF(row[stepColumn], row[lossColumn]));
            QVERIFY(!expected.isEmpty());
            QCOMPARE(loss->smoothedSeries(names[c])->points(), expected);
            QCOMPARE(loss->endMarker(names[c])->at(0), expected.last());  // a dot where the checkpoint was saved
        }
        QVERIFY(table.rows.size() > static_cast<size_t>(loss->smoothedSeries(names[1])->count()));

        // Smoothed: TensorBoard's EMA of the same values, the raw curve faint behind.
        pane.findChild<QDoubleSpinBox*>(QStringLiteral("smoothingSpin"))->setValue(0.5);
        std::vector<double> values;
        for (const auto& row : table.rows)
            if (row[stepColumn] <= 20.0) values.push_back(row[lossColumn]);
        const std::vector<double> smoothed = emaSmooth(values, 0.5);
        QCOMPARE(loss->smoothedSeries(names[0])->count(), static_cast<int>(smoothed.size()));
        QCOMPARE(loss->smoothedSeries(names[0])->at(5).y(), smoothed[5]);
        QCOMPARE(loss->rawSeries(names[0])->at(5).y(), values[5]);

        // Wall time on x: the same points against the run's clock.
        pane.findChild<QComboBox*>(QStringLiteral("lossXAxisCombo"))->setCurrentIndex(1);
        QCOMPARE(loss->xAxis()->titleText(), QStringLiteral("wall time (s)"));  // a run of seconds
        QLineSeries* longest = loss->smoothedSeries(names[0]);
        const double lastWall = table.rows[size_t(longest->count() - 1)][wallColumn];
        QVERIFY(lastWall > 0);
        QCOMPARE(longest->at(longest->count() - 1).x(), lastWall);
        pane.findChild<QComboBox*>(QStringLiteral("lossXAxisCombo"))->setCurrentIndex(0);

        // Log scale.
        pane.findChild<QCheckBox*>(QStringLiteral("lossLogScaleCheck"))->setChecked(true);
        QVERIFY(qobject_cast<QLogValueAxis*>(loss->yAxis()));
        pane.findChild<QCheckBox*>(QStringLiteral("lossLogScaleCheck"))->setChecked(false);

        // Another column of metrics.csv: validation loss, logged only at evaluations.
        pane.findChild<QComboBox*>(QStringLiteral("lossColumnCombo"))->setCurrentText(QStringLiteral("val_loss"));
        QVERIFY(loss->chart()->title().startsWith(QStringLiteral("val_loss")));
        QVERIFY(loss->smoothedSeries(names[0])->count() >= 1);
        QVERIFY(loss->smoothedSeries(names[0])->count() < 11);
    }

    void removingOneKeepsTheOthersColour() {
        ComparisonPane pane;
        evaluateBoth(pane);
        if (QTest::currentTestFailed()) return;
        const QColor secondColor = pane.colorOf(second_);
        pane.removeCheckpoint(first_);
        QCOMPARE(pane.checkpoints(), QStringList{second_});
        QCOMPARE(pane.colorOf(second_), secondColor);
        QVERIFY(!pane.colorOf(first_).isValid());
        QCOMPARE(pane.findChild<MetricsComparisonTable*>(QStringLiteral("metricsTable"))->columnCount(), 1);
        auto* errors = chartIn<ErrorOverlayChart>(pane, "errorByHorizonChartView");
        QCOMPARE(errors->checkpointSeries().size(), size_t(1));
        QCOMPARE(errors->checkpointSeries()[0]->pen().color(), secondColor);
        // One checkpoint alone: nothing to rank.
        auto* table = pane.findChild<MetricsComparisonTable*>(QStringLiteral("metricsTable"));
        QVERIFY(table->item(0, 0)->data(MetricsComparisonTable::kRankRole).toString().isEmpty());

        // Through the list and its button, as a user removes one.
        auto* list = pane.findChild<QTreeWidget*>(QStringLiteral("checkpointList"));
        auto* remove = pane.findChild<QPushButton*>(QStringLiteral("removeCheckpointButton"));
        QVERIFY(!remove->isEnabled());
        list->topLevelItem(0)->setSelected(true);
        QVERIFY(remove->isEnabled());
        QTest::mouseClick(remove, Qt::LeftButton);
        QVERIFY(pane.checkpoints().isEmpty());
        QCOMPARE(table->columnCount(), 0);
    }

    void brokenCheckpointIsReportedAlone() {
        const QString bad = dir_.filePath(QStringLiteral("x.pt"));
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("this is not a checkpoint\n");
        }
        ComparisonPane pane;
        QSignalSpy evaluated(&pane, &ComparisonPane::evaluated);
        QSignalSpy failed(&pane, &ComparisonPane::failed);
        pane.addCheckpoints({first_, bad, second_});
        QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 2, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
        QCOMPARE(failed.at(0).at(0).toString(), bad);
        QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("x.pt")));
        auto* list = pane.findChild<QTreeWidget*>(QStringLiteral("checkpointList"));
        QVERIFY(list->topLevelItem(1)->text(1).startsWith(QStringLiteral("error:")));
        QVERIFY(list->topLevelItem(1)->text(1).contains(QStringLiteral("x.pt")));
        QVERIFY(list->topLevelItem(0)->text(1).startsWith(QStringLiteral("done")));
        QVERIFY(list->topLevelItem(2)->text(1).startsWith(QStringLiteral("done")));
        QCOMPARE(pane.findChild<MetricsComparisonTable*>(QStringLiteral("metricsTable"))->columnCount(), 2);
        QCOMPARE(chartIn<ErrorOverlayChart>(pane, "errorByHorizonChartView")->checkpointSeries().size(), size_t(2));
        // Its colour is kept while it is listed, so the others' stay put.
        QVERIFY(pane.colorOf(bad).isValid());
        QVERIFY(pane.colorOf(second_) != pane.colorOf(first_));
    }

    void changedWindowCountEvaluatesAgain() {
        ComparisonPane pane;
        evaluateBoth(pane);
        if (QTest::currentTestFailed()) return;
        auto* windows = pane.findChild<QSpinBox*>(QStringLiteral("maxWindowsSpin"));
        auto* again = pane.findChild<QPushButton*>(QStringLiteral("reevaluateButton"));
        auto* list = pane.findChild<QTreeWidget*>(QStringLiteral("checkpointList"));
        QVERIFY(!again->isEnabled());
        QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("done (64 windows)"));
        windows->setValue(8);
        QVERIFY(again->isEnabled());
        QSignalSpy evaluated(&pane, &ComparisonPane::evaluated);
        QTest::mouseClick(again, Qt::LeftButton);
        QVERIFY(!again->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 2, kTimeoutMs);
        QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("done (8 windows)"));
        QCOMPARE(list->topLevelItem(1)->text(1), QStringLiteral("done (8 windows)"));
        QCOMPARE(pane.findChild<MetricsComparisonTable*>(QStringLiteral("metricsTable"))->columnCount(), 2);
    }

    void metricsExportAsCsv() {
        ComparisonPane pane;
        QTemporaryDir out;
        QVERIFY(!pane.exportCsv(out.filePath(QStringLiteral("empty.csv"))));  // nothing to export yet
        QVERIFY(!QFile::exists(out.filePath(QStringLiteral("empty.csv"))));
        evaluateBoth(pane);
        if (QTest::currentTestFailed()) return;
        auto* table = pane.findChild<MetricsComparisonTable*>(QStringLiteral("metricsTable"));
        const QString path = out.filePath(QStringLiteral("comparison.csv"));
        QVERIFY(pane.exportCsv(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), table->rowCount() + 1);
        const QStringList header = lines[0].split(QLatin1Char(','));
        QCOMPARE(header.size(), 3);
        QCOMPARE(header[0], QStringLiteral("metric"));
        QVERIFY2(header[1].contains(QStringLiteral("step 10")), qPrintable(header[1]));  // one line, no break
        const int row = table->rowOf(QStringLiteral("posterior MSE"));
        const QStringList cells = lines[row + 1].split(QLatin1Char(','));
        QCOMPARE(cells[0], QStringLiteral("posterior MSE"));
        for (int c = 0; c < 2; ++c) {
            const double shown = table->item(row, c)->data(MetricsComparisonTable::kValueRole).toDouble();
            QVERIFY(std::abs(cells[c + 1].toDouble() - shown) <= 1e-8 * std::abs(shown));  // unrounded, no marks
        }
        // A folder that does not exist: refused, said in the pane.
        QVERIFY(!pane.exportCsv(out.filePath(QStringLiteral("missing/comparison.csv"))));
        QVERIFY(pane.findChild<QLabel*>(QStringLiteral("tableStatus"))->text().contains(QStringLiteral("cannot write")));
    }

    void layoutRoundTrips() {
        ComparisonPane pane;
        pane.findChild<QCheckBox*>(QStringLiteral("errorLogScaleCheck"))->setChecked(true);
        pane.findChild<QDoubleSpinBox*>(QStringLiteral("smoothingSpin"))->setValue(0.25);
        pane.findChild<QComboBox*>(QStringLiteral("lossColumnCombo"))->setCurrentText(QStringLiteral("kl"));
        pane.findChild<QSpinBox*>(QStringLiteral("maxWindowsSpin"))->setValue(32);
        const QByteArray state = pane.saveLayout();

        ComparisonPane restored;
        restored.restoreLayout(QByteArray("not a layout"));  // ignored, not half applied
        QCOMPARE(restored.findChild<QSpinBox*>(QStringLiteral("maxWindowsSpin"))->value(), 64);
        restored.restoreLayout(state);
        QVERIFY(restored.findChild<QCheckBox*>(QStringLiteral("errorLogScaleCheck"))->isChecked());
        QCOMPARE(restored.findChild<QDoubleSpinBox*>(QStringLiteral("smoothingSpin"))->value(), 0.25);
        QCOMPARE(restored.findChild<QComboBox*>(QStringLiteral("lossColumnCombo"))->currentText(), QStringLiteral("kl"));
        QCOMPARE(restored.findChild<QSpinBox*>(QStringLiteral("maxWindowsSpin"))->value(), 32);

        // With nothing compared yet, the restored window count is what the next checkpoint is evaluated with.
        QSignalSpy evaluated(&restored, &ComparisonPane::evaluated);
        restored.addCheckpoint(first_);
        QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 1, kTimeoutMs);
        QCOMPARE(restored.findChild<QTreeWidget*>(QStringLiteral("checkpointList"))->topLevelItem(0)->text(1),
                 QStringLiteral("done (32 windows)"));
    }
};

QTEST_MAIN(ComparisonPaneTest)
#include "ComparisonPaneTest.moc"
