#pragma once
#include <map>
#include <string>

#include <QTabWidget>

namespace rssm {
class Config;
}

namespace rssm::ui {

class ConfigFieldEditor;

// The settings form built from configSchema(): one tab per group (data,
// model, training, logging, eval), each a scrolling column of rows with the
// setting's name, its editor, the accepted range and, under it, why the last
// typed value was refused.
class ConfigForm : public QTabWidget {
    Q_OBJECT
public:
    explicit ConfigForm(QWidget* parent = nullptr);

    // Shows every field's value, except the one named `skipKey` (the one the
    // user is typing in, whose text must not be rewritten under the cursor)
    // and those marked with an error.
    void showConfig(const Config& config, const QString& skipKey = {});
    ConfigFieldEditor* field(const QString& key) const;
    void setFieldError(const QString& key, const QString& message);
    void clearFieldErrors();

Q_SIGNALS:
    void fieldEdited(const QString& key, const QString& valueText);
    void sweepRequested(const QString& key);  // from a field name's context menu

private:
    std::map<QString, ConfigFieldEditor*> fields_;
};

}  // namespace rssm::ui
