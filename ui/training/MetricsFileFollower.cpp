#include "training/MetricsFileFollower.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include <QCoreApplication>
#include <QFile>
#include <QTimer>

#include "train/RunFolder.h"
#include "util/Error.h"
#include "workers/BackgroundTask.h"

namespace rssm::ui {

namespace {

std::vector<std::string> splitCells(const char* begin, const char* end) {
    std::vector<std::string> cells;
    const char* start = begin;
    for (const char* p = begin; p <= end; ++p) {
        if (p == end || *p == ',') {
            cells.emplace_back(start, p);
            start = p + 1;
        }
    }
    return cells;
}

// from_chars rather than strtod: the C locale Qt sets from the environment
// would read "0.5" as 0 on a German desktop.
double cellValue(const char* begin, const char* end) {
    if (begin == end) return NAN;  // not computed on this row (validation)
    double v = NAN;
    const auto res = std::from_chars(begin, end, v);
    return res.ec == std::errc() ? v : NAN;
}

struct ReadOutcome {
    MetricsLog::Table table;
    qint64 offset = 0;
    bool restarted = false;
    RunCheckpoints checkpoints;
};

// Reads the complete lines of `path` after `offset`; `columns` is the header
// already read (empty before the first line).
ReadOutcome readNewRows(const QString& dir, qint64 offset, std::vector<std::string> columns, const ProgressReporter& progress) {
    ReadOutcome out;
    const QString path = dir + QStringLiteral("/metrics.csv");
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly))
            throw Error(path.toStdString() + ": cannot open: " + file.errorString().toStdString());
        const qint64 size = file.size();
        if (size < offset) {
            out.restarted = true;
            offset = 0;
            columns.clear();
        }
        file.seek(offset);
        const QByteArray data = file.read(size - offset);
        const qsizetype complete = data.lastIndexOf('\n') + 1;  // a last line without '\n' is still being written
        const char* p = data.constData();
        const char* end = p + complete;
        size_t lines = 0;
        while (p < end) {
            const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
            const char* lineEnd = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
            if (lineEnd > p) {
                if (columns.empty()) {
                    columns = splitCells(p, lineEnd);
                } else {
                    std::vector<double> row;
                    row.reserve(columns.size());
                    const char* start = p;
                    for (const char* q = p; q <= lineEnd; ++q) {
                        if (q == lineEnd || *q == ',') {
                            row.push_back(cellValue(start, q));
                            start = q + 1;
                        }
                    }
                    if (row.size() == columns.size()) out.table.rows.push_back(std::move(row));
                }
            }
            p = eol + 1;
            if (++lines % 50000 == 0) {
                if (progress.cancelled()) throw Cancelled();
                progress.report(static_cast<double>(p - data.constData()) / static_cast<double>(complete));
            }
        }
        out.offset = offset + complete;
    } else {
        out.offset = 0;
    }
    out.table.columns = columns;
    try {
        for (const auto& [step, checkpoint] : RunFolder::open(dir.toStdString()).checkpoints())
            out.checkpoints.append({step, QString::fromStdString(checkpoint)});
    } catch (const Error&) {
        // The folder went away or lost its config.yaml; the rows still count.
    }
    return out;
}

}  // namespace

MetricsFileFollower::MetricsFileFollower(QObject* parent)
    : QObject(parent), timer_(new QTimer(this)), task_(new BackgroundTask(this)) {
    connect(timer_, &QTimer::timeout, this, &MetricsFileFollower::poll);
    connect(task_, &BackgroundTask::failed, this, &MetricsFileFollower::failed);
}

MetricsFileFollower::~MetricsFileFollower() = default;

void MetricsFileFollower::follow(const QString& runDir, int intervalMs) {
    stop();
    runDir_ = runDir;
    timer_->start(intervalMs);
    read();  // supersedes a read of the previous folder still under way
}

void MetricsFileFollower::stop() {
    timer_->stop();
    task_->cancel();
    runDir_.clear();
    offset_ = 0;
    columns_.clear();
    checkpoints_.clear();
}

void MetricsFileFollower::poll() {
    if (!task_->isRunning()) read();
}

void MetricsFileFollower::read() {
    if (runDir_.isEmpty()) return;
    const QString dir = runDir_;
    const qint64 offset = offset_;
    const std::vector<std::string> columns = columns_;
    task_->start([this, dir, offset, columns](const ProgressReporter& progress) -> BackgroundTask::Continuation {
        ReadOutcome read = readNewRows(dir, offset, columns, progress);
        return [this, dir, read = std::move(read)] {
            if (dir != runDir_) return;  // another folder was opened meanwhile
            if (read.restarted) Q_EMIT restarted();
            offset_ = read.offset;
            columns_ = read.table.columns;
            if (!read.table.rows.empty()) Q_EMIT rowsRead(read.table);
            if (read.checkpoints != checkpoints_) {
                checkpoints_ = read.checkpoints;
                Q_EMIT checkpointsChanged(checkpoints_);
            }
        };
    });
}

void MetricsFileFollower::waitForIdle() {
    task_->waitForIdle();
    QCoreApplication::sendPostedEvents(task_);
}

}  // namespace rssm::ui
