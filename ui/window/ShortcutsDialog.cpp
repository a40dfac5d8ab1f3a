#include "window/ShortcutsDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace rssm::ui {

namespace {

struct PaneKey {
    const char* keys;
    const char* what;
};

// Keys the panes handle in their own widgets rather than through actions.
const PaneKey kPaneKeys[] = {
    {"Up / Down", "Buffer pane: previous / next episode in the list"},
    {"Left / Right", "Buffer and trajectory panes: move the time cursor one step"},
    {"Space", "Trajectory pane: play / pause the time cursor"},
    {"Shift + drag", "Plots: move the time cursor to the mouse"},
    {"Drag / Ctrl+wheel", "Trajectory plots: zoom the x range (linked across the stacked plots)"},
    {"Right-click", "Trajectory plots: zoom out"},
    {"Double-click", "Plots: reset the zoom"},
};

QString plainText(const QString& menuText) {
    QString text = menuText;
    text.remove(QLatin1Char('&'));
    if (text.endsWith(QStringLiteral("..."))) text.chop(3);
    return text;
}

}  // namespace

ShortcutsDialog::ShortcutsDialog(const QList<QAction*>& actions, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Keyboard shortcuts"));
    setObjectName(QStringLiteral("shortcutsDialog"));
    table_ = new QTableWidget(this);
    table_->setObjectName(QStringLiteral("shortcutsTable"));
    table_->setColumnCount(2);
    table_->setHorizontalHeaderLabels({tr("Keys"), tr("What it does")});
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto addRow = [this](const QString& keys, const QString& what) {
        const int row = table_->rowCount();
        table_->insertRow(row);
        table_->setItem(row, 0, new QTableWidgetItem(keys));
        table_->setItem(row, 1, new QTableWidgetItem(what));
    };
    for (QAction* action : actions) {
        if (action->shortcut().isEmpty()) continue;
        addRow(action->shortcut().toString(QKeySequence::NativeText), plainText(action->text()));
    }
    for (const PaneKey& key : kPaneKeys) addRow(QString::fromUtf8(key.keys), tr(key.what));
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table_);
    layout->addWidget(buttons);
    resize(560, 480);
}

}  // namespace rssm::ui
