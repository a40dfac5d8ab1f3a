#pragma once
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "train/TrainingMetrics.h"

namespace rssm {

// A run's metrics.csv: a row per logged step, columns in a fixed order, an
// empty cell where a value was not computed (validation). Each row is
// flushed as it is written, so another process can follow the file.
class MetricsLog {
public:
    static const std::vector<std::string>& columns();
    // The training loss terms, in column order (loss, recon, kl, kl_value,
    // vae_recon, vae_kl); validation logs the first three as val_*.
    static const std::vector<std::string>& lossTerms();

    // Opens for appending; writes the header to a new or empty file.
    explicit MetricsLog(const std::string& path);
    void append(const TrainingMetrics& m);
    // A row's values in columns() order, NaN where the cell is empty; what
    // append() writes and what the TensorBoard file logs.
    static std::vector<double> values(const TrainingMetrics& m);
    // The row append() writes, newline included.
    static std::string row(const TrainingMetrics& m);

    // Drops the rows after `lastStep` (when a run resumes from a checkpoint).
    static void truncateAfter(const std::string& path, int64_t lastStep);

    struct Table {
        std::vector<std::string> columns;
        std::vector<std::vector<double>> rows;  // NaN for empty cells
        int column(const std::string& name) const;
    };
    // Reads a metrics.csv, ignoring a last line still being written.
    static Table read(const std::string& path);

private:
    std::string path_;
    std::ofstream out_;
};

}  // namespace rssm
