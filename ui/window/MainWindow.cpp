#include "window/MainWindow.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QTabWidget>
#include <QToolBar>

#include "buffer/BufferPane.h"
#include "comparison/ComparisonPane.h"
#include "config/ConfigPane.h"
#include "runs/RunsPane.h"
#include "training/TrainingPane.h"
#include "trajectory/TrajectoryPane.h"
#include "window/BundledSample.h"
#include "window/RecentFiles.h"
#include "window/ShortcutsDialog.h"
#include "window/WorkbenchStatusBar.h"

namespace rssm::ui {

namespace {

const char* kBufferFilter = "Replay buffers (*.pkl *.pickle *.h5 *.hdf5);;All files (*)";
const char* kCheckpointFilter = "Checkpoints (*.pt);;All files (*)";

// Enough of a path to tell buf.pkl files apart: its folder and its name.
QString shortPath(const QString& path) {
    const QFileInfo info(path);
    return info.dir().dirName() + QLatin1Char('/') + info.fileName();
}

// Open dialogs start where the last one left off (any kind of file).
QString lastFolder() { return QSettings().value(QStringLiteral("dialogs/lastFolder")).toString(); }
void rememberFolder(const QString& path) {
    if (path.isEmpty()) return;
    const QFileInfo info(path);
    QSettings().setValue(QStringLiteral("dialogs/lastFolder"), info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("RSSM workbench"));
    setAcceptDrops(true);

    bufferPane_ = new BufferPane(this);
    configPane_ = new ConfigPane(this);
    trainingPane_ = new TrainingPane(configPane_, this);
    trajectoryPane_ = new TrajectoryPane(this);
    comparisonPane_ = new ComparisonPane(this);
    runsPane_ = new RunsPane(this);

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("paneTabs"));
    tabs_->setDocumentMode(true);
    tabs_->addTab(bufferPane_, tr("&Buffer"));
    tabs_->addTab(configPane_, tr("&Config"));
    tabs_->addTab(trainingPane_, tr("T&raining"));
    tabs_->addTab(trajectoryPane_, tr("Tra&jectory"));
    tabs_->addTab(comparisonPane_, tr("Co&mparison"));
    tabs_->addTab(runsPane_, tr("R&uns"));
    setCentralWidget(tabs_);

    statusBar_ = new WorkbenchStatusBar(this);
    setStatusBar(statusBar_);
    recentBuffers_ = new RecentFiles(QStringLiteral("recent/buffers"), this);

    buildMenus();
    connectPanes();
    resize(1600, 1000);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openBufferAction = file->addAction(tr("&Open buffer..."), this, &MainWindow::chooseBuffer);
    openBufferAction->setShortcut(QKeySequence::Open);
    openBufferAction->setObjectName(QStringLiteral("openBufferAction"));
    file->addAction(tr("Open &sample buffer"), this, &MainWindow::openSampleBuffer)->setEnabled(!bundledSampleBuffer().isEmpty());
    QMenu* recent = file->addMenu(tr("&Recent buffers"));
    recent->setObjectName(QStringLiteral("recentMenu"));
    recentBuffers_->fillMenu(recent);
    connect(recentBuffers_, &RecentFiles::changed, this, [this, recent] { recentBuffers_->fillMenu(recent); });
    connect(recentBuffers_, &RecentFiles::fileChosen, this, &MainWindow::openBuffer);
    file->addSeparator();
    QAction* openRunAction = file->addAction(tr("Open &run folder..."), this, &MainWindow::chooseRunFolder);
    openRunAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QAction* openCheckpointAction = file->addAction(tr("Open chec&kpoint..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open checkpoint"), lastFolder(), tr(kCheckpointFilter));
        rememberFolder(path);
        if (!path.isEmpty()) openPath(path);
    });
    openCheckpointAction->setObjectName(QStringLiteral("openCheckpointAction"));
    openCheckpointAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    file->addAction(tr("Add &checkpoints to comparison..."), this, &MainWindow::chooseCheckpoints)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    file->addSeparator();
    file->addAction(tr("&Load config..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Load config"), lastFolder(), tr("YAML (*.yaml *.yml)"));
        rememberFolder(path);
        if (!path.isEmpty()) configPane_->loadFile(path);
    });
    file->addAction(tr("&Save config as..."), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save config"), QStringLiteral("config.yaml"),
                                                          tr("YAML (*.yaml *.yml)"));
        if (!path.isEmpty()) configPane_->saveFile(path);
    })->setShortcut(QKeySequence::Save);
    file->addSeparator();
    // QKeySequence::Quit is empty on some platforms (offscreen, plain X11): spelled out.
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));

    QMenu* training = menuBar()->addMenu(tr("&Training"));
    const QList<QAction*> runActions = {trainingPane_->startAction(), trainingPane_->pauseAction(),
                                        trainingPane_->resumeAction(), trainingPane_->stopAction()};
    training->addActions(runActions);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < tabs_->count(); ++i) {
        QString name = tabs_->tabText(i);
        QAction* show = view->addAction(name.remove(QLatin1Char('&')) + tr(" pane"), this,
                                        [this, i] { tabs_->setCurrentIndex(i); });
        show->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* shortcuts = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setShortcut(QKeySequence::HelpContents);
    shortcuts->setShortcutContext(Qt::ApplicationShortcut);
    help->addAction(tr("&About"), this, [this] {
        QMessageBox::about(this, tr("About RSSM workbench"),
                           tr("RSSM workbench %1: train and study world models of robot replay buffers.")
                               .arg(QCoreApplication::applicationVersion()));
    });

    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(openBufferAction);
    toolbar->addAction(openRunAction);
    toolbar->addSeparator();
    toolbar->addActions(runActions);
}

