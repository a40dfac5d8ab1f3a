#pragma once
#include <string>

#include <QSortFilterProxyModel>

namespace rssm::ui {

// Sorts the Runs table by its SortRole (numbers as numbers) and keeps the
// rows that match a text (in any cell, case-insensitive) and, when one is
// chosen, a config key's value (obs_window = 4).
class RunFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RunFilterProxy(QObject* parent = nullptr);

    void setText(const QString& text);
    // An empty key clears the config filter.
    void setConfigFilter(const std::string& key, const QString& value);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString text_;
    std::string key_;
    QString value_;
};

}  // namespace rssm::ui
