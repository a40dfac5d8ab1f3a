#include "train/Trainer.h"

#include <cmath>
#include <optional>
#include <sstream>
#include <thread>

#include <torch/torch.h>

#include <ATen/CPUGeneratorImpl.h>

#include "model/JobRandom.h"
#include "train/MetricsLog.h"
#include "train/RuntimeSetup.h"
#include "util/Error.h"

namespace rssm {

namespace {

torch::Device chooseDevice(const std::string& name, int index) {
    if (name == "cpu") return torch::kCPU;
    const auto gpu = [&] {
        if (index >= static_cast<int>(torch::cuda::device_count()))
            throw Error("training.device=" + name + ": LOCAL_RANK " + std::to_string(index) + " has no GPU of its own (this machine has " +
                        std::to_string(torch::cuda::device_count()) + "); start at most that many ranks per machine");
        return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
    };
    if (name == "cuda") {
        if (!torch::cuda::is_available()) throw Error("training.device=cuda: this LibTorch build or machine has no CUDA device");
        return gpu();
    }
    if (name != "auto") throw Error("training.device=" + name + ": expected auto, cpu or cuda");
    return torch::cuda::is_available() ? gpu() : torch::Device(torch::kCPU);
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
    : data_(data), o_(options), device_(chooseDevice(options.device, options.deviceIndex)), batchRng_(options.seed) {
    const EngineKind engine = engineFromName(o_.engine);
    runtime_ = applyRuntimeSettings(o_.threads, engine == EngineKind::Fused, o_.batchSize);
    {
        std::lock_guard<std::mutex> lock(modelConstructionLock());
        model_ = WorldModel(model);
    }
    at::Generator init = at::make_generator<at::CPUGeneratorImpl>(o_.seed);
    initialiseWeights(*model_, init);
    generator_ = jobGenerator(o_.seed, device_);
    model_->setGenerator(generator_);
    EngineOptions engineOptions;
    engineOptions.kind = engine;
    engineOptions.sliceThreads = runtime_.sliceThreads;
    model_->rssm->setEngine(engineOptions);
    model_->to(device_);
    optimizer_ = std::make_unique<torch::optim::Adam>(model_->parameters(), torch::optim::AdamOptions(o_.lr));
    started_ = lastRateTime_ = std::chrono::steady_clock::now();
}

void Trainer::attach(DistributedContext& dist) {
    dist_ = &dist;
    if (!dist.distributed()) return;
    if (o_.batchSize < dist.worldSize())
        throw Error("training.batch_size=" + std::to_string(o_.batchSize) + " is the global batch: it needs at least one window for each of the " +
                    std::to_string(dist.worldSize()) + " ranks");
    std::vector<torch::Tensor> state;
    for (const auto& p : model_->parameters()) state.push_back(p.data());
    for (const auto& b : model_->buffers()) state.push_back(b);
    dist.broadcast(state);
    // Rank 0 keeps the single-process random stream; the others draw their
    // own noise (the same noise on every rank would correlate the shards).
    if (dist.rank() > 0) {
        generator_ = jobGenerator(rankSeed(o_.seed, dist.rank()), device_);
        model_->setGenerator(generator_);
    }
}

std::pair<int64_t, int64_t> Trainer::shard() const {
    const int64_t r = dist_->rank(), w = dist_->worldSize();
    return {o_.batchSize * r / w, o_.batchSize * (r + 1) / w};
}

void Trainer::reduceAcrossRanks(TrainingMetrics& m, double weight, bool stopHere) {
    std::vector<float> head{stopHere ? 1.0f : 0.0f};
    for (const auto& [name, value] : m.losses) head.push_back(static_cast<float>(value * weight));
    const auto headTensor = torch::tensor(head).to(device_);
    std::vector<torch::Tensor> all{headTensor};
    for (const auto& p : model_->parameters()) {
        if (!p.grad().defined()) continue;
        p.grad().mul_(weight);
        all.push_back(p.grad());
    }
    dist_->allReduceSum(all);
    const auto summed = headTensor.to(torch::kCPU);
    anyStopped_ = summed[0].item<float>() > 0.0f;
    int64_t i = 1;
    for (auto& [name, value] : m.losses) value = summed[i++].item<float>();
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

at::Generator Trainer::trainingGenerator() const {
    return generator_ ? *generator_ : at::globalContext().defaultGenerator(device_);
}

torch::Tensor Trainer::gradNorm() {
    std::vector<torch::Tensor> grads;
    for (const auto& p : model_->parameters())
        if (p.grad().defined()) grads.push_back(p.grad().norm().pow(2));
    return torch::stack(grads).sum().sqrt();
}

torch::Tensor Trainer::clipGradients() {
    // As torch.nn.utils.clip_grad_norm_, but the scale stays a tensor: reading
    // the norm on the host would wait for a GPU at every step.
    const auto norm = gradNorm();
    if (o_.gradClip > 0) {
        const auto scale = (o_.gradClip / (norm + 1e-6)).clamp_max(1.0);
        for (auto& p : model_->parameters())
            if (p.grad().defined()) p.grad().mul_(scale);
    }
    return norm;
}

TrainingMetrics Trainer::trainStep(bool report) {
    model_->train();
    const double lr = o_.warmupSteps > 0 ? o_.lr * std::min(1.0, static_cast<double>(step_ + 1) / o_.warmupSteps) : o_.lr;
    for (auto& group : optimizer_->param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);

    const auto [begin, end] = shard();
    const SequenceBatch batch = onDevice(data_.sample(Split::Train, o_.batchSize, batchRng_, begin, end));
    const LossTerms terms = model_->loss(batch);
    TrainingMetrics m;
    // On a CPU reading the values costs nothing and a diverged loss stops
    // before its update; on a GPU they are read only for steps that report
    // (ranks always read them: they travel in the step's all-reduce).
    const bool read = report || device_.is_cpu() || dist_->distributed();
    if (read) {
        m.losses = terms.values();
        throwIfDiverged(m.losses);
    }
    optimizer_->zero_grad();
    terms.total.backward();
    if (dist_->distributed()) reduceAcrossRanks(m, static_cast<double>(end - begin) / static_cast<double>(o_.batchSize), stopHere_);
    const auto norm = clipGradients();
    if (read) {
        m.gradNorm = norm.item<double>();
        if (!std::isfinite(m.gradNorm))
            throw Error("step " + std::to_string(step_ + 1) + ": the gradient norm is not finite; training stopped");
    }
    optimizer_->step();
    ++step_;
    m.step = step_;
    m.lr = lr;
    m.wallTime = wallBefore_ + seconds(started_);
    m.trainTime = trainBefore_ + seconds(started_) - pausedSeconds_;
    return m;
}

void Trainer::throwIfDiverged(const std::map<std::string, double>& losses) const {
    if (std::isfinite(losses.at("loss"))) return;
    std::string terms;
    for (const auto& [name, value] : losses)
        if (name != "loss") terms += (terms.empty() ? "" : ", ") + name + " " + std::to_string(value);
    throw Error("step " + std::to_string(step_ + 1) + ": the loss is " + std::to_string(losses.at("loss")) + " (" + terms +
                "); training stopped and no checkpoint was written for this step (check the data for NaN, or lower training.lr)");
}

std::map<std::string, double> Trainer::validate() {
    if (data_.windowCount(Split::Validation) == 0) return {};
    model_->eval();
    torch::NoGradGuard noGrad;
    // Fixed windows and noise from a generator of their own (sharded like the
    // training batches, and reduced: the same windows as one process); the
    // training stream is untouched (on a GPU its default generator is put back).
    const bool ownGenerator = generator_.has_value();
    at::Tensor deviceState;
    if (!ownGenerator) deviceState = at::globalContext().defaultGenerator(device_).get_state();
    model_->setGenerator(jobGenerator(rankSeed(o_.seed + 7919, dist_->rank()), device_));
    std::mt19937_64 rng(o_.seed + 7919);
    const auto [begin, end] = shard();
    const double weight = static_cast<double>(end - begin) / static_cast<double>(o_.batchSize);
    std::map<std::string, double> sums;
    for (int64_t i = 0; i < o_.valBatches; ++i) {
        const LossTerms terms = model_->loss(onDevice(data_.sample(Split::Validation, o_.batchSize, rng, begin, end)));
        for (const auto& [name, value] : terms.values()) sums[name] += value * weight / static_cast<double>(o_.valBatches);
    }
    model_->setGenerator(generator_);
    if (!ownGenerator) {
        at::Generator deviceGenerator = at::globalContext().defaultGenerator(device_);
        deviceGenerator.set_state(deviceState);
    }
    if (dist_->distributed()) {
        std::vector<double> values;
        for (const auto& [name, value] : sums) values.push_back(value);
        const auto summed = torch::tensor(values, torch::kFloat64).to(device_);
        dist_->allReduceSum({summed});
        const auto onCpu = summed.to(torch::kCPU);
        int64_t i = 0;
        for (auto& [name, value] : sums) value = onCpu[i++].item<double>();
    }
    return sums;
}

std::string Trainer::save(const RunFolder& folder, const std::string& configYaml) {
    CheckpointInfo info;
    info.step = step_;
    info.wallTime = wallBefore_ + seconds(started_);
    info.trainTime = trainBefore_ + seconds(started_) - pausedSeconds_;
    info.configYaml = configYaml;
    info.obsDim = data_.obsDim();
    info.actionDim = data_.actionDim();
    info.batchRngState = rngState(batchRng_);
    // The run's own generator on a CPU; on a GPU the model's noise comes from the GPU's generator.
    info.torchRngState = generator_ ? generator_->get_state() : at::detail::getDefaultCPUGenerator().get_state();
    if (device_.is_cuda()) info.cudaRngState = at::globalContext().defaultGenerator(device_).get_state();
    if (dist_->distributed()) {
        // Every rank's noise stream, for an exact resume (a collective: all ranks save).
        auto states = dist_->allGather(info.torchRngState.to(device_));
        for (auto& state : states) state = state.to(torch::kCPU);
        info.rankRngStates = torch::stack(states);
    }
    const std::string path = folder.checkpointPath(step_);
    if (dist_->isRoot()) saveCheckpoint(path, model_, optimizer_.get(), info);
    return path;
}

void Trainer::resume(const std::string& checkpointPath) {
    const CheckpointInfo info = loadCheckpoint(checkpointPath, model_, optimizer_.get());
    step_ = info.step;
    wallBefore_ = info.wallTime;
    trainBefore_ = info.trainTime;
    pausedSeconds_ = pausedSinceRate_ = 0.0;
    started_ = lastRateTime_ = std::chrono::steady_clock::now();
    lastRateStep_ = step_;
    if (!info.batchRngState.empty()) {
        std::istringstream in(info.batchRngState);
        in >> batchRng_;
    }
    at::Generator cpu = generator_ ? *generator_ : at::detail::getDefaultCPUGenerator();
    const int64_t rank = dist_->rank();
    if (info.rankRngStates.defined() && info.rankRngStates.size(0) == dist_->worldSize()) {
        cpu.set_state(info.rankRngStates[rank].clone());
    } else if (info.torchRngState.defined() && rank == 0) {
        cpu.set_state(info.torchRngState);
    } else if (rank > 0) {
        // Saved with another number of ranks: this rank's noise starts afresh (not exact).
        cpu.set_current_seed(rankSeed(o_.seed + static_cast<uint64_t>(step_), static_cast<int>(rank)));
    }
    if (device_.is_cuda() && info.cudaRngState.defined() && !dist_->distributed()) {
        auto gpu = at::globalContext().defaultGenerator(device_);
        gpu.set_state(info.cudaRngState);
    }
    if (dist_->distributed()) {
        // Every rank read the checkpoint; rank 0's copy wins should they differ.
        std::vector<torch::Tensor> state;
        for (const auto& p : model_->parameters()) state.push_back(p.data());
        dist_->broadcast(state);
    }
}

void Trainer::run(const RunFolder& folder, const std::string& configYaml, TrainingObserver* observer, TrainingControl* control) {
    // Rank 0 alone writes the run folder.
    const bool root = dist_->isRoot();
    if (!root) observer = nullptr;
    std::optional<MetricsLog> log;
    if (root) {
        MetricsLog::truncateAfter(folder.metricsPath(), step_);
        log.emplace(folder.metricsPath());
    }
    int64_t savedAt = -1;
    auto checkpoint = [&] {
        const std::string path = save(folder, configYaml);
        savedAt = step_;
        if (observer) observer->onCheckpoint(step_, path);
    };
    while (step_ < o_.steps) {
        if (!dist_->distributed()) {
            if (control && control->pause.load()) {
                // A pause counts in neither steps/s nor train_time.
                const auto pausedAt = std::chrono::steady_clock::now();
                while (control->pause.load() && !control->cancel.load()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
                pausedSeconds_ += seconds(pausedAt);
                pausedSinceRate_ += seconds(pausedAt);
            }
            if (control && control->cancel.load()) break;
        } else {
            // A stop travels with the step's gradients, so every rank stops after the same step.
            stopHere_ = control && control->cancel.load();
        }
        const int64_t next = step_ + 1;
        const bool validateNow = next % o_.evalEvery == 0 || next == o_.steps;
        const bool logNow = validateNow || next % o_.logEvery == 0 || next == 1;
        const bool saveNow = next % o_.saveEvery == 0;
        TrainingMetrics m = trainStep(logNow || saveNow);
        if (validateNow) m.validation = validate();
        if (logNow) {
            const double elapsed = seconds(lastRateTime_) - pausedSinceRate_;
            m.stepsPerSecond = elapsed > 0 ? static_cast<double>(step_ - lastRateStep_) / elapsed : 0.0;
            pausedSinceRate_ = 0.0;
            lastRateStep_ = step_;
            lastRateTime_ = std::chrono::steady_clock::now();
            if (log) log->append(m);
            if (observer) observer->onMetrics(m);
        }
        if (saveNow) checkpoint();
        if (anyStopped_) break;
    }
    if (savedAt != step_) checkpoint();
}

}  // namespace rssm
