#pragma once
#include <map>
#include <vector>

#include <QColor>
#include <QWidget>

#include "train/MetricsLog.h"

class QHBoxLayout;
class QLabel;
class QToolButton;

namespace rssm::ui {

class MetricCurveChart;

// The ticked runs' curves overlaid: training loss and validation loss, a
// curve per run in the run's colour (the training pane's chart, smoothed
// over the raw curve). A legend button per run hides or shows its curves;
// hovering a chart shows, at the cursor's step, the value of every visible run.
class RunCurvesView : public QWidget {
    Q_OBJECT
public:
    explicit RunCurvesView(QWidget* parent = nullptr);

    // Adds the run `id` (its folder) or replaces its data (a live run grew).
    void setRun(const QString& id, const QString& label, const QColor& color, const MetricsLog::Table& metrics);
    void removeRun(const QString& id);
    void clear();

    QStringList runs() const;  // ids, in the order added
    bool isRunVisible(const QString& id) const;
    void setRunVisible(const QString& id, bool visible);
    QToolButton* legendButton(const QString& id) const;

    // The curves of `chart` that have points (hidden and unticked runs' are empty).
    static QStringList drawnCurves(const MetricCurveChart* chart);

    MetricCurveChart* lossChart() const { return loss_; }
    MetricCurveChart* validationChart() const { return validation_; }
    // What the hover line says for `step` (the mouse sets it; tests call it).
    QString describeStep(double step, bool validation) const;
    QLabel* hoverLabel() const { return hover_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Run {
        QString label;
        QColor color;
        bool visible = true;
        std::vector<double> steps, wall, loss, valSteps, valWall, val;
        QToolButton* button = nullptr;
    };
    void draw(const Run& r);

    std::map<QString, Run> runs_;
    QStringList order_;
    MetricCurveChart* loss_ = nullptr;
    MetricCurveChart* validation_ = nullptr;
    QHBoxLayout* legend_ = nullptr;
    QLabel* hover_ = nullptr;
};

}  // namespace rssm::ui
