#include "common/FrameView.h"

#include <QImage>

namespace rssm::ui {

FrameView::FrameView(QWidget* parent) : QLabel(parent) {
    setAlignment(Qt::AlignCenter);
    setMinimumSize(96, 96);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    clearFrame(tr("no camera frame"));
}

bool FrameView::showEncoded(const unsigned char* data, size_t size, const QString& caption) {
    if (!data || size == 0) {
        clearFrame(tr("no camera frame"));
        return false;
    }
    QImage image;
    if (!image.loadFromData(data, static_cast<int>(size))) {
        clearFrame(tr("frame does not decode (%1 bytes)").arg(size));
        return false;
    }
    frame_ = QPixmap::fromImage(image);
    setToolTip(caption.isEmpty() ? QString() : caption + QStringLiteral(" ") +
                                                   tr("(%1x%2)").arg(image.width()).arg(image.height()));
    rescale();
    return true;
}

void FrameView::clearFrame(const QString& note) {
    frame_ = QPixmap();
    setPixmap(QPixmap());
    setText(note);
}

void FrameView::resizeEvent(QResizeEvent* event) {
    QLabel::resizeEvent(event);
    rescale();
}

void FrameView::rescale() {
    if (frame_.isNull()) return;
    const QSize target = frame_.size().scaled(contentsRect().size(), Qt::KeepAspectRatio);
    if (target.isEmpty()) return;
    setPixmap(frame_.scaled(target, Qt::KeepAspectRatio, Qt::FastTransformation));
}

}  // namespace rssm::ui
