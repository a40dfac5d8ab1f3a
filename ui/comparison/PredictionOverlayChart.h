#pragma once
#include <vector>

#include <QChart>

#include "comparison/OverlayCurve.h"

class QLineSeries;
class QValueAxis;

namespace rssm::ui {

// One dimension of the same window as several checkpoints predict it: the
// recorded truth in black, each checkpoint's open-loop prior (solid, from the
// first step after the context on) and its posterior reconstruction (dashed,
// lighter) in the checkpoint's colour, and a marker at the end of the context.
// The legend names the truth and the marker: the checkpoints' colours are keyed outside.
class PredictionOverlayChart : public QChart {
public:
    // x values are steps within the episode. `priors` and `posteriors` pair
    // up by index and take their colour from the prior curve.
    PredictionOverlayChart(const OverlayCurve& truth, const std::vector<OverlayCurve>& priors,
                           const std::vector<OverlayCurve>& posteriors, double contextBoundary, const QString& title,
                           QGraphicsItem* parent = nullptr);

    QLineSeries* truthSeries() const { return truth_; }
    const std::vector<QLineSeries*>& priorSeries() const { return priors_; }
    const std::vector<QLineSeries*>& posteriorSeries() const { return posteriors_; }
    QLineSeries* contextMarker() const { return marker_; }
    QValueAxis* stepAxis() const { return stepAxis_; }
    QValueAxis* valueAxis() const { return valueAxis_; }

private:
    QLineSeries* truth_ = nullptr;
    std::vector<QLineSeries*> priors_, posteriors_;
    QLineSeries* marker_ = nullptr;
    QValueAxis* stepAxis_ = nullptr;
    QValueAxis* valueAxis_ = nullptr;
};

}  // namespace rssm::ui
