#include "buffer/EpisodeListModel.h"

namespace rssm::ui {

EpisodeListModel::EpisodeListModel(QObject* parent) : QAbstractTableModel(parent) {}

void EpisodeListModel::setEpisodeLengths(std::vector<int64_t> lengths) {
    beginResetModel();
    lengths_ = std::move(lengths);
    endResetModel();
}

int EpisodeListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(lengths_.size());
}

int EpisodeListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant EpisodeListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    if (role == Qt::DisplayRole) {
        if (index.column() == IndexColumn) return index.row();
        return static_cast<qlonglong>(lengths_[static_cast<size_t>(index.row())]);
    }
    if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant EpisodeListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case IndexColumn: return tr("episode");
    case LengthColumn: return tr("length");
    default: return {};
    }
}

}  // namespace rssm::ui
