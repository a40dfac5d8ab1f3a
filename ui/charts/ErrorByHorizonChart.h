#pragma once
#include <cstdint>

#include <QChart>

class QAbstractAxis;
class QLineSeries;

namespace rssm {
struct EvalResult;
}

namespace rssm::ui {

// How fast open-loop predictions part from the truth: the mean squared error
// at each horizon step 1..H of the open-loop prior, against the baseline that
// holds the last context observation. A prior above the baseline has learned
// nothing about the dynamics at that range.
class ErrorByHorizonChart : public QChart {
public:
    enum class Scale { Linear, Log };

    // `dim` < 0 plots the mean over dimensions (ErrorTable::byHorizon); else
    // that dimension's column of byHorizonDim. Log scale shows errors spread
    // over decades; values that are not positive are left out of it.
    // Throws rssm::Error when the result has no such dimension or no horizon.
    ErrorByHorizonChart(const EvalResult& result, int64_t dim = -1, Scale scale = Scale::Linear,
                        QGraphicsItem* parent = nullptr);

    QLineSeries* priorSeries() const { return prior_; }
    QLineSeries* holdLastSeries() const { return holdLast_; }
    QAbstractAxis* horizonAxis() const { return horizonAxis_; }
    QAbstractAxis* errorAxis() const { return errorAxis_; }  // QValueAxis or QLogValueAxis

private:
    QLineSeries* prior_ = nullptr;
    QLineSeries* holdLast_ = nullptr;
    QAbstractAxis* horizonAxis_ = nullptr;
    QAbstractAxis* errorAxis_ = nullptr;
};

}  // namespace rssm::ui
