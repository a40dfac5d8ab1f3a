#include "runs/RunsPane.h"

#include <chrono>
#include <filesystem>
#include <map>

#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "runs/RunCurvesView.h"
#include "runs/RunFilterProxy.h"
#include "runs/RunTableModel.h"
#include "runs/SweepDialog.h"
#include "runs/SweepRunner.h"
#include "train/Sweep.h"
#include "util/Error.h"
#include "workers/BackgroundTask.h"

namespace fs = std::filesystem;

namespace rssm::ui {

namespace {

double epochNow() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

// A run's label: its path under the opened folder (the folder's own name
// when it is the run), prefixed by the folder's name when several are open.
QString labelOf(const std::string& runDir, const QString& root, bool several) {
    const QString dir = QString::fromStdString(runDir);
    QString rel = QDir(root).relativeFilePath(dir);
    if (rel == QStringLiteral(".") || rel.isEmpty()) rel = QFileInfo(dir).fileName();
    return several ? QFileInfo(root).fileName() + QLatin1Char('/') + rel : rel;
}

const char* kAnyKey = QT_TRANSLATE_NOOP("rssm::ui::RunsPane", "any setting");

}  // namespace

RunsPane::RunsPane(QWidget* parent) : QWidget(parent) {
    model_ = new RunTableModel(this);
    proxy_ = new RunFilterProxy(this);
    proxy_->setSourceModel(model_);
    loader_ = new BackgroundTask(this);
    evaluator_ = new BackgroundTask(this);

    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout();
    auto* open = new QPushButton(tr("&Open runs…"), this);
    open->setToolTip(tr("A folder of runs: checkpoints/, a sweep, or one run"));
    auto* add = new QPushButton(tr("A&dd folder…"), this);
    add->setToolTip(tr("Show the runs of another folder too"));
    filter_ = new QLineEdit(this);
    filter_->setPlaceholderText(tr("Filter runs by text…"));
    filter_->setClearButtonEnabled(true);
    keyFilter_ = new QComboBox(this);
    keyFilter_->setToolTip(tr("Show only runs with this setting at the value on the right"));
    valueFilter_ = new QComboBox(this);
    evaluate_ = new QPushButton(tr("&Evaluate open loop"), this);
    evaluate_->setToolTip(tr("Open-loop MSE at h = 1, 8, 16 of the selected runs' best checkpoints (all runs without one when none is "
                             "selected); computed once, kept in each run folder"));
    compare_ = new QPushButton(tr("Compare chec&kpoints"), this);
    compare_->setToolTip(tr("Send the best checkpoints of the selected (or ticked) runs to the comparison pane"));
    for (QWidget* w : std::initializer_list<QWidget*>{open, add}) bar->addWidget(w);
    bar->addWidget(filter_, 1);
    bar->addWidget(keyFilter_);
    bar->addWidget(valueFilter_);
    bar->addWidget(evaluate_);
    bar->addWidget(compare_);
    layout->addLayout(bar);
    auto* sweepBar = new QHBoxLayout();
    newSweep_ = new QPushButton(tr("&New sweep…"), this);
    newSweep_->setToolTip(tr("Sweep keys of the config pane's settings: mark keys as swept, give their values, start"));
    stopSweep_ = new QPushButton(tr("Stop s&weep"), this);
    stopSweep_->setToolTip(tr("Stop every run of the sweep under way; each saves a checkpoint"));
    stopRun_ = new QPushButton(tr("Stop selected ru&ns"), this);
    stopRun_->setToolTip(tr("Stop the selected runs of the sweep under way; the others go on"));
    sweepBar->addWidget(newSweep_);
    sweepBar->addWidget(stopSweep_);
    sweepBar->addWidget(stopRun_);
    sweepBar->addStretch(1);
    layout->addLayout(sweepBar);
    sweep_ = new SweepRunner(this);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("runsSplitter"));
    table_ = new QTableView(split);
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(RunTableModel::NameColumn, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(false);
    curves_ = new RunCurvesView(split);
    split->addWidget(table_);
    split->addWidget(curves_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    status_ = new QLabel(tr("Open a folder of runs: a checkpoints/ folder, a sweep (rssm train -m), or a run."), this);
    layout->addWidget(status_);

    connect(open, &QPushButton::clicked, this, [this] { chooseFolder(false); });
    connect(add, &QPushButton::clicked, this, [this] { chooseFolder(true); });
    connect(filter_, &QLineEdit::textChanged, proxy_, &RunFilterProxy::setText);
    connect(keyFilter_, &QComboBox::currentIndexChanged, this, [this] { updateValueFilter(); });
    connect(valueFilter_, &QComboBox::currentIndexChanged, this, [this] {
        if (keyFilter_->currentIndex() <= 0) proxy_->setConfigFilter({}, {});
        else proxy_->setConfigFilter(keyFilter_->currentText().toStdString(), valueFilter_->currentText());
    });
    connect(evaluate_, &QPushButton::clicked, this, &RunsPane::evaluateOpenLoop);
    connect(compare_, &QPushButton::clicked, this, [this] {
        const QStringList paths = checkpointsToCompare();
        if (!paths.isEmpty()) Q_EMIT compareCheckpoints(paths);
    });
    connect(model_, &RunTableModel::tickedChanged, this, &RunsPane::onTicked);
    connect(newSweep_, &QPushButton::clicked, this, [this] { newSweep(); });
    connect(stopSweep_, &QPushButton::clicked, sweep_, &SweepRunner::stopAll);
    connect(stopRun_, &QPushButton::clicked, this, &RunsPane::stopSelectedRuns);
    // A run's start and end show at once, not at the next poll.
    connect(sweep_, &SweepRunner::runStarted, this, [this] { refresh(); });
    connect(sweep_, &SweepRunner::runEnded, this, [this] { refresh(); });
    connect(sweep_, &SweepRunner::finished, this, [this] {
        updateSweepButtons();
        refresh();
    });
    connect(model_, &QAbstractItemModel::modelReset, this, &RunsPane::updateKeyFilter);
    connect(loader_, &BackgroundTask::failed, this, [this](const QString& message) { status_->setText(message); });
    connect(evaluator_, &BackgroundTask::failed, this, [this](const QString& message) {
        model_->setOpenLoopError(evaluating_, message);
        evaluateNext();
    });
    connect(evaluator_, &BackgroundTask::progress, this, [this](double f) {
        status_->setText(tr("Evaluating %1: %2%").arg(QFileInfo(evaluating_).fileName()).arg(static_cast<int>(f * 100)));
    });
    updateKeyFilter();
    updateSweepButtons();

    timer_ = new QTimer(this);
    timer_->setInterval(2000);
    connect(timer_, &QTimer::timeout, this, &RunsPane::refresh);
}

RunsPane::~RunsPane() = default;

void RunsPane::chooseFolder(bool add) {
    const QString dir = QFileDialog::getExistingDirectory(this, add ? tr("Add a folder of runs") : tr("Open a folder of runs"),
                                                          roots_.isEmpty() ? QDir::currentPath() : roots_.back());
    if (dir.isEmpty()) return;
    add ? addFolder(dir) : openFolder(dir);
}

void RunsPane::openFolder(const QString& dir) {
    roots_ = {QFileInfo(dir).absoluteFilePath()};
    curves_->clear();
    load(true);
}

void RunsPane::addFolder(const QString& dir) {
    const QString abs = QFileInfo(dir).absoluteFilePath();
    if (!roots_.contains(abs)) roots_.append(abs);
    load(roots_.size() > 1);  // labels change when a second folder joins
}

void RunsPane::refresh() {
    if (roots_.isEmpty()) return;
    if (loader_->isRunning()) return;  // the next tick reads again
    load(false);
}

void RunsPane::setRefreshInterval(int ms) { timer_->setInterval(ms); }

void RunsPane::load(bool replace) {
    const QStringList roots = roots_;
    status_->setText(replace ? tr("Reading %1…").arg(roots.join(QStringLiteral(", "))) : status_->text());
    // Everything that touches the disk runs here, off the GUI thread; the
    // continuation only hands the rows to the model.
    // A refresh skips the runs that neither run nor grew since the last read.
    std::map<std::string, int64_t> settled;  // run folder -> metrics.csv bytes
    if (!replace)
        for (int r = 0; r < model_->rowCount(); ++r)
            if (model_->run(r).state != RunState::Running) settled[model_->run(r).dir] = model_->run(r).metricsBytes;
    loader_->start([this, roots, replace, settled](const ProgressReporter& progress) -> BackgroundTask::Continuation {
        const double now = epochNow();
        std::vector<std::pair<std::string, QString>> dirs;  // (run folder, root)
        for (const QString& root : roots)
            for (const auto& d : findRunFolders(root.toStdString())) dirs.emplace_back(d, root);
        std::vector<RunTableModel::Loaded> runs;
        QStringList errors;
        for (size_t i = 0; i < dirs.size(); ++i) {
            if (progress.cancelled()) throw Cancelled();
            if (const auto it = settled.find(dirs[i].first); it != settled.end()) {
                std::error_code ec;
                const auto bytes = static_cast<int64_t>(fs::file_size(dirs[i].first + "/metrics.csv", ec));
                if ((ec ? 0 : bytes) == it->second) continue;
            }
            try {
                RunTableModel::Loaded l;
                l.summary = summarizeRun(dirs[i].first, now);
                l.name = labelOf(dirs[i].first, dirs[i].second, roots.size() > 1);
                if (!l.summary.bestCheckpoint.empty()) l.openLoop = readOpenLoopCache(l.summary.bestCheckpoint);
                runs.push_back(std::move(l));
            } catch (const Error& e) {
                errors << QString::fromStdString(e.what());
            }
            progress.report(static_cast<double>(i + 1) / static_cast<double>(dirs.size()));
        }
        return [this, runs = std::move(runs), errors, replace]() mutable {
            // Ticked runs' curves follow their files; only those that grew are redrawn.
            QStringList grown;
            for (const auto& l : runs) {
                const int row = model_->rowOf(QString::fromStdString(l.summary.dir));
                if (row >= 0 && model_->isTicked(row) && model_->run(row).metricsBytes != l.summary.metricsBytes)
                    grown << QString::fromStdString(l.summary.dir);
            }
            if (replace) {
                curves_->clear();  // the rows are new, and none is ticked
                model_->setRuns(std::move(runs));
            } else {
                model_->updateRuns(std::move(runs));
            }
            for (const QString& dir : grown) {
                const int row = model_->rowOf(dir);
                curves_->setRun(dir, model_->name(row), model_->colorOf(row), model_->run(row).metrics);
            }
            if (replace) table_->resizeColumnsToContents();
            showStatus();
            if (!errors.isEmpty()) status_->setText(status_->text() + QStringLiteral("  ") + errors.front());
            if (!timer_->isActive()) timer_->start();
            Q_EMIT runsLoaded(model_->rowCount());
        };
    });
}

void RunsPane::showStatus() {
    int running = 0;
    for (int r = 0; r < model_->rowCount(); ++r) running += model_->run(r).state == RunState::Running;
    status_->setText(tr("%n run(s) in %1", nullptr, model_->rowCount()).arg(roots_.join(QStringLiteral(", "))) +
                     (running ? tr("; %n running, followed live", nullptr, running) : QString()));
}

void RunsPane::onTicked(int row, bool ticked) {
    const QString id = QString::fromStdString(model_->run(row).dir);
    if (ticked) curves_->setRun(id, model_->name(row), model_->colorOf(row), model_->run(row).metrics);
    else curves_->removeRun(id);
}

void RunsPane::updateKeyFilter() {
    const QString current = keyFilter_->currentText();
    const QSignalBlocker block(keyFilter_);
    keyFilter_->clear();
    keyFilter_->addItem(tr(kAnyKey));
    for (const auto& key : model_->configKeys()) keyFilter_->addItem(QString::fromStdString(key));
    const int again = keyFilter_->findText(current);
    keyFilter_->setCurrentIndex(again > 0 ? again : 0);
    updateValueFilter();
}

void RunsPane::updateValueFilter() {
    const QSignalBlocker block(valueFilter_);
    valueFilter_->clear();
    const bool any = keyFilter_->currentIndex() <= 0;
    valueFilter_->setEnabled(!any);
    if (any) {
        proxy_->setConfigFilter({}, {});
        return;
    }
    const std::string key = keyFilter_->currentText().toStdString();
    QStringList values;
    for (int r = 0; r < model_->rowCount(); ++r) {
        const QString v = QString::fromStdString(model_->run(r).configValue(key));
        if (!values.contains(v)) values << v;
    }
    valueFilter_->addItems(values);
    valueFilter_->setCurrentIndex(0);
    proxy_->setConfigFilter(key, valueFilter_->currentText());
}

QStringList RunsPane::checkpointsToCompare() const {
    QList<int> rows;
    for (const QModelIndex& i : table_->selectionModel()->selectedRows()) rows << proxy_->mapToSource(i).row();
    if (rows.isEmpty())
        for (int r = 0; r < model_->rowCount(); ++r)
            if (model_->isTicked(r)) rows << r;
    QStringList paths;
    for (int r : rows)
        if (!model_->run(r).bestCheckpoint.empty()) paths << QString::fromStdString(model_->run(r).bestCheckpoint);
    return paths;
}

void RunsPane::evaluateOpenLoop() {
    QList<int> rows;
    for (const QModelIndex& i : table_->selectionModel()->selectedRows()) rows << proxy_->mapToSource(i).row();
    if (rows.isEmpty())
        for (int r = 0; r < model_->rowCount(); ++r)
            if (!model_->openLoop(r)) rows << r;
    for (int r : rows) {
        const QString dir = QString::fromStdString(model_->run(r).dir);
        if (!model_->run(r).bestCheckpoint.empty() && !evalQueue_.contains(dir) && dir != evaluating_) evalQueue_ << dir;
    }
    if (!evaluator_->isRunning()) evaluateNext();
}

bool RunsPane::isEvaluating() const { return evaluator_->isRunning() || !evalQueue_.isEmpty(); }

void RunsPane::evaluateNext() {
    evaluating_.clear();
    if (evalQueue_.isEmpty()) {
        showStatus();
        return;
    }
    evaluating_ = evalQueue_.takeFirst();
    const int row = model_->rowOf(evaluating_);
    if (row < 0) return evaluateNext();
    const std::string checkpoint = model_->run(row).bestCheckpoint;
    const QString dir = evaluating_;
    evaluator_->start([this, checkpoint, dir](const ProgressReporter& progress) -> BackgroundTask::Continuation {
        // A score cached meanwhile (another window, an earlier request) is used as is.
        std::optional<OpenLoopScore> score = readOpenLoopCache(checkpoint);
        if (!score) {
            score = rssm::evaluateOpenLoop(checkpoint, &progress);
            writeOpenLoopCache(checkpoint, *score);
        }
        return [this, dir, score = *score] {
            model_->setOpenLoop(dir, score);
            Q_EMIT openLoopEvaluated(dir);
            evaluateNext();
        };
    });
}

void RunsPane::waitForIdle() {
    for (int i = 0; i < 100000 && (loader_->isRunning() || isEvaluating()); ++i) {
        loader_->waitForIdle();
        evaluator_->waitForIdle();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
}

void RunsPane::updateSweepButtons() {
    newSweep_->setEnabled(!sweep_->isRunning());
    stopSweep_->setEnabled(sweep_->isRunning());
    stopRun_->setEnabled(sweep_->isRunning());
}

void RunsPane::newSweep(const QString& key, const QString& values) {
    SweepDialog dialog(configSource_ ? configSource_() : Config::defaults(), this);
    dialog.setObjectName(QStringLiteral("sweepDialog"));
    if (!key.isEmpty()) dialog.setAxis(0, key, values);
    if (dialog.exec() != QDialog::Accepted) return;
    const QString error = startSweep(dialog.overrides(), dialog.jobs());
    if (!error.isEmpty()) status_->setText(error);
}

QString RunsPane::startSweep(const std::vector<std::string>& overrides, int jobs) {
    if (sweep_->isRunning()) return tr("A sweep is under way; stop it first.");
    std::unique_ptr<Sweep> sweep;
    try {
        sweep = Sweep::create(configSource_ ? configSource_() : Config::defaults(), overrides);
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    const QString root = QString::fromStdString(sweep->root());
    sweep_->start(std::move(sweep), jobs);
    updateSweepButtons();
    openFolder(root);
    return {};
}

void RunsPane::stopSelectedRuns() {
    if (!sweep_->isRunning()) return;
    for (const QModelIndex& i : table_->selectionModel()->selectedRows()) {
        const QFileInfo dir(QString::fromStdString(model_->run(proxy_->mapToSource(i).row()).dir));
        bool number = false;
        const int index = dir.fileName().toInt(&number);
        if (number && dir.absolutePath() == QFileInfo(sweep_->root()).absoluteFilePath()) sweep_->stopRun(index);
    }
}

QByteArray RunsPane::saveLayout() const { return findChild<QSplitter*>(QStringLiteral("runsSplitter"))->saveState(); }

void RunsPane::restoreLayout(const QByteArray& state) {
    if (!state.isEmpty()) findChild<QSplitter*>(QStringLiteral("runsSplitter"))->restoreState(state);
}

}  // namespace rssm::ui
