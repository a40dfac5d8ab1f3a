#pragma once
#include <memory>
#include <vector>

#include <QColor>
#include <QString>
#include <QTableWidget>

namespace rssm {
struct EvalResult;
}

namespace rssm::ui {

// The checkpoints' evaluation metrics side by side, a column per checkpoint:
// posterior MSE, open-loop MSE at horizons 1, 8, 16 and over the whole
// horizon, the hold-last baseline for reference, then per dimension. In each
// ranked row the lowest error is marked best (green, bold, ★) and the highest
// worst (red, ✗), so the marks read without colour too.
class MetricsComparisonTable : public QTableWidget {
    Q_OBJECT
public:
    struct Column {
        QString label;  // "run\nstep N"
        QColor color;
        std::shared_ptr<const EvalResult> result;
    };
    // Qt::UserRole + 1 of a cell holds "best", "worst" or nothing.
    static constexpr int kRankRole = Qt::UserRole + 1;
    // Qt::UserRole + 2 of a cell holds the value it shows, unrounded.
    static constexpr int kValueRole = Qt::UserRole + 2;
    static const QString& bestMark();
    static const QString& worstMark();

    explicit MetricsComparisonTable(QWidget* parent = nullptr);

    // Fills the table; `physical` reads the results' physical-unit tables
    // (where a result has none, its cells say so).
    void setColumns(const std::vector<Column>& columns, bool physical);
    // The row whose header is `label`, or -1.
    int rowOf(const QString& label) const;
    // The table as CSV: a metric per row, a checkpoint per column, the
    // unrounded values (empty where a checkpoint has none), no marks.
    QByteArray toCsv() const;

private:
    void addRow(const QString& label, const std::vector<double>& values, bool ranked, const QString& tip);
};

}  // namespace rssm::ui
