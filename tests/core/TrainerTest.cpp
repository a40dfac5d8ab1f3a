// Training runs: loss falls, checkpoints round-trip, resume is exact,
// divergence stops with a clear message, and Stop ends a run between steps.
#include <gtest/gtest.h>

#include <cmath>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <torch/torch.h>

#include "ModelTestSupport.h"
#include "TestSupport.h"
#include "data/SequenceDataset.h"
#include "train/MetricsLog.h"
#include "train/Trainer.h"
#include "util/Error.h"

using namespace rssm;

namespace {

SequenceDatasetOptions windows(int64_t seqLen) { return test::windowOptions(seqLen, 0.25); }

TrainerOptions quick(int64_t steps) {
    TrainerOptions t;
    t.steps = steps;
    t.batchSize = 8;
    t.lr = 1e-3;
    t.threads = 1;
    t.logEvery = 1;
    t.evalEvery = 5;
    t.valBatches = 2;
    t.saveEvery = 10;
    return t;
}

struct Recorder : TrainingObserver {
    std::vector<TrainingMetrics> rows;
    std::vector<int64_t> checkpoints;
    std::function<void(const TrainingMetrics&)> onRow;
    void onMetrics(const TrainingMetrics& m) override {
        rows.push_back(m);
        if (onRow) onRow(m);
    }
    void onCheckpoint(int64_t step, const std::string&) override { checkpoints.push_back(step); }
};

TEST(Trainer, LossFallsAndTheRunFolderIsWritten) {
    const ReplayBuffer buffer = test::integratorBuffer(12, 30, 3);
    const SequenceDataset data(buffer, windows(12));
    test::TempDir dir;
    const RunFolder folder = RunFolder::create(dir.file("run"), "model:\n  stoch_dim: 8\n", "");
    TrainerOptions t = quick(200);
    t.logEvery = 10;
    t.evalEvery = 50;
    t.saveEvery = 100;
    Trainer trainer(data, test::smallModel(3, 3), t);
    Recorder rec;
    trainer.run(folder, "model:\n  stoch_dim: 8\n", &rec, nullptr);
    ASSERT_GE(rec.rows.size(), 10u);
    EXPECT_LT(rec.rows.back().losses.at("recon"), 0.5 * rec.rows.front().losses.at("recon"));
    EXPECT_EQ(rec.checkpoints, (std::vector<int64_t>{100, 200}));
    EXPECT_EQ(folder.checkpoints().size(), 2u);
    const auto table = MetricsLog::read(folder.metricsPath());
    EXPECT_EQ(table.columns, MetricsLog::columns());
    EXPECT_EQ(table.rows.size(), rec.rows.size());
    const int val = table.column("val_loss");
    int validated = 0;
    for (const auto& row : table.rows) validated += std::isfinite(row[val]) ? 1 : 0;
    EXPECT_EQ(validated, 4);  // steps 50, 100, 150, 200
    EXPECT_GT(table.rows.back()[table.column("wall_time")], 0.0);
}

TEST(Trainer, CheckpointRoundTripGivesTheSameModel) {
    const ReplayBuffer buffer = test::integratorBuffer(6, 20, 2);
    const SequenceDataset data(buffer, windows(8));
    ModelOptions o = test::smallModel(2, 2);
    o.useVae = true;
    o.latentDim = 4;
    Trainer trainer(data, o, quick(3));
    for (int i = 0; i < 3; ++i) trainer.trainStep();
    test::TempDir dir;
    const RunFolder folder = RunFolder::create(dir.file("run"), "x: 1\n", "");
    const std::string path = trainer.save(folder, "x: 1\n");
    EXPECT_EQ(path, folder.checkpointPath(3));
    WorldModel copy(o);
    const CheckpointInfo info = loadCheckpoint(path, copy, nullptr);
    EXPECT_EQ(info.step, 3);
    EXPECT_EQ(info.obsDim, 2);
    EXPECT_EQ(info.configYaml, "x: 1\n");
    for (const auto& p : trainer.model()->named_parameters())
        EXPECT_TRUE(torch::equal(p.value(), copy->named_parameters()[p.key()])) << p.key();
    // A model of another shape is refused, naming the parameter.
    ModelOptions other = o;
    other.deterDim = 32;
    WorldModel wrong(other);
    try {
        loadCheckpoint(path, wrong, nullptr);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("rssm_step_3.pt: 'rssm.gru.weight_ih' has shape [192, 64] in the checkpoint but [96, 64] in the model"),
                  std::string::npos) << e.what();
    }
    EXPECT_THROW(readCheckpointInfo(test::fixture("traj_p4.pkl")), Error);
}

