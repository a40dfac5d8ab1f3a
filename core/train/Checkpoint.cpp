#include "train/Checkpoint.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>

#include <torch/serialize.h>
#include <torch/torch.h>

#include "train/CheckpointArchive.h"
#include "train/CheckpointPickleLoad.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

namespace rssm {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "rssm-checkpoint 1";

using GenericDict = c10::impl::GenericDict;
GenericDict newDict() { return GenericDict(c10::StringType::get(), c10::AnyType::get()); }

// LibTorch's reader is not documented as safe to run on several threads at
// once (the window's panes read checkpoints concurrently), so one read at a time.
std::mutex& readMutex() {
    static std::mutex m;
    return m;
}

std::vector<char> readFileBytes(const std::string& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw Error(path + ": no such checkpoint file");
    if (fs::is_directory(status))
        throw Error(path + ": is a folder; expected a checkpoint file (rssm_step_<N>.pt, or a run folder's checkpoints/)");
    if (!fs::is_regular_file(status)) throw Error(path + ": not a regular file; expected a checkpoint file (.pt)");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open: " + std::strerror(errno));
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw Error(path + ": cannot read: " + std::strerror(errno));
    return bytes;
}

GenericDict readRoot(const std::string& path) {
    const std::vector<char> bytes = readFileBytes(path);
    checkCheckpointArchive(path, bytes);  // before LibTorch sees a byte: it trusts the zip's offsets
    c10::IValue root;
    try {
        const std::lock_guard<std::mutex> lock(readMutex());
        root = pickleLoadChecked(bytes);
    } catch (const std::exception&) {
        // LibTorch's own text (a C++ stack trace) means nothing to the user.
        throw Error(path + ": not a checkpoint: expected a pickled dict of tensors in its data.pkl, which LibTorch "
                           "cannot read");
    }
    if (!root.isGenericDict()) throw Error(path + ": not an rssm checkpoint (expected a dict at the top)");
    auto dict = root.toGenericDict();
    if (!dict.contains("format") || !dict.at("format").isString() || dict.at("format").toStringRef() != kFormat)
        throw Error(path + ": not an rssm checkpoint (no 'format': '" + std::string(kFormat) + "' entry)");
    return dict;
}

// `key` as the user reads it: "rng.torch_cpu" for an entry of a nested dict.
std::string shown(const std::string& key, const char* parent) { return parent ? std::string(parent) + "." + key : key; }

c10::IValue entry(const GenericDict& d, const std::string& key, const std::string& path, const char* parent = nullptr) {
    if (!d.contains(key)) throw Error(path + ": the checkpoint has no '" + shown(key, parent) + "' entry");
    return d.at(key);
}

// Typed entries: a wrong type is the file's fault, said in one line, not LibTorch's assertion text.
[[noreturn]] void wrongType(const std::string& path, const std::string& key, const char* expected) {
    throw Error(path + ": the checkpoint's '" + key + "' entry is not " + expected);
}
int64_t intEntry(const GenericDict& d, const std::string& key, const std::string& path, const char* parent = nullptr) {
    const auto v = entry(d, key, path, parent);
    if (!v.isInt()) wrongType(path, shown(key, parent), "an integer");
    return v.toInt();
}
double doubleEntry(const GenericDict& d, const std::string& key, const std::string& path) {
    const auto v = entry(d, key, path);
    if (!v.isDouble() && !v.isInt()) wrongType(path, key, "a number");
    return v.isDouble() ? v.toDouble() : static_cast<double>(v.toInt());
}
std::string stringEntry(const GenericDict& d, const std::string& key, const std::string& path, const char* parent = nullptr) {
    const auto v = entry(d, key, path, parent);
    if (!v.isString()) wrongType(path, shown(key, parent), "a string");
    return v.toStringRef();
}
GenericDict dictEntry(const GenericDict& d, const std::string& key, const std::string& path, const char* parent = nullptr) {
    const auto v = entry(d, key, path, parent);
    if (!v.isGenericDict()) wrongType(path, shown(key, parent), "a dict");
    return v.toGenericDict();
}
// A dense tensor on the CPU, as torch.save writes one (LibTorch's kernels
// assert on the others, in their own words).
torch::Tensor tensorEntry(const GenericDict& d, const std::string& key, const std::string& path, const char* parent = nullptr) {
    const auto v = entry(d, key, path, parent);
    if (!v.isTensor()) wrongType(path, shown(key, parent), "a tensor");
    const torch::Tensor t = v.toTensor();
    if (!t.defined() || t.layout() != torch::kStrided || !t.device().is_cpu() || t.is_quantized())
        wrongType(path, shown(key, parent), "a dense tensor");
    return t;
}

std::string tensorText(const torch::Tensor& t) { return std::string(c10::toString(t.scalar_type())) + " " + c10::str(t.sizes()); }

// A generator's state: bytes (uint8), of `dims` dimensions, the last of
// `bytes` entries when that is known. Checked here because LibTorch's
// set_state refuses anything else with its own multi-line text.
torch::Tensor rngStateEntry(const GenericDict& rng, const std::string& key, const std::string& path, int64_t dims, int64_t bytes) {
    const torch::Tensor t = tensorEntry(rng, key, path, "rng");
    if (t.scalar_type() != torch::kByte || t.dim() != dims || (bytes > 0 && t.size(dims - 1) != bytes) || t.numel() == 0)
        throw Error(path + ": the checkpoint's 'rng." + key + "' entry is " + tensorText(t) + ", expected a generator state: uint8 " +
                    (dims == 1 ? "[" : "[ranks, ") + (bytes > 0 ? std::to_string(bytes) : std::string("bytes")) + "]");
    return t;
}

// Bytes in this LibTorch's CPU generator state.
int64_t cpuGeneratorStateBytes() {
    static const int64_t bytes = at::detail::getDefaultCPUGenerator().get_state().numel();
    return bytes;
}

// A weight or optimizer moment: a floating-point tensor where the model has
// one (copy_ would round an integer one silently, or assert on a complex one).
torch::Tensor valueFor(const GenericDict& d, const std::string& key, const std::string& path, const char* parent,
                       const torch::Tensor& target) {
    const torch::Tensor v = tensorEntry(d, key, path, parent);
    if (v.is_complex() || v.is_floating_point() != target.is_floating_point() || v.scalar_type() == torch::kBool)
        throw Error(path + ": '" + shown(key, parent) + "' is " + tensorText(v) + " in the checkpoint but " + tensorText(target) +
                    " in the model");
    if (v.sizes() != target.sizes())
        throw Error(path + ": '" + shown(key, parent) + "' has shape " + c10::str(v.sizes()) + " in the checkpoint but " +
                    c10::str(target.sizes()) + " in the model");
    return v;
}

std::string paramKey(const torch::Tensor& p) { return c10::guts::to_string(p.unsafeGetTensorImpl()); }

}  // namespace

