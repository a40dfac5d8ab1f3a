#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include "config/Config.h"
#include "eval/EvaluationSession.h"
#include "rssm/Commands.h"
#include "util/Error.h"

#ifdef RSSM_HAVE_CHARTS
#include "charts/ChartImage.h"
#include "charts/ErrorByHorizonChart.h"

#include <QApplication>
#endif

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

#ifdef RSSM_HAVE_CHARTS
// error_by_horizon.png (the mean over dimensions) and error_by_horizon_dims.png
// (the eval.plot.max_dims dimensions of largest open-loop error, worst first)
// into eval.plot.output_dir; returns their paths. Log scale, because the
// error of an open loop grows by orders of magnitude over the horizon.
std::vector<std::string> writePlots(const EvalResult& r, const Config& config) {
    namespace fs = std::filesystem;
    using ui::ChartImage;
    using ui::ErrorByHorizonChart;
    const fs::path dir = config.getString("eval.plot.output_dir");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(dir.string() + ": cannot create the plot directory: " + ec.message());
    const auto app = makeChartApplication();

    const std::string meanPath = (dir / "error_by_horizon.png").string();
    ErrorByHorizonChart mean(r, -1, ErrorByHorizonChart::Scale::Log);
    ChartImage::savePng(mean, QSize(960, 540), QString::fromStdString(meanPath));

    std::vector<int64_t> order(r.prior.byDim.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return r.prior.byDim[a] > r.prior.byDim[b]; });
    order.resize(std::min<size_t>(order.size(), static_cast<size_t>(config.getInt("eval.plot.max_dims"))));
    std::vector<std::unique_ptr<ErrorByHorizonChart>> owned;
    std::vector<QChart*> charts;
    for (const int64_t d : order) {
        owned.push_back(std::make_unique<ErrorByHorizonChart>(r, d, ErrorByHorizonChart::Scale::Log));
        charts.push_back(owned.back().get());
    }
    const std::string dimsPath = (dir / "error_by_horizon_dims.png").string();
    const std::string heading = "MSE by horizon: the " + std::to_string(order.size()) + " of " + std::to_string(r.prior.byDim.size()) +
                                " dimensions with the largest open-loop error, largest first";
    ChartImage::savePng(ChartImage::renderGrid(charts, QSize(560, 340), 2, QString::fromStdString(heading)), QString::fromStdString(dimsPath));
    return {meanPath, dimsPath};
}
#endif

}  // namespace

int runEval(const Invocation& inv, int, char**) {
    Config config = inv.config ? Config::load(*inv.config) : Config::defaults();
    config.applyOverrides(inv.overrides);
    config.validate();
    const auto session = EvaluationSession::open(config);
    const EvalResult result = session->evaluate();
    const bool json = inv.json;
    if (json) std::cout << result.toJson();
    else printReport(*session, result, config);
    std::cout.flush();
    if (!config.getBool("eval.plot.enabled")) return 0;
#ifdef RSSM_HAVE_CHARTS
    // With --json, stdout stays the JSON alone, for the programs reading it.
    const std::vector<std::string> paths = writePlots(result, config);
    for (size_t i = 0; i < paths.size(); ++i) {
        if (json) std::fprintf(stderr, "rssm eval: wrote %s\n", paths[i].c_str());
        else std::printf("%s%s\n", i == 0 ? "\nplots        " : "             ", paths[i].c_str());
    }
#else
    std::fprintf(stderr, "rssm eval: note: no plots: this rssm was built without Qt Charts (eval.plot.enabled=false silences this)\n");
#endif
    return 0;
}

}  // namespace rssm::cli
