#include "config/ConfigForm.h"

#include <QGridLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include "config/Config.h"
#include "config/ConfigFieldEditor.h"
#include "config/ConfigSchema.h"

namespace rssm::ui {

namespace {

QString groupOf(const std::string& key) { return QString::fromStdString(key.substr(0, key.find('.'))); }

QString groupDescription(const QString& group) {
    if (group == QLatin1String("data")) return QStringLiteral("The replay buffer, and how it is cut into windows and split by episode.");
    if (group == QLatin1String("model")) return QStringLiteral("The optional observation VAE, the RSSM's sizes, and the loss weights.");
    if (group == QLatin1String("training")) return QStringLiteral("The optimisation loop, and how often it validates, saves and logs.");
    if (group == QLatin1String("logging")) return QStringLiteral("Where the run's checkpoints and logs go: dir/name.");
    if (group == QLatin1String("eval")) return QStringLiteral("Open-loop prediction from a checkpoint, and its plots.");
    return {};
}

}  // namespace

ConfigForm::ConfigForm(QWidget* parent) : QTabWidget(parent) {
    setObjectName(QStringLiteral("configForm"));
    QGridLayout* grid = nullptr;
    QWidget* page = nullptr;
    QString currentGroup;
    int row = 0;
    for (const ConfigField& field : configSchema()) {
        const QString group = groupOf(field.key);
        if (group != currentGroup) {
            currentGroup = group;
            auto* scroll = new QScrollArea(this);
            scroll->setObjectName(group + QStringLiteral("Tab"));
            scroll->setWidgetResizable(true);
            page = new QWidget(scroll);
            auto* column = new QVBoxLayout(page);
            auto* about = new QLabel(groupDescription(group), page);
            about->setWordWrap(true);
            about->setStyleSheet(QStringLiteral("font-style: italic;"));
            column->addWidget(about);
            grid = new QGridLayout();
            grid->setHorizontalSpacing(10);
            grid->setVerticalSpacing(2);
            grid->setColumnStretch(1, 1);
            column->addLayout(grid);
            column->addStretch(1);
            scroll->setWidget(page);
            addTab(scroll, group);
            row = 0;
        }
        auto* editor = new ConfigFieldEditor(field, page);
        grid->addWidget(editor->nameLabel(), row, 0);
        grid->addWidget(editor->editor(), row, 1);
        grid->addWidget(editor->rangeLabel(), row, 2);
        ++row;
        grid->addWidget(editor->errorLabel(), row, 1, 1, 2);
        ++row;
        fields_[editor->key()] = editor;
        connect(editor, &ConfigFieldEditor::edited, this, &ConfigForm::fieldEdited);
        connect(editor, &ConfigFieldEditor::sweepRequested, this, &ConfigForm::sweepRequested);
    }
}

void ConfigForm::showConfig(const Config& config, const QString& skipKey) {
    // A field showing a refused value keeps it, so the user can correct it.
    for (auto& [key, editor] : fields_)
        if (key != skipKey && !editor->hasError()) editor->showValue(config);
}

ConfigFieldEditor* ConfigForm::field(const QString& key) const {
    const auto it = fields_.find(key);
    return it == fields_.end() ? nullptr : it->second;
}

void ConfigForm::setFieldError(const QString& key, const QString& message) {
    if (ConfigFieldEditor* editor = field(key)) editor->setError(message);
}

void ConfigForm::clearFieldErrors() {
    for (auto& [key, editor] : fields_) editor->setError({});
}

}  // namespace rssm::ui