void saveCheckpoint(const std::string& path, WorldModel& model, const torch::optim::Adam* optimizer, const CheckpointInfo& info) {
    auto root = newDict();
    root.insert("format", std::string(kFormat));
    root.insert("step", info.step);
    root.insert("wall_time", info.wallTime);
    root.insert("train_time", info.trainTime);
    root.insert("config", info.configYaml);
    root.insert("obs_dim", info.obsDim);
    root.insert("action_dim", info.actionDim);
    c10::Dict<std::string, torch::Tensor> weights;
    for (const auto& item : model->named_parameters()) weights.insert(item.key(), item.value().detach().to(torch::kCPU).clone());
    for (const auto& item : model->named_buffers()) weights.insert(item.key(), item.value().detach().to(torch::kCPU).clone());
    root.insert("model", weights);
    if (optimizer) {
        c10::Dict<std::string, torch::Tensor> expAvg, expAvgSq;
        c10::Dict<std::string, int64_t> steps;
        const auto& state = optimizer->state();
        for (const auto& item : model->named_parameters()) {
            const auto it = state.find(paramKey(item.value()));
            if (it == state.end()) continue;
            const auto& s = static_cast<const torch::optim::AdamParamState&>(*it->second);
            expAvg.insert(item.key(), s.exp_avg().to(torch::kCPU));
            expAvgSq.insert(item.key(), s.exp_avg_sq().to(torch::kCPU));
            steps.insert(item.key(), s.step());
        }
        auto opt = newDict();
        opt.insert("exp_avg", expAvg);
        opt.insert("exp_avg_sq", expAvgSq);
        opt.insert("step", steps);
        root.insert("optimizer", opt);
    }
    auto rng = newDict();
    rng.insert("batches", info.batchRngState);
    if (info.torchRngState.defined()) rng.insert("torch_cpu", info.torchRngState);
    if (info.rankRngStates.defined()) rng.insert("torch_cpu_ranks", info.rankRngStates);
    if (info.cudaRngState.defined()) rng.insert("torch_cuda", info.cudaRngState);
    root.insert("rng", rng);
    const std::vector<char> bytes = torch::pickle_save(root);
    writeFileAtomically(path, std::string_view(bytes.data(), bytes.size()));
}

