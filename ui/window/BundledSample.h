#pragma once
#include <QString>

namespace rssm::ui {

// Where the sample buffer that ships with the workbench is: beside a build
// (build/bin/../../resources/sample), where the package installs it
// (bin/../share/rssm-workbench/sample), or in the source tree it was built
// from. Empty when none of these has it.
QString bundledSampleBuffer();

}  // namespace rssm::ui
