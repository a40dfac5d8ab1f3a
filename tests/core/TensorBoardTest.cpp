// The TensorBoard event file: TFRecord framing with its checksums, and every
// metrics.csv value of a real run read back through the generated classes.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "TestSupport.h"
#include "config/Config.h"
#include "tensorboard_event.pb.h"
#include "train/MetricsLog.h"
#include "train/TensorBoardWriter.h"
#include "train/TrainingSession.h"
#include "util/Error.h"

namespace fs = std::filesystem;
using namespace rssm;
using rssm::test::TempDir;

namespace {

std::vector<std::string> eventFiles(const std::string& dir) {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind("events.out.tfevents.", 0) == 0) files.push_back(e.path().string());
    return files;
}

std::vector<tensorboard::Event> readEvents(const std::string& path) {
    std::vector<tensorboard::Event> events;
    for (const auto& record : TensorBoardWriter::readRecords(path)) {
        tensorboard::Event e;
        EXPECT_TRUE(e.ParseFromString(record));
        events.push_back(e);
    }
    return events;
}

Config tinyRun(const std::string& dir, bool tensorboard) {
    Config c;
    c.set("data.buffer_path", RSSM_SOURCE_DIR "/resources/sample/buf.pkl");
    c.set("data.rollout_config_path", RSSM_SOURCE_DIR "/resources/sample/rollout_config.yaml");
    c.applyOverrides({"model.hidden_dim=16", "model.deter_dim=16", "model.stoch_dim=4", "model.embed_dim=16", "model.vae_hidden_dim=16",
                      "data.seq_len=8", "training.batch_size=4", "training.device=cpu", "training.threads=1", "training.steps=6",
                      "training.eval_every=3", "training.save_every=3", "training.log_every=1", "logging.name=run"});
    c.set("logging.dir", "'" + dir + "'");
    c.set("logging.tensorboard", tensorboard ? "true" : "false");
    return c;
}

}  // namespace

TEST(TensorBoard, MaskedCrcIsTfRecordsChecksum) {
    // CRC-32C of "123456789" is 0xE3069283 (the standard check value); masked
    // as TFRecord does: rotated right by 15 and offset by 0xa282ead8.
    EXPECT_EQ(TensorBoardWriter::maskedCrc32c("123456789", 9), 0xc78ab0e5u);
}

TEST(TensorBoard, RecordsReadBackWithTheirValues) {
    TempDir dir;
    std::string path;
    {
        TensorBoardWriter w(dir.path());
        path = w.path();
        w.writeScalars(7, 1700000000.25, {{"loss", 1.5}, {"lr", 3e-4}});
        w.writeText("config", "model:\n  stoch_dim: 8\n", 0, 1700000000.5);
    }
    EXPECT_EQ(fs::path(path).parent_path().string(), dir.path());
    EXPECT_EQ(fs::path(path).filename().string().rfind("events.out.tfevents.", 0), 0u);
    const auto events = readEvents(path);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].file_version(), "brain.Event:2");
    EXPECT_EQ(events[1].step(), 7);
    EXPECT_DOUBLE_EQ(events[1].wall_time(), 1700000000.25);
    ASSERT_EQ(events[1].summary().value_size(), 2);
    EXPECT_EQ(events[1].summary().value(0).tag(), "loss");
    EXPECT_FLOAT_EQ(events[1].summary().value(0).simple_value(), 1.5f);
    EXPECT_EQ(events[1].summary().value(1).tag(), "lr");
    EXPECT_FLOAT_EQ(events[1].summary().value(1).simple_value(), 3e-4f);
    const auto& text = events[2].summary().value(0);
    EXPECT_EQ(text.metadata().plugin_data().plugin_name(), "text");
    EXPECT_EQ(text.tensor().dtype(), tensorboard::DT_STRING);
    ASSERT_EQ(text.tensor().string_val_size(), 1);
    EXPECT_EQ(text.tensor().string_val(0), "model:\n  stoch_dim: 8\n");
}

TEST(TensorBoard, ACorruptByteIsReportedWithItsOffset) {
    TempDir dir;
    std::string path;
    {
        TensorBoardWriter w(dir.path());
        path = w.path();
        w.writeScalars(1, 1.0, {{"loss", 2.0}});
    }
    auto bytes = test::readBytes(path);
    bytes[bytes.size() - 6] ^= 0x40;  // inside the second record's payload
    test::writeBytes(path, bytes);
    try {
        TensorBoardWriter::readRecords(path);
        FAIL() << "a corrupt record was read";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(path + ": offset "), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("CRC does not match"), std::string::npos) << e.what();
    }
}

TEST(TensorBoard, ARunLogsEveryMetricsValueAndItsConfig) {
    TempDir dir;
    const double before = TensorBoardWriter::now();
    auto session = TrainingSession::start(tinyRun(dir.path(), true));
    session->run(nullptr, nullptr);
    const double after = TensorBoardWriter::now();
    const std::string runDir = session->folder().path();
    const auto files = eventFiles(runDir);
    ASSERT_EQ(files.size(), 1u);
    const auto events = readEvents(files[0]);

    // The config, once, at step 0, as the run's config.yaml holds it.
    std::ifstream configFile(session->folder().configPath());
    const std::string configYaml((std::istreambuf_iterator<char>(configFile)), std::istreambuf_iterator<char>());
    int configs = 0;
    std::map<int64_t, std::map<std::string, float>> logged;
    for (const auto& e : events) {
        EXPECT_GE(e.wall_time(), before);
        EXPECT_LE(e.wall_time(), after);
        for (const auto& v : e.summary().value()) {
            if (v.tag() == "config") {
                ++configs;
                EXPECT_EQ(e.step(), 0);
                ASSERT_EQ(v.tensor().string_val_size(), 1);
                EXPECT_EQ(v.tensor().string_val(0), configYaml);
            } else {
                EXPECT_EQ(v.value_case(), tensorboard::Summary::Value::kSimpleValue);
                logged[e.step()][v.tag()] = v.simple_value();
            }
        }
    }
    EXPECT_EQ(configs, 1);

    // Every cell of metrics.csv, at its step; empty cells nowhere.
    const auto table = MetricsLog::read(session->folder().metricsPath());
    ASSERT_EQ(table.rows.size(), 6u);
    ASSERT_EQ(logged.size(), table.rows.size());
    for (const auto& row : table.rows) {
        const auto step = static_cast<int64_t>(row[0]);
        ASSERT_TRUE(logged.count(step)) << "step " << step;
        size_t cells = 0;
        for (size_t c = 1; c < table.columns.size(); ++c) {
            if (std::isnan(row[c])) {
                EXPECT_FALSE(logged[step].count(table.columns[c])) << table.columns[c] << " at step " << step;
                continue;
            }
            ++cells;
            ASSERT_TRUE(logged[step].count(table.columns[c])) << table.columns[c] << " at step " << step;
            EXPECT_NEAR(logged[step][table.columns[c]], row[c], 1e-6 * std::max(1.0, std::abs(row[c]))) << table.columns[c];
        }
        EXPECT_EQ(logged[step].size(), cells);
    }
    EXPECT_TRUE(logged[3].count("val_loss"));
    EXPECT_FALSE(logged[2].count("val_loss"));
}

TEST(TensorBoard, OffWritesNoEventFile) {
    TempDir dir;
    auto session = TrainingSession::start(tinyRun(dir.path(), false));
    session->run(nullptr, nullptr);
    EXPECT_TRUE(eventFiles(session->folder().path()).empty());
    EXPECT_TRUE(fs::exists(session->folder().metricsPath()));
}
