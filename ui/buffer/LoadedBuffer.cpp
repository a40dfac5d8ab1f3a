#include "buffer/LoadedBuffer.h"

#include "data/Normalizer.h"

namespace rssm::ui {

const NormStats* LoadedBuffer::physicalStats(const std::string& key) const {
    if (!rollout || !buffer) return nullptr;
    const NumericColumn* column = buffer->column(key);
    const NormStats* stats = rollout->stats(key);
    if (!column || !stats) return nullptr;
    const auto width = static_cast<size_t>(column->width());
    return stats->mean.size() == width && stats->std.size() == width ? stats : nullptr;
}

std::vector<double> LoadedBuffer::episodeValues(const std::string& key, int64_t element, int64_t episode,
                                                bool physical) const {
    std::vector<double> values;
    if (!buffer || episode < 0 || episode >= buffer->episodeCount()) return values;
    const NumericColumn* column = buffer->column(key);
    if (!column || element < 0 || element >= column->width()) return values;
    const NormStats* norm = physical ? physicalStats(key) : nullptr;
    // The same conversion as the summary's physical statistics (Normalizer's floor on std included).
    const Normalizer normalizer = norm ? Normalizer(*norm, column->width(), key) : Normalizer::identity(column->width());
    const double scale = normalizer.std()[static_cast<size_t>(element)];
    const double offset = normalizer.mean()[static_cast<size_t>(element)];
    const int64_t first = buffer->episodeStart(episode), steps = buffer->episodeLength(episode);
    values.reserve(static_cast<size_t>(steps));
    for (int64_t t = 0; t < steps; ++t) values.push_back(column->value(first + t, element) * scale + offset);
    return values;
}

}  // namespace rssm::ui
