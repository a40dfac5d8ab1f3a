// Data-parallel training through c10d on loopback, run as a user would: real
// rssm processes, launched by `rssm train --nproc 2` or torchrun-style through
// the environment. The averaging is checked against one process computing the
// same global batch; failures must end every rank with the culprit named.
#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <torch/torch.h>

#include "model/JobRandom.h"
#include "TestSupport.h"
#include "config/Config.h"
#include "data/BufferSource.h"
#include "data/RolloutConfig.h"
#include "train/Checkpoint.h"
#include "train/MetricsLog.h"
#include "train/DistributedContext.h"
#include "train/RunFolder.h"
#include "train/RuntimeSetup.h"
#include "train/TrainingSession.h"
#include "util/Error.h"

using namespace rssm;

namespace {

const std::string kSample = std::string(RSSM_SOURCE_DIR) + "/resources/sample";

// A tiny model on the bundled sample. free_nats per sample keeps the loss a
// plain mean over the batch's windows, so the shards' weighted mean is the
// global batch's loss exactly.
std::vector<std::string> tinyRun(const std::string& dir, const std::string& name, int steps) {
    return {"data.buffer_path=" + kSample + "/buf.pkl", "data.rollout_config_path=" + kSample + "/rollout_config.yaml",
            "data.seq_len=8", "model.latent_dim=4", "model.vae_hidden_dim=16", "model.embed_dim=16", "model.hidden_dim=16",
            "model.deter_dim=16", "model.stoch_dim=4", "model.free_nats_mode=per_sample", "training.batch_size=8",
            "training.lr=1e-3", "training.threads=1", "training.steps=" + std::to_string(steps), "training.save_every=10",
            "training.eval_every=10", "training.val_batches=2", "training.log_every=1", "logging.dir=" + dir, "logging.name=" + name};
}

std::string readText(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// An rssm process with extra environment variables, its output in files.
struct Process {
    pid_t pid = -1;
    std::string out, err;
    int status = -1;

    Process(const std::vector<std::string>& args, const std::vector<std::string>& env, const std::string& logPrefix)
        : out(logPrefix + ".out"), err(logPrefix + ".err") {
        pid = fork();
        if (pid == 0) {
            for (const auto& e : env) putenv(strdup(e.c_str()));
            freopen(out.c_str(), "w", stdout);
            freopen(err.c_str(), "w", stderr);
            std::vector<char*> argv{const_cast<char*>(RSSM_BINARY)};
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execv(RSSM_BINARY, argv.data());
            _exit(127);
        }
    }
    ~Process() {
        if (status == -1 && pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
    }
    // The exit status once it ends within `limit`; nullopt (and killed) if it hangs.
    std::optional<int> wait(std::chrono::seconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return std::nullopt;
    }
    std::string stdoutText() const { return readText(out); }
    std::string stderrText() const { return readText(err); }
};

std::vector<std::string> train(const std::vector<std::string>& first, const std::vector<std::string>& overrides) {
    std::vector<std::string> args{"train"};
    args.insert(args.end(), first.begin(), first.end());
    args.insert(args.end(), overrides.begin(), overrides.end());
    return args;
}

int freePortGuess() { return 20000 + static_cast<int>(getpid() % 20000); }

// Runs to the end within two minutes, or fails the test with its output.
void expectSuccess(Process& p, const std::string& what) {
    const auto rc = p.wait(std::chrono::seconds(120));
    ASSERT_TRUE(rc.has_value()) << what << " did not end within 120 s";
    ASSERT_EQ(*rc, 0) << what << ":\n" << p.stdoutText() << p.stderrText();
}

struct TinyData {
    Config config = Config::defaults();
    ReplayBuffer buffer;
    std::optional<RolloutConfig> rollout;
    std::unique_ptr<SequenceDataset> data;
    explicit TinyData(const std::vector<std::string>& overrides) {
        config.applyOverrides(overrides);
        buffer = loadReplayBuffer(config.getString("data.buffer_path"));
        rollout = RolloutConfig::load(config.getString("data.rollout_config_path"));
        data = std::make_unique<SequenceDataset>(buffer, datasetOptionsFrom(config, &*rollout));
    }
    WorldModel load(const std::string& checkpoint) const {
        WorldModel m(modelOptionsFrom(config, data->obsDim(), data->actionDim()));
        loadCheckpoint(checkpoint, m, nullptr);
        return m;
    }
};

void expectSameParameters(WorldModel& a, WorldModel& b, double relative) {
    const auto pa = a->named_parameters(), pb = b->named_parameters();
    for (const auto& item : pa) {
        const auto& x = item.value();
        const auto& y = pb[item.key()];
        const double scale = std::max(y.norm().item<double>(), 1e-12);
        EXPECT_LE((x - y).norm().item<double>() / scale, relative) << item.key();
    }
}

}  // namespace

TEST(DistributedTraining, TwoRanksMatchOneProcessOnTheSameGlobalBatch) {
    test::TempDir dir;
    const auto overrides = tinyRun(dir.path(), "two", 20);
    Process ranks(train({"--nproc", "2"}, overrides), {}, dir.file("two"));
    expectSuccess(ranks, "rssm train --nproc 2");
    const std::string out = ranks.stdoutText();
    EXPECT_NE(out.find("x 2 ranks (gloo)"), std::string::npos) << out;
    EXPECT_NE(out.find("finished at step 20"), std::string::npos) << out;
    const RunFolder folder = RunFolder::open(dir.file("two"));
    const auto runtime = folder.runtime();
    ASSERT_TRUE(runtime.has_value());
    EXPECT_EQ(runtime->worldSize, 2);
    EXPECT_EQ(runtime->backend, "gloo");

    // One process, batch 8: the same windows (the global batch's draws) and
    // each window's noise as its rank drew it, the loss the mean over all 8.
    TinyData s(overrides);
    applyRuntimeSettings(1);
    const TrainerOptions t = trainerOptionsFrom(s.config);
    WorldModel model(modelOptionsFrom(s.config, s.data->obsDim(), s.data->actionDim()));
    at::Generator init = at::make_generator<at::CPUGeneratorImpl>(t.seed);  // as the Trainer draws its first weights
    initialiseWeights(*model, init);
    torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(t.lr));
    // Each rank's noise comes from a generator of its own, seeded with its
    // rank's seed (not from the stream the weights' initialisation used).
    auto generator = at::detail::getDefaultCPUGenerator();
    torch::manual_seed(rankSeed(t.seed, 0));
    std::vector<torch::Tensor> noise{generator.get_state()};
    torch::manual_seed(rankSeed(t.seed, 1));
    noise.push_back(generator.get_state());
    std::mt19937_64 rng(t.seed);
    // Adam barely sees a gradient's scale, so the logged loss and gradient
    // norm (rank 0's, after the all-reduce) check that the sum is a mean.
    const auto table = MetricsLog::read(folder.metricsPath());
    ASSERT_EQ(table.rows.size(), 20u);
    for (int step = 0; step < 20; ++step) {
        adam.zero_grad();
        const std::mt19937_64 atStart = rng;
        double loss = 0.0;
        for (int r = 0; r < 2; ++r) {
            rng = atStart;
            const SequenceBatch half = s.data->sample(Split::Train, t.batchSize, rng, t.batchSize * r / 2, t.batchSize * (r + 1) / 2);
            generator.set_state(noise[r]);
            const LossTerms terms = model->loss(half);
            (terms.total * 0.5).backward();
            loss += 0.5 * terms.total.item<double>();
            noise[r] = generator.get_state();
        }
        const double norm = torch::nn::utils::clip_grad_norm_(model->parameters(), t.gradClip);
        adam.step();
        EXPECT_NEAR(table.rows[step][table.column("loss")], loss, 1e-5 * std::abs(loss)) << "step " << step + 1;
        EXPECT_NEAR(table.rows[step][table.column("grad_norm")], norm, 1e-5 * norm) << "step " << step + 1;
    }
    WorldModel distributed = s.load(folder.checkpointPath(20));
    expectSameParameters(distributed, model, 1e-5);
}

TEST(DistributedTraining, ResumeOfATwoRankRunIsExact) {
    test::TempDir dir;
    Process straight(train({"--nproc", "2"}, tinyRun(dir.path(), "straight", 20)), {}, dir.file("straight"));
    expectSuccess(straight, "20 steps");
    Process half(train({"--nproc", "2"}, tinyRun(dir.path(), "halves", 10)), {}, dir.file("halves"));
    expectSuccess(half, "10 steps");
    Process rest(train({"--nproc", "2", "--resume", dir.file("halves")}, {"training.steps=20"}), {}, dir.file("rest"));
    expectSuccess(rest, "resumed to 20 steps");
    EXPECT_NE(rest.stdoutText().find("resuming at step 10"), std::string::npos) << rest.stdoutText();

    TinyData s(tinyRun(dir.path(), "straight", 20));
    WorldModel a = s.load(dir.file("straight/rssm_step_20.pt"));
    WorldModel b = s.load(dir.file("halves/rssm_step_20.pt"));
    expectSameParameters(a, b, 0.0);
}

TEST(DistributedTraining, AKilledRankEndsTheOtherNamingItAndNoCheckpointIsHalfWritten) {
    test::TempDir dir;
    auto overrides = tinyRun(dir.path(), "killed", 1000000);
    overrides.push_back("training.save_every=3");
    const std::string port = "MASTER_PORT=" + std::to_string(freePortGuess());
    const std::vector<std::string> common{"WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1", port, "RSSM_DIST_TIMEOUT=60"};
    auto env = [&](int rank) {
        auto e = common;
        e.push_back("RANK=" + std::to_string(rank));
        e.push_back("LOCAL_RANK=" + std::to_string(rank));
        return e;
    };
    Process rank0(train({}, overrides), env(0), dir.file("rank0"));
    Process rank1(train({}, overrides), env(1), dir.file("rank1"));
    // Mid-run: once a few checkpoints are out.
    const std::string ninth = dir.file("killed/rssm_step_9.pt");
    for (int i = 0; i < 1200 && !std::filesystem::exists(ninth); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(std::filesystem::exists(ninth)) << rank0.stdoutText() << rank0.stderrText() << rank1.stderrText();
    kill(rank1.pid, SIGKILL);
    rank1.wait(std::chrono::seconds(5));

    const auto rc = rank0.wait(std::chrono::seconds(30));
    ASSERT_TRUE(rc.has_value()) << "rank 0 still runs 30 s after rank 1 was killed (a hang)";
    EXPECT_NE(*rc, 0);
    const std::string err = rank0.stderrText();
    EXPECT_NE(err.find("rank 1"), std::string::npos) << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << "one line: " << err;
    // Every checkpoint in the folder is whole.
    const auto checkpoints = RunFolder::open(dir.file("killed")).checkpoints();
    EXPECT_GE(checkpoints.size(), 3u);
    for (const auto& [step, path] : checkpoints) EXPECT_NO_THROW(readCheckpointInfo(path)) << path;
}

TEST(DistributedTraining, AMissingRankOrAWrongPortTimesOutWithAClearError) {
    test::TempDir dir;
    const auto overrides = tinyRun(dir.path(), "alone", 5);
    const std::string port = "MASTER_PORT=" + std::to_string(freePortGuess() + 1);
    // Rank 0 waits for a rank 1 that never comes.
    Process alone(train({}, overrides), {"WORLD_SIZE=2", "RANK=0", "MASTER_ADDR=127.0.0.1", port, "RSSM_DIST_TIMEOUT=3"}, dir.file("alone"));
    const auto rc0 = alone.wait(std::chrono::seconds(60));
    ASSERT_TRUE(rc0.has_value());
    EXPECT_EQ(*rc0, 1);
    EXPECT_NE(alone.stderrText().find("only 1 of WORLD_SIZE=2 ranks"), std::string::npos) << alone.stderrText();
    EXPECT_NE(alone.stderrText().find("missing: rank 1"), std::string::npos) << alone.stderrText();
    // Rank 1 looks for a rank 0 on a port where nobody listens.
    Process lost(train({}, overrides), {"WORLD_SIZE=2", "RANK=1", "MASTER_ADDR=127.0.0.1", port, "RSSM_DIST_TIMEOUT=3"}, dir.file("lost"));
    const auto rc1 = lost.wait(std::chrono::seconds(60));
    ASSERT_TRUE(rc1.has_value());
    EXPECT_EQ(*rc1, 1);
    EXPECT_NE(lost.stderrText().find("rank 1: cannot reach the rendezvous store at 127.0.0.1:"), std::string::npos) << lost.stderrText();
    EXPECT_FALSE(std::filesystem::exists(dir.file("alone/rssm_step_5.pt")));
}

TEST(DistributedTraining, CtrlCOnTheLauncherStopsEveryRankAndKeepsTheLastCheckpoint) {
    test::TempDir dir;
    Process ranks(train({"--nproc", "2"}, tinyRun(dir.path(), "stopped", 1000000)), {}, dir.file("stopped"));
    const std::string metrics = dir.file("stopped/metrics.csv");
    auto rows = [&] {
        const std::string text = readText(metrics);
        return std::count(text.begin(), text.end(), '\n');
    };
    for (int i = 0; i < 1200 && rows() < 4; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    kill(ranks.pid, SIGINT);
    const auto rc = ranks.wait(std::chrono::seconds(30));
    ASSERT_TRUE(rc.has_value()) << "the ranks still run 30 s after Ctrl-C";
    EXPECT_EQ(*rc, 0) << ranks.stderrText();
    const std::string out = ranks.stdoutText();
    EXPECT_NE(out.find("stopped at step"), std::string::npos) << out;
    const auto checkpoints = RunFolder::open(dir.file("stopped")).checkpoints();
    ASSERT_FALSE(checkpoints.empty());
    EXPECT_NO_THROW(readCheckpointInfo(checkpoints.back().second));
}
