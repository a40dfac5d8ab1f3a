#include "trajectory/TrajectoryCursorTable.h"

#include <cmath>

#include <QHeaderView>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

#include "charts/TrajectoryChart.h"
#include "trajectory/PredictedTrajectory.h"

namespace rssm::ui {

namespace {

QTableWidgetItem* cell(const QString& text, Qt::Alignment alignment) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(alignment | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

// A swatch of the dimension's colour, as in its chart.
QIcon swatch(int dim) {
    QPixmap p(12, 12);
    p.fill(TrajectoryChart::dimensionColor(dim));
    return QIcon(p);
}

}  // namespace

TrajectoryCursorTable::TrajectoryCursorTable(QWidget* parent) : QTableWidget(0, ColumnCount, parent) {
    setHorizontalHeaderLabels({tr("dimension"), tr("true"), tr("predicted"), tr("prior std"), tr("error")});
    horizontalHeaderItem(ErrorColumn)->setToolTip(tr("predicted \u2212 true"));
    horizontalHeaderItem(StdColumn)->setToolTip(tr("The open-loop prior's standard deviation; \u2013 within the context, where there is no prior"));
    horizontalHeaderItem(PredictedColumn)->setToolTip(
        tr("The posterior's reconstruction within the context, the open-loop prior's mean after it"));
    verticalHeader()->setVisible(false);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    // Sized once per set of rows (showStep), not to its contents on every
    // change: at a hundred rows that redid every row's width for each number
    // set, a stall on every cursor step.
    horizontalHeader()->setSectionResizeMode(DimensionColumn, QHeaderView::Interactive);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAlternatingRowColors(true);
}

QString TrajectoryCursorTable::format(double value) {
    if (!std::isfinite(value)) return {};
    return QString::number(value, 'g', 5);
}

void TrajectoryCursorTable::clearRows() {
    setRowCount(0);
    rowDims_.clear();
    rowNames_.clear();
}

void TrajectoryCursorTable::showStep(const PredictedTrajectory& p, const std::vector<int>& dims, int64_t t) {
    if (p.empty() || t < 0 || t >= p.steps()) {
        clearRows();
        return;
    }
    const Qt::Alignment right = Qt::AlignRight;
    if (rowDims_ != dims || rowNames_ != p.dimNames) {
        // Other rows: built once here, then only their text changes.
        setUpdatesEnabled(false);
        setRowCount(0);
        setRowCount(static_cast<int>(dims.size()));
        for (int row = 0; row < static_cast<int>(dims.size()); ++row) {
            const int d = dims[static_cast<size_t>(row)];
            QTableWidgetItem* name = cell(p.dimNames.value(d), Qt::AlignLeft);
            name->setIcon(swatch(d));
            setItem(row, DimensionColumn, name);
            for (int column : {TrueColumn, PredictedColumn, StdColumn, ErrorColumn}) setItem(row, column, cell(QString(), right));
        }
        rowDims_ = dims;
        rowNames_ = p.dimNames;
        resizeColumnToContents(DimensionColumn);
        setUpdatesEnabled(true);
    }
    for (int row = 0; row < static_cast<int>(dims.size()); ++row) {
        const int d = dims[static_cast<size_t>(row)];
        const double truth = p.truthAt(t, d), predicted = p.predictedAt(t, d);
        item(row, TrueColumn)->setText(format(truth));
        item(row, PredictedColumn)->setText(format(predicted));
        const QString spread = format(p.priorStdAt(t, d));
        item(row, StdColumn)->setText(spread.isEmpty() ? QStringLiteral("–") : spread);  // no prior in the context
        item(row, ErrorColumn)->setText(format(predicted - truth));
    }
}

}  // namespace rssm::ui
