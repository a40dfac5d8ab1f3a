#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "data/NumericColumn.h"
#include "io/MappedFile.h"
#include "io/PickleValue.h"

namespace rssm {

// Encoded camera frames (JPEG bytes), one per step. The bytes are views into
// the mapped file where it allows, else into the buffer's own storage.
struct FrameColumn {
    std::vector<pickle::ByteView> frames;
    uint64_t totalBytes() const;
};

// Demonstrations as episodes over a flat step axis: every key is one column
// over all steps, and episode e covers steps [offsets[e], offsets[e+1]).
// Step t of an episode holds obs[t], the action taken there, and its reward.
class ReplayBuffer {
public:
    // ---- reading ----
    int64_t episodeCount() const { return static_cast<int64_t>(offsets_.size()) - 1; }
    int64_t transitionCount() const { return offsets_.back(); }
    int64_t episodeStart(int64_t e) const { return offsets_[e]; }
    int64_t episodeLength(int64_t e) const { return offsets_[e + 1] - offsets_[e]; }
    const std::vector<int64_t>& episodeOffsets() const { return offsets_; }

    const std::map<std::string, NumericColumn>& observations() const { return observations_; }
    const NumericColumn* observation(const std::string& key) const;
    const NumericColumn& actions() const { return actions_; }
    const NumericColumn& rewards() const { return rewards_; }
    const std::map<std::string, FrameColumn>& frames() const { return frames_; }
    // Observation keys, then "action" and "reward": every numeric column by name.
    const NumericColumn* column(const std::string& key) const;

    // Floats per step when the numeric keys are concatenated in this order.
    int64_t widthOf(const std::vector<std::string>& keys) const;
    // Steps [first, first+count) of the keys concatenated (the model input
    // from, say, {"state", "goals"}), as count * widthOf(keys) native floats.
    // Throws rssm::Error naming a key the buffer does not have.
    void copyToFloat(const std::vector<std::string>& keys, int64_t first, int64_t count, float* dst) const;

    const std::string& sourcePath() const { return sourcePath_; }
    const std::string& sourceFormat() const { return sourceFormat_; }

    // ---- building (by buffer sources) ----
    void setSource(std::string path, std::string format);
    void setEpisodeLengths(const std::vector<int64_t>& lengths);
    // Owned columns, zeroed, one step after another.
    NumericColumn& addObservation(const std::string& key, DType dtype, std::vector<int64_t> stepShape);
    NumericColumn& setActions(DType dtype, std::vector<int64_t> stepShape);
    // Columns of per-step views into storage that keepAlive() holds.
    NumericColumn& addObservationViews(const std::string& key, DType dtype, std::vector<int64_t> stepShape);
    NumericColumn& setActionViews(DType dtype, std::vector<int64_t> stepShape);
    NumericColumn& setRewards(DType dtype);
    FrameColumn& addFrames(const std::string& key);
    // Keeps alive whatever the frame views point into (a mapping, owned bytes).
    void keepAlive(std::shared_ptr<const void> storage) { storage_.push_back(std::move(storage)); }
    // The mapped file the views point into: long copies let its pages go
    // behind them, so reading a buffer through never holds the whole file.
    void setMapping(std::shared_ptr<const MappedFile> file);

private:
    std::vector<int64_t> offsets_{0};
    std::map<std::string, NumericColumn> observations_;
    NumericColumn actions_;
    NumericColumn rewards_;
    std::map<std::string, FrameColumn> frames_;
    std::vector<std::shared_ptr<const void>> storage_;
    std::shared_ptr<const MappedFile> mapping_;
    std::string sourcePath_;
    std::string sourceFormat_;
};

}  // namespace rssm
