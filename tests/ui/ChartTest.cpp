// The chart classes against hand-made predictions and error tables: the
// series hold exactly the numbers given, and an offscreen render gives a
// PNG of the size asked for with something drawn on it.
#include <cmath>
#include <memory>

#include <torch/torch.h>

#include "charts/ChartImage.h"
#include "charts/ChartStyle.h"
#include "charts/PlotAreaAligner.h"
#include "charts/ErrorByHorizonChart.h"
#include "charts/TrajectoryChart.h"
#include "eval/Evaluator.h"
#include "util/Error.h"

#include <QAreaSeries>
#include <QChartView>
#include <QVBoxLayout>
#include <QWidget>
#include <QDir>
#include <QFileInfo>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

using namespace rssm;
using namespace rssm::ui;

namespace {

constexpr int64_t kContext = 4, kHorizon = 6, kDims = 3, kStart = 10;

// truth[t][d] = t + 10 d; posterior = truth + 0.5; prior mean = truth + 1
// over the horizon; prior std = 0.1 (h + 1) (d + 1).
TrajectoryPrediction handMadePrediction() {
    TrajectoryPrediction p;
    p.episode = 2;
    p.start = kStart;
    p.context = kContext;
    p.horizon = kHorizon;
    const int64_t steps = kContext + kHorizon;
    p.truth = torch::zeros({steps, kDims});
    p.priorMean = torch::zeros({kHorizon, kDims});
    p.priorStd = torch::zeros({kHorizon, kDims});
    for (int64_t t = 0; t < steps; ++t)
        for (int64_t d = 0; d < kDims; ++d) p.truth[t][d] = static_cast<double>(t + 10 * d);
    p.posterior = p.truth + 0.5;
    for (int64_t h = 0; h < kHorizon; ++h) {
        for (int64_t d = 0; d < kDims; ++d) {
            p.priorMean[h][d] = p.truth[kContext + h][d].item<double>() + 1.0;
            p.priorStd[h][d] = 0.1 * static_cast<double>((h + 1) * (d + 1));
        }
    }
    p.priorSamples = p.priorMean.unsqueeze(0).repeat({2, 1, 1});
    return p;
}

EvalResult handMadeResult() {
    EvalResult r;
    r.windows = 5;
    r.context = kContext;
    r.horizon = kHorizon;
    r.dimNames = {"state[0]", "state[1]", "state[2]"};
    r.prior.byDim = {1.0, 2.0, 3.0};
    r.holdLast.byDim = {2.0, 2.0, 2.0};
    for (int64_t h = 0; h < kHorizon; ++h) {
        r.prior.byHorizon.push_back(0.01 * std::pow(2.0, static_cast<double>(h)));
        r.holdLast.byHorizon.push_back(0.05 * static_cast<double>(h + 1));
        std::vector<double> priorRow, holdRow;
        for (int64_t d = 0; d < kDims; ++d) {
            priorRow.push_back(0.1 * static_cast<double>(h + 1) + static_cast<double>(d));
            holdRow.push_back(0.2 * static_cast<double>(h + 1) * static_cast<double>(d + 1));
        }
        r.prior.byHorizonDim.push_back(priorRow);
        r.holdLast.byHorizonDim.push_back(holdRow);
    }
    r.priorSpreadByHorizon.assign(kHorizon, 0.1);
    return r;
}

// RSSM_CHART_TEST_OUT=<dir> keeps the test's renders there to look at.
void keep(const QImage& image, const QString& name) {
    const QString dir = qEnvironmentVariable("RSSM_CHART_TEST_OUT");
    if (!dir.isEmpty()) ChartImage::savePng(image, QDir(dir).filePath(name));
}

// Pixels that differ from the white background, counted on a coarse grid.
int inkedPixels(const QImage& image) {
    int inked = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            if ((image.pixel(x, y) & 0xffffff) != 0xffffff) ++inked;
    return inked;
}

}  // namespace

class ChartTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trajectoryTruthAndPosteriorCoverTheWindow() {
        const TrajectoryPrediction p = handMadePrediction();
        TrajectoryChart chart(p, 1, QStringLiteral("state[1]"));
        QCOMPARE(chart.title(), QStringLiteral("state[1]"));
        const QList<QPointF> truth = chart.truthSeries()->points();
        const QList<QPointF> posterior = chart.posteriorSeries()->points();
        QCOMPARE(truth.size(), static_cast<qsizetype>(kContext + kHorizon));
        QCOMPARE(posterior.size(), static_cast<qsizetype>(kContext + kHorizon));
        for (int t = 0; t < truth.size(); ++t) {
            QCOMPARE(truth[t].x(), static_cast<double>(kStart + t));  // step within the episode
            QCOMPARE(truth[t].y(), static_cast<double>(t + 10));
            QCOMPARE(posterior[t].y(), static_cast<double>(t + 10) + 0.5);
        }
    }

    void trajectoryPriorStartsAtTheContextStep() {
        const TrajectoryPrediction p = handMadePrediction();
        TrajectoryChart chart(p, 2, QStringLiteral("state[2]"));
        const QList<QPointF> prior = chart.priorSeries()->points();
        QCOMPARE(prior.size(), static_cast<qsizetype>(kHorizon));
        QCOMPARE(prior.front().x(), static_cast<double>(kStart + kContext));
        QCOMPARE(prior.back().x(), static_cast<double>(kStart + kContext + kHorizon - 1));
        for (int h = 0; h < prior.size(); ++h) QCOMPARE(prior[h].y(), static_cast<double>(kContext + h + 20) + 1.0);
        // The context marker sits between the last observed and first predicted step.
        const QList<QPointF> marker = chart.contextMarker()->points();
        QCOMPARE(marker.size(), 2);
        QVERIFY(marker[0].x() > kStart + kContext - 1 && marker[0].x() < kStart + kContext);
    }

    void trajectoryBandIsTwoStdWide() {
        const TrajectoryPrediction p = handMadePrediction();
        TrajectoryChart chart(p, 2, QStringLiteral("state[2]"));
        const QList<QPointF> upper = chart.spreadBand()->upperSeries()->points();
        const QList<QPointF> lower = chart.spreadBand()->lowerSeries()->points();
        const QList<QPointF> mean = chart.priorSeries()->points();
        QCOMPARE(upper.size(), static_cast<qsizetype>(kHorizon));
        QCOMPARE(lower.size(), static_cast<qsizetype>(kHorizon));
        for (int h = 0; h < kHorizon; ++h) {
            const double std = 0.1 * (h + 1) * 3;  // float tensors: compare to float precision
            QCOMPARE(upper[h].x(), mean[h].x());
            QVERIFY(std::abs((upper[h].y() - lower[h].y()) - 2 * std) < 1e-5);
            QVERIFY(std::abs((upper[h].y() + lower[h].y()) / 2 - mean[h].y()) < 1e-5);
        }
        // Every line and the band lie inside the value axis.
        QVERIFY(chart.valueAxis()->min() <= lower.front().y());
        QVERIFY(chart.valueAxis()->max() >= upper.back().y());
    }

    void trajectoryRejectsMismatchedShapes() {
        TrajectoryPrediction p = handMadePrediction();
        QVERIFY_THROWS_EXCEPTION(rssm::Error, TrajectoryChart(p, kDims, QStringLiteral("x")));
        p.priorStd = torch::zeros({kHorizon - 1, kDims});
        QVERIFY_THROWS_EXCEPTION(rssm::Error, TrajectoryChart(p, 0, QStringLiteral("x")));
    }

    void errorByHorizonMeanMatchesTheTable() {
        const EvalResult r = handMadeResult();
        ErrorByHorizonChart chart(r);
        const QList<QPointF> prior = chart.priorSeries()->points(), hold = chart.holdLastSeries()->points();
        QCOMPARE(prior.size(), static_cast<qsizetype>(kHorizon));
        QCOMPARE(hold.size(), static_cast<qsizetype>(kHorizon));
        for (int h = 0; h < kHorizon; ++h) {
            QCOMPARE(prior[h], QPointF(h + 1, r.prior.byHorizon[h]));
            QCOMPARE(hold[h], QPointF(h + 1, r.holdLast.byHorizon[h]));
        }
        QVERIFY(qobject_cast<QValueAxis*>(chart.errorAxis()));
    }

    void errorByHorizonOneDimensionOnALogAxis() {
        EvalResult r = handMadeResult();
        r.holdLast.byHorizonDim[0][1] = 0.0;  // no place on a log axis
        ErrorByHorizonChart chart(r, 1, ErrorByHorizonChart::Scale::Log);
        QCOMPARE(chart.title(), QStringLiteral("state[1]"));
        auto* axis = qobject_cast<QLogValueAxis*>(chart.errorAxis());
        QVERIFY(axis);
        const QList<QPointF> prior = chart.priorSeries()->points(), hold = chart.holdLastSeries()->points();
        QCOMPARE(prior.size(), static_cast<qsizetype>(kHorizon));
        QCOMPARE(hold.size(), static_cast<qsizetype>(kHorizon - 1));
        for (int h = 0; h < kHorizon; ++h) {
            QCOMPARE(prior[h], QPointF(h + 1, r.prior.byHorizonDim[h][1]));
            QVERIFY(axis->min() <= prior[h].y() && prior[h].y() <= axis->max());
        }
        QCOMPARE(hold.front(), QPointF(2, r.holdLast.byHorizonDim[1][1]));
        QVERIFY_THROWS_EXCEPTION(rssm::Error, ErrorByHorizonChart(r, kDims));
    }

    void chartImageWritesAPngOfTheRequestedSize() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const TrajectoryPrediction p = handMadePrediction();
        TrajectoryChart chart(p, 0, QStringLiteral("state[0]"));
        const QString path = dir.filePath(QStringLiteral("one.png"));
        ChartImage::savePng(chart, QSize(640, 360), path);
        QImage back(path);
        QVERIFY(!back.isNull());
        QCOMPARE(back.size(), QSize(640, 360));
        QVERIFY(inkedPixels(back) > 500);
        // Only the PNG is left: the temporary file was renamed into place.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("one.png")});
        // The chart is still the caller's and draws again at another size.
        QCOMPARE(ChartImage::render(chart, QSize(300, 200)).size(), QSize(300, 200));
    }

    void chartImageStacksAGrid() {
        QTemporaryDir dir;
        const TrajectoryPrediction p = handMadePrediction();
        std::vector<std::unique_ptr<QChart>> owned;
        std::vector<QChart*> charts;
        for (int d = 0; d < kDims; ++d) {
            owned.push_back(std::make_unique<TrajectoryChart>(p, d, QStringLiteral("state[%1]").arg(d)));
            charts.push_back(owned.back().get());
        }
        const QString heading = QStringLiteral("episode 2");
        const QImage image = ChartImage::renderGrid(charts, QSize(500, 220), 1, heading);
        QCOMPARE(image.size(), QSize(500, 3 * 220 + ChartImage::headingHeight(heading)));
        // Each cell has a chart drawn in it.
        for (int d = 0; d < kDims; ++d)
            QVERIFY(inkedPixels(image.copy(0, ChartImage::headingHeight(heading) + d * 220, 500, 220)) > 300);
        const QString path = dir.filePath(QStringLiteral("grid.png"));
        ChartImage::savePng(image, path);
        QCOMPARE(QImage(path).size(), image.size());
        keep(image, QStringLiteral("trajectory_grid.png"));
        std::vector<std::unique_ptr<QChart>> errors;
        const EvalResult r = handMadeResult();
        errors.push_back(std::make_unique<ErrorByHorizonChart>(r));
        errors.push_back(std::make_unique<ErrorByHorizonChart>(r, -1, ErrorByHorizonChart::Scale::Log));
        keep(ChartImage::renderGrid({errors[0].get(), errors[1].get()}, QSize(560, 360), 2), QStringLiteral("error_by_horizon.png"));
        QVERIFY_THROWS_EXCEPTION(rssm::Error, ChartImage::savePng(image, dir.filePath(QStringLiteral("no/such/dir/x.png"))));
    }

    void stackedPlotAreasShareTheirEdges() {
        // Wide y labels in one chart, narrow in the other: the same step would
        // sit at different x down the stack until the aligner evens them out.
        QWidget stack;
        auto* layout = new QVBoxLayout(&stack);
        std::vector<QChart*> charts;
        for (double scale : {1e6, 1.0}) {
            auto* series = new QLineSeries();
            for (int x = 0; x <= 10; ++x) series->append(x, scale * (x % 3 - 1.234567));
            auto* chart = new QChart();
            chart->addSeries(series);
            chart->createDefaultAxes();
            applyChartStyle(*chart, QStringLiteral("chart"));
            auto* view = new QChartView(chart);
            layout->addWidget(view);
            charts.push_back(chart);
        }
        stack.resize(800, 600);
        stack.show();
        QVERIFY(QTest::qWaitForWindowExposed(&stack));
        QTRY_VERIFY(charts[0]->plotArea().width() > 0 && charts[1]->plotArea().width() > 0);
        QVERIFY2(std::abs(charts[0]->plotArea().left() - charts[1]->plotArea().left()) > 5, "the labels should differ in width");

        PlotAreaAligner aligner;
        aligner.setCharts(charts);
        QTRY_VERIFY(std::abs(charts[0]->plotArea().left() - charts[1]->plotArea().left()) <= 1.0);
        QVERIFY(std::abs(charts[0]->plotArea().right() - charts[1]->plotArea().right()) <= 1.0);

        // Still aligned after the stack is resized and laid out anew.
        stack.resize(640, 600);
        QTest::qWait(100);
        QTRY_VERIFY(std::abs(charts[0]->plotArea().left() - charts[1]->plotArea().left()) <= 1.0);
    }
};

QTEST_MAIN(ChartTest)
#include "ChartTest.moc"
