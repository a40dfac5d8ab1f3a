// bench_distributed_step: training steps per second of one rank of a
// data-parallel run (or of one process), and the share of a step spent in the
// gradient all-reduce, through the Trainer as `rssm train` runs it.
//
//   bench_distributed_step [buf.pkl] [--small] [--threads N] [--steps N] [--warmup N]
//
// Run it as torchrun runs rssm (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT in
// the environment) for the ranks, or plainly for one process; bench/distributed.sh
// does both. Rank 0 (or the one process) prints one JSON line:
//   steps_per_s      global batches per second
//   collective_share time inside the all-reduce over the step time, waiting for
//                    the slower rank included
//   allreduce_ms     one all-reduce of all gradients with the ranks already in
//                    step (the wire and reduction cost alone), and its share
// --small is the engine issue's small model (hidden 64, deter 64, stoch 16,
// embed 64, VAE hidden 64, batch 16, seq_len 32); otherwise the shipped defaults.
#include <iostream>

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include "BenchSupport.h"
#include "config/Config.h"
#include "data/BufferSource.h"
#include "data/SequenceDataset.h"
#include "train/DistributedContext.h"
#include "train/Trainer.h"
#include "train/TrainingSession.h"

using namespace rssm;
using namespace rssm::bench;

int main(int argc, char** argv) {
    std::string path = std::string(RSSM_SOURCE_DIR) + "/../shared/data/adhesion/buf.pkl";
    int threads = 1, steps = 30, warmup = 5;
    bool small = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--threads" && i + 1 < argc) threads = std::stoi(argv[++i]);
        else if (a == "--steps" && i + 1 < argc) steps = std::stoi(argv[++i]);
        else if (a == "--warmup" && i + 1 < argc) warmup = std::stoi(argv[++i]);
        else if (a == "--small") small = true;
        else path = a;
    }
    try {
        Config config;
        config.set("training.threads", std::to_string(threads));
        config.set("training.device", "cpu");
        if (small)
            config.applyOverrides({"model.hidden_dim=64", "model.deter_dim=64", "model.stoch_dim=16", "model.embed_dim=64",
                                   "model.vae_hidden_dim=64", "training.batch_size=16", "data.seq_len=32"});
        const auto env = DistributedEnv::fromEnvironment();
        const auto dist = env ? DistributedContext::connect(*env, torch::kCPU) : std::make_unique<DistributedContext>();
        const ReplayBuffer buffer = loadReplayBuffer(path);
        const SequenceDataset dataset(buffer, datasetOptionsFrom(config, nullptr));
        Trainer trainer(dataset, modelOptionsFrom(config, dataset.obsDim(), dataset.actionDim()), trainerOptionsFrom(config));
        trainer.attach(*dist);

        for (int i = 0; i < warmup; ++i) trainer.trainStep();
        const double collectiveBefore = dist->collectiveSeconds();
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < steps; ++i) trainer.trainStep();
        const double total = seconds(t0);
        const double collective = dist->collectiveSeconds() - collectiveBefore;

        // The all-reduce alone: the same tensors, the ranks lined up by a
        // small all-reduce first, so no one waits for a slower step.
        std::vector<torch::Tensor> grads;
        int64_t bytes = 0;
        for (const auto& p : trainer.model()->parameters()) {
            grads.push_back(torch::zeros_like(p));
            bytes += static_cast<int64_t>(p.nbytes());
        }
        const int rounds = 20;
        double allReduce = 0.0;
        for (int i = 0; i < rounds; ++i) {
            dist->allReduceSum({torch::zeros({1})});
            const auto s = std::chrono::steady_clock::now();
            dist->allReduceSum(grads);
            allReduce += seconds(s);
        }
        allReduce /= rounds;

        if (dist->isRoot())
            std::printf("%s\n", nlohmann::ordered_json{{"model", small ? "small" : "default"}, {"ranks", dist->worldSize()},
                                                       {"threads", trainer.runtime().intraOpThreads}, {"steps", steps},
                                                       {"steps_per_s", steps / total}, {"step_ms", 1e3 * total / steps},
                                                       {"collective_share", collective / total}, {"allreduce_ms", 1e3 * allReduce},
                                                       {"allreduce_share", dist->distributed() ? allReduce / (total / steps) : 0.0},
                                                       {"gradient_bytes", static_cast<int64_t>(bytes)},
                                                       {"parameters", trainer.parameterCount()}}
                                     .dump()
                                     .c_str());
    } catch (const std::exception& e) {
        std::cerr << "bench_distributed_step: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
