// rssm plot: one evaluated window, dimension by dimension, as a PNG (the
// seed's plot_sequence.py), drawn by the same chart code as the workbench.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>


#include "config/Config.h"
#include "eval/EvaluationSession.h"
#include "rssm/Commands.h"
#include "util/Error.h"

#include "charts/ChartImage.h"
#include "charts/TrajectoryChart.h"

#include <QApplication>

namespace fs = std::filesystem;

namespace rssm::cli {

namespace {

// Whether a key=value override names `key` (Hydra's + and ++ prefixes allowed).
bool overrides(const std::vector<std::string>& args, const std::string& key) {
    for (std::string a : args) {
        a.erase(0, a.find_first_not_of('+'));
        if (a.substr(0, a.find('=')) == key) return true;
    }
    return false;
}

QtMessageHandler qtHandler = nullptr;

// Qt notes a missing XDG_RUNTIME_DIR on every headless start and goes on with
// a fallback; for a command whose stderr is for errors it is only noise.
void dropHeadlessNotes(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set"))) return;
    if (qtHandler) qtHandler(type, context, message);
    else std::fprintf(stderr, "%s\n", qPrintable(message));
}

}  // namespace

std::unique_ptr<QApplication> makeChartApplication() {
    if (QCoreApplication::instance()) return nullptr;  // one already runs; Qt allows only one
    // Rendering PNGs needs no screen: without one, Qt's offscreen platform
    // stands in, instead of Qt aborting for want of a display. An explicit
    // QT_QPA_PLATFORM is left alone.
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) setenv("QT_QPA_PLATFORM", "offscreen", 0);
    static const QtMessageHandler previous = qInstallMessageHandler(dropHeadlessNotes);
    qtHandler = previous;
    // QApplication keeps references to argc and argv for its whole life.
    static int argc = 1;
    static char name[] = "rssm";
    static char* argv[] = {name, nullptr};
    return std::make_unique<QApplication>(argc, argv);
}

int runPlot(const Invocation& inv, int, char**) {
    Config config = Config::defaults();
    config.applyOverrides(inv.overrides);
    const std::string checkpoint = inv.checkpointPath.value_or(config.getString("eval.checkpoint_path"));
    if (checkpoint.empty()) throw UsageError("missing --checkpoint-path; see rssm plot --help");
    const int64_t index = inv.seqIndex;
    const int64_t length = inv.seqLen;
    // The first quarter of the window is observed, the rest predicted open
    // loop, unless eval.context says otherwise.
    const int64_t context = overrides(inv.overrides, "eval.context") ? config.getInt("eval.context") : std::max<int64_t>(1, length / 4);
    if (context >= length)
        throw UsageError("eval.context=" + std::to_string(context) + " leaves no step of --seq-len " + std::to_string(length) + " to predict");
    config.set("eval.context", std::to_string(context));
    config.set("eval.horizon", std::to_string(length - context));
    config.validate();

    const auto session = EvaluationSession::open(checkpoint, config);
    if (inv.noVae && session->runConfig().getBool("model.use_vae"))
        std::fprintf(stderr, "rssm plot: note: --no-vae is ignored: %s was trained with the VAE (model.use_vae=true) and is plotted as trained\n",
                     checkpoint.c_str());

    const auto windows = session->evaluator().windows();
    const std::string split = config.getString("eval.split");
    if (index >= static_cast<int64_t>(windows.size()))
        throw Error("--seq-index " + std::to_string(index) + ": the " + split + " split has " + std::to_string(windows.size()) +
                    " windows of " + std::to_string(length) + " steps (0 to " + std::to_string(windows.size() - 1) + ")");
    const auto [episode, start] = windows[static_cast<size_t>(index)];
    const TrajectoryPrediction prediction = session->evaluator().predict(episode, start);

    const int64_t dimCount = prediction.truth.size(1);
    std::vector<int64_t> dims = inv.dims;
    for (const int64_t d : dims)
        if (d >= dimCount)
            throw UsageError("--dims: " + std::to_string(d) + " is out of range; the model's observations have " + std::to_string(dimCount) +
                             " dimensions");
    if (dims.empty())
        for (int64_t d = 0; d < std::min(dimCount, config.getInt("eval.plot.max_dims")); ++d) dims.push_back(d);
    const auto& names = session->dimNames();

    const auto app = makeChartApplication();
    std::vector<std::unique_ptr<QChart>> owned;
    std::vector<QChart*> charts;
    for (const int64_t d : dims) {
        const std::string name = static_cast<int64_t>(names.size()) == dimCount ? names[d] : "obs[" + std::to_string(d) + "]";
        owned.push_back(std::make_unique<ui::TrajectoryChart>(prediction, d, QString::fromStdString(name)));
        charts.push_back(owned.back().get());
    }
    auto n = [](int64_t v) { return std::to_string(v); };
    const std::string heading = fs::path(checkpoint).filename().string() + " (step " + n(session->checkpoint().step) + "): " + split +
                                " window " + n(index) + ", episode " + n(episode) + ", steps " + n(start) + " to " +
                                n(start + length - 1) + ", context " + n(context) + ", horizon " + n(length - context);
    const std::string out = inv.out.value_or("sequence_" + std::to_string(index) + ".png");
    if (const fs::path parent = fs::path(out).parent_path(); !parent.empty()) {
        std::error_code ec;
        fs::create_directories(parent, ec);
        if (ec) throw Error(parent.string() + ": cannot create the directory: " + ec.message());
    }
    ui::ChartImage::savePng(ui::ChartImage::renderGrid(charts, QSize(1100, 300), 1, QString::fromStdString(heading)), QString::fromStdString(out));

    std::string dimList;
    for (const int64_t d : dims) dimList += (dimList.empty() ? "" : " ") + std::to_string(d);
    std::printf("wrote %s: episode %lld, steps %lld to %lld, dims %s\n", out.c_str(), static_cast<long long>(episode),
                static_cast<long long>(start), static_cast<long long>(start + length - 1), dimList.c_str());
    return 0;
}

}  // namespace rssm::cli
