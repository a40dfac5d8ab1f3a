#pragma once
#include <QChartView>

class QLineSeries;

namespace rssm::ui {

class TrajectoryChart;
struct TrajectoryTrace;

// A vertical line at the pane's time cursor, added to a trajectory chart
// (out of its legend) and moved with placeCursorLine().
QLineSeries* addCursorLine(TrajectoryChart& chart);
void placeCursorLine(QLineSeries* line, const TrajectoryChart& chart, double step);

// One dimension's trajectory chart in the pane's stack. The step axis zooms
// and nothing else: a horizontal rubber band, Ctrl+wheel around the pointer,
// right-click to zoom out; double-click asks for the whole window again.
// Shift with a press or drag reports the step under the pointer, for the
// pane's time cursor.
class TrajectoryChartView : public QChartView {
    Q_OBJECT
public:
    // Takes ownership of `chart`; `dim` is the dimension it shows.
    TrajectoryChartView(TrajectoryChart* chart, int dim, QWidget* parent = nullptr);

    TrajectoryChart* trajectoryChart() const { return chart_; }
    int dimension() const { return dim_; }
    QLineSeries* cursorLine() const { return cursor_; }
    void setCursorStep(double step);
    // New numbers for the chart (TrajectoryChart::setTrace), the cursor line kept at `cursorStep`.
    void setTrace(const TrajectoryTrace& trace, double cursorStep);

    // The whole window's step range, as the chart was built or last given a trace.
    double fullMin() const { return fullMin_; }
    double fullMax() const { return fullMax_; }
    // Zooms the step axis by `factor` (< 1 in) keeping `anchor` where it is, within the window.
    void zoomSteps(double factor, double anchor);

    // The step at a point in the view's coordinates.
    double stepAt(const QPointF& viewPoint) const;

Q_SIGNALS:
    void cursorDragged(double step);
    void zoomResetRequested();

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    TrajectoryChart* chart_;
    int dim_;
    QLineSeries* cursor_;
    double fullMin_, fullMax_;
    bool draggingCursor_ = false;
};

}  // namespace rssm::ui
