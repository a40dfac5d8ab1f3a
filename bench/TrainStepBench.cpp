// bench_train_step: training steps per second of the default configuration
// (seq_len 64, batch 64, VAE on, stoch 32, deter 128, latent 16, obs_window 1)
// on a buffer, through the Trainer exactly as `rssm train` runs it, and the
// share of a step spent sampling its batch.
//
//   bench_train_step [buf.pkl] [--threads N] [--blas-threads N] [--steps N] [--warmup N] [--json]
//
// --threads is training.threads (LibTorch's intra-op threads; RuntimeSetup.cpp
// then keeps OpenBLAS at one thread). --blas-threads overrides that last part
// afterwards, to measure the other way of using the cores: matrix products
// split by OpenBLAS instead of elementwise work split by LibTorch.
//
// The PyTorch port's figure comes from bench/reference/train_step.py; both,
// and the parity check, are run together by bench/train_step.sh.
#include <dlfcn.h>

#include <iostream>
#include <random>

#include <torch/torch.h>

#include "BenchSupport.h"
#include "config/Config.h"
#include "data/BufferSource.h"
#include "data/SequenceDataset.h"
#include "train/Trainer.h"
#include "train/TrainingSession.h"

using namespace rssm;
using namespace rssm::bench;

int main(int argc, char** argv) {
    std::string path = std::string(RSSM_SOURCE_DIR) + "/../shared/data/adhesion/buf.pkl";
    int threads = 1, blasThreads = 0, steps = 30, warmup = 5;
    bool json = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--threads" && i + 1 < argc) threads = std::stoi(argv[++i]);
        else if (a == "--blas-threads" && i + 1 < argc) blasThreads = std::stoi(argv[++i]);
        else if (a == "--steps" && i + 1 < argc) steps = std::stoi(argv[++i]);
        else if (a == "--warmup" && i + 1 < argc) warmup = std::stoi(argv[++i]);
        else if (a == "--json") json = true;
        else path = a;
    }
    try {
        // The shipped defaults, as `rssm train` reads them; only the thread
        // count and the device are pinned, so the figure is the CPU's.
        Config config;
        config.set("training.threads", std::to_string(threads));
        config.set("training.device", "cpu");
        const ReplayBuffer buffer = loadReplayBuffer(path);
        const SequenceDataset dataset(buffer, datasetOptionsFrom(config, nullptr));
        const TrainerOptions trainerOptions = trainerOptionsFrom(config);
        Trainer trainer(dataset, modelOptionsFrom(config, dataset.obsDim(), dataset.actionDim()), trainerOptions);
        // Looked up, as RuntimeSetup.cpp does: OpenBLAS is the BLAS only by Debian's alternatives.
        using SetBlasThreads = void (*)(int);
        using GetBlasThreads = int (*)();
        if (blasThreads > 0) {
            auto set = reinterpret_cast<SetBlasThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
            if (!set) throw std::runtime_error("--blas-threads: the BLAS in use is not OpenBLAS");
            set(blasThreads);
        }
        const auto getBlas = reinterpret_cast<GetBlasThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
        const int blasInUse = getBlas ? getBlas() : -1;

        for (int i = 0; i < warmup; ++i) trainer.trainStep();
        std::vector<double> stepTimes;
        const auto t0 = std::chrono::steady_clock::now();
        double lastLoss = 0.0;
        for (int i = 0; i < steps; ++i) {
            const auto s = std::chrono::steady_clock::now();
            lastLoss = trainer.trainStep().losses.at("loss");
            stepTimes.push_back(seconds(s));
        }
        const double total = seconds(t0);

        // Sampling alone, with its own generator so the trainer's is untouched.
        std::mt19937_64 rng(1);
        const int batches = 500;
        const auto s0 = std::chrono::steady_clock::now();
        for (int i = 0; i < batches; ++i) dataset.sample(Split::Train, trainerOptions.batchSize, rng);
        const double sampleS = seconds(s0) / batches;

        const double stepsPerS = steps / total;
        const double share = sampleS / (total / steps);
        if (json) {
            std::printf("{\"steps_per_s\": %.4f, \"step_ms_median\": %.4f, \"sample_ms\": %.5f, \"sample_share\": %.6f, "
                        "\"threads\": %d, \"openblas_threads\": %d, \"steps\": %d, \"loss\": %.6f, \"parameters\": %lld}\n",
                        stepsPerS, median(stepTimes) * 1e3, sampleS * 1e3, share, trainer.runtime().intraOpThreads, blasInUse, steps, lastLoss,
                        static_cast<long long>(trainer.parameterCount()));
        } else {
            std::printf("buffer      %s (%lld train windows, state %lld, action %lld)\n", path.c_str(),
                        static_cast<long long>(dataset.windowCount(Split::Train)), static_cast<long long>(dataset.obsDim()),
                        static_cast<long long>(dataset.actionDim()));
            std::printf("model       default config, %lld parameters, %d intra-op thread(s), OpenBLAS %d thread(s)\n",
                        static_cast<long long>(trainer.parameterCount()), trainer.runtime().intraOpThreads, blasInUse);
            std::printf("train step  %.2f steps/s over %d steps after %d warm-up (median %.2f ms), loss %.4f\n", stepsPerS, steps,
                        warmup, median(stepTimes) * 1e3, lastLoss);
            std::printf("sampling    %.1f us per batch = %.2f%% of a step\n", sampleS * 1e6, share * 100.0);
        }
    } catch (const std::exception& e) {
        std::cerr << "bench_train_step: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
