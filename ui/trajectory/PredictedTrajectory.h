#pragma once
#include <cstdint>
#include <vector>

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include "charts/TrajectoryChart.h"

namespace rssm::ui {

// One checkpoint's prediction of one window, as plain numbers that cross from
// the worker thread to the GUI thread by value: the recorded truth and the
// posterior for every step, the open-loop prior's mean and spread after the
// context, and the camera frames of the window's steps when the buffer has
// them. Row-major [steps][dims] (prior: [horizon][dims]), model units.
struct PredictedTrajectory {
    QString checkpointPath;
    int64_t episode = 0, start = 0, context = 0, horizon = 0;
    int dims = 0;
    QStringList dimNames;  // "state[0]", ...
    std::vector<double> truth, posterior;     // (context + horizon) * dims
    std::vector<double> priorMean, priorStd;  // horizon * dims
    QString frameKey;                         // "enc_cam_0", empty without frames
    QVector<QByteArray> frames;               // encoded, one per step of the window, or none

    int64_t steps() const { return context + horizon; }
    bool empty() const { return dims == 0 || steps() == 0; }
    bool inContext(int64_t t) const { return t < context; }

    double truthAt(int64_t t, int d) const { return truth[static_cast<size_t>(t * dims + d)]; }
    double posteriorAt(int64_t t, int d) const { return posterior[static_cast<size_t>(t * dims + d)]; }
    // The prior at window step t (NaN within the context, where it is not defined).
    double priorMeanAt(int64_t t, int d) const;
    double priorStdAt(int64_t t, int d) const;
    // What the model says about step t: its reconstruction while it still
    // sees observations, the open-loop prior's mean after.
    double predictedAt(int64_t t, int d) const { return inContext(t) ? posteriorAt(t, d) : priorMeanAt(t, d); }

    // Dimension `d` for a TrajectoryChart.
    TrajectoryTrace trace(int d) const;

    // step, then per listed dimension truth, posterior, prior_mean and
    // prior_std (empty within the context), one row per window step.
    QByteArray toCsv(const std::vector<int>& shownDims) const;
};

}  // namespace rssm::ui
