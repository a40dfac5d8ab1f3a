#pragma once
#include <cstdint>
#include <vector>

#include <QAbstractTableModel>

namespace rssm::ui {

// The buffer's episodes as rows of (index, length). Qt::DisplayRole gives the
// numbers as numbers, so a QSortFilterProxyModel sorts them numerically.
class EpisodeListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IndexColumn = 0, LengthColumn, ColumnCount };

    explicit EpisodeListModel(QObject* parent = nullptr);

    void setEpisodeLengths(std::vector<int64_t> lengths);
    int64_t episodeLength(int episode) const { return lengths_.at(static_cast<size_t>(episode)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<int64_t> lengths_;
};

}  // namespace rssm::ui
