#include "buffer/DimensionStatsModel.h"

#include <QBrush>
#include <QColor>
#include <QPalette>

namespace rssm::ui {

DimensionStatsModel::DimensionStatsModel(QObject* parent) : QAbstractTableModel(parent) {}

void DimensionStatsModel::setSummary(const BufferSummary& summary) {
    beginResetModel();
    summary_ = summary;  // rows_ point into our own copy
    rows_.clear();
    for (const auto& key : summary_.keys)
        for (size_t d = 0; d < key.stats.size(); ++d) rows_.push_back({&key, static_cast<int>(d)});
    endResetModel();
}

void DimensionStatsModel::setPhysical(bool physical) {
    if (physical == physical_) return;
    physical_ = physical;
    if (!rows_.empty()) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

const DimensionStats& DimensionStatsModel::statsOf(const Row& row) const {
    const auto& stats = convertsRow(row) ? row.key->physicalStats : row.key->stats;
    return stats[static_cast<size_t>(row.dim)];
}

int DimensionStatsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int DimensionStatsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DimensionStatsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Row& row = rows_[static_cast<size_t>(index.row())];
    const DimensionStats& s = statsOf(row);
    const int column = index.column();

    QVariant value;
    switch (column) {
    case KeyColumn: value = QString::fromStdString(row.key->name); break;
    case DimColumn: value = row.dim; break;
    case MeanColumn: value = s.mean; break;
    case StdColumn: value = s.std; break;
    case MinColumn: value = s.min; break;
    case MaxColumn: value = s.max; break;
    case NonFiniteColumn: value = static_cast<qlonglong>(s.nonFinite); break;
    default: return {};
    }

    switch (role) {
    case ValueRole: return value;
    case Qt::DisplayRole:
        if (column >= MeanColumn && column <= MaxColumn) {
            if (s.count == 0) return QStringLiteral("–");  // no finite value to summarise
            return QString::number(value.toDouble(), 'g', 6);
        }
        return value;
    case Qt::TextAlignmentRole:
        return column == KeyColumn ? int(Qt::AlignLeft | Qt::AlignVCenter) : int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (physical_ && !convertsRow(row) && column != KeyColumn && column != DimColumn)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        return {};
    case Qt::BackgroundRole:
        if (column == NonFiniteColumn && s.nonFinite > 0) return QBrush(QColor(255, 210, 200));
        return {};
    case Qt::ToolTipRole:
        if (physical_ && !convertsRow(row))
            return tr("rollout_config.yaml has no norm_stats of this width for '%1': values as stored")
                .arg(QString::fromStdString(row.key->name));
        if (column == NonFiniteColumn && s.nonFinite > 0)
            return tr("%1 NaN or infinite values, left out of the other columns").arg(s.nonFinite);
        return {};
    default: return {};
    }
}

QVariant DimensionStatsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case KeyColumn: return tr("key");
    case DimColumn: return tr("dim");
    case MeanColumn: return tr("mean");
    case StdColumn: return tr("std");
    case MinColumn: return tr("min");
    case MaxColumn: return tr("max");
    case NonFiniteColumn: return tr("non-finite");
    default: return {};
    }
}

}  // namespace rssm::ui
