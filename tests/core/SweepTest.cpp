// Sweeps: expansion of key=a,b,c, checks before the first run, the four
// folders of a 2x2 sweep, and a sweep killed mid-run then resumed.
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "TestSupport.h"
#include "config/Config.h"
#include "train/MetricsLog.h"
#include "train/RunFolder.h"
#include "train/Sweep.h"
#include "train/SweepPlan.h"
#include "util/Error.h"

namespace fs = std::filesystem;
using namespace rssm;
using rssm::test::TempDir;

namespace {

Config tinyBase(const std::string& dir) {
    Config c;
    c.set("data.buffer_path", RSSM_SOURCE_DIR "/resources/sample/buf.pkl");
    c.set("data.rollout_config_path", RSSM_SOURCE_DIR "/resources/sample/rollout_config.yaml");
    c.applyOverrides({"model.hidden_dim=16", "model.deter_dim=16", "model.stoch_dim=4", "model.embed_dim=16", "model.vae_hidden_dim=16",
                      "data.seq_len=8", "training.batch_size=4", "training.device=cpu", "training.threads=1", "training.steps=6",
                      "training.eval_every=3", "training.save_every=3", "training.log_every=1", "logging.name=sweep"});
    c.set("logging.dir", "'" + dir + "'");
    return c;
}

const std::vector<std::string> kTwoByTwo{"model.obs_window=1,2", "model.free_nats=0.5,1.0", "training.lr=1e-3"};

std::map<std::string, fs::file_time_type> filesOf(const std::string& dir) {
    std::map<std::string, fs::file_time_type> files;
    for (const auto& e : fs::directory_iterator(dir)) files[e.path().filename().string()] = e.last_write_time();
    return files;
}

}  // namespace

TEST(Sweep, ValuesSplitAtTopLevelCommas) {
    EXPECT_EQ(splitSweepValues("1,4"), (std::vector<std::string>{"1", "4"}));
    EXPECT_EQ(splitSweepValues("[a,b],[c]"), (std::vector<std::string>{"[a,b]", "[c]"}));
    EXPECT_EQ(splitSweepValues("'x,y',z"), (std::vector<std::string>{"'x,y'", "z"}));
    const SweepPlan plan = SweepPlan::parse(kTwoByTwo);
    EXPECT_EQ(plan.fixedOverrides(), (std::vector<std::string>{"training.lr=1e-3"}));
    const auto runs = plan.runs();
    ASSERT_EQ(runs.size(), 4u);
    // The last key varies fastest, as in Hydra.
    EXPECT_EQ(runs[1].overrides, (std::vector<std::string>{"model.obs_window=1", "model.free_nats=1.0"}));
    EXPECT_EQ(runs[2].overrides, (std::vector<std::string>{"model.obs_window=2", "model.free_nats=0.5"}));
}

TEST(Sweep, ABadValueIsRefusedBeforeTheFirstRunNamingRunAndKey) {
    TempDir dir;
    try {
        Sweep::create(tinyBase(dir.path()), {"model.free_nats=0.5,1.0", "model.obs_window=1,0"});
        FAIL() << "the sweep was accepted";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("run 1 (model.free_nats=0.5, model.obs_window=0)"), std::string::npos) << m;
        EXPECT_NE(m.find("model.obs_window=0:"), std::string::npos) << m;
    }
    EXPECT_FALSE(fs::exists(dir.file("sweep")));
    EXPECT_THROW(Sweep::create(tinyBase(dir.path()), {"model.obs_window=1,2", "model.obs_window=3,4"}), Error);
    EXPECT_THROW(Sweep::create(tinyBase(dir.path()), {"training.lr=1e-3"}), Error);  // nothing swept
}

