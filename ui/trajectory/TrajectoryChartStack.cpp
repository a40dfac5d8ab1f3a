#include "trajectory/TrajectoryChartStack.h"

#include <algorithm>

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

#include "charts/ChartStyle.h"
#include "charts/PlotAreaAligner.h"
#include "charts/TrajectoryChart.h"
#include "common/NearViewport.h"
#include "trajectory/TrajectoryChartView.h"

namespace rssm::ui {

namespace {

constexpr int kChartHeight = 250;
constexpr int kFilterDelayMs = 150;     // after the last key typed in the filter
constexpr int kInViewDelayMs = 1;       // between charts in view: input and painting get their turns
constexpr int kAfterScrollDelayMs = 30; // the scrolled page is painted first, on its own turn
constexpr int kBackgroundDelayMs = 60;  // between charts out of view: the window's own turns come first

}  // namespace

TrajectoryChartStack::TrajectoryChartStack(QWidget* parent) : QWidget(parent) {
    aligner_ = new PlotAreaAligner(this);
    buildTimer_ = new QTimer(this);
    buildTimer_->setSingleShot(true);
    connect(buildTimer_, &QTimer::timeout, this, &TrajectoryChartStack::buildNext);
    filterTimer_ = new QTimer(this);
    filterTimer_->setSingleShot(true);
    filterTimer_->setInterval(kFilterDelayMs);
    connect(filterTimer_, &QTimer::timeout, this, &TrajectoryChartStack::applyFilter);

    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    auto* filterRow = new QHBoxLayout();
    filter_ = new QLineEdit();
    filter_->setObjectName(QStringLiteral("dimensionFilter"));
    filter_->setPlaceholderText(tr("Show dimensions matching, e.g. \"state[0] state[3]\" (empty: all)"));
    filter_->setClearButtonEnabled(true);
    shownLabel_ = new QLabel();
    shownLabel_->setObjectName(QStringLiteral("shownDimsLabel"));
    filterRow->addWidget(new QLabel(tr("Dimensions")));
    filterRow->addWidget(filter_, 1);
    filterRow->addWidget(shownLabel_);
    column->addLayout(filterRow);

    scroll_ = new QScrollArea();
    scroll_->setObjectName(QStringLiteral("chartScroll"));
    scroll_->setWidgetResizable(true);
    auto* host = new QWidget();
    chartsLayout_ = new QVBoxLayout(host);
    chartsLayout_->setContentsMargins(0, 0, 0, 0);
    chartsLayout_->setSpacing(2);
    chartsLayout_->addStretch(1);
    scroll_->setWidget(host);
    column->addWidget(scroll_, 1);

    connect(filter_, &QLineEdit::textChanged, filterTimer_, qOverload<>(&QTimer::start));
    connect(filter_, &QLineEdit::returnPressed, this, &TrajectoryChartStack::applyFilter);
    // Charts scrolled into view are built (or refreshed) first.
    connect(scroll_->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] { scheduleBuild(kAfterScrollDelayMs); });
}

QString TrajectoryChartStack::filterText() const { return filter_->text(); }
void TrajectoryChartStack::setFilterText(const QString& text) { filter_->setText(text); }

void TrajectoryChartStack::setTrajectory(const PredictedTrajectory& trajectory, double cursorStep) {
    trajectory_ = trajectory;
    ++generation_;  // every chart's numbers are now old
    cursorStep_ = cursorStep;
    rangeMin_ = rangeMax_ = 0;
    if (!trajectory_.empty()) {  // a new window starts unzoomed
        rangeMin_ = static_cast<double>(trajectory_.start);
        rangeMax_ = static_cast<double>(trajectory_.start + trajectory_.steps() - 1);
    }
    applyFilter();
}

void TrajectoryChartStack::setCursorStep(double step) {
    cursorStep_ = step;
    for (size_t d = 0; d < views_.size(); ++d)
        if (current(static_cast<int>(d))) views_[d]->setCursorStep(step);
}

std::vector<int> TrajectoryChartStack::matchingDims() const {
    const QStringList terms = filter_->text().split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
    std::vector<int> dims;
    for (int d = 0; d < trajectory_.dims; ++d) {
        const QString name = trajectory_.dimNames.value(d);
        const bool match = terms.isEmpty() || std::any_of(terms.begin(), terms.end(), [&](const QString& term) {
                               return name.contains(term, Qt::CaseInsensitive);
                           });
        if (match) dims.push_back(d);
    }
    return dims;
}

void TrajectoryChartStack::ensureSlots() {
    // Another checkpoint's dimensions: the slots and charts of the old ones go.
    if (slotNames_ == trajectory_.dimNames && static_cast<int>(slots_.size()) == trajectory_.dims) return;
    aligner_->setCharts({});
    for (QWidget* slot : slots_) delete slot;  // and the chart in it
    slots_.clear();
    slotNames_ = trajectory_.dimNames;
    for (int d = 0; d < trajectory_.dims; ++d) {
        auto* slot = new QWidget();
        slot->setObjectName(QStringLiteral("chartSlot_%1").arg(d));
        slot->setFixedHeight(kChartHeight);
        auto* inner = new QVBoxLayout(slot);
        inner->setContentsMargins(0, 0, 0, 0);
        slot->hide();
        chartsLayout_->insertWidget(chartsLayout_->count() - 1, slot);  // above the stretch
        slots_.push_back(slot);
    }
    views_.assign(slots_.size(), nullptr);
    chartGeneration_.assign(slots_.size(), 0);
}

