#include "buffer/BufferPane.h"

#include <algorithm>

#include <QCheckBox>
#include <QDataStream>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "buffer/BufferLoader.h"
#include "buffer/BufferSummaryView.h"
#include "buffer/CameraFramePanel.h"
#include "buffer/DimensionPicker.h"
#include "buffer/DimensionStatsFilter.h"
#include "buffer/DimensionStatsModel.h"
#include "buffer/EpisodeListModel.h"
#include "buffer/EpisodePlot.h"
#include "buffer/StackedEpisodePlots.h"
#include "buffer/LoadedBuffer.h"
#include "charts/PlotAreaAligner.h"
#include "charts/TrajectoryChart.h"

namespace rssm::ui {

namespace {

constexpr quint32 kLayoutMagic = 0x42554650;  // "BUFP"
constexpr quint32 kLayoutVersion = 1;

QTableView* makeTable(const QString& objectName, QWidget* parent) {
    auto* table = new QTableView(parent);
    table->setObjectName(objectName);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->setAlternatingRowColors(true);
    return table;
}

// Observation keys with "state" first (the model's input), then action.
QVector<QPair<QString, int>> plottableKeys(const ReplayBuffer& buffer) {
    QVector<QPair<QString, int>> keys;
    if (const NumericColumn* state = buffer.observation("state")) keys.append({QStringLiteral("state"), int(state->width())});
    for (const auto& [name, column] : buffer.observations())
        if (name != "state") keys.append({QString::fromStdString(name), int(column.width())});
    keys.append({QStringLiteral("action"), int(buffer.actions().width())});
    return keys;
}

}  // namespace

BufferPane::BufferPane(QWidget* parent) : QWidget(parent), loader_(new BufferLoader(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildErrorBanner());
    layout->addWidget(buildLoadingRow());

    summary_ = new BufferSummaryView(this);
    summary_->setObjectName(QStringLiteral("summaryView"));
    leftSplitter_ = new QSplitter(Qt::Vertical, this);
    leftSplitter_->setObjectName(QStringLiteral("leftSplitter"));
    leftSplitter_->addWidget(summary_);
    leftSplitter_->addWidget(buildEpisodeView());
    leftSplitter_->setStretchFactor(0, 2);
    leftSplitter_->setStretchFactor(1, 3);
    leftSplitter_->setSizes({360, 600});

    rightSplitter_ = new QSplitter(Qt::Vertical, this);
    rightSplitter_->setObjectName(QStringLiteral("rightSplitter"));
    rightSplitter_->addWidget(buildPlotArea());
    rightSplitter_->addWidget(buildStatsArea());
    rightSplitter_->setStretchFactor(0, 3);
    rightSplitter_->setStretchFactor(1, 2);

    mainSplitter_ = new QSplitter(Qt::Horizontal, this);
    mainSplitter_->setObjectName(QStringLiteral("mainSplitter"));
    mainSplitter_->addWidget(leftSplitter_);
    mainSplitter_->addWidget(rightSplitter_);
    mainSplitter_->setStretchFactor(0, 1);
    mainSplitter_->setStretchFactor(1, 4);
    mainSplitter_->setSizes({360, 1240});
    layout->addWidget(mainSplitter_, 1);

    connect(loader_, &BufferLoader::progress, this,
            [this](double fraction) { progress_->setValue(static_cast<int>(fraction * 1000.0)); });
    connect(loader_, &BufferLoader::loaded, this, &BufferPane::showLoaded);
    connect(loader_, &BufferLoader::failed, this, &BufferPane::showError);
    connect(loader_, &BufferLoader::loadingChanged, this, [this](bool loading) {
        loadingRow_->setVisible(loading);
        Q_EMIT loadingChanged(loading);
    });
}

BufferPane::~BufferPane() = default;

QWidget* BufferPane::buildErrorBanner() {
    errorBanner_ = new QFrame(this);
    errorBanner_->setObjectName(QStringLiteral("errorBanner"));
    errorBanner_->setFrameShape(QFrame::StyledPanel);
    errorBanner_->setStyleSheet(QStringLiteral("#errorBanner { background: #fde4e1; border: 1px solid #d9534f; }"
                                               "#errorBanner QLabel { color: #6b1410; }"));
    errorMessage_ = new QLabel(errorBanner_);
    errorMessage_->setObjectName(QStringLiteral("errorMessage"));
    errorMessage_->setTextFormat(Qt::PlainText);  // file names are not markup
    errorMessage_->setWordWrap(true);
    errorMessage_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* dismiss = new QToolButton(errorBanner_);
    dismiss->setObjectName(QStringLiteral("dismissError"));
    dismiss->setText(QStringLiteral("✕"));
    dismiss->setToolTip(tr("Hide this message"));
    connect(dismiss, &QToolButton::clicked, errorBanner_, &QWidget::hide);
    auto* row = new QHBoxLayout(errorBanner_);
    row->setContentsMargins(8, 4, 4, 4);
    row->addWidget(errorMessage_, 1);
    row->addWidget(dismiss, 0, Qt::AlignTop);
    errorBanner_->hide();
    return errorBanner_;
}

QWidget* BufferPane::buildLoadingRow() {
    loadingRow_ = new QWidget(this);
    loadingRow_->setObjectName(QStringLiteral("loadingRow"));
    loadingLabel_ = new QLabel(loadingRow_);
    loadingLabel_->setObjectName(QStringLiteral("loadingLabel"));
    progress_ = new QProgressBar(loadingRow_);
    progress_->setObjectName(QStringLiteral("loadProgress"));
    progress_->setRange(0, 1000);
    cancel_ = new QPushButton(tr("Cancel"), loadingRow_);
    cancel_->setObjectName(QStringLiteral("cancelLoadButton"));
    cancel_->setToolTip(tr("Stop loading; the buffer shown stays open"));
    connect(cancel_, &QPushButton::clicked, this, &BufferPane::cancelLoading);
    auto* row = new QHBoxLayout(loadingRow_);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(loadingLabel_);
    row->addWidget(progress_, 1);
    row->addWidget(cancel_);
    loadingRow_->hide();
    return loadingRow_;
}

QWidget* BufferPane::buildEpisodeView() {
    episodes_ = new EpisodeListModel(this);
    episodeSort_ = new QSortFilterProxyModel(this);
    episodeSort_->setSourceModel(episodes_);
    episodeTable_ = makeTable(QStringLiteral("episodeTable"), this);
    episodeTable_->setModel(episodeSort_);
    episodeTable_->setSortingEnabled(true);
    episodeTable_->sortByColumn(EpisodeListModel::IndexColumn, Qt::AscendingOrder);
    episodeTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    episodeTable_->setToolTip(tr("Click a header to sort; Up/Down choose the plotted episode"));
    connect(episodeTable_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &BufferPane::onCurrentEpisodeRowChanged);
    return episodeTable_;
}

QWidget* BufferPane::buildPlotArea() {
    picker_ = new DimensionPicker(this);
    picker_->setObjectName(QStringLiteral("dimensionPicker"));
    picker_->setMinimumWidth(150);
    connect(picker_, &DimensionPicker::checkedChanged, this, &BufferPane::replot);

    observationPlot_ = new EpisodePlot(this);
    observationPlot_->setObjectName(QStringLiteral("observationPlot"));
    stackedPlots_ = new StackedEpisodePlots(this);
    stackedPlots_->setObjectName(QStringLiteral("stackedPlots"));
    observationStack_ = new QStackedWidget(this);
    observationStack_->addWidget(observationPlot_);
    observationStack_->addWidget(stackedPlots_);
    connect(stackedPlots_, &StackedEpisodePlots::cursorRequested, this, &BufferPane::moveCursor);
    actionPlot_ = new EpisodePlot(this);
    actionPlot_->setObjectName(QStringLiteral("actionPlot"));
    chartSplitter_ = new QSplitter(Qt::Vertical, this);
    chartSplitter_->setObjectName(QStringLiteral("chartSplitter"));
    chartSplitter_->addWidget(observationStack_);
    chartSplitter_->addWidget(actionPlot_);
    chartSplitter_->setStretchFactor(0, 3);
    chartSplitter_->setStretchFactor(1, 2);
    for (EpisodePlot* plot : {observationPlot_, actionPlot_}) connect(plot, &EpisodePlot::cursorRequested, this, &BufferPane::moveCursor);
    // One step at one x in both charts, so the cursor runs down them as one line.
    plotAligner_ = new PlotAreaAligner(this);
    plotAligner_->setCharts({observationPlot_->chart(), actionPlot_->chart()});

    stepSlider_ = new QSlider(Qt::Horizontal, this);
    stepSlider_->setObjectName(QStringLiteral("stepSlider"));
    stepSlider_->setToolTip(tr("Step cursor (also: click or drag on a plot)"));
    stepSlider_->setEnabled(false);
    stepLabel_ = new QLabel(this);
    stepLabel_->setObjectName(QStringLiteral("stepLabel"));
    stepLabel_->setMinimumWidth(stepLabel_->fontMetrics().horizontalAdvance(QStringLiteral("step 00000 / 00000")));
    connect(stepSlider_, &QSlider::valueChanged, this, &BufferPane::moveCursor);
    // Left and Right step the cursor from anywhere in the pane (as in the
    // trajectory pane), except in fields that take them for editing.
    for (const auto& [key, delta] : {std::pair{Qt::Key_Left, -1}, std::pair{Qt::Key_Right, 1}}) {
        auto* step = new QShortcut(QKeySequence(key), this);
        step->setContext(Qt::WidgetWithChildrenShortcut);
        connect(step, &QShortcut::activated, this, [this, delta = delta] {
            if (stepSlider_->isEnabled()) stepSlider_->setValue(stepSlider_->value() + delta);
        });
    }
    // Up and Down choose the episode from anywhere in the pane (as F1 says),
    // in the order the episode table is sorted.
    for (const auto& [key, delta] : {std::pair{Qt::Key_Up, -1}, std::pair{Qt::Key_Down, 1}}) {
        auto* step = new QShortcut(QKeySequence(key), this);
        step->setContext(Qt::WidgetWithChildrenShortcut);
        connect(step, &QShortcut::activated, this, [this, delta = delta] { stepEpisode(delta); });
    }
    auto* sliderRow = new QHBoxLayout;
    sliderRow->addWidget(stepSlider_, 1);
    sliderRow->addWidget(stepLabel_);

    episodeTitle_ = new QLabel(this);
    episodeTitle_->setObjectName(QStringLiteral("episodeTitle"));
    physical_ = new QCheckBox(tr("physical (x·std + mean)"), this);
    physical_->setObjectName(QStringLiteral("physicalUnitsCheck"));
    physical_->setEnabled(false);
    physical_->setToolTip(tr("No buffer open"));
    connect(physical_, &QCheckBox::toggled, this, [this](bool on) {
        if (physical_->isEnabled()) preferPhysical_ = on;
        stats_->setPhysical(on);
        replot();
    });
    stacked_ = new QCheckBox(tr("one plot per dimension"), this);
    stacked_->setObjectName(QStringLiteral("stackedCheck"));
    stacked_->setToolTip(tr("Each observation dimension on its own y axis, stacked over the same steps"));
    connect(stacked_, &QCheckBox::toggled, this, [this](bool on) {
        observationStack_->setCurrentIndex(on ? 1 : 0);
        if (on) plotAligner_->setCharts({actionPlot_->chart()});  // the hidden plot's labels no longer count
        else plotAligner_->setCharts({observationPlot_->chart(), actionPlot_->chart()});
        replot();
    });
    auto* header = new QHBoxLayout;
    header->addWidget(episodeTitle_, 1);
    header->addWidget(stacked_);
    header->addWidget(new QLabel(tr("Units: stored, or"), this));
    header->addWidget(physical_);

    auto* charts = new QWidget(this);
    auto* chartsLayout = new QVBoxLayout(charts);
    chartsLayout->setContentsMargins(0, 0, 0, 0);
    chartsLayout->addLayout(header);
    chartsLayout->addWidget(chartSplitter_, 1);
    chartsLayout->addLayout(sliderRow);

    camera_ = new CameraFramePanel(this);
    camera_->setObjectName(QStringLiteral("cameraPanel"));

    plotSplitter_ = new QSplitter(Qt::Horizontal, this);
    plotSplitter_->setObjectName(QStringLiteral("plotSplitter"));
    plotSplitter_->addWidget(picker_);
    plotSplitter_->addWidget(charts);
    plotSplitter_->addWidget(camera_);
    plotSplitter_->setStretchFactor(0, 0);
    plotSplitter_->setStretchFactor(1, 1);
    plotSplitter_->setStretchFactor(2, 0);
    plotSplitter_->setSizes({170, 800, 260});
    return plotSplitter_;
}

QWidget* BufferPane::buildStatsArea() {
    stats_ = new DimensionStatsModel(this);
    statsFilter_ = new DimensionStatsFilter(this);
    statsFilter_->setSourceModel(stats_);
    statsTable_ = makeTable(QStringLiteral("statsTable"), this);
    statsTable_->setModel(statsFilter_);
    statsTable_->setSortingEnabled(true);  // by any column, on the numbers
    statsTable_->sortByColumn(-1, Qt::AscendingOrder);  // the buffer's order until a header is clicked
    // The table lists the dimensions the picker's filter matches.
    connect(picker_, &DimensionPicker::filterChanged, statsFilter_, &DimensionStatsFilter::setNeedle);
    statsTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    statsTable_->setToolTip(tr("Per-dimension statistics over every step of the buffer; click a header to sort, "
                               "the dimension filter narrows the rows"));
    return statsTable_;
}

void BufferPane::openBuffer(const QString& path, const QString& rolloutConfigPath) {
    loadingLabel_->setText(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    loadingLabel_->setToolTip(path);
    progress_->setValue(0);
    loader_->start(path, rolloutConfigPath);
}

void BufferPane::cancelLoading() { loader_->cancel(); }

bool BufferPane::isLoading() const { return loader_->isLoading(); }

QString BufferPane::bufferPath() const {
    return loaded_ ? QString::fromStdString(loaded_->buffer->sourcePath()) : QString();
}

QString BufferPane::rolloutConfigPath() const {
    return loaded_ ? QString::fromStdString(loaded_->rolloutPath) : QString();
}

std::shared_ptr<const ReplayBuffer> BufferPane::buffer() const { return loaded_ ? loaded_->buffer : nullptr; }

bool BufferPane::physicalUnits() const { return physical_->isEnabled() && physical_->isChecked(); }

void BufferPane::showLoaded(std::shared_ptr<const LoadedBuffer> loaded) {
    loaded_ = std::move(loaded);
    errorBanner_->hide();
    const ReplayBuffer& buffer = *loaded_->buffer;
    const QString rollout = QString::fromStdString(loaded_->rolloutPath);

    const bool physicalAvailable = loaded_->physicalUnavailableReason.empty();
    {
        const QSignalBlocker block(physical_);
        physical_->setEnabled(physicalAvailable);
        physical_->setChecked(physicalAvailable && preferPhysical_);
    }
    physical_->setToolTip(physicalAvailable
                              ? tr("Show values as x·std + mean with the norm_stats of %1").arg(rollout)
                              : tr("Physical units unavailable: %1").arg(QString::fromStdString(loaded_->physicalUnavailableReason)));

    summary_->setSummary(loaded_->summary, rollout);
    stats_->setSummary(loaded_->summary);
    stats_->setPhysical(physicalUnits());
    statsTable_->resizeColumnToContents(DimensionStatsModel::KeyColumn);
    camera_->setBuffer(loaded_->buffer);

    std::vector<int64_t> lengths;
    for (int64_t e = 0; e < buffer.episodeCount(); ++e) lengths.push_back(buffer.episodeLength(e));
    episode_ = -1;
    {
        const QSignalBlocker block(picker_);  // one replot below, not one per list change
        picker_->setKeys(plottableKeys(buffer));
    }
    episodes_->setEpisodeLengths(std::move(lengths));
    const int first = buffer.episodeCount() > 0 ? 0 : -1;
    selectEpisode(first);
    if (episode_ != first) {  // the view kept its current row, so no change was signalled
        episode_ = first;
        replot();
    }
    Q_EMIT bufferOpened(bufferPath(), rollout);
}

void BufferPane::showError(const QString& path, const QString& message) {
    // The reader's message names the file and the byte offset; everything
    // else in the pane still shows the buffer opened before.
    const QString kept = loaded_ ? tr("Still showing %1.").arg(bufferPath()) : tr("No buffer open.");
    errorMessage_->setText(tr("Could not open %1\n%2\n%3").arg(QFileInfo(path).fileName(), message, kept));
    errorBanner_->show();
    Q_EMIT loadFailed(path, message);
}

void BufferPane::selectEpisode(int episode) {
    if (episode < 0) {
        episodeTable_->selectionModel()->clearCurrentIndex();
        episode_ = -1;
        replot();
        return;
    }
    const QModelIndex row = episodeSort_->mapFromSource(episodes_->index(episode, EpisodeListModel::IndexColumn));
    episodeTable_->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    episodeTable_->scrollTo(row);
}

void BufferPane::stepEpisode(int delta) {
    const int rows = episodeSort_->rowCount();
    if (rows == 0) return;
    const QModelIndex current = episodeTable_->selectionModel()->currentIndex();
    const int row = std::clamp(current.isValid() ? current.row() + delta : 0, 0, rows - 1);
    const QModelIndex next = episodeSort_->index(row, EpisodeListModel::IndexColumn);
    episodeTable_->selectionModel()->setCurrentIndex(next, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    episodeTable_->scrollTo(next);
}

void BufferPane::onCurrentEpisodeRowChanged() {
    const QModelIndex current = episodeTable_->selectionModel()->currentIndex();
    const int episode = current.isValid() ? episodeSort_->mapToSource(current).row() : -1;
    if (episode == episode_) return;
    episode_ = episode;
    replot();
}

void BufferPane::replot() {
    if (!loaded_ || episode_ < 0 || episode_ >= loaded_->buffer->episodeCount()) {
        const QString note = loaded_ ? tr("no episode chosen") : tr("no buffer open");
        observationPlot_->clear(note);
        stackedPlots_->setLines({}, 0, note);
        actionPlot_->clear(note);
        episodeTitle_->setText(note);
        stepSlider_->setEnabled(false);
        camera_->showStep(-1, 0);
        return;
    }
    const ReplayBuffer& buffer = *loaded_->buffer;
    const int steps = static_cast<int>(buffer.episodeLength(episode_));
    const bool physical = physicalUnits();
    const QString units = physical ? tr("physical units") : tr("stored values");

    // Each dimension keeps one colour: state[d] has the hue it has in every
    // other chart; further observation keys continue after the state's dims.
    QVector<EpisodePlot::Line> observations, actions;
    QMap<QString, int> colourOffset;
    int offset = 0;
    for (const auto& [key, width] : plottableKeys(buffer)) {
        if (key == QLatin1String("action")) continue;
        colourOffset[key] = offset;
        offset += width;
    }
    for (const DimensionPicker::Dimension& dim : picker_->checkedDimensions()) {
        const bool isAction = dim.key == QLatin1String("action");
        EpisodePlot::Line line;
        line.name = dim.name();
        line.color = TrajectoryChart::dimensionColor(dim.element + (isAction ? 0 : colourOffset.value(dim.key)));
        line.values = loaded_->episodeValues(dim.key.toStdString(), dim.element, episode_, physical);
        (isAction ? actions : observations).append(line);
    }
    const QString noneChecked = tr("check dimensions in the list to plot them");
    if (stacked_->isChecked()) stackedPlots_->setLines(observations, steps, noneChecked);
    else observationPlot_->setLines(tr("Episode %1: observations (%2)").arg(episode_).arg(units), observations, steps, noneChecked);
    actionPlot_->setLines(tr("Episode %1: actions (%2)").arg(episode_).arg(units), actions, steps, noneChecked);
    episodeTitle_->setText(tr("Episode %1 — %2 steps").arg(episode_).arg(steps));

    const int step = std::clamp(stepSlider_->value(), 0, std::max(0, steps - 1));
    {
        const QSignalBlocker block(stepSlider_);
        stepSlider_->setRange(0, std::max(0, steps - 1));
        stepSlider_->setValue(step);
    }
    stepSlider_->setEnabled(steps > 1);
    moveCursor(step);
}

void BufferPane::moveCursor(int step) {
    if (stepSlider_->value() != step) {
        stepSlider_->setValue(step);  // comes back here through valueChanged
        return;
    }
    observationPlot_->setCursorStep(step);
    stackedPlots_->setCursorStep(step);
    actionPlot_->setCursorStep(step);
    const int last = stepSlider_->maximum();
    stepLabel_->setText(tr("step %1 / %2").arg(step).arg(last));
    camera_->showStep(episode_, step);
}

QByteArray BufferPane::saveLayout() const {
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kLayoutMagic << kLayoutVersion;
    for (const QSplitter* s : {mainSplitter_, leftSplitter_, rightSplitter_, plotSplitter_, chartSplitter_}) out << s->saveState();
    out << physical_->isChecked();
    return state;
}

void BufferPane::restoreLayout(const QByteArray& state) {
    QDataStream in(state);
    quint32 magic = 0, version = 0;
    in >> magic >> version;
    if (magic != kLayoutMagic || version != kLayoutVersion) return;  // another version's layout: keep the default
    for (QSplitter* s : {mainSplitter_, leftSplitter_, rightSplitter_, plotSplitter_, chartSplitter_}) {
        QByteArray splitterState;
        in >> splitterState;
        if (in.status() != QDataStream::Ok) return;
        s->restoreState(splitterState);
    }
    bool physical = false;
    in >> physical;
    if (in.status() != QDataStream::Ok) return;
    preferPhysical_ = physical;
    if (physical_->isEnabled()) physical_->setChecked(physical);
}

}  // namespace rssm::ui
