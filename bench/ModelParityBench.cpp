// bench_model_parity: what the C++ world model computes, written out for the
// PyTorch port to compute again (bench/reference/check_parity.py).
//
//   bench_model_parity [buf.pkl] --out DIR [--train-steps N] [key=value ...]
//
// Trains the model (the default config, or with model.* overrides) a few
// steps on the buffer so its weights are not at their initial values, saves a
// checkpoint (DIR/model.pt) and writes DIR/parity.pt, a dict Python's
// torch.load reads:
//   inputs      8 validation windows of seq_len steps, the open loop's context
//               and horizon, and the same windows' is_first with two extra
//               episode starts (the reset masks' path)
//   outputs     deterministic posterior pass (features, embedding, h, z, stats,
//               decoded observations), the prior on it, the open loop (mode)
//               from the context point and its decoded observations, and the
//               posterior pass with the extra resets
//   loss        the sampled loss terms on the windows after manual_seed, and
//               every parameter's gradient
//   train_step  the next training batch, the random state before it, and the
//               Trainer's loss, gradient norm and weights after that step
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include <torch/serialize.h>
#include <torch/torch.h>

#include "config/Config.h"
#include "data/BufferSource.h"
#include "data/SequenceDataset.h"
#include "train/Checkpoint.h"
#include "train/Trainer.h"
#include "train/TrainingSession.h"

using namespace rssm;
using GenericDict = c10::impl::GenericDict;

namespace {

GenericDict newDict() { return GenericDict(c10::StringType::get(), c10::AnyType::get()); }

c10::Dict<std::string, torch::Tensor> tensors(const std::vector<std::pair<std::string, torch::Tensor>>& items) {
    c10::Dict<std::string, torch::Tensor> d;
    for (const auto& [name, t] : items) d.insert(name, t.detach().contiguous().clone());
    return d;
}

GenericDict batchDict(const SequenceBatch& b) {
    auto d = newDict();
    d.insert("obs", b.obs.contiguous());
    d.insert("obs_stack", b.obsStack.contiguous());
    d.insert("action", b.action.contiguous());
    d.insert("is_first", b.isFirst.contiguous());
    return d;
}

}  // namespace

