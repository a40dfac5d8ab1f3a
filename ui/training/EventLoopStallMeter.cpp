#include "training/EventLoopStallMeter.h"

#include <algorithm>

#include <QTimer>

namespace rssm::ui {

EventLoopStallMeter::EventLoopStallMeter(int intervalMs, QObject* parent) : QObject(parent), timer_(new QTimer(this)) {
    timer_->setTimerType(Qt::PreciseTimer);
    timer_->setInterval(intervalMs);
    connect(timer_, &QTimer::timeout, this, &EventLoopStallMeter::tick);
}

void EventLoopStallMeter::start() {
    maxGapNs_ = 0;
    ticks_ = 0;
    clock_.start();
    lastNs_ = 0;
    timer_->start();
}

void EventLoopStallMeter::stop() { timer_->stop(); }

int EventLoopStallMeter::intervalMs() const { return timer_->interval(); }

void EventLoopStallMeter::tick() {
    const qint64 now = clock_.nsecsElapsed();
    maxGapNs_ = std::max(maxGapNs_, now - lastNs_);
    lastNs_ = now;
    ++ticks_;
}

}  // namespace rssm::ui
