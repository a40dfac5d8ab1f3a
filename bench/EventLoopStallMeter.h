#pragma once
// How responsive a GUI thread stays: a precise timer ticks every few
// milliseconds on the thread it lives on, and the gap between two ticks is
// how long the event loop was busy (a tick cannot run while an event handler
// blocks). The benchmarks' one meter of event-loop stalls; not part of the
// product, and not used by tests (no test asserts on wall-clock time).
#include <algorithm>
#include <ctime>
#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace rssm::bench {

// This thread's CPU time: what a piece of GUI work costs, which another
// process's load (a busy machine) does not inflate as it does wall time.
inline double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// Gaps between ticks, in milliseconds (the timer's own interval included),
// and the GUI thread's CPU time within each.
struct StallGaps {
    std::vector<double> ms, cpuMs;
    double max() const { return ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end()); }
    double maxCpu() const { return cpuMs.empty() ? 0 : *std::max_element(cpuMs.begin(), cpuMs.end()); }
    double percentile(double p) const {
        if (ms.empty()) return 0;
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()))];
    }
    size_t over(double limit) const { return std::count_if(ms.begin(), ms.end(), [&](double g) { return g > limit; }); }
};

class EventLoopStallMeter {
public:
    explicit EventLoopStallMeter(int intervalMs = 5) {
        tick_.setTimerType(Qt::PreciseTimer);
        tick_.setInterval(intervalMs);
        QObject::connect(&tick_, &QTimer::timeout, [this] {
            const qint64 now = clock_.nsecsElapsed();
            const double cpu = threadCpuMs();
            if (last_ >= 0) {
                gaps_.ms.push_back((now - last_) / 1e6);
                gaps_.cpuMs.push_back(cpu - lastCpu_);
            }
            last_ = now;
            lastCpu_ = cpu;
        });
    }
    // Starts over: earlier gaps are forgotten.
    void start() {
        gaps_.ms.clear();
        gaps_.cpuMs.clear();
        last_ = -1;
        clock_.start();
        tick_.start();
    }
    StallGaps stop() {
        tick_.stop();
        return gaps_;
    }
    const StallGaps& gaps() const { return gaps_; }
    qint64 elapsedNs() const { return clock_.nsecsElapsed(); }

private:
    QTimer tick_;
    QElapsedTimer clock_;
    qint64 last_ = -1;
    double lastCpu_ = 0;
    StallGaps gaps_;
};

}  // namespace rssm::bench
