// Any file given as a checkpoint: refused in one line naming the file and
// what was expected, never a crash and never LibTorch's own text. LibTorch
// 1.13 reads a zip's offsets without comparing them to the file's length, so
// the archive is checked first (train/CheckpointArchive); these feed it
// every truncation of a real checkpoint, random bytes, foreign zips and
// damaged entries, and read from several threads at once.
#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <thread>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "CheckpointRewrite.h"
#include "ModelTestSupport.h"
#include "StoredZip.h"
#include "TestSupport.h"
#include "train/Checkpoint.h"
#include "train/CheckpointArchive.h"
#include "util/Error.h"

using namespace rssm;

namespace {

ModelOptions tinyModel() {
    ModelOptions o = test::smallModel(2, 2);
    o.embedDim = 4;
    o.hiddenDim = 4;
    o.deterDim = 4;
    o.stochDim = 2;
    return o;
}

std::vector<char> readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<char>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeBytes(const std::string& path, const std::vector<char>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string savedTinyCheckpoint(const test::TempDir& dir) {
    WorldModel model(tinyModel());
    CheckpointInfo info;
    info.step = 7;
    info.configYaml = "x: 1\n";
    info.obsDim = 2;
    info.actionDim = 2;
    const std::string path = dir.file("tiny.pt");
    saveCheckpoint(path, model, nullptr, info);
    return path;
}

// The message a user sees: one line, starting with the file, no LibTorch text.
void expectReadableRefusal(const std::string& path, const std::function<void()>& read, const std::string& expected = {}) {
    try {
        read();
        FAIL() << path << " was accepted";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_EQ(m.rfind(path + ": ", 0), 0u) << m;
        EXPECT_EQ(m.find('\n'), std::string::npos) << m;
        EXPECT_EQ(m.find("Exception raised from"), std::string::npos) << m;
        EXPECT_EQ(m.find("c10::"), std::string::npos) << m;
        EXPECT_EQ(m.find("INTERNAL ASSERT"), std::string::npos) << m;
        if (!expected.empty()) EXPECT_NE(m.find(expected), std::string::npos) << m;
    }
}


}  // namespace

TEST(CheckpointFile, EveryTruncationIsRefusedBeforeLibTorchReadsIt) {
    test::TempDir dir;
    const std::string good = savedTinyCheckpoint(dir);
    const std::vector<char> bytes = readBytes(good);
    ASSERT_NO_THROW(checkCheckpointArchive(good, bytes));
    ASSERT_EQ(readCheckpointInfo(good).step, 7);
    // Every length, through the check that guards LibTorch.
    for (size_t n = 0; n < bytes.size(); ++n) {
        const std::vector<char> head(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
        EXPECT_THROW(checkCheckpointArchive(good, head), Error) << "truncated to " << n << " of " << bytes.size();
    }
    // A sample of lengths (every record boundary lies within the last few hundred bytes) through the file path.
    const std::string cut = dir.file("cut.pt");
    for (size_t n = 0; n < bytes.size(); n += (n + 400 > bytes.size() ? 1 : 97)) {
        writeBytes(cut, std::vector<char>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n)));
        expectReadableRefusal(cut, [&] { readCheckpointInfo(cut); });
    }
}

TEST(CheckpointFile, RandomAndDamagedBytesAreRefusedInOneLine) {
    test::TempDir dir;
    const std::string good = savedTinyCheckpoint(dir);
    const std::vector<char> bytes = readBytes(good);
    std::mt19937 rng(3);
    const std::string path = dir.file("random.pt");
    for (int trial = 0; trial < 50; ++trial) {
        std::vector<char> junk(static_cast<size_t>(4 + rng() % 5000));
        for (char& c : junk) c = static_cast<char>(rng());
        if (trial % 2) std::copy(bytes.begin(), bytes.begin() + 4, junk.begin());  // a zip's first bytes
        writeBytes(path, junk);
        expectReadableRefusal(path, [&] { readCheckpointInfo(path); });
    }
    // One byte changed anywhere: a damaged record, offset or entry.
    for (size_t at = 0; at < bytes.size(); at += 131) {
        std::vector<char> damaged = bytes;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
        writeBytes(path, damaged);
        try {
            readCheckpointInfo(path);  // a byte of a zip header's time stamp changes nothing
        } catch (const Error& e) {
            EXPECT_EQ(std::string(e.what()).rfind(path + ": ", 0), 0u) << e.what();
        }
    }
    std::vector<char> flipped = bytes;
    flipped[bytes.size() / 2] ^= 0x01;  // inside some entry's data
    writeBytes(path, flipped);
    expectReadableRefusal(path, [&] { readCheckpointInfo(path); });
}

