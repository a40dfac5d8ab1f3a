#include "trajectory/TrajectoryImage.h"

#include <memory>

#include <QFileInfo>
#include <QDir>
#include <QValueAxis>

#include "charts/ChartImage.h"
#include "charts/ChartStyle.h"
#include "charts/TrajectoryChart.h"
#include "trajectory/PredictedTrajectory.h"
#include "trajectory/TrajectoryChartView.h"
#include "util/Error.h"

namespace rssm::ui {

QImage TrajectoryImage::render(const PredictedTrajectory& p, const std::vector<int>& dims, double stepMin, double stepMax,
                               double cursorStep) {
    if (p.empty() || dims.empty()) throw Error("no trajectory to draw: predict a window and show a dimension first");
    // Charts of their own: those shown in the pane's views cannot be drawn offscreen.
    std::vector<std::unique_ptr<TrajectoryChart>> charts;
    std::vector<QChart*> grid;
    for (int d : dims) {
        charts.push_back(std::make_unique<TrajectoryChart>(p.trace(d), d, p.dimNames.value(d)));
        TrajectoryChart& chart = *charts.back();
        placeCursorLine(addCursorLine(chart), chart, cursorStep);
        if (stepMax > stepMin) setStepRange(chart.stepAxis(), stepMin, stepMax);
        grid.push_back(&chart);
    }
    const QFileInfo checkpoint(p.checkpointPath);
    const QString heading = QStringLiteral("%1/%2 \u2014 episode %3, steps %4\u2013%5, context %6, horizon %7")
                                .arg(checkpoint.dir().dirName(), checkpoint.fileName())
                                .arg(p.episode)
                                .arg(p.start)
                                .arg(p.start + p.steps() - 1)
                                .arg(p.context)
                                .arg(p.horizon);
    return ChartImage::renderGrid(grid, chartSize(), 1, heading);
}

}  // namespace rssm::ui
