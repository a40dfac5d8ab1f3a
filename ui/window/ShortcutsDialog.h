#pragma once
#include <QDialog>
#include <QList>

class QAction;
class QTableWidget;

namespace rssm::ui {

// F1: every keyboard shortcut of the window, from its actions (so the list
// never goes stale) and the keys the panes handle themselves.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QList<QAction*>& actions, QWidget* parent = nullptr);
    QTableWidget* table() const { return table_; }

private:
    QTableWidget* table_;
};

}  // namespace rssm::ui
