#pragma once
#include <cstdint>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "train/TrainingMetrics.h"

namespace rssm {

// A run's TensorBoard event file, events.out.tfevents.<seconds>.<host> in the
// run folder, so `tensorboard --logdir` and `wandb sync` read our runs as they
// are. Each record is an Event protocol buffer (generated from
// proto/tensorboard_event.proto) in TFRecord framing: the length, its masked
// CRC-32C, the bytes, their masked CRC-32C. Records are flushed as written, so
// TensorBoard follows a run while it trains.
class TensorBoardWriter {
public:
    // Opens a new event file in `runDir` and writes the file-version record.
    // Throws rssm::Error naming the file when it cannot be written.
    explicit TensorBoardWriter(const std::string& runDir);

    const std::string& path() const { return path_; }

    // One Event holding a scalar (simple_value) per (tag, value).
    void writeScalars(int64_t step, double wallTime, const std::vector<std::pair<std::string, double>>& values);
    // A metrics.csv row: every column but step as a scalar of the same name,
    // at the row's step; empty cells (validation not computed) are left out.
    void writeMetrics(const TrainingMetrics& m);
    // A text summary (the text plugin's string tensor), as the config is logged.
    void writeText(const std::string& tag, const std::string& text, int64_t step, double wallTime);
    // Tells TensorBoard a run restarted at `step`, so it drops the steps after
    // it that an earlier process wrote and the resumed run writes again.
    void writeSessionStart(int64_t step, double wallTime);

    // TFRecord's checksum: CRC-32C, rotated and offset so that a CRC of data
    // that holds CRCs stays well distributed.
    static uint32_t maskedCrc32c(const void* data, size_t size);
    // Every record's payload in a TFRecord file. Throws rssm::Error naming the
    // file and the byte offset of a short record or a checksum that does not match.
    static std::vector<std::string> readRecords(const std::string& path);

    // Seconds since the epoch, as TensorBoard's wall_time.
    static double now();

private:
    void writeRecord(const std::string& payload);

    std::string path_;
    std::ofstream out_;
};

}  // namespace rssm
