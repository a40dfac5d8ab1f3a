#pragma once
#include <functional>
#include <string>
#include <vector>

#include <QStringList>
#include <QWidget>

#include "config/Config.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace rssm::ui {

class BackgroundTask;
class RunCurvesView;
class RunFilterProxy;
class RunTableModel;
class SweepRunner;

// Many runs at once: open a folder that holds runs (a checkpoints/ folder, a
// sweep, a single run) or several folders, and see one row per run (see
// RunTableModel), sorted and filtered; tick runs to overlay their curves;
// evaluate the best checkpoints' open-loop error on demand (off the GUI
// thread, cached in each run folder); send the selected runs' checkpoints to
// the comparison pane. Folders are read off the GUI thread and read again
// every few seconds, so runs still being written update live.
class RunsPane : public QWidget {
    Q_OBJECT
public:
    explicit RunsPane(QWidget* parent = nullptr);
    ~RunsPane() override;

    // Shows the runs in `dir` (replacing what is shown) / adds them.
    void openFolder(const QString& dir);
    void addFolder(const QString& dir);
    QStringList folders() const { return roots_; }
    // Reads every folder again now (the timer does it every refreshMs).
    void refresh();
    void setRefreshInterval(int ms);

    // Evaluates the open-loop error of the selected runs' best checkpoints,
    // or of every run without one when none is selected, one after another.
    void evaluateOpenLoop();
    bool isEvaluating() const;
    // The best checkpoints of the selected runs (of the ticked ones when
    // none is selected), as compareCheckpoints sends them.
    QStringList checkpointsToCompare() const;

    // Asks for a sweep (SweepDialog) of the config source's settings and
    // starts it; a `key` given is the first swept key, `values` its values so far.
    void newSweep(const QString& key = {}, const QString& values = {});
    // Where a sweep started here takes its settings from (the config pane's).
    void setConfigSource(std::function<Config()> source) { configSource_ = std::move(source); }
    // Starts a sweep of the config source's settings with `overrides`
    // (key=a,b,... and logging.name), shows its folder and follows it.
    // Returns the error (naming the run and key) when it is refused.
    QString startSweep(const std::vector<std::string>& overrides, int jobs);
    SweepRunner* sweepRunner() const { return sweep_; }
    // Stops the selected runs of the sweep under way (each saves a checkpoint).
    void stopSelectedRuns();

    RunTableModel* model() const { return model_; }
    RunFilterProxy* proxy() const { return proxy_; }
    QTableView* table() const { return table_; }
    RunCurvesView* curves() const { return curves_; }
    QLineEdit* filterEdit() const { return filter_; }
    QComboBox* keyFilter() const { return keyFilter_; }
    QComboBox* valueFilter() const { return valueFilter_; }

    // Blocks until reads and evaluations under way are delivered (tests, benches).
    void waitForIdle();

    QByteArray saveLayout() const;
    void restoreLayout(const QByteArray& state);

Q_SIGNALS:
    void runsLoaded(int count);
    void openLoopEvaluated(const QString& runDir);
    void compareCheckpoints(const QStringList& checkpointPaths);

private:
    void chooseFolder(bool add);
    void updateSweepButtons();
    void load(bool replace);
    void onTicked(int row, bool ticked);
    void updateKeyFilter();
    void updateValueFilter();
    void evaluateNext();
    void showStatus();

    QStringList roots_;
    RunTableModel* model_ = nullptr;
    RunFilterProxy* proxy_ = nullptr;
    QTableView* table_ = nullptr;
    RunCurvesView* curves_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QComboBox* keyFilter_ = nullptr;
    QComboBox* valueFilter_ = nullptr;
    QPushButton* evaluate_ = nullptr;
    QPushButton* compare_ = nullptr;
    QPushButton* newSweep_ = nullptr;
    QPushButton* stopSweep_ = nullptr;
    QPushButton* stopRun_ = nullptr;
    SweepRunner* sweep_ = nullptr;
    std::function<Config()> configSource_;
    QLabel* status_ = nullptr;
    QTimer* timer_ = nullptr;
    BackgroundTask* loader_ = nullptr;
    BackgroundTask* evaluator_ = nullptr;
    QStringList evalQueue_;  // run folders
    QString evaluating_;
    bool reloadPending_ = false;
};

}  // namespace rssm::ui
