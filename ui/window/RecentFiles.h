#pragma once
#include <QObject>
#include <QString>
#include <QStringList>

class QMenu;

namespace rssm::ui {

// The most recently opened files of one kind (buffers), newest first, kept in
// QSettings under `settingsKey` so they survive restarts. Files that no longer
// exist are left out of the menu.
class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxEntries = 10;

    RecentFiles(const QString& settingsKey, QObject* parent = nullptr);

    QStringList files() const;
    void add(const QString& path);
    void clear();
    // Fills `menu` with one action per file (Ctrl+Shift+1.. for the first nine)
    // and "Clear"; call again after changes (done on changed()).
    void fillMenu(QMenu* menu) const;

Q_SIGNALS:
    void changed();
    void fileChosen(const QString& path);

private:
    QString key_;
};

}  // namespace rssm::ui
