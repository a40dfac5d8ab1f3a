#pragma once
#include <string>
#include <utility>
#include <vector>

#include "config/Config.h"

namespace rssm {

// One swept setting and the values it takes, in the order given.
struct SweepAxis {
    std::string key;
    std::vector<std::string> values;  // each as YAML text, as an override gives it
};

// One run of a sweep: its place in the cross product and the values it gets.
struct SweepRun {
    int index = 0;
    std::vector<std::string> overrides;  // key=value, one per axis
    std::string label() const;           // "run 2 (model.obs_window=4, model.free_nats=0.5)"
};

// A Hydra-style multirun: `key=a,b,c other=x,y` sweeps the cross product of
// the listed values (the last key varying fastest, as Hydra's basic sweeper
// orders it), and plain key=value overrides apply to every run. Run i lives in
// <logging.dir>/<logging.name>/<i>, a normal run folder: its config has
// logging.dir set to the sweep's root and logging.name to i.
class SweepPlan {
public:
    // Splits overrides at top-level commas; commas inside [...], {...} or
    // quotes stay in the value, so data.obs_keys=[a,b],[c] is two values.
    // Throws rssm::Error for a key swept twice or an empty value.
    static SweepPlan parse(const std::vector<std::string>& overrides);
    // Whether a key can be swept: not logging.dir or logging.name, which the
    // sweep sets for each run (its root, and the run's index).
    static bool sweepable(const std::string& key) { return key != "logging.dir" && key != "logging.name"; }

    const std::vector<std::string>& fixedOverrides() const { return fixed_; }
    const std::vector<SweepAxis>& axes() const { return axes_; }
    std::vector<SweepRun> runs() const;

    // The sweep's root: <logging.dir>/<logging.name> of `base` with the fixed overrides.
    std::string root(const Config& base) const;
    // Every run's whole config in the sweep at `root`, each value checked,
    // before any run starts: throws rssm::Error naming the run, the key and
    // what is accepted.
    std::vector<Config> configs(const Config& base, const std::string& root) const;

private:
    std::vector<std::string> fixed_;
    std::vector<SweepAxis> axes_;
};

// Splits a value list at commas that are not inside brackets or quotes.
std::vector<std::string> splitSweepValues(const std::string& text);

}  // namespace rssm
