#pragma once
#include <cstdint>
#include <vector>

#include <QImage>

namespace rssm::ui {

struct PredictedTrajectory;

// The pane's stack of charts drawn offscreen for a PNG: the listed
// dimensions of a prediction, one chart each, over the steps [stepMin,
// stepMax] (the pane's zoom), with the time cursor at `cursorStep` and a
// heading naming the checkpoint and window. Throws rssm::Error when there is
// nothing to draw.
class TrajectoryImage {
public:
    static QImage render(const PredictedTrajectory& trajectory, const std::vector<int>& dims, double stepMin,
                         double stepMax, double cursorStep);
    // Pixels per dimension's chart.
    static QSize chartSize() { return QSize(1400, 280); }
};

}  // namespace rssm::ui