TEST(Sweep, TwoByTwoRunsFourFoldersWithTheirConfigs) {
    TempDir dir;
    auto sweep = Sweep::create(tinyBase(dir.path()), kTwoByTwo);
    sweep->run(2, nullptr, nullptr);
    const std::string root = dir.file("sweep");
    const SweepState state = SweepState::load(root);
    ASSERT_EQ(state.runs().size(), 4u);
    const int windows[] = {1, 1, 2, 2};
    const double nats[] = {0.5, 1.0, 0.5, 1.0};
    for (int i = 0; i < 4; ++i) {
        const std::string runDir = root + "/" + std::to_string(i);
        EXPECT_EQ(state.runs()[i].status, SweepRunStatus::Finished) << state.runs()[i].error;
        const Config c = Config::load(runDir + "/config.yaml");
        EXPECT_EQ(c.getInt("model.obs_window"), windows[i]);
        EXPECT_DOUBLE_EQ(c.getFloat("model.free_nats"), nats[i]);
        EXPECT_DOUBLE_EQ(c.getFloat("training.lr"), 1e-3);
        EXPECT_EQ(c.getString("logging.name"), std::to_string(i));
        EXPECT_EQ(RunFolder::open(runDir).checkpoints().back().first, 6);
    }
    // A second sweep into the same root is refused: it is resumed instead.
    EXPECT_THROW(Sweep::create(tinyBase(dir.path()), kTwoByTwo), Error);
}

TEST(Sweep, KilledDuringTheThirdRunResumesWithoutRerunningTheFirstTwo) {
    TempDir dir;
    const std::string root = dir.file("sweep");
    // The sweep runs in a child process that dies (no cleanup, no
    // checkpoint on the way out) in run 2, after its first checkpoint.
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        struct Killer : SweepObserver {
            void onRunMetrics(int index, const TrainingMetrics& m) override {
                if (index == 2 && m.step == 4) _exit(9);
            }
        } killer;
        try {
            Sweep::create(tinyBase(dir.path()), kTwoByTwo)->run(1, &killer, nullptr);
        } catch (...) {
        }
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 9);

    const SweepState killed = SweepState::load(root);
    ASSERT_EQ(killed.runs().size(), 4u);
    EXPECT_EQ(killed.runs()[0].status, SweepRunStatus::Finished);
    EXPECT_EQ(killed.runs()[1].status, SweepRunStatus::Finished);
    EXPECT_EQ(killed.runs()[2].status, SweepRunStatus::Running);
    EXPECT_EQ(killed.runs()[3].status, SweepRunStatus::Pending);
    const auto run0 = filesOf(root + "/0"), run1 = filesOf(root + "/1"), run2 = filesOf(root + "/2");
    ASSERT_TRUE(run2.count("rssm_step_3.pt"));
    EXPECT_FALSE(fs::exists(root + "/3"));

    std::vector<int> started;
    struct Recorder : SweepObserver {
        std::vector<std::pair<int, int64_t>> starts;
        void onRunStarted(int index, const std::string&, int64_t fromStep) override { starts.emplace_back(index, fromStep); }
    } recorder;
    Sweep::resume(root, {})->run(1, &recorder, nullptr);
    EXPECT_EQ(recorder.starts, (std::vector<std::pair<int, int64_t>>{{2, 3}, {3, 0}}));
    const SweepState done = SweepState::load(root);
    for (const auto& r : done.runs()) EXPECT_EQ(r.status, SweepRunStatus::Finished) << r.run.label() << ": " << r.error;
    EXPECT_EQ(filesOf(root + "/0"), run0);  // untouched: not rerun
    EXPECT_EQ(filesOf(root + "/1"), run1);
    EXPECT_EQ(filesOf(root + "/2").at("rssm_step_3.pt"), run2.at("rssm_step_3.pt"));  // resumed from it
    const auto table = MetricsLog::read(root + "/2/metrics.csv");
    ASSERT_EQ(table.rows.size(), 6u);  // steps 1..6, each once
    for (size_t i = 0; i < table.rows.size(); ++i) EXPECT_EQ(table.rows[i][0], static_cast<double>(i + 1));
    EXPECT_EQ(RunFolder::open(root + "/3").checkpoints().back().first, 6);
}

TEST(Sweep, ResumeRefusesADifferentSweep) {
    TempDir dir;
    auto sweep = Sweep::create(tinyBase(dir.path()), kTwoByTwo);
    EXPECT_THROW(Sweep::resume(sweep->root(), {"model.latent_dim=4,8"}), Error);
    EXPECT_NO_THROW(Sweep::resume(sweep->root(), kTwoByTwo));
}
