#pragma once
#include <limits>
#include <QList>
#include <QWidget>

#include "train/MetricsLog.h"
#include "training/MetricCurveChart.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace rssm::ui {

// The live charts of a run, one per group of metrics.csv columns: the loss
// terms together, the validation losses, the gradient norm, the learning rate
// and the training speed, with the controls they share: EMA smoothing, a
// logarithmic y axis, and x as step or wall time.
class TrainingChartGrid : public QWidget {
    Q_OBJECT
public:
    explicit TrainingChartGrid(QWidget* parent = nullptr);

    void clear();
    // Rows as metrics.csv holds them; columns are matched by name.
    void append(const MetricsLog::Table& rows);

    MetricCurveChart* lossChart() const { return loss_; }
    MetricCurveChart* validationChart() const { return validation_; }
    MetricCurveChart* gradNormChart() const { return gradNorm_; }
    MetricCurveChart* lrChart() const { return lr_; }
    MetricCurveChart* speedChart() const { return speed_; }
    QList<MetricCurveChart*> charts() const { return {loss_, validation_, gradNorm_, lr_, speed_}; }

    double smoothing() const;
    void setSmoothing(double weight);
    bool logY() const;
    void setLogY(bool on);
    MetricCurveChart::XAxisMode xAxisMode() const;
    void setXAxisMode(MetricCurveChart::XAxisMode mode);

    // The colour of a metrics.csv column; a validation loss shares its
    // training term's colour.
    static QColor colorOf(const QString& column);

private:
    MetricCurveChart* chartFor(const QString& column) const;
    void applyControls();

    MetricCurveChart* loss_ = nullptr;
    MetricCurveChart* validation_ = nullptr;
    MetricCurveChart* gradNorm_ = nullptr;
    MetricCurveChart* lr_ = nullptr;
    MetricCurveChart* speed_ = nullptr;
    QSlider* smoothingSlider_ = nullptr;
    QLabel* smoothingValue_ = nullptr;
    QCheckBox* logY_ = nullptr;
    QComboBox* xAxis_ = nullptr;
    // Automatic log y: the span of the loss terms seen since clear().
    static constexpr double kAutoLogSpan = 1000.0;
    double lossLow_ = std::numeric_limits<double>::infinity(), lossHigh_ = 0.0;
    bool autoLogDone_ = false;
    bool autoLogState_ = false;  // the check box as applyControls last saw it
};

}  // namespace rssm::ui
