#include "buffer/StackedEpisodePlots.h"

#include <algorithm>

#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

#include "charts/PlotAreaAligner.h"
#include "common/NearViewport.h"

namespace rssm::ui {

namespace {

constexpr int kPlotHeight = 150;

}  // namespace

StackedEpisodePlots::StackedEpisodePlots(QWidget* parent) : QWidget(parent) {
    scroll_ = new QScrollArea(this);
    scroll_->setObjectName(QStringLiteral("stackedPlotScroll"));
    scroll_->setWidgetResizable(true);
    auto* host = new QWidget();
    column_ = new QVBoxLayout(host);
    column_->setContentsMargins(0, 0, 0, 0);
    column_->setSpacing(2);
    column_->addStretch(1);
    scroll_->setWidget(host);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll_);
    more_ = new QTimer(this);
    more_->setSingleShot(true);
    more_->setInterval(0);
    connect(more_, &QTimer::timeout, this, &StackedEpisodePlots::buildSome);
    aligner_ = new PlotAreaAligner(this);
    connect(scroll_->verticalScrollBar(), &QScrollBar::valueChanged, this, &StackedEpisodePlots::alignInView);
}

void StackedEpisodePlots::setLines(const QVector<EpisodePlot::Line>& lines, int steps, const QString& emptyNote) {
    lines_ = lines;
    steps_ = steps;
    shown_ = 0;
    // Plots that will hold a line keep showing their old one until their turn
    // comes (hiding and showing them again would lay each out twice).
    for (size_t i = std::max<size_t>(1, static_cast<size_t>(lines_.size())); i < pool_.size(); ++i) pool_[i]->hide();
    if (lines_.isEmpty()) {
        if (!pool_.empty()) {
            pool_.front()->clear(emptyNote);
            pool_.front()->show();
        }
        return;
    }
    buildSome();
}

void StackedEpisodePlots::buildSome() {
    // One plot per event-loop turn: its layout and painting follow on the
    // next, so several at once would add up to a stall.
    if (shown_ >= lines_.size()) return;
    const size_t i = static_cast<size_t>(shown_);
    if (i == pool_.size()) {
        auto* plot = new EpisodePlot();
        plot->setObjectName(QStringLiteral("stackedPlot_%1").arg(i));
        plot->setFixedHeight(kPlotHeight);
        connect(plot, &EpisodePlot::cursorRequested, this, &StackedEpisodePlots::cursorRequested);
        column_->insertWidget(column_->count() - 1, plot);  // above the stretch
        pool_.push_back(plot);
    }
    EpisodePlot* plot = pool_[i];
    const EpisodePlot::Line& line = lines_[shown_];
    plot->setLines(line.name, {line}, steps_);
    plot->chart()->legend()->setVisible(false);  // the title names the one line
    plot->setCursorStep(cursor_);
    plot->show();
    ++shown_;
    alignInView();
    if (shown_ < lines_.size()) more_->start();
}

void StackedEpisodePlots::alignInView() {
    // Only the plots in view (and a plot's height around it): aligning all of a
    // hundred would lay every one out again whenever one with wider labels came.
    std::vector<QChart*> charts;
    for (int i = 0; i < shown_; ++i) {
        EpisodePlot* plot = pool_[static_cast<size_t>(i)];
        if (nearViewport(scroll_, plot, kPlotHeight)) charts.push_back(plot->chart());
    }
    aligner_->setCharts(charts);
}

void StackedEpisodePlots::setCursorStep(int step) {
    cursor_ = step;
    for (int i = 0; i < shown_; ++i) pool_[static_cast<size_t>(i)]->setCursorStep(step);
}

QList<EpisodePlot*> StackedEpisodePlots::plots() const {
    QList<EpisodePlot*> out;
    for (int i = 0; i < shown_; ++i) out << pool_[static_cast<size_t>(i)];
    return out;
}

}  // namespace rssm::ui
