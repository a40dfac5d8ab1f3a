// The buffer pane driven through its widgets on the bundled sample buffer: the
// summary and statistics match the core's figures, physical units follow
// rollout_config.yaml, episodes sort and Up/Down re-plot, the dimension
// filter and checks change the plots, the step cursor moves the camera frame,
// and a hostile, broken or amplifying file leaves the buffer shown before
// untouched, with one line naming it.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include <QCheckBox>
#include <QFile>
#include <QFileInfo>
#include <QFrame>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSplitter>
#include <QTableView>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

#include "buffer/BufferPane.h"
#include "buffer/DimensionStatsModel.h"
#include "buffer/EpisodePlot.h"
#include "buffer/StackedEpisodePlots.h"
#include "common/FrameView.h"
#include "core/AmplificationPickle.h"
#include "data/BufferSource.h"
#include "data/DimensionStats.h"
#include "data/RolloutConfig.h"

using namespace rssm;
using namespace rssm::ui;

namespace {

constexpr int kLoadTimeoutMs = 30000;

QString samplePath() { return QStringLiteral(RSSM_SOURCE_DIR "/resources/sample/buf.pkl"); }
QString sampleRollout() { return QStringLiteral(RSSM_SOURCE_DIR "/resources/sample/rollout_config.yaml"); }
QString fixture(const char* name) { return QStringLiteral(RSSM_FIXTURE_DIR "/pickle/") + QLatin1String(name); }

template <typename T>
T* child(const QWidget& pane, const char* name) {
    T* w = pane.findChild<T*>(QLatin1String(name));
    if (!w) qFatal("no child %s", name);
    return w;
}

QString labelText(const QWidget& pane, const char* name) { return child<QLabel>(pane, name)->text(); }

// Opens path and waits until the pane has finished with it; returns whether it opened.
bool openAndWait(BufferPane& pane, const QString& path, const QString& rollout = {}) {
    QSignalSpy opened(&pane, &BufferPane::bufferOpened);
    QSignalSpy failed(&pane, &BufferPane::loadFailed);
    pane.openBuffer(path, rollout);
    if (!QTest::qWaitFor([&] { return !opened.isEmpty() || !failed.isEmpty(); }, kLoadTimeoutMs)) qFatal("load timed out");
    return !opened.isEmpty();
}

// The stats table row of key[dim].
int statsRow(QAbstractItemModel* model, const QString& key, int dim) {
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->index(r, DimensionStatsModel::KeyColumn).data().toString() == key &&
            model->index(r, DimensionStatsModel::DimColumn).data().toInt() == dim)
            return r;
    return -1;
}

double cell(QAbstractItemModel* model, int row, int column) {
    return model->index(row, column).data(DimensionStatsModel::ValueRole).toDouble();
}

QLineSeries* seriesNamed(EpisodePlot* plot, const QString& name) {
    for (QLineSeries* s : plot->lineSeries())
        if (s->name() == name) return s;
    return nullptr;
}

QStringList seriesNames(EpisodePlot* plot) {
    QStringList names;
    for (QLineSeries* s : plot->lineSeries()) names << s->name();
    return names;
}

// The plotted series equals column[element] over the episode's steps.
void verifySeriesIsEpisode(QLineSeries* series, const ReplayBuffer& buffer, const NumericColumn& column, int element,
                           int episode, double scale = 1.0, double offset = 0.0) {
    QVERIFY(series);
    const QList<QPointF> points = series->points();
    QCOMPARE(points.size(), qsizetype(buffer.episodeLength(episode)));
    for (int t = 0; t < points.size(); ++t) {
        QCOMPARE(points[t].x(), double(t));
        const double expected = column.value(buffer.episodeStart(episode) + t, element) * scale + offset;
        QVERIFY2(std::abs(points[t].y() - expected) <= 1e-12 * std::max(1.0, std::abs(expected)),
                 qPrintable(QStringLiteral("step %1: %2 vs %3").arg(t).arg(points[t].y()).arg(expected)));
    }
}

}  // namespace

class BufferPaneTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() {
        pane_ = std::make_unique<BufferPane>();
        pane_->resize(1600, 1000);
        pane_->show();
        QVERIFY(QTest::qWaitForWindowExposed(pane_.get()));
        sample_ = std::make_shared<ReplayBuffer>(loadReplayBuffer(samplePath().toStdString()));
    }
    void cleanup() { pane_.reset(); }

    void loadsOffTheGuiThreadAndShowsTheSummary() {
        BufferPane& pane = *pane_;
        QSignalSpy loading(&pane, &BufferPane::loadingChanged);
        QSignalSpy opened(&pane, &BufferPane::bufferOpened);
        pane.openBuffer(samplePath());
        // Still loading when openBuffer returns: the work is on a worker thread.
        QVERIFY(pane.isLoading());
        QVERIFY(child<QWidget>(pane, "loadingRow")->isVisible());
        QVERIFY(child<QPushButton>(pane, "cancelLoadButton")->isEnabled());
        QVERIFY(pane.bufferPath().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, kLoadTimeoutMs);
        QVERIFY(!pane.isLoading());
        QVERIFY(!child<QWidget>(pane, "loadingRow")->isVisible());
        QCOMPARE(loading.size(), 2);
        QCOMPARE(loading[0][0].toBool(), true);
        QCOMPARE(loading[1][0].toBool(), false);

        QCOMPARE(pane.bufferPath(), samplePath());
        QCOMPARE(pane.rolloutConfigPath(), sampleRollout());  // found beside the buffer
        QCOMPARE(opened[0][0].toString(), samplePath());
        QCOMPARE(opened[0][1].toString(), sampleRollout());
        QVERIFY(pane.buffer());
        QCOMPARE(pane.buffer()->episodeCount(), 16);

        QCOMPARE(labelText(pane, "summaryEpisodes"), QStringLiteral("16"));
        QCOMPARE(labelText(pane, "summaryTransitions"), QStringLiteral("1600"));
        QCOMPARE(labelText(pane, "summaryPath"), samplePath());
        QCOMPARE(labelText(pane, "summaryFormat"), QString::fromStdString(sample_->sourceFormat()));
        QCOMPARE(labelText(pane, "summaryLengths"), QStringLiteral("min 100, mean 100.0, max 100"));
        QCOMPARE(labelText(pane, "summaryDimensions"), QStringLiteral("state 12, action 3"));
        auto* keys = child<QTableView>(pane, "keysTable");
        QStringList keyNames;
        for (int r = 0; r < keys->model()->rowCount(); ++r) keyNames << keys->model()->index(r, 0).data().toString();
        QVERIFY2(keyNames.contains("state") && keyNames.contains("action") && keyNames.contains("enc_cam_0"),
                 qPrintable(keyNames.join(',')));
        const int stateRow = int(keyNames.indexOf("state"));
        QCOMPARE(keys->model()->index(stateRow, 2).data().toString(), QString::fromStdString(sample_->observation("state")->dtype().str()));
        QCOMPARE(keys->model()->index(stateRow, 3).data().toString(), QStringLiteral("(12,)"));
    }

    void statisticsTableMatchesTheCore() {
        QVERIFY(openAndWait(*pane_, samplePath()));
        QAbstractItemModel* model = child<QTableView>(*pane_, "statsTable")->model();
        QCOMPARE(model->rowCount(), 12 + 3 + 1);  // state, action, reward
        const auto state = computeDimensionStats(*sample_->observation("state"));
        const auto action = computeDimensionStats(sample_->actions());
        for (const auto& [key, dim, stats] : {std::tuple{QStringLiteral("state"), 0, state[0]},
                                               std::tuple{QStringLiteral("state"), 7, state[7]},
                                               std::tuple{QStringLiteral("action"), 2, action[2]}}) {
            const int row = statsRow(model, key, dim);
            QVERIFY2(row >= 0, qPrintable(key));
            QCOMPARE(cell(model, row, DimensionStatsModel::MeanColumn), stats.mean);
            QCOMPARE(cell(model, row, DimensionStatsModel::StdColumn), stats.std);
            QCOMPARE(cell(model, row, DimensionStatsModel::MinColumn), stats.min);
            QCOMPARE(cell(model, row, DimensionStatsModel::MaxColumn), stats.max);
            QCOMPARE(model->index(row, DimensionStatsModel::NonFiniteColumn).data().toLongLong(), stats.nonFinite);
            // What the user reads is the same number, rounded.
            QCOMPARE(model->index(row, DimensionStatsModel::MeanColumn).data().toString(), QString::number(stats.mean, 'g', 6));
        }
    }

    void physicalUnitsFollowTheRolloutConfig() {
        QVERIFY(openAndWait(*pane_, samplePath()));
        auto* units = child<QCheckBox>(*pane_, "physicalUnitsCheck");
        QVERIFY(units->isEnabled());
        QVERIFY(!units->isChecked());
        QAbstractItemModel* model = child<QTableView>(*pane_, "statsTable")->model();
        const int row = statsRow(model, "state", 2);
        const double rawMean = cell(model, row, DimensionStatsModel::MeanColumn);
        const double rawMax = cell(model, row, DimensionStatsModel::MaxColumn);
        auto* plot = child<EpisodePlot>(*pane_, "observationPlot");
        const NumericColumn& column = *sample_->observation("state");
        verifySeriesIsEpisode(seriesNamed(plot, "state[2]"), *sample_, column, 2, pane_->currentEpisode());

        units->click();
        QVERIFY(units->isChecked());
        const RolloutConfig rollout = RolloutConfig::load(sampleRollout().toStdString());
        const double mean = rollout.stats("state")->mean[2], std = rollout.stats("state")->std[2];
        QCOMPARE(cell(model, row, DimensionStatsModel::MeanColumn), rawMean * std + mean);
        QCOMPARE(cell(model, row, DimensionStatsModel::MaxColumn), rawMax * std + mean);
        QVERIFY(cell(model, row, DimensionStatsModel::MeanColumn) != rawMean);
        // The plots follow the same units.
        verifySeriesIsEpisode(seriesNamed(plot, "state[2]"), *sample_, column, 2, pane_->currentEpisode(), std, mean);

        units->click();
        QCOMPARE(cell(model, row, DimensionStatsModel::MeanColumn), rawMean);
    }

    void physicalUnitsAreDisabledWithoutARolloutConfig() {
        QTemporaryDir dir;
        const QString lonely = dir.filePath("buf.pkl");
        QVERIFY(QFile::copy(samplePath(), lonely));
        QVERIFY(openAndWait(*pane_, lonely));
        QVERIFY(pane_->rolloutConfigPath().isEmpty());
        auto* units = child<QCheckBox>(*pane_, "physicalUnitsCheck");
        QVERIFY(!units->isEnabled());
        QVERIFY2(units->toolTip().contains("rollout"), qPrintable(units->toolTip()));
        // An explicitly given config is used even when none lies beside the buffer.
        QVERIFY(openAndWait(*pane_, lonely, sampleRollout()));
        QCOMPARE(pane_->rolloutConfigPath(), sampleRollout());
        QVERIFY(units->isEnabled());
    }

    void episodesSortAndUpDownChangesThePlottedEpisode() {
        // A buffer with episodes of different lengths (5, 7, 4).
        QVERIFY(openAndWait(*pane_, fixture("traj_p4.pkl")));
        auto* table = child<QTableView>(*pane_, "episodeTable");
        QAbstractItemModel* model = table->model();
        auto column = [&](int c) {
            QList<int> values;
            for (int r = 0; r < model->rowCount(); ++r) values << model->index(r, c).data().toInt();
            return values;
        };
        QCOMPARE(column(0), (QList<int>{0, 1, 2}));
        QCOMPARE(column(1), (QList<int>{5, 7, 4}));
        QCOMPARE(pane_->currentEpisode(), 0);

        const QHeaderView* header = table->horizontalHeader();
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(header->sectionViewportPosition(1) + 5, 5));
        QCOMPARE(column(1), (QList<int>{4, 5, 7}));
        QCOMPARE(column(0), (QList<int>{2, 0, 1}));
        QCOMPARE(pane_->currentEpisode(), 0);  // sorting keeps the chosen episode

        // Down from episode 0 (second row) goes to episode 1 (third row), Up twice to episode 2.
        auto* plot = child<EpisodePlot>(*pane_, "observationPlot");
        auto* actions = child<EpisodePlot>(*pane_, "actionPlot");
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Down);
        QCOMPARE(pane_->currentEpisode(), 1);
        verifySeriesIsEpisode(seriesNamed(plot, "state[0]"), *buffer(), *buffer()->observation("state"), 0, 1);
        verifySeriesIsEpisode(seriesNamed(actions, "action[1]"), *buffer(), buffer()->actions(), 1, 1);
        QCOMPARE(plot->stepAxis()->max(), 6.0);
        QTest::keyClick(table, Qt::Key_Up);
        QTest::keyClick(table, Qt::Key_Up);
        QCOMPARE(pane_->currentEpisode(), 2);
        verifySeriesIsEpisode(seriesNamed(plot, "state[3]"), *buffer(), *buffer()->observation("state"), 3, 2);

        // Back to index order, descending on a second click.
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(header->sectionViewportPosition(0) + 5, 5));
        QCOMPARE(column(0), (QList<int>{0, 1, 2}));
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(header->sectionViewportPosition(0) + 5, 5));
        QCOMPARE(column(0), (QList<int>{2, 1, 0}));
    }

    void dimensionFilterHidesAndCheckingAddsASeries() {
        QVERIFY(openAndWait(*pane_, samplePath()));
        auto* plot = child<EpisodePlot>(*pane_, "observationPlot");
        auto* actions = child<EpisodePlot>(*pane_, "actionPlot");
        // Default: the first four state dims and every action dim.
        QCOMPARE(seriesNames(plot), (QStringList{"state[0]", "state[1]", "state[2]", "state[3]"}));
        QCOMPARE(seriesNames(actions), (QStringList{"action[0]", "action[1]", "action[2]"}));

        auto* list = child<QListWidget>(*pane_, "dimensionList");
        QCOMPARE(list->count(), 15);
        QTest::keyClicks(child<QLineEdit>(*pane_, "dimensionFilter"), "state[1");
        QStringList shown;
        for (int i = 0; i < list->count(); ++i)
            if (!list->item(i)->isHidden()) shown << list->item(i)->text();
        QCOMPARE(shown, (QStringList{"state[1]", "state[10]", "state[11]"}));

        // Check state[10] with the keyboard: it joins the plot in its own colour.
        QListWidgetItem* item = list->findItems("state[10]", Qt::MatchExactly).value(0);
        QVERIFY(item);
        list->setFocus();
        list->setCurrentItem(item);
        QTest::keyClick(list, Qt::Key_Space);
        QCOMPARE(item->checkState(), Qt::Checked);
        QCOMPARE(seriesNames(plot).size(), 5);
        QLineSeries* added = seriesNamed(plot, "state[10]");
        verifySeriesIsEpisode(added, *sample_, *sample_->observation("state"), 10, pane_->currentEpisode());
        QVERIFY(added->pen().color() != seriesNamed(plot, "state[0]")->pen().color());

        // Unchecking an action dim removes its series.
        list->findItems("action[1]", Qt::MatchExactly).value(0)->setCheckState(Qt::Unchecked);
        QCOMPARE(seriesNames(actions), (QStringList{"action[0]", "action[2]"}));
    }

    void upDownFromAnywhereStatsFollowTheFilterAndPlotsStack() {
        QVERIFY(openAndWait(*pane_, samplePath()));
        QCOMPARE(pane_->currentEpisode(), 0);
        // Up and Down choose the episode with the focus anywhere in the pane, not only in the episode list.
        auto* stats = child<QTableView>(*pane_, "statsTable");
        stats->setFocus();
        QTest::keyClick(stats, Qt::Key_Down);
        QCOMPARE(pane_->currentEpisode(), 1);
        auto* slider = child<QSlider>(*pane_, "stepSlider");
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_Down);
        QTest::keyClick(slider, Qt::Key_Down);
        QTest::keyClick(slider, Qt::Key_Up);
        QCOMPARE(pane_->currentEpisode(), 2);

        // The statistics list what the dimension filter matches, and sort on their numbers.
        QAbstractItemModel* model = stats->model();
        QTest::keyClicks(child<QLineEdit>(*pane_, "dimensionFilter"), "state[1");
        QCOMPARE(model->rowCount(), 3);  // state[1], state[10], state[11]
        const QHeaderView* header = stats->horizontalHeader();
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                          QPoint(header->sectionViewportPosition(DimensionStatsModel::MeanColumn) + 5, 5));
        QList<double> means;
        for (int r = 0; r < model->rowCount(); ++r) means << cell(model, r, DimensionStatsModel::MeanColumn);
        QVERIFY(std::is_sorted(means.begin(), means.end()));
        const auto state = computeDimensionStats(*sample_->observation("state"));
        QVERIFY(means.contains(state[10].mean));
        child<QLineEdit>(*pane_, "dimensionFilter")->clear();
        QCOMPARE(model->rowCount(), 12 + 3 + 1);

        // One plot per dimension: each its own line and y axis, over the same steps, with the same cursor.
        child<QCheckBox>(*pane_, "stackedCheck")->setChecked(true);
        auto* stack = child<StackedEpisodePlots>(*pane_, "stackedPlots");
        QTRY_COMPARE(stack->plots().size(), 4);  // the four state dimensions checked by default
        for (int i = 0; i < 4; ++i) {
            EpisodePlot* plot = stack->plots()[i];
            QCOMPARE(plot->lineSeries().size(), 1);
            verifySeriesIsEpisode(plot->lineSeries()[0], *sample_, *sample_->observation("state"), i, 2);
            QCOMPARE(plot->stepAxis()->max(), 99.0);
        }
        // Each on its own y axis, fitted to its own line (not to the widest of them).
        for (EpisodePlot* plot : stack->plots()) {
            double lo = 1e300, hi = -1e300;
            for (const QPointF& p : plot->lineSeries()[0]->points()) lo = std::min(lo, p.y()), hi = std::max(hi, p.y());
            QVERIFY(plot->valueAxis()->min() <= lo && plot->valueAxis()->max() >= hi);
            QVERIFY(plot->valueAxis()->max() - plot->valueAxis()->min() <= 3 * (hi - lo) + 1e-9);
        }
        slider->setValue(42);
        for (EpisodePlot* plot : stack->plots()) QCOMPARE(plot->cursorStep(), 42);
    }

    // Stacked plots' areas line up, so one step sits at one x down the stack
    // whatever width each plot's y labels take ("0.0005" against "2000").
    void stackedPlotAreasLineUp() {
        StackedEpisodePlots stack;
        stack.resize(900, 700);
        stack.show();
        QVector<EpisodePlot::Line> lines;
        for (const double scale : {0.0005, 2000.0, 1.0}) {
            EpisodePlot::Line line;
            line.name = QStringLiteral("x%1").arg(scale);
            line.color = Qt::blue;
            for (int t = 0; t < 50; ++t) line.values.push_back(scale * std::sin(t * 0.2) - scale * 0.123);
            lines << line;
        }
        stack.setLines(lines, 50, {});
        QTRY_COMPARE(stack.plots().size(), 3);
        auto edges = [&](EpisodePlot* plot) {
            const QRectF area = plot->chart()->plotArea();
            return std::pair{plot->mapTo(&stack, plot->mapFromScene(area.topLeft())).x(),
                             plot->mapTo(&stack, plot->mapFromScene(area.topRight())).x()};
        };
        QTRY_VERIFY([&] {
            for (EpisodePlot* plot : stack.plots())
                if (std::abs(edges(plot).first - edges(stack.plots()[0]).first) > 1 ||
                    std::abs(edges(plot).second - edges(stack.plots()[0]).second) > 1)
                    return false;
            return true;
        }());
    }

    // The observation and action plots line up too: the cursor is one line down both.
    void observationAndActionPlotsLineUp() {
        QVERIFY(openAndWait(*pane_, samplePath()));
        auto* observations = child<EpisodePlot>(*pane_, "observationPlot");
        auto* actions = child<EpisodePlot>(*pane_, "actionPlot");
        // Labels of different widths: the observations in the thousands.
        QVector<EpisodePlot::Line> wide(1);
        wide[0].name = QStringLiteral("wide");
        wide[0].color = Qt::red;
        for (int t = 0; t < 100; ++t) wide[0].values.push_back(12345.678 * std::sin(t * 0.1));
        observations->setLines(QStringLiteral("wide labels"), wide, 100);
        auto left = [](EpisodePlot* plot) {
            return plot->mapTo(plot->window(), plot->mapFromScene(plot->chart()->plotArea().topLeft())).x();
        };
        QTRY_COMPARE(left(observations), left(actions));
    }

    void stepCursorMovesTheCameraFrame() {
        QVERIFY(openAndWait(*pane_, samplePath()));
        auto* frame = child<FrameView>(*pane_, "frameView");
        auto* slider = child<QSlider>(*pane_, "stepSlider");
        auto* plot = child<EpisodePlot>(*pane_, "observationPlot");
        QVERIFY(frame->hasFrame());
        QCOMPARE(frame->frameSize(), QSize(48, 48));
        QCOMPARE(slider->maximum(), 99);
        const QImage first = frame->pixmap().toImage();

        slider->setValue(60);
        QCOMPARE(plot->cursorStep(), 60);
        QCOMPARE(child<EpisodePlot>(*pane_, "actionPlot")->cursorStep(), 60);
        QVERIFY(frame->hasFrame());
        QVERIFY2(labelText(*pane_, "frameCaption").contains("step 60"), qPrintable(labelText(*pane_, "frameCaption")));
        const auto& frames = sample_->frames().at("enc_cam_0").frames;
        const auto& a = frames[size_t(sample_->episodeStart(0))];
        const auto& b = frames[size_t(sample_->episodeStart(0) + 60)];
        const bool bytesDiffer = a.size != b.size || std::memcmp(a.data, b.data, a.size) != 0;
        if (bytesDiffer) QVERIFY(frame->pixmap().toImage() != first);

        // A click on the plot puts the cursor at the step under the mouse.
        const QRectF area = plot->chart()->plotArea();
        const QPoint at = plot->mapFromScene(plot->chart()->mapToScene(QPointF(area.left() + 0.25 * area.width(), area.center().y())));
        QTest::mouseClick(plot->viewport(), Qt::LeftButton, {}, at);
        QVERIFY2(std::abs(slider->value() - 25) <= 1, qPrintable(QString::number(slider->value())));
        QCOMPARE(plot->cursorStep(), slider->value());
        QVERIFY(labelText(*pane_, "frameCaption").contains(QStringLiteral("step %1").arg(slider->value())));

        // Left and Right step it from the episode list too; the filter field keeps its keys.
        const int before = slider->value();
        auto* episodes = child<QTableView>(*pane_, "episodeTable");
        episodes->setFocus();
        pane_->activateWindow();
        QTest::keyClick(episodes, Qt::Key_Right);
        QTest::keyClick(episodes, Qt::Key_Right);
        QCOMPARE(slider->value(), before + 2);
        QCOMPARE(plot->cursorStep(), before + 2);
        QTest::keyClick(episodes, Qt::Key_Left);
        QCOMPARE(slider->value(), before + 1);
        auto* filter = child<QLineEdit>(*pane_, "dimensionFilter");
        filter->setFocus();
        QTest::keyClicks(filter, QStringLiteral("st"));
        QTest::keyClick(filter, Qt::Key_Left);
        QCOMPARE(slider->value(), before + 1);
        QCOMPARE(filter->cursorPosition(), 1);
        filter->clear();
    }

    void aBufferWithoutCamerasSaysSo() {
        QVERIFY(openAndWait(*pane_, fixture("traj_p4.pkl")));
        auto* frame = child<FrameView>(*pane_, "frameView");
        QVERIFY(!frame->hasFrame());
        QCOMPARE(frame->text(), QStringLiteral("no camera frames in this buffer"));
        QCOMPARE(labelText(*pane_, "frameCaption"), QString());  // said once, not twice
    }

    void hostileAndTruncatedFilesKeepThePreviousBuffer_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("mustMention");
        QTest::newRow("reduce") << fixture("evil_reduce_p2.pkl") << "byte 2:";
        QTest::newRow("truncated") << fixture("evil_truncated_p2.pkl") << "byte";
        QTest::newRow("missing") << fixture("no_such_buffer.pkl") << "no_such_buffer.pkl";
        // An HDF5 file that crashes libhdf5 (a fuzzer's finding): its child reader dies, the window does not.
        QTest::newRow("hdf5 crash") << QStringLiteral(RSSM_FIXTURE_DIR "/hdf5/crash-daa94b5ba21a5ec2.h5") << "crashed (signal";
        // 40 KB claiming 10^8 steps through the memo: refused early with the offset and the count.
        const QString amplified = scratch_.filePath(QStringLiteral("amplified.pkl"));
        rssm::test::writeBytes(amplified.toStdString(), rssm::test::amplificationPickle(10000, 10000));
        QTest::newRow("amplification") << amplified
                                       << QStringLiteral("named again by memo references from offset %1 on: the file (%2 bytes) claims "
                                                         "10000 trajectories of 100000000 steps in all")
                                              .arg(rssm::test::amplificationFirstTrajectoryReference(10000))
                                              .arg(QFileInfo(amplified).size());
    }
    void hostileAndTruncatedFilesKeepThePreviousBuffer() {
        QFETCH(QString, path);
        QFETCH(QString, mustMention);
        QVERIFY(openAndWait(*pane_, samplePath()));
        QAbstractItemModel* stats = child<QTableView>(*pane_, "statsTable")->model();
        const int row = statsRow(stats, "state", 5);
        const double meanBefore = cell(stats, row, DimensionStatsModel::MeanColumn);
        auto* plot = child<EpisodePlot>(*pane_, "observationPlot");
        const QStringList seriesBefore = seriesNames(plot);

        QSignalSpy failed(&*pane_, &BufferPane::loadFailed);
        QVERIFY(!openAndWait(*pane_, path));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed[0][0].toString(), path);
        const QString message = failed[0][1].toString();
        QVERIFY2(message.contains(QFileInfo(path).fileName()) && message.contains(mustMention), qPrintable(message));
        QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));  // one line

        auto* banner = child<QFrame>(*pane_, "errorBanner");
        QVERIFY(banner->isVisible());
        const QString shown = labelText(*pane_, "errorMessage");
        QVERIFY2(shown.contains(message), qPrintable(shown));

        QCOMPARE(pane_->bufferPath(), samplePath());
        QCOMPARE(pane_->buffer()->episodeCount(), 16);
        QCOMPARE(labelText(*pane_, "summaryEpisodes"), QStringLiteral("16"));
        QCOMPARE(labelText(*pane_, "summaryPath"), samplePath());
        QCOMPARE(statsRow(stats, "state", 5), row);
        QCOMPARE(cell(stats, row, DimensionStatsModel::MeanColumn), meanBefore);
        QCOMPARE(seriesNames(plot), seriesBefore);
        QVERIFY(!pane_->isLoading());

        // The next good load clears the banner.
        QVERIFY(openAndWait(*pane_, samplePath()));
        QVERIFY(!banner->isVisible());
    }

    void aCutSampleNamesTheFileAndTheOffset() {
        QVERIFY(openAndWait(*pane_, samplePath()));
        QTemporaryDir dir;
        const QString cut = dir.filePath("cut_buf.pkl");
        QFile in(samplePath()), out(cut);
        QVERIFY(in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly));
        out.write(in.read(in.size() / 2));
        out.close();
        QVERIFY(!openAndWait(*pane_, cut));
        const QString shown = labelText(*pane_, "errorMessage");
        QVERIFY2(shown.contains("cut_buf.pkl") && shown.contains("byte "), qPrintable(shown));
        QCOMPARE(pane_->bufferPath(), samplePath());
        QCOMPARE(labelText(*pane_, "summaryTransitions"), QStringLiteral("1600"));
    }

    void cancelLeavesThePreviousBufferOpen() {
        QVERIFY(openAndWait(*pane_, fixture("traj_p4.pkl")));
        QSignalSpy opened(&*pane_, &BufferPane::bufferOpened);
        QSignalSpy loading(&*pane_, &BufferPane::loadingChanged);
        pane_->openBuffer(samplePath());
        QVERIFY(pane_->isLoading());
        QTest::mouseClick(child<QPushButton>(*pane_, "cancelLoadButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!pane_->isLoading(), kLoadTimeoutMs);
        QCOMPARE(loading.size(), 2);
        QVERIFY(!child<QWidget>(*pane_, "loadingRow")->isVisible());
        QTest::qWait(100);  // a late result would arrive now
        QCOMPARE(opened.size(), 0);
        QCOMPARE(pane_->bufferPath(), fixture("traj_p4.pkl"));
        QCOMPARE(labelText(*pane_, "summaryEpisodes"), QStringLiteral("3"));
    }

    void layoutRoundTrips() {
        QVERIFY(openAndWait(*pane_, samplePath()));
        auto* splitter = child<QSplitter>(*pane_, "mainSplitter");
        splitter->setSizes({500, 1000});
        const QList<int> sizes = splitter->sizes();
        const QByteArray state = pane_->saveLayout();
        splitter->setSizes({300, 1200});
        QVERIFY(splitter->sizes() != sizes);
        pane_->restoreLayout(state);
        QCOMPARE(splitter->sizes(), sizes);
        pane_->restoreLayout(QByteArray("garbage"));  // ignored
        QCOMPARE(splitter->sizes(), sizes);
    }

private:
    std::shared_ptr<const ReplayBuffer> buffer() const { return pane_->buffer(); }

    std::unique_ptr<BufferPane> pane_;
    std::shared_ptr<ReplayBuffer> sample_;
    QTemporaryDir scratch_;  // files built at test time
};

QTEST_MAIN(BufferPaneTest)
#include "BufferPaneTest.moc"
