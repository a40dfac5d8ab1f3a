#include "buffer/BufferSummaryView.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "data/BufferSummary.h"

namespace rssm::ui {

namespace {

QString shapeText(const std::vector<int64_t>& shape) {
    QStringList parts;
    for (int64_t n : shape) parts << QString::number(n);
    return QStringLiteral("(") + parts.join(QStringLiteral(", ")) + (shape.size() == 1 ? QStringLiteral(",)") : QStringLiteral(")"));
}

}  // namespace

BufferSummaryView::BufferSummaryView(QWidget* parent) : QWidget(parent), keys_(new QTableWidget(0, 4, this)) {
    auto* form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    path_ = addRow(form, tr("Buffer"), QStringLiteral("summaryPath"));
    format_ = addRow(form, tr("Format"), QStringLiteral("summaryFormat"));
    episodes_ = addRow(form, tr("Episodes"), QStringLiteral("summaryEpisodes"));
    transitions_ = addRow(form, tr("Transitions"), QStringLiteral("summaryTransitions"));
    lengths_ = addRow(form, tr("Episode length"), QStringLiteral("summaryLengths"));
    dimensions_ = addRow(form, tr("Dimensions"), QStringLiteral("summaryDimensions"));
    rollout_ = addRow(form, tr("Rollout config"), QStringLiteral("summaryRolloutConfig"));
    // Long paths wrap anywhere rather than widen the pane.
    path_->setWordWrap(true);
    rollout_->setWordWrap(true);

    keys_->setObjectName(QStringLiteral("keysTable"));
    keys_->setHorizontalHeaderLabels({tr("key"), tr("role"), tr("dtype"), tr("shape")});
    keys_->verticalHeader()->hide();
    keys_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    keys_->setSelectionMode(QAbstractItemView::NoSelection);
    keys_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    keys_->horizontalHeader()->setStretchLastSection(true);
    keys_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(keys_, 1);
    clear();
}

QLabel* BufferSummaryView::addRow(QFormLayout* form, const QString& label, const QString& objectName) {
    auto* value = new QLabel(this);
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(label + QStringLiteral(":"), value);
    return value;
}

void BufferSummaryView::clear() {
    for (QLabel* l : {path_, format_, episodes_, transitions_, lengths_, dimensions_, rollout_}) l->setText(QStringLiteral("–"));
    path_->setText(tr("none open"));
    path_->setToolTip({});
    keys_->setRowCount(0);
}

void BufferSummaryView::setSummary(const BufferSummary& s, const QString& rolloutConfigPath) {
    const QString path = QString::fromStdString(s.path);
    path_->setText(path);
    path_->setToolTip(path);
    format_->setText(QString::fromStdString(s.format));
    episodes_->setText(QString::number(s.episodes));
    transitions_->setText(QString::number(s.transitions));
    lengths_->setText(tr("min %1, mean %2, max %3").arg(s.minLength).arg(s.meanLength, 0, 'f', 1).arg(s.maxLength));
    dimensions_->setText(tr("state %1, action %2").arg(s.stateDim).arg(s.actionDim));
    rollout_->setText(rolloutConfigPath.isEmpty() ? tr("none (physical units unavailable)") : rolloutConfigPath);
    rollout_->setToolTip(rolloutConfigPath);

    keys_->setRowCount(static_cast<int>(s.keys.size()));
    for (int r = 0; r < static_cast<int>(s.keys.size()); ++r) {
        const auto& k = s.keys[static_cast<size_t>(r)];
        const QString shape = k.role == "frames" ? tr("%1 JPEG frames").arg(k.frameCount) : shapeText(k.shape);
        const QStringList cells = {QString::fromStdString(k.name), QString::fromStdString(k.role),
                                   QString::fromStdString(k.dtype), shape};
        for (int c = 0; c < cells.size(); ++c) keys_->setItem(r, c, new QTableWidgetItem(cells[c]));
    }
}

}  // namespace rssm::ui
