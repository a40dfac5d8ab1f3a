#include "buffer/DimensionStatsFilter.h"

#include "buffer/DimensionStatsModel.h"

namespace rssm::ui {

DimensionStatsFilter::DimensionStatsFilter(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(DimensionStatsModel::ValueRole);
}

void DimensionStatsFilter::setNeedle(const QString& text) {
    const QString needle = text.trimmed();
    if (needle == needle_) return;
    needle_ = needle;
    invalidateFilter();
}

bool DimensionStatsFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (needle_.isEmpty()) return true;
    const QAbstractItemModel* m = sourceModel();
    const QString key = m->index(sourceRow, DimensionStatsModel::KeyColumn, sourceParent).data(DimensionStatsModel::ValueRole).toString();
    const int dim = m->index(sourceRow, DimensionStatsModel::DimColumn, sourceParent).data(DimensionStatsModel::ValueRole).toInt();
    // The picker's names: "state[3]" (see DimensionPicker::Dimension::name).
    return QStringLiteral("%1[%2]").arg(key).arg(dim).contains(needle_, Qt::CaseInsensitive);
}

}  // namespace rssm::ui
