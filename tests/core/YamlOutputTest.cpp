// The YAML files a run writes (config.yaml, train_logging.yaml, multirun.yaml)
// read back, by yaml-cpp and by PyYAML, whatever a path or name holds.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "TestSupport.h"
#include "config/Config.h"
#include "train/SweepPlan.h"
#include "train/SweepState.h"
#include "train/TrainingSession.h"
#include "util/YamlText.h"

namespace rssm {
namespace {

namespace fs = std::filesystem;

// A tab, a control byte, DEL, a quote, " #" and ": ", and a non-ASCII letter:
// what hand-written YAML gets wrong.
const std::string kOdd = "odd\tname\x01 it's #1: \x7f" "\xc3\xa9";

// What PyYAML reads at `path` under the keys `keys` (a Python subscript such
// as ['buffer']['path']), or nullopt when python3 with PyYAML is not here.
std::optional<std::string> pyYaml(const std::string& path, const std::string& keys) {
    if (std::system("/usr/bin/python3 -c 'import yaml' >/dev/null 2>&1") != 0) return std::nullopt;
    std::string quoted = "'";  // the path as one shell word, whatever it holds
    for (char c : path) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    const std::string command = "/usr/bin/python3 -c \"import sys, yaml; "
                                "sys.stdout.buffer.write(str(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))" +
                                keys + ").encode('utf-8'))\" " + quoted + " 2>&1";
    std::string out;
    if (FILE* p = popen(command.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        pclose(p);
    }
    return out;
}

TEST(YamlOutput, AScalarOfAnyTextReadsBackAsTheSameString) {
    for (const std::string s : {kOdd, std::string("123"), std::string("null"), std::string(""), std::string("- a"),
                                std::string("two\nlines"), std::string("plain/path_1.pkl"), std::string("a=1,b=2"),
                                std::string("x=[1, 2]"), std::string("y=yes")}) {
        SCOPED_TRACE(s);
        const YAML::Node node = YAML::Load(yamlScalar(s));
        ASSERT_TRUE(node.IsScalar());
        EXPECT_EQ(node.Scalar(), s);
    }
}

TEST(YamlOutput, ARunWhosePathAndNameHoldATabAndAControlByteWritesReadableYaml) {
    test::TempDir dir;
    const fs::path data = fs::path(dir.path()) / ("data " + kOdd);
    fs::create_directories(data);
    fs::copy_file(fs::path(RSSM_SOURCE_DIR) / "resources/sample/buf.pkl", data / "buf.pkl");
    const std::string buffer = (data / "buf.pkl").string();
    Config c;
    c.applyOverrides({"model.hidden_dim=16", "model.deter_dim=16", "model.stoch_dim=4", "model.embed_dim=16",
                      "model.vae_hidden_dim=16", "data.seq_len=8", "training.batch_size=2", "training.steps=1",
                      "training.device=cpu", "training.threads=1", "logging.tensorboard=false"});
    c.set("data.buffer_path", yamlScalar(buffer));
    c.set("logging.dir", yamlScalar(dir.path()));
    c.set("logging.name", yamlScalar("run " + kOdd));
    ASSERT_EQ(c.getString("logging.name"), "run " + kOdd);
    const auto session = TrainingSession::start(c);
    const std::string runDir = session->folder().path();
    ASSERT_EQ(runDir, dir.path() + "/run " + kOdd);

    const YAML::Node logging = YAML::LoadFile(runDir + "/train_logging.yaml");
    EXPECT_EQ(logging["buffer"]["path"].as<std::string>(), buffer);
    EXPECT_EQ(logging["device"].as<std::string>(), "cpu");
    EXPECT_GT(logging["buffer"]["transitions"].as<int64_t>(), 0);
    const Config saved = Config::load(runDir + "/config.yaml");
    EXPECT_EQ(saved.getString("data.buffer_path"), buffer);
    EXPECT_EQ(saved.getString("logging.name"), "run " + kOdd);

    if (const auto py = pyYaml(runDir + "/train_logging.yaml", "['buffer']['path']")) {
        EXPECT_EQ(*py, buffer) << "PyYAML reads train_logging.yaml differently";
        EXPECT_EQ(*pyYaml(runDir + "/config.yaml", "['logging']['name']"), "run " + kOdd);
        EXPECT_EQ(*pyYaml(runDir + "/config.yaml", "['data']['buffer_path']"), buffer);
    }
}

TEST(YamlOutput, TheSweepFileKeepsOddOverridesAndErrors) {
    test::TempDir dir;
    SweepState state(dir.path(), {"logging.name=" + kOdd}, SweepPlan::parse({"model.obs_window=1,2"}));
    state.setStatus(1, SweepRunStatus::Failed, "diverged\tat step 3\x01");
    const SweepState back = SweepState::load(dir.path());
    EXPECT_EQ(back.baseOverrides(), std::vector<std::string>{"logging.name=" + kOdd});
    EXPECT_EQ(back.runs().at(1).error, "diverged\tat step 3\x01");
    if (const auto py = pyYaml(dir.path() + "/multirun.yaml", "['base_overrides'][0]")) EXPECT_EQ(*py, "logging.name=" + kOdd);
}

}  // namespace
}  // namespace rssm
