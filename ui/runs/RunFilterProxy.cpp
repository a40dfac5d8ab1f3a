#include "runs/RunFilterProxy.h"

#include "runs/RunTableModel.h"

namespace rssm::ui {

RunFilterProxy::RunFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(RunTableModel::SortRole);
    setDynamicSortFilter(true);
}

void RunFilterProxy::setText(const QString& text) {
    text_ = text.trimmed();
    invalidateFilter();
}

void RunFilterProxy::setConfigFilter(const std::string& key, const QString& value) {
    key_ = key;
    value_ = value;
    invalidateFilter();
}

bool RunFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const auto* model = qobject_cast<const RunTableModel*>(sourceModel());
    if (!model) return true;
    if (!key_.empty() && QString::fromStdString(model->run(sourceRow).configValue(key_)) != value_) return false;
    if (text_.isEmpty()) return true;
    for (int c = 0; c < model->columnCount(); ++c)
        if (model->index(sourceRow, c, sourceParent).data().toString().contains(text_, Qt::CaseInsensitive)) return true;
    return false;
}

}  // namespace rssm::ui
