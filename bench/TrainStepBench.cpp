// bench_train_step: training steps per second of a configuration (the
// shipped defaults, changed by --set key=value) on a buffer, through the
// Trainer exactly as `rssm train` runs it, the FLOPs of a step counted from
// the shapes (FlopCount.h) and the rate they were done at, and the share of
// a step spent sampling its batch.
//
//   bench_train_step [buf.pkl] [--set key=value]... [--threads N] [--blas-threads N] [--steps N] [--warmup N] [--json]
//   bench_train_step --sgemm [--blas-threads N] [--json]
//
// --threads is training.threads (RuntimeSetup.cpp says what it sets for each
// engine). --blas-threads overrides OpenBLAS's threads afterwards. --sgemm
// measures the machine's matrix-multiply rate instead: square float products
// of 1024 and 2048 on OpenBLAS's threads, the best of a few, in GFLOP/s.
//
// The PyTorch port's figure comes from bench/reference/train_step.py; both,
// and the parity check, are run together by bench/train_step.sh.
#include <dlfcn.h>

#include <iostream>
#include <random>

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include "BenchSupport.h"
#include "FlopCount.h"
#include "config/Config.h"
#include "data/BufferSource.h"
#include "data/SequenceDataset.h"
#include "train/Trainer.h"
#include "train/TrainingSession.h"

using namespace rssm;
using namespace rssm::bench;

namespace {

// The best rate of square products on OpenBLAS's current threads.
double sgemmGflops() {
    double best = 0.0;
    for (int64_t n : {1024, 2048}) {
        const auto a = torch::randn({n, n}), b = torch::randn({n, n});
        auto c = torch::empty({n, n});
        torch::mm_out(c, a, b);
        for (int i = 0; i < 5; ++i) {
            const auto s = std::chrono::steady_clock::now();
            torch::mm_out(c, a, b);
            best = std::max(best, 2.0 * n * n * n / seconds(s) / 1e9);
        }
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    std::string path = std::string(RSSM_SOURCE_DIR) + "/../shared/data/adhesion/buf.pkl";
    int threads = 1, blasThreads = 0, steps = 30, warmup = 5;
    bool json = false, sgemm = false;
    std::vector<std::string> overrides;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--set" && i + 1 < argc) overrides.push_back(argv[++i]);
        else if (a == "--sgemm") sgemm = true;
        else if (a == "--threads" && i + 1 < argc) threads = std::stoi(argv[++i]);
        else if (a == "--blas-threads" && i + 1 < argc) blasThreads = std::stoi(argv[++i]);
        else if (a == "--steps" && i + 1 < argc) steps = std::stoi(argv[++i]);
        else if (a == "--warmup" && i + 1 < argc) warmup = std::stoi(argv[++i]);
        else if (a == "--json") json = true;
        else path = a;
    }
    try {
        // The shipped defaults, as `rssm train` reads them; only the thread
        // count and the device are pinned, so the figure is the CPU's.
        if (sgemm) {
            using SetBlasThreads = void (*)(int);
            if (auto set = reinterpret_cast<SetBlasThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")); set && blasThreads > 0)
                set(blasThreads);
            torch::set_num_threads(1);
            const double rate = sgemmGflops();
            if (json) std::printf("%s\n", nlohmann::json{{"sgemm_gflops", rate}}.dump().c_str());
            else std::printf("sgemm       %.1f GFLOP/s\n", rate);
            return 0;
        }
        Config config;
        for (const auto& o : overrides) {
            const auto eq = o.find('=');
            if (eq == std::string::npos) throw std::runtime_error("--set " + o + ": expected key=value");
            config.set(o.substr(0, eq), o.substr(eq + 1));
        }
        config.set("training.threads", std::to_string(threads));
        config.set("training.device", "cpu");
        const ReplayBuffer buffer = loadReplayBuffer(path);
        const SequenceDataset dataset(buffer, datasetOptionsFrom(config, nullptr));
        const TrainerOptions trainerOptions = trainerOptionsFrom(config);
        const ModelOptions modelOptions = modelOptionsFrom(config, dataset.obsDim(), dataset.actionDim());
        Trainer trainer(dataset, modelOptions, trainerOptions);
        const double gflopPerStep = stepFlops(modelOptions, trainerOptions.batchSize, dataset.options().seqLen) / 1e9;
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
            const nlohmann::ordered_json line = {
                {"steps_per_s", stepsPerS}, {"step_ms_median", median(stepTimes) * 1e3}, {"sample_ms", sampleS * 1e3},
                {"sample_share", share}, {"threads", trainer.runtime().intraOpThreads}, {"openblas_threads", blasInUse},
                {"slice_threads", trainer.runtime().sliceThreads}, {"steps", steps}, {"loss", lastLoss},
                {"parameters", trainer.parameterCount()}, {"gflop_per_step", gflopPerStep},
                {"gflops", gflopPerStep * stepsPerS}, {"engine", trainerOptions.engine}};
            std::printf("%s\n", line.dump().c_str());
        } else {
            std::printf("buffer      %s (%lld train windows, state %lld, action %lld)\n", path.c_str(),
                        static_cast<long long>(dataset.windowCount(Split::Train)), static_cast<long long>(dataset.obsDim()),
                        static_cast<long long>(dataset.actionDim()));
            std::printf("model       %lld parameters, %s engine, %d intra-op thread(s), OpenBLAS %d thread(s), %d slice(s)\n",
                        static_cast<long long>(trainer.parameterCount()), trainerOptions.engine.c_str(), trainer.runtime().intraOpThreads,
                        blasInUse, trainer.runtime().sliceThreads);
            std::printf("work        %.3f GFLOP per step = %.1f GFLOP/s\n", gflopPerStep, gflopPerStep * stepsPerS);
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
