#pragma once
#include <memory>
#include <vector>

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QWidget>

#include "trajectory/PredictedTrajectory.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTimer;

namespace rssm::ui {

class BackgroundTask;
class FrameView;
class TrajectoryChartStack;
class TrajectoryCursorTable;
class TrajectoryPredictor;
class TrajectoryTimeCursor;
struct TrajectoryOutcome;

// How a checkpoint predicts one window of one episode: per-dimension charts
// stacked with a shared step axis (zoom one, all follow) showing the truth,
// the posterior's reconstruction and the open-loop prior with its spread
// from the context on; one time cursor across them (slider, Left/Right,
// Space to play, Shift+drag on a chart) with the numbers and the camera
// frame at that step; PNG and CSV of what is shown. Checkpoints are opened
// and windows predicted off the GUI thread, one request at a time.
class TrajectoryPane : public QWidget {
    Q_OBJECT
public:
    explicit TrajectoryPane(QWidget* parent = nullptr);
    ~TrajectoryPane() override;

    void addCheckpoint(const QString& checkpointPath);   // to the list, no switch
    void openCheckpoint(const QString& checkpointPath);  // adds, selects and predicts
    QStringList checkpoints() const;
    // Every shown dimension's chart is built and holds the window shown (they
    // are built one per event-loop turn, the ones in view first).
    bool chartsUpToDate() const;

    // Write what is shown; false (and failed()) when there is nothing to
    // write or the file cannot be written.
    bool exportPng(const QString& path);
    bool exportCsv(const QString& path);

    // Splitter sizes, context, horizon and the dimension filter.
    QByteArray saveLayout() const;
    void restoreLayout(const QByteArray& state);

Q_SIGNALS:
    void predictionShown();  // after a new prediction is drawn
    void failed(const QString& message);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    QWidget* buildControls();
    QWidget* buildCharts();
    QWidget* buildCursorPanel();

    void scheduleRecompute();
    void startPrediction();
    void showOutcome(const TrajectoryOutcome& outcome);
    void showError(const QString& message);
    void setBusy(bool busy, const QString& what = {});
    void clearPrediction();

    void showShownDims();  // the table and the exports follow the filter
    void showCursor(int t);

    // Controls
    QComboBox* checkpointCombo_ = nullptr;
    QSpinBox* episodeSpin_ = nullptr;
    QLabel* splitLabel_ = nullptr;
    QSpinBox* startSpin_ = nullptr;
    QSpinBox* contextSpin_ = nullptr;
    QSpinBox* horizonSpin_ = nullptr;
    QProgressBar* busy_ = nullptr;
    QPushButton* exportPngButton_ = nullptr;
    QPushButton* exportCsvButton_ = nullptr;
    QLabel* status_ = nullptr;
    // Charts
    QSplitter* splitter_ = nullptr;
    TrajectoryChartStack* stack_ = nullptr;
    // Cursor
    TrajectoryTimeCursor* cursor_ = nullptr;
    TrajectoryCursorTable* table_ = nullptr;
    QLabel* frameCaption_ = nullptr;
    FrameView* frame_ = nullptr;

    QTimer* recomputeTimer_ = nullptr;
    BackgroundTask* task_ = nullptr;
    std::shared_ptr<TrajectoryPredictor> predictor_;

    PredictedTrajectory trajectory_;
    bool episodeChosen_ = false;  // else the checkpoint's first validation episode
};

}  // namespace rssm::ui