TEST(Trainer, ResumeContinuesExactlyAsAnUninterruptedRun) {
    const ReplayBuffer buffer = test::integratorBuffer(10, 25, 2);
    const SequenceDataset data(buffer, windows(10));
    ModelOptions o = test::smallModel(2, 2);
    o.useVae = true;  // more randomness to restore
    o.latentDim = 4;
    test::TempDir dir;
    const TrainerOptions t = quick(20);

    const RunFolder whole = RunFolder::create(dir.file("whole"), "c\n", "");
    Recorder full;
    Trainer(data, o, t).run(whole, "c\n", &full, nullptr);

    // Stop the second run after step 12 (checkpoint at 10 and on Stop), then resume from step 10.
    const RunFolder parts = RunFolder::create(dir.file("parts"), "c\n", "");
    TrainingControl control;
    Recorder first;
    first.onRow = [&](const TrainingMetrics& m) { if (m.step == 12) control.cancel = true; };
    Trainer(data, o, t).run(parts, "c\n", &first, &control);
    EXPECT_EQ(first.checkpoints, (std::vector<int64_t>{10, 12}));
    std::filesystem::remove(parts.checkpointPath(12));

    Trainer resumed(data, o, t);
    resumed.resume(parts.checkpointPath(10));
    EXPECT_EQ(resumed.step(), 10);
    Recorder second;
    resumed.run(parts, "c\n", &second, nullptr);
    ASSERT_EQ(second.rows.size(), 10u);
    for (const auto& m : second.rows) {
        const auto& ref = full.rows[m.step - 1];
        ASSERT_EQ(ref.step, m.step);
        EXPECT_EQ(ref.losses, m.losses) << "step " << m.step;
        EXPECT_EQ(ref.validation, m.validation) << "step " << m.step;
    }
    // metrics.csv holds each step once: the rows after step 10 were replaced.
    const auto table = MetricsLog::read(parts.metricsPath());
    ASSERT_EQ(table.rows.size(), 20u);
    for (size_t i = 0; i < table.rows.size(); ++i) EXPECT_EQ(table.rows[i][0], static_cast<double>(i + 1));
}

