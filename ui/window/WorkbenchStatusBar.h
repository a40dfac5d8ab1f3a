#pragma once
#include <QStatusBar>

class QLabel;

namespace rssm::ui {

// The window's status bar: the open buffer, the run shown, the device it
// trains on and LibTorch's threads, always visible so a user knows whether a
// run is really on the hardware they meant (a common surprise with CPU runs).
class WorkbenchStatusBar : public QStatusBar {
    Q_OBJECT
public:
    explicit WorkbenchStatusBar(QWidget* parent = nullptr);

    void setBuffer(const QString& path);
    void setRun(const QString& runDir);
    void setRuntime(const QString& device, int torchThreads, int blasThreads);

    QString bufferText() const;
    QString runText() const;
    QString deviceText() const;
    QString threadsText() const;

private:
    QLabel* buffer_;
    QLabel* run_;
    QLabel* device_;
    QLabel* threads_;
};

}  // namespace rssm::ui
