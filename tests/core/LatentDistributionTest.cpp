// The latent distributions and the KL part of the loss, pinned by value on
// numbers worked out by hand: the Gaussian and categorical KLs, unimix, the
// discrete sample's straight-through gradient, free nats per sample and on
// the mean, KL balancing and where model.kl_scale applies.
#include <gtest/gtest.h>

#include <cmath>

#include <torch/torch.h>

#include "ModelTestSupport.h"
#include "model/LatentDistribution.h"
#include "model/WorldModel.h"

using namespace rssm;

namespace {

// softplus(s) = log(1 + e^s) is sd for s = log(e^sd - 1).
double softplusInverse(double sd) { return std::log(std::expm1(sd)); }

ModelOptions gaussianLatent(int64_t stochDim) {
    ModelOptions o;
    o.stochDim = stochDim;
    o.minStd = 0.0;  // so the standard deviation is softplus(s) alone
    return o;
}

ModelOptions discreteLatent(int64_t groups, int64_t classes, double unimix) {
    ModelOptions o;
    o.discrete = true;
    o.discreteClasses = classes;
    o.stochDim = groups * classes;
    o.unimix = unimix;
    return o;
}

// Gaussian stats [means..., softplus^-1(sds)...] of one step.
torch::Tensor gaussianStats(std::vector<double> means, const std::vector<double>& sds) {
    for (double sd : sds) means.push_back(softplusInverse(sd));
    return torch::tensor(means, torch::kFloat64);
}

// q = N(1, 1), p = N(0, 2^2) in the first dimension, N(0, 1) for both in the
// second: KL = log(2/1) + (1 + 1^2) / (2 * 4) - 1/2 = log 2 - 1/4.
const double kGaussianKl = std::log(2.0) - 0.25;  // 0.44314718...
torch::Tensor klPost() { return gaussianStats({1.0, 0.0}, {1.0, 1.0}); }
torch::Tensor klPrior() { return gaussianStats({0.0, 0.0}, {2.0, 1.0}); }

TEST(LatentDistribution, GaussianKlIsTheClosedForm) {
    const LatentDistribution dist(gaussianLatent(2));
    EXPECT_NEAR(dist.kl(klPost(), klPrior()).item<double>(), kGaussianKl, 1e-12);
    EXPECT_NEAR(dist.kl(klPrior(), klPrior()).item<double>(), 0.0, 1e-12);
    // Reversed: log(1/2) + (4 + 1) / 2 - 1/2 = 2 - log 2.
    EXPECT_NEAR(dist.kl(klPrior(), klPost()).item<double>(), 2.0 - std::log(2.0), 1e-12);
    // min_std is added to softplus: sd 0.5 + 0.5 = 1 for both, means 0 and 3: KL = 3^2 / 2.
    ModelOptions o = gaussianLatent(1);
    o.minStd = 0.5;
    const LatentDistribution shifted(o);
    const auto s = softplusInverse(0.5);
    EXPECT_NEAR(shifted.kl(torch::tensor({3.0, s}, torch::kFloat64), torch::tensor({0.0, s}, torch::kFloat64)).item<double>(), 4.5, 1e-12);
}

TEST(LatentDistribution, DiscreteKlIsSummedOverGroups) {
    // Group 0: q = (1/2, 1/2), p = (1/4, 3/4) (logits 0 and log 3):
    // KL = 1/2 log 2 + 1/2 log(2/3) = 1/2 log(4/3). Group 1: equal, 0.
    const LatentDistribution dist(discreteLatent(2, 2, 0.0));
    const auto post = torch::tensor({0.0, 0.0, 0.3, -0.2}, torch::kFloat64);
    const auto prior = torch::tensor({0.0, std::log(3.0), 0.3, -0.2}, torch::kFloat64);
    EXPECT_NEAR(dist.kl(post, prior).item<double>(), 0.5 * std::log(4.0 / 3.0), 1e-12);
    // With 1% unimix the prior is (0.2525, 0.7475): the KL shrinks to
    // 1/2 log(0.5 / 0.2525) + 1/2 log(0.5 / 0.7475).
    const LatentDistribution mixed(discreteLatent(2, 2, 0.01));
    EXPECT_NEAR(mixed.kl(post, prior).item<double>(), 0.5 * std::log(0.5 / 0.2525) + 0.5 * std::log(0.5 / 0.7475), 1e-12);
}

TEST(LatentDistribution, UnimixMixesOnePercentUniform) {
    const LatentDistribution dist(discreteLatent(1, 2, 0.01));
    const auto p = dist.probs(torch::tensor({0.0, std::log(3.0)}, torch::kFloat64));
    ASSERT_EQ(p.sizes(), (std::vector<int64_t>{1, 2}));
    EXPECT_NEAR(p[0][0].item<double>(), 0.99 * 0.25 + 0.005, 1e-15);
    EXPECT_NEAR(p[0][1].item<double>(), 0.99 * 0.75 + 0.005, 1e-15);
    // Any logits: 0.99 softmax + 0.01 / K, groups of K = 4.
    torch::manual_seed(3);
    const auto logits = torch::randn({5, 12}, torch::kFloat64);
    const LatentDistribution four(discreteLatent(3, 4, 0.01));
    const auto expected = 0.99 * torch::softmax(logits.view({5, 3, 4}), -1) + 0.01 / 4;
    EXPECT_TRUE(torch::allclose(four.probs(logits), expected, 0, 1e-15));
    // No class is ever below unimix / K, however unlikely its logit.
    EXPECT_NEAR(dist.probs(torch::tensor({0.0, -1e4}, torch::kFloat64))[0][1].item<double>(), 0.005, 1e-15);
}

TEST(LatentDistribution, DiscreteSampleIsAOneHotByInverseCdf) {
    // p = (1/4, 3/4): a uniform below 1/4 draws class 0, above it class 1.
    const LatentDistribution dist(discreteLatent(1, 2, 0.0));
    const auto logits = torch::tensor({0.0, std::log(3.0)}, torch::kFloat64);
    EXPECT_TRUE(torch::equal(dist.sample(logits, torch::tensor({0.2}, torch::kFloat64)), torch::tensor({1.0, 0.0}, torch::kFloat64)));
    EXPECT_TRUE(torch::equal(dist.sample(logits, torch::tensor({0.3}, torch::kFloat64)), torch::tensor({0.0, 1.0}, torch::kFloat64)));
    EXPECT_TRUE(torch::equal(dist.mode(logits), torch::tensor({0.0, 1.0}, torch::kFloat64)));
}

TEST(LatentDistribution, DiscreteSampleHasTheProbabilitiesGradient) {
    // Straight-through: d(w . sample)/d logits = d(w . probs)/d logits.
    torch::manual_seed(5);
    const LatentDistribution dist(discreteLatent(3, 4, 0.01));
    const auto logits = torch::randn({2, 12}, torch::kFloat64).requires_grad_();
    const auto weights = torch::randn({2, 12}, torch::kFloat64);
    (dist.sample(logits, torch::rand({2, 3}, torch::kFloat64)) * weights).sum().backward();
    const auto sampled = logits.grad().clone();
    logits.mutable_grad().zero_();
    const auto probs = 0.99 * torch::softmax(logits.view({2, 3, 4}), -1) + 0.01 / 4;
    (probs.reshape({2, 12}) * weights).sum().backward();
    EXPECT_TRUE(torch::allclose(sampled, logits.grad(), 0, 1e-14));
    EXPECT_GT(sampled.abs().max().item<double>(), 1e-3);  // a gradient, not zeros on both sides
}

TEST(LatentDistribution, GaussianSampleIsMeanPlusStdTimesNoise) {
    const LatentDistribution dist(gaussianLatent(2));
    const auto z = dist.sample(gaussianStats({1.0, -1.0}, {2.0, 0.5}), torch::tensor({0.5, -2.0}, torch::kFloat64));
    EXPECT_NEAR(z[0].item<double>(), 2.0, 1e-12);
    EXPECT_NEAR(z[1].item<double>(), -2.0, 1e-12);
}

// A batch of two steps: step 0 has KL log 2 - 1/4 (0.443), step 1 has KL 0.
struct KlBatch {
    torch::Tensor post, prior;
};
KlBatch klBatch() {
    return {torch::stack({klPost(), klPrior()}).requires_grad_(), torch::stack({klPrior(), klPrior()}).requires_grad_()};
}

TEST(KlLoss, FreeNatsPerSampleClampEachStep) {
    ModelOptions o = gaussianLatent(2);
    o.freeNats = 0.3;
    o.freeNatsPerSample = true;
    const KlBatch b = klBatch();
    const KlLoss kl = klLoss(LatentDistribution(o), b.post, b.prior, o);
    // mean(max(0.443, 0.3), max(0, 0.3)) = (log 2 - 1/4 + 0.3) / 2
    EXPECT_NEAR(kl.term.item<double>(), (kGaussianKl + 0.3) / 2, 1e-12);
    EXPECT_NEAR(kl.value.item<double>(), kGaussianKl / 2, 1e-12);
    // Only step 0, above the floor, is trained.
    kl.term.backward();
    EXPECT_GT(b.post.grad()[0].abs().sum().item<double>(), 0.0);
    EXPECT_EQ(b.post.grad()[1].abs().sum().item<double>(), 0.0);
}

TEST(KlLoss, FreeNatsOnTheMeanClampTheBatch) {
    ModelOptions o = gaussianLatent(2);
    o.freeNats = 0.3;
    o.freeNatsPerSample = false;
    const KlBatch b = klBatch();
    const KlLoss kl = klLoss(LatentDistribution(o), b.post, b.prior, o);
    // max(mean(0.443, 0), 0.3) = 0.3: under the floor, nothing is trained.
    EXPECT_NEAR(kl.term.item<double>(), 0.3, 1e-12);
    kl.term.backward();
    EXPECT_EQ(b.post.grad().abs().sum().item<double>(), 0.0);
    // A lower floor lets the mean through: (log 2 - 1/4) / 2.
    o.freeNats = 0.1;
    EXPECT_NEAR(klLoss(LatentDistribution(o), b.post, b.prior, o).term.item<double>(), kGaussianKl / 2, 1e-12);
}

TEST(KlLoss, BalancingWeighsTheDynamicsAndRepresentationTerms) {
    ModelOptions o = gaussianLatent(2);
    o.freeNats = 0.0;
    o.klBalance = true;
    o.klDynScale = 0.5;
    o.klRepScale = 0.1;
    o.klScale = 7.0;  // replaced by the two scales
    const KlBatch b = klBatch();
    const KlLoss kl = klLoss(LatentDistribution(o), b.post, b.prior, o);
    // Both terms have the KL's value: (0.5 + 0.1) * mean KL.
    EXPECT_NEAR(kl.term.item<double>(), 0.6 * kGaussianKl / 2, 1e-12);
    EXPECT_EQ(kl.weight, 1.0);
    kl.term.backward();
    // The prior gets 0.5 of the plain KL's gradient, the posterior 0.1.
    const KlBatch plain = klBatch();
    LatentDistribution(o).kl(plain.post, plain.prior).mean().backward();
    EXPECT_TRUE(torch::allclose(b.prior.grad(), 0.5 * plain.prior.grad(), 0, 1e-14));
    EXPECT_TRUE(torch::allclose(b.post.grad(), 0.1 * plain.post.grad(), 0, 1e-14));
    // Free nats apply to each term: with a floor of 0.3 per sample, each is (0.443 + 0.3) / 2.
    o.freeNats = 0.3;
    o.freeNatsPerSample = true;
    EXPECT_NEAR(klLoss(LatentDistribution(o), b.post, b.prior, o).term.item<double>(), 0.6 * (kGaussianKl + 0.3) / 2, 1e-12);
}

TEST(KlLoss, KlScaleWeighsTheKlOnlyWithoutBalancing) {
    const KlBatch b = klBatch();
    ModelOptions o = gaussianLatent(2);
    o.freeNats = 0.0;
    o.klScale = 3.0;
    EXPECT_EQ(klLoss(LatentDistribution(o), b.post, b.prior, o).weight, 3.0);
    o.klBalance = true;
    EXPECT_EQ(klLoss(LatentDistribution(o), b.post, b.prior, o).weight, 1.0);
}

// The same, through the whole loss: the total moves with kl_scale only
// without balancing.
double totalLoss(bool balance, double klScale, double* kl = nullptr, double* recon = nullptr) {
    torch::manual_seed(11);
    const ReplayBuffer buffer = test::integratorBuffer(2, 12, 2);
    const SequenceDataset data(buffer, test::windowOptions(6));
    ModelOptions o = test::smallModel(2, 2);
    o.klBalance = balance;
    o.klScale = klScale;
    o.freeNats = 0.0;
    WorldModel model(o);
    std::mt19937_64 rng(0);
    const LossTerms terms = model->loss(data.sample(Split::Train, 3, rng));
    if (kl) *kl = terms.kl.item<double>();
    if (recon) *recon = terms.recon.item<double>();
    return terms.total.item<double>();
}

TEST(KlLoss, TheTotalLossUsesKlScaleOnlyWithoutBalancing) {
    double kl = 0, recon = 0;
    const double one = totalLoss(false, 1.0, &kl, &recon);
    EXPECT_NEAR(one, recon + kl, 1e-5 * std::abs(one));
    EXPECT_NEAR(totalLoss(false, 3.0), recon + 3.0 * kl, 1e-5 * std::abs(one));
    const double balanced = totalLoss(true, 1.0, &kl, &recon);
    EXPECT_NEAR(balanced, recon + kl, 1e-5 * std::abs(balanced));
    EXPECT_EQ(totalLoss(true, 3.0), balanced);
}

}  // namespace
