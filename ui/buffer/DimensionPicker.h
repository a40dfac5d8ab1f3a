#pragma once
#include <QString>
#include <QVector>
#include <QWidget>

class QLineEdit;
class QListWidget;

namespace rssm::ui {

// Which dimensions the episode plots show: a filter box over a checkable list
// of "state[0]" .. "action[2]". Checks survive opening another buffer with the
// same dimensions; otherwise the first few state dims and all action dims are
// checked.
class DimensionPicker : public QWidget {
    Q_OBJECT
public:
    struct Dimension {
        QString key;
        int element = 0;
        QString name() const { return QStringLiteral("%1[%2]").arg(key).arg(element); }
    };
    static constexpr int kDefaultStateDims = 4;

    explicit DimensionPicker(QWidget* parent = nullptr);

    // Keys in the order they are listed, each with its width.
    void setKeys(const QVector<QPair<QString, int>>& keys);
    QVector<Dimension> checkedDimensions() const;
    void setChecked(const QString& name, bool checked);

Q_SIGNALS:
    void checkedChanged();
    void filterChanged(const QString& text);  // the filter box's text, as typed

private:
    void applyFilter(const QString& text);

    QLineEdit* filter_;
    QListWidget* list_;
};

}  // namespace rssm::ui
