#include "train/Checkpoint.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <torch/serialize.h>
#include <torch/torch.h>

#include "util/Error.h"

namespace rssm {

namespace {

constexpr const char* kFormat = "rssm-checkpoint 1";

using GenericDict = c10::impl::GenericDict;
GenericDict newDict() { return GenericDict(c10::StringType::get(), c10::AnyType::get()); }

void writeFileAtomically(const std::string& path, const std::vector<char>& bytes) {
    const std::string tmp = path + ".tmp-" + std::to_string(static_cast<long>(getpid()));
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(path + ": cannot write the checkpoint: " + std::strerror(errno));
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            std::remove(tmp.c_str());
            throw Error(path + ": writing the checkpoint failed (disk full?)");
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        std::remove(tmp.c_str());
        throw Error(path + ": cannot move the checkpoint into place: " + std::strerror(err));
    }
}

GenericDict readRoot(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open: " + std::strerror(errno));
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    c10::IValue root;
    try {
        root = torch::pickle_load(bytes);
    } catch (const std::exception& e) {
        throw Error(path + ": not a checkpoint this program can read (" + std::string(e.what()).substr(0, 200) + ")");
    }
    if (!root.isGenericDict()) throw Error(path + ": not an rssm checkpoint (expected a dict at the top)");
    auto dict = root.toGenericDict();
    if (!dict.contains("format") || !dict.at("format").isString() || dict.at("format").toStringRef() != kFormat)
        throw Error(path + ": not an rssm checkpoint (no 'format': '" + std::string(kFormat) + "' entry)");
    return dict;
}

c10::IValue entry(const GenericDict& d, const std::string& key, const std::string& path) {
    if (!d.contains(key)) throw Error(path + ": the checkpoint has no '" + key + "' entry");
    return d.at(key);
}

std::string paramKey(const torch::Tensor& p) { return c10::guts::to_string(p.unsafeGetTensorImpl()); }

}  // namespace

void saveCheckpoint(const std::string& path, WorldModel& model, const torch::optim::Adam* optimizer, const CheckpointInfo& info) {
    auto root = newDict();
    root.insert("format", std::string(kFormat));
    root.insert("step", info.step);
    root.insert("wall_time", info.wallTime);
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
    writeFileAtomically(path, torch::pickle_save(root));
}

namespace {

CheckpointInfo infoFrom(const GenericDict& root, const std::string& path) {
    CheckpointInfo info;
    info.step = entry(root, "step", path).toInt();
    info.wallTime = entry(root, "wall_time", path).toDouble();
    info.configYaml = entry(root, "config", path).toStringRef();
    info.obsDim = entry(root, "obs_dim", path).toInt();
    info.actionDim = entry(root, "action_dim", path).toInt();
    if (root.contains("rng")) {
        const auto rng = root.at("rng").toGenericDict();
        if (rng.contains("batches")) info.batchRngState = rng.at("batches").toStringRef();
        if (rng.contains("torch_cpu")) info.torchRngState = rng.at("torch_cpu").toTensor();
        if (rng.contains("torch_cpu_ranks")) info.rankRngStates = rng.at("torch_cpu_ranks").toTensor();
        if (rng.contains("torch_cuda")) info.cudaRngState = rng.at("torch_cuda").toTensor();
    }
    return info;
}

}  // namespace

CheckpointInfo readCheckpointInfo(const std::string& path) { return infoFrom(readRoot(path), path); }

CheckpointInfo loadCheckpoint(const std::string& path, WorldModel& model, torch::optim::Adam* optimizer) {
    const auto root = readRoot(path);  // read and unpickled once for the info and the weights
    const CheckpointInfo info = infoFrom(root, path);
    const auto weights = entry(root, "model", path).toGenericDict();
    torch::NoGradGuard noGrad;
    auto assign = [&](const std::string& name, torch::Tensor& target) {
        if (!weights.contains(name)) throw Error(path + ": the checkpoint has no weights for '" + name + "' (a different model.* configuration?)");
        const auto value = weights.at(name).toTensor();
        if (value.sizes() != target.sizes())
            throw Error(path + ": '" + name + "' has shape " + c10::str(value.sizes()) + " in the checkpoint but " + c10::str(target.sizes()) + " in the model");
        target.copy_(value);
    };
    for (auto& item : model->named_parameters()) assign(item.key(), item.value());
    for (auto& item : model->named_buffers()) assign(item.key(), item.value());
    if (optimizer && root.contains("optimizer")) {
        const auto opt = root.at("optimizer").toGenericDict();
        const auto expAvg = opt.at("exp_avg").toGenericDict();
        const auto expAvgSq = opt.at("exp_avg_sq").toGenericDict();
        const auto steps = opt.at("step").toGenericDict();
        auto& state = optimizer->state();
        for (const auto& item : model->named_parameters()) {
            if (!expAvg.contains(item.key())) continue;
            auto s = std::make_unique<torch::optim::AdamParamState>();
            s->step(steps.at(item.key()).toInt());
            s->exp_avg(expAvg.at(item.key()).toTensor().to(item.value().device()).clone());
            s->exp_avg_sq(expAvgSq.at(item.key()).toTensor().to(item.value().device()).clone());
            state[paramKey(item.value())] = std::move(s);
        }
    }
    return info;
}

}  // namespace rssm
