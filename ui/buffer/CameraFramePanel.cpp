#include "buffer/CameraFramePanel.h"

#include <QComboBox>
#include <QLabel>
#include <QVBoxLayout>

#include "common/FrameView.h"
#include "data/ReplayBuffer.h"

namespace rssm::ui {

CameraFramePanel::CameraFramePanel(QWidget* parent)
    : QWidget(parent), camera_(new QComboBox(this)), view_(new FrameView(this)), caption_(new QLabel(this)) {
    camera_->setObjectName(QStringLiteral("cameraCombo"));
    camera_->setToolTip(tr("Camera key whose frames are shown"));
    view_->setObjectName(QStringLiteral("frameView"));
    view_->setMinimumSize(160, 160);
    caption_->setObjectName(QStringLiteral("frameCaption"));
    caption_->setAlignment(Qt::AlignCenter);
    caption_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(camera_);
    layout->addWidget(view_, 1);
    layout->addWidget(caption_);
    connect(camera_, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    setBuffer(nullptr);
}

void CameraFramePanel::setBuffer(std::shared_ptr<const ReplayBuffer> buffer) {
    buffer_ = std::move(buffer);
    const QString previous = camera_->currentText();
    {
        const QSignalBlocker block(camera_);
        camera_->clear();
        if (buffer_)
            for (const auto& [key, column] : buffer_->frames()) camera_->addItem(QString::fromStdString(key));
        const int again = camera_->findText(previous);
        if (again >= 0) camera_->setCurrentIndex(again);
    }
    // One camera needs no choice; the combo then only names it.
    camera_->setEnabled(camera_->count() > 1);
    camera_->setVisible(camera_->count() > 0);
    episode_ = -1;
    refresh();
}

QString CameraFramePanel::cameraKey() const { return camera_->currentText(); }

void CameraFramePanel::showStep(int64_t episode, int64_t step) {
    episode_ = episode;
    step_ = step;
    refresh();
}

void CameraFramePanel::refresh() {
    const QString key = camera_->currentText();
    if (!buffer_ || key.isEmpty()) {
        // Said once, where the frame would be (as the trajectory pane says it).
        view_->clearFrame(buffer_ ? tr("no camera frames in this buffer") : tr("no camera frame"));
        caption_->clear();
        return;
    }
    if (episode_ < 0 || episode_ >= buffer_->episodeCount() || step_ < 0 || step_ >= buffer_->episodeLength(episode_)) {
        view_->clearFrame(tr("no camera frame"));
        caption_->clear();
        return;
    }
    const FrameColumn& column = buffer_->frames().at(key.toStdString());
    const auto index = static_cast<size_t>(buffer_->episodeStart(episode_) + step_);
    const QString where = tr("%1, episode %2, step %3").arg(key).arg(episode_).arg(step_);
    if (index >= column.frames.size() || column.frames[index].size == 0) {
        view_->clearFrame(tr("no camera frame"));
        caption_->setText(where);
        return;
    }
    const auto& bytes = column.frames[index];
    view_->showEncoded(bytes.data, static_cast<size_t>(bytes.size), where);
    caption_->setText(view_->hasFrame()
                          ? where + QStringLiteral("  (%1x%2)").arg(view_->frameSize().width()).arg(view_->frameSize().height())
                          : where);
}

}  // namespace rssm::ui
