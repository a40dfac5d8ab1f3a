// The command line under hostile files, paths, signals and a full disk, run
// as a user would: the real rssm binary, its exit status and its output.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <torch/serialize.h>
#include <torch/torch.h>

#include "AmplificationPickle.h"
#include "CheckpointRewrite.h"
#include "TestSupport.h"
#include "train/Checkpoint.h"
#include "train/MetricsLog.h"
#include "train/RunFolder.h"

namespace fs = std::filesystem;

namespace rssm {
namespace {

struct Result {
    int status = -1;  // exit status, or 128 + signal
    std::string out, err;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Starts rssm with args; stdout and stderr go to files in `dir`.
pid_t spawn(const std::vector<std::string>& args, const std::string& dir, const std::function<void()>& inChild = {}) {
    const pid_t pid = fork();
    if (pid == 0) {
        if (inChild) inChild();
        const int out = ::open((dir + "/out.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = ::open((dir + "/err.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(out, 1);
        dup2(err, 2);
        std::vector<char*> argv{const_cast<char*>(RSSM_BINARY)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(RSSM_BINARY, argv.data());
        _exit(127);
    }
    return pid;
}

Result wait(pid_t pid, const std::string& dir) {
    int status = 0;
    waitpid(pid, &status, 0);
    Result r;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(dir + "/out.txt");
    r.err = slurp(dir + "/err.txt");
    return r;
}

Result run(const std::vector<std::string>& args, const std::string& dir, const std::function<void()>& inChild = {}) {
    return wait(spawn(args, dir, inChild), dir);
}

// A tiny model that trains in milliseconds a step, checkpointing every step.
std::vector<std::string> tinyTraining(const std::string& dir, const std::string& name, int steps) {
    const std::string sample = std::string(RSSM_SOURCE_DIR) + "/resources/sample";
    return {"train", "data.buffer_path=" + sample + "/buf.pkl", "data.rollout_config_path=", "data.seq_len=8",
            "model.use_vae=false", "model.embed_dim=8", "model.hidden_dim=8", "model.deter_dim=8", "model.stoch_dim=4",
            "training.batch_size=4", "training.val_batches=1", "training.eval_every=7", "training.log_every=1",
            "training.save_every=1", "training.threads=1", "training.steps=" + std::to_string(steps),
            "logging.dir=" + dir, "logging.name=" + name};
}

size_t metricsRows(const std::string& path) {
    std::ifstream in(path);
    size_t n = 0;
    std::string line;
    while (std::getline(in, line)) ++n;
    return n ? n - 1 : 0;
}

std::map<std::string, torch::Tensor> weights(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto root = torch::pickle_load(bytes).toGenericDict();
    std::map<std::string, torch::Tensor> out;
    for (const auto& item : root.at("model").toGenericDict()) out[item.key().toStringRef()] = item.value().toTensor();
    return out;
}

// ---- SIGKILL at many moments ----

TEST(TrainKill, SigkillAtManyMomentsLosesNothingAndResumeContinuesExactly) {
    test::TempDir dir;
    constexpr int kSteps = 60;
    // The reference: one run straight through.
    Result ref = run(tinyTraining(dir.path(), "ref", kSteps), dir.path());
    ASSERT_EQ(ref.status, 0) << ref.err;

    const std::string runDir = dir.path() + "/killed";
    int kills = 0, temporariesLeft = 0;
    for (int round = 0; round < 12; ++round) {
        const size_t before = metricsRows(runDir + "/metrics.csv");
        const auto args = round == 0 ? tinyTraining(dir.path(), "killed", kSteps) : std::vector<std::string>{"train", "--resume", runDir};
        const pid_t pid = spawn(args, dir.path());
        // Kill once it has trained 1 to 3 steps more, 0 to 3 ms after the
        // step's metrics row (the checkpoint is written just after it).
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        bool exited = false;
        // (The first run first writes two checkpoints, so there is one to resume from.)
        auto waiting = [&] {
            if (round == 0) return !fs::exists(runDir + "/rssm_step_2.pt");
            return metricsRows(runDir + "/metrics.csv") < before + 1 + round % 3;
        };
        int status = 0;
        while (waiting() && std::chrono::steady_clock::now() < deadline) {
            if (waitpid(pid, &status, WNOHANG) == pid) {
                exited = true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        if (exited) {
            // Only a run that got to the end may stop by itself.
            EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "round " << round << ": " << slurp(dir.path() + "/err.txt");
            break;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(round * 250));
        kill(pid, SIGKILL);
        const Result r = wait(pid, dir.path());
        if (r.status == 128 + SIGKILL) ++kills;
        for (const auto& entry : fs::directory_iterator(runDir))
            if (entry.path().filename().string().find(".tmp-") != std::string::npos) ++temporariesLeft;

        // After each kill: every checkpoint loads, none is a temporary, and
        // metrics.csv parses.
        const RunFolder folder = RunFolder::open(runDir);
        for (const auto& [step, path] : folder.checkpoints()) {
            EXPECT_EQ(path.find(".tmp"), std::string::npos) << path;
            CheckpointInfo info;
            ASSERT_NO_THROW(info = readCheckpointInfo(path)) << "round " << round << ": " << path;
            EXPECT_EQ(info.step, step);
        }
        const auto table = MetricsLog::read(folder.metricsPath());
        EXPECT_EQ(table.columns, MetricsLog::columns());
    }
    EXPECT_GE(kills, 8);
    std::printf("%d kills; %d times a killed writer's temporary was left (and removed by the next resume)\n", kills, temporariesLeft);

    // A latest checkpoint cut short (a full disk, a crash of the machine):
    // resume falls back to the one before and says so.
    const RunFolder folder = RunFolder::open(runDir);
    const auto checkpoints = folder.checkpoints();
    ASSERT_GE(checkpoints.size(), 2u);
    fs::resize_file(checkpoints.back().second, fs::file_size(checkpoints.back().second) / 2);
    // And for certain one temporary of a killed writer: a pid that no longer
    // runs, as a kill leaves it.
    const pid_t gone = fork();
    if (gone == 0) _exit(0);
    waitpid(gone, nullptr, 0);
    const std::string stale = runDir + "/rssm_step_99.pt.tmp-" + std::to_string(gone);
    std::ofstream(stale) << "half a checkpoint";
    const Result resumed = run({"train", "--resume", runDir}, dir.path());
    ASSERT_EQ(resumed.status, 0) << resumed.err;
    EXPECT_NE(resumed.err.find(stale + ": removed, a temporary file that a killed writer left"), std::string::npos) << resumed.err;
    EXPECT_NE(resumed.err.find(checkpoints.back().second + ": cannot be loaded, skipped"), std::string::npos) << resumed.err;
    EXPECT_NE(resumed.err.find("resuming from " + checkpoints[checkpoints.size() - 2].second), std::string::npos) << resumed.err;

    // No temporary is left, and the run ended exactly where the reference did.
    for (const auto& entry : fs::directory_iterator(runDir))
        EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
    const auto table = MetricsLog::read(runDir + "/metrics.csv");
    ASSERT_EQ(table.rows.size(), static_cast<size_t>(kSteps));
    for (int i = 0; i < kSteps; ++i) EXPECT_EQ(table.rows[static_cast<size_t>(i)][0], i + 1);
    const auto a = weights(dir.path() + "/ref/rssm_step_" + std::to_string(kSteps) + ".pt");
    const auto b = weights(runDir + "/rssm_step_" + std::to_string(kSteps) + ".pt");
    ASSERT_EQ(a.size(), b.size());
    for (const auto& [name, tensor] : a) {
        ASSERT_TRUE(b.count(name)) << name;
        EXPECT_TRUE(torch::equal(tensor, b.at(name))) << name << " differs after " << kills << " kills";
    }
}

// ---- signals ----

TEST(TrainSignals, SighupStopsWithACheckpointLikeCtrlC) {
    test::TempDir dir;
    auto args = tinyTraining(dir.path(), "hup", 100000);
    args.push_back("training.save_every=100000");
    const pid_t pid = spawn(args, dir.path());
    const std::string metrics = dir.path() + "/hup/metrics.csv";
    while (metricsRows(metrics) < 3) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    kill(pid, SIGHUP);
    const Result r = wait(pid, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("stopped at step"), std::string::npos) << r.out;
    EXPECT_EQ(RunFolder::open(dir.path() + "/hup").checkpoints().size(), 1u);
}

TEST(CliCheckpoints, AFieldOfTheWrongTypeIsOneLineFromResumeAndEval) {
    test::TempDir dir;
    const Result trained = run(tinyTraining(dir.path(), "typed", 1), dir.path());
    ASSERT_EQ(trained.status, 0) << trained.err;
    const std::string runDir = dir.path() + "/typed";
    const std::string checkpoint = RunFolder::open(runDir).checkpoints().rbegin()->second;
    // The generator's state as floats: LibTorch's set_state said INTERNAL ASSERT FAILED, in many lines.
    test::rewriteCheckpoint(checkpoint, checkpoint, [](test::CheckpointDict& root) {
        root.at("rng").toGenericDict().insert_or_assign("torch_cpu", torch::zeros({5056}, torch::kFloat));
    });
    const std::string field = checkpoint + ": the checkpoint's 'rng.torch_cpu' entry is Float [5056], expected a generator state";
    Result r = run({"train", "--resume", runDir}, dir.path());
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.rfind("rssm train: error: " + runDir + ": none of its 1 checkpoints can be loaded; the newest: " + field, 0), 0u)
        << r.err;
    r = run({"eval", "eval.checkpoint_path=" + checkpoint}, dir.path());
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("rssm eval: error: " + field), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("INTERNAL ASSERT"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("Exception raised from"), std::string::npos) << r.err;
    // A weight of the wrong type: eval builds the model and loads it.
    test::rewriteCheckpoint(checkpoint, checkpoint, [](test::CheckpointDict& root) {
        root.at("rng").toGenericDict().erase("torch_cpu");
        auto model = root.at("model").toGenericDict();
        const std::string key = test::firstKey(model);
        model.insert_or_assign(key, model.at(key).toTensor().to(torch::kLong));
    });
    r = run({"eval", "eval.checkpoint_path=" + checkpoint}, dir.path());
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("rssm eval: error: " + checkpoint + ": '"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("' is Long ["), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

// ---- paths ----

TEST(CliPaths, APathWithHashAndColonIsTakenVerbatimFromOverridesAndConfigFiles) {
    test::TempDir dir;
    const std::string odd = dir.path() + "/hash #x: y";
    fs::create_directories(odd);
    fs::copy_file(std::string(RSSM_SOURCE_DIR) + "/resources/sample/buf.pkl", odd + "/buf.pkl");
    // A decoy where the old reading (" #..." as a comment) would have led.
    fs::create_directories(dir.path() + "/hash");
    auto args = tinyTraining(dir.path(), "over", 1);
    args[1] = "data.buffer_path=" + odd + "/buf.pkl";
    Result r = run(args, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(slurp(dir.path() + "/over/train_logging.yaml").find("path: '" + odd + "/buf.pkl'"), std::string::npos);
    // Quoted, as Hydra users write it.
    args[1] = "data.buffer_path='" + odd + "/buf.pkl'";
    args.back() = "logging.name=quoted";
    r = run(args, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    // And from a --config file, the value in double quotes.
    std::ofstream(dir.path() + "/c.yaml") << "data:\n  buffer_path: \"" << odd << "/buf.pkl\"\n";
    std::vector<std::string> withConfig{"train", "--config", dir.path() + "/c.yaml"};
    withConfig.insert(withConfig.end(), args.begin() + 2, args.end());
    withConfig.back() = "logging.name=file";
    r = run(withConfig, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(slurp(dir.path() + "/file/train_logging.yaml").find("path: '" + odd + "/buf.pkl'"), std::string::npos);
}

TEST(CliPaths, ConfigThatIsADirectoryAndAFifoBufferAreNamed) {
    test::TempDir dir;
    Result r = run({"train", "--config", "/tmp"}, dir.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "rssm train: error: /tmp: is a directory, expected a YAML file as a regular file\n");
    const std::string fifo = dir.file("buf.pkl");
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    r = run({"inspect", "--buffer-path", fifo}, dir.path());  // blocked forever before
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "rssm inspect: error: " + fifo + ": is a FIFO (named pipe), expected a buffer as a regular file\n");
}

TEST(CliPaths, ALoggingNameThatLeavesLoggingDirIsRefused) {
    test::TempDir dir;
    auto args = tinyTraining(dir.path() + "/runs", "../../x", 1);
    const Result r = run(args, dir.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("logging.name=../../x: must name a folder inside logging.dir"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.path() + "/../x"));
}

// ---- untrusted names on the terminal ----

TEST(CliTerminal, AKeyWithANewlineAndAnEscapeCannotForgeOutput) {
    auto bytes = test::readBytes(test::fixture("single_step_p4.pkl"));
    ASSERT_EQ(std::string(bytes.begin() + 19, bytes.begin() + 24), "state");
    const std::string evil = "\n\x1b[2J";  // same length: a newline, then "clear the screen"
    std::copy(evil.begin(), evil.end(), bytes.begin() + 19);
    test::TempDir dir;
    test::writeBytes(dir.file("evil.pkl"), bytes);
    const Result r = run({"inspect", "--buffer-path", dir.file("evil.pkl")}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\\n\\x1b[2J"), std::string::npos) << r.out;
}

// ---- a full disk ----

TEST(CliDisk, ExportIntoAFullDiskFailsWithOneLineAndNoCrash) {
    test::TempDir dir;
    // The file size limit stands in for a full disk: writes past 16 KiB fail
    // (EFBIG, with SIGXFSZ ignored), as they would with ENOSPC.
    const Result r = run({"export", "--buffer-path", test::fixture("camera_p4.pkl"), "--out", dir.file("out.h5")}, dir.path(), [] {
        signal(SIGXFSZ, SIG_IGN);
        rlimit limit{16384, 16384};
        setrlimit(RLIMIT_FSIZE, &limit);
    });
    EXPECT_EQ(r.status, 1) << "status " << r.status << ": " << r.err;  // 139 was a segfault in HDF5's exit handler
    EXPECT_EQ(r.err.rfind("rssm export: error: " + dir.file("out.h5") + ": ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(dir.file("out.h5")));
    for (const auto& entry : fs::directory_iterator(dir.path()))
        EXPECT_EQ(entry.path().filename().string().find("out.h5"), std::string::npos) << entry.path();
}

// ---- hostile buffers from the command line ----

TEST(CliBuffers, ACorruptHdf5AndAnAmplificationPickleAreOneLineErrors) {
    test::TempDir dir;
    for (const auto& entry : fs::directory_iterator(std::string(RSSM_FIXTURE_DIR) + "/hdf5")) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("crash-", 0) != 0) continue;
        const Result r = run({"inspect", "--buffer-path", entry.path().string()}, dir.path());
        EXPECT_EQ(r.status, 1) << name << ": " << r.err;
        EXPECT_EQ(r.err.rfind("rssm inspect: error: " + entry.path().string() + ": ", 0), 0u) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
    const std::string amplified = dir.file("amplified.pkl");
    test::writeBytes(amplified, test::amplificationPickle(10000, 10000));
    const Result r = run({"inspect", "--buffer-path", amplified}, dir.path());
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_EQ(r.err.rfind("rssm inspect: error: " + amplified + ": the list of trajectories at the top: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("named again by memo references from offset " +
                         std::to_string(test::amplificationFirstTrajectoryReference(10000)) + " on: the file (40"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("claims 10000 trajectories of 100000000 steps in all"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace rssm
