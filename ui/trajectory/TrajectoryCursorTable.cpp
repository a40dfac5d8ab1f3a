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
    horizontalHeaderItem(PredictedColumn)->setToolTip(
        tr("The posterior's reconstruction within the context, the open-loop prior's mean after it"));
    verticalHeader()->setVisible(false);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    horizontalHeader()->setSectionResizeMode(DimensionColumn, QHeaderView::ResizeToContents);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAlternatingRowColors(true);
}

QString TrajectoryCursorTable::format(double value) {
    if (!std::isfinite(value)) return {};
    return QString::number(value, 'g', 5);
}

void TrajectoryCursorTable::clearRows() { setRowCount(0); }

void TrajectoryCursorTable::showStep(const PredictedTrajectory& p, const std::vector<int>& dims, int64_t t) {
    if (p.empty() || t < 0 || t >= p.steps()) {
        clearRows();
        return;
    }
    setRowCount(static_cast<int>(dims.size()));
    const Qt::Alignment right = Qt::AlignRight;
    for (int row = 0; row < static_cast<int>(dims.size()); ++row) {
        const int d = dims[static_cast<size_t>(row)];
        const double truth = p.truthAt(t, d), predicted = p.predictedAt(t, d);
        QTableWidgetItem* name = cell(p.dimNames.value(d), Qt::AlignLeft);
        name->setIcon(swatch(d));
        setItem(row, DimensionColumn, name);
        setItem(row, TrueColumn, cell(format(truth), right));
        setItem(row, PredictedColumn, cell(format(predicted), right));
        setItem(row, StdColumn, cell(format(p.priorStdAt(t, d)), right));
        setItem(row, ErrorColumn, cell(format(predicted - truth), right));
    }
}

}  // namespace rssm::ui
