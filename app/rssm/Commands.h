#pragma once
#include <memory>

#include "rssm/Arguments.h"

class QApplication;

namespace rssm::cli {

// Each subcommand parses its own arguments (argv[2] on) and returns the exit
// status; errors are thrown (rssm::Error for bad input, UsageError for bad use).
int runInspect(int argc, char** argv);
int runExport(int argc, char** argv);
int runTrain(int argc, char** argv);
// rssm train -m/--multirun: a sweep (see core/train/Sweep.h).
int runSweep(const Arguments& args);
int runEval(int argc, char** argv);

#ifdef RSSM_HAVE_CHARTS
int runPlot(int argc, char** argv);
// Qt Charts lays out text through a QApplication, so the commands that draw
// make one when they first need it (plain commands never start Qt). With
// neither DISPLAY nor WAYLAND_DISPLAY set it uses the offscreen platform.
std::unique_ptr<QApplication> makeChartApplication();
#endif

}  // namespace rssm::cli
