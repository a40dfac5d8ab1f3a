#pragma once
#include <cstdint>
#include <memory>

#include <QWidget>

class QComboBox;
class QLabel;

namespace rssm {
class ReplayBuffer;
}

namespace rssm::ui {

class FrameView;

// The camera frame of one step: a combo of the buffer's frame keys (enc_cam_N)
// when it has several, and the decoded frame; "no camera frame" when the
// buffer has none or the step has none.
class CameraFramePanel : public QWidget {
    Q_OBJECT
public:
    explicit CameraFramePanel(QWidget* parent = nullptr);

    void setBuffer(std::shared_ptr<const ReplayBuffer> buffer);
    // Step within the episode.
    void showStep(int64_t episode, int64_t step);
    QString cameraKey() const;
    FrameView* frameView() const { return view_; }

private:
    void refresh();

    std::shared_ptr<const ReplayBuffer> buffer_;
    QComboBox* camera_;
    FrameView* view_;
    QLabel* caption_;
    int64_t episode_ = -1;
    int64_t step_ = 0;
};

}  // namespace rssm::ui
