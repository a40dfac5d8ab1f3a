#pragma once
#include <QSortFilterProxyModel>

namespace rssm::ui {

// The statistics table as the user reads it: sorted by any column on its
// numbers (not their text), and showing only the dimensions the dimension
// picker's filter matches ("state[1" keeps state[1], state[10], ...).
class DimensionStatsFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit DimensionStatsFilter(QObject* parent = nullptr);
    // The picker's filter text; empty shows every dimension.
    void setNeedle(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString needle_;
};

}  // namespace rssm::ui
