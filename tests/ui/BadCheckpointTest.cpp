// Files that are not checkpoints, given where checkpoints go: `rssm eval`,
// the window's command line (offscreen, as a user would start it) and the
// comparison pane. Each is refused in one line naming the file and what was
// expected (a field of the wrong type included); nothing crashes, and no
// LibTorch text reaches the user. (Every
// truncation length goes through the archive check in checkpoint_tests.)
#include <zlib.h>

#include <fstream>
#include <random>

#include "CheckpointRewrite.h"
#include "StoredZip.h"
#include "TinyRun.h"
#include "comparison/ComparisonPane.h"
#include "config/Config.h"
#include "model/WorldModel.h"
#include "train/Checkpoint.h"
#include "train/TrainingSession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace rssm;

namespace {

void writeBytes(const QString& path, const std::string& bytes) {
    std::ofstream out(path.toStdString(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readBytes(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}


// The user-facing line: names the file, one line, none of LibTorch's text.
bool readable(const QString& line, const QString& path) {
    return line.contains(path) && !line.contains(QLatin1Char('\n')) && !line.contains(QStringLiteral("Exception raised")) &&
           !line.contains(QStringLiteral("c10::")) && !line.contains(QStringLiteral("frame #")) &&
           !line.contains(QStringLiteral("INTERNAL ASSERT"));
}

}  // namespace

class BadCheckpointTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QStringList bad_;  // every kind of wrong file

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QString run = rssm::test::trainTinyRun(dir_.path(), "tiny", 2, 2);
        const QString good = run + QStringLiteral("/rssm_step_2.pt");
        const std::string bytes = readBytes(good);
        QVERIFY(bytes.size() > 1000);

        std::mt19937 rng(7);
        std::string random(3000, '\0');
        for (char& c : random) c = static_cast<char>(rng());
        bad_ << dir_.filePath(QStringLiteral("random.pt"));
        writeBytes(bad_.back(), random);
        bad_ << dir_.filePath(QStringLiteral("truncated.pt"));
        writeBytes(bad_.back(), bytes.substr(0, bytes.size() * 2 / 3));
        bad_ << dir_.filePath(QStringLiteral("notes.pt"));
        writeBytes(bad_.back(), test::storedZip({{"notes/readme.txt", "not weights"}}));
        // The run's own config, but weights of another model's shapes.
        const CheckpointInfo info = readCheckpointInfo(good.toStdString());
        Config other = Config::parse(info.configYaml, "test");
        other.set("model.deter_dim", "24");
        WorldModel model(modelOptionsFrom(other, info.obsDim, info.actionDim));
        bad_ << dir_.filePath(QStringLiteral("shapes.pt"));
        saveCheckpoint(bad_.back().toStdString(), model, nullptr, info);
        // Fields of the wrong type: a weight as integers, the generator's state as floats.
        bad_ << dir_.filePath(QStringLiteral("weight_int.pt"));
        test::rewriteCheckpoint(good.toStdString(), bad_.back().toStdString(), [](test::CheckpointDict& root) {
            auto model = root.at("model").toGenericDict();
            const std::string key = test::firstKey(model);
            model.insert_or_assign(key, model.at(key).toTensor().to(torch::kLong));
        });
        bad_ << dir_.filePath(QStringLiteral("rng_float.pt"));
        test::rewriteCheckpoint(good.toStdString(), bad_.back().toStdString(), [](test::CheckpointDict& root) {
            root.at("rng").toGenericDict().insert_or_assign("torch_cpu", torch::zeros({5056}, torch::kFloat));
        });
        bad_ << dir_.filePath(QStringLiteral("folder.pt"));
        QVERIFY(QDir().mkpath(bad_.back()));
    }

    void rssmEvalRefusesEachInOneLine() {
        for (const QString& path : bad_) {
            QProcess p;
            p.start(QStringLiteral(RSSM_CLI), {QStringLiteral("eval"), QStringLiteral("eval.checkpoint_path=") + path});
            QVERIFY(p.waitForFinished(120000));
            QCOMPARE(p.exitStatus(), QProcess::NormalExit);  // not a crash
            QVERIFY2(p.exitCode() != 0, qPrintable(path));
            const QStringList lines = QString::fromLocal8Bit(p.readAllStandardError()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            QVERIFY2(!lines.isEmpty(), qPrintable(path));
            QVERIFY2(readable(lines.back(), path), qPrintable(lines.join(QLatin1Char('|'))));
        }
    }

    void theWindowGivenEachOnItsCommandLineSaysSoAndStaysUp() {
        for (const QString& path : bad_) {
            if (QFileInfo(path).isDir()) continue;  // a folder on the window's command line is a run folder to open
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir_.filePath(QStringLiteral("config")));  // no layout of the user's
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(RSSM_WORKBENCH), {QStringLiteral("--fresh-layout"), path});
            QVERIFY(p.waitForStarted());
            // The trajectory pane and the comparison pane each refuse it.
            QString said;
            QElapsedTimer waited;
            waited.start();
            while (said.count(QStringLiteral("rssm-workbench: ")) < 2 && waited.elapsed() < 120000 &&
                   p.state() == QProcess::Running) {
                p.waitForReadyRead(200);
                said += QString::fromLocal8Bit(p.readAllStandardError());
            }
            QVERIFY2(p.state() == QProcess::Running, qPrintable(path + QStringLiteral(" ended the window: ") + said));
            const QStringList lines = said.split(QLatin1Char('\n'), Qt::SkipEmptyParts).filter(QStringLiteral("rssm-workbench: "));
            QVERIFY2(lines.size() >= 2, qPrintable(said));
            for (const QString& line : lines) QVERIFY2(readable(line, path), qPrintable(line));
            p.kill();
            p.waitForFinished();
        }
    }

    void theComparisonPaneListsEachAsAnError() {
        ui::ComparisonPane pane;
        pane.resize(1400, 900);
        pane.show();
        QSignalSpy failed(&pane, &ui::ComparisonPane::failed);
        pane.addCheckpoints(bad_);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), bad_.size(), 120000);
        auto* list = pane.findChild<QTreeWidget*>(QStringLiteral("checkpointList"));
        QVERIFY(list);
        QCOMPARE(list->topLevelItemCount(), bad_.size());
        for (const auto& signal : failed) {
            const QString path = signal.at(0).toString(), message = signal.at(1).toString();
            QVERIFY2(readable(message, path), qPrintable(message));
        }
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            QVERIFY(list->topLevelItem(i)->text(1).startsWith(QStringLiteral("error: ")));
    }
};

QTEST_MAIN(BadCheckpointTest)
#include "BadCheckpointTest.moc"
