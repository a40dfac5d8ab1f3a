#pragma once
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rssm::cli {

// The command line after the subcommand: --flag value, --flag=value,
// bare flags, key=value overrides and positionals, in that vocabulary.
class Arguments {
public:
    // `valued` lists the flags that take a value; `multi` those that take
    // every following non-flag word (like --dims 0 3 5).
    Arguments(int argc, char** argv, int first, const std::vector<std::string>& valued,
              const std::vector<std::string>& bare, const std::vector<std::string>& multi = {});

    std::optional<std::string> value(const std::string& flag) const;
    std::string require(const std::string& flag) const;  // throws UsageError when missing
    bool has(const std::string& flag) const;
    const std::vector<std::string>& list(const std::string& flag) const;
    const std::vector<std::string>& overrides() const { return overrides_; }
    const std::vector<std::string>& positionals() const { return positionals_; }

private:
    std::map<std::string, std::string> values_;
    std::map<std::string, std::vector<std::string>> lists_;
    std::vector<std::string> bare_;
    std::vector<std::string> overrides_;
    std::vector<std::string> positionals_;
};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace rssm::cli
