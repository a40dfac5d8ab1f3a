#include "data/ReplayBuffer.h"

#include "util/Error.h"

namespace rssm {

uint64_t FrameColumn::totalBytes() const {
    uint64_t total = 0;
    for (const auto& f : frames) total += f.size;
    return total;
}

const NumericColumn* ReplayBuffer::observation(const std::string& key) const {
    const auto it = observations_.find(key);
    return it == observations_.end() ? nullptr : &it->second;
}

const NumericColumn* ReplayBuffer::column(const std::string& key) const {
    if (key == "action") return &actions_;
    if (key == "reward") return &rewards_;
    return observation(key);
}

void ReplayBuffer::setSource(std::string path, std::string format) {
    sourcePath_ = std::move(path);
    sourceFormat_ = std::move(format);
}

void ReplayBuffer::setEpisodeLengths(const std::vector<int64_t>& lengths) {
    offsets_.assign(1, 0);
    for (int64_t n : lengths) {
        if (n < 0) throw Error("negative episode length");
        offsets_.push_back(offsets_.back() + n);
    }
}

NumericColumn& ReplayBuffer::addObservation(const std::string& key, DType dtype, std::vector<int64_t> stepShape) {
    if (key == "action" || key == "reward") throw Error("observation key '" + key + "' clashes with the buffer's own '" + key + "'");
    return observations_[key] = NumericColumn(dtype, std::move(stepShape), transitionCount());
}

NumericColumn& ReplayBuffer::addObservationViews(const std::string& key, DType dtype, std::vector<int64_t> stepShape) {
    if (key == "action" || key == "reward") throw Error("observation key '" + key + "' clashes with the buffer's own '" + key + "'");
    return observations_[key] = NumericColumn::views(dtype, std::move(stepShape), transitionCount());
}

NumericColumn& ReplayBuffer::setActionViews(DType dtype, std::vector<int64_t> stepShape) {
    return actions_ = NumericColumn::views(dtype, std::move(stepShape), transitionCount());
}

void ReplayBuffer::setMapping(std::shared_ptr<const MappedFile> file) {
    mapping_ = file;
    keepAlive(std::move(file));
}

int64_t ReplayBuffer::widthOf(const std::vector<std::string>& keys) const {
    int64_t width = 0;
    for (const auto& key : keys) {
        const NumericColumn* c = column(key);
        if (!c) throw Error(sourcePath_ + ": no numeric key '" + key + "' in the buffer");
        width += c->width();
    }
    return width;
}

void ReplayBuffer::copyToFloat(const std::vector<std::string>& keys, int64_t first, int64_t count, float* dst) const {
    const int64_t width = widthOf(keys);
    std::vector<const NumericColumn*> columns;
    for (const auto& key : keys) columns.push_back(column(key));
    constexpr int64_t kStepsPerRelease = 4096;
    for (int64_t s = 0; s < count; ++s) {
        float* row = dst + s * width;
        for (const NumericColumn* c : columns) {
            c->copyToFloat(first + s, 1, row);
            row += c->width();
        }
        if (mapping_ && s % kStepsPerRelease == kStepsPerRelease - 1 && !columns.empty()) {
            const uint8_t* p = columns.front()->stepData(first + s);
            if (p >= mapping_->data() && p < mapping_->data() + mapping_->size())
                mapping_->releaseBefore(static_cast<size_t>(p - mapping_->data()));
        }
    }
}

NumericColumn& ReplayBuffer::setActions(DType dtype, std::vector<int64_t> stepShape) {
    return actions_ = NumericColumn(dtype, std::move(stepShape), transitionCount());
}

NumericColumn& ReplayBuffer::setRewards(DType dtype) { return rewards_ = NumericColumn(dtype, {}, transitionCount()); }

FrameColumn& ReplayBuffer::addFrames(const std::string& key) {
    FrameColumn& column = frames_[key];
    column.frames.assign(static_cast<size_t>(transitionCount()), {});
    return column;
}

}  // namespace rssm
