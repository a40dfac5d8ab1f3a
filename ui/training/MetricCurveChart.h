#pragma once
#include <memory>
#include <utility>
#include <vector>

#include <QChartView>
#include <QColor>
#include <QString>
#include <QStringList>

class QAbstractAxis;
class QLineSeries;
class QLogValueAxis;
class QScatterSeries;
class QTimer;
class QValueAxis;

namespace rssm::ui {

// A chart of training curves that stays smooth with a million points: each
// named curve keeps its data as plain vectors (step, wall time, value) and is
// drawn as TensorBoard does, an EMA with start-of-curve correction over the
// raw curve drawn faint behind it, both reduced per pixel column of the plot
// (first, lowest, highest and last point) before they reach Qt Charts. Changes
// are coalesced and drawn at most about 15 times a second. Appended points
// extend the EMA and the per-column buckets (series/CurveBuckets) where they
// stand, so a redraw costs the chart's width, not the run's length: the
// window trains as fast as the command line. Used live while training, for
// opened runs, and to overlay runs in comparisons.
class MetricCurveChart : public QChartView {
    Q_OBJECT
public:
    enum class XAxisMode { Step, WallTime };

    explicit MetricCurveChart(const QString& title, QWidget* parent = nullptr);
    ~MetricCurveChart() override;

    // Adds the curve `name`, or replaces its data. The vectors are parallel;
    // steps and wall times must not decrease. Non-finite values are left out.
    void setCurve(const QString& name, const QColor& color, const std::vector<double>& steps,
                  const std::vector<double>& wallTimes, const std::vector<double>& values);
    // Appends points to the curve `name`, which is added when new.
    void appendToCurve(const QString& name, const QColor& color, const std::vector<double>& steps,
                       const std::vector<double>& wallTimes, const std::vector<double>& values);
    void clearCurves();

    QStringList curveNames() const;
    // Points the curve holds (before reduction for drawing); 0 for no such curve.
    size_t dataPointCount(const QString& name) const;
    // The drawn series: smoothed in the curve's colour, raw faint behind it.
    QLineSeries* smoothedSeries(const QString& name) const;
    QLineSeries* rawSeries(const QString& name) const;

    // EMA weight on the past, in [0, 1); 0 draws the raw curve only.
    void setSmoothing(double weight);
    double smoothing() const { return smoothing_; }
    // Logarithmic y; points at or below zero are then left out.
    void setLogY(bool on);
    bool logY() const { return logY_; }
    void setXAxisMode(XAxisMode mode);
    XAxisMode xAxisMode() const { return xMode_; }
    // A dot on each curve's last point, in its colour: where a checkpoint
    // was saved, when the curves are runs cut at their checkpoints.
    void setEndMarkers(bool on);
    // Off: the chart's own legend stays hidden (a view that draws its own
    // legend); showing and hiding it lays the whole chart out again.
    void setOwnLegend(bool on);
    QScatterSeries* endMarker(const QString& name) const;  // null unless end markers are on

    // Draws pending changes now rather than at the next frame.
    void redrawNow();
    QValueAxis* xAxis() const { return xAxis_; }
    QAbstractAxis* yAxis() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Curve;
    Curve* curve(const QString& name) const;
    Curve& curveFor(const QString& name, const QColor& color);
    void addEndMarker(Curve& c);
    void scheduleRedraw();
    void drawCurves();
    // The smoothed curve and the buckets, from scratch or for points from `from` on.
    void rebuildDerived(Curve& c) const;
    void extendDerived(Curve& c, size_t from) const;
    std::pair<double, double> yRangeFor(double lo, double hi) const;  // padded, or a decade for log
    void applyYRange(std::pair<double, double> range);

    std::vector<std::unique_ptr<Curve>> curves_;
    QValueAxis* xAxis_ = nullptr;
    QValueAxis* yLinear_ = nullptr;
    QLogValueAxis* yLog_ = nullptr;
    QTimer* redrawTimer_ = nullptr;
    int nextRedrawDelayMs_ = 66;
    double smoothing_ = 0.6;
    bool logY_ = false;
    bool endMarkers_ = false;
    bool ownLegend_ = true;
    XAxisMode xMode_ = XAxisMode::Step;
};

}  // namespace rssm::ui
