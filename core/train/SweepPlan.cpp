#include "train/SweepPlan.h"

#include <filesystem>
#include <set>

#include "util/Error.h"
#include "util/ShippedFiles.h"

namespace fs = std::filesystem;

namespace rssm {

std::vector<std::string> splitSweepValues(const std::string& text) {
    std::vector<std::string> values;
    std::string current;
    int depth = 0;
    char quote = 0;
    for (const char c : text) {
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        } else if (c == ',' && depth == 0) {
            values.push_back(current);
            current.clear();
            continue;
        }
        current += c;
    }
    values.push_back(current);
    return values;
}

std::string SweepRun::label() const {
    std::string s = "run " + std::to_string(index);
    if (overrides.empty()) return s;
    s += " (";
    for (size_t i = 0; i < overrides.size(); ++i) s += (i ? ", " : "") + overrides[i];
    return s + ")";
}

SweepPlan SweepPlan::parse(const std::vector<std::string>& overrides) {
    SweepPlan plan;
    std::set<std::string> swept;
    for (const auto& arg : overrides) {
        const size_t eq = arg.find('=');
        if (eq == std::string::npos) {
            plan.fixed_.push_back(arg);  // Config::applyOverrides says what is wrong with it
            continue;
        }
        std::string key = arg.substr(0, eq);
        const auto values = splitSweepValues(arg.substr(eq + 1));
        if (values.size() == 1) {
            plan.fixed_.push_back(arg);
            continue;
        }
        while (!key.empty() && key[0] == '+') key.erase(0, 1);
        for (const auto& v : values)
            if (v.find_first_not_of(" \t") == std::string::npos)
                throw Error(arg + ": an empty value in the swept list; give values as key=a,b,c");
        if (!swept.insert(key).second) throw Error(arg + ": " + key + " is swept twice; give all its values in one key=a,b,c");
        plan.axes_.push_back({key, values});
    }
    return plan;
}

std::vector<SweepRun> SweepPlan::runs() const {
    std::vector<SweepRun> runs(1);
    for (const auto& axis : axes_) {
        std::vector<SweepRun> next;
        for (const auto& run : runs)
            for (const auto& v : axis.values) {
                SweepRun r = run;
                r.overrides.push_back(axis.key + "=" + v);
                next.push_back(std::move(r));
            }
        runs = std::move(next);
    }
    for (size_t i = 0; i < runs.size(); ++i) runs[i].index = static_cast<int>(i);
    return runs;
}

std::string SweepPlan::root(const Config& base) const {
    Config c = base;
    c.applyOverrides(fixed_);
    return c.getString("logging.dir") + "/" + c.getString("logging.name");
}

std::vector<Config> SweepPlan::configs(const Config& base, const std::string& rootDir) const {
    Config fixed = base;
    fixed.applyOverrides(fixed_);
    std::vector<Config> configs;
    for (const auto& run : runs()) {
        Config c = fixed;
        try {
            c.applyOverrides(run.overrides);
            c.validate();
            // Files every run needs, checked now rather than when run 7 starts.
            for (const char* key : {"data.buffer_path", "data.rollout_config_path"}) {
                const std::string path = resolveShippedPath(c.getString(key));
                if (!path.empty() && !fs::exists(path)) throw Error(std::string(key) + "=" + path + ": no such file");
            }
        } catch (const Error& e) {
            throw Error("sweep " + run.label() + ": " + e.what());
        }
        // Quoted so a root such as "runs: 1" stays a string in config.yaml.
        std::string quoted = "'";
        for (const char ch : rootDir) quoted += ch == '\'' ? std::string("''") : std::string(1, ch);
        c.set("logging.dir", quoted + "'");
        c.set("logging.name", "'" + std::to_string(run.index) + "'");
        configs.push_back(std::move(c));
    }
    return configs;
}

}  // namespace rssm
