// The window as a user meets it: opening buffers from every way in, the
// status bar, recent files, F1 and the saved layout.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QDialog>
#include <QDropEvent>
#include <QFileInfo>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QTreeWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "TinyRun.h"
#include "buffer/BufferPane.h"
#include "comparison/ComparisonPane.h"
#include "comparison/MetricsComparisonTable.h"
#include "config/ConfigPane.h"
#include "runs/RunsPane.h"
#include "training/TrainingPane.h"
#include "trajectory/TrajectoryPane.h"
#include "window/BundledSample.h"
#include "window/MainWindow.h"
#include "window/RecentFiles.h"
#include "window/WorkbenchStatusBar.h"

using namespace rssm::ui;

namespace {

const QString kSample = QStringLiteral(RSSM_SOURCE_DIR "/resources/sample/buf.pkl");
const QString kOtherBuffer = QStringLiteral(RSSM_FIXTURE_DIR "/pickle/camera_p4.pkl");

bool waitForBuffer(MainWindow& window, const QString& path) {
    return QTest::qWaitFor(
        [&] { return !window.bufferPane()->isLoading() && window.bufferPane()->bufferPath() == path; }, 60000);
}

}  // namespace

class MainWindowTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        // Settings of this test only, never the user's.
        QVERIFY(settingsDir_.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
        QCoreApplication::setOrganizationName(QStringLiteral("rssm-workbench-test"));
        QCoreApplication::setApplicationName(QStringLiteral("main-window-test"));
    }

    void init() { QSettings().clear(); }

    void bundledSampleOpensAndReachesStatusBarConfigAndRecentFiles() {
        QCOMPARE(QFileInfo(bundledSampleBuffer()).canonicalFilePath(), QFileInfo(kSample).canonicalFilePath());
        MainWindow window;
        window.show();
        window.openSampleBuffer();
        const QString sample = bundledSampleBuffer();
        QVERIFY(waitForBuffer(window, sample));
        // The folder too: every FACTR buffer is a buf.pkl.
        QCOMPARE(window.workbenchStatusBar()->bufferText(), QStringLiteral("Buffer: sample/buf.pkl"));
        QVERIFY(window.workbenchStatusBar()->deviceText().startsWith(QStringLiteral("Device: ")));
        QVERIFY(window.workbenchStatusBar()->threadsText().contains(QStringLiteral("LibTorch")));
        QCOMPARE(QString::fromStdString(window.configPane()->config().getString("data.buffer_path")), sample);
        QCOMPARE(window.recentBuffers()->files().value(0), sample);
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("sample/buf.pkl")));
        // Opening another buffer changes what Start trains on, and says so.
        window.openBuffer(kOtherBuffer);
        QVERIFY(waitForBuffer(window, kOtherBuffer));
        QCOMPARE(window.statusBar()->currentMessage(),
                 QStringLiteral("Start now trains on pickle/camera_p4.pkl (was sample/buf.pkl); see the Config pane"));
        QCOMPARE(QString::fromStdString(window.configPane()->config().getString("data.buffer_path")), kOtherBuffer);
        // File > Open checkpoint is there, with its key.
        auto* openCheckpoint = window.findChild<QAction*>(QStringLiteral("openCheckpointAction"));
        QVERIFY(openCheckpoint);
        QCOMPARE(openCheckpoint->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_K));
    }

    void droppedFileOpensAsBuffer() {
        MainWindow window;
        window.show();
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(kOtherBuffer)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &drop);
        QVERIFY(waitForBuffer(window, kOtherBuffer));
        QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(window.bufferPane()));

        // A remote URL is refused at the door rather than failing later.
        QMimeData remote;
        remote.setUrls({QUrl(QStringLiteral("https://example.com/buf.pkl"))});
        QDragEnterEvent remoteEnter(QPoint(10, 10), Qt::CopyAction, &remote, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &remoteEnter);
        QVERIFY(!remoteEnter.isAccepted());
    }

    void recentFilesMenuReopensABuffer() {
        {
            MainWindow first;
            first.openBuffer(kOtherBuffer);
            QVERIFY(waitForBuffer(first, kOtherBuffer));
            first.openBuffer(kSample);
            QVERIFY(waitForBuffer(first, kSample));
        }
        MainWindow window;  // a later session sees both, newest first
        window.show();
        QCOMPARE(window.recentBuffers()->files(), (QStringList{kSample, kOtherBuffer}));
        auto* menu = window.findChild<QMenu*>(QStringLiteral("recentMenu"));
        QVERIFY(menu);
        QAction* second = menu->actions().value(1);
        QVERIFY(second && second->text().contains(QStringLiteral("camera_p4.pkl")));
        second->trigger();
        QVERIFY(waitForBuffer(window, kOtherBuffer));
        QCOMPARE(window.recentBuffers()->files().value(0), kOtherBuffer);
    }

    void f1ListsTheShortcuts() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        QTest::keyClick(&window, Qt::Key_F1);
        auto* dialog = window.findChild<QDialog*>(QStringLiteral("shortcutsDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto* table = dialog->findChild<QTableWidget*>(QStringLiteral("shortcutsTable"));
        QStringList rows;
        for (int r = 0; r < table->rowCount(); ++r) rows << table->item(r, 0)->text() + " = " + table->item(r, 1)->text();
        const QString all = rows.join('\n');
        QVERIFY2(all.contains(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText) + " = Open buffer"), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Space")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Ctrl+Q = Quit")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Ctrl+4 = Trajectory pane")), qPrintable(all));
        const QString shots = qEnvironmentVariable("RSSM_PANE_SCREENSHOTS");  // to look at the dialog
        if (!shots.isEmpty()) dialog->grab().save(shots + QStringLiteral("/shortcuts.png"));
    }

    // The "done when": train, watch, scrub and compare, all through the
    // window's own controls and the wiring between its panes.
    void trainWatchScrubAndCompareWithoutATerminal() {
        QTemporaryDir runs;
        MainWindow window;
        window.show();
        window.openSampleBuffer();
        QVERIFY(waitForBuffer(window, bundledSampleBuffer()));

        // The config pane already trains on the open buffer; make the run small.
        rssm::Config config = window.configPane()->config();
        config.applyOverrides(rssm::test::tinyModelOverrides());
        config.applyOverrides({"training.steps=20", "training.save_every=10", "training.eval_every=10",
                               "training.log_every=1", "logging.name=window-run"});
        config.set("logging.dir", ("'" + runs.path() + "'").toStdString());
        window.configPane()->setConfig(config);
        QVERIFY(window.configPane()->problems().isEmpty());

        TrainingPane* training = window.trainingPane();
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);  // to the training pane
        QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(training));
        QSignalSpy state(training, &TrainingPane::trainingStateChanged);
        QVERIFY(training->startAction()->isEnabled());
        training->startAction()->trigger();  // the toolbar's Start
        QTRY_VERIFY_WITH_TIMEOUT(state.count() >= 2, 120000);
        QVERIFY(!training->isTraining());
        const QString runDir = runs.path() + QStringLiteral("/window-run");
        QCOMPARE(training->runPath(), runDir);
        QCOMPARE(window.workbenchStatusBar()->runText(), QStringLiteral("Run: window-run"));
        QVERIFY(window.workbenchStatusBar()->deviceText().contains(QStringLiteral("cpu")));

        // Saved checkpoints reach the trajectory pane's list as they are written.
        const QStringList expected = {runDir + QStringLiteral("/rssm_step_10.pt"), runDir + QStringLiteral("/rssm_step_20.pt")};
        QCOMPARE(window.trajectoryPane()->checkpoints(), expected);

        // Double-click a checkpoint: the trajectory pane shows its predictions.
        QSignalSpy shown(window.trajectoryPane(), &TrajectoryPane::predictionShown);
        auto* table = training->findChild<QTreeWidget*>(QStringLiteral("checkpointTable"));
        QCOMPARE(table->topLevelItemCount(), 2);
        const QPoint onFirst = table->visualItemRect(table->topLevelItem(0)).center();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, onFirst);
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, onFirst);
        QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(window.trajectoryPane()));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 120000);

        // Both checkpoints to the comparison pane: one column each.
        QSignalSpy evaluated(window.comparisonPane(), &ComparisonPane::evaluated);
        table->selectAll();
        QTest::mouseClick(training->findChild<QPushButton*>(QStringLiteral("addToComparisonButton")), Qt::LeftButton);
        QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(window.comparisonPane()));
        QTRY_VERIFY_WITH_TIMEOUT(evaluated.count() == 2, 180000);
        QCOMPARE(window.comparisonPane()->checkpoints(), expected);
        QCOMPARE(window.comparisonPane()->findChild<MetricsComparisonTable*>(QStringLiteral("metricsTable"))->columnCount(), 2);
    }

    void layoutIsSavedAndRestored() {
        {
            MainWindow window;
            window.resize(1200, 800);
            window.tabs()->setCurrentIndex(3);
            window.saveLayout();
        }
        MainWindow window;
        QCOMPARE(window.tabs()->currentIndex(), 0);
        window.restoreLayout();
        QCOMPARE(window.tabs()->currentIndex(), 3);
        QCOMPARE(window.size(), QSize(1200, 800));
    }

    void viewShortcutsSwitchPanes() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::keyClick(&window, Qt::Key_5, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentIndex(), 4);
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(window.configPane()));
    }

    // A key is marked as swept where its value is read: the field's name in
    // the config form offers "Sweep this key…", which opens the Runs pane's
    // New sweep with that key and its current value filled in.
    void aConfigFieldsNameOffersToSweepIt() {
        MainWindow window;
        window.show();
        auto* label = window.configPane()->findChild<QLabel*>(QStringLiteral("model.stoch_dim.label"));
        QVERIFY(label);
        QCOMPARE(label->contextMenuPolicy(), Qt::ActionsContextMenu);
        QCOMPARE(label->actions().size(), 1);
        QAction* sweep = label->actions().constFirst();
        QVERIFY(sweep->text().startsWith(QStringLiteral("Sweep model.stoch_dim")));
        // The folder keys are the sweep's own.
        QVERIFY(window.configPane()->findChild<QLabel*>(QStringLiteral("logging.name.label"))->actions().isEmpty());
        const QString current = QString::fromStdString(window.configPane()->config().text("model.stoch_dim"));
        QString key, values, focused;
        QTimer::singleShot(0, &window, [&] {  // the dialog is modal: look, then close it
            auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
            if (!dialog) return;
            key = dialog->findChild<QComboBox*>(QStringLiteral("sweptKey1"))->currentText();
            values = dialog->findChild<QLineEdit*>(QStringLiteral("sweptValues1"))->text();
            if (QWidget* focus = dialog->focusWidget()) focused = focus->objectName();
            dialog->reject();
        });
        sweep->trigger();
        QCOMPARE(key, QStringLiteral("model.stoch_dim"));
        QCOMPARE(values, current);
        QCOMPARE(focused, QStringLiteral("sweptValues1"));
        QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(window.runsPane()));
    }

private:
    QTemporaryDir settingsDir_;
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
