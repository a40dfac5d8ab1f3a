#include "runs/RunTableModel.h"

#include <cmath>

#include "comparison/CheckpointPalette.h"

namespace rssm::ui {

namespace {

QString number(double v) { return std::isnan(v) ? QString() : QString::number(v, 'g', 4); }

QString duration(double seconds) {
    if (std::isnan(seconds)) return {};
    const auto s = static_cast<qint64>(seconds);
    if (s < 60) return QStringLiteral("%1 s").arg(s);
    if (s < 3600) return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

// Missing numbers sort after every number, in both directions' first screen.
QVariant sortNumber(double v) { return std::isnan(v) ? QVariant(1e300) : QVariant(v); }

}  // namespace

RunTableModel::RunTableModel(QObject* parent) : QAbstractTableModel(parent) {}

QColor RunTableModel::nextColor() { return CheckpointPalette::color(colorsUsed_++ % CheckpointPalette::colorCount()); }

void RunTableModel::setRuns(std::vector<Loaded> runs) {
    beginResetModel();
    runs_.clear();
    colorsUsed_ = 0;
    for (auto& loaded : runs) {
        Row r;
        r.summary = std::move(loaded.summary);
        r.name = loaded.name;
        r.openLoop = std::move(loaded.openLoop);
        r.color = nextColor();  // by position when opened; a run keeps it while shown
        runs_.push_back(std::move(r));
    }
    recomputeKeys();
    endResetModel();
}

void RunTableModel::updateRuns(std::vector<Loaded> runs) {
    std::vector<Row> added;
    for (auto& loaded : runs) {
        const int row = rowOf(QString::fromStdString(loaded.summary.dir));
        if (row < 0) {
            Row r;
            r.summary = std::move(loaded.summary);
            r.name = loaded.name;
            r.openLoop = std::move(loaded.openLoop);
            r.color = nextColor();
            added.push_back(std::move(r));
            continue;
        }
        auto& r = runs_[static_cast<size_t>(row)];
        if (loaded.summary.bestCheckpoint != r.summary.bestCheckpoint) {
            r.openLoop = std::move(loaded.openLoop);
            r.openLoopError.clear();
        }
        r.summary = std::move(loaded.summary);
    }
    const std::vector<std::string> oldKeys = keys_;
    if (!added.empty()) {
        beginInsertRows({}, rowCount(), rowCount() + static_cast<int>(added.size()) - 1);
        for (auto& r : added) runs_.push_back(std::move(r));
        endInsertRows();
    }
    recomputeKeys();
    if (keys_ != oldKeys) {
        beginResetModel();  // the columns changed
        endResetModel();
    } else if (!runs_.empty()) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }
}

void RunTableModel::recomputeKeys() {
    std::vector<const RunSummary*> all;
    for (const auto& r : runs_) all.push_back(&r.summary);
    keys_ = differingKeys(all);
}

int RunTableModel::rowOf(const QString& runDir) const {
    for (size_t i = 0; i < runs_.size(); ++i)
        if (QString::fromStdString(runs_[i].summary.dir) == runDir) return static_cast<int>(i);
    return -1;
}

int RunTableModel::columnOfKey(const std::string& key) const {
    for (size_t i = 0; i < keys_.size(); ++i)
        if (keys_[i] == key) return 4 + static_cast<int>(i);
    return -1;
}

int RunTableModel::openLoopColumn(size_t horizonIndex) const { return valLossColumn() + 1 + static_cast<int>(horizonIndex); }

void RunTableModel::setOpenLoop(const QString& runDir, const OpenLoopScore& score) {
    const int row = rowOf(runDir);
    if (row < 0) return;
    runs_[static_cast<size_t>(row)].openLoop = score;
    runs_[static_cast<size_t>(row)].openLoopError.clear();
    Q_EMIT dataChanged(index(row, openLoopColumn(0)), index(row, columnCount() - 1));
}

void RunTableModel::setOpenLoopError(const QString& runDir, const QString& message) {
    const int row = rowOf(runDir);
    if (row < 0) return;
    runs_[static_cast<size_t>(row)].openLoopError = message;
    Q_EMIT dataChanged(index(row, openLoopColumn(0)), index(row, columnCount() - 1));
}

void RunTableModel::setTicked(int row, bool on) {
    if (row < 0 || row >= rowCount() || runs_[static_cast<size_t>(row)].ticked == on) return;
    runs_[static_cast<size_t>(row)].ticked = on;
    Q_EMIT dataChanged(index(row, 0), index(row, 0), {Qt::CheckStateRole});
    Q_EMIT tickedChanged(row, on);
}

int RunTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(runs_.size()); }

int RunTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : openLoopColumn(0) + static_cast<int>(openLoopHorizons().size());
}

QVariant RunTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Row& r = runs_[static_cast<size_t>(index.row())];
    const RunSummary& s = r.summary;
    const int c = index.column();
    if (c == NameColumn) {
        if (role == Qt::CheckStateRole) return r.ticked ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::DecorationRole) return CheckpointPalette::swatch(r.color);
        if (role == Qt::DisplayRole || role == SortRole) return r.name;
        if (role == Qt::ToolTipRole) return QString::fromStdString(s.dir);
        return {};
    }
    if (c == StateColumn) {
        if (role == Qt::DisplayRole || role == SortRole) return QString::fromLatin1(runStateName(s.state));
        if (role == Qt::ToolTipRole && !s.error.empty()) return QString::fromStdString(s.error);
        if (role == Qt::ForegroundRole && s.state == RunState::Failed) return QColor(0xb0, 0x20, 0x20);
        return {};
    }
    if (role == Qt::TextAlignmentRole) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (c == StepsColumn) {
        if (role == Qt::DisplayRole) return QStringLiteral("%1 / %2").arg(s.step).arg(s.targetSteps);
        if (role == SortRole) return static_cast<qlonglong>(s.step);
        return {};
    }
    if (c == WallColumn) {
        if (role == Qt::DisplayRole) return duration(s.wallTime);
        if (role == SortRole) return sortNumber(s.wallTime);
        return {};
    }
    const int keyIndex = c - 4;
    if (keyIndex < static_cast<int>(keys_.size())) {
        const QString v = QString::fromStdString(s.configValue(keys_[static_cast<size_t>(keyIndex)]));
        if (role == Qt::DisplayRole) return v;
        if (role == SortRole) {
            bool ok = false;
            const double d = v.toDouble(&ok);
            return ok ? QVariant(d) : QVariant(v);
        }
        return {};
    }
    if (c == trainLossColumn() || c == valLossColumn()) {
        const double v = c == trainLossColumn() ? s.trainLoss : s.valLoss;
        if (role == Qt::DisplayRole) return number(v);
        if (role == SortRole) return sortNumber(v);
        return {};
    }
    const size_t h = static_cast<size_t>(c - openLoopColumn(0));
    const double v = r.openLoop && h < r.openLoop->mse.size() ? r.openLoop->mse[h] : NAN;
    if (role == Qt::DisplayRole) return !r.openLoopError.isEmpty() && !r.openLoop ? QStringLiteral("error") : number(v);
    if (role == SortRole) return sortNumber(v);
    if (role == Qt::ToolTipRole) {
        if (!r.openLoopError.isEmpty()) return r.openLoopError;
        if (r.openLoop) return QStringLiteral("%1 (best checkpoint by validation loss)").arg(QString::fromStdString(r.openLoop->checkpoint));
        return tr("Not evaluated yet: select the run and press Evaluate open loop");
    }
    return {};
}

bool RunTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || index.column() != NameColumn || role != Qt::CheckStateRole) return false;
    setTicked(index.row(), value.toInt() == Qt::Checked);
    return true;
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
        case NameColumn: return tr("Run");
        case StateColumn: return tr("Status");
        case StepsColumn: return tr("Steps");
        case WallColumn: return tr("Wall time");
        default: break;
    }
    const int keyIndex = section - 4;
    if (keyIndex >= 0 && keyIndex < static_cast<int>(keys_.size())) return QString::fromStdString(keys_[static_cast<size_t>(keyIndex)]);
    if (section == trainLossColumn()) return tr("Train loss");
    if (section == valLossColumn()) return tr("Val loss");
    const size_t h = static_cast<size_t>(section - openLoopColumn(0));
    if (h < openLoopHorizons().size()) return tr("MSE h=%1").arg(openLoopHorizons()[h]);
    return {};
}

Qt::ItemFlags RunTableModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.column() == NameColumn) f |= Qt::ItemIsUserCheckable;
    return f;
}

}  // namespace rssm::ui
