#include "comparison/ComparisonCurves.h"

#include <cmath>

#include "eval/Evaluator.h"

namespace rssm::ui {

namespace {

const ErrorTable& priorTable(const EvalResult& r, bool physical) { return physical && r.physical ? r.priorPhysical : r.prior; }
const ErrorTable& holdTable(const EvalResult& r, bool physical) { return physical && r.physical ? r.holdLastPhysical : r.holdLast; }

}  // namespace

std::vector<OverlayCurve> ComparisonCurves::errorByHorizon(const std::vector<Checkpoint>& checkpoints, bool physical) {
    std::vector<OverlayCurve> curves;
    for (const Checkpoint& c : checkpoints) {
        if (!c.results || !c.results->evaluation) continue;
        OverlayCurve curve{c.label, c.color, {}, {}};
        curve.y = priorTable(*c.results->evaluation, physical).byHorizon;
        for (size_t h = 0; h < curve.y.size(); ++h) curve.x.push_back(static_cast<double>(h + 1));
        curves.push_back(std::move(curve));
    }
    return curves;
}

std::vector<double> ComparisonCurves::holdLastByHorizon(const std::vector<Checkpoint>& checkpoints, bool physical) {
    for (const Checkpoint& c : checkpoints)
        if (c.results && c.results->evaluation) return holdTable(*c.results->evaluation, physical).byHorizon;
    return {};
}

ComparisonCurves::Predictions ComparisonCurves::predictions(const std::vector<Checkpoint>& checkpoints, int64_t dim) {
    Predictions out;
    bool haveTruth = false;
    for (const Checkpoint& c : checkpoints) {
        if (!c.results) continue;
        const PredictionCurves& p = c.results->prediction;
        if (!p.valid) {
            out.problems << QStringLiteral("%1: %2").arg(c.label, p.problem.empty() ? QStringLiteral("not predicted yet")
                                                                                    : QString::fromStdString(p.problem));
            continue;
        }
        auto value = [dim](const std::vector<double>& row) { return dim >= 0 && dim < static_cast<int64_t>(row.size()) ? row[dim] : NAN; };
        const double x0 = static_cast<double>(p.start);
        OverlayCurve prior{c.label, c.color, {}, {}}, posterior{c.label, c.color, {}, {}};
        for (size_t t = 0; t < p.posterior.size(); ++t) {
            posterior.x.push_back(x0 + static_cast<double>(t));
            posterior.y.push_back(value(p.posterior[t]));
        }
        for (size_t h = 0; h < p.priorMean.size(); ++h) {
            prior.x.push_back(x0 + static_cast<double>(p.context + static_cast<int64_t>(h)));
            prior.y.push_back(value(p.priorMean[h]));
        }
        out.priors.push_back(std::move(prior));
        out.posteriors.push_back(std::move(posterior));
        if (!haveTruth) {
            haveTruth = true;
            out.truth.name = QStringLiteral("truth");
            out.truth.color = Qt::black;
            for (size_t t = 0; t < p.truth.size(); ++t) {
                out.truth.x.push_back(x0 + static_cast<double>(t));
                out.truth.y.push_back(value(p.truth[t]));
            }
            out.contextBoundary = x0 + static_cast<double>(p.context) - 0.5;
        }
    }
    return out;
}

std::vector<ComparisonCurves::LossRun> ComparisonCurves::lossRuns(const std::vector<Checkpoint>& checkpoints,
                                                                 const std::string& column, QStringList* problems) {
    std::vector<LossRun> runs;
    for (const Checkpoint& c : checkpoints) {
        if (!c.results) continue;
        const RunMetrics& m = c.results->metrics;
        const std::vector<double>* steps = m.column("step");
        const std::vector<double>* walls = m.column("wall_time");
        const std::vector<double>* values = m.column(column);
        if (!m.problem.empty() || !steps || !walls || !values) {
            if (problems)
                *problems << QStringLiteral("%1: %2").arg(c.label, !m.problem.empty() ? QString::fromStdString(m.problem)
                                                                                     : QStringLiteral("its metrics.csv has no %1 column")
                                                                                           .arg(QString::fromStdString(column)));
            continue;
        }
        LossRun run{c.label, c.color, {}, {}, {}};
        const double checkpointStep = static_cast<double>(c.results->step);
        for (size_t i = 0; i < steps->size() && i < walls->size() && i < values->size(); ++i) {
            if ((*steps)[i] > checkpointStep) break;  // rows are in step order
            run.steps.push_back((*steps)[i]);
            run.wallTimes.push_back((*walls)[i]);
            run.values.push_back((*values)[i]);
        }
        runs.push_back(std::move(run));
    }
    return runs;
}

}  // namespace rssm::ui
