#pragma once
#include <memory>
#include <thread>

#include <QObject>
#include <QString>

#include "train/Sweep.h"

namespace rssm::ui {

// Trains a sweep from the window: Sweep::run on a thread of its own, its runs'
// starts and ends delivered on the GUI thread, with Stop for the whole sweep
// or for one run (each saves a checkpoint, so --resume or a new sweep of the
// same folder continues it).
class SweepRunner : public QObject {
    Q_OBJECT
public:
    explicit SweepRunner(QObject* parent = nullptr);
    ~SweepRunner() override;  // stops the sweep and waits for it

    void start(std::unique_ptr<Sweep> sweep, int jobs);
    bool isRunning() const { return running_; }
    QString root() const { return root_; }
    void stopAll();
    void stopRun(int index);

Q_SIGNALS:
    void runStarted(int index, const QString& runDir);
    void runEnded(int index, const QString& status, const QString& error);
    void finished();

private:
    class Relay;
    std::unique_ptr<Sweep> sweep_;
    std::unique_ptr<SweepControl> control_;
    std::unique_ptr<Relay> relay_;
    std::thread thread_;
    bool running_ = false;
    QString root_;
};

}  // namespace rssm::ui