void MainWindow::connectPanes() {
    connect(bufferPane_, &BufferPane::bufferOpened, this, [this](const QString& path, const QString& rollout) {
        statusBar_->setBuffer(path);
        recentBuffers_->add(path);
        // Start trains on the buffer last opened: said where the user looks, not changed silently.
        const QString before = QString::fromStdString(configPane_->config().getString("data.buffer_path"));
        configPane_->setBufferPath(path, rollout);
        if (!before.isEmpty() && QFileInfo(before).absoluteFilePath() != QFileInfo(path).absoluteFilePath())
            statusBar_->showMessage(tr("Start now trains on %1 (was %2); see the Config pane").arg(shortPath(path), shortPath(before)),
                                    15000);
        setWindowTitle(tr("%1 - RSSM workbench").arg(shortPath(path)));
    });
    connect(bufferPane_, &BufferPane::loadFailed, this, [this](const QString& path, const QString&) {
        statusBar_->showMessage(tr("Could not open %1; the previous buffer stays open").arg(path), 8000);
    });
    connect(trainingPane_, &TrainingPane::runChanged, statusBar_, &WorkbenchStatusBar::setRun);
    connect(trainingPane_, &TrainingPane::runtimeChanged, statusBar_, &WorkbenchStatusBar::setRuntime);
    connect(trainingPane_, &TrainingPane::checkpointSaved, trajectoryPane_, &TrajectoryPane::addCheckpoint);
    connect(trainingPane_, &TrainingPane::openInTrajectory, this, [this](const QString& checkpoint) {
        trajectoryPane_->openCheckpoint(checkpoint);
        tabs_->setCurrentWidget(trajectoryPane_);
    });
    runsPane_->setConfigSource([this] { return configPane_->config(); });
    connect(configPane_, &ConfigPane::sweepRequested, this, [this](const QString& key, const QString& value) {
        tabs_->setCurrentWidget(runsPane_);
        runsPane_->newSweep(key, value);
    });
    connect(runsPane_, &RunsPane::compareCheckpoints, this, [this](const QStringList& checkpoints) {
        comparisonPane_->addCheckpoints(checkpoints);
        tabs_->setCurrentWidget(comparisonPane_);
    });
    connect(trainingPane_, &TrainingPane::addToComparison, this, [this](const QStringList& checkpoints) {
        comparisonPane_->addCheckpoints(checkpoints);
        tabs_->setCurrentWidget(comparisonPane_);
    });
}

