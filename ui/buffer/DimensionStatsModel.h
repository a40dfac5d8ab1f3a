#pragma once
#include <vector>

#include <QAbstractTableModel>

#include "data/BufferSummary.h"

namespace rssm::ui {

// One row per element of every numeric key: key, dim, mean, std, min, max and
// the count of non-finite values, over all steps. In physical units the rows
// of keys that rollout_config.yaml has statistics for show x * std + mean; the
// other keys stay as stored (greyed, with a tooltip saying so).
class DimensionStatsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { KeyColumn = 0, DimColumn, MeanColumn, StdColumn, MinColumn, MaxColumn, NonFiniteColumn, ColumnCount };
    // The unrounded number behind a cell (DisplayRole is the rounded text).
    static constexpr int ValueRole = Qt::UserRole + 1;

    explicit DimensionStatsModel(QObject* parent = nullptr);

    void setSummary(const BufferSummary& summary);
    void setPhysical(bool physical);
    bool isPhysical() const { return physical_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        const BufferSummary::Key* key;
        int dim;
    };
    const DimensionStats& statsOf(const Row& row) const;
    bool convertsRow(const Row& row) const { return physical_ && !row.key->physicalStats.empty(); }

    BufferSummary summary_;
    std::vector<Row> rows_;
    bool physical_ = false;
};

}  // namespace rssm::ui
