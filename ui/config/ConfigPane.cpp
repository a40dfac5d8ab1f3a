#include "config/ConfigPane.h"

#include <QDataStream>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "config/ConfigFieldEditor.h"
#include "config/ConfigForm.h"
#include "config/ConfigSchema.h"
#include "util/Error.h"

namespace rssm::ui {

namespace {

constexpr quint32 kLayoutVersion = 1;
constexpr int kYamlDebounceMs = 300;

QString yamlQuoted(const QString& text) {
    QString escaped = text;
    escaped.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

QLabel* heading(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setStyleSheet(QStringLiteral("font-weight: bold;"));
    return label;
}

}  // namespace

ConfigPane::ConfigPane(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("configPane"));

    auto* loadButton = new QPushButton(QStringLiteral("Load…"), this);
    loadButton->setObjectName(QStringLiteral("loadConfigButton"));
    loadButton->setToolTip(QStringLiteral("Read settings from a YAML file; keys it leaves out keep their defaults."));
    auto* saveButton = new QPushButton(QStringLiteral("Save…"), this);
    saveButton->setObjectName(QStringLiteral("saveConfigButton"));
    saveButton->setToolTip(QStringLiteral("Write the settings as YAML (to a temporary file, then renamed into place)."));
    auto* resetButton = new QPushButton(QStringLiteral("Reset to defaults"), this);
    resetButton->setObjectName(QStringLiteral("resetConfigButton"));
    resetButton->setToolTip(QStringLiteral("Every setting back to its default (resources/config/train_default.yaml)."));
    auto* sweepButton = new QPushButton(QStringLiteral("Sweep…"), this);
    sweepButton->setObjectName(QStringLiteral("sweepConfigButton"));
    sweepButton->setToolTip(QStringLiteral("Train several runs of these settings: mark keys as swept and give their values."));
    connect(sweepButton, &QPushButton::clicked, this, [this] { Q_EMIT sweepRequested({}, {}); });
    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("configMessage"));
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QHBoxLayout();
    buttons->addWidget(loadButton);
    buttons->addWidget(saveButton);
    buttons->addWidget(resetButton);
    buttons->addWidget(sweepButton);
    buttons->addWidget(message_, 1);

    banner_ = new QLabel(this);
    banner_->setObjectName(QStringLiteral("problemsBanner"));
    banner_->setWordWrap(true);
    banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    banner_->setMargin(6);

    form_ = new ConfigForm(this);

    yaml_ = new QPlainTextEdit(this);
    yaml_->setObjectName(QStringLiteral("yamlEditor"));
    yaml_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    yaml_->setLineWrapMode(QPlainTextEdit::NoWrap);
    yaml_->setToolTip(QStringLiteral("The same settings as YAML; edits here update the form once you pause typing."));
    yamlErrorLabel_ = new QLabel(this);
    yamlErrorLabel_->setObjectName(QStringLiteral("yamlError"));
    yamlErrorLabel_->setWordWrap(true);
    yamlErrorLabel_->setStyleSheet(QStringLiteral("color: #c62828;"));
    yamlErrorLabel_->setVisible(false);
    yamlDebounce_ = new QTimer(this);
    yamlDebounce_->setSingleShot(true);
    yamlDebounce_->setInterval(kYamlDebounceMs);

    differences_ = new QTreeWidget(this);
    differences_->setObjectName(QStringLiteral("differencesTable"));
    differences_->setHeaderLabels({QStringLiteral("Key"), QStringLiteral("Value"), QStringLiteral("Default")});
    differences_->setRootIsDecorated(false);
    differences_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* yamlBox = new QWidget(this);
    auto* yamlColumn = new QVBoxLayout(yamlBox);
    yamlColumn->setContentsMargins(0, 0, 0, 0);
    yamlColumn->addWidget(heading(QStringLiteral("YAML"), yamlBox));
    yamlColumn->addWidget(yaml_, 1);
    yamlColumn->addWidget(yamlErrorLabel_);
    auto* diffBox = new QWidget(this);
    auto* diffColumn = new QVBoxLayout(diffBox);
    diffColumn->setContentsMargins(0, 0, 0, 0);
    diffColumn->addWidget(heading(QStringLiteral("Differs from the defaults"), diffBox));
    diffColumn->addWidget(differences_, 1);

