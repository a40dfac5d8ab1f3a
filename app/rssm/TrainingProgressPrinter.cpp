#include "rssm/TrainingProgressPrinter.h"

#include <cstdio>
#include <string>

namespace rssm::cli {

namespace {

std::string duration(double seconds) {
    if (!(seconds >= 0) || seconds > 1e7) return "?";
    const long s = static_cast<long>(seconds + 0.5);
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s / 60) % 60);
    else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
    else std::snprintf(buf, sizeof buf, "%lds", s);
    return buf;
}

}  // namespace

TrainingProgressPrinter::TrainingProgressPrinter(int64_t totalSteps, bool terminal) : total_(totalSteps), terminal_(terminal) {}

void TrainingProgressPrinter::onMetrics(const TrainingMetrics& m) {
    if (const auto it = m.validation.find("loss"); it != m.validation.end()) lastVal_ = it->second;
    const double eta = m.stepsPerSecond > 0 ? static_cast<double>(total_ - m.step) / m.stepsPerSecond : -1.0;
    char val[32] = "";
    if (lastVal_ >= 0) std::snprintf(val, sizeof val, "  val %.4f", lastVal_);
    if (terminal_) {
        const int width = 24;
        const int filled = static_cast<int>(width * m.step / std::max<int64_t>(total_, 1));
        std::string bar(filled, '#');
        bar.resize(width, '.');
        std::printf("\r\033[Kstep %lld/%lld [%s] loss %.4f%s  %.1f steps/s  ETA %s", static_cast<long long>(m.step),
                    static_cast<long long>(total_), bar.c_str(), m.losses.at("loss"), val, m.stepsPerSecond, duration(eta).c_str());
        lineOpen_ = true;
    } else {
        std::printf("step %lld/%lld loss %.5f recon %.5f kl %.4f%s grad_norm %.3g lr %.3g %.1f steps/s eta %s\n",
                    static_cast<long long>(m.step), static_cast<long long>(total_), m.losses.at("loss"), m.losses.at("recon"),
                    m.losses.at("kl_value"), val, m.gradNorm, m.lr, m.stepsPerSecond, duration(eta).c_str());
    }
    std::fflush(stdout);
}

void TrainingProgressPrinter::onCheckpoint(int64_t step, const std::string& path) {
    if (!terminal_) std::printf("saved %s\n", path.c_str());
    std::fflush(stdout);
}

void TrainingProgressPrinter::finish() {
    if (lineOpen_) std::printf("\n");
    lineOpen_ = false;
}

}  // namespace rssm::cli
