#pragma once
#include <QStringList>
#include <QWidget>

#include "training/RunCheckpoint.h"

class QPushButton;
class QTreeWidget;

namespace rssm::ui {

// A run's checkpoints, newest last, each openable in the trajectory pane
// (double-click, or the button) and addable to the comparison pane (several
// at once).
class CheckpointList : public QWidget {
    Q_OBJECT
public:
    explicit CheckpointList(QWidget* parent = nullptr);

    void setCheckpoints(const RunCheckpoints& checkpoints);
    void addCheckpoint(const RunCheckpoint& checkpoint);  // ignored when already listed
    void clear();
    RunCheckpoints checkpoints() const { return checkpoints_; }
    QStringList selectedPaths() const;
    QTreeWidget* table() const { return table_; }

Q_SIGNALS:
    void openInTrajectory(const QString& checkpointPath);
    void addToComparison(const QStringList& checkpointPaths);

private:
    void updateButtons();

    RunCheckpoints checkpoints_;
    QTreeWidget* table_ = nullptr;
    QPushButton* openButton_ = nullptr;
    QPushButton* compareButton_ = nullptr;
};

}  // namespace rssm::ui
