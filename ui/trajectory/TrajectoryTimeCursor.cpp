#include "trajectory/TrajectoryTimeCursor.h"

#include <algorithm>
#include <cmath>

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QTimer>

namespace rssm::ui {

TrajectoryTimeCursor::TrajectoryTimeCursor(QWidget* parent) : QWidget(parent) {
    playButton_ = new QPushButton(tr("Play"));
    playButton_->setObjectName(QStringLiteral("playButton"));
    playButton_->setCheckable(true);
    playButton_->setToolTip(tr("Play or pause the time cursor (Space)"));
    slider_ = new QSlider(Qt::Horizontal);
    slider_->setObjectName(QStringLiteral("cursorSlider"));
    slider_->setToolTip(tr("Time cursor: Left and Right move it a step, Shift+drag on a chart sets it"));
    slider_->setPageStep(5);
    label_ = new QLabel();
    label_->setObjectName(QStringLiteral("cursorLabel"));
    label_->setMinimumWidth(label_->fontMetrics().horizontalAdvance(QStringLiteral("step 00000 (open loop h=0000)")));
    timer_ = new QTimer(this);
    timer_->setInterval(kPlayIntervalMs);

    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(playButton_);
    row->addWidget(slider_, 1);
    row->addWidget(label_);

    connect(playButton_, &QPushButton::toggled, this, &TrajectoryTimeCursor::setPlaying);
    connect(timer_, &QTimer::timeout, this, &TrajectoryTimeCursor::advance);
    connect(slider_, &QSlider::valueChanged, this, [this](int t) {
        showLabel();
        Q_EMIT moved(t);
    });
    clearWindow();
}

void TrajectoryTimeCursor::setWindow(int64_t start, int64_t context, int64_t steps, int t) {
    start_ = start;
    context_ = context;
    steps_ = steps;
    {
        const QSignalBlocker quiet(slider_);
        slider_->setRange(0, static_cast<int>(std::max<int64_t>(steps - 1, 0)));
        slider_->setValue(t);
    }
    slider_->setEnabled(steps > 0);
    playButton_->setEnabled(steps > 0);
    showLabel();
}

void TrajectoryTimeCursor::clearWindow() {
    setPlaying(false);
    setWindow(0, 0, 0, 0);
}

int TrajectoryTimeCursor::position() const { return slider_->value(); }

void TrajectoryTimeCursor::setPosition(int t) {
    if (hasWindow()) slider_->setValue(std::clamp(t, slider_->minimum(), slider_->maximum()));
}

void TrajectoryTimeCursor::moveBy(int delta) { setPosition(position() + delta); }

void TrajectoryTimeCursor::setNearestStep(double step) {
    if (std::isfinite(step)) setPosition(static_cast<int>(std::lround(step - static_cast<double>(start_))));
}

bool TrajectoryTimeCursor::isPlaying() const { return timer_->isActive(); }

void TrajectoryTimeCursor::setPlaying(bool playing) {
    playing = playing && hasWindow();
    if (playing && position() >= slider_->maximum()) setPosition(0);  // play again from the start
    if (playing)
        timer_->start();
    else
        timer_->stop();
    const QSignalBlocker quiet(playButton_);
    playButton_->setChecked(playing);
    playButton_->setText(playing ? tr("Pause") : tr("Play"));
}

void TrajectoryTimeCursor::advance() {
    moveBy(1);
    if (position() >= slider_->maximum()) setPlaying(false);
}

void TrajectoryTimeCursor::showLabel() {
    if (!hasWindow()) return label_->clear();
    const int t = position();
    label_->setText(t < context_ ? tr("step %1 (context)").arg(step())
                                 : tr("step %1 (open loop h=%2)").arg(step()).arg(t - context_ + 1));
}

}  // namespace rssm::ui
