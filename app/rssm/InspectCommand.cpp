#include <iostream>

#include "data/BufferSource.h"
#include "data/BufferSummary.h"
#include "rssm/Commands.h"

namespace rssm::cli {

int runInspect(int argc, char** argv) {
    const Arguments args(argc, argv, 2, {"--buffer-path", "--rollout-config"}, {"--json"});
    std::string path = args.value("--buffer-path").value_or("");
    if (path.empty() && args.positionals().size() == 1) path = args.positionals()[0];
    if (path.empty()) throw UsageError("missing --buffer-path");
    std::optional<RolloutConfig> rollout;
    if (const auto y = args.value("--rollout-config")) rollout = RolloutConfig::load(*y);
    const ReplayBuffer buffer = loadReplayBuffer(path);
    const BufferSummary summary = BufferSummary::of(buffer, rollout ? &*rollout : nullptr);
    std::cout << (args.has("--json") ? summary.toJson() : summary.toText());
    return 0;
}

}  // namespace rssm::cli
