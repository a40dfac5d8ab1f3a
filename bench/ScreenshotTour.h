#pragma once
#include <functional>
#include <vector>

#include <QObject>
#include <QString>
#include <QStringList>

namespace rssm::ui {
class MainWindow;
}

namespace rssm::bench {

using ui::MainWindow;

// Fills every pane with real content and saves a PNG of the window on each
// tab: the buffer, a run folder, one checkpoint's predictions and several
// checkpoints compared. For the README's screenshots (scripts/screenshots.sh,
// through bench/WorkbenchShots.cpp, under Xvfb). Ends with finished(ok).
class ScreenshotTour : public QObject {
    Q_OBJECT
public:
    struct Plan {
        QString buffer;
        QString runFolder;
        QStringList checkpoints;  // the last one goes to the trajectory pane
        QString outputDir;
    };

    ScreenshotTour(MainWindow* window, Plan plan, QObject* parent = nullptr);
    void start();

Q_SIGNALS:
    void finished(bool ok);

private:
    using Ready = std::function<bool()>;
    // Runs `action`, then waits until `ready` holds (polling, up to `timeoutMs`).
    void step(const QString& what, std::function<void()> action, Ready ready, int timeoutMs);
    void next();
    void saveTabs();
    void fail(const QString& message);

    MainWindow* window_;
    Plan plan_;
    struct Step {
        QString what;
        std::function<void()> action;
        Ready ready;
        int timeoutMs;
    };
    std::vector<Step> steps_;
    size_t current_ = 0;
    int predictions_ = 0;
    int evaluations_ = 0;
};

}  // namespace rssm::bench
