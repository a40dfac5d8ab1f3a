// The fused recurrence against LibTorch's autograd on the same weights, batch
// and noise: every loss term, every parameter's gradient and one Adam step
// agree to 1e-5 relative, for every model option, both fused kernels (the
// CPU loop on one and two batch slices, and the ATen loop that CUDA runs),
// mid-window episode starts and a one-step window.
#include <gtest/gtest.h>

#include <string>

#include <torch/torch.h>

#include "ModelTestSupport.h"
#include "model/WorldModel.h"

using namespace rssm;

namespace {

constexpr double kRelTolerance = 1e-5;

struct Case {
    std::string name;
    ModelOptions options;
    int64_t steps = 12;
    bool midWindowResets = false;
};

// gtest prints a failing case by its name, not as bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

ModelOptions base() {
    ModelOptions o = test::smallModel(6, 3);
    o.useVae = true;
    o.latentDim = 4;
    o.vaeHiddenDim = 16;
    o.hiddenDim = 24;
    o.deterDim = 20;
    o.embedDim = 12;
    o.stochDim = 8;
    return o;
}

std::vector<Case> cases() {
    std::vector<Case> c;
    c.push_back({"defaults", base()});
    auto with = [&](std::string name, auto change) {
        Case k{std::move(name), base()};
        change(k);
        c.push_back(k);
    };
    with("layer_norm", [](Case& k) { k.options.layerNorm = true; });
    with("learned_initial_state", [](Case& k) { k.options.learnedInitialState = true; });
    with("discrete", [](Case& k) {
        k.options.discrete = true;
        k.options.stochDim = 12;
        k.options.discreteClasses = 4;
    });
    with("discrete_no_unimix", [](Case& k) {
        k.options.discrete = true;
        k.options.discreteClasses = 4;
        k.options.unimix = 0.0;
    });
    with("silu", [](Case& k) { k.options.act = "silu"; });
    with("relu", [](Case& k) { k.options.act = "relu"; });
    with("tanh", [](Case& k) { k.options.act = "tanh"; });
    with("no_vae_symlog_kl_balance", [](Case& k) {
        k.options.useVae = false;
        k.options.symlogTargets = true;
        k.options.klBalance = true;
        k.options.freeNatsPerSample = true;
    });
    with("obs_window_3", [](Case& k) { k.options.obsWindow = 3; });
    with("mid_window_resets", [](Case& k) { k.midWindowResets = true; });
    with("resets_layer_norm_learned_state", [](Case& k) {
        k.midWindowResets = true;
        k.options.layerNorm = true;
        k.options.learnedInitialState = true;
    });
    with("one_step", [](Case& k) { k.steps = 1; });
    with("everything", [](Case& k) {
        k.midWindowResets = true;
        k.options.layerNorm = true;
        k.options.learnedInitialState = true;
        k.options.discrete = true;
        k.options.discreteClasses = 4;
        k.options.act = "silu";
    });
    return c;
}

SequenceBatch makeBatch(const Case& c, int64_t batch) {
    torch::manual_seed(11);
    const int64_t T = c.steps + 1, obsDim = c.options.obsDim;
    SequenceBatch b;
    b.obs = torch::randn({batch, T, obsDim});
    b.obsStack = c.options.obsWindow == 1 ? b.obs : torch::randn({batch, T, c.options.obsWindow * obsDim});
    b.action = torch::randn({batch, c.steps, c.options.actionDim});
    b.isFirst = torch::zeros({batch, T}, torch::kBool);
    b.isFirst.select(1, 0).fill_(true);
    if (c.midWindowResets && T > 3) {
        b.isFirst.index_put_({0, 3}, true);
        b.isFirst.index_put_({batch - 1, T - 2}, true);
        b.isFirst.index_put_({batch / 2, 1}, true);
    }
    return b;
}

// max |a - b| within kRelTolerance of the reference's largest magnitude.
void expectClose(const torch::Tensor& fused, const torch::Tensor& reference, const std::string& what) {
    ASSERT_EQ(fused.sizes(), reference.sizes()) << what;
    const double scale = std::max(reference.abs().max().item<double>(), 1e-6);
    const double diff = (fused - reference).abs().max().item<double>();
    EXPECT_LE(diff, kRelTolerance * scale) << what << ": max difference " << diff << " against a largest value of " << scale;
}

struct Result {
    std::map<std::string, double> losses;
    std::map<std::string, torch::Tensor> grads, after;
};

Result trainOnce(const Case& c, const EngineOptions& engine, const SequenceBatch& batch) {
    torch::manual_seed(5);
    WorldModel model(c.options);
    model->rssm->setEngine(engine);
    // The default learning rate: Adam's first step moves every weight by about lr, so
    // a larger one magnifies float noise in near-zero gradients.
    torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(3e-4));
    torch::manual_seed(7);  // the same noise for both engines
    const LossTerms terms = model->loss(batch);
    Result r;
    r.losses = terms.values();
    adam.zero_grad();
    terms.total.backward();
    for (const auto& p : model->named_parameters()) {
        EXPECT_TRUE(p.value().grad().defined()) << c.name << ": no gradient for " << p.key();
        r.grads[p.key()] = p.value().grad().defined() ? p.value().grad().clone() : torch::zeros_like(p.value());
    }
    adam.step();
    for (const auto& p : model->named_parameters()) r.after[p.key()] = p.value().detach().clone();
    return r;
}

