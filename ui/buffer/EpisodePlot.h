#pragma once
#include <vector>

#include <QChartView>
#include <QColor>
#include <QString>
#include <QVector>

class QLineSeries;
class QValueAxis;

namespace rssm::ui {

// Some dimensions of one episode over its steps (x = step within the
// episode), with the step cursor drawn as a vertical line. Clicking, or
// dragging (shift+drag included), asks for the cursor at that step.
class EpisodePlot : public QChartView {
    Q_OBJECT
public:
    struct Line {
        QString name;  // "state[3]"
        QColor color;
        std::vector<double> values;  // one per step; non-finite ones are left out of the line
    };

    explicit EpisodePlot(QWidget* parent = nullptr);

    // Replaces what is drawn. An empty `lines` shows `emptyNote` instead.
    void setLines(const QString& title, const QVector<Line>& lines, int steps, const QString& emptyNote = {});
    void clear(const QString& note);

    int cursorStep() const { return cursorStep_; }
    void setCursorStep(int step);
    QList<QLineSeries*> lineSeries() const { return series_; }
    QValueAxis* stepAxis() const { return stepAxis_; }
    QValueAxis* valueAxis() const { return valueAxis_; }
    // The step under a viewport x position, clamped to the episode; -1 when empty.
    int stepAtViewportX(double x) const;

Q_SIGNALS:
    void cursorRequested(int step);

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    class ChartInteraction* interaction_ = nullptr;
    QList<QLineSeries*> series_;
    QValueAxis* stepAxis_;
    QValueAxis* valueAxis_;
    int steps_ = 0;
    int cursorStep_ = 0;
};

}  // namespace rssm::ui
