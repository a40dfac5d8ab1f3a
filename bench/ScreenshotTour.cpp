#include "ScreenshotTour.h"

#include <QCoreApplication>
#include <QCheckBox>
#include <QDir>
#include <QEventLoop>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QTabWidget>
#include <QTimer>
#include <QWidget>

#include "buffer/BufferPane.h"
#include "charts/ChartImage.h"
#include "comparison/ComparisonPane.h"
#include "config/ConfigPane.h"
#include "training/TrainingPane.h"
#include "trajectory/TrajectoryPane.h"
#include "window/MainWindow.h"

namespace rssm::bench {

using namespace rssm::ui;

namespace {

// Pane file names in tab order.
const char* kPaneFiles[] = {"buffer", "config", "training", "trajectory", "comparison"};

}  // namespace

ScreenshotTour::ScreenshotTour(MainWindow* window, Plan plan, QObject* parent)
    : QObject(parent), window_(window), plan_(std::move(plan)) {
    connect(window_->trajectoryPane(), &TrajectoryPane::predictionShown, this, [this] { ++predictions_; });
    connect(window_->comparisonPane(), &ComparisonPane::evaluated, this, [this] { ++evaluations_; });
}

void ScreenshotTour::start() {
    if (!plan_.buffer.isEmpty()) {
        step(QStringLiteral("open buffer"), [this] { window_->openBuffer(plan_.buffer); },
             [this] { return !window_->bufferPane()->isLoading() && !window_->bufferPane()->bufferPath().isEmpty(); },
             120000);
    }
    if (!plan_.runFolder.isEmpty()) {
        QElapsedTimer* since = new QElapsedTimer;
        step(QStringLiteral("open run"),
             [this, since] {
                 window_->trainingPane()->openRunFolder(plan_.runFolder);
                 // Loss terms span decades (the VAE's KL against the rest): log y shows them all.
                 if (auto* logY = window_->trainingPane()->findChild<QCheckBox*>(QStringLiteral("logYCheck")))
                     logY->setChecked(true);
                 // The model group shows most of the form.
                 if (auto* form = window_->configPane()->findChild<QTabWidget*>(QStringLiteral("configForm")))
                     form->setCurrentIndex(1);
                 since->start();
             },
             [since] { return since->elapsed() > 3000; }, 10000);
    }
    if (!plan_.checkpoints.isEmpty()) {
        step(QStringLiteral("predict"), [this] { window_->trajectoryPane()->openCheckpoint(plan_.checkpoints.back()); },
             [this] { return predictions_ > 0; }, 300000);
        step(QStringLiteral("compare"), [this] { window_->comparisonPane()->addCheckpoints(plan_.checkpoints); },
             [this] { return evaluations_ >= plan_.checkpoints.size(); }, 600000);
    }
    next();
}

void ScreenshotTour::step(const QString& what, std::function<void()> action, Ready ready, int timeoutMs) {
    steps_.push_back({what, std::move(action), std::move(ready), timeoutMs});
}

void ScreenshotTour::next() {
    if (current_ == steps_.size()) {
        saveTabs();
        return;
    }
    Step& s = steps_[current_];
    s.action();
    auto* poll = new QTimer(this);
    auto* clock = new QElapsedTimer;
    clock->start();
    connect(poll, &QTimer::timeout, this, [this, poll, clock] {
        Step& current = steps_[current_];
        if (current.ready()) {
            poll->deleteLater();
            delete clock;
            ++current_;
            next();
        } else if (clock->elapsed() > current.timeoutMs) {
            poll->deleteLater();
            delete clock;
            fail(QStringLiteral("timed out waiting for: %1").arg(current.what));
        }
    });
    poll->start(200);
}

void ScreenshotTour::saveTabs() {
    QDir().mkpath(plan_.outputDir);
    QTabWidget* tabs = window_->tabs();
    // The config pane as a user mid-edit sees it: one value out of range,
    // marked, and training blocked with the reason. Put back after its shot.
    auto* stochDim = window_->configPane()->findChild<QLineEdit*>(QStringLiteral("model.stoch_dim"));
    const QString stochDimText = stochDim ? stochDim->text() : QString();
    for (int i = 0; i < tabs->count() && i < int(std::size(kPaneFiles)); ++i) {
        tabs->setCurrentIndex(i);
        const bool configTab = tabs->currentWidget() == window_->configPane();
        if (configTab && stochDim) {
            stochDim->setFocus();
            stochDim->selectAll();
            stochDim->insert(QStringLiteral("0"));  // replaces the selection, as typing would
        }
        // Let the pane lay out and the charts draw at the window's size.
        QElapsedTimer settle;
        settle.start();
        while (settle.elapsed() < 1500) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        const QString path = QDir(plan_.outputDir).filePath(QString::fromLatin1(kPaneFiles[i]) + QStringLiteral(".png"));
        try {
            ChartImage::savePng(window_->grab().toImage(), path);
        } catch (const std::exception& e) {
            fail(QString::fromStdString(e.what()));
            return;
        }
        if (configTab && stochDim) {
            stochDim->selectAll();
            stochDim->insert(stochDimText);
        }
    }
    tabs->setCurrentIndex(0);
    Q_EMIT finished(true);
}

void ScreenshotTour::fail(const QString& message) {
    qWarning("screenshot tour: %s", qPrintable(message));
    Q_EMIT finished(false);
}

}  // namespace rssm::bench
