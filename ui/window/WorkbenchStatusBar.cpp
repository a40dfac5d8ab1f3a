#include "window/WorkbenchStatusBar.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>

#include <ATen/Parallel.h>
#include <torch/cuda.h>

namespace rssm::ui {

namespace {

QLabel* addField(QStatusBar* bar, const QString& name, int stretch) {
    auto* label = new QLabel(bar);
    label->setObjectName(name);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addPermanentWidget(label, stretch);
    return label;
}

}  // namespace

WorkbenchStatusBar::WorkbenchStatusBar(QWidget* parent) : QStatusBar(parent) {
    setObjectName(QStringLiteral("statusBar"));
    buffer_ = addField(this, QStringLiteral("statusBuffer"), 3);
    run_ = addField(this, QStringLiteral("statusRun"), 2);
    device_ = addField(this, QStringLiteral("statusDevice"), 0);
    threads_ = addField(this, QStringLiteral("statusThreads"), 0);
    setBuffer({});
    setRun({});
    // Before a run sets its own: what "auto" would choose, and LibTorch's pool now.
    setRuntime(torch::cuda::is_available() ? QStringLiteral("cuda (auto)") : QStringLiteral("cpu (auto)"),
               at::get_num_threads(), -1);
}

void WorkbenchStatusBar::setBuffer(const QString& path) {
    // The folder too: every FACTR buffer is called buf.pkl.
    const QFileInfo info(path);
    buffer_->setText(path.isEmpty() ? tr("Buffer: none") : tr("Buffer: %1/%2").arg(info.dir().dirName(), info.fileName()));
    buffer_->setToolTip(path);
}

void WorkbenchStatusBar::setRun(const QString& runDir) {
    run_->setText(runDir.isEmpty() ? tr("Run: none") : tr("Run: %1").arg(QFileInfo(runDir).fileName()));
    run_->setToolTip(runDir);
}

void WorkbenchStatusBar::setRuntime(const QString& device, int torchThreads, int blasThreads) {
    device_->setText(tr("Device: %1").arg(device));
    threads_->setText(blasThreads > 0 ? tr("Threads: %1 LibTorch, %2 BLAS").arg(torchThreads).arg(blasThreads)
                                      : tr("Threads: %1 LibTorch").arg(torchThreads));
}

QString WorkbenchStatusBar::bufferText() const { return buffer_->text(); }
QString WorkbenchStatusBar::runText() const { return run_->text(); }
QString WorkbenchStatusBar::deviceText() const { return device_->text(); }
QString WorkbenchStatusBar::threadsText() const { return threads_->text(); }

}  // namespace rssm::ui
