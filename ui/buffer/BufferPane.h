#pragma once
#include <memory>

#include <QByteArray>
#include <QString>
#include <QWidget>

class QCheckBox;
class QFrame;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace rssm {
class ReplayBuffer;
}

namespace rssm::ui {

class PlotAreaAligner;

class BufferLoader;
class BufferSummaryView;
class CameraFramePanel;
class DimensionPicker;
class DimensionStatsFilter;
class DimensionStatsModel;
class EpisodeListModel;
class EpisodePlot;
class StackedEpisodePlots;
struct LoadedBuffer;

// The buffer pane: opens a replay buffer off the GUI thread and shows its
// summary, its episodes, per-dimension statistics in stored or physical
// units, plots of the chosen episode's dimensions with a step cursor, and the
// camera frame at the cursor. A load that fails shows the reader's message
// and leaves the buffer shown before untouched. This class only assembles
// the parts and keeps them in step.
class BufferPane : public QWidget {
    Q_OBJECT
public:
    explicit BufferPane(QWidget* parent = nullptr);
    ~BufferPane() override;

    // Starts loading off the GUI thread; the shown buffer stays until the new one has loaded.
    void openBuffer(const QString& path, const QString& rolloutConfigPath = {});
    void cancelLoading();
    bool isLoading() const;
    QString bufferPath() const;          // the buffer shown; empty when none
    QString rolloutConfigPath() const;   // the one in use; empty when none
    std::shared_ptr<const rssm::ReplayBuffer> buffer() const;
    QByteArray saveLayout() const;       // splitter sizes etc., for QSettings
    void restoreLayout(const QByteArray& state);

    // The episode whose dimensions are plotted; -1 when none.
    int currentEpisode() const { return episode_; }

Q_SIGNALS:
    void bufferOpened(const QString& path, const QString& rolloutConfigPath);
    void loadFailed(const QString& path, const QString& message);
    void loadingChanged(bool loading);

private:
    QWidget* buildLoadingRow();
    QWidget* buildErrorBanner();
    QWidget* buildEpisodeView();
    QWidget* buildPlotArea();
    QWidget* buildStatsArea();

    void showLoaded(std::shared_ptr<const LoadedBuffer> loaded);
    void showError(const QString& path, const QString& message);
    void selectEpisode(int episode);
    void stepEpisode(int delta);  // the next or previous row of the episode table
    void onCurrentEpisodeRowChanged();
    void replot();
    void moveCursor(int step);
    bool physicalUnits() const;

    BufferLoader* loader_;
    std::shared_ptr<const LoadedBuffer> loaded_;
    int episode_ = -1;
    // Physical units as the user last chose them; applied whenever a buffer has a rollout config.
    bool preferPhysical_ = false;

    QFrame* errorBanner_ = nullptr;
    QLabel* errorMessage_ = nullptr;
    QWidget* loadingRow_ = nullptr;
    QLabel* loadingLabel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QCheckBox* physical_ = nullptr;
    QCheckBox* stacked_ = nullptr;
    DimensionStatsFilter* statsFilter_ = nullptr;  // sorts the statistics and follows the picker's filter  // one plot per observation dimension
    StackedEpisodePlots* stackedPlots_ = nullptr;
    QStackedWidget* observationStack_ = nullptr;  // the one-axis plot or the stack
    QLabel* episodeTitle_ = nullptr;

    BufferSummaryView* summary_ = nullptr;
    EpisodeListModel* episodes_ = nullptr;
    QSortFilterProxyModel* episodeSort_ = nullptr;
    QTableView* episodeTable_ = nullptr;
    DimensionStatsModel* stats_ = nullptr;
    QTableView* statsTable_ = nullptr;
    DimensionPicker* picker_ = nullptr;
    EpisodePlot* observationPlot_ = nullptr;
    EpisodePlot* actionPlot_ = nullptr;
    PlotAreaAligner* plotAligner_ = nullptr;  // the observation plot over the action plot
    QSlider* stepSlider_ = nullptr;
    QLabel* stepLabel_ = nullptr;
    CameraFramePanel* camera_ = nullptr;

    QSplitter* mainSplitter_ = nullptr;
    QSplitter* leftSplitter_ = nullptr;
    QSplitter* rightSplitter_ = nullptr;
    QSplitter* plotSplitter_ = nullptr;
    QSplitter* chartSplitter_ = nullptr;
};

}  // namespace rssm::ui
