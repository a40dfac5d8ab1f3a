#pragma once
// Which events make a stall: an application that times every event it
// delivers at the outermost level (an event handled inside another, such as a
// paint during a layout, counts in its parent) and keeps the slow ones, so a
// bench can say what blocked the GUI thread, not only for how long.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QMetaEnum>
#include <QObject>

#include "EventLoopStallMeter.h"  // threadCpuMs

namespace rssm::bench {


class TimedApplication : public QApplication {
public:
    TimedApplication(int& argc, char** argv) : QApplication(argc, argv) {}

    bool notify(QObject* receiver, QEvent* event) override {
        if (depth_++ > 0) {
            const bool handled = QApplication::notify(receiver, event);
            --depth_;
            return handled;
        }
        QElapsedTimer clock;
        clock.start();
        const double cpu0 = threadCpuMs();
        const int type = event->type();  // the event may be gone after delivery
        const std::string who = describe(receiver);
        const bool handled = QApplication::notify(receiver, event);
        --depth_;
        const double ms = clock.nsecsElapsed() / 1e6;
        if (ms >= kSlowMs) slow_.push_back({ms, threadCpuMs() - cpu0, who + " " + eventName(type)});
        return handled;
    }

    void clearSlow() { slow_.clear(); }
    // The slowest events since clearSlow(), at most `n`, one per line.
    void printSlowest(size_t n) const {
        std::vector<Slow> s = slow_;
        std::sort(s.begin(), s.end(), [](const Slow& a, const Slow& b) { return a.ms > b.ms; });
        for (size_t i = 0; i < std::min(n, s.size()); ++i) std::printf("    %7.1f ms (cpu %5.1f)  %s\n", s[i].ms, s[i].cpuMs, s[i].what.c_str());
    }

private:
    static constexpr double kSlowMs = 4.0;
    struct Slow {
        double ms, cpuMs;  // wall time; this thread's CPU time, which another process's load does not inflate
        std::string what;
    };

    static std::string describe(QObject* o) {
        std::string s = o->metaObject()->className();
        if (!o->objectName().isEmpty()) s += "(" + o->objectName().toStdString() + ")";
        if (QObject* p = o->parent()) {
            s += " in " + std::string(p->metaObject()->className());
            if (!p->objectName().isEmpty()) s += "(" + p->objectName().toStdString() + ")";
        }
        return s;
    }
    static std::string eventName(int type) {
        const char* name = QMetaEnum::fromType<QEvent::Type>().valueToKey(type);
        return name ? name : std::to_string(type);
    }
    int depth_ = 0;
    std::vector<Slow> slow_;
};

}  // namespace rssm::bench
