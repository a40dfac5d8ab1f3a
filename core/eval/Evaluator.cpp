#include "eval/Evaluator.h"

#include <algorithm>

#include <torch/torch.h>

#include "model/JobRandom.h"
#include "util/Error.h"
#include "model/TensorValues.h"
#include "util/Json.h"

namespace rssm {

namespace {

c10::Device deviceOf(WorldModel& model) { return model->parameters().front().device(); }

// Accumulates squared errors [B, H, D] into an ErrorTable.
struct ErrorSum {
    torch::Tensor byHorizonDim;  // sum over windows, [H, D]
    int64_t count = 0;
    void add(const torch::Tensor& squaredError) {
        const auto s = squaredError.sum(0);
        byHorizonDim = byHorizonDim.defined() ? byHorizonDim + s : s;
        count += squaredError.size(0);
    }
    ErrorTable table(const std::vector<double>& scale) const {
        ErrorTable t;
        auto m = byHorizonDim / static_cast<double>(count);
        if (!scale.empty()) m = m * torch::tensor(scale, torch::kFloat64).pow(2).to(m.dtype());
        m = m.to(torch::kFloat64);
        t.mean = m.mean().item<double>();
        t.byDim = tensorValues(m.mean(0));
        t.byHorizon = tensorValues(m.mean(1));
        t.byHorizonDim = tensorRows(m);
        return t;
    }
};

void addTable(Json& json, const std::string& prefix, const ErrorTable& t, bool withHorizon) {
    json[prefix + "mse"] = t.mean;
    json[prefix + "mse_by_dim"] = t.byDim;
    if (withHorizon) json[prefix + "mse_by_horizon"] = t.byHorizon;
}

}  // namespace

Evaluator::Evaluator(WorldModel& model, const SequenceDataset& data, EvalOptions options, const NormStats* physical)
    : model_(model), data_(data), o_(std::move(options)) {
    if (o_.horizon < 1) throw Error("eval.horizon must be at least 1");
    if (o_.context < 1) throw Error("eval.context must be at least 1: the open loop starts from a filtered state");
    if (physical && static_cast<int64_t>(physical->std.size()) == data.obsDim()) physicalScale_ = physical->std;
}

std::vector<std::pair<int64_t, int64_t>> Evaluator::windows() const {
    std::vector<int64_t> episodes;
    if (o_.split == "all") {
        for (int64_t e = 0; e + 1 < static_cast<int64_t>(data_.episodeOffsets().size()); ++e) episodes.push_back(e);
    } else {
        episodes = data_.episodes(o_.split == "train" ? Split::Train : Split::Validation);
    }
    const int64_t span = o_.context + o_.horizon;
    std::vector<std::pair<int64_t, int64_t>> all;
    for (int64_t e : episodes) {
        const int64_t length = data_.episodeOffsets()[e + 1] - data_.episodeOffsets()[e];
        for (int64_t s = 0; s + span <= length; ++s) all.emplace_back(e, s);
    }
    if (all.empty())
        throw Error("no episode of the " + o_.split + " split has the " + std::to_string(span) +
                    " steps that eval.context + eval.horizon need");
    if (static_cast<int64_t>(all.size()) <= o_.maxWindows) return all;
    std::vector<std::pair<int64_t, int64_t>> picked;  // evenly spread, deterministic
    for (int64_t i = 0; i < o_.maxWindows; ++i) picked.push_back(all[static_cast<size_t>(i * static_cast<int64_t>(all.size()) / o_.maxWindows)]);
    return picked;
}

Evaluator::BatchOutputs Evaluator::run(const std::vector<std::pair<int64_t, int64_t>>& windows) {
    torch::NoGradGuard noGrad;
    model_->eval();
    const auto device = model_->parameters().front().device();
    const int64_t context = o_.context;
    const int64_t steps = context + o_.horizon;
    std::vector<SequenceBatch> parts;
    for (const auto& [e, s] : windows) parts.push_back(data_.window(e, s, steps - 1));
    auto cat = [&](auto field) {
        std::vector<torch::Tensor> v;
        for (const auto& p : parts) v.push_back(field(p));
        return torch::cat(v, 0).to(device);
    };
    const auto obs = cat([](const SequenceBatch& b) { return b.obs; });
    const auto obsStack = cat([](const SequenceBatch& b) { return b.obsStack; });
    const auto action = cat([](const SequenceBatch& b) { return b.action; });
    const auto isFirst = cat([](const SequenceBatch& b) { return b.isFirst; });

    // One deterministic posterior pass over the whole window: it is causal,
    // so its state at the last context step is the open loop's start.
    auto& rssm = model_->rssm;
    const auto embed = rssm->obs_embed->forward(model_->stackedFeatures(obsStack));
    const auto seen = rssm->observe(embed, WorldModelImpl::previousActions(action, isFirst), isFirst, false);
    BatchOutputs out;
    out.truth = obs.cpu();
    out.posterior = model_->toObservation(rssm->decode(seen.h, seen.z)).cpu();
    const auto h0 = seen.h.select(1, context - 1), z0 = seen.z.select(1, context - 1);
    const auto actions = action.narrow(1, context - 1, o_.horizon);
    const auto mode = rssm->imagine(h0, z0, actions, false);
    out.prior = model_->toObservation(rssm->decode(mode.h, mode.z)).cpu();
    std::vector<torch::Tensor> samples;
    for (int64_t k = 0; k < o_.samples; ++k) {
        const auto drawn = rssm->imagine(h0, z0, actions, true);
        samples.push_back(model_->toObservation(rssm->decode(drawn.h, drawn.z)).cpu());
    }
    out.samples = torch::stack(samples, 0);
    return out;
}

EvalResult Evaluator::evaluate(const ProgressReporter* progress) {
    model_->setGenerator(jobGenerator(o_.seed, deviceOf(model_)));
    const auto all = windows();
    const int64_t context = o_.context;
    ErrorSum posterior, prior, hold;
    torch::Tensor spread;
    for (size_t first = 0; first < all.size(); first += static_cast<size_t>(o_.batchSize)) {
        const std::vector<std::pair<int64_t, int64_t>> batch(all.begin() + first, all.begin() + std::min(all.size(), first + o_.batchSize));
        const BatchOutputs b = run(batch);
        const auto future = b.truth.narrow(1, context, o_.horizon);
        posterior.add((b.posterior - b.truth).pow(2));
        prior.add((b.prior - future).pow(2));
        hold.add((b.truth.narrow(1, context - 1, 1) - future).pow(2));
        const auto s = b.samples.std(0, /*unbiased=*/false).mean(-1).sum(0);  // [H]
        spread = spread.defined() ? spread + s : s;
        if (progress) {
            progress->report(static_cast<double>(first + batch.size()) / static_cast<double>(all.size()));
            if (progress->cancelled()) throw Cancelled();
        }
    }
    EvalResult r;
    r.windows = static_cast<int64_t>(all.size());
    r.context = context;
    r.horizon = o_.horizon;
    for (int64_t d = 0; d < data_.obsDim(); ++d) r.dimNames.push_back("obs[" + std::to_string(d) + "]");
    r.posterior = posterior.table({});
    r.prior = prior.table({});
    r.holdLast = hold.table({});
    r.priorSpreadByHorizon = tensorValues(spread.to(torch::kFloat64) / static_cast<double>(r.windows));
    if (!physicalScale_.empty()) {
        r.physical = true;
        r.posteriorPhysical = posterior.table(physicalScale_);
        r.priorPhysical = prior.table(physicalScale_);
        r.holdLastPhysical = hold.table(physicalScale_);
    }
    return r;
}

TrajectoryPrediction Evaluator::predict(int64_t episode, int64_t start) {
    model_->setGenerator(jobGenerator(o_.seed, deviceOf(model_)));  // the same window draws the same band every time
    const BatchOutputs b = run({{episode, start}});
    TrajectoryPrediction p;
    p.episode = episode;
    p.start = start;
    p.context = o_.context;
    p.horizon = o_.horizon;
    p.truth = b.truth[0];
    p.posterior = b.posterior[0];
    p.priorMean = b.prior[0];
    p.priorSamples = b.samples.select(1, 0);
    p.priorStd = p.priorSamples.std(0, false);
    return p;
}

std::string EvalResult::toJson() const {
    Json json = {{"windows", windows},
                 {"context", context},
                 {"horizon", horizon},
                 {"posterior_mse", posterior.mean},
                 {"prior_mse", prior.mean},
                 {"hold_last_mse", holdLast.mean},
                 {"prior_mse_by_horizon", prior.byHorizon},
                 {"hold_last_mse_by_horizon", holdLast.byHorizon},
                 {"posterior_mse_by_dim", posterior.byDim},
                 {"prior_mse_by_dim", prior.byDim},
                 {"hold_last_mse_by_dim", holdLast.byDim},
                 {"prior_spread_by_horizon", priorSpreadByHorizon}};
    if (physical) {
        Json table = Json::object();
        addTable(table, "posterior_", posteriorPhysical, false);
        addTable(table, "prior_", priorPhysical, true);
        addTable(table, "hold_last_", holdLastPhysical, true);
        json["physical"] = std::move(table);
    }
    return jsonText(json) + "\n";
}

}  // namespace rssm
