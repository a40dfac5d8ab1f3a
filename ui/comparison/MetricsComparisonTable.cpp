#include "comparison/MetricsComparisonTable.h"

#include <cmath>
#include <functional>
#include <limits>

#include "comparison/CheckpointPalette.h"
#include "eval/Evaluator.h"
#include "util/Csv.h"

#include <QHeaderView>

namespace rssm::ui {

namespace {

const double kMissing = std::numeric_limits<double>::quiet_NaN();

}  // namespace

const QString& MetricsComparisonTable::bestMark() {
    static const QString mark = QStringLiteral("\u2605");  // ★
    return mark;
}

const QString& MetricsComparisonTable::worstMark() {
    static const QString mark = QStringLiteral("\u2717");  // ✗
    return mark;
}

MetricsComparisonTable::MetricsComparisonTable(QWidget* parent) : QTableWidget(parent) {
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::ContiguousSelection);
    setAlternatingRowColors(false);  // the rank colours must stand out
    horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

int MetricsComparisonTable::rowOf(const QString& label) const {
    for (int r = 0; r < rowCount(); ++r)
        if (const QTableWidgetItem* h = verticalHeaderItem(r); h && h->text() == label) return r;
    return -1;
}

void MetricsComparisonTable::setColumns(const std::vector<Column>& columns, bool physical) {
    // Two rows per dimension: at a hundred dimensions, sizing every row to its
    // contents on each insert took most of a second. Sized once, at the end.
    setUpdatesEnabled(false);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    struct Restore {
        MetricsComparisonTable* t;
        ~Restore() {
            t->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
            t->setUpdatesEnabled(true);
        }
    } restore{this};
    clear();
    setRowCount(0);
    setColumnCount(static_cast<int>(columns.size()));
    for (int c = 0; c < columnCount(); ++c) {
        auto* header = new QTableWidgetItem(CheckpointPalette::swatch(columns[c].color), columns[c].label);
        setHorizontalHeaderItem(c, header);
    }
    if (columns.empty()) return;

    auto tables = [&](const Column& c) -> std::tuple<const ErrorTable*, const ErrorTable*, const ErrorTable*> {
        if (!c.result) return {nullptr, nullptr, nullptr};
        const EvalResult& r = *c.result;
        if (!physical) return {&r.posterior, &r.prior, &r.holdLast};
        if (!r.physical) return {nullptr, nullptr, nullptr};
        return {&r.posteriorPhysical, &r.priorPhysical, &r.holdLastPhysical};
    };
    // One value per column, NaN where a column lacks it.
    auto values = [&](const std::function<double(const ErrorTable& posterior, const ErrorTable& prior,
                                                 const ErrorTable& hold)>& pick) {
        std::vector<double> v;
        for (const Column& c : columns) {
            const auto [post, prior, hold] = tables(c);
            v.push_back(post ? pick(*post, *prior, *hold) : kMissing);
        }
        return v;
    };
    auto at = [](const std::vector<double>& v, size_t i) { return i < v.size() ? v[i] : kMissing; };

    const EvalResult& first = *columns.front().result;
    const int64_t horizon = first.horizon;
    addRow(QStringLiteral("posterior MSE"), values([](auto& post, auto&, auto&) { return post.mean; }), true,
           QStringLiteral("Reconstruction of every step of the window from the observations"));
    for (int64_t h : {1, 8, 16}) {
        if (h > horizon) continue;
        addRow(QStringLiteral("open-loop MSE h=%1").arg(h),
               values([&](auto&, auto& prior, auto&) { return at(prior.byHorizon, static_cast<size_t>(h - 1)); }), true,
               QStringLiteral("Open-loop prior %1 step(s) after the context, from the recorded actions only").arg(h));
    }
    addRow(QStringLiteral("open-loop MSE whole horizon (%1)").arg(horizon),
           values([](auto&, auto& prior, auto&) { return prior.mean; }), true,
           QStringLiteral("Open-loop prior over all %1 horizon steps").arg(horizon));
    addRow(QStringLiteral("hold last obs. whole horizon"), values([](auto&, auto&, auto& hold) { return hold.mean; }), false,
           QStringLiteral("Reference, not ranked: the last context observation held over the horizon"));
    const size_t dims = first.dimNames.size();
    for (size_t d = 0; d < dims; ++d)
        addRow(QStringLiteral("open-loop MSE %1").arg(QString::fromStdString(first.dimNames[d])),
               values([&](auto&, auto& prior, auto&) { return at(prior.byDim, d); }), true,
               QStringLiteral("Open-loop prior over the whole horizon, this dimension only"));
    for (size_t d = 0; d < dims; ++d)
        addRow(QStringLiteral("posterior MSE %1").arg(QString::fromStdString(first.dimNames[d])),
               values([&](auto& post, auto&, auto&) { return at(post.byDim, d); }), true,
               QStringLiteral("Posterior reconstruction, this dimension only"));
}

void MetricsComparisonTable::addRow(const QString& label, const std::vector<double>& values, bool ranked, const QString& tip) {
    const int row = rowCount();
    insertRow(row);
    auto* header = new QTableWidgetItem(label);
    header->setToolTip(tip);
    setVerticalHeaderItem(row, header);

    // Ranked only when there is something to choose between: two or more
    // finite values that are not all equal.
    int best = -1, worst = -1, finite = 0;
    for (int c = 0; c < static_cast<int>(values.size()); ++c) {
        if (!std::isfinite(values[c])) continue;
        ++finite;
        if (best < 0 || values[c] < values[best]) best = c;
        if (worst < 0 || values[c] > values[worst]) worst = c;
    }
    if (!ranked || finite < 2 || values[best] == values[worst]) best = worst = -1;

    for (int c = 0; c < static_cast<int>(values.size()); ++c) {
        const double v = values[c];
        auto* item = new QTableWidgetItem();
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (!std::isfinite(v)) {
            item->setText(QStringLiteral("\u2014"));
            item->setToolTip(QStringLiteral("not available for this checkpoint (no physical statistics, or no such dimension)"));
            setItem(row, c, item);
            continue;
        }
        item->setData(kValueRole, v);
        QString text = QString::number(v, 'g', 5);
        QFont font = this->font();
        if (c == best) {
            text += QStringLiteral("  ") + bestMark();
            item->setData(kRankRole, QStringLiteral("best"));
            item->setBackground(QColor(0xcc, 0xef, 0xcc));
            item->setToolTip(QStringLiteral("best: the lowest of the %1 checkpoints").arg(finite));
            font.setBold(true);
        } else if (c == worst) {
            text += QStringLiteral("  ") + worstMark();
            item->setData(kRankRole, QStringLiteral("worst"));
            item->setBackground(QColor(0xf6, 0xd0, 0xd0));
            item->setToolTip(QStringLiteral("worst: the highest of the %1 checkpoints").arg(finite));
        } else if (!ranked) {
            font.setItalic(true);
            item->setForeground(QColor(0x60, 0x60, 0x60));
            item->setToolTip(tip);
        }
        item->setFont(font);
        item->setText(text);
        setItem(row, c, item);
    }
}

QByteArray MetricsComparisonTable::toCsv() const {
    // A label's line break (a two-line header) becomes a space: one row a line.
    auto label = [](const QTableWidgetItem* item) {
        return item ? item->text().replace(QLatin1Char('\n'), QLatin1Char(' ')).toStdString() : std::string();
    };
    std::vector<std::string> header{"metric"};
    for (int c = 0; c < columnCount(); ++c) header.push_back(label(horizontalHeaderItem(c)));
    std::string csv = csvRow(header);
    for (int r = 0; r < rowCount(); ++r) {
        std::vector<std::string> cells{label(verticalHeaderItem(r))};
        for (int c = 0; c < columnCount(); ++c) {
            const QTableWidgetItem* cell = item(r, c);
            const QVariant value = cell ? cell->data(kValueRole) : QVariant();
            cells.push_back(value.isValid() ? csvNumber(value.toDouble(), 9) : std::string());
        }
        csv += csvRow(cells);
    }
    return QByteArray::fromStdString(csv);
}

}  // namespace rssm::ui
