#pragma once
#include <vector>

#include <QVector>
#include <QWidget>

#include "buffer/EpisodePlot.h"

class QScrollArea;
class QTimer;
class QVBoxLayout;

namespace rssm::ui {

class PlotAreaAligner;

// The chosen dimensions of one episode as a stack of small plots, one per
// dimension, each on its own y axis (one spike does not flatten the rest),
// all over the same steps with the same step cursor and their plot areas
// lined up (the plots in view): the buffer pane's alternative to all lines on
// one axis. Plots are kept and given new lines in place, one per event-loop
// turn, so choosing a hundred dimensions never blocks the window.
class StackedEpisodePlots : public QWidget {
    Q_OBJECT
public:
    explicit StackedEpisodePlots(QWidget* parent = nullptr);

    // One plot per line, titled by the line's name, `steps` steps wide.
    void setLines(const QVector<EpisodePlot::Line>& lines, int steps, const QString& emptyNote);
    void setCursorStep(int step);
    // The plots shown now, top to bottom (built ones only).
    QList<EpisodePlot*> plots() const;
    int lineCount() const { return static_cast<int>(lines_.size()); }

Q_SIGNALS:
    void cursorRequested(int step);

private:
    void buildSome();
    void alignInView();

    QScrollArea* scroll_ = nullptr;
    QVBoxLayout* column_ = nullptr;
    std::vector<EpisodePlot*> pool_;
    QVector<EpisodePlot::Line> lines_;
    int steps_ = 0;
    int cursor_ = 0;
    int shown_ = 0;  // plots of pool_ given the current lines
    QTimer* more_ = nullptr;
    PlotAreaAligner* aligner_ = nullptr;
};

}  // namespace rssm::ui
