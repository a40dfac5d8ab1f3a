#include "train/MetricsLog.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <sstream>

#include "util/AtomicFile.h"
#include "util/Csv.h"
#include "util/Error.h"

namespace rssm {

namespace {

// A number as metrics.csv writes it: 8 significant digits, empty when not computed.
std::string number(double v) { return csvNumber(v, 8); }

double lossTerm(const std::map<std::string, double>& terms, const std::string& name) {
    const auto it = terms.find(name);
    return it == terms.end() ? NAN : it->second;
}

// The columns, in file order, each with where its value comes from: the one
// list of metrics.csv's columns (the TensorBoard file, the charts and the
// tests take them from here).
struct Column {
    std::string name;
    std::function<double(const TrainingMetrics&)> value;
};

const std::vector<Column>& columnTable() {
    static const std::vector<Column> columns = [] {
        std::vector<Column> c{{"step", [](const TrainingMetrics& m) { return static_cast<double>(m.step); }},
                              {"wall_time", [](const TrainingMetrics& m) { return m.wallTime; }}};
        for (const std::string& term : MetricsLog::lossTerms())
            c.push_back({term, [term](const TrainingMetrics& m) { return lossTerm(m.losses, term); }});
        c.push_back({"grad_norm", [](const TrainingMetrics& m) { return m.gradNorm; }});
        c.push_back({"lr", [](const TrainingMetrics& m) { return m.lr; }});
        c.push_back({"steps_per_s", [](const TrainingMetrics& m) { return m.stepsPerSecond; }});
        for (const std::string term : {"loss", "recon", "kl"})
            c.push_back({"val_" + term, [term](const TrainingMetrics& m) { return lossTerm(m.validation, term); }});
        c.push_back({"train_time", [](const TrainingMetrics& m) { return m.trainTime; }});
        return c;
    }();
    return columns;
}

}  // namespace

const std::vector<std::string>& MetricsLog::lossTerms() {
    static const std::vector<std::string> terms{"loss", "recon", "kl", "kl_value", "vae_recon", "vae_kl"};
    return terms;
}

const std::vector<std::string>& MetricsLog::columns() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const Column& c : columnTable()) n.push_back(c.name);
        return n;
    }();
    return names;
}

MetricsLog::MetricsLog(const std::string& path) : path_(path) {
    bool empty = true;
    if (std::ifstream in(path); in) empty = in.peek() == std::ifstream::traits_type::eof();
    out_.open(path, std::ios::app);
    if (!out_) throw Error(path + ": cannot write the metrics log: " + std::strerror(errno));
    if (empty) {
        out_ << csvRow(columns()) << std::flush;
        if (!out_) throw Error(path + ": cannot write the metrics log's header: " + std::strerror(errno) + " (disk full?)");
    }
}

std::vector<double> MetricsLog::values(const TrainingMetrics& m) {
    std::vector<double> row;
    for (const Column& c : columnTable()) row.push_back(c.value(m));
    return row;
}

std::string MetricsLog::row(const TrainingMetrics& m) {
    const std::vector<double> values = MetricsLog::values(m);
    std::vector<std::string> cells{std::to_string(m.step)};  // as an integer, whatever its size
    for (size_t i = 1; i < values.size(); ++i) cells.push_back(number(values[i]));
    return csvRow(cells);
}

void MetricsLog::append(const TrainingMetrics& m) {
    const std::string text = row(m);
    errno = 0;
    const std::streamoff before = out_.tellp();
    out_ << text << std::flush;
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
    const std::vector<std::string> fileColumns = csvCells(header);
    std::vector<int> from;
    for (const std::string& c : columns()) {
        const auto it = std::find(fileColumns.begin(), fileColumns.end(), c);
        from.push_back(it == fileColumns.end() ? -1 : static_cast<int>(it - fileColumns.begin()));
    }
    kept += csvRow(columns());
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto cells = csvCells(line);
        int64_t step = 0;
        const std::string& first = cells.empty() ? line : cells[0];
        const auto res = std::from_chars(first.data(), first.data() + first.size(), step);
        // Half a row (a writer killed, a disk full) or a row after the checkpoint goes.
        if (cells.size() != fileColumns.size() || res.ec != std::errc() || res.ptr != first.data() + first.size() || step > lastStep) continue;
        std::vector<std::string> moved;
        for (const int f : from) moved.push_back(f < 0 ? std::string() : cells[static_cast<size_t>(f)]);
        kept += csvRow(moved);
    }
    in.close();
    // Written beside it and renamed: a full disk must not leave it half rewritten.
    writeFileAtomically(path, kept);
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
    table.columns = csvCells(line);
    while (std::getline(in, line)) {
        if (in.eof()) break;  // no newline yet: the writer is mid-row
        const auto cells = csvCells(line);
        if (cells.size() != table.columns.size()) continue;
        std::vector<double> row;
        for (const auto& c : cells) row.push_back(c.empty() ? NAN : std::strtod(c.c_str(), nullptr));
        table.rows.push_back(std::move(row));
    }
    return table;
}

}  // namespace rssm
