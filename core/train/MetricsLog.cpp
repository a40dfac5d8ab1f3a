#include "train/MetricsLog.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "util/Error.h"

namespace rssm {

namespace {

std::vector<std::string> splitCsv(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    return cells;
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.8g", v);
    return buf;
}

}  // namespace

const std::vector<std::string>& MetricsLog::columns() {
    static const std::vector<std::string> names{"step",     "wall_time", "loss",     "recon",       "kl",       "kl_value", "vae_recon",
                                                "vae_kl",   "grad_norm", "lr",       "steps_per_s", "val_loss", "val_recon", "val_kl",
                                                "train_time"};
    return names;
}

MetricsLog::MetricsLog(const std::string& path) : path_(path) {
    bool empty = true;
    if (std::ifstream in(path); in) empty = in.peek() == std::ifstream::traits_type::eof();
    out_.open(path, std::ios::app);
    if (!out_) throw Error(path + ": cannot write the metrics log: " + std::strerror(errno));
    if (empty) {
        for (size_t i = 0; i < columns().size(); ++i) out_ << (i ? "," : "") << columns()[i];
        out_ << "\n" << std::flush;
        if (!out_) throw Error(path + ": cannot write the metrics log's header: " + std::strerror(errno) + " (disk full?)");
    }
}

std::vector<double> MetricsLog::values(const TrainingMetrics& m) {
    auto loss = [&](const char* key) { const auto it = m.losses.find(key); return it == m.losses.end() ? NAN : it->second; };
    auto val = [&](const char* key) { const auto it = m.validation.find(key); return it == m.validation.end() ? NAN : it->second; };
    return {static_cast<double>(m.step), m.wallTime, loss("loss"), loss("recon"), loss("kl"), loss("kl_value"), loss("vae_recon"),
            loss("vae_kl"), m.gradNorm, m.lr, m.stepsPerSecond, val("loss"), val("recon"), val("kl"), m.trainTime};
}

void MetricsLog::append(const TrainingMetrics& m) {
    const std::vector<double> row = values(m);
    std::ostringstream text;
    text << m.step;  // as an integer, whatever its size
    for (size_t i = 1; i < row.size(); ++i) text << "," << (std::isnan(row[i]) ? std::string() : number(row[i]));
    text << "\n";
    errno = 0;
    const std::streamoff before = out_.tellp();
    out_ << text.str() << std::flush;
    // A full disk: stop the run here, loudly, rather than train on with a log
    // that ends in half a row (what did get written is cut off again). The
    // checkpoints written so far stay as they are.
    if (!out_) {
        const int err = errno;
        std::error_code ignored;
        if (before >= 0) std::filesystem::resize_file(path_, static_cast<uintmax_t>(before), ignored);
        throw Error(path_ + ": cannot append the metrics of step " + std::to_string(m.step) + ": " +
                    (err ? std::strerror(err) : "write failed") + " (disk full?); training stopped, its checkpoints are kept");
    }
}

void MetricsLog::truncateAfter(const std::string& path, int64_t lastStep) {
    std::ifstream in(path);
    if (!in) return;
    std::string header, line, kept;
    std::getline(in, header);
    // A log written before a column was added keeps its rows, each moved into
    // today's columns by name (a new column's cells stay empty).
    const std::vector<std::string> fileColumns = splitCsv(header);
    std::vector<int> from;
    for (const std::string& c : columns()) {
        const auto it = std::find(fileColumns.begin(), fileColumns.end(), c);
        from.push_back(it == fileColumns.end() ? -1 : static_cast<int>(it - fileColumns.begin()));
    }
    for (size_t i = 0; i < columns().size(); ++i) kept += (i ? "," : "") + columns()[i];
    kept += "\n";
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto cells = splitCsv(line);
        int64_t step = 0;
        const std::string& first = cells.empty() ? line : cells[0];
        const auto res = std::from_chars(first.data(), first.data() + first.size(), step);
        // Half a row (a writer killed, a disk full) or a row after the checkpoint goes.
        if (cells.size() != fileColumns.size() || res.ec != std::errc() || res.ptr != first.data() + first.size() || step > lastStep) continue;
        for (size_t i = 0; i < from.size(); ++i) kept += (i ? "," : "") + (from[i] < 0 ? std::string() : cells[from[i]]);
        kept += "\n";
    }
    in.close();
    // Written beside it and renamed: a full disk must not leave it half rewritten.
    const std::string tmp = path + ".tmp-" + std::to_string(static_cast<long>(getpid()));
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << kept;
        out.flush();
        if (!out) {
            const int err = errno;
            out.close();
            std::remove(tmp.c_str());
            throw Error(path + ": cannot rewrite the metrics log: " + std::strerror(err));
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        std::remove(tmp.c_str());
        throw Error(path + ": cannot rewrite the metrics log: " + std::strerror(err));
    }
}

int MetricsLog::Table::column(const std::string& name) const {
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == name) return static_cast<int>(i);
    return -1;
}

MetricsLog::Table MetricsLog::read(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(path + ": cannot open: " + std::strerror(errno));
    Table table;
    std::string line;
    if (!std::getline(in, line)) return table;
    table.columns = splitCsv(line);
    while (std::getline(in, line)) {
        if (in.eof()) break;  // no newline yet: the writer is mid-row
        const auto cells = splitCsv(line);
        if (cells.size() != table.columns.size()) continue;
        std::vector<double> row;
        for (const auto& c : cells) row.push_back(c.empty() ? NAN : std::strtod(c.c_str(), nullptr));
        table.rows.push_back(std::move(row));
    }
    return table;
}

}  // namespace rssm
