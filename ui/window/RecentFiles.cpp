#include "window/RecentFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace rssm::ui {

RecentFiles::RecentFiles(const QString& settingsKey, QObject* parent) : QObject(parent), key_(settingsKey) {}

QStringList RecentFiles::files() const {
    QStringList existing;
    for (const QString& path : QSettings().value(key_).toStringList()) {
        if (QFileInfo::exists(path)) existing << path;
    }
    return existing;
}

void RecentFiles::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = QSettings().value(key_).toStringList();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxEntries) list.removeLast();
    QSettings().setValue(key_, list);
    Q_EMIT changed();
}

void RecentFiles::clear() {
    QSettings().remove(key_);
    Q_EMIT changed();
}

void RecentFiles::fillMenu(QMenu* menu) const {
    menu->clear();
    const QStringList list = files();
    for (int i = 0; i < list.size(); ++i) {
        const QString path = list[i];
        QAction* action = menu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QDir::toNativeSeparators(path)));
        if (i < 9) action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, path] { Q_EMIT const_cast<RecentFiles*>(this)->fileChosen(path); });
    }
    if (list.isEmpty()) menu->addAction(tr("(none yet)"))->setEnabled(false);
    menu->addSeparator();
    QAction* clearAction = menu->addAction(tr("Clear recent files"));
    clearAction->setEnabled(!list.isEmpty());
    connect(clearAction, &QAction::triggered, this, [this] { const_cast<RecentFiles*>(this)->clear(); });
}

}  // namespace rssm::ui