TEST(CheckpointFile, ForeignFilesFoldersAndOtherShapesAreNamed) {
    test::TempDir dir;
    const std::string zip = dir.file("notes.pt");
    const std::string zipText = test::storedZip({{"notes/readme.txt", "hello"}, {"notes/data.txt", "1 2 3"}});
    writeBytes(zip, std::vector<char>(zipText.begin(), zipText.end()));
    expectReadableRefusal(zip, [&] { readCheckpointInfo(zip); }, "data.pkl");

    const std::string tensor = dir.file("tensor.pt");
    const auto pickled = torch::pickle_save(torch::ones({3}));
    writeBytes(tensor, pickled);
    expectReadableRefusal(tensor, [&] { readCheckpointInfo(tensor); }, "expected a dict");

    const std::string folder = dir.file("folder.pt");
    std::filesystem::create_directory(folder);
    expectReadableRefusal(folder, [&] { readCheckpointInfo(folder); }, "folder");
    expectReadableRefusal(dir.file("missing.pt"), [&] { readCheckpointInfo(dir.file("missing.pt")); }, "no such");

    const std::string good = savedTinyCheckpoint(dir);
    ModelOptions other = tinyModel();
    other.deterDim = 6;
    WorldModel wrong(other);
    expectReadableRefusal(good, [&] { loadCheckpoint(good, wrong, nullptr); }, "in the checkpoint but");
}