namespace {

CheckpointInfo infoFrom(const GenericDict& root, const std::string& path) {
    CheckpointInfo info;
    info.step = intEntry(root, "step", path);
    info.wallTime = doubleEntry(root, "wall_time", path);
    info.trainTime = root.contains("train_time") ? doubleEntry(root, "train_time", path) : info.wallTime;
    info.configYaml = stringEntry(root, "config", path);
    info.obsDim = intEntry(root, "obs_dim", path);
    info.actionDim = intEntry(root, "action_dim", path);
    if (info.step < 0 || info.obsDim < 1 || info.actionDim < 0)
        throw Error(path + ": the checkpoint's step, obs_dim or action_dim is out of range");
    if (root.contains("rng")) {
        const auto rng = dictEntry(root, "rng", path);
        if (rng.contains("batches")) {
            info.batchRngState = stringEntry(rng, "batches", path, "rng");
            std::istringstream in(info.batchRngState);
            std::mt19937_64 check;
            if (!info.batchRngState.empty() && !(in >> check)) wrongType(path, "rng.batches", "a std::mt19937_64 state (its stream form)");
        }
        if (rng.contains("torch_cpu")) info.torchRngState = rngStateEntry(rng, "torch_cpu", path, 1, cpuGeneratorStateBytes());
        if (rng.contains("torch_cpu_ranks"))
            info.rankRngStates = rngStateEntry(rng, "torch_cpu_ranks", path, 2, cpuGeneratorStateBytes());
        if (rng.contains("torch_cuda")) info.cudaRngState = rngStateEntry(rng, "torch_cuda", path, 1, 0);
    }
    return info;
}

}  // namespace

CheckpointInfo readCheckpointInfo(const std::string& path) { return infoFrom(readRoot(path), path); }

CheckpointInfo loadCheckpoint(const std::string& path, WorldModel& model, torch::optim::Adam* optimizer) {
    const auto root = readRoot(path);  // read and unpickled once for the info and the weights
    const CheckpointInfo info = infoFrom(root, path);
    const auto weights = dictEntry(root, "model", path);
    torch::NoGradGuard noGrad;
    auto assign = [&](const std::string& name, torch::Tensor& target) {
        if (!weights.contains(name)) throw Error(path + ": the checkpoint has no weights for '" + name + "' (a different model.* configuration?)");
        target.copy_(valueFor(weights, name, path, nullptr, target));
    };
    for (auto& item : model->named_parameters()) assign(item.key(), item.value());
    for (auto& item : model->named_buffers()) assign(item.key(), item.value());
    if (optimizer && root.contains("optimizer")) {
        const auto opt = dictEntry(root, "optimizer", path);
        const auto expAvg = dictEntry(opt, "exp_avg", path, "optimizer");
        const auto expAvgSq = dictEntry(opt, "exp_avg_sq", path, "optimizer");
        const auto steps = dictEntry(opt, "step", path, "optimizer");
        auto& state = optimizer->state();
        for (const auto& item : model->named_parameters()) {
            if (!expAvg.contains(item.key())) continue;
            auto s = std::make_unique<torch::optim::AdamParamState>();
            // In the parameter's dtype: Adam's in-place update refuses to mix them.
            const auto& p = item.value();
            const auto avg = valueFor(expAvg, item.key(), path, "optimizer.exp_avg", p);
            const auto avgSq = valueFor(expAvgSq, item.key(), path, "optimizer.exp_avg_sq", p);
            s->step(intEntry(steps, item.key(), path, "optimizer.step"));
            s->exp_avg(avg.to(p.options()).clone());
            s->exp_avg_sq(avgSq.to(p.options()).clone());
            state[paramKey(item.value())] = std::move(s);
        }
    }
    return info;
}

}  // namespace rssm
