#pragma once
#include <QElapsedTimer>
#include <QObject>

class QTimer;

namespace rssm::ui {

// How responsive the GUI thread stays: a short precise timer ticks on the
// thread it lives on, and the largest gap between two ticks is how long the
// event loop was stalled at worst (a tick cannot run while an event handler
// blocks). Used to check that live training never freezes the window.
class EventLoopStallMeter : public QObject {
    Q_OBJECT
public:
    explicit EventLoopStallMeter(int intervalMs = 5, QObject* parent = nullptr);

    void start();  // also forgets earlier gaps
    void stop();
    // The largest time between consecutive ticks, in milliseconds (the timer's
    // own interval included), and how many ticks were seen.
    double maxGapMs() const { return maxGapNs_ / 1e6; }
    qint64 ticks() const { return ticks_; }
    int intervalMs() const;

private:
    void tick();

    QTimer* timer_ = nullptr;
    QElapsedTimer clock_;
    qint64 lastNs_ = 0;
    qint64 maxGapNs_ = 0;
    qint64 ticks_ = 0;
};

}  // namespace rssm::ui