    sideSplit_ = new QSplitter(Qt::Vertical, this);
    sideSplit_->setObjectName(QStringLiteral("configSideSplit"));
    sideSplit_->addWidget(yamlBox);
    sideSplit_->addWidget(diffBox);
    sideSplit_->setStretchFactor(0, 3);
    sideSplit_->setStretchFactor(1, 1);
    split_ = new QSplitter(Qt::Horizontal, this);
    split_->setObjectName(QStringLiteral("configSplit"));
    split_->addWidget(form_);
    split_->addWidget(sideSplit_);
    split_->setStretchFactor(0, 3);
    split_->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(banner_);
    layout->addWidget(split_, 1);

    connect(form_, &ConfigForm::fieldEdited, this, &ConfigPane::onFieldEdited);
    connect(form_, &ConfigForm::sweepRequested, this, [this](const QString& key) {
        Q_EMIT sweepRequested(key, QString::fromStdString(config_.text(key.toStdString())));
    });
    connect(yaml_, &QPlainTextEdit::textChanged, this, &ConfigPane::onYamlTyped);
    connect(yamlDebounce_, &QTimer::timeout, this, &ConfigPane::parseYaml);
    connect(resetButton, &QPushButton::clicked, this, [this] {
        setConfig(Config());
        showMessage(QStringLiteral("Every setting is at its default."), false);
    });
    connect(loadButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Load settings"), {},
                                                          QStringLiteral("YAML (*.yaml *.yml);;All files (*)"));
        if (!path.isEmpty()) loadFile(path);
    });
    connect(saveButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save settings"), QStringLiteral("train.yaml"),
                                                          QStringLiteral("YAML (*.yaml *.yml)"));
        if (!path.isEmpty()) saveFile(path);
    });

    setConfig(Config());
}

const Config& ConfigPane::config() const { return config_; }

QStringList ConfigPane::problems() const {
    QStringList out;
    // Field errors in schema order, so the first reason is the first field.
    for (const ConfigField& field : configSchema()) {
        const auto it = fieldErrors_.find(QString::fromStdString(field.key));
        if (it != fieldErrors_.end()) out << it->second;
    }
    if (!yamlError_.isEmpty()) out << yamlError_;
    for (const std::string& problem : config_.problems()) out << QString::fromStdString(problem);
    return out;
}

void ConfigPane::setConfig(const Config& config) {
    config_ = config;
    fieldErrors_.clear();
    yamlError_.clear();
    yamlDebounce_->stop();
    form_->clearFieldErrors();
    form_->showConfig(config_);
    showYaml();
    refresh();
}

void ConfigPane::setBufferPath(const QString& bufferPath, const QString& rolloutConfigPath) {
    Config next = config_;
    try {
        next.set("data.buffer_path", yamlQuoted(bufferPath).toStdString());
        next.set("data.rollout_config_path", yamlQuoted(rolloutConfigPath).toStdString());
    } catch (const Error& e) {
        showMessage(QString::fromStdString(e.what()), true);
        return;
    }
    config_ = next;
    fieldErrors_.erase(QStringLiteral("data.buffer_path"));
    fieldErrors_.erase(QStringLiteral("data.rollout_config_path"));
    form_->setFieldError(QStringLiteral("data.buffer_path"), {});
    form_->setFieldError(QStringLiteral("data.rollout_config_path"), {});
    form_->showConfig(config_);
    showYaml();
    refresh();
}

bool ConfigPane::loadFile(const QString& path) {
    try {
        Config loaded = Config::load(path.toStdString());
        setConfig(loaded);
    } catch (const Error& e) {
        showMessage(QStringLiteral("Not loaded: ") + QString::fromStdString(e.what()), true);
        return false;
    }
    showMessage(QStringLiteral("Loaded ") + QDir::toNativeSeparators(path), false);
    return true;
}

