#pragma once
#include <cstdint>

#include <QWidget>

class QLabel;
class QPushButton;
class QSlider;
class QTimer;

namespace rssm::ui {

// The pane's one time cursor over a window's steps: a slider, a play button
// that advances it a step at a time and stops at the last step, and a label
// that says whether the step is in the context or how far into the open loop.
// Positions are window steps t (0 is the window's first); steps are the
// episode's (start + t).
class TrajectoryTimeCursor : public QWidget {
    Q_OBJECT
public:
    explicit TrajectoryTimeCursor(QWidget* parent = nullptr);

    // A window of `steps` steps from `start`, the first `context` seen by the
    // model; the cursor goes to `t` without moved().
    void setWindow(int64_t start, int64_t context, int64_t steps, int t);
    void clearWindow();
    bool hasWindow() const { return steps_ > 0; }

    int position() const;
    int64_t step() const { return start_ + position(); }
    void setPosition(int t);         // clamped to the window
    void moveBy(int delta);          // clamped
    void setNearestStep(double step);  // an episode step from a chart, rounded and clamped

    bool isPlaying() const;
    void setPlaying(bool playing);  // from the start again when at the end

    static constexpr int kPlayIntervalMs = 120;

Q_SIGNALS:
    void moved(int t);

private:
    void showLabel();
    void advance();

    QPushButton* playButton_;
    QSlider* slider_;
    QLabel* label_;
    QTimer* timer_;
    int64_t start_ = 0, context_ = 0, steps_ = 0;
};

}  // namespace rssm::ui
