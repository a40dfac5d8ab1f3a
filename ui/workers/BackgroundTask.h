#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include <QObject>
#include <QString>

#include "util/Progress.h"

class QThread;

namespace rssm::ui {

// Runs one job at a time off the GUI thread and hands its outcome back on the
// GUI thread. The job gets a ProgressReporter whose fraction arrives here as
// progress() and whose cancel flag cancel() raises; it returns a continuation
// that runs on the GUI thread (so results cross threads by value, in a
// closure) unless the job was superseded or cancelled meanwhile. Starting a
// new job cancels the running one; its late outcome is dropped. The
// destructor cancels and waits, so a job never outlives the pane it serves.
class BackgroundTask : public QObject {
    Q_OBJECT
public:
    using Continuation = std::function<void()>;
    using Job = std::function<Continuation(const ProgressReporter&)>;

    explicit BackgroundTask(QObject* parent = nullptr);
    ~BackgroundTask() override;

    void start(Job job);
    // Asks the running job to stop at its next check; cancelled() follows.
    void cancel();
    bool isRunning() const { return running_; }
    // Blocks until every started thread has ended (tests, shutdown).
    void waitForIdle();

Q_SIGNALS:
    void progress(double fraction);
    // rssm::Error's message (it names the file and what is wrong).
    void failed(const QString& message);
    void cancelled();
    // After the continuation ran.
    void succeeded();

private:
    void deliver(uint64_t generation, const std::function<void()>& outcome);

    uint64_t generation_ = 0;
    bool running_ = false;
    std::shared_ptr<std::atomic<bool>> cancelFlag_;
    std::vector<QThread*> threads_;
};

}  // namespace rssm::ui