void TrajectoryChartStack::applyFilter() {
    filterTimer_->stop();
    shownDims_ = trajectory_.empty() ? std::vector<int>() : matchingDims();
    if (!trajectory_.empty()) ensureSlots();
    std::vector<bool> show(slots_.size(), false);
    for (int d : shownDims_) show[static_cast<size_t>(d)] = true;
    for (size_t d = 0; d < slots_.size(); ++d) {
        if (slots_[d]->isHidden() != show[d]) continue;
        // A chart hidden with its slot stays hidden when the slot shows again,
        // until it is in view: showing dozens of charts at once lays each out.
        if (!show[d] && views_[d]) views_[d]->hide();
        slots_[d]->setVisible(show[d]);
    }
    const bool any = !shownDims_.empty();
    if (trajectory_.empty())
        shownLabel_->clear();
    else if (!any)
        shownLabel_->setText(tr("no dimension matches"));
    else
        shownLabel_->setText(tr("%1 of %2 shown").arg(shownDims_.size()).arg(trajectory_.dims));
    Q_EMIT shownDimsChanged();
    if (any) scheduleBuild(0);
}

bool TrajectoryChartStack::current(int dim) const {
    const size_t i = static_cast<size_t>(dim);
    return views_[i] && !views_[i]->isHidden() && chartGeneration_[i] == generation_;
}

bool TrajectoryChartStack::upToDate() const {
    if (filterTimer_->isActive()) return false;
    return std::all_of(shownDims_.begin(), shownDims_.end(), [this](int d) { return current(d); });
}

bool TrajectoryChartStack::slotInView(int dim) const {
    // A chart's height of margin, so one scrolled to next is ready.
    return nearViewport(scroll_, slots_[static_cast<size_t>(dim)], kChartHeight);
}

void TrajectoryChartStack::scheduleBuild(int delayMs) {
    // An earlier, shorter wait stands.
    if (!buildTimer_->isActive() || buildTimer_->remainingTime() > delayMs) buildTimer_->start(delayMs);
}

void TrajectoryChartStack::buildNext() {
    if (trajectory_.empty()) return;
    int inView = -1, later = -1;
    for (int d : shownDims_) {
        if (current(d)) continue;
        if (slotInView(d)) {
            inView = d;
            break;
        }
        if (later < 0) later = d;
    }
    const int d = inView >= 0 ? inView : later;
    if (d < 0) return;
    // One chart per turn: a chart's layout and painting come on the next turn,
    // so several in one would add up to a stall.
    refreshChart(d);
    if (inView >= 0) alignInView();
    scheduleBuild(inView >= 0 ? kInViewDelayMs : kBackgroundDelayMs);
}

void TrajectoryChartStack::refreshChart(int d) {
    const size_t i = static_cast<size_t>(d);
    linkingSteps_ = true;  // a chart's own new range is no zoom to share
    if (!views_[i]) {
        auto* chart = new TrajectoryChart(trajectory_.trace(d), d, trajectory_.dimNames.value(d));
        auto* view = new TrajectoryChartView(chart, d);
        view->setObjectName(QStringLiteral("trajectoryChart_%1").arg(d));
        slots_[i]->layout()->addWidget(view);
        views_[i] = view;
        connect(chart->stepAxis(), &QValueAxis::rangeChanged, this, &TrajectoryChartStack::applyStepRange);
        connect(view, &TrajectoryChartView::cursorDragged, this, &TrajectoryChartStack::cursorDragged);
        connect(view, &TrajectoryChartView::zoomResetRequested, this, &TrajectoryChartStack::resetZoom);
    } else if (chartGeneration_[i] != generation_) {
        views_[i]->setTrace(trajectory_.trace(d), cursorStep_);
    }
    chartGeneration_[i] = generation_;
    TrajectoryChartView* view = views_[i];
    view->setCursorStep(cursorStep_);
    // Zoomed: a chart built, refreshed or shown later shows the same steps as the others.
    QValueAxis* axis = view->trajectoryChart()->stepAxis();
    if (rangeMax_ > rangeMin_ && (axis->min() != rangeMin_ || axis->max() != rangeMax_)) setStepRange(axis, rangeMin_, rangeMax_);
    view->show();  // now, not on a later turn (its slot is already shown)
    linkingSteps_ = false;
}

void TrajectoryChartStack::alignInView() {
    // Only the charts in view: aligning all of them would lay out every one
    // whenever a chart with wider labels appears. The others align as they come.
    std::vector<QChart*> charts;
    for (int d : shownDims_)
        if (current(d) && slotInView(d)) charts.push_back(views_[static_cast<size_t>(d)]->chart());
    aligner_->setCharts(charts);
}

void TrajectoryChartStack::applyStepRange(double min, double max) {
    if (linkingSteps_) return;  // the echo of our own update
    linkingSteps_ = true;
    rangeMin_ = min;
    rangeMax_ = max;
    // The charts in view follow now; the others when they come into view.
    for (int d : shownDims_) {
        const size_t i = static_cast<size_t>(d);
        if (!current(d)) continue;
        if (slotInView(d)) setStepRange(views_[i]->trajectoryChart()->stepAxis(), min, max);
        else chartGeneration_[i] = 0;  // refreshed, zoom and all, when its turn comes
    }
    linkingSteps_ = false;
    scheduleBuild(kInViewDelayMs);
}

void TrajectoryChartStack::resetZoom() {
    if (trajectory_.empty()) return;
    applyStepRange(static_cast<double>(trajectory_.start), static_cast<double>(trajectory_.start + trajectory_.steps() - 1));
}

}  // namespace rssm::ui
