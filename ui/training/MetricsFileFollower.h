#pragma once
#include <string>
#include <vector>

#include <QObject>
#include <QString>

#include "train/MetricsLog.h"
#include "training/RunCheckpoint.h"

class QTimer;

namespace rssm::ui {

class BackgroundTask;

// Follows a run folder that `rssm train` may still be writing, here or on a
// server whose folder is mounted: metrics.csv is read from where the last
// read stopped, off the GUI thread, and only complete lines are taken, so a
// row being written is read on the next poll. New checkpoints are noticed on
// the same poll. A file that shrank (a resumed run drops the rows after its
// checkpoint) is read again from the start.
class MetricsFileFollower : public QObject {
    Q_OBJECT
public:
    explicit MetricsFileFollower(QObject* parent = nullptr);
    ~MetricsFileFollower() override;

    // Reads `runDir`'s metrics.csv from the start, then polls every `intervalMs`.
    void follow(const QString& runDir, int intervalMs = 1000);
    void stop();
    bool isFollowing() const { return !runDir_.isEmpty(); }
    QString runDir() const { return runDir_; }
    // Reads what is new now, unless a read is under way (the timer calls it).
    void poll();
    // Blocks until the read under way is delivered (tests).
    void waitForIdle();

Q_SIGNALS:
    void rowsRead(const rssm::MetricsLog::Table& rows);
    void restarted();  // the file was rewritten; the rows read so far are void
    void checkpointsChanged(const rssm::ui::RunCheckpoints& checkpoints);
    void failed(const QString& message);

private:
    void read();

    QString runDir_;
    qint64 offset_ = 0;
    std::vector<std::string> columns_;  // the header, once read
    RunCheckpoints checkpoints_;
    QTimer* timer_ = nullptr;
    BackgroundTask* task_ = nullptr;
};

}  // namespace rssm::ui
