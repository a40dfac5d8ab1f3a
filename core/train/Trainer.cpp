#include "train/Trainer.h"

#include <cmath>
#include <sstream>
#include <thread>

#include <torch/torch.h>

#include "train/MetricsLog.h"
#include "train/RuntimeSetup.h"
#include "util/Error.h"

namespace rssm {

namespace {

torch::Device chooseDevice(const std::string& name) {
    if (name == "cpu") return torch::kCPU;
    if (name == "cuda") {
        if (!torch::cuda::is_available()) throw Error("training.device=cuda: this LibTorch build or machine has no CUDA device");
        return torch::kCUDA;
    }
    if (name != "auto") throw Error("training.device=" + name + ": expected auto, cpu or cuda");
    return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

std::string rngState(const std::mt19937_64& rng) {
    std::ostringstream out;
    out << rng;
    return out.str();
}

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

Trainer::Trainer(const SequenceDataset& data, const ModelOptions& model, const TrainerOptions& options)
    : data_(data), o_(options), device_(chooseDevice(options.device)), batchRng_(options.seed) {
    runtime_ = applyRuntimeSettings(o_.threads);
    torch::manual_seed(o_.seed);
    model_ = WorldModel(model);
    model_->to(device_);
    optimizer_ = std::make_unique<torch::optim::Adam>(model_->parameters(), torch::optim::AdamOptions(o_.lr));
    started_ = lastRateTime_ = std::chrono::steady_clock::now();
}

int64_t Trainer::parameterCount() const {
    int64_t n = 0;
    for (const auto& p : model_->parameters()) n += p.numel();
    return n;
}

SequenceBatch Trainer::onDevice(SequenceBatch batch) const {
    if (device_.is_cpu()) return batch;
    batch.obs = batch.obs.to(device_);
    batch.obsStack = batch.obsStack.to(device_);
    batch.action = batch.action.to(device_);
    batch.isFirst = batch.isFirst.to(device_);
    return batch;
}

torch::Tensor Trainer::gradNorm() {
    std::vector<torch::Tensor> grads;
    for (const auto& p : model_->parameters())
        if (p.grad().defined()) grads.push_back(p.grad().norm().pow(2));
    return torch::stack(grads).sum().sqrt();
}

TrainingMetrics Trainer::trainStep() {
    model_->train();
    const double lr = o_.warmupSteps > 0 ? o_.lr * std::min(1.0, static_cast<double>(step_ + 1) / o_.warmupSteps) : o_.lr;
    for (auto& group : optimizer_->param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);

    const SequenceBatch batch = onDevice(data_.sample(Split::Train, o_.batchSize, batchRng_));
    const LossTerms terms = model_->loss(batch);
    TrainingMetrics m;
    m.losses = terms.values();
    if (!std::isfinite(m.losses.at("loss"))) {
        std::string terms;
        for (const auto& [name, value] : m.losses)
            if (name != "loss") terms += (terms.empty() ? "" : ", ") + name + " " + std::to_string(value);
        throw Error("step " + std::to_string(step_ + 1) + ": the loss is " + std::to_string(m.losses.at("loss")) + " (" + terms +
                    "); training stopped and no checkpoint was written for this step (check the data for NaN, or lower training.lr)");
    }
    optimizer_->zero_grad();
    terms.total.backward();
    m.gradNorm = o_.gradClip > 0 ? torch::nn::utils::clip_grad_norm_(model_->parameters(), o_.gradClip) : gradNorm().item<double>();
    if (!std::isfinite(m.gradNorm))
        throw Error("step " + std::to_string(step_ + 1) + ": the gradient norm is not finite; training stopped");
    optimizer_->step();
    ++step_;
    m.step = step_;
    m.lr = lr;
    m.wallTime = wallBefore_ + seconds(started_);
    return m;
}

std::map<std::string, double> Trainer::validate() {
    if (data_.windowCount(Split::Validation) == 0) return {};
    model_->eval();
    torch::NoGradGuard noGrad;
    // Fixed windows and noise, and the training random state put back after.
    auto generator = at::detail::getDefaultCPUGenerator();
    const auto saved = generator.get_state();
    generator.set_current_seed(o_.seed + 7919);
    std::mt19937_64 rng(o_.seed + 7919);
    std::map<std::string, double> sums;
    for (int64_t i = 0; i < o_.valBatches; ++i) {
        const LossTerms terms = model_->loss(onDevice(data_.sample(Split::Validation, o_.batchSize, rng)));
        for (const auto& [name, value] : terms.values()) sums[name] += value / static_cast<double>(o_.valBatches);
    }
    generator.set_state(saved);
    return sums;
}

std::string Trainer::save(const RunFolder& folder, const std::string& configYaml) {
    CheckpointInfo info;
    info.step = step_;
    info.wallTime = wallBefore_ + seconds(started_);
    info.configYaml = configYaml;
    info.obsDim = data_.obsDim();
    info.actionDim = data_.actionDim();
    info.batchRngState = rngState(batchRng_);
    auto generator = at::detail::getDefaultCPUGenerator();
    info.torchRngState = generator.get_state();
    const std::string path = folder.checkpointPath(step_);
    saveCheckpoint(path, model_, optimizer_.get(), info);
    return path;
}

void Trainer::resume(const std::string& checkpointPath) {
    const CheckpointInfo info = loadCheckpoint(checkpointPath, model_, optimizer_.get());
    step_ = info.step;
    wallBefore_ = info.wallTime;
    started_ = lastRateTime_ = std::chrono::steady_clock::now();
    lastRateStep_ = step_;
    if (!info.batchRngState.empty()) {
        std::istringstream in(info.batchRngState);
        in >> batchRng_;
    }
    if (info.torchRngState.defined()) {
        auto generator = at::detail::getDefaultCPUGenerator();
        generator.set_state(info.torchRngState);
    }
}

void Trainer::run(const RunFolder& folder, const std::string& configYaml, TrainingObserver* observer, TrainingControl* control) {
    MetricsLog::truncateAfter(folder.metricsPath(), step_);
    MetricsLog log(folder.metricsPath());
    int64_t savedAt = -1;
    auto checkpoint = [&] {
        const std::string path = save(folder, configYaml);
        savedAt = step_;
        if (observer) observer->onCheckpoint(step_, path);
    };
    while (step_ < o_.steps) {
        while (control && control->pause.load() && !control->cancel.load()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (control && control->cancel.load()) break;
        TrainingMetrics m = trainStep();
        const bool validateNow = step_ % o_.evalEvery == 0 || step_ == o_.steps;
        if (validateNow) m.validation = validate();
        if (validateNow || step_ % o_.logEvery == 0 || step_ == 1) {
            const double elapsed = seconds(lastRateTime_);
            m.stepsPerSecond = elapsed > 0 ? static_cast<double>(step_ - lastRateStep_) / elapsed : 0.0;
            lastRateStep_ = step_;
            lastRateTime_ = std::chrono::steady_clock::now();
            log.append(m);
            if (observer) observer->onMetrics(m);
        }
        if (step_ % o_.saveEvery == 0) checkpoint();
    }
    if (savedAt != step_) checkpoint();
}

}  // namespace rssm
