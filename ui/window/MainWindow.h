#pragma once
#include <QMainWindow>

class QTabWidget;

namespace rssm::ui {

class BufferPane;
class ComparisonPane;
class RunsPane;
class ConfigPane;
class RecentFiles;
class TrainingPane;
class TrajectoryPane;
class WorkbenchStatusBar;

// The workbench window. It only assembles the panes, gives them a menu, a
// toolbar and a status bar, and passes what one pane produces to the next
// (the opened buffer to the config, checkpoints to the trajectory and
// comparison panes); the panes do the work, through core/.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens what `path` is: a buffer (.pkl, .h5, ...), a run folder, a
    // checkpoint (.pt: trajectory and comparison panes) or a config (.yaml).
    void openPath(const QString& path);
    void openBuffer(const QString& path);
    void openSampleBuffer();
    void showShortcuts();

    BufferPane* bufferPane() const { return bufferPane_; }
    ConfigPane* configPane() const { return configPane_; }
    TrainingPane* trainingPane() const { return trainingPane_; }
    TrajectoryPane* trajectoryPane() const { return trajectoryPane_; }
    ComparisonPane* comparisonPane() const { return comparisonPane_; }
    RunsPane* runsPane() const { return runsPane_; }
    WorkbenchStatusBar* workbenchStatusBar() const { return statusBar_; }
    RecentFiles* recentBuffers() const { return recentBuffers_; }
    QTabWidget* tabs() const { return tabs_; }

    // Window geometry, toolbar, current pane and each pane's splitters, in QSettings.
    void saveLayout() const;
    void restoreLayout();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void connectPanes();
    void chooseBuffer();
    void chooseRunFolder();
    void chooseCheckpoints();

    QTabWidget* tabs_ = nullptr;
    BufferPane* bufferPane_ = nullptr;
    ConfigPane* configPane_ = nullptr;
    TrainingPane* trainingPane_ = nullptr;
    TrajectoryPane* trajectoryPane_ = nullptr;
    ComparisonPane* comparisonPane_ = nullptr;
    RunsPane* runsPane_ = nullptr;
    WorkbenchStatusBar* statusBar_ = nullptr;
    RecentFiles* recentBuffers_ = nullptr;
};

}  // namespace rssm::ui