int main(int argc, char** argv) {
    std::string path = std::string(RSSM_SOURCE_DIR) + "/../shared/data/adhesion/buf.pkl";
    std::string out;
    int trainSteps = 20;
    std::vector<std::string> overrides;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--out" && i + 1 < argc) out = argv[++i];
        else if (a == "--train-steps" && i + 1 < argc) trainSteps = std::stoi(argv[++i]);
        else if (a.find('=') != std::string::npos) overrides.push_back(a);
        else path = a;
    }
    if (out.empty()) {
        std::cerr << "usage: bench_model_parity [buf.pkl] --out DIR [--train-steps N] [model.key=value ...]\n";
        return 2;
    }
    try {
        Config config;
        config.applyOverrides(overrides);
        config.set("data.buffer_path", path);
        const auto rollout = std::filesystem::path(path).parent_path() / "rollout_config.yaml";
        if (std::filesystem::exists(rollout)) config.set("data.rollout_config_path", rollout.string());
        // One thread and the CPU, so reductions run in one fixed order.
        config.set("training.threads", "1");
        config.set("training.device", "cpu");
        config.validate();
        const ReplayBuffer buffer = loadReplayBuffer(path);
        const SequenceDataset dataset(buffer, datasetOptionsFrom(config, nullptr));
        const ModelOptions modelOptions = modelOptionsFrom(config, dataset.obsDim(), dataset.actionDim());
        const TrainerOptions trainerOptions = trainerOptionsFrom(config);
        Trainer trainer(dataset, modelOptions, trainerOptions);
        for (int i = 0; i < trainSteps; ++i) trainer.trainStep();
        WorldModel& model = trainer.model();

        std::filesystem::create_directories(out);
        CheckpointInfo info;
        info.step = trainer.step();
        info.configYaml = config.toYaml();
        info.obsDim = dataset.obsDim();
        info.actionDim = dataset.actionDim();
        info.torchRngState = trainer.trainingGenerator().get_state();
        saveCheckpoint(out + "/model.pt", model, &trainer.optimizer(), info);

        // Fixed validation windows; two extra episode starts in a copy of
        // is_first take observe() through its reset masks.
        // Seven random windows and one that starts its episode (is_first and
        // the zero previous action at t = 0).
        std::mt19937_64 windowRng(1234);
        SequenceBatch val = dataset.sample(Split::Validation, 7, windowRng);
        const SequenceBatch first = dataset.window(dataset.episodes(Split::Validation).front(), 0, dataset.options().seqLen);
        val.obs = torch::cat({val.obs, first.obs});
        val.obsStack = torch::cat({val.obsStack, first.obsStack});
        val.action = torch::cat({val.action, first.action});
        val.isFirst = torch::cat({val.isFirst, first.isFirst});
        const int64_t steps = val.obs.size(1);
        const int64_t context = std::min<int64_t>(16, steps - 1), horizon = steps - context;
        auto isFirstReset = val.isFirst.clone();
        isFirstReset.index_put_({0, steps / 2}, true);
        isFirstReset.index_put_({3, 3 * steps / 4}, true);

        auto inputs = batchDict(val);
        inputs.insert("is_first_reset", isFirstReset);
        inputs.insert("context", context);
        inputs.insert("horizon", horizon);

        auto outputs = newDict();
        {
            torch::NoGradGuard noGrad;
            model->eval();
            auto& rssm = model->rssm;
            const auto features = model->stackedFeatures(val.obsStack);
            const auto embed = rssm->obs_embed->forward(features);
            const auto prevAction = WorldModelImpl::previousActions(val.action, val.isFirst);
            const auto seen = rssm->observe(embed, prevAction, val.isFirst, /*sample=*/false);
            const auto decoded = rssm->decode(seen.h, seen.z);
            // The open loop starts from the posterior at the last context step
            // with the actions from there, as the Evaluator runs it.
            const auto h0 = seen.h.select(1, context - 1), z0 = seen.z.select(1, context - 1);
            const auto actions = val.action.narrow(1, context - 1, horizon);
            const auto imagined = rssm->imagine(h0, z0, actions, /*sample=*/false);
            const auto imaginedDecoded = rssm->decode(imagined.h, imagined.z);
            const auto prevActionReset = WorldModelImpl::previousActions(val.action, isFirstReset);
            const auto reset = rssm->observe(embed, prevActionReset, isFirstReset, /*sample=*/false);
            for (const auto& [name, t] : std::vector<std::pair<std::string, torch::Tensor>>{
                     {"features", features},
                     {"embed", embed},
                     {"prev_action", prevAction},
                     {"post_h", seen.h},
                     {"post_z", seen.z},
                     {"post_stats", seen.postStats},
                     {"prior_stats", seen.priorStats},
                     {"prior_std", rssm->distribution().stddev(seen.priorStats)},
                     {"decoded", decoded},
                     {"posterior_obs", model->toObservation(decoded)},
                     {"imagine_h", imagined.h},
                     {"imagine_z", imagined.z},
                     {"imagine_prior_stats", imagined.priorStats},
                     {"imagine_obs", model->toObservation(imaginedDecoded)},
                     {"reset_h", reset.h},
                     {"reset_z", reset.z},
                     {"reset_post_stats", reset.postStats},
                 })
                outputs.insert(name, t.contiguous());
        }

        // The sampled loss and its gradients: the port draws the same numbers
        // from the same seed when it draws them in the same order and shapes.
        model->train();
        const int64_t lossSeed = 4321;
        model->setGenerator(c10::nullopt);  // the global generator, seeded as the port seeds its own
        torch::manual_seed(lossSeed);
        const LossTerms terms = model->loss(val);
        model->setGenerator(trainer.trainingGenerator());
        model->zero_grad();
        terms.total.backward();
        std::vector<std::pair<std::string, torch::Tensor>> grads;
        for (const auto& item : model->named_parameters()) grads.emplace_back(item.key(), item.value().grad());
        auto loss = newDict();
        loss.insert("seed", lossSeed);
        auto lossValues = newDict();
        for (const auto& [name, value] : terms.values()) lossValues.insert(name, value);
        loss.insert("values", lossValues);
        loss.insert("grads", tensors(grads));
        model->zero_grad();

        // The Trainer's next step. Its batch generator is seeded with
        // training.seed and draws one batch per step, so replaying that many
        // draws gives the batch it is about to train on.
        std::mt19937_64 batchRng(trainerOptions.seed);
        for (int i = 0; i < trainSteps; ++i) dataset.sample(Split::Train, trainerOptions.batchSize, batchRng);
        const SequenceBatch next = dataset.sample(Split::Train, trainerOptions.batchSize, batchRng);
        auto trainStep = batchDict(next);
        trainStep.insert("torch_rng", trainer.trainingGenerator().get_state());
        const TrainingMetrics metrics = trainer.trainStep();
        auto stepValues = newDict();
        for (const auto& [name, value] : metrics.losses) stepValues.insert(name, value);
        trainStep.insert("values", stepValues);
        trainStep.insert("grad_norm", metrics.gradNorm);
        trainStep.insert("lr", trainerOptions.lr);
        trainStep.insert("grad_clip", trainerOptions.gradClip);
        std::vector<std::pair<std::string, torch::Tensor>> after;
        for (const auto& item : model->named_parameters()) after.emplace_back(item.key(), item.value());
        trainStep.insert("weights_after", tensors(after));

        auto root = newDict();
        root.insert("checkpoint", out + "/model.pt");
        root.insert("inputs", inputs);
        root.insert("outputs", outputs);
        root.insert("loss", loss);
        root.insert("train_step", trainStep);
        const auto bytes = torch::pickle_save(root);
        std::ofstream file(out + "/parity.pt", std::ios::binary | std::ios::trunc);
        file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!file.flush()) throw std::runtime_error(out + "/parity.pt: cannot write");
        std::printf("bench_model_parity: %d training steps, checkpoint %s/model.pt, outputs %s/parity.pt\n", trainSteps, out.c_str(),
                    out.c_str());
    } catch (const std::exception& e) {
        std::cerr << "bench_model_parity: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
