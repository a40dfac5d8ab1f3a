// Evaluation numbers against a case computed by hand: a model whose decoder
// outputs a constant, so every error is known from the data alone.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <torch/torch.h>

#include "ModelTestSupport.h"
#include "eval/Evaluator.h"
#include "util/Error.h"

using namespace rssm;

namespace {

const double kConst[2] = {0.5, -0.25};

WorldModel constantModel() {
    WorldModel model(test::smallModel(2, 2));
    torch::NoGradGuard noGrad;
    for (auto& p : model->rssm->decoder->named_parameters()) p.value().zero_();
    auto last = model->rssm->decoder->ptr<torch::nn::LinearImpl>(4);
    last->bias.copy_(torch::tensor({kConst[0], kConst[1]}));
    return model;
}

TEST(Evaluator, NumbersMatchAHandComputation) {
    const ReplayBuffer buffer = test::integratorBuffer(3, 12, 2);
    const SequenceDataset data(buffer, test::windowOptions(4));
    WorldModel model = constantModel();
    EvalOptions o;
    o.split = "all";
    o.context = 3;
    o.horizon = 4;
    o.samples = 2;
    o.batchSize = 5;  // several batches
    const NormStats physical{{10.0, 20.0}, {2.0, 3.0}};
    Evaluator evaluator(model, data, o, &physical);
    const EvalResult r = evaluator.evaluate();

    // By hand: every window (e, s) with s + 7 <= 12.
    const NumericColumn& state = *buffer.observation("state");
    double post = 0, prior = 0, hold = 0;
    double priorByH[4] = {}, holdByH[4] = {}, priorByDim[2] = {};
    int windows = 0;
    for (int e = 0; e < 3; ++e) {
        for (int s = 0; s + 7 <= 12; ++s, ++windows) {
            const int64_t base = buffer.episodeStart(e) + s;
            for (int t = 0; t < 7; ++t)
                for (int k = 0; k < 2; ++k) post += std::pow(static_cast<float>(state.value(base + t, k)) - static_cast<float>(kConst[k]), 2);
            for (int h = 0; h < 4; ++h) {
                for (int k = 0; k < 2; ++k) {
                    const double truth = static_cast<float>(state.value(base + 3 + h, k));
                    const double pe = std::pow(truth - static_cast<float>(kConst[k]), 2);
                    const double he = std::pow(truth - static_cast<float>(state.value(base + 2, k)), 2);
                    prior += pe;
                    hold += he;
                    priorByH[h] += pe;
                    holdByH[h] += he;
                    priorByDim[k] += pe;
                }
            }
        }
    }
    EXPECT_EQ(r.windows, windows);
    EXPECT_EQ(r.windows, 18);
    EXPECT_NEAR(r.posterior.mean, post / (windows * 7 * 2), 1e-5);
    EXPECT_NEAR(r.prior.mean, prior / (windows * 4 * 2), 1e-5);
    EXPECT_NEAR(r.holdLast.mean, hold / (windows * 4 * 2), 1e-5);
    for (int h = 0; h < 4; ++h) {
        EXPECT_NEAR(r.prior.byHorizon[h], priorByH[h] / (windows * 2), 1e-5) << h;
        EXPECT_NEAR(r.holdLast.byHorizon[h], holdByH[h] / (windows * 2), 1e-5) << h;
    }
    for (int k = 0; k < 2; ++k) EXPECT_NEAR(r.prior.byDim[k], priorByDim[k] / (windows * 4), 1e-5) << k;
    // Holding the last observation gets worse with the horizon on an integrator.
    EXPECT_LT(r.holdLast.byHorizon[0], r.holdLast.byHorizon[3]);
    // Physical units: squared errors times std^2 per dimension.
    ASSERT_TRUE(r.physical);
    EXPECT_NEAR(r.priorPhysical.byDim[0], r.prior.byDim[0] * 4.0, 1e-5);
    EXPECT_NEAR(r.priorPhysical.byDim[1], r.prior.byDim[1] * 9.0, 1e-5);
    // A constant decoder has no spread, whatever the samples.
    for (double s : r.priorSpreadByHorizon) EXPECT_NEAR(s, 0.0, 1e-7);
    // The JSON carries the documented keys, with the result's values.
    const nlohmann::json json = nlohmann::json::parse(r.toJson());
    EXPECT_EQ(json.at("windows").get<int64_t>(), r.windows);
    EXPECT_EQ(json.at("horizon").get<int64_t>(), r.horizon);
    EXPECT_DOUBLE_EQ(json.at("posterior_mse").get<double>(), r.posterior.mean);
    EXPECT_DOUBLE_EQ(json.at("prior_mse").get<double>(), r.prior.mean);
    EXPECT_DOUBLE_EQ(json.at("hold_last_mse").get<double>(), r.holdLast.mean);
    EXPECT_EQ(json.at("prior_mse_by_horizon").get<std::vector<double>>(), r.prior.byHorizon);
    EXPECT_EQ(json.at("physical").at("prior_mse_by_dim").get<std::vector<double>>(), r.priorPhysical.byDim);
}

TEST(Evaluator, WindowsAreCappedDeterministicallyAndMustFit) {
    const ReplayBuffer buffer = test::integratorBuffer(4, 30, 2);
    const SequenceDataset data(buffer, test::windowOptions(4));
    WorldModel model = constantModel();
    EvalOptions o;
    o.split = "train";
    o.context = 5;
    o.horizon = 5;
    o.maxWindows = 7;
    const auto windows = Evaluator(model, data, o).windows();
    EXPECT_EQ(windows.size(), 7u);
    EXPECT_EQ(windows, Evaluator(model, data, o).windows());
    o.horizon = 40;
    EXPECT_THROW(Evaluator(model, data, o).windows(), Error);
    o.context = 0;
    EXPECT_THROW(Evaluator(model, data, o), Error);
}

TEST(Evaluator, PredictGivesATrajectoryWithBands) {
    const ReplayBuffer buffer = test::integratorBuffer(2, 20, 2);
    const SequenceDataset data(buffer, test::windowOptions(4));
    WorldModel model(test::smallModel(2, 2));
    EvalOptions o;
    o.context = 4;
    o.horizon = 6;
    o.samples = 5;
    Evaluator evaluator(model, data, o);
    const TrajectoryPrediction p = evaluator.predict(1, 3);
    EXPECT_EQ(p.truth.sizes(), (std::vector<int64_t>{10, 2}));
    EXPECT_EQ(p.posterior.sizes(), (std::vector<int64_t>{10, 2}));
    EXPECT_EQ(p.priorMean.sizes(), (std::vector<int64_t>{6, 2}));
    EXPECT_EQ(p.priorSamples.sizes(), (std::vector<int64_t>{5, 6, 2}));
    EXPECT_GT(p.priorStd.sum().item<double>(), 0.0);  // an untrained prior is uncertain
    EXPECT_EQ(p.truth[0][0].item<float>(), static_cast<float>(buffer.observation("state")->value(buffer.episodeStart(1) + 3, 0)));
}

}  // namespace
