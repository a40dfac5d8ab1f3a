#pragma once
#include <cstdint>
#include <map>
#include <string>

namespace rssm {

// One logged moment of a run: every loss term, the optimiser's figures and,
// every training.eval_every steps, the validation losses.
struct TrainingMetrics {
    int64_t step = 0;
    double wallTime = 0.0;   // seconds since training began (resumes continue the count)
    double trainTime = 0.0;  // the same, less the time spent paused
    std::map<std::string, double> losses;      // loss, recon, kl, kl_value, vae_recon, vae_kl
    std::map<std::string, double> validation;  // the same names; empty when not computed
    double gradNorm = 0.0;
    double lr = 0.0;
    double stepsPerSecond = 0.0;
};

// Told about a run's progress, on the training thread, between steps.
class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual void onMetrics(const TrainingMetrics&) {}
    virtual void onCheckpoint(int64_t /*step*/, const std::string& /*path*/) {}
};

}  // namespace rssm
