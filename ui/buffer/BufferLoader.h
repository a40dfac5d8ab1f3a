#pragma once
#include <memory>

#include <QObject>
#include <QString>

#include "buffer/LoadedBuffer.h"

namespace rssm::ui {

class BackgroundTask;

// Opens a buffer off the GUI thread: reads the file, its rollout config and
// the summary statistics on a worker (BackgroundTask), then hands the whole
// result over on the GUI thread. Starting a new load supersedes the running one.
class BufferLoader : public QObject {
    Q_OBJECT
public:
    explicit BufferLoader(QObject* parent = nullptr);

    // rolloutConfigPath empty: rollout_config.yaml beside the buffer when it
    // exists. A config named explicitly must load; one found beside the buffer
    // that does not load only leaves physical units unavailable.
    void start(const QString& bufferPath, const QString& rolloutConfigPath = {});
    // The running load ends in cancelled(), even if the worker has just finished.
    void cancel();
    bool isLoading() const { return loading_; }
    QString pendingPath() const { return pendingPath_; }
    // Blocks until the worker has ended (tests, shutdown).
    void waitForIdle();

    // rollout_config.yaml in the buffer's folder, or empty when there is none.
    static QString rolloutConfigBeside(const QString& bufferPath);

Q_SIGNALS:
    void progress(double fraction);
    void loaded(std::shared_ptr<const rssm::ui::LoadedBuffer> result);
    // The reader's message as is: it names the file and the byte offset.
    void failed(const QString& path, const QString& message);
    void cancelled(const QString& path);
    void loadingChanged(bool loading);

private:
    void finish();

    BackgroundTask* task_;
    bool loading_ = false;
    // Cancel pressed on the GUI thread: a result that arrives anyway is dropped.
    bool cancelRequested_ = false;
    QString pendingPath_;
};

}  // namespace rssm::ui
