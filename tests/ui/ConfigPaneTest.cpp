// The config pane through its widgets: typed values are checked at once and
// a refused one blocks the training pane's Start with the reason; the form
// and the YAML text follow each other; the differences from the defaults,
// reset, save and load.
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTextCursor>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

#include "config/Config.h"
#include "config/ConfigPane.h"
#include "train/RunFolder.h"
#include "training/TrainingPane.h"

using namespace rssm;
using namespace rssm::ui;

namespace {

QLineEdit* lineEdit(QWidget& pane, const char* key) {
    auto* edit = pane.findChild<QLineEdit*>(QString::fromLatin1(key));
    if (!edit) qFatal("no line edit %s", key);
    return edit;
}

// Replaces a field's text as a user would: select all, type.
void typeInto(QLineEdit* edit, const QString& text) {
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    if (text.isEmpty()) QTest::keyClick(edit, Qt::Key_Delete);
    else QTest::keyClicks(edit, text);
}

QLabel* errorLabel(QWidget& pane, const char* key) {
    return pane.findChild<QLabel*>(QString::fromLatin1(key) + QStringLiteral(".error"));
}

// Replaces `from` with `to` in the YAML editor through its text cursor.
void editYaml(QPlainTextEdit* yaml, const QString& from, const QString& to) {
    QTextCursor found = yaml->document()->find(from);
    QVERIFY2(!found.isNull(), qPrintable(from));
    found.insertText(to);
}

QStringList differenceKeys(QWidget& pane) {
    auto* table = pane.findChild<QTreeWidget*>(QStringLiteral("differencesTable"));
    QStringList keys;
    for (int i = 0; i < table->topLevelItemCount(); ++i) keys << table->topLevelItem(i)->text(0);
    return keys;
}

}  // namespace

class ConfigPaneTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startsAtTheDefaults() {
        ConfigPane pane;
        QVERIFY(pane.config() == Config());
        QVERIFY(pane.problems().isEmpty());
        QCOMPARE(lineEdit(pane, "model.stoch_dim")->text(), QStringLiteral("32"));
        QCOMPARE(lineEdit(pane, "training.lr")->text(), QString::fromStdString(Config().text("training.lr")));
        // Every field has a range label and a tooltip with its help.
        QVERIFY(pane.findChild<QLabel*>(QStringLiteral("model.stoch_dim.range"))->text().contains(QStringLiteral("from 1 to 4096")));
        QVERIFY(lineEdit(pane, "model.stoch_dim")->toolTip().contains(QStringLiteral("stochastic state")));
        QVERIFY(differenceKeys(pane).isEmpty());
        QVERIFY(pane.findChild<QLabel*>(QStringLiteral("problemsBanner"))->text().contains(QStringLiteral("Ready")));
    }

    void invalidValueIsMarkedAndDisablesStart() {
        ConfigPane config;
        TrainingPane training(&config);
        auto* start = training.findChild<QToolButton*>(QStringLiteral("startButton"));
        auto* reason = training.findChild<QLabel*>(QStringLiteral("startBlockedReason"));
        QVERIFY(start->isEnabled());
        QVERIFY(reason->text().isEmpty());

        QLineEdit* stoch = lineEdit(config, "model.stoch_dim");
        typeInto(stoch, QStringLiteral("0"));
        QVERIFY(stoch->property("invalid").toBool());
        QVERIFY(!errorLabel(config, "model.stoch_dim")->isHidden());
        QVERIFY(errorLabel(config, "model.stoch_dim")->text().contains(QStringLiteral("from 1 to 4096")));
        QCOMPARE(config.config().getInt("model.stoch_dim"), 32);  // the last valid value is kept
        QCOMPARE(config.problems().size(), 1);
        QVERIFY(config.problems().front().startsWith(QStringLiteral("model.stoch_dim=0")));
        QVERIFY(!start->isEnabled());
        QVERIFY(!training.startAction()->isEnabled());
        QVERIFY(reason->text().contains(QStringLiteral("model.stoch_dim")));
        QVERIFY(config.findChild<QLabel*>(QStringLiteral("problemsBanner"))->text().contains(QStringLiteral("model.stoch_dim")));

        // A second refused field: both are listed, the first one named.
        QLineEdit* lr = lineEdit(config, "training.lr");
        typeInto(lr, QStringLiteral("-1"));
        QVERIFY(lr->property("invalid").toBool());
        QCOMPARE(config.problems().size(), 2);
        QVERIFY(reason->text().contains(QStringLiteral("and 1 more")));
        QVERIFY(reason->toolTip().contains(QStringLiteral("training.lr=-1")));

        // Editing another field leaves the refused text in place, still marked.
        typeInto(lineEdit(config, "model.hidden_dim"), QStringLiteral("64"));
        QCOMPARE(stoch->text(), QStringLiteral("0"));
        QVERIFY(stoch->property("invalid").toBool());

        typeInto(stoch, QStringLiteral("16"));
        QVERIFY(!stoch->property("invalid").toBool());
        QVERIFY(errorLabel(config, "model.stoch_dim")->isHidden());
        QCOMPARE(config.config().getInt("model.stoch_dim"), 16);
        QVERIFY(!start->isEnabled());
        QVERIFY(reason->text().contains(QStringLiteral("training.lr")));

        typeInto(lr, QStringLiteral("3e-4"));  // scientific notation is typeable
        QVERIFY(!lr->property("invalid").toBool());
        QCOMPARE(config.config().getFloat("training.lr"), 3e-4);
        QVERIFY(config.problems().isEmpty());
        QVERIFY(start->isEnabled());
        QVERIFY(reason->text().isEmpty());
    }

    void crossFieldProblemBlocksStart() {
        ConfigPane config;
        TrainingPane training(&config);
        auto* latent = config.findChild<QComboBox*>(QStringLiteral("model.latent"));
        QVERIFY(latent);
        latent->setFocus();
        QTest::keyClick(latent, Qt::Key_Down);  // gaussian -> discrete, as a user would
        QCOMPARE(config.config().getString("model.latent"), std::string("discrete"));
        typeInto(lineEdit(config, "model.discrete_classes"), QStringLiteral("5"));
        QCOMPARE(config.problems().size(), 1);
        QVERIFY(config.problems().front().contains(QStringLiteral("divisible")));
        QVERIFY(!training.startAction()->isEnabled());
        typeInto(lineEdit(config, "model.discrete_classes"), QStringLiteral("4"));
        QVERIFY(config.problems().isEmpty());
        QVERIFY(training.startAction()->isEnabled());
    }

    void formAndYamlFollowEachOther() {
        ConfigPane pane;
        pane.resize(1200, 800);
        pane.show();
        auto* yaml = pane.findChild<QPlainTextEdit*>(QStringLiteral("yamlEditor"));
        QVERIFY(yaml->toPlainText().contains(QStringLiteral("batch_size: 64")));

        // Form -> YAML, at once.
        typeInto(lineEdit(pane, "training.batch_size"), QStringLiteral("16"));
        QVERIFY(yaml->toPlainText().contains(QStringLiteral("batch_size: 16")));
        auto* useVae = pane.findChild<QCheckBox*>(QStringLiteral("model.use_vae"));
        QTest::mouseClick(useVae, Qt::LeftButton, {}, QPoint(8, useVae->height() / 2));
        QCOMPARE(pane.config().getBool("model.use_vae"), false);
        QVERIFY(yaml->toPlainText().contains(QStringLiteral("use_vae: false")));

        // YAML -> form, after the typing pause.
        editYaml(yaml, QStringLiteral("stoch_dim: 32"), QStringLiteral("stoch_dim: 48"));
        QTRY_COMPARE(lineEdit(pane, "model.stoch_dim")->text(), QStringLiteral("48"));
        QCOMPARE(pane.config().getInt("model.stoch_dim"), 48);
        editYaml(yaml, QStringLiteral("use_vae: false"), QStringLiteral("use_vae: true"));
        QTRY_VERIFY(useVae->isChecked());

        // Broken YAML: shown with its line, counted as a problem; the form keeps the last valid values.
        editYaml(yaml, QStringLiteral("stoch_dim: 48"), QStringLiteral("stoch_dim: [48"));
        auto* yamlError = pane.findChild<QLabel*>(QStringLiteral("yamlError"));
        QTRY_VERIFY(!yamlError->isHidden());
        QVERIFY(yamlError->text().contains(QStringLiteral("line")));
        QCOMPARE(pane.problems().size(), 1);
        QCOMPARE(pane.config().getInt("model.stoch_dim"), 48);
        // A refused value in the YAML names the key.
        yaml->setPlainText(QStringLiteral("model:\n  stoch_dim: -3\n"));
        QTRY_VERIFY(yamlError->text().contains(QStringLiteral("model.stoch_dim")));
        QVERIFY(!pane.problems().isEmpty());
        yaml->setPlainText(QStringLiteral("model:\n  stoch_dim: 24\n"));
        QTRY_VERIFY(yamlError->isHidden());
        QVERIFY(pane.problems().isEmpty());
        QCOMPARE(lineEdit(pane, "model.stoch_dim")->text(), QStringLiteral("24"));
        QCOMPARE(lineEdit(pane, "training.batch_size")->text(), QStringLiteral("64"));  // absent keys: defaults
    }

    void differencesAndReset() {
        ConfigPane pane;
        QSignalSpy changed(&pane, &ConfigPane::configChanged);
        typeInto(lineEdit(pane, "model.hidden_dim"), QStringLiteral("64"));
        QVERIFY(changed.count() >= 1);
        QCOMPARE(differenceKeys(pane), QStringList{QStringLiteral("model.hidden_dim")});
        auto* table = pane.findChild<QTreeWidget*>(QStringLiteral("differencesTable"));
        QCOMPARE(table->topLevelItem(0)->text(1), QStringLiteral("64"));
        QCOMPARE(table->topLevelItem(0)->text(2), QStringLiteral("256"));
        typeInto(lineEdit(pane, "logging.name"), QStringLiteral("my run: 2"));  // any text is a string
        QCOMPARE(pane.config().getString("logging.name"), std::string("my run: 2"));
        QCOMPARE(differenceKeys(pane).size(), 2);

        typeInto(lineEdit(pane, "model.deter_dim"), QStringLiteral("abc"));
        QVERIFY(!pane.problems().isEmpty());
        QTest::mouseClick(pane.findChild<QPushButton*>(QStringLiteral("resetConfigButton")), Qt::LeftButton);
        QVERIFY(pane.config() == Config());
        QVERIFY(pane.problems().isEmpty());
        QVERIFY(differenceKeys(pane).isEmpty());
        QCOMPARE(lineEdit(pane, "model.hidden_dim")->text(), QStringLiteral("256"));
        QCOMPARE(lineEdit(pane, "model.deter_dim")->text(), QStringLiteral("128"));
        QVERIFY(!lineEdit(pane, "model.deter_dim")->property("invalid").toBool());
    }

    void saveThenLoadRoundTrips() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ConfigPane pane;
        typeInto(lineEdit(pane, "model.stoch_dim"), QStringLiteral("8"));
        typeInto(lineEdit(pane, "training.lr"), QStringLiteral("1e-3"));
        typeInto(lineEdit(pane, "data.obs_keys"), QStringLiteral("[state, goals]"));
        typeInto(lineEdit(pane, "logging.dir"), QStringLiteral("runs/it's here"));
        const Config edited = pane.config();
        QVERIFY(edited != Config());
        const QString path = dir.filePath(QStringLiteral("train.yaml"));
        QVERIFY(pane.saveFile(path));
        QVERIFY(QFile::exists(path));

        pane.setConfig(Config());
        QVERIFY(pane.config() == Config());
        QVERIFY(pane.loadFile(path));
        QVERIFY(pane.config() == edited);
        QCOMPARE(lineEdit(pane, "data.obs_keys")->text(), QStringLiteral("[state, goals]"));
        QCOMPARE(lineEdit(pane, "logging.dir")->text(), QStringLiteral("runs/it's here"));

        // A file with a refused value: not loaded, the reason shown, nothing changed.
        const QString bad = dir.filePath(QStringLiteral("bad.yaml"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("model:\n  stoch_dim: abc\n");
        file.close();
        QVERIFY(!pane.loadFile(bad));
        const QString message = pane.findChild<QLabel*>(QStringLiteral("configMessage"))->text();
        QVERIFY2(message.contains(QStringLiteral("model.stoch_dim")) && message.contains(bad), qPrintable(message));
        QVERIFY(pane.config() == edited);
        QVERIFY(!pane.saveFile(dir.filePath(QStringLiteral("missing/dir/x.yaml"))));
    }

    void bufferPathFromTheBufferPane() {
        ConfigPane pane;
        pane.setBufferPath(QStringLiteral("/data/my buffer.pkl"), QString());
        QCOMPARE(pane.config().getString("data.buffer_path"), std::string("/data/my buffer.pkl"));
        QCOMPARE(pane.config().getString("data.rollout_config_path"), std::string());
        QCOMPARE(lineEdit(pane, "data.buffer_path")->text(), QStringLiteral("/data/my buffer.pkl"));
        QVERIFY(differenceKeys(pane).contains(QStringLiteral("data.buffer_path")));
    }

    // A path holding " #" and ": " (issue 13) typed into the field is taken
    // verbatim, and Start trains on exactly that file: not on the folder
    // "hash" that reading " #..." as a YAML comment led to.
    void aPathWithHashAndColonIsTakenVerbatimAndTrainedOn() {
        QTemporaryDir dir;
        const QString odd = dir.filePath(QStringLiteral("hash #x: y"));
        QVERIFY(QDir().mkpath(odd));
        const QString buffer = odd + QStringLiteral("/buf.pkl");
        QVERIFY(QFile::copy(QStringLiteral(RSSM_SOURCE_DIR "/resources/sample/buf.pkl"), buffer));
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("hash"))));  // the decoy
        ConfigPane config;
        Config c;
        c.applyOverrides({"data.rollout_config_path=", "model.use_vae=false", "model.hidden_dim=8", "model.deter_dim=8",
                          "model.stoch_dim=4", "model.embed_dim=8", "data.seq_len=8", "training.batch_size=4",
                          "training.steps=2", "training.log_every=1", "training.eval_every=2", "training.save_every=2",
                          "training.val_batches=1", "logging.name=odd"});
        c.set("logging.dir", "'" + dir.filePath(QStringLiteral("runs")).toStdString() + "'");
        config.setConfig(c);
        typeInto(lineEdit(config, "data.buffer_path"), buffer);
        QVERIFY2(errorLabel(config, "data.buffer_path")->text().isEmpty(), qPrintable(errorLabel(config, "data.buffer_path")->text()));
        QCOMPARE(config.config().getString("data.buffer_path"), buffer.toStdString());
        QVERIFY2(config.problems().isEmpty(), qPrintable(config.problems().join('\n')));

        TrainingPane pane(&config);
        QSignalSpy state(&pane, &TrainingPane::trainingStateChanged);
        pane.startAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(state.count(), 2, 120000);  // started, then finished
        const QString status = pane.findChild<QLabel*>(QStringLiteral("trainingStatus"))->text();
        QFile described(pane.runPath() + QStringLiteral("/train_logging.yaml"));
        QVERIFY2(described.open(QIODevice::ReadOnly), qPrintable(status));
        const QString text = QString::fromUtf8(described.readAll());
        QVERIFY2(text.contains(QStringLiteral("path: '") + buffer + QStringLiteral("'")), qPrintable(text));
        QCOMPARE(RunFolder::open(pane.runPath().toStdString()).checkpoints().back().first, int64_t{2});
    }

    void layoutRoundTrips() {
        ConfigPane pane;
        auto* form = pane.findChild<QTabWidget*>(QStringLiteral("configForm"));
        QCOMPARE(form->count(), 5);
        form->setCurrentIndex(2);
        const QByteArray state = pane.saveLayout();
        ConfigPane other;
        other.restoreLayout(state);
        QCOMPARE(other.findChild<QTabWidget*>(QStringLiteral("configForm"))->currentIndex(), 2);
        other.restoreLayout(QByteArray("garbage"));  // ignored
    }
};

QTEST_MAIN(ConfigPaneTest)
#include "ConfigPaneTest.moc"
