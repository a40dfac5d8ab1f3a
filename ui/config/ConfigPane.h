#pragma once
#include <map>

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QWidget>

#include "config/Config.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTimer;
class QTreeWidget;

namespace rssm::ui {

class ConfigForm;

// The run's settings: a form built from the config's schema beside the same
// settings as YAML text, kept in sync both ways; load, save, reset to the
// defaults, the keys that differ from them, and a banner with every reason
// the config cannot train yet. A refused value is marked in place and the
// last valid value of that field is kept.
class ConfigPane : public QWidget {
    Q_OBJECT
public:
    explicit ConfigPane(QWidget* parent = nullptr);

    const rssm::Config& config() const;  // the last valid value of every field
    QStringList problems() const;        // why Start is disabled; empty when the config can train
    void setConfig(const rssm::Config& config);
    // The buffer the buffer pane opened becomes data.buffer_path (and data.rollout_config_path, '' when none).
    void setBufferPath(const QString& bufferPath, const QString& rolloutConfigPath);
    bool loadFile(const QString& path);  // shows the error in the pane on failure
    bool saveFile(const QString& path);
    QByteArray saveLayout() const;
    void restoreLayout(const QByteArray& state);

Q_SIGNALS:
    void configChanged();  // value or problems changed
    // Sweep…: sweep keys of these settings (the Runs pane's New sweep); `key`
    // is the field whose "Sweep this key…" was chosen (empty from the button),
    // `value` its current value, the sweep's first.
    void sweepRequested(const QString& key, const QString& value);

private:
    void onFieldEdited(const QString& key, const QString& valueText);
    void onYamlTyped();
    void parseYaml();
    void showYaml();
    void refresh();
    void showMessage(const QString& text, bool isError);

    rssm::Config config_;
    std::map<QString, QString> fieldErrors_;  // key -> why its typed value was refused
    QString yamlError_;
    bool showingYaml_ = false;  // the YAML text is being set from the config, not typed

    ConfigForm* form_ = nullptr;
    QPlainTextEdit* yaml_ = nullptr;
    QLabel* yamlErrorLabel_ = nullptr;
    QTimer* yamlDebounce_ = nullptr;
    QLabel* banner_ = nullptr;
    QLabel* message_ = nullptr;
    QTreeWidget* differences_ = nullptr;
    QSplitter* split_ = nullptr;
    QSplitter* sideSplit_ = nullptr;
};

}  // namespace rssm::ui
