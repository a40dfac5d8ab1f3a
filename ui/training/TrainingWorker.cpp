#include "training/TrainingWorker.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <QThread>

#include "train/MetricsLog.h"
#include "train/TrainingSession.h"
#include "util/Error.h"

namespace rssm::ui {

namespace {

constexpr auto kBatchInterval = std::chrono::milliseconds(50);  // at most ~20 deliveries a second

// A metrics row in metrics.csv's column order, NaN where not computed.
std::vector<double> rowOf(const TrainingMetrics& m, const std::vector<std::string>& columns) {
    // MetricsLog says once which value each column holds.
    const std::vector<std::string>& logged = MetricsLog::columns();
    const std::vector<double> values = MetricsLog::values(m);
    std::vector<double> row;
    row.reserve(columns.size());
    for (const std::string& c : columns) {
        const auto it = std::find(logged.begin(), logged.end(), c);
        row.push_back(it == logged.end() ? NAN : values[static_cast<size_t>(it - logged.begin())]);
    }
    return row;
}

// Runs on the training thread: collects rows and posts them to `target` on
// the GUI thread, by value, when the last post is old enough.
class BatchingObserver : public TrainingObserver {
public:
    explicit BatchingObserver(TrainingWorker* target) : target_(target) { pending_.columns = MetricsLog::columns(); }

    void onMetrics(const TrainingMetrics& m) override {
        pending_.rows.push_back(rowOf(m, pending_.columns));
        if (std::chrono::steady_clock::now() - lastPost_ >= kBatchInterval) flush();
    }

    void onCheckpoint(int64_t step, const std::string& path) override {
        flush();  // the rows up to the checkpoint arrive before it
        const QString file = QString::fromStdString(path);
        QMetaObject::invokeMethod(
            target_, [target = target_, step, file] { Q_EMIT target->checkpointSaved(step, file); }, Qt::QueuedConnection);
    }

    void flush() {
        lastPost_ = std::chrono::steady_clock::now();
        if (pending_.rows.empty()) return;
        MetricsLog::Table batch;
        batch.columns = pending_.columns;
        batch.rows.swap(pending_.rows);
        QMetaObject::invokeMethod(
            target_, [target = target_, batch = std::move(batch)] { Q_EMIT target->metricsArrived(batch); },
            Qt::QueuedConnection);
    }

private:
    TrainingWorker* target_;
    MetricsLog::Table pending_;
    std::chrono::steady_clock::time_point lastPost_{};
};

}  // namespace

TrainingWorker::TrainingWorker(QObject* parent) : QObject(parent) {}

TrainingWorker::~TrainingWorker() {
    if (control_) control_->cancel.store(true);
    if (thread_) {
        thread_->wait();
        delete thread_;
    }
}

bool TrainingWorker::start(const Config& config) {
    if (running_) return false;
    if (thread_) {  // the previous run's thread has ended (finished() was delivered after its last post)
        thread_->wait();
        delete thread_;
        thread_ = nullptr;
    }
    running_ = true;
    control_ = std::make_shared<TrainingControl>();
    auto control = control_;
    thread_ = QThread::create([this, config, control] {
        BatchingObserver observer(this);
        QString error;
        try {
            ProgressReporter loading;
            loading.cancelFlag = &control->cancel;
            auto lastPercent = std::make_shared<int>(-1);
            loading.onProgress = [this, lastPercent](double fraction) {
                const int percent = static_cast<int>(fraction * 100);
                if (percent == *lastPercent) return;
                *lastPercent = percent;
                QMetaObject::invokeMethod(this, [this, fraction] { Q_EMIT loadingProgress(fraction); }, Qt::QueuedConnection);
            };
            std::unique_ptr<TrainingSession> session = TrainingSession::start(config, &loading);
            const QString dir = QString::fromStdString(session->folder().path());
            const QString device = QString::fromStdString(session->trainer().device().str());
            const int torchThreads = session->trainer().runtime().intraOpThreads;
            const int blasThreads = session->trainer().runtime().blasThreads;
            const qint64 steps = session->config().getInt("training.steps");
            QMetaObject::invokeMethod(
                this, [=] { Q_EMIT setUp(dir, device, torchThreads, blasThreads, steps); }, Qt::QueuedConnection);
            session->run(&observer, control.get());
        } catch (const Cancelled&) {
            // Stopped while the buffer was loading: nothing was trained.
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        observer.flush();
        QMetaObject::invokeMethod(
            this,
            [this, error] {
                running_ = false;
                Q_EMIT finished(error);
            },
            Qt::QueuedConnection);
    });
    thread_->setObjectName(QStringLiteral("rssm-training"));
    thread_->start();
    return true;
}

void TrainingWorker::stop() {
    if (control_) control_->cancel.store(true);
}

void TrainingWorker::setPaused(bool paused) {
    if (control_) control_->pause.store(paused);
}

bool TrainingWorker::isPaused() const { return control_ && control_->pause.load(); }

}  // namespace rssm::ui
