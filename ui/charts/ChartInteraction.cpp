#include "charts/ChartInteraction.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QAbstractAxis>
#include <QAreaSeries>
#include <QChartView>
#include <QEvent>
#include <QFontMetricsF>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QToolTip>

namespace rssm::ui {

namespace {

// A marker line (the time cursor, the end of the context) stands at one x.
bool isVertical(const QXYSeries* s) {
    return s->count() >= 2 && s->at(0).x() == s->at(s->count() - 1).x();
}

}  // namespace

ChartInteraction* ChartInteraction::install(QChartView* view, int maxLegendEntries) {
    return new ChartInteraction(view, maxLegendEntries);
}

ChartInteraction::ChartInteraction(QChartView* view, int maxLegendEntries)
    : QObject(view), view_(view), maxLegend_(maxLegendEntries) {
    setObjectName(QStringLiteral("chartInteraction"));
    view->setMouseTracking(true);
    view->viewport()->setMouseTracking(true);
    view->viewport()->installEventFilter(this);
}

QString ChartInteraction::readoutAt(double x) const {
    if (!view_ || !view_->chart()) return {};
    QStringList lines;
    // The header names the x of the nearest point read ("step 20", not the
    // pointer's 20.2), under the x axis's own title.
    double nearestX = x, nearestGap = std::numeric_limits<double>::infinity();
    auto nearest = [&](const QXYSeries* s) {
        const QList<QPointF> points = s->points();
        // Points go left to right in these charts: the nearest by x.
        auto it = std::lower_bound(points.begin(), points.end(), x, [](const QPointF& p, double v) { return p.x() < v; });
        if (it == points.end()) --it;
        else if (it != points.begin() && std::abs((it - 1)->x() - x) < std::abs(it->x() - x)) --it;
        if (std::abs(it->x() - x) < nearestGap) {
            nearestGap = std::abs(it->x() - x);
            nearestX = it->x();
        }
        return *it;
    };
    for (QAbstractSeries* series : view_->chart()->series()) {
        if (!series->isVisible() || series->name().isEmpty()) continue;
        if (auto* band = qobject_cast<QAreaSeries*>(series)) {  // a band reads as its two edges
            const QXYSeries* upper = band->upperSeries();
            const QXYSeries* lower = band->lowerSeries();
            if (!upper || !lower || upper->count() == 0 || lower->count() == 0) continue;
            const double lo = nearest(lower).y(), hi = nearest(upper).y();
            lines << QStringLiteral("%1: %2 to %3").arg(band->name(), QString::number(lo, 'g', 5), QString::number(hi, 'g', 5));
            continue;
        }
        auto* xy = qobject_cast<QXYSeries*>(series);
        if (!xy || xy->count() == 0 || isVertical(xy)) continue;
        lines << QStringLiteral("%1: %2").arg(xy->name(), QString::number(nearest(xy).y(), 'g', 5));
    }
    if (lines.isEmpty()) return {};
    const QList<QAbstractAxis*> xAxes = view_->chart()->axes(Qt::Horizontal);
    const QString axis = xAxes.isEmpty() || xAxes.first()->titleText().isEmpty() ? QStringLiteral("x") : xAxes.first()->titleText();
    return QStringLiteral("%1 %2\n").arg(axis, QString::number(nearestX, 'g', 6)) + lines.join(QLatin1Char('\n'));
}

bool ChartInteraction::eventFilter(QObject* watched, QEvent* event) {
    if (!view_ || watched != view_->viewport()) return false;
    switch (event->type()) {
    case QEvent::Enter:
    case QEvent::MouseButtonPress:
        hookMarkers();  // before the legend item sees the click
        break;
    case QEvent::MouseMove: {
        auto* move = static_cast<QMouseEvent*>(event);
        QChart* chart = view_->chart();
        const QPointF inChart = chart->mapFromScene(view_->mapToScene(move->position().toPoint()));
        if (!chart->plotArea().contains(inChart)) {
            QToolTip::hideText();
            break;
        }
        const QString text = readoutAt(chart->mapToValue(inChart).x());
        if (!text.isEmpty()) QToolTip::showText(move->globalPosition().toPoint(), text, view_->viewport());
        break;
    }
    case QEvent::Leave:
        QToolTip::hideText();
        break;
    case QEvent::Resize:
        hookMarkers();  // a shorter chart holds fewer legend entries
        break;
    default:
        break;
    }
    return false;
}

void ChartInteraction::styleMarker(QLegendMarker* marker, bool shown) {
    QColor label = marker->labelBrush().color();
    label.setAlphaF(shown ? 1.0 : 0.35);
    marker->setLabelBrush(label);
    QFont font = marker->font();
    font.setStrikeOut(!shown);
    marker->setFont(font);
}

void ChartInteraction::hookMarkers() {
    if (!view_ || !view_->chart()) return;
    const QList<QAbstractSeries*> present = view_->chart()->series();
    for (auto it = toggled_.begin(); it != toggled_.end();) {
        if (present.contains(*it)) ++it;
        else it = toggled_.erase(it);  // removed from the chart: not ours to remember
    }
    // A legend beside the plot holds as many entries as the chart's height has
    // room for (one above or below takes its width; at most maxLegend_ either way).
    QLegend* legend = view_->chart()->legend();
    const bool beside = legend->alignment() & (Qt::AlignLeft | Qt::AlignRight);
    const double entry = QFontMetricsF(legend->font()).height() + 8.0;
    // The viewport, not the chart: on a resize the chart has not yet taken its new size.
    const double room = view_->viewport()->height() - 70.0;  // less the title and the margins
    const int fit = beside && room > 0 ? std::max(1, std::min(maxLegend_, static_cast<int>(room / entry))) : maxLegend_;
    int shown = 0;
    folded_ = 0;
    for (QLegendMarker* marker : view_->chart()->legend()->markers()) {
        // Entries of lines only: what the chart hid or keeps (a band, a cursor or
        // context line, an unnamed raw curve) is left as it is.
        auto* xy = qobject_cast<QXYSeries*>(marker->series());
        if (!xy || xy->name().isEmpty() || isVertical(xy)) continue;
        connect(marker, &QLegendMarker::clicked, this, &ChartInteraction::onMarkerClicked, Qt::UniqueConnection);
        const bool fold = shown >= fit;
        marker->setProperty("rssmFolded", fold);
        marker->setVisible(!fold);
        if (fold) ++folded_;
        else ++shown;
    }
    // Said in the chart's title, where it is seen: "(+3 more lines; hover reads all)".
    QString title = view_->chart()->title();
    const int old = title.indexOf(QStringLiteral("  (+"));
    if (old >= 0) title.truncate(old);
    if (folded_ > 0) title += tr("  (+%1 more lines; hover reads all)").arg(folded_);
    if (title != view_->chart()->title()) view_->chart()->setTitle(title);
}

void ChartInteraction::onMarkerClicked() {
    auto* marker = qobject_cast<QLegendMarker*>(sender());
    if (!marker || !marker->series()) return;
    QAbstractSeries* series = marker->series();
    const bool show = !series->isVisible();
    series->setVisible(show);
    if (show) toggled_.remove(series);
    else toggled_.insert(series);
    marker->setVisible(true);  // Qt hides the entry of a hidden series; it stays, to be clicked again
    styleMarker(marker, show);
}

}  // namespace rssm::ui
