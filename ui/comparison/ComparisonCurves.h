#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <QColor>
#include <QString>
#include <QStringList>

#include "comparison/CheckpointResults.h"
#include "comparison/OverlayCurve.h"

namespace rssm::ui {

// Turns the compared checkpoints' results into the overlay charts' curves,
// each in the checkpoint's colour: plain number shuffling, kept apart from
// the pane so the pane only arranges widgets.
class ComparisonCurves {
public:
    struct Checkpoint {
        QString label;  // "run · step N"
        QColor color;
        const CheckpointResults* results = nullptr;
    };

    // Open-loop MSE by horizon step 1..H, in physical units when asked and
    // the result has them.
    static std::vector<OverlayCurve> errorByHorizon(const std::vector<Checkpoint>& checkpoints, bool physical);
    // The hold-last baseline of the first checkpoint (the same data for all
    // checkpoints of a run); empty without checkpoints.
    static std::vector<double> holdLastByHorizon(const std::vector<Checkpoint>& checkpoints, bool physical);

    struct Predictions {
        OverlayCurve truth;  // of the first checkpoint with a prediction
        std::vector<OverlayCurve> priors, posteriors;
        double contextBoundary = 0.0;  // halfway between the last seen step and the first predicted one
        QStringList problems;          // "label: why it has no prediction"
    };
    static Predictions predictions(const std::vector<Checkpoint>& checkpoints, int64_t dim);

    // One checkpoint's run: a column of its metrics.csv up to the checkpoint's
    // step (what the run had seen when it was saved), with steps and wall times.
    struct LossRun {
        QString label;
        QColor color;
        std::vector<double> steps, wallTimes, values;
    };
    static std::vector<LossRun> lossRuns(const std::vector<Checkpoint>& checkpoints, const std::string& column,
                                         QStringList* problems);
};

}  // namespace rssm::ui
