#include "window/BundledSample.h"

#include "util/ShippedFiles.h"

namespace rssm::ui {

QString bundledSampleBuffer() { return QString::fromStdString(shippedFile("sample/buf.pkl")); }

}  // namespace rssm::ui
