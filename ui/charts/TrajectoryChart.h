#pragma once
#include <cstdint>
#include <vector>

#include <QChart>
#include <QColor>
#include <QString>

class QAreaSeries;
class QLineSeries;
class QValueAxis;

namespace rssm {
struct TrajectoryPrediction;
}

namespace rssm::ui {

// One dimension of one evaluated window as plain numbers, so a chart can be
// built on the GUI thread from values computed (with LibTorch) elsewhere.
struct TrajectoryTrace {
    int64_t start = 0, context = 0, horizon = 0;
    std::vector<double> truth, posterior;     // context + horizon steps
    std::vector<double> priorMean, priorStd;  // horizon steps

    // Column `dim` of the prediction's tensors. Throws rssm::Error when their
    // shapes disagree with context and horizon or `dim` is out of range.
    static TrajectoryTrace fromPrediction(const TrajectoryPrediction& prediction, int64_t dim);
};

// One observation dimension of one evaluated window: the recorded truth, the
// posterior's reconstruction of every step, and the open-loop prior from the
// first step after the context on, with the spread of its sampled rollouts as
// a band of one standard deviation either side of the mean. The x axis is the
// step within the episode (the window's start + t), so plots of neighbouring
// windows line up. The data is copied in; the chart keeps no tensor.
class TrajectoryChart : public QChart {
public:
    // `dim` indexes the prediction's last axis; `name` ("state[3]") titles the chart.
    // Throws rssm::Error when the tensors' shapes disagree with context and horizon.
    TrajectoryChart(const TrajectoryPrediction& prediction, int64_t dim, const QString& name,
                    QGraphicsItem* parent = nullptr);
    // The same from plain numbers; `dim` only picks the colour. Throws
    // rssm::Error when the vectors' lengths disagree with context and horizon.
    TrajectoryChart(const TrajectoryTrace& trace, int64_t dim, const QString& name, QGraphicsItem* parent = nullptr);

    // The dimension's own hue, the same in every chart that shows it. The
    // palette leaves out red, which stays the open-loop prior's colour.
    static QColor dimensionColor(int64_t dim);
    static QColor priorColor();
    // Whole-step tick spacing (1, 2, 5, 10, 20, ...) for a step axis `span`
    // steps wide, so tick labels are always integers and about 4 to 8 of them.
    static double stepTickInterval(double span);

    // New numbers for the same dimension, the series replaced in place (a
    // chart is built once and reused for every window). Throws as the
    // constructor does.
    void setTrace(const TrajectoryTrace& trace);

    QLineSeries* truthSeries() const { return truth_; }
    QLineSeries* posteriorSeries() const { return posterior_; }
    QLineSeries* priorSeries() const { return prior_; }
    QAreaSeries* spreadBand() const { return band_; }  // upperSeries() is mean + std, lowerSeries() mean - std
    QLineSeries* contextMarker() const { return marker_; }
    QValueAxis* stepAxis() const { return stepAxis_; }
    QValueAxis* valueAxis() const { return valueAxis_; }

private:
    QLineSeries* truth_ = nullptr;
    QLineSeries* posterior_ = nullptr;
    QLineSeries* prior_ = nullptr;
    QAreaSeries* band_ = nullptr;
    QLineSeries* marker_ = nullptr;
    QValueAxis* stepAxis_ = nullptr;
    QValueAxis* valueAxis_ = nullptr;
};

}  // namespace rssm::ui
