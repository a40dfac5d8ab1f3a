#pragma once
#include "rssm/Arguments.h"

namespace rssm::cli {

// Each subcommand parses its own arguments (argv[2] on) and returns the exit
// status; errors are thrown (rssm::Error for bad input, UsageError for bad use).
int runInspect(int argc, char** argv);
int runExport(int argc, char** argv);
int runTrain(int argc, char** argv);
int runEval(int argc, char** argv);

}  // namespace rssm::cli
