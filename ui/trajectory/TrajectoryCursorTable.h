#pragma once
#include <cstdint>
#include <vector>

#include <QStringList>
#include <QTableWidget>

namespace rssm::ui {

struct PredictedTrajectory;

// The numbers under the time cursor, one row per shown dimension: the true
// value, the model's prediction of it (the posterior within the context,
// the open-loop prior's mean after), the prior's spread and the error.
class TrajectoryCursorTable : public QTableWidget {
    Q_OBJECT
public:
    enum Column { DimensionColumn, TrueColumn, PredictedColumn, StdColumn, ErrorColumn, ColumnCount };

    explicit TrajectoryCursorTable(QWidget* parent = nullptr);

    // Window step `t` (0 is the window's first) of the listed dimensions.
    void showStep(const PredictedTrajectory& trajectory, const std::vector<int>& dims, int64_t t);
    void clearRows();

    // How a value reads in the table; a missing one (NaN) is empty.
    static QString format(double value);

private:
    // The rows' dimensions and names as last shown: moving the cursor only
    // changes the numbers, so the items stay and take new text.
    std::vector<int> rowDims_;
    QStringList rowNames_;
};

}  // namespace rssm::ui
