#include "comparison/CheckpointResults.h"

namespace rssm::ui {

const std::vector<double>* RunMetrics::column(const std::string& name) const {
    for (size_t i = 0; i < columns.size() && i < values.size(); ++i)
        if (columns[i] == name) return &values[i];
    return nullptr;
}

}  // namespace rssm::ui
