#include "runs/SweepRunner.h"

#include <QMetaObject>

namespace rssm::ui {

// Passes the sweep's events from its threads to the runner on the GUI thread.
class SweepRunner::Relay : public SweepObserver {
public:
    explicit Relay(SweepRunner* runner) : runner_(runner) {}
    void onRunStarted(int index, const std::string& runDir, int64_t) override {
        const QString dir = QString::fromStdString(runDir);
        QMetaObject::invokeMethod(runner_, [r = runner_, index, dir] { Q_EMIT r->runStarted(index, dir); }, Qt::QueuedConnection);
    }
    void onRunEnded(int index, SweepRunStatus status, const std::string& error) override {
        const QString s = QString::fromLatin1(sweepRunStatusName(status)), e = QString::fromStdString(error);
        QMetaObject::invokeMethod(runner_, [r = runner_, index, s, e] { Q_EMIT r->runEnded(index, s, e); }, Qt::QueuedConnection);
    }

private:
    SweepRunner* runner_;
};

SweepRunner::SweepRunner(QObject* parent) : QObject(parent) {}

SweepRunner::~SweepRunner() {
    if (control_) control_->cancelAll();
    if (thread_.joinable()) thread_.join();
}

void SweepRunner::start(std::unique_ptr<Sweep> sweep, int jobs) {
    if (running_) return;
    if (thread_.joinable()) thread_.join();
    sweep_ = std::move(sweep);
    control_ = std::make_unique<SweepControl>();
    relay_ = std::make_unique<Relay>(this);
    root_ = QString::fromStdString(sweep_->root());
    running_ = true;
    thread_ = std::thread([this, jobs] {
        try {
            sweep_->run(jobs, relay_.get(), control_.get());
        } catch (const std::exception&) {
            // multirun.yaml could not be written; the runs' folders say where they are
        }
        QMetaObject::invokeMethod(
            this,
            [this] {
                running_ = false;
                Q_EMIT finished();
            },
            Qt::QueuedConnection);
    });
}

void SweepRunner::stopAll() {
    if (control_) control_->cancelAll();
}

void SweepRunner::stopRun(int index) {
    if (control_) control_->stopRun(index);
}

}  // namespace rssm::ui
