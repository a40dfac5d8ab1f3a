#pragma once
#include <QString>

namespace rssm::ui {

// The sample buffer that ships with the workbench (util/ShippedFiles.h: where
// the package installs it, or the source tree of a build). Empty when this
// installation lacks it.
QString bundledSampleBuffer();

}  // namespace rssm::ui