void expectParity(const Case& c, const EngineOptions& fusedEngine, int64_t batch) {
    const SequenceBatch b = makeBatch(c, batch);
    EngineOptions reference;
    reference.kind = EngineKind::Autograd;
    const Result want = trainOnce(c, reference, b);
    const Result got = trainOnce(c, fusedEngine, b);
    for (const auto& [name, value] : want.losses)
        EXPECT_NEAR(got.losses.at(name), value, kRelTolerance * std::max(1.0, std::abs(value))) << c.name << ": loss term " << name;
    for (const auto& [name, g] : want.grads) expectClose(got.grads.at(name), g, c.name + ": gradient of " + name);
    for (const auto& [name, p] : want.after) expectClose(got.after.at(name), p, c.name + ": " + name + " after one Adam step");
}

class FusedEngineParity : public ::testing::TestWithParam<Case> {};

TEST_P(FusedEngineParity, CpuLoopOnOneSliceMatchesAutograd) {
    EngineOptions e;
    e.sliceThreads = 1;
    expectParity(GetParam(), e, 6);
}

TEST_P(FusedEngineParity, CpuLoopOnTwoSlicesMatchesAutograd) {
    EngineOptions e;
    e.sliceThreads = 2;
    expectParity(GetParam(), e, 7);  // an odd batch: slices of 3 and 4 rows
}

TEST_P(FusedEngineParity, AtenLoopMatchesAutograd) {
    EngineOptions e;
    e.tensorKernel = true;
    expectParity(GetParam(), e, 6);
}

INSTANTIATE_TEST_SUITE_P(Options, FusedEngineParity, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(FusedEngine, EvaluationKeepsTheMode) {
    // Without sampling (evaluation) the step-by-step path runs, whatever the
    // engine: the fused one is for training passes.
    const Case c{"defaults", base()};
    const SequenceBatch b = makeBatch(c, 3);
    torch::manual_seed(5);
    WorldModel model(c.options);
    torch::NoGradGuard noGrad;
    const auto embed = model->rssm->obs_embed->forward(model->stackedFeatures(b.obsStack));
    const auto prev = WorldModelImpl::previousActions(b.action, b.isFirst);
    const auto fused = model->rssm->observe(embed, prev, b.isFirst, false);
    EngineOptions reference;
    reference.kind = EngineKind::Autograd;
    model->rssm->setEngine(reference);
    const auto plain = model->rssm->observe(embed, prev, b.isFirst, false);
    EXPECT_TRUE(torch::equal(fused.h, plain.h));
}

TEST(FusedEngine, EngineNamesAreCheckedWithTheKey) {
    EXPECT_EQ(engineFromName("fused"), EngineKind::Fused);
    EXPECT_EQ(engineFromName("autograd"), EngineKind::Autograd);
    try {
        engineFromName("fast");
        FAIL() << "an unknown engine was accepted";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("training.engine=fast"), std::string::npos) << e.what();
    }
}

}  // namespace