bool ConfigPane::saveFile(const QString& path) {
    try {
        config_.save(path.toStdString());
    } catch (const Error& e) {
        showMessage(QStringLiteral("Not saved: ") + QString::fromStdString(e.what()), true);
        return false;
    }
    showMessage(QStringLiteral("Saved ") + QDir::toNativeSeparators(path), false);
    return true;
}

void ConfigPane::onFieldEdited(const QString& key, const QString& valueText) {
    try {
        config_.set(key.toStdString(), valueText.toStdString());
        fieldErrors_.erase(key);
        form_->setFieldError(key, {});
    } catch (const Error& e) {
        const QString message = QString::fromStdString(e.what());
        fieldErrors_[key] = message;
        form_->setFieldError(key, message);
    }
    // The form is now the latest edit: its values replace any broken YAML text.
    yamlError_.clear();
    yamlDebounce_->stop();
    form_->showConfig(config_, key);
    showYaml();
    refresh();
}

void ConfigPane::onYamlTyped() {
    if (showingYaml_) return;
    yamlDebounce_->start();
}

void ConfigPane::parseYaml() {
    try {
        Config parsed = Config::parse(yaml_->toPlainText().toStdString(), "YAML text");
        config_ = parsed;
        yamlError_.clear();
        fieldErrors_.clear();
        form_->clearFieldErrors();
        form_->showConfig(config_);
    } catch (const Error& e) {
        yamlError_ = QString::fromStdString(e.what());
    }
    refresh();
}

void ConfigPane::showYaml() {
    const QString text = QString::fromStdString(config_.toYaml());
    if (yaml_->toPlainText() == text) return;
    showingYaml_ = true;
    // Keep the reader's place in the text when the form changes one line.
    const int scroll = yaml_->verticalScrollBar()->value();
    yaml_->setPlainText(text);
    yaml_->verticalScrollBar()->setValue(scroll);
    showingYaml_ = false;
}

void ConfigPane::refresh() {
    yamlErrorLabel_->setText(yamlError_);
    yamlErrorLabel_->setVisible(!yamlError_.isEmpty());

    const QStringList found = problems();
    if (found.isEmpty()) {
        banner_->setText(QStringLiteral("Ready to train."));
        banner_->setStyleSheet(QStringLiteral("background: #e8f5e9; color: #1b5e20; border-radius: 3px;"));
    } else {
        QString html = QStringLiteral("<b>Cannot train yet:</b><ul style=\"margin: 0px;\">");
        for (const QString& problem : found) html += QStringLiteral("<li>") + problem.toHtmlEscaped() + QStringLiteral("</li>");
        banner_->setText(html + QStringLiteral("</ul>"));
        banner_->setStyleSheet(QStringLiteral("background: #ffebee; color: #b71c1c; border-radius: 3px;"));
    }

    differences_->clear();
    for (const auto& [key, value] : config_.differencesFromDefaults()) {
        const ConfigField* field = findConfigField(key);
        auto* item = new QTreeWidgetItem(differences_, {QString::fromStdString(key), QString::fromStdString(value),
                                                         QString::fromStdString(field ? field->defaultValue : std::string())});
        item->setToolTip(0, QString::fromStdString(key + "=" + value));
    }
    Q_EMIT configChanged();
}

void ConfigPane::showMessage(const QString& text, bool isError) {
    message_->setText(text);
    message_->setStyleSheet(isError ? QStringLiteral("color: #c62828;") : QString());
}

QByteArray ConfigPane::saveLayout() const {
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kLayoutVersion << split_->saveState() << sideSplit_->saveState() << form_->currentIndex();
    return state;
}

void ConfigPane::restoreLayout(const QByteArray& state) {
    QDataStream in(state);
    quint32 version = 0;
    QByteArray split, side;
    int tab = 0;
    in >> version >> split >> side >> tab;
    if (in.status() != QDataStream::Ok || version != kLayoutVersion) return;
    split_->restoreState(split);
    sideSplit_->restoreState(side);
    if (tab >= 0 && tab < form_->count()) form_->setCurrentIndex(tab);
}

}  // namespace rssm::ui
