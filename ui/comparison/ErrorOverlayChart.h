#pragma once
#include <vector>

#include <QChart>

#include "comparison/OverlayCurve.h"

class QAbstractAxis;
class QLineSeries;

namespace rssm::ui {

// Several checkpoints' open-loop error by horizon step on one chart, each in
// its own colour, over the hold-last-observation baseline (dashed grey): the
// checkpoint whose line stays lowest for longest predicts furthest. The
// legend names only the baseline: the checkpoints' colours are keyed outside.
class ErrorOverlayChart : public QChart {
public:
    enum class Scale { Linear, Log };

    // `curves`: x is the horizon step 1..H, y the MSE. `baseline` is the
    // hold-last MSE at the same steps (left out when empty). On the log scale
    // values that are not positive are left out; NaN is left out on both.
    ErrorOverlayChart(const std::vector<OverlayCurve>& curves, const std::vector<double>& baseline, Scale scale,
                      const QString& title, QGraphicsItem* parent = nullptr);

    const std::vector<QLineSeries*>& checkpointSeries() const { return series_; }
    QLineSeries* baselineSeries() const { return baseline_; }  // null without a baseline
    QAbstractAxis* horizonAxis() const { return horizonAxis_; }
    QAbstractAxis* errorAxis() const { return errorAxis_; }  // QValueAxis or QLogValueAxis

    static QColor baselineColor();

private:
    std::vector<QLineSeries*> series_;
    QLineSeries* baseline_ = nullptr;
    QAbstractAxis* horizonAxis_ = nullptr;
    QAbstractAxis* errorAxis_ = nullptr;
};

}  // namespace rssm::ui
