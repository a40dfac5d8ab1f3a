#include "buffer/BufferLoader.h"

#include <QDir>
#include <QFileInfo>

#include "data/BufferSource.h"
#include "util/Error.h"
#include "workers/BackgroundTask.h"

namespace rssm::ui {

namespace {

LoadedBuffer loadEverything(const std::string& bufferPath, const std::string& explicitRollout,
                            const std::string& besideRollout, const ProgressReporter& progress) {
    LoadedBuffer result;
    // The config first: a config named explicitly that does not load fails the
    // whole open before the (long) buffer read.
    if (!explicitRollout.empty()) {
        result.rollout = RolloutConfig::load(explicitRollout);
        result.rolloutPath = explicitRollout;
    } else if (!besideRollout.empty()) {
        try {
            result.rollout = RolloutConfig::load(besideRollout);
            result.rolloutPath = besideRollout;
        } catch (const Cancelled&) {
            throw;
        } catch (const Error& e) {
            result.physicalUnavailableReason = e.what();
        }
    } else {
        result.physicalUnavailableReason =
            "no rollout config: give one, or put rollout_config.yaml beside the buffer";
    }
    result.buffer = std::make_shared<const ReplayBuffer>(loadReplayBuffer(bufferPath, &progress));
    if (progress.cancelled()) throw Cancelled();
    result.summary = BufferSummary::of(*result.buffer, result.rollout ? &*result.rollout : nullptr);
    if (result.rollout && result.physicalUnavailableReason.empty()) {
        bool any = false;
        for (const auto& key : result.summary.keys) any = any || !key.physicalStats.empty();
        if (!any)
            result.physicalUnavailableReason =
                result.rolloutPath + ": no norm_stats that match the buffer's keys and widths";
    }
    return result;
}

}  // namespace

BufferLoader::BufferLoader(QObject* parent) : QObject(parent), task_(new BackgroundTask(this)) {
    connect(task_, &BackgroundTask::progress, this, &BufferLoader::progress);
    connect(task_, &BackgroundTask::failed, this, [this](const QString& message) {
        const QString path = pendingPath_;
        finish();
        Q_EMIT failed(path, message);
    });
    connect(task_, &BackgroundTask::cancelled, this, [this] {
        const QString path = pendingPath_;
        finish();
        Q_EMIT cancelled(path);
    });
}

QString BufferLoader::rolloutConfigBeside(const QString& bufferPath) {
    const QString candidate = QFileInfo(bufferPath).dir().filePath(QStringLiteral("rollout_config.yaml"));
    return QFileInfo(candidate).isFile() ? candidate : QString();
}

void BufferLoader::start(const QString& bufferPath, const QString& rolloutConfigPath) {
    pendingPath_ = bufferPath;
    cancelRequested_ = false;
    const std::string path = bufferPath.toStdString();
    const std::string explicitRollout = rolloutConfigPath.toStdString();
    const std::string besideRollout =
        rolloutConfigPath.isEmpty() ? rolloutConfigBeside(bufferPath).toStdString() : std::string();
    task_->start([this, path, explicitRollout, besideRollout](const ProgressReporter& progress) {
        auto result = std::make_shared<const LoadedBuffer>(loadEverything(path, explicitRollout, besideRollout, progress));
        return [this, result] {
            if (cancelRequested_) {
                const QString cancelledPath = pendingPath_;
                finish();
                Q_EMIT cancelled(cancelledPath);
                return;
            }
            finish();
            Q_EMIT loaded(result);
        };
    });
    if (!loading_) {
        loading_ = true;
        Q_EMIT loadingChanged(true);
    }
}

void BufferLoader::cancel() {
    if (!loading_) return;
    cancelRequested_ = true;
    task_->cancel();
}

void BufferLoader::waitForIdle() { task_->waitForIdle(); }

void BufferLoader::finish() {
    pendingPath_.clear();
    if (loading_) {
        loading_ = false;
        Q_EMIT loadingChanged(false);
    }
}

}  // namespace rssm::ui
