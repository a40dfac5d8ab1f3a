#pragma once
#include <map>
#include <optional>
#include <vector>

#include <QAbstractTableModel>
#include <QColor>
#include <QStringList>

#include "eval/OpenLoopScore.h"
#include "train/RunSummary.h"

namespace rssm::ui {

// The Runs table: a row per run folder with its name, state, steps, wall
// time, the config keys that differ between the runs (and only those), the
// last training and validation losses and the best checkpoint's open-loop MSE
// at h = 1, 8, 16. The name cell is checkable: ticked runs are drawn in the
// charts, in the colour its swatch shows. Sorting uses SortRole: numbers as
// numbers, missing values last.
class RunTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int NameColumn = 0, StateColumn = 1, StepsColumn = 2, WallColumn = 3;

    explicit RunTableModel(QObject* parent = nullptr);

    // A run as read off the GUI thread: its folder, its label (the path under
    // the opened folder) and its cached open-loop score.
    struct Loaded {
        RunSummary summary;
        QString name;
        std::optional<OpenLoopScore> openLoop;
    };
    // Replaces every run.
    void setRuns(std::vector<Loaded> runs);
    // Updates the runs already shown (by folder) and appends new ones.
    void updateRuns(std::vector<Loaded> runs);
    void setOpenLoop(const QString& runDir, const OpenLoopScore& score);
    void setOpenLoopError(const QString& runDir, const QString& message);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    const RunSummary& run(int row) const { return runs_[static_cast<size_t>(row)].summary; }
    QString name(int row) const { return runs_[static_cast<size_t>(row)].name; }
    int rowOf(const QString& runDir) const;
    // The swept (differing) keys, as shown in the header.
    const std::vector<std::string>& configKeys() const { return keys_; }
    int columnOfKey(const std::string& key) const;
    int openLoopColumn(size_t horizonIndex) const;
    int trainLossColumn() const { return 4 + static_cast<int>(keys_.size()); }
    int valLossColumn() const { return trainLossColumn() + 1; }

    bool isTicked(int row) const { return runs_[static_cast<size_t>(row)].ticked; }
    void setTicked(int row, bool on);
    QColor colorOf(int row) const { return runs_[static_cast<size_t>(row)].color; }
    std::optional<OpenLoopScore> openLoop(int row) const { return runs_[static_cast<size_t>(row)].openLoop; }

Q_SIGNALS:
    void tickedChanged(int row, bool ticked);

private:
    struct Row {
        RunSummary summary;
        QString name;
        bool ticked = false;
        QColor color;
        std::optional<OpenLoopScore> openLoop;
        QString openLoopError;
    };
    void recomputeKeys();
    QColor nextColor();

    std::vector<Row> runs_;
    std::vector<std::string> keys_;
    int colorsUsed_ = 0;
};

}  // namespace rssm::ui
