#include "charts/ChartStyle.h"

#include <algorithm>
#include <cmath>

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLogValueAxis>
#include <QValueAxis>

#include "charts/TrajectoryChart.h"

namespace rssm::ui {

void applyChartStyle(QChart& chart, const QString& title, Qt::Alignment legendAlignment) {
    chart.setTitle(title);
    QFont titleFont = chart.titleFont();
    titleFont.setBold(true);
    chart.setTitleFont(titleFont);
    chart.legend()->setAlignment(legendAlignment);
    chart.legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);  // a piece of each line, dashes and all
    chart.setBackgroundRoundness(0);
    chart.setMargins(QMargins(6, 4, 6, 4));
}

void applyChartViewStyle(QChartView& view) {
    view.setRenderHint(QPainter::Antialiasing);
    view.setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
}

void setAxisRange(QValueAxis* axis, double lo, double hi, double interval) {
    axis->setTickInterval(std::max(axis->tickInterval(), hi - lo));
    axis->setRange(lo, hi);
    axis->setTickInterval(interval);
}

void setStepRange(QValueAxis* axis, double from, double to) {
    setAxisRange(axis, from, to, TrajectoryChart::stepTickInterval(to - from));
}

QValueAxis* makeStepAxis(const QString& title, double from, double to) {
    auto* axis = new QValueAxis();
    axis->setTitleText(title);
    axis->setRange(from, to);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(TrajectoryChart::stepTickInterval(to - from));
    axis->setLabelFormat(QStringLiteral("%d"));
    return axis;
}

QValueAxis* makeValueAxis(const QString& title, double lo, double hi) {
    if (!(lo <= hi)) lo = -1.0, hi = 1.0;
    const double pad = hi > lo ? 0.06 * (hi - lo) : std::max(1.0, std::abs(hi)) * 0.1;
    auto* axis = new QValueAxis();
    axis->setTitleText(title);
    axis->setRange(lo - pad, hi + pad);
    axis->applyNiceNumbers();
    axis->setLabelFormat(QStringLiteral("%.3g"));
    return axis;
}

QAbstractAxis* makeErrorAxis(bool logScale, double lo, double hi) {
    if (logScale) {
        auto* axis = new QLogValueAxis();
        axis->setBase(10.0);
        if (!(lo <= hi)) lo = 0.1, hi = 1.0;
        // The 15% keeps points off the frame. The bottom decade is nudged below
        // its power of ten: log10(0.001) is a hair above -3 in floating point
        // and the axis would drop its label.
        axis->setRange(std::pow(10.0, std::floor(std::log10(lo / 1.15))) * (1.0 - 1e-9),
                       std::pow(10.0, std::ceil(std::log10(hi * 1.15))));
        axis->setMinorTickCount(8);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setTitleText(QStringLiteral("MSE (log scale)"));
        return axis;
    }
    auto* axis = new QValueAxis();
    axis->setRange(0.0, hi > 0.0 ? hi * 1.05 : 1.0);
    axis->applyNiceNumbers();
    axis->setLabelFormat(QStringLiteral("%.3g"));
    axis->setTitleText(QStringLiteral("MSE"));
    return axis;
}

}  // namespace rssm::ui
