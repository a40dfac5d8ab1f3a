#include "charts/PlotAreaAligner.h"

#include <algorithm>
#include <cmath>

#include <QChart>
#include <QTimer>

namespace rssm::ui {

PlotAreaAligner::PlotAreaAligner(QObject* parent) : QObject(parent) {
    pending_ = new QTimer(this);
    pending_->setSingleShot(true);
    pending_->setInterval(0);  // once per event-loop turn, however many charts changed
    connect(pending_, &QTimer::timeout, this, &PlotAreaAligner::alignNow);
}

void PlotAreaAligner::setCharts(const std::vector<QChart*>& charts) {
    entries_.clear();
    for (QChart* chart : charts) {
        if (!bases_.contains(chart)) {
            bases_.insert(chart, chart->margins());
            connect(chart, &QObject::destroyed, this, [this, chart] { bases_.remove(chart); });
            connect(chart, &QChart::plotAreaChanged, pending_, qOverload<>(&QTimer::start));
        }
        entries_.push_back({chart, bases_.value(chart)});
    }
    pending_->start();
}

void PlotAreaAligner::alignNow() {
    // Where each plot area would be with its own margins only: the space its
    // labels take on either side, in scene coordinates of its own chart.
    double labelsLeft = 0.0, labelsRight = 0.0;
    std::vector<std::pair<double, double>> own;
    for (const Entry& e : entries_) {
        if (!e.chart) {
            own.emplace_back(0.0, 0.0);
            continue;
        }
        const QRectF area = e.chart->plotArea();
        const QMargins now = e.chart->margins();
        const double left = area.left() - (now.left() - e.base.left());
        const double right = e.chart->size().width() - area.right() - (now.right() - e.base.right());
        own.emplace_back(left, right);
        labelsLeft = std::max(labelsLeft, left);
        labelsRight = std::max(labelsRight, right);
    }
    for (size_t i = 0; i < entries_.size(); ++i) {
        const Entry& e = entries_[i];
        if (!e.chart) continue;
        QMargins wanted = e.base;
        wanted.setLeft(e.base.left() + static_cast<int>(std::lround(labelsLeft - own[i].first)));
        wanted.setRight(e.base.right() + static_cast<int>(std::lround(labelsRight - own[i].second)));
        if (wanted != e.chart->margins()) e.chart->setMargins(wanted);
    }
}

}  // namespace rssm::ui
