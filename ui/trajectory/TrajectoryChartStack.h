#pragma once
#include <cstdint>
#include <vector>

#include <QString>
#include <QStringList>
#include <QWidget>

#include "trajectory/PredictedTrajectory.h"

class QChart;
class QLabel;
class QLineEdit;
class QScrollArea;
class QTimer;
class QVBoxLayout;

namespace rssm::ui {

class PlotAreaAligner;
class TrajectoryChartView;

// The trajectory pane's stack of per-dimension charts, a hundred or more of
// them without freezing the window: one fixed-height slot per dimension in a
// scroll area, each slot's chart built the first time it scrolls into view
// and then given new numbers in place; at most one chart built, refreshed or
// shown per event-loop turn, the ones in view first. Also the dimension
// filter (applied after a pause in typing), the step zoom shared by every
// chart, their aligned plot areas and the time cursor's line in each.
class TrajectoryChartStack : public QWidget {
    Q_OBJECT
public:
    explicit TrajectoryChartStack(QWidget* parent = nullptr);

    // A new window to show (or an empty one: nothing shown), unzoomed, with
    // the time cursor's line at `cursorStep`.
    void setTrajectory(const PredictedTrajectory& trajectory, double cursorStep);
    void setCursorStep(double step);

    // The dimensions the filter matches, in order.
    const std::vector<int>& shownDims() const { return shownDims_; }
    // Every shown dimension's chart is built, visible and holds the window shown.
    bool upToDate() const;
    // The steps shown, zoomed or whole; min == max with nothing shown.
    double rangeMin() const { return rangeMin_; }
    double rangeMax() const { return rangeMax_; }

    QString filterText() const;
    void setFilterText(const QString& text);

Q_SIGNALS:
    void shownDimsChanged();           // after a new window or filter
    void cursorDragged(double step);   // Shift+drag on a chart

private:
    std::vector<int> matchingDims() const;
    // Shows the slots of the dimensions the filter matches and schedules
    // their charts; a new window (or none) goes through here too.
    void applyFilter();
    void ensureSlots();
    bool slotInView(int dim) const;
    bool current(int dim) const;  // built, shown and holding this window
    // One unit of chart work (build, refresh or show), the ones in view
    // first; comes back on a later turn for the rest.
    void buildNext();
    void scheduleBuild(int delayMs);
    void refreshChart(int dim);
    void alignInView();
    void applyStepRange(double min, double max);
    void resetZoom();

    QLineEdit* filter_ = nullptr;
    QLabel* shownLabel_ = nullptr;
    QScrollArea* scroll_ = nullptr;
    QVBoxLayout* chartsLayout_ = nullptr;
    // One slot per dimension, a fixed-height placeholder; views_[d] is null
    // until built, and holds the window `generation_` when chartGeneration_[d] equals it.
    std::vector<QWidget*> slots_;
    std::vector<TrajectoryChartView*> views_;
    std::vector<uint64_t> chartGeneration_;
    QStringList slotNames_;
    uint64_t generation_ = 1;
    QTimer* buildTimer_ = nullptr;
    QTimer* filterTimer_ = nullptr;
    PlotAreaAligner* aligner_ = nullptr;

    PredictedTrajectory trajectory_;
    std::vector<int> shownDims_;
    double cursorStep_ = 0;
    bool linkingSteps_ = false;           // guards the step axes' mutual updates
    double rangeMin_ = 0, rangeMax_ = 0;  // the step range shown, zoomed or whole
};

}  // namespace rssm::ui
