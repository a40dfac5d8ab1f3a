#pragma once
#include <QLabel>
#include <QPixmap>

namespace rssm::ui {

// A camera frame from a buffer's enc_cam_N column: encoded bytes (JPEG, or any
// format Qt reads) decoded and scaled to fit, keeping the aspect ratio and
// pixelated rather than blurred when enlarged (frames are often 48x48). Bytes
// that do not decode show a short note instead of an image.
class FrameView : public QLabel {
    Q_OBJECT
public:
    explicit FrameView(QWidget* parent = nullptr);

    // Returns whether the bytes decoded. An empty span clears the view.
    bool showEncoded(const unsigned char* data, size_t size, const QString& caption = {});
    void clearFrame(const QString& note = {});
    bool hasFrame() const { return !frame_.isNull(); }
    QSize frameSize() const { return frame_.size(); }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void rescale();
    QPixmap frame_;
};

}  // namespace rssm::ui
