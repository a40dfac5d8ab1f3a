#pragma once
#include <string>

#include <QObject>
#include <QString>

#include "config/ConfigSchema.h"

class QLabel;
class QWidget;

namespace rssm {
class Config;
}

namespace rssm::ui {

// The widgets of one setting in the config form: its name, an editor fit for
// its type (a check box for Bool, a combo box for Choice, a line edit for
// numbers, paths and lists, so "3e-4" can be typed as is), the accepted range,
// and the reason the last typed value was refused. The form lays the widgets
// out; this object only keeps them in step with the Config.
class ConfigFieldEditor : public QObject {
    Q_OBJECT
public:
    // The widgets are created as children of `page`.
    ConfigFieldEditor(const ConfigField& field, QWidget* page);

    const ConfigField& field() const { return field_; }
    QString key() const { return QString::fromStdString(field_.key); }

    QLabel* nameLabel() const { return name_; }
    QWidget* editor() const { return editor_; }
    QLabel* rangeLabel() const { return range_; }
    QLabel* errorLabel() const { return error_; }

    // Shows `config`'s value of this field; emits nothing.
    void showValue(const Config& config);
    // Marks the editor as refused with `message` beside it; empty clears the mark.
    void setError(const QString& message);
    bool hasError() const { return !errorText_.isEmpty(); }

Q_SIGNALS:
    // The user changed the value; `valueText` is YAML text for Config::set.
    void edited(const QString& key, const QString& valueText);
    // "Sweep this key…" from the name's context menu (keys SweepPlan::sweepable).
    void sweepRequested(const QString& key);

private:
    QString textFromUser(const QString& typed) const;

    ConfigField field_;
    QLabel* name_ = nullptr;
    QWidget* editor_ = nullptr;
    QLabel* range_ = nullptr;
    QLabel* error_ = nullptr;
    QString errorText_;
};

}  // namespace rssm::ui
