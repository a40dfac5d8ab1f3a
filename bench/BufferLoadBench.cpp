// bench_buffer_load: a FACTR buffer from disk to ready-to-train float32
// tensors, against Python's pickle.load plus numpy stacking, in one run.
//
//   bench_buffer_load [buf.pkl] [--repeats N] [--no-python]
//
// Targets (issue 3): at least 10x faster than Python; peak memory growth at
// most 1.5x the file size; sampling a batch well under 5% of a training step.
#include <iostream>
#include <random>

#include <torch/torch.h>

#include "BenchSupport.h"
#include "data/BufferSource.h"
#include "data/SequenceDataset.h"

using namespace rssm;
using namespace rssm::bench;

int main(int argc, char** argv) {
    std::string path = std::string(RSSM_SOURCE_DIR) + "/../shared/data/adhesion/buf.pkl";
    int repeats = 15;
    bool python = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--repeats" && i + 1 < argc) repeats = std::stoi(argv[++i]);
        else if (a == "--no-python") python = false;
        else path = a;
    }
    torch::set_num_threads(1);
    std::ifstream probe(path, std::ios::binary | std::ios::ate);
    if (!probe) {
        std::cerr << "bench_buffer_load: cannot open " << path << "\n";
        return 1;
    }
    const double fileMiB = static_cast<double>(probe.tellg()) / (1 << 20);

    // Memory first, in a process that has loaded nothing yet.
    const long baseKb = statusKb("VmRSS");
    auto t0 = std::chrono::steady_clock::now();
    SequenceDatasetOptions options;  // the seed's defaults: state, seq_len 64, obs_window 1
    auto buffer = std::make_unique<ReplayBuffer>(loadReplayBuffer(path));
    auto dataset = std::make_unique<SequenceDataset>(*buffer, options);
    std::vector<double> times{seconds(t0)};
    const double peakMiB = (statusKb("VmHWM") - baseKb) / 1024.0;
    const double anonMiB = statusKb("RssAnon") / 1024.0;
    for (int r = 1; r < repeats; ++r) {
        dataset.reset();
        buffer.reset();
        t0 = std::chrono::steady_clock::now();
        buffer = std::make_unique<ReplayBuffer>(loadReplayBuffer(path));
        dataset = std::make_unique<SequenceDataset>(*buffer, options);
        times.push_back(seconds(t0));
    }

    // Batches as the trainer draws them (64 windows of 64 actions).
    std::mt19937_64 rng(0);
    const int batches = 2000;
    t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < batches; ++i) dataset->sample(Split::Train, 64, rng);
    const double perBatchUs = seconds(t0) / batches * 1e6;

    const double best = *std::min_element(times.begin(), times.end());
    std::printf("buffer          %s (%.1f MiB, %lld episodes, %lld transitions, state %lld, action %lld)\n", path.c_str(), fileMiB,
                static_cast<long long>(buffer->episodeCount()), static_cast<long long>(buffer->transitionCount()),
                static_cast<long long>(dataset->obsDim()), static_cast<long long>(dataset->actionDim()));
    std::printf("C++ load        best %.1f ms, median %.1f ms over %d runs (to float32 tensors, split and windows)\n", best * 1e3,
                median(times) * 1e3, repeats);
    std::printf("C++ peak memory +%.1f MiB = %.2fx the file (resident growth, file pages included; anonymous now %.1f MiB)\n",
                peakMiB, peakMiB / fileMiB, anonMiB);
    std::printf("C++ sampling    %.1f us per batch of 64 x 65 steps\n", perBatchUs);
    if (python) {
        const std::string json = capture("/usr/bin/python3 " + std::string(RSSM_SOURCE_DIR) + "/bench/reference/load_buffer.py '" + path +
                                         "' " + std::to_string(std::max(3, repeats / 3)));
        const double pyBest = jsonNumber(json, "best_s");
        const double pyPeak = jsonNumber(json, "peak_growth_kb") / 1024.0;
        if (pyBest <= 0) {
            std::printf("Python          reference failed to run (needs /usr/bin/python3 with numpy): %s\n", json.c_str());
            return 1;
        }
        std::printf("Python load     best %.1f ms (pickle.load + numpy stacking to float32)\n", pyBest * 1e3);
        std::printf("Python memory   +%.1f MiB = %.2fx the file\n", pyPeak, pyPeak / fileMiB);
        std::printf("speedup         %.1fx (target >= 10x)\n", pyBest / best);
    }
    std::printf("memory target   %.2fx of at most 1.5x: %s\n", peakMiB / fileMiB, peakMiB / fileMiB <= 1.5 ? "met" : "NOT met");
    return 0;
}
