#pragma once
#include <memory>

#include "rssm/CommandLine.h"

class QApplication;

namespace rssm::cli {

// The commands' bodies, each given its parsed line (CommandLine.h); they
// return the exit status and throw rssm::Error for bad input, UsageError for
// bad use. inspect and export need no LibTorch and run in rssm itself; the
// others run in rssm-torch (TorchCommandsMain.cpp), which also gets the raw
// line, for what it passes on.
int runInspect(const Invocation& inv);
int runExport(const Invocation& inv);
int runTrain(const Invocation& inv, int argc, char** argv);
// rssm train -m/--multirun: a sweep (see core/train/Sweep.h).
int runSweep(const Invocation& inv);
int runEval(const Invocation& inv, int argc, char** argv);

#ifdef RSSM_HAVE_CHARTS
int runPlot(const Invocation& inv, int argc, char** argv);
// Qt Charts lays out text through a QApplication, so the commands that draw
// make one when they first need it (plain commands never start Qt). With
// neither DISPLAY nor WAYLAND_DISPLAY set it uses the offscreen platform.
std::unique_ptr<QApplication> makeChartApplication();
#endif

}  // namespace rssm::cli