TEST(Trainer, NonFiniteLossStopsWithAClearMessageAndNoNewCheckpoint) {
    const ReplayBuffer buffer = test::integratorBuffer(4, 20, 2, 1, /*nanStates=*/true);
    SequenceDatasetOptions d = windows(8);
    d.valFraction = 0.0;
    const SequenceDataset data(buffer, d);
    test::TempDir dir;
    const RunFolder folder = RunFolder::create(dir.file("run"), "c\n", "");
    Trainer trainer(data, test::smallModel(2, 2), quick(5));
    try {
        trainer.run(folder, "c\n", nullptr, nullptr);
        FAIL() << "training went on with NaN data";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("step 1: the loss is nan (kl nan"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(folder.checkpoints().empty());
}

TEST(Trainer, StopEndsTheRunBetweenStepsAndSaves) {
    const ReplayBuffer buffer = test::integratorBuffer(6, 20, 2);
    const SequenceDataset data(buffer, windows(8));
    test::TempDir dir;
    const RunFolder folder = RunFolder::create(dir.file("run"), "c\n", "");
    TrainingControl control;
    Recorder rec;
    rec.onRow = [&](const TrainingMetrics& m) { if (m.step == 3) control.cancel = true; };
    Trainer trainer(data, test::smallModel(2, 2), quick(1000));
    trainer.run(folder, "c\n", &rec, &control);
    EXPECT_EQ(trainer.step(), 3);
    EXPECT_EQ(rec.checkpoints, std::vector<int64_t>{3});
}

}  // namespace

namespace {

// Another job in the same process drawing from (and reseeding) LibTorch's
// global generator, as the window's prediction and evaluation panes may do
// while it trains.
class GlobalRandomNoise {
public:
    GlobalRandomNoise()
        : thread_([this] {
              for (int64_t i = 0; !stop_.load(); ++i) {
                  torch::manual_seed(static_cast<uint64_t>(i));
                  (void)torch::randn({64});
              }
          }) {}
    ~GlobalRandomNoise() {
        stop_ = true;
        thread_.join();
    }

private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

std::vector<std::map<std::string, double>> trainLosses(const SequenceDataset& data, const TrainerOptions& t) {
    Trainer trainer(data, test::smallModel(3, 3), t);
    std::vector<std::map<std::string, double>> out;
    for (int i = 0; i < 6; ++i) out.push_back(trainer.trainStep().losses);
    out.push_back(trainer.validate());
    return out;
}

TEST(Trainer, OtherJobsDrawingRandomNumbersDoNotChangeTheRun) {
    const ReplayBuffer buffer = test::integratorBuffer(12, 30, 3);
    const SequenceDataset data(buffer, windows(12));
    const auto alone = trainLosses(data, quick(6));
    std::vector<std::map<std::string, double>> beside;
    {
        GlobalRandomNoise other;
        beside = trainLosses(data, quick(6));
    }
    ASSERT_EQ(alone.size(), beside.size());
    for (size_t i = 0; i < alone.size(); ++i)
        for (const auto& [name, value] : alone[i]) EXPECT_EQ(beside[i].at(name), value) << "row " << i << ", " << name;
}

}  // namespace

namespace {

TEST(Trainer, APauseCountsInNeitherTrainTimeNorStepsPerSecond) {
    const ReplayBuffer buffer = test::integratorBuffer(12, 30, 3);
    const SequenceDataset data(buffer, windows(12));
    test::TempDir dir;
    const RunFolder folder = RunFolder::create(dir.file("run"), "model:\n  stoch_dim: 8\n", "");
    Trainer trainer(data, test::smallModel(3, 3), quick(6));
    TrainingControl control;
    Recorder rec;
    rec.onRow = [&](const TrainingMetrics& m) {
        if (m.step == 3) control.pause = true;
    };
    // Unpauses 0.6 s after the pause began.
    std::thread resumer([&] {
        while (!control.pause.load()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        control.pause = false;
    });
    trainer.run(folder, "model:\n  stoch_dim: 8\n", &rec, &control);
    resumer.join();
    ASSERT_EQ(rec.rows.size(), 6u);
    const TrainingMetrics& last = rec.rows.back();
    EXPECT_GE(last.wallTime - last.trainTime, 0.55) << "the pause is missing from wall_time or counted in train_time";
    // Had the pause counted, step 4's rate would be at most 1 / 0.6 s.
    EXPECT_GT(rec.rows[3].stepsPerSecond, 2.0);
    const auto table = MetricsLog::read(folder.metricsPath());
    const int trainCol = table.column("train_time"), wallCol = table.column("wall_time");
    ASSERT_GE(trainCol, 0);
    EXPECT_NEAR(table.rows.back()[trainCol], last.trainTime, 1e-3);
    EXPECT_GE(table.rows.back()[wallCol] - table.rows.back()[trainCol], 0.55);
}

TEST(Trainer, ALogFromBeforeTheTrainTimeColumnKeepsItsRowsOnResume) {
    test::TempDir dir;
    const std::string path = dir.file("metrics.csv");
    {
        std::ofstream old(path);
        old << "step,wall_time,loss,recon,kl,kl_value,vae_recon,vae_kl,grad_norm,lr,steps_per_s,val_loss,val_recon,val_kl\n"
            << "1,0.5,2,1,1,1,0,0,3,0.001,2,,,\n2,1.0,1.5,1,1,1,0,0,3,0.001,2,,,\n3,1.5,1.2,1,1,1,0,0,3,0.001,2,,,\n";
    }
    MetricsLog::truncateAfter(path, 2);
    const auto table = MetricsLog::read(path);
    EXPECT_EQ(table.columns, MetricsLog::columns());
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(table.rows[1][table.column("loss")], 1.5);
    EXPECT_TRUE(std::isnan(table.rows[1][table.column("train_time")]));
}

}  // namespace
