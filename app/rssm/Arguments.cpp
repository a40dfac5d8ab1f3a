#include "rssm/Arguments.h"

#include <algorithm>
#include <stdexcept>

namespace rssm::cli {

namespace {
bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
}  // namespace

Arguments::Arguments(int argc, char** argv, int first, const std::vector<std::string>& valued,
                     const std::vector<std::string>& bare, const std::vector<std::string>& multi) {
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) == 0) {
            std::string flag = arg;
            std::optional<std::string> inlineValue;
            if (const auto eq = arg.find('='); eq != std::string::npos) {
                flag = arg.substr(0, eq);
                inlineValue = arg.substr(eq + 1);
            }
            if (contains(valued, flag)) {
                if (inlineValue) values_[flag] = *inlineValue;
                else if (i + 1 < argc) values_[flag] = argv[++i];
                else throw UsageError(flag + " needs a value");
            } else if (contains(multi, flag)) {
                auto& items = lists_[flag];
                if (inlineValue) items.push_back(*inlineValue);
                while (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0 && std::string(argv[i + 1]).find('=') == std::string::npos)
                    items.push_back(argv[++i]);
            } else if (contains(bare, flag) && !inlineValue) {
                bare_.push_back(flag);
            } else {
                throw UsageError("unknown option " + flag);
            }
        } else if (arg.find('=') != std::string::npos) {
            overrides_.push_back(arg);
        } else {
            positionals_.push_back(arg);
        }
    }
}

std::optional<std::string> Arguments::value(const std::string& flag) const {
    const auto it = values_.find(flag);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string Arguments::require(const std::string& flag) const {
    const auto v = value(flag);
    if (!v) throw UsageError("missing " + flag);
    return *v;
}

bool Arguments::has(const std::string& flag) const { return contains(bare_, flag); }

const std::vector<std::string>& Arguments::list(const std::string& flag) const {
    static const std::vector<std::string> empty;
    const auto it = lists_.find(flag);
    return it == lists_.end() ? empty : it->second;
}

}  // namespace rssm::cli