// Fields of the wrong type (issue 13: LibTorch's INTERNAL ASSERT FAILED
// before): each is one line naming the file and the field, from the info
// reader, the weights and the optimizer state alike.
TEST(CheckpointFile, AFieldOfTheWrongTypeIsNamedInOneLine) {
    test::TempDir dir;
    WorldModel model(tinyModel());
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
    torch::Tensor loss = torch::zeros({});
    for (const auto& p : model->parameters()) loss = loss + p.sum();
    loss.backward();
    optimizer.step();  // so that the optimizer has state to save
    CheckpointInfo info;
    info.step = 7;
    info.configYaml = "x: 1\n";
    info.obsDim = 2;
    info.actionDim = 2;
    const std::string good = dir.file("good.pt");
    info.torchRngState = at::detail::getDefaultCPUGenerator().get_state();
    saveCheckpoint(good, model, &optimizer, info);
    ASSERT_NO_THROW(loadCheckpoint(good, model, &optimizer));

    using test::CheckpointDict;
    auto rng = [](CheckpointDict& root) { return root.at("rng").toGenericDict(); };
    auto sub = [](CheckpointDict& root, const char* a, const char* b = nullptr) {
        auto d = root.at(a).toGenericDict();
        return b ? d.at(b).toGenericDict() : d;
    };
    const std::string weight = [&] {
        std::vector<char> bytes = readBytes(good);
        return test::firstKey(torch::pickle_load(bytes).toGenericDict().at("model").toGenericDict());
    }();
    struct Case {
        const char* name;
        std::function<void(CheckpointDict&)> change;
        std::string expected;
    };
    const std::vector<Case> cases{
        {"step_text", [](CheckpointDict& r) { r.insert_or_assign("step", std::string("seven")); },
         "the checkpoint's 'step' entry is not an integer"},
        {"config_tensor", [](CheckpointDict& r) { r.insert_or_assign("config", torch::ones({2})); },
         "the checkpoint's 'config' entry is not a string"},
        {"rng_float", [&](CheckpointDict& r) { rng(r).insert_or_assign("torch_cpu", torch::zeros({5056}, torch::kFloat)); },
         "the checkpoint's 'rng.torch_cpu' entry is Float [5056], expected a generator state: uint8 ["},
        {"rng_short", [&](CheckpointDict& r) { rng(r).insert_or_assign("torch_cpu", torch::zeros({16}, torch::kByte)); },
         "the checkpoint's 'rng.torch_cpu' entry is Byte [16], expected"},
        {"rng_ranks_flat", [&](CheckpointDict& r) { rng(r).insert_or_assign("torch_cpu_ranks", torch::zeros({3}, torch::kByte)); },
         "'rng.torch_cpu_ranks' entry is Byte [3], expected a generator state: uint8 [ranks, "},
        {"rng_batches", [&](CheckpointDict& r) { rng(r).insert_or_assign("batches", std::string("twelve")); },
         "the checkpoint's 'rng.batches' entry is not a std::mt19937_64 state"},
        {"weight_int", [&](CheckpointDict& r) { sub(r, "model").insert_or_assign(weight, sub(r, "model").at(weight).toTensor().to(torch::kLong)); },
         "'" + weight + "' is Long ["},
        {"weight_text", [&](CheckpointDict& r) { sub(r, "model").insert_or_assign(weight, std::string("w")); },
         "the checkpoint's '" + weight + "' entry is not a tensor"},
        {"weight_complex", [&](CheckpointDict& r) {
             sub(r, "model").insert_or_assign(weight, sub(r, "model").at(weight).toTensor().to(torch::kComplexFloat)); },
         "'" + weight + "' is ComplexFloat ["},
        {"moment_int", [&](CheckpointDict& r) {
             auto m = sub(r, "optimizer", "exp_avg");
             m.insert_or_assign(test::firstKey(m), m.at(test::firstKey(m)).toTensor().to(torch::kInt)); },
         "'optimizer.exp_avg."},
        {"optimizer_step_float", [&](CheckpointDict& r) {
             auto m = sub(r, "optimizer", "step");
             m.insert_or_assign(test::firstKey(m), 1.5); },
         "' entry is not an integer"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        const std::string path = dir.file(std::string(c.name) + ".pt");
        test::rewriteCheckpoint(good, path, c.change);
        WorldModel fresh(tinyModel());
        torch::optim::Adam freshOptimizer(fresh->parameters(), torch::optim::AdamOptions(1e-3));
        expectReadableRefusal(path, [&] { loadCheckpoint(path, fresh, &freshOptimizer); }, c.expected);
    }
    // A moment in another floating type is taken, in the parameter's type.
    const std::string doubleMoment = dir.file("moment_double.pt");
    test::rewriteCheckpoint(good, doubleMoment, [&](CheckpointDict& r) {
        auto m = sub(r, "optimizer", "exp_avg");
        std::vector<std::string> keys;
        for (const auto& item : m) keys.push_back(item.key().toStringRef());
        for (const auto& key : keys) m.insert_or_assign(key, m.at(key).toTensor().to(torch::kDouble));
    });
    WorldModel fresh(tinyModel());
    torch::optim::Adam freshOptimizer(fresh->parameters(), torch::optim::AdamOptions(1e-3));
    ASSERT_NO_THROW(loadCheckpoint(doubleMoment, fresh, &freshOptimizer));
    torch::Tensor again = torch::zeros({});
    for (const auto& p : fresh->parameters()) again = again + p.sum();
    again.backward();
    EXPECT_NO_THROW(freshOptimizer.step());  // Adam's in-place update would refuse a double moment
}

TEST(CheckpointFile, SeveralThreadsReadAtOnce) {
    test::TempDir dir;
    const std::string good = savedTinyCheckpoint(dir);
    const std::string bad = dir.file("bad.pt");
    std::vector<char> bytes = readBytes(good);
    bytes.resize(bytes.size() / 2);
    writeBytes(bad, bytes);
    std::atomic<int> read{0}, refused{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                try {
                    if (readCheckpointInfo(t % 2 ? bad : good).step == 7) ++read;
                } catch (const Error&) {
                    ++refused;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(read.load(), 30);
    EXPECT_EQ(refused.load(), 30);
}
