#include <cstdio>
#include <iostream>

#include "config/Config.h"
#include "eval/EvaluationSession.h"
#include "rssm/Commands.h"

namespace rssm::cli {

namespace {

void printReport(const EvaluationSession& s, const EvalResult& r, const Config& config) {
    std::printf("checkpoint   %s (step %lld)\n", s.checkpointPath().c_str(), static_cast<long long>(s.checkpoint().step));
    std::printf("windows      %lld from the %s split, context %lld, horizon %lld\n\n", static_cast<long long>(r.windows),
                config.getString("eval.split").c_str(), static_cast<long long>(r.context), static_cast<long long>(r.horizon));
    std::printf("                         model units%s\n", r.physical ? "    physical units" : "");
    auto row = [&](const char* name, double a, double b) {
        if (r.physical) std::printf("%-24s %12.6g %17.6g\n", name, a, b);
        else std::printf("%-24s %12.6g\n", name, a);
    };
    row("posterior MSE", r.posterior.mean, r.posteriorPhysical.mean);
    row("open-loop prior MSE", r.prior.mean, r.priorPhysical.mean);
    row("hold-last MSE", r.holdLast.mean, r.holdLastPhysical.mean);
    std::printf("\nby horizon     prior MSE   hold-last MSE   prior spread\n");
    // Steps 1, 2, 4, 8, ... and always the last one.
    std::vector<int64_t> steps;
    for (int64_t h = 1; h < r.horizon; h *= 2) steps.push_back(h);
    steps.push_back(r.horizon);
    for (const int64_t h : steps)
        std::printf("  %4lld %16.6g %15.6g %14.6g\n", static_cast<long long>(h), r.prior.byHorizon[h - 1], r.holdLast.byHorizon[h - 1],
                    r.priorSpreadByHorizon[h - 1]);
}

}  // namespace

int runEval(int argc, char** argv) {
    const Arguments args(argc, argv, 2, {"--config"}, {"--json"});
    if (!args.positionals().empty()) throw UsageError("unexpected argument '" + args.positionals()[0] + "' (settings are key=value)");
    Config config = args.value("--config") ? Config::load(*args.value("--config")) : Config::defaults();
    config.applyOverrides(args.overrides());
    config.validate();
    const auto session = EvaluationSession::open(config);
    const EvalResult result = session->evaluate();
    if (args.has("--json")) std::cout << result.toJson();
    else printReport(*session, result, config);
    return 0;
}

}  // namespace rssm::cli
