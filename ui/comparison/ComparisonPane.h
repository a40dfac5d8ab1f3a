#pragma once
#include <memory>
#include <optional>
#include <vector>

#include <QByteArray>
#include <QColor>
#include <QString>
#include <QStringList>
#include <QWidget>

#include "comparison/CheckpointPalette.h"
#include "comparison/CheckpointResults.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTreeWidget;
class QTreeWidgetItem;

namespace rssm {
class Config;
}

namespace rssm::ui {

class CheckpointEvaluationQueue;
class ComparisonCharts;
class MetricsComparisonTable;

// Two or more checkpoints, of one run or several, side by side: their
// evaluation metrics with the best and worst marked, their error-by-horizon
// curves, the same window's predictions over the truth, and their runs' loss
// curves, each checkpoint in one colour throughout. Checkpoints are evaluated
// one after another off the GUI thread; their results are kept, so a new
// episode or start step only predicts again.
class ComparisonPane : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonPane(QWidget* parent = nullptr);
    ~ComparisonPane() override;

    void addCheckpoint(const QString& checkpointPath);  // evaluates it off the GUI thread
    void addCheckpoints(const QStringList& checkpointPaths);
    void removeCheckpoint(const QString& checkpointPath);
    QStringList checkpoints() const;  // absolute paths, in the order added
    // The metrics table as CSV, written to a temporary file and renamed into
    // place; false (with the reason shown in the pane) when it cannot be.
    bool exportCsv(const QString& path);
    QColor colorOf(const QString& checkpointPath) const;

    // Splitter sizes and view settings (units, windows, log scale, loss column, smoothing).
    QByteArray saveLayout() const;
    void restoreLayout(const QByteArray& state);

Q_SIGNALS:
    void evaluated(const QString& checkpointPath);  // results shown (tests wait on it)
    void failed(const QString& checkpointPath, const QString& message);

private:
    struct Entry {
        enum class Status { Queued, Evaluating, Done, Failed };
        QString path;
        Status status = Status::Queued;
        QString message;
        std::optional<CheckpointResults> results;
        QTreeWidgetItem* item = nullptr;
    };

    QWidget* buildCheckpointPanel();
    QWidget* buildTablePanel();
    Entry* find(const QString& path);
    QString labelOf(const Entry& e) const;
    Config evaluationConfig() const;
    void chooseCheckpoints();
    void removeSelected();
    void reevaluateAll();
    void onEvaluated(const QString& path, const CheckpointResults& results);
    void onFailed(const QString& path, const QString& message);
    void onPredicted(const QString& path, const PredictionCurves& curves);
    void updateEntryItem(Entry& e);
    void refreshAll();

    CheckpointPalette palette_;
    std::vector<std::unique_ptr<Entry>> entries_;  // in the order added
    QString lastDir_;
    int usedMaxWindows_ = 0;  // the eval.max_windows of the results shown

    CheckpointEvaluationQueue* queue_ = nullptr;
    QSplitter* mainSplitter_ = nullptr;
    QSplitter* topSplitter_ = nullptr;
    QTreeWidget* list_ = nullptr;
    QPushButton* addButton_ = nullptr;
    QPushButton* removeButton_ = nullptr;
    QSpinBox* maxWindowsSpin_ = nullptr;
    QPushButton* reevaluateButton_ = nullptr;
    QComboBox* unitsCombo_ = nullptr;
    MetricsComparisonTable* table_ = nullptr;
    QLabel* tableStatus_ = nullptr;
    ComparisonCharts* charts_ = nullptr;
};

}  // namespace rssm::ui
