#include "buffer/EpisodePlot.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QLegend>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPainter>
#include <QValueAxis>

#include "charts/ChartInteraction.h"
#include "charts/ChartStyle.h"
#include "charts/TrajectoryChart.h"

namespace rssm::ui {

EpisodePlot::EpisodePlot(QWidget* parent)
    : QChartView(new QChart, parent), stepAxis_(new QValueAxis), valueAxis_(new QValueAxis) {
    applyChartViewStyle(*this);
    setRubberBand(QChartView::NoRubberBand);
    setMinimumHeight(160);
    QChart* c = chart();
    c->setMargins(QMargins(4, 2, 4, 2));
    c->legend()->setAlignment(Qt::AlignRight);
    QFont titleFont = c->titleFont();
    titleFont.setBold(true);
    c->setTitleFont(titleFont);
    stepAxis_->setTitleText(tr("step"));
    stepAxis_->setLabelFormat(QStringLiteral("%d"));
    stepAxis_->setTickType(QValueAxis::TicksDynamic);
    stepAxis_->setTickAnchor(0.0);
    valueAxis_->setLabelFormat(QStringLiteral("%.3g"));
    c->addAxis(stepAxis_, Qt::AlignBottom);
    c->addAxis(valueAxis_, Qt::AlignLeft);
    clear(tr("no buffer open"));
    interaction_ = ChartInteraction::install(this);  // hover readout, legend toggles, a long legend folded
}

void EpisodePlot::clear(const QString& note) { setLines(QString(), {}, 0, note); }

void EpisodePlot::setLines(const QString& title, const QVector<Line>& lines, int steps, const QString& emptyNote) {
    QChart* c = chart();
    for (QLineSeries* s : series_) {
        c->removeSeries(s);
        delete s;
    }
    series_.clear();
    steps_ = steps;
    c->setTitle(lines.isEmpty() && !emptyNote.isEmpty() ? emptyNote : title);

    // The axes take their ranges before any series is attached: Qt Charts
    // recomputes every attached series' geometry on each range change.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const Line& line : lines)
        for (double v : line.values)
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    if (!(lo <= hi)) lo = 0.0, hi = 1.0;
    const double pad = hi > lo ? 0.05 * (hi - lo) : 1.0;
    valueAxis_->setRange(lo - pad, hi + pad);
    valueAxis_->applyNiceNumbers();  // round tick labels
    const double span = std::max(1, steps - 1);
    setStepRange(stepAxis_, 0.0, span);

    for (const Line& line : lines) {
        auto* s = new QLineSeries;
        s->setName(line.name);
        QPen pen(line.color);
        pen.setWidthF(1.5);
        s->setPen(pen);
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(line.values.size()));
        for (size_t t = 0; t < line.values.size(); ++t)
            if (std::isfinite(line.values[t])) points.append(QPointF(static_cast<double>(t), line.values[t]));
        s->replace(points);
        c->addSeries(s);
        s->attachAxis(stepAxis_);
        s->attachAxis(valueAxis_);
        series_.append(s);
    }
    c->legend()->setVisible(!series_.isEmpty());
    if (interaction_) interaction_->refresh();
    cursorStep_ = std::clamp(cursorStep_, 0, std::max(0, steps - 1));
    viewport()->update();
}

void EpisodePlot::setCursorStep(int step) {
    step = std::clamp(step, 0, std::max(0, steps_ - 1));
    if (step == cursorStep_) return;
    cursorStep_ = step;
    viewport()->update();
}

int EpisodePlot::stepAtViewportX(double x) const {
    if (steps_ <= 0) return -1;
    const QRectF area = chart()->plotArea();
    const QPointF scenePos = mapToScene(QPoint(static_cast<int>(x), 0));
    const double chartX = chart()->mapFromScene(scenePos).x();
    if (area.width() <= 0) return 0;
    const double value = stepAxis_->min() + (chartX - area.left()) / area.width() * (stepAxis_->max() - stepAxis_->min());
    return std::clamp(static_cast<int>(std::lround(value)), 0, steps_ - 1);
}

void EpisodePlot::drawForeground(QPainter* painter, const QRectF& rect) {
    QChartView::drawForeground(painter, rect);
    if (steps_ <= 0 || series_.isEmpty()) return;
    const QRectF area = chart()->mapRectToScene(chart()->plotArea());
    const double span = stepAxis_->max() - stepAxis_->min();
    if (span <= 0) return;
    const double x = area.left() + (cursorStep_ - stepAxis_->min()) / span * area.width();
    painter->save();
    QPen pen(QColor(40, 40, 40));
    pen.setWidthF(1.2);
    pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
    painter->restore();
}

void EpisodePlot::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && steps_ > 0) {
        const int step = stepAtViewportX(event->position().x());
        if (step >= 0) Q_EMIT cursorRequested(step);
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void EpisodePlot::mouseMoveEvent(QMouseEvent* event) {
    if ((event->buttons() & Qt::LeftButton) && steps_ > 0) {
        const int step = stepAtViewportX(event->position().x());
        if (step >= 0) Q_EMIT cursorRequested(step);
        event->accept();
        return;
    }
    QChartView::mouseMoveEvent(event);
}

void EpisodePlot::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

}  // namespace rssm::ui
