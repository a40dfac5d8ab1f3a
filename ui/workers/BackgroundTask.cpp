#include "workers/BackgroundTask.h"

#include <algorithm>
#include <exception>

#include <QThread>

#include "util/Error.h"

namespace rssm::ui {

BackgroundTask::BackgroundTask(QObject* parent) : QObject(parent) {}

BackgroundTask::~BackgroundTask() {
    if (cancelFlag_) cancelFlag_->store(true);
    waitForIdle();
    for (QThread* thread : threads_) delete thread;  // their finished() no longer reaches us
}

void BackgroundTask::start(Job job) {
    if (cancelFlag_) cancelFlag_->store(true);
    const uint64_t generation = ++generation_;
    auto flag = std::make_shared<std::atomic<bool>>(false);
    cancelFlag_ = flag;
    running_ = true;

    QThread* thread = QThread::create([this, generation, flag, job = std::move(job)] {
        ProgressReporter reporter;
        reporter.cancelFlag = flag.get();
        // At most ~100 progress events per job: a loader reports per record.
        auto lastSent = std::make_shared<int>(-1);
        reporter.onProgress = [this, generation, lastSent](double fraction) {
            const int percent = static_cast<int>(fraction * 100.0);
            if (percent == *lastSent) return;
            *lastSent = percent;
            QMetaObject::invokeMethod(
                this, [this, generation, fraction] {
                    if (generation == generation_) Q_EMIT progress(fraction);
                },
                Qt::QueuedConnection);
        };
        std::function<void()> outcome;
        try {
            Continuation then = job(reporter);
            if (flag->load()) {
                outcome = [this] { Q_EMIT cancelled(); };
            } else {
                outcome = [this, then = std::move(then)] {
                    if (then) then();
                    Q_EMIT succeeded();
                };
            }
        } catch (const Cancelled&) {
            outcome = [this] { Q_EMIT cancelled(); };
        } catch (const std::exception& e) {
            const QString message = QString::fromStdString(e.what());
            outcome = [this, message] { Q_EMIT failed(message); };
        }
        QMetaObject::invokeMethod(
            this, [this, generation, outcome] { deliver(generation, outcome); }, Qt::QueuedConnection);
    });
    threads_.push_back(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
        threads_.erase(std::remove(threads_.begin(), threads_.end(), thread), threads_.end());
        thread->deleteLater();
    });
    thread->start();
}

void BackgroundTask::deliver(uint64_t generation, const std::function<void()>& outcome) {
    if (generation != generation_) return;  // superseded by a newer job
    running_ = false;
    cancelFlag_.reset();
    outcome();
}

void BackgroundTask::cancel() {
    if (cancelFlag_) cancelFlag_->store(true);
}

void BackgroundTask::waitForIdle() {
    const std::vector<QThread*> threads = threads_;
    for (QThread* thread : threads) thread->wait();
}

}  // namespace rssm::ui
