#include "train/Sweep.h"

#include <algorithm>
#include <filesystem>
#include <thread>

#include "train/SweepPlan.h"
#include "train/TrainingSession.h"
#include "util/Error.h"
#include "util/ShippedFiles.h"

namespace fs = std::filesystem;

namespace rssm {

namespace {

std::string absolutePath(const std::string& path) {
    if (path.empty()) return path;
    std::error_code ec;
    const auto p = fs::absolute(path, ec);
    return ec ? path : p.lexically_normal().string();
}

// Passes one run's metrics on to the sweep's observer, tagged with its index.
class RunObserver : public TrainingObserver {
public:
    RunObserver(int index, SweepObserver* next) : index_(index), next_(next) {}
    void onMetrics(const TrainingMetrics& m) override {
        if (next_) next_->onRunMetrics(index_, m);
    }

private:
    int index_;
    SweepObserver* next_;
};

// The overrides that rebuild `config` from the defaults, buffer paths made
// absolute so the sweep resumes from any directory.
std::vector<std::string> baseOverridesOf(Config config) {
    config.set("data.buffer_path", "'" + absolutePath(resolveShippedPath(config.getString("data.buffer_path"))) + "'");
    config.set("data.rollout_config_path", "'" + absolutePath(resolveShippedPath(config.getString("data.rollout_config_path"))) + "'");
    std::vector<std::string> out;
    for (const auto& [key, text] : config.differencesFromDefaults()) out.push_back(key + "=" + text);
    return out;
}

std::vector<Config> configsOf(const SweepState& state) {
    SweepPlan plan;
    std::vector<std::string> overrides = state.baseOverrides();
    for (const auto& axis : state.axes()) {
        std::string values;
        for (size_t i = 0; i < axis.values.size(); ++i) values += (i ? "," : "") + axis.values[i];
        overrides.push_back(axis.key + "=" + values);
    }
    return SweepPlan::parse(overrides).configs(Config::defaults(), state.root());
}

bool hasCheckpoints(const std::string& dir) {
    return fs::exists(dir + "/config.yaml") && !RunFolder::open(dir).checkpoints().empty();
}

}  // namespace

void SweepControl::cancelAll() {
    std::lock_guard<std::mutex> lock(mutex_);
    cancel_ = true;
    for (auto& [index, control] : runs_) control->cancel = true;
}

void SweepControl::stopRun(int index) { runControl(index).cancel = true; }

TrainingControl& SweepControl::runControl(int index) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& control = runs_[index];
    if (!control) {
        control = std::make_unique<TrainingControl>();
        control->cancel = cancel_.load();
    }
    return *control;
}

std::unique_ptr<Sweep> Sweep::create(const Config& base, const std::vector<std::string>& overrides) {
    const SweepPlan plan = SweepPlan::parse(overrides);
    if (plan.axes().empty()) throw Error("a sweep needs at least one swept key, given as key=a,b,c");
    const std::string root = absolutePath(plan.root(base));
    std::unique_ptr<Sweep> sweep(new Sweep());
    sweep->configs_ = plan.configs(base, root);  // throws, naming the run, before anything is written
    if (fs::exists(root + "/" + SweepState::fileName()))
        throw Error(root + ": already holds a sweep; resume it with --resume " + root + ", or choose another logging.name");
    Config shared = base;
    shared.applyOverrides(plan.fixedOverrides());
    const std::vector<std::string> baseOverrides = baseOverridesOf(shared);
    std::error_code ec;
    fs::create_directories(root, ec);
    if (ec) throw Error(root + ": cannot create the sweep folder: " + ec.message());
    sweep->state_ = std::make_unique<SweepState>(root, baseOverrides, plan);
    sweep->state_->save();
    return sweep;
}

std::unique_ptr<Sweep> Sweep::resume(const std::string& rootArg, const std::vector<std::string>& overrides) {
    const std::string root = absolutePath(rootArg);
    std::unique_ptr<Sweep> sweep(new Sweep());
    sweep->state_ = std::make_unique<SweepState>(SweepState::load(root));
    if (!overrides.empty()) {
        const SweepPlan given = SweepPlan::parse(overrides);
        std::vector<std::string> sweptNow, sweptThen;
        for (const auto& a : given.axes()) sweptNow.push_back(a.key);
        for (const auto& a : sweep->state_->axes()) sweptThen.push_back(a.key);
        if (sweptNow != sweptThen)
            throw Error(root + "/" + SweepState::fileName() + ": this sweep varies other keys than the command line's; resume it with --resume " +
                        root + " and no overrides");
    }
    sweep->configs_ = configsOf(*sweep->state_);
    if (sweep->configs_.size() != sweep->state_->runs().size())
        throw Error(root + "/" + SweepState::fileName() + ": lists " + std::to_string(sweep->state_->runs().size()) +
                    " runs but its swept values make " + std::to_string(sweep->configs_.size()));
    return sweep;
}

void Sweep::run(int jobs, SweepObserver* observer, SweepControl* control) {
    SweepControl ownControl;
    if (!control) control = &ownControl;
    std::vector<int> todo;
    for (const auto& r : state_->runs())
        if (r.status != SweepRunStatus::Finished) todo.push_back(r.run.index);
    jobs = std::max(1, std::min<int>(jobs, static_cast<int>(todo.size())));
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int threads = jobs > 1 ? std::max(1, cores / jobs) : 0;  // 0: the run's own training.threads
    std::mutex queueMutex;
    size_t next = 0;
    auto worker = [&] {
        for (;;) {
            int index;
            {
                std::lock_guard<std::mutex> lock(queueMutex);
                if (next >= todo.size() || control->cancelled()) return;
                index = todo[next++];
            }
            runOne(index, threads, observer, control);
        }
    };
    std::vector<std::thread> pool;
    for (int j = 1; j < jobs; ++j) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
}

void Sweep::runOne(int index, int threads, SweepObserver* observer, SweepControl* control) {
    const std::string dir = state_->runDir(index);
    state_->setStatus(index, SweepRunStatus::Running);
    TrainingControl& runControl = control->runControl(index);
    SweepRunStatus status = SweepRunStatus::Finished;
    std::string error;
    try {
        std::unique_ptr<TrainingSession> session;
        Config config = configs_.at(static_cast<size_t>(index));
        const bool splitThreads = threads > 0 && config.getInt("training.threads") == 0;
        if (hasCheckpoints(dir)) {
            std::vector<std::string> overrides;
            if (splitThreads) overrides.push_back("training.threads=" + std::to_string(threads));
            session = TrainingSession::resume(dir, overrides);
        } else {
            if (splitThreads) config.set("training.threads", std::to_string(threads));
            session = TrainingSession::start(config);
        }
        if (observer) observer->onRunStarted(index, dir, session->trainer().step());
        RunObserver forward(index, observer);
        session->run(&forward, &runControl);
        if (runControl.cancel.load()) status = SweepRunStatus::Stopped;
    } catch (const std::exception& e) {
        status = SweepRunStatus::Failed;
        error = e.what();
    }
    state_->setStatus(index, status, error);
    if (observer) observer->onRunEnded(index, status, error);
}

}  // namespace rssm
