// bench_engine_phases: where the time of one training step goes, for each
// engine: the posterior recurrence's forward and backward alone, the whole
// loss forward, its backward and the Adam step, timed separately (median of
// N repetitions) on one batch of the default model (or --set key=value).
//
//   bench_engine_phases [buf.pkl] [--set key=value]... [--reps N] [--threads N] [--cpu-time]
//
// --cpu-time times with the process's CPU clock instead of the wall clock: on
// a busy machine with one thread (--threads 1) that still measures the work.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <random>

#include <torch/torch.h>

#include "BenchSupport.h"
#include "config/Config.h"
#include "data/BufferSource.h"
#include "data/SequenceDataset.h"
#include "model/WorldModel.h"
#include "train/RuntimeSetup.h"
#include "train/TrainingSession.h"

using namespace rssm;
using namespace rssm::bench;

namespace {

bool cpuTime = false;

struct Clock {
    std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
    double cpu = processCpu();
    static double processCpu() {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
    }
    double elapsed() const { return cpuTime ? processCpu() - cpu : seconds(wall); }
};

}  // namespace

int main(int argc, char** argv) {
    std::string path = std::string(RSSM_SOURCE_DIR) + "/../shared/data/adhesion/buf.pkl";
    std::vector<std::string> overrides;
    int reps = 10, threads = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--set" && i + 1 < argc) overrides.push_back(argv[++i]);
        else if (a == "--reps" && i + 1 < argc) reps = std::stoi(argv[++i]);
        else if (a == "--threads" && i + 1 < argc) threads = std::stoi(argv[++i]);
        else if (a == "--cpu-time") cpuTime = true;
        else path = a;
    }
    try {
        Config config;
        for (const auto& o : overrides) config.set(o.substr(0, o.find('=')), o.substr(o.find('=') + 1));
        const ReplayBuffer buffer = loadReplayBuffer(path);
        const SequenceDataset dataset(buffer, datasetOptionsFrom(config, nullptr));
        const int64_t batchSize = config.getInt("training.batch_size");
        std::mt19937_64 rng(0);
        const SequenceBatch batch = dataset.sample(Split::Train, batchSize, rng);
        const ModelOptions mo = modelOptionsFrom(config, dataset.obsDim(), dataset.actionDim());
        for (const char* engineName : {"fused", "autograd"}) {
            const RuntimeSettings rt = applyRuntimeSettings(threads, std::string(engineName) == "fused", batchSize);
            torch::manual_seed(0);
            WorldModel model(mo);
            EngineOptions e;
            e.kind = engineFromName(engineName);
            e.sliceThreads = rt.sliceThreads;
            model->rssm->setEngine(e);
            torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(3e-4));
            std::vector<double> obsF, obsB, lossF, lossB, step;
            const auto embed = model->rssm->obs_embed->forward(model->stackedFeatures(batch.obsStack)).detach().requires_grad_();
            const auto prev = WorldModelImpl::previousActions(batch.action, batch.isFirst);
            for (int r = 0; r < reps + 2; ++r) {
                Clock t;
                const auto seen = model->rssm->observe(embed, prev, batch.isFirst);
                const double f = t.elapsed();
                const auto probe = seen.h.sum() + seen.z.sum() + seen.postStats.sum();
                t = Clock();
                probe.backward();
                const double b = t.elapsed();
                adam.zero_grad();
                t = Clock();
                const LossTerms terms = model->loss(batch);
                const double lf = t.elapsed();
                t = Clock();
                terms.total.backward();
                const double lb = t.elapsed();
                t = Clock();
                adam.step();
                adam.zero_grad();
                const double s = t.elapsed();
                if (r < 2) continue;
                obsF.push_back(f), obsB.push_back(b), lossF.push_back(lf), lossB.push_back(lb), step.push_back(s);
            }
            std::printf("%-8s slices %d: recurrence forward %7.2f ms, backward %7.2f ms | loss forward %7.2f ms, backward %7.2f ms, "
                        "Adam %6.2f ms\n",
                        engineName, rt.sliceThreads, median(obsF) * 1e3, median(obsB) * 1e3, median(lossF) * 1e3, median(lossB) * 1e3,
                        median(step) * 1e3);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_engine_phases: %s\n", e.what());
        return 1;
    }
    return 0;
}
