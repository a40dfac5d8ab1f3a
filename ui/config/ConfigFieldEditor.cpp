#include "config/ConfigFieldEditor.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>

#include "config/Config.h"
#include "train/SweepPlan.h"

namespace rssm::ui {

namespace {

const char* kInvalidStyle = "border: 2px solid #c62828; background: #ffebee;";

// The part of the key below its group: "stoch_dim" of model.stoch_dim,
// "plot.enabled" of eval.plot.enabled.
QString leafName(const std::string& key) {
    const size_t dot = key.find('.');
    return QString::fromStdString(dot == std::string::npos ? key : key.substr(dot + 1));
}

// What a text field's box accepts, in words short enough to sit beside it.
QString rangeText(const ConfigField& field) {
    switch (field.type) {
        case ConfigType::Int: return QString::fromStdString("integer " + describeRange(field));
        case ConfigType::Float: return QString::fromStdString("number " + describeRange(field));
        case ConfigType::StringList: return QStringLiteral("list, e.g. [state, goals]");
        case ConfigType::String: return QStringLiteral("text");
        default: return {};
    }
}

// Words YAML would not read back as the same string: quoted, any text is text.
QString quotedYaml(const QString& text) {
    QString escaped = text;
    escaped.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

}  // namespace

ConfigFieldEditor::ConfigFieldEditor(const ConfigField& field, QWidget* page) : QObject(page), field_(field) {
    const QString key = this->key();
    const QString tip = QStringLiteral("<b>%1</b><br>%2<br><i>Accepted: %3. Default: %4.</i>")
                            .arg(key, QString::fromStdString(field.help).toHtmlEscaped(),
                                 QString::fromStdString(describeAccepted(field)).toHtmlEscaped(),
                                 QString::fromStdString(field.defaultValue.empty() ? "''" : field.defaultValue).toHtmlEscaped());

    name_ = new QLabel(leafName(field.key), page);
    name_->setToolTip(tip);
    name_->setObjectName(key + QStringLiteral(".label"));
    if (SweepPlan::sweepable(field.key)) {
        // Marking a key as swept starts where the user reads its value.
        auto* sweep = new QAction(tr("Sweep %1…").arg(key), name_);
        sweep->setObjectName(key + QStringLiteral(".sweep"));
        connect(sweep, &QAction::triggered, this, [this] { Q_EMIT sweepRequested(this->key()); });
        name_->addAction(sweep);
        name_->setContextMenuPolicy(Qt::ActionsContextMenu);
        name_->setToolTip(tip + QStringLiteral("<br>Right-click to sweep this key over several values."));
    }

    if (field.type == ConfigType::Bool) {
        auto* box = new QCheckBox(page);
        connect(box, &QCheckBox::clicked, this, [this](bool on) {
            Q_EMIT edited(this->key(), on ? QStringLiteral("true") : QStringLiteral("false"));
        });
        editor_ = box;
    } else if (field.type == ConfigType::Choice) {
        auto* combo = new QComboBox(page);
        for (const auto& choice : field.choices) combo->addItem(QString::fromStdString(choice));
        connect(combo, &QComboBox::activated, this, [this, combo](int) { Q_EMIT edited(this->key(), combo->currentText()); });
        editor_ = combo;
    } else {
        auto* line = new QLineEdit(page);
        line->setClearButtonEnabled(false);
        line->setPlaceholderText(field.type == ConfigType::String ? QStringLiteral("(none)") : QString());
        // Every keystroke is checked, so a refused value is marked at once.
        connect(line, &QLineEdit::textEdited, this,
                [this](const QString& typed) { Q_EMIT edited(this->key(), textFromUser(typed)); });
        editor_ = line;
    }
    editor_->setObjectName(key);
    editor_->setToolTip(tip);
    editor_->setProperty("invalid", false);

    range_ = new QLabel(rangeText(field), page);
    range_->setObjectName(key + QStringLiteral(".range"));
    range_->setToolTip(tip);
    range_->setStyleSheet(QStringLiteral("color: palette(mid);"));

    error_ = new QLabel(page);
    error_->setObjectName(key + QStringLiteral(".error"));
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #c62828;"));
    error_->setVisible(false);
}

QString ConfigFieldEditor::textFromUser(const QString& typed) const {
    if (field_.type == ConfigType::String) return quotedYaml(typed);
    return typed.trimmed();
}

void ConfigFieldEditor::showValue(const Config& config) {
    if (auto* box = qobject_cast<QCheckBox*>(editor_)) {
        box->setChecked(config.getBool(field_.key));
    } else if (auto* combo = qobject_cast<QComboBox*>(editor_)) {
        combo->setCurrentText(QString::fromStdString(config.getString(field_.key)));
    } else if (auto* line = qobject_cast<QLineEdit*>(editor_)) {
        const QString text = QString::fromStdString(field_.type == ConfigType::String ? config.getString(field_.key)
                                                                                       : config.text(field_.key));
        if (line->text() != text) line->setText(text);  // keeps the cursor when nothing changed
    }
}

void ConfigFieldEditor::setError(const QString& message) {
    if (message == errorText_) return;
    errorText_ = message;
    const bool invalid = !message.isEmpty();
    editor_->setProperty("invalid", invalid);
    editor_->setStyleSheet(invalid ? QString::fromLatin1(kInvalidStyle) : QString());
    error_->setText(message);
    error_->setVisible(invalid);
}

}  // namespace rssm::ui
