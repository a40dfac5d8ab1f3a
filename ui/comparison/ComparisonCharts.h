#pragma once
#include <cstdint>
#include <vector>

#include <QByteArray>
#include <QWidget>

#include "comparison/ComparisonCurves.h"

class QChart;
class QChartView;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QSplitter;
class QTimer;

namespace rssm::ui {

class MetricCurveChart;

// The comparison's three overlay charts side by side, each with its own
// controls: error by horizon (log scale), the same window's predictions
// (episode, start step, dimension) and the runs' logged metrics (column,
// smoothing, log y, x as step or wall time). Every checkpoint is drawn in its own colour in all three, keyed
// once above them: a legend of checkpoint names in each chart would not fit.
class ComparisonCharts : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonCharts(QWidget* parent = nullptr);

    // Redraws the charts. The results are read through the pointers now and
    // whenever a control changes, so the caller calls this again before any
    // of them changes or goes away. `physical`: errors in physical units.
    void setCheckpoints(const std::vector<ComparisonCurves::Checkpoint>& checkpoints, bool physical);

    // The compared window; episode -1 until a checkpoint's prediction chose one.
    int64_t episode() const { return episode_; }
    int64_t start() const { return start_; }
    // Adopts the window of a checkpoint's first prediction when none is chosen yet.
    void adoptWindow(int64_t episode, int64_t start);
    void resetWindow() { episode_ = -1, start_ = 0; }
    // A message under the prediction chart (a failed prediction); empty hides it.
    void setPredictionProblem(const QString& message);

    // The splitter and the charts' settings, for the pane's saveLayout().
    QByteArray saveSettings() const;
    bool restoreSettings(const QByteArray& state);

Q_SIGNALS:
    // The user chose another episode or start step (after a short pause, so
    // quick steps of a spin box make one prediction).
    void windowChanged(qint64 episode, qint64 start);

private:
    QWidget* buildErrorPanel();
    QWidget* buildPredictionPanel();
    QWidget* buildLossPanel();
    void updateWindowControls();
    void refreshErrorChart();
    void refreshPredictionChart();
    void refreshLossChart();

    void updateKey();

    std::vector<ComparisonCurves::Checkpoint> checkpoints_;
    bool physical_ = false;
    int64_t episode_ = -1, start_ = 0;

    QTimer* windowTimer_ = nullptr;
    QLabel* key_ = nullptr;
    QSplitter* splitter_ = nullptr;
    QCheckBox* logScaleCheck_ = nullptr;
    QChartView* errorView_ = nullptr;
    QSpinBox* episodeSpin_ = nullptr;
    QSpinBox* startSpin_ = nullptr;
    QComboBox* dimensionCombo_ = nullptr;
    QChartView* predictionView_ = nullptr;
    QLabel* predictionNote_ = nullptr;
    QComboBox* lossColumnCombo_ = nullptr;
    QDoubleSpinBox* smoothingSpin_ = nullptr;
    QCheckBox* lossLogScaleCheck_ = nullptr;
    QComboBox* lossXAxisCombo_ = nullptr;
    MetricCurveChart* lossChart_ = nullptr;
    QLabel* lossNote_ = nullptr;
};

}  // namespace rssm::ui
