#include "data/BufferValidation.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "util/Error.h"
#include "util/TerminalText.h"

namespace rssm {

namespace {

std::string numberText(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string keyText(const std::string& key) { return key == "action" || key == "reward" ? key : "obs '" + terminalSafe(key) + "'"; }

// The first problem of one column, or empty.
std::string columnProblem(const ReplayBuffer& buffer, const std::string& key, const NumericColumn& column) {
    const std::string file = buffer.sourcePath().empty() ? std::string("the buffer") : buffer.sourcePath();
    if (column.width() == 0)
        return file + ": " + keyText(key) + " has 0 values per step (shape " + column.shapeString() + "); a model needs at least one";
    const double limit = std::numeric_limits<float>::max();
    std::vector<double> row(static_cast<size_t>(column.width()));
    for (int64_t e = 0; e < buffer.episodeCount(); ++e) {
        const int64_t first = buffer.episodeStart(e);
        for (int64_t t = 0; t < buffer.episodeLength(e); ++t) {
            column.copyToDouble(first + t, 1, row.data());
            for (size_t d = 0; d < row.size(); ++d) {
                const double v = row[d];
                if (std::isfinite(v) && std::fabs(v) <= limit) continue;
                return file + ": episode " + std::to_string(e) + ", step " + std::to_string(t) + ", " + keyText(key) + " element " +
                       std::to_string(d) + " is " + numberText(v) +
                       "; training needs finite values within float32's range (about ±3.4e38)";
            }
        }
    }
    return {};
}

}  // namespace

std::vector<std::string> bufferProblems(const ReplayBuffer& buffer, const std::vector<std::string>& keys) {
    std::vector<std::string> problems;
    for (const std::string& key : keys) {
        const NumericColumn* column = buffer.column(key);
        if (!column) continue;  // a missing key is the dataset's error to name, with the keys there are
        std::string problem = columnProblem(buffer, key, *column);
        if (!problem.empty()) problems.push_back(std::move(problem));
    }
    return problems;
}

std::vector<std::string> bufferProblems(const ReplayBuffer& buffer) {
    std::vector<std::string> keys;
    for (const auto& [name, column] : buffer.observations()) keys.push_back(name);
    keys.push_back("action");
    keys.push_back("reward");
    return bufferProblems(buffer, keys);
}

void validateForTraining(const ReplayBuffer& buffer, const std::vector<std::string>& keys) {
    const auto problems = bufferProblems(buffer, keys);
    if (!problems.empty()) throw Error(problems.front());
}

}  // namespace rssm