void MainWindow::openPath(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir()) {
        trainingPane_->openRunFolder(info.absoluteFilePath());
        tabs_->setCurrentWidget(trainingPane_);
    } else if (info.suffix() == QLatin1String("pt")) {
        trajectoryPane_->openCheckpoint(info.absoluteFilePath());
        comparisonPane_->addCheckpoint(info.absoluteFilePath());
        tabs_->setCurrentWidget(trajectoryPane_);
    } else if (info.suffix() == QLatin1String("yaml") || info.suffix() == QLatin1String("yml")) {
        configPane_->loadFile(info.absoluteFilePath());
        tabs_->setCurrentWidget(configPane_);
    } else {
        openBuffer(path);
    }
}

void MainWindow::openBuffer(const QString& path) {
    bufferPane_->openBuffer(QFileInfo(path).absoluteFilePath());
    tabs_->setCurrentWidget(bufferPane_);
}

void MainWindow::openSampleBuffer() {
    const QString sample = bundledSampleBuffer();
    if (sample.isEmpty()) {
        statusBar_->showMessage(tr("The bundled sample buffer is not installed beside this program"), 8000);
        return;
    }
    openBuffer(sample);
}

void MainWindow::showShortcuts() {
    QList<QAction*> actions;
    for (QAction* menu : menuBar()->actions()) {
        if (!menu->menu()) continue;
        for (QAction* action : menu->menu()->actions()) actions << action;
    }
    auto* dialog = new ShortcutsDialog(actions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::chooseBuffer() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open replay buffer"), lastFolder(), tr(kBufferFilter));
    rememberFolder(path);
    if (!path.isEmpty()) openBuffer(path);
}

void MainWindow::chooseRunFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open run folder"), lastFolder());
    rememberFolder(dir);
    if (!dir.isEmpty()) openPath(dir);
}

void MainWindow::chooseCheckpoints() {
    const QStringList paths =
        QFileDialog::getOpenFileNames(this, tr("Add checkpoints"), lastFolder(), tr(kCheckpointFilter));
    if (paths.isEmpty()) return;
    rememberFolder(paths.front());
    comparisonPane_->addCheckpoints(paths);
    tabs_->setCurrentWidget(comparisonPane_);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!event->mimeData()->hasUrls()) return;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (!url.isLocalFile()) return;
    }
    event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList checkpoints;
    for (const QUrl& url : event->mimeData()->urls()) {
        const QString path = url.toLocalFile();
        // Several checkpoints dropped together are a comparison.
        if (QFileInfo(path).suffix() == QLatin1String("pt")) checkpoints << path;
        else openPath(path);
    }
    if (checkpoints.size() == 1) openPath(checkpoints.front());
    if (checkpoints.size() > 1) {
        comparisonPane_->addCheckpoints(checkpoints);
        tabs_->setCurrentWidget(comparisonPane_);
    }
    event->acceptProposedAction();
}

void MainWindow::saveLayout() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/pane"), tabs_->currentIndex());
    settings.setValue(QStringLiteral("panes/buffer"), bufferPane_->saveLayout());
    settings.setValue(QStringLiteral("panes/config"), configPane_->saveLayout());
    settings.setValue(QStringLiteral("panes/training"), trainingPane_->saveLayout());
    settings.setValue(QStringLiteral("panes/trajectory"), trajectoryPane_->saveLayout());
    settings.setValue(QStringLiteral("panes/comparison"), comparisonPane_->saveLayout());
}

void MainWindow::restoreLayout() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    tabs_->setCurrentIndex(settings.value(QStringLiteral("window/pane"), 0).toInt());
    bufferPane_->restoreLayout(settings.value(QStringLiteral("panes/buffer")).toByteArray());
    configPane_->restoreLayout(settings.value(QStringLiteral("panes/config")).toByteArray());
    trainingPane_->restoreLayout(settings.value(QStringLiteral("panes/training")).toByteArray());
    trajectoryPane_->restoreLayout(settings.value(QStringLiteral("panes/trajectory")).toByteArray());
    comparisonPane_->restoreLayout(settings.value(QStringLiteral("panes/comparison")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (trainingPane_->isTraining()) {
        const auto answer = QMessageBox::question(
            this, tr("Training is running"),
            tr("Stop the run and quit? The trainer saves a checkpoint when it stops."));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        trainingPane_->stopAction()->trigger();
    }
    saveLayout();
    event->accept();
}

}  // namespace rssm::ui
