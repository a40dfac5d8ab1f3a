#pragma once
#include <vector>

#include <QChart>

#include "comparison/OverlayCurve.h"

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace rssm::ui {

// One logged column (the training loss, say) of several checkpoints' runs
// against the training step, each in its checkpoint's colour and cut at the
// checkpoint's step, with a dot where the checkpoint was saved: how far along
// its run each checkpoint is, and how its run was going there. No legend:
// the checkpoints' colours are keyed outside the chart.
class LossOverlayChart : public QChart {
public:
    struct Run {
        OverlayCurve curve;  // x: step, y: the column's logged values (NaN where not logged)
        double checkpointStep = 0.0;
    };

    // Points after a run's checkpoint step are left out. `smoothing` in
    // [0, 1) is the weight of TensorBoard's debiased EMA (0 draws the logged
    // values). Each line is reduced to at most 4 points per pixel column of
    // `columns` (the plot's width; < 1 keeps every point).
    LossOverlayChart(const std::vector<Run>& runs, const QString& column, double smoothing, int columns,
                     QGraphicsItem* parent = nullptr);

    const std::vector<QLineSeries*>& runSeries() const { return series_; }
    const std::vector<QScatterSeries*>& checkpointMarkers() const { return markers_; }
    QValueAxis* stepAxis() const { return stepAxis_; }
    QValueAxis* valueAxis() const { return valueAxis_; }

private:
    std::vector<QLineSeries*> series_;
    std::vector<QScatterSeries*> markers_;
    QValueAxis* stepAxis_ = nullptr;
    QValueAxis* valueAxis_ = nullptr;
};

}  // namespace rssm::ui
