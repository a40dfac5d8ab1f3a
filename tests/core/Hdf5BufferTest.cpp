#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "TestSupport.h"
#include "data/BufferSource.h"
#include "data/Hdf5BufferSource.h"
#include "io/Hdf5BufferWriter.h"
#include "util/Error.h"

namespace rssm {
namespace {

using test::TempDir;

// ---- a buffer with known values, built the way buffer sources build one ----

const std::vector<int64_t> kLengths{5, 7, 3};

double stateAt(int64_t step, int64_t d) { return step * 1.5 - d * 0.0625 + 1e-9 * d; }
float gripAt(int64_t step, int64_t d) { return static_cast<float>(step) * 0.25f + static_cast<float>(d); }
bool contactAt(int64_t step) { return step % 3 == 1; }
int32_t countAt(int64_t step, int64_t d) { return static_cast<int32_t>(step * 1000 - d * 70000); }
uint16_t halfAt(int64_t step) { return static_cast<uint16_t>(0x3c00 + step); }  // 1.0 and up, as float16 bits
float actionAt(int64_t step, int64_t d) { return -static_cast<float>(step) - static_cast<float>(d) * 0.5f; }
double rewardAt(int64_t step) { return step % 4 == 0 ? 1.0 : step * 0.125; }

std::vector<uint8_t> frameAt(int camera, int64_t step) {
    // Lengths vary, and step 2 of camera 0 is empty.
    const size_t size = camera == 0 && step == 2 ? 0 : static_cast<size_t>(3 + (step * 37 + camera * 11) % 50);
    std::vector<uint8_t> bytes(size);
    for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(step * 7 + i * 13 + camera * 101);
    if (size >= 2) bytes[0] = 0xFF, bytes[1] = 0xD8;  // a JPEG's start marker, for looks
    return bytes;
}

// One step of a column from values of its element type.
template <typename T>
void setStep(NumericColumn& column, int64_t step, const std::vector<T>& values) {
    ASSERT_EQ(static_cast<int64_t>(values.size() * sizeof(T)), column.stepBytes());
    column.setStep(step, reinterpret_cast<const uint8_t*>(values.data()), false);
}

// The buffer owns its frame bytes through keepAlive, as a source does.
ReplayBuffer makeBuffer(const std::vector<int64_t>& lengths) {
    ReplayBuffer b;
    b.setEpisodeLengths(lengths);
    NumericColumn& state = b.addObservation("state", DType{ScalarType::Float64, false}, {2, 3});
    NumericColumn& grip = b.addObservation("grip", DType{ScalarType::Float32, false}, {4});
    NumericColumn& contact = b.addObservation("contact", DType{ScalarType::Bool, false}, {});
    NumericColumn& count = b.addObservation("count", DType{ScalarType::Int32, false}, {2});
    NumericColumn& half = b.addObservation("half", DType{ScalarType::Float16, false}, {1});
    NumericColumn& actions = b.setActions(DType{ScalarType::Float32, false}, {3});
    NumericColumn& rewards = b.setRewards(DType{ScalarType::Float64, false});
    auto store = std::make_shared<std::vector<std::vector<uint8_t>>>();
    for (int camera = 0; camera < 2; ++camera) {
        FrameColumn& frames = b.addFrames("enc_cam_" + std::to_string(camera));
        for (int64_t s = 0; s < b.transitionCount(); ++s) {
            store->push_back(frameAt(camera, s));
            frames.frames[static_cast<size_t>(s)] = {store->back().data(), store->back().size()};
        }
    }
    b.keepAlive(store);
    for (int64_t s = 0; s < b.transitionCount(); ++s) {
        std::vector<double> stateValues;
        for (int d = 0; d < 6; ++d) stateValues.push_back(stateAt(s, d));
        setStep(state, s, stateValues);
        std::vector<float> gripValues;
        for (int d = 0; d < 4; ++d) gripValues.push_back(gripAt(s, d));
        setStep(grip, s, gripValues);
        setStep(contact, s, std::vector<uint8_t>{contactAt(s)});
        setStep(count, s, std::vector<int32_t>{countAt(s, 0), countAt(s, 1)});
        setStep(half, s, std::vector<uint16_t>{halfAt(s)});
        setStep(actions, s, std::vector<float>{actionAt(s, 0), actionAt(s, 1), actionAt(s, 2)});
        rewards.setValue(s, rewardAt(s));
    }
    return b;
}

// Same columns, same bytes, same episodes.
void expectSameBuffer(const ReplayBuffer& want, const ReplayBuffer& got) {
    ASSERT_EQ(got.episodeOffsets(), want.episodeOffsets());
    auto sameColumn = [](const std::string& key, const NumericColumn& w, const NumericColumn& g) {
        ASSERT_EQ(g.dtype().str(), w.dtype().str()) << key;
        ASSERT_EQ(g.stepShape(), w.stepShape()) << key;
        ASSERT_EQ(g.steps(), w.steps()) << key;
        for (int64_t s = 0; s < w.steps(); ++s) {
            ASSERT_EQ(std::memcmp(g.stepData(s), w.stepData(s), static_cast<size_t>(w.stepBytes())), 0) << key << " step " << s;
            for (int64_t i = 0; i < w.width(); ++i) ASSERT_EQ(g.value(s, i), w.value(s, i)) << key << " step " << s;
        }
    };
    ASSERT_EQ(got.observations().size(), want.observations().size());
    for (const auto& [key, column] : want.observations()) {
        ASSERT_NE(got.observation(key), nullptr) << key;
        sameColumn(key, column, *got.observation(key));
    }
    sameColumn("action", want.actions(), got.actions());
    sameColumn("reward", want.rewards(), got.rewards());
    ASSERT_EQ(got.frames().size(), want.frames().size());
    for (const auto& [key, column] : want.frames()) {
        ASSERT_EQ(got.frames().count(key), 1u) << key;
        const FrameColumn& g = got.frames().at(key);
        ASSERT_EQ(g.frames.size(), column.frames.size()) << key;
        for (size_t s = 0; s < column.frames.size(); ++s) {
            const std::vector<uint8_t> w(column.frames[s].data, column.frames[s].data + column.frames[s].size);
            const std::vector<uint8_t> h(g.frames[s].data, g.frames[s].data + g.frames[s].size);
            ASSERT_EQ(h, w) << key << " step " << s;
        }
    }
}

using test::errorOf;

std::vector<std::string> filesIn(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// ---- robomimic-style files written directly through the C API ----

class H5File {
public:
    explicit H5File(const std::string& path) : id_(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT)) {}
    ~H5File() { H5Fclose(id_); }
    hid_t id() const { return id_; }

    void group(const std::string& path) {
        const hid_t g = H5Gcreate2(id_, path.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        EXPECT_GE(g, 0) << path;
        H5Gclose(g);
    }
    // A dataset of the given dims, memory type and element bytes.
    void dataset(const std::string& path, std::vector<hsize_t> dims, hid_t fileType, hid_t memoryType, const void* values) {
        const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
        const hid_t d = H5Dcreate2(id_, path.c_str(), fileType, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        ASSERT_GE(d, 0) << path;
        ASSERT_GE(H5Dwrite(d, memoryType, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), 0) << path;
        H5Dclose(d);
        H5Sclose(space);
    }
    void floats(const std::string& path, std::vector<hsize_t> dims, const std::vector<float>& values) {
        dataset(path, std::move(dims), H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, values.data());
    }

private:
    hid_t id_;
};

float robomimicState(int demo, int t, int d) { return static_cast<float>(demo * 100 + t) + static_cast<float>(d) * 0.5f; }
float robomimicAction(int demo, int t, int d) { return -static_cast<float>(demo * 100 + t) - static_cast<float>(d) * 0.25f; }

// demo_N with obs/state [T, 2] and actions [T, 3], no rewards.
void writeRobomimicDemo(H5File& f, int demo, int steps) {
    const std::string base = "data/demo_" + std::to_string(demo);
    f.group(base);
    f.group(base + "/obs");
    std::vector<float> state, actions;
    for (int t = 0; t < steps; ++t) {
        for (int d = 0; d < 2; ++d) state.push_back(robomimicState(demo, t, d));
        for (int d = 0; d < 3; ++d) actions.push_back(robomimicAction(demo, t, d));
    }
    f.floats(base + "/obs/state", {static_cast<hsize_t>(steps), 2}, state);
    f.floats(base + "/actions", {static_cast<hsize_t>(steps), 3}, actions);
    const std::vector<uint8_t> dones(static_cast<size_t>(steps), 0);  // robomimic has it; we ignore it
    f.dataset(base + "/dones", {static_cast<hsize_t>(steps)}, H5T_STD_U8LE, H5T_NATIVE_UINT8, dones.data());
}

// ---- tests ----
// The suite is named for ctest -R hdf5, which matches case-sensitively.

TEST(hdf5, RoundTripKeepsEveryValueDtypeShapeAndFrame) {
    TempDir dir;
    const std::string path = dir.file("buf.h5");
    const ReplayBuffer want = makeBuffer(kLengths);
    writeHdf5Buffer(want, path);
    const ReplayBuffer got = loadReplayBuffer(path);
    EXPECT_EQ(got.sourceFormat(), "hdf5");
    EXPECT_EQ(got.sourcePath(), path);
    ASSERT_EQ(got.episodeCount(), 3);
    for (int64_t e = 0; e < 3; ++e) EXPECT_EQ(got.episodeLength(e), kLengths[static_cast<size_t>(e)]);
    EXPECT_EQ(got.observation("contact")->dtype().code(), "b1");
    EXPECT_EQ(got.observation("half")->dtype().code(), "f2");
    EXPECT_EQ(got.observation("count")->dtype().code(), "i4");
    EXPECT_EQ(got.observation("state")->stepShape(), (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(got.frames().at("enc_cam_0").frames[2].size, 0u);
    expectSameBuffer(want, got);
}

TEST(hdf5, RoundTripKeepsEmptyEpisodesBoolRewardsAndScalarActions) {
    TempDir dir;
    const std::string path = dir.file("odd.h5");
    ReplayBuffer want;
    want.setEpisodeLengths({2, 0, 3});
    NumericColumn& steps = want.addObservation("step", DType{ScalarType::Int64, false}, {});
    NumericColumn& actions = want.setActions(DType{ScalarType::UInt8, false}, {});
    NumericColumn& rewards = want.setRewards(DType{ScalarType::Bool, false});
    for (int64_t s = 0; s < want.transitionCount(); ++s) {
        setStep(steps, s, std::vector<int64_t>{(int64_t{1} << 40) + s});
        setStep(actions, s, std::vector<uint8_t>{static_cast<uint8_t>(250 + s)});
        rewards.setValue(s, s == 4 ? 1.0 : 0.0);
    }
    writeHdf5Buffer(want, path);
    const ReplayBuffer got = loadReplayBuffer(path);
    EXPECT_EQ(got.episodeLength(1), 0);
    EXPECT_EQ(got.rewards().dtype().code(), "b1");
    EXPECT_TRUE(got.actions().stepShape().empty());
    expectSameBuffer(want, got);
}

TEST(hdf5, ExportWritesTheRobomimicLayout) {
    TempDir dir;
    const std::string path = dir.file("layout.h5");
    writeHdf5Buffer(makeBuffer(kLengths), path);
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    int64_t value = -1;
    const hid_t total = H5Aopen_by_name(f, "data", "total", H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(H5Aread(total, H5T_NATIVE_INT64, &value), 0);
    EXPECT_EQ(value, 15);
    H5Aclose(total);
    const hid_t samples = H5Aopen_by_name(f, "data/demo_1", "num_samples", H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(H5Aread(samples, H5T_NATIVE_INT64, &value), 0);
    EXPECT_EQ(value, 7);
    H5Aclose(samples);

    const hid_t format = H5Aopen_by_name(f, "data", "format", H5P_DEFAULT, H5P_DEFAULT);
    const hid_t formatType = H5Aget_type(format);
    char* text = nullptr;
    ASSERT_GE(H5Aread(format, formatType, &text), 0);
    EXPECT_STREQ(text, "rssm-replay-buffer 1");
    H5free_memory(text);
    H5Tclose(formatType);
    H5Aclose(format);

    auto dimsOf = [&](const char* name) {
        const hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
        const hid_t space = H5Dget_space(d);
        std::vector<hsize_t> dims(static_cast<size_t>(H5Sget_simple_extent_ndims(space)));
        H5Sget_simple_extent_dims(space, dims.data(), nullptr);
        H5Sclose(space);
        H5Dclose(d);
        return dims;
    };
    EXPECT_EQ(dimsOf("data/demo_1/obs/state"), (std::vector<hsize_t>{7, 2, 3}));
    EXPECT_EQ(dimsOf("data/demo_1/actions"), (std::vector<hsize_t>{7, 3}));
    EXPECT_EQ(dimsOf("data/demo_2/rewards"), (std::vector<hsize_t>{3}));
    EXPECT_EQ(dimsOf("data/demo_0/obs/enc_cam_1"), (std::vector<hsize_t>{5}));
    EXPECT_EQ(H5Aexists_by_name(f, "data/demo_0/obs/contact", "numpy_dtype", H5P_DEFAULT), 1);

    const hid_t frames = H5Dopen2(f, "data/demo_0/obs/enc_cam_0", H5P_DEFAULT);
    const hid_t framesType = H5Dget_type(frames);
    EXPECT_EQ(H5Tget_class(framesType), H5T_VLEN);
    H5Tclose(framesType);
    H5Dclose(frames);
    H5Fclose(f);
}

TEST(hdf5, RobomimicFileLoadsDemosInNumericOrder) {
    TempDir dir;
    const std::string path = dir.file("robomimic.hdf5");
    const std::vector<std::pair<int, int>> demos{{10, 4}, {1, 2}, {0, 3}, {2, 1}};  // made out of order on purpose
    {
        H5File f(path);
        f.group("data");
        for (const auto& [demo, steps] : demos) writeRobomimicDemo(f, demo, steps);
        f.group("mask");  // robomimic's filter keys, outside data: not ours to read
    }
    const ReplayBuffer b = loadReplayBuffer(path);
    const std::vector<int> order{0, 1, 2, 10};
    const std::vector<int64_t> lengths{3, 2, 1, 4};
    ASSERT_EQ(b.episodeCount(), 4);
    ASSERT_EQ(b.observations().size(), 1u);
    ASSERT_EQ(b.observation("state")->dtype().code(), "f4");
    ASSERT_EQ(b.observation("state")->stepShape(), (std::vector<int64_t>{2}));
    ASSERT_EQ(b.actions().stepShape(), (std::vector<int64_t>{3}));
    ASSERT_EQ(b.rewards().dtype().code(), "f8");
    EXPECT_TRUE(b.frames().empty());
    for (int64_t e = 0; e < 4; ++e) {
        ASSERT_EQ(b.episodeLength(e), lengths[static_cast<size_t>(e)]) << "episode " << e;
        const int demo = order[static_cast<size_t>(e)];
        for (int t = 0; t < b.episodeLength(e); ++t) {
            const int64_t s = b.episodeStart(e) + t;
            for (int d = 0; d < 2; ++d) ASSERT_EQ(b.observation("state")->value(s, d), robomimicState(demo, t, d)) << "demo_" << demo;
            for (int d = 0; d < 3; ++d) ASSERT_EQ(b.actions().value(s, d), robomimicAction(demo, t, d)) << "demo_" << demo;
            ASSERT_EQ(b.rewards().value(s, 0), 0.0);
        }
    }
}

TEST(hdf5, H5pyBoolsAndFixedSizeCameraBytesLoad) {
    TempDir dir;
    const std::string path = dir.file("h5py.hdf5");
    {
        H5File f(path);
        f.group("data");
        writeRobomimicDemo(f, 0, 3);
        // h5py's numpy bool: an int8 enum {FALSE, TRUE}.
        const hid_t boolType = H5Tenum_create(H5T_NATIVE_INT8);
        int8_t no = 0, yes = 1;
        H5Tenum_insert(boolType, "FALSE", &no);
        H5Tenum_insert(boolType, "TRUE", &yes);
        const int8_t flags[3] = {1, 0, 1};
        f.dataset("data/demo_0/obs/touch", {3}, boolType, boolType, flags);
        H5Tclose(boolType);
        const uint8_t camera[3][4] = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
        f.dataset("data/demo_0/obs/enc_cam_0", {3, 4}, H5T_STD_U8LE, H5T_NATIVE_UINT8, camera);
    }
    const ReplayBuffer b = loadReplayBuffer(path);
    const NumericColumn* touch = b.observation("touch");
    ASSERT_NE(touch, nullptr);
    EXPECT_EQ(touch->dtype().code(), "b1");
    EXPECT_EQ(touch->value(0, 0), 1.0);
    EXPECT_EQ(touch->value(1, 0), 0.0);
    EXPECT_EQ(touch->value(2, 0), 1.0);
    const FrameColumn& frames = b.frames().at("enc_cam_0");
    ASSERT_EQ(frames.frames.size(), 3u);
    ASSERT_EQ(frames.frames[1].size, 4u);
    EXPECT_EQ(frames.frames[1].data[0], 5);
    EXPECT_EQ(frames.frames[2].data[3], 12);
}

TEST(hdf5, FileWithoutDataGroupIsRefused) {
    TempDir dir;
    const std::string path = dir.file("nodata.h5");
    {
        H5File f(path);
        f.group("demos");
    }
    const std::string message = errorOf([&] { loadReplayBuffer(path); });
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find(": data: missing"), std::string::npos) << message;
}

TEST(hdf5, MismatchedStepShapeBetweenDemosIsRefused) {
    TempDir dir;
    const std::string path = dir.file("shapes.h5");
    {
        H5File f(path);
        f.group("data");
        writeRobomimicDemo(f, 0, 2);
        f.group("data/demo_1");
        f.group("data/demo_1/obs");
        f.floats("data/demo_1/obs/state", {2, 3}, std::vector<float>(6, 0.0f));
        f.floats("data/demo_1/actions", {2, 3}, std::vector<float>(6, 0.0f));
    }
    const std::string message = errorOf([&] { loadReplayBuffer(path); });
    EXPECT_NE(message.find(path + ": data/demo_1/obs/state: expected <f4 (2,) steps as in data/demo_0/obs/state, found <f4 (3,)"),
              std::string::npos)
        << message;
}

TEST(hdf5, ActionsOfThreeDimensionsAreRefused) {
    TempDir dir;
    const std::string path = dir.file("actions.h5");
    {
        H5File f(path);
        f.group("data");
        f.group("data/demo_0");
        f.group("data/demo_0/obs");
        f.floats("data/demo_0/obs/state", {2, 1}, std::vector<float>(2, 0.0f));
        f.floats("data/demo_0/actions", {2, 3, 1}, std::vector<float>(6, 0.0f));
    }
    const std::string message = errorOf([&] { loadReplayBuffer(path); });
    EXPECT_EQ(message, path + ": data/demo_0/actions: expected 2 dimensions [T, A], found 3");
}

TEST(hdf5, StepCountDisagreeingWithActionsIsRefused) {
    TempDir dir;
    const std::string path = dir.file("steps.h5");
    {
        H5File f(path);
        f.group("data");
        f.group("data/demo_0");
        f.group("data/demo_0/obs");
        f.floats("data/demo_0/obs/state", {3, 1}, std::vector<float>(3, 0.0f));
        f.floats("data/demo_0/actions", {2, 1}, std::vector<float>(2, 0.0f));
    }
    const std::string message = errorOf([&] { loadReplayBuffer(path); });
    EXPECT_EQ(message, path + ": data/demo_0/obs/state: expected 2 steps like data/demo_0/actions, found 3");
}

TEST(hdf5, CancelledLoadStopsAndProgressReachesOne) {
    TempDir dir;
    const std::string path = dir.file("buf.h5");
    writeHdf5Buffer(makeBuffer(kLengths), path);

    std::atomic<bool> cancel{true};
    ProgressReporter cancelling;
    cancelling.cancelFlag = &cancel;
    EXPECT_THROW(loadReplayBuffer(path, &cancelling), Cancelled);

    std::vector<double> seen;
    ProgressReporter watching;
    watching.onProgress = [&](double f) { seen.push_back(f); };
    loadReplayBuffer(path, &watching);
    ASSERT_FALSE(seen.empty());
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(seen.back(), 1.0);
}

TEST(hdf5, RecognizesOnlyTheHdf5Signature) {
    const Hdf5BufferSource source;
    const uint8_t hdf5[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    const uint8_t pickle[8] = {0x80, 4, 0x95, 0, 0, 0, 0, 0};
    EXPECT_TRUE(source.recognizes(hdf5, 8));
    EXPECT_FALSE(source.recognizes(hdf5, 7));
    EXPECT_FALSE(source.recognizes(pickle, 8));
}

TEST(hdf5, ExportIntoMissingDirectoryFailsAndLeavesNothing) {
    TempDir dir;
    const std::string path = dir.file("absent/buf.h5");
    const std::string message = errorOf([&] { writeHdf5Buffer(makeBuffer(kLengths), path); });
    EXPECT_EQ(message.rfind(path + ": cannot create the temporary file", 0), 0u) << message;
    EXPECT_TRUE(filesIn(dir.path()).empty());
}

TEST(hdf5, ExportFailingHalfwayKeepsTheExistingFile) {
    TempDir dir;
    const std::string path = dir.file("buf.h5");
    test::writeBytes(path, {'k', 'e', 'e', 'p'});
    ReplayBuffer bad = makeBuffer(kLengths);
    bad.addObservation("wrist/pose", DType{ScalarType::Float32, false}, {2});  // '/' is no dataset name
    const std::string message = errorOf([&] { writeHdf5Buffer(bad, path); });
    EXPECT_EQ(message.rfind(path + ": data/demo_0/obs/wrist/pose: the key 'wrist/pose' cannot be", 0), 0u) << message;
    EXPECT_EQ(test::readBytes(path), (std::vector<uint8_t>{'k', 'e', 'e', 'p'}));
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"buf.h5"});
}

TEST(hdf5, ExportWhoseTemporaryCannotBeMadeKeepsTheExistingFile) {
    TempDir dir;
    const std::string path = dir.file("buf.h5");
    test::writeBytes(path, {'k', 'e', 'e', 'p'});
    // Something else already holds the temporary name: neither it nor the target may be touched.
    const std::string tmp = path + ".tmp-" + std::to_string(static_cast<long>(getpid()));
    std::filesystem::create_directory(tmp);
    const std::string message = errorOf([&] { writeHdf5Buffer(makeBuffer(kLengths), path); });
    EXPECT_EQ(message.rfind(path + ": cannot create the temporary file " + tmp, 0), 0u) << message;
    EXPECT_EQ(test::readBytes(path), (std::vector<uint8_t>{'k', 'e', 'e', 'p'}));
    EXPECT_TRUE(std::filesystem::is_directory(tmp));
}

TEST(hdf5, ExportReplacesAnExistingFileAndLeavesNoTemporary) {
    TempDir dir;
    const std::string path = dir.file("buf.h5");
    test::writeBytes(path, {'o', 'l', 'd'});
    const ReplayBuffer want = makeBuffer({4, 2});
    writeHdf5Buffer(want, path);
    EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"buf.h5"});
    expectSameBuffer(want, loadReplayBuffer(path));
}

}  // namespace
}  // namespace rssm
