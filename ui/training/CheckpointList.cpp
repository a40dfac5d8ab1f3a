#include "training/CheckpointList.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace rssm::ui {

CheckpointList::CheckpointList(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("checkpointList"));
    table_ = new QTreeWidget(this);
    table_->setObjectName(QStringLiteral("checkpointTable"));
    table_->setHeaderLabels({QStringLiteral("Step"), QStringLiteral("Checkpoint")});
    table_->setRootIsDecorated(false);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table_->header()->setStretchLastSection(true);

    openButton_ = new QPushButton(QStringLiteral("Open in trajectory"), this);
    openButton_->setObjectName(QStringLiteral("openInTrajectoryButton"));
    openButton_->setToolTip(QStringLiteral("Predict trajectories with the selected checkpoint (or double-click it)."));
    compareButton_ = new QPushButton(QStringLiteral("Add to comparison"), this);
    compareButton_->setObjectName(QStringLiteral("addToComparisonButton"));
    compareButton_->setToolTip(QStringLiteral("Evaluate the selected checkpoints side by side."));

    auto* buttons = new QHBoxLayout();
    buttons->addWidget(openButton_);
    buttons->addWidget(compareButton_);
    auto* title = new QLabel(QStringLiteral("Checkpoints"), this);
    title->setStyleSheet(QStringLiteral("font-weight: bold;"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(table_, 1);
    layout->addLayout(buttons);

    connect(table_, &QTreeWidget::itemSelectionChanged, this, &CheckpointList::updateButtons);
    connect(table_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item, int) {
        Q_EMIT openInTrajectory(item->data(0, Qt::UserRole).toString());
    });
    connect(openButton_, &QPushButton::clicked, this, [this] {
        const QStringList paths = selectedPaths();
        if (!paths.isEmpty()) Q_EMIT openInTrajectory(paths.back());
    });
    connect(compareButton_, &QPushButton::clicked, this, [this] {
        const QStringList paths = selectedPaths();
        if (!paths.isEmpty()) Q_EMIT addToComparison(paths);
    });
    updateButtons();
}

void CheckpointList::setCheckpoints(const RunCheckpoints& checkpoints) {
    if (checkpoints == checkpoints_) return;
    const QStringList selected = selectedPaths();
    clear();
    for (const RunCheckpoint& c : checkpoints) addCheckpoint(c);
    for (int i = 0; i < table_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = table_->topLevelItem(i);
        item->setSelected(selected.contains(item->data(0, Qt::UserRole).toString()));
    }
}

void CheckpointList::addCheckpoint(const RunCheckpoint& checkpoint) {
    for (const RunCheckpoint& c : checkpoints_)
        if (c.path == checkpoint.path) return;
    checkpoints_.append(checkpoint);
    auto* item = new QTreeWidgetItem(table_, {QString::number(checkpoint.step), QFileInfo(checkpoint.path).fileName()});
    item->setData(0, Qt::UserRole, checkpoint.path);
    item->setToolTip(1, QDir::toNativeSeparators(checkpoint.path));
    item->setTextAlignment(0, Qt::AlignRight | Qt::AlignVCenter);
    table_->scrollToItem(item);
}

void CheckpointList::clear() {
    checkpoints_.clear();
    table_->clear();
    updateButtons();
}

QStringList CheckpointList::selectedPaths() const {
    QStringList paths;
    for (int i = 0; i < table_->topLevelItemCount(); ++i) {  // in step order, not click order
        QTreeWidgetItem* item = table_->topLevelItem(i);
        if (item->isSelected()) paths << item->data(0, Qt::UserRole).toString();
    }
    return paths;
}

void CheckpointList::updateButtons() {
    const int selected = static_cast<int>(table_->selectedItems().size());
    openButton_->setEnabled(selected >= 1);
    compareButton_->setEnabled(selected >= 1);
}

}  // namespace rssm::ui
