#include "data/Hdf5BufferSource.h"


#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <vector>

#include "data/MaterialisationLimit.h"
#include "io/ChildProcessProbe.h"
#include "io/Hdf5Id.h"
#include "io/RegularFile.h"
#include "util/Error.h"
#include "util/TerminalText.h"

namespace rssm {

namespace {


bool isFrameKey(const std::string& key) { return key.rfind("enc_cam", 0) == 0; }

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string s = "(";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + (shape.size() == 1 ? ",)" : ")");
}

// "demo_<digits>": the digits, else empty.
std::string demoNumber(const std::string& name) {
    if (name.rfind("demo_", 0) != 0 || name.size() == 5) return {};
    const std::string digits = name.substr(5);
    return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) ? digits : std::string();
}

// Numeric order for digit strings of any length: demo_2 before demo_10.
bool numberLess(const std::string& a, const std::string& b) {
    const std::string x = a.substr(std::min(a.find_first_not_of('0'), a.size()));
    const std::string y = b.substr(std::min(b.find_first_not_of('0'), b.size()));
    if (x.size() != y.size()) return x.size() < y.size();
    return x != y ? x < y : a < b;
}

// IEEE 754 binary16 in native byte order, as numpy holds float16: HDF5 1.10
// predefines no half type, so it is derived from float32 with the fields moved.
Hdf5Id makeNativeHalfType() {
    Hdf5Id type(H5Tcopy(H5T_NATIVE_FLOAT), H5Tclose);
    if (!type.valid() || H5Tset_fields(type.get(), 15, 10, 5, 0, 10) < 0 || H5Tset_size(type.get(), 2) < 0 ||
        H5Tset_ebias(type.get(), 15) < 0)
        return Hdf5Id();
    return type;
}

// What a dataset holds, as far as the layout checks and the reads need.
struct Layout {
    enum class Kind { Numeric, VarFrames, FixedFrames };
    Kind kind = Kind::Numeric;
    DType dtype;
    int64_t steps = 0;               // the first dimension, T
    std::vector<int64_t> stepShape;  // the dimensions after it
    bool signedFrames = false;       // variable-length int8 rather than uint8

    bool sameAs(const Layout& o) const { return kind == o.kind && dtype == o.dtype && stepShape == o.stepShape; }
    std::string text() const {
        if (kind == Kind::VarFrames) return "variable-length uint8 frames";
        return dtype.str() + " " + shapeText(stepShape);
    }
};

// A key as the first demo has it, which every other demo must match.
struct KeyPlan {
    std::string name;
    Layout layout;
    std::string firstPath;
};

class Hdf5Reader {
public:
    explicit Hdf5Reader(std::string path) : path_(std::move(path)) {}

    ReplayBuffer read(const ProgressReporter* progress) {
        file_ = Hdf5Id(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
        if (!file_.valid()) throw Error(path_ + ": cannot open as HDF5" + hdf5ErrorDetail());
        findDemos();
        plan(progress);
        checkClaimedSize();

        ReplayBuffer buffer;
        buffer.setSource(path_, "hdf5");
        buffer.setEpisodeLengths(lengths_);
        buffer.keepAlive(owned_);
        for (const KeyPlan& key : obsKeys_) {
            if (key.layout.kind == Layout::Kind::Numeric) numeric_[key.name] = &buffer.addObservation(key.name, key.layout.dtype, key.layout.stepShape);
            else frames_[key.name] = &buffer.addFrames(key.name);
        }
        actions_ = &buffer.setActions(actionLayout_.dtype, actionLayout_.stepShape);
        rewards_ = &buffer.setRewards(rewardType_);
        fill(buffer, progress);
        return buffer;
    }

private:
    // Dataset names in `where` and `what` come from the file: escaped.
    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw Error(path_ + ": " + terminalSafe(where) + ": " + terminalSafe(what));
    }

    static void checkCancel(const ProgressReporter* progress, double fraction) {
        if (!progress) return;
        progress->report(fraction);
        if (progress->cancelled()) throw Cancelled();
    }

    // Opens a child that must be of one kind (H5I_GROUP, H5I_DATASET).
    Hdf5Id openChild(hid_t parent, const std::string& name, const std::string& where, H5I_type_t kind, const char* expected) const {
        const htri_t exists = H5Lexists(parent, name.c_str(), H5P_DEFAULT);
        if (exists <= 0) fail(where, std::string("missing; expected ") + expected);
        Hdf5Id object(H5Oopen(parent, name.c_str(), H5P_DEFAULT), H5Oclose);
        if (!object.valid()) fail(where, "cannot open" + hdf5ErrorDetail());
        if (H5Iget_type(object.get()) != kind) fail(where, std::string("expected ") + expected + ", found another kind of object");
        return object;
    }

    std::vector<std::string> childNames(hid_t group, const std::string& where) const {
        H5G_info_t info;
        if (H5Gget_info(group, &info) < 0) fail(where, "cannot list the group" + hdf5ErrorDetail());
        std::vector<std::string> names;
        for (hsize_t i = 0; i < info.nlinks; ++i) {
            const ssize_t n = H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
            std::vector<char> name(static_cast<size_t>(std::max<ssize_t>(n, 0)) + 1);
            if (n < 0 || H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT) < 0)
                fail(where, "cannot list the group" + hdf5ErrorDetail());
            names.emplace_back(name.data(), static_cast<size_t>(n));
        }
        return names;
    }

    void findDemos() {
        data_ = openChild(file_.get(), "data", "data", H5I_GROUP, "the group 'data' holding demo_N groups (robomimic layout)");
        std::vector<std::pair<std::string, std::string>> demos;  // number, name
        for (const std::string& name : childNames(data_.get(), "data")) {
            const std::string number = demoNumber(name);
            if (!number.empty()) demos.emplace_back(number, name);
        }
        if (demos.empty()) fail("data", "holds no demo_N groups");
        std::sort(demos.begin(), demos.end(), [](const auto& a, const auto& b) { return numberLess(a.first, b.first); });
        for (const auto& demo : demos) demos_.push_back(demo.second);
    }

    // numpy's dtype string where a writer left one (ours does for bools).
    std::string numpyDtypeAttribute(hid_t object) const {
        if (H5Aexists(object, "numpy_dtype") <= 0) return {};
        Hdf5Id attr(H5Aopen(object, "numpy_dtype", H5P_DEFAULT), H5Aclose);
        Hdf5Id type(attr.valid() ? H5Aget_type(attr.get()) : H5I_INVALID_HID, H5Tclose);
        Hdf5Id space(attr.valid() ? H5Aget_space(attr.get()) : H5I_INVALID_HID, H5Sclose);
        if (!type.valid() || !space.valid() || H5Tget_class(type.get()) != H5T_STRING || H5Sget_simple_extent_npoints(space.get()) != 1)
            return {};
        if (H5Tis_variable_str(type.get()) > 0) {
            char* text = nullptr;
            if (H5Aread(attr.get(), type.get(), &text) < 0 || !text) return {};
            std::string value(text);
            H5free_memory(text);
            return value;
        }
        std::vector<char> text(H5Tget_size(type.get()) + 1, '\0');
        if (H5Aread(attr.get(), type.get(), text.data()) < 0) return {};
        return std::string(text.data());
    }

    // h5py stores numpy bools as an int8 enum {FALSE = 0, TRUE = 1}.
    static bool isH5pyBool(hid_t type) {
        int8_t no = -1, yes = -1;
        return H5Tget_nmembers(type) == 2 && H5Tget_size(type) == 1 && H5Tenum_valueof(type, "FALSE", &no) >= 0 &&
               H5Tenum_valueof(type, "TRUE", &yes) >= 0 && no == 0 && yes == 1;
    }

    Layout inspect(hid_t dataset, const std::string& where, bool frameKey) const {
        Hdf5Id type(H5Dget_type(dataset), H5Tclose);
        Hdf5Id space(H5Dget_space(dataset), H5Sclose);
        if (!type.valid() || !space.valid()) fail(where, "cannot read the dataset's type and shape" + hdf5ErrorDetail());
        const int rank = H5Sget_simple_extent_ndims(space.get());
        if (rank < 1) fail(where, "expected a dataset of [T, ...] steps, found a scalar");
        std::vector<hsize_t> dims(static_cast<size_t>(rank));
        H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
        Layout layout;
        layout.steps = static_cast<int64_t>(dims[0]);
        for (int i = 1; i < rank; ++i) layout.stepShape.push_back(static_cast<int64_t>(dims[static_cast<size_t>(i)]));

        const size_t size = H5Tget_size(type.get());
        switch (H5Tget_class(type.get())) {
            case H5T_VLEN: {
                Hdf5Id base(H5Tget_super(type.get()), H5Tclose);
                if (!base.valid() || H5Tget_class(base.get()) != H5T_INTEGER || H5Tget_size(base.get()) != 1)
                    fail(where, "expected variable-length uint8 frames, found variable-length data of another type");
                if (rank != 1) fail(where, "expected 1 dimension [T] of variable-length frames, found " + std::to_string(rank));
                layout.kind = Layout::Kind::VarFrames;
                layout.signedFrames = H5Tget_sign(base.get()) == H5T_SGN_2;
                return layout;
            }
            case H5T_INTEGER: {
                const bool isSigned = H5Tget_sign(type.get()) == H5T_SGN_2;
                static const ScalarType kSigned[] = {ScalarType::Int8, ScalarType::Int16, ScalarType::Int32, ScalarType::Int64};
                static const ScalarType kUnsigned[] = {ScalarType::UInt8, ScalarType::UInt16, ScalarType::UInt32, ScalarType::UInt64};
                const int index = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : size == 8 ? 3 : -1;
                if (index < 0) fail(where, "expected an integer of 1, 2, 4 or 8 bytes, found " + std::to_string(size) + " bytes");
                layout.dtype.type = isSigned ? kSigned[index] : kUnsigned[index];
                if (size == 1 && numpyDtypeAttribute(dataset) == "|b1") layout.dtype.type = ScalarType::Bool;
                break;
            }
            case H5T_FLOAT:
                if (size == 2) layout.dtype.type = ScalarType::Float16;
                else if (size == 4) layout.dtype.type = ScalarType::Float32;
                else if (size == 8) layout.dtype.type = ScalarType::Float64;
                else fail(where, "expected a float of 2, 4 or 8 bytes, found " + std::to_string(size) + " bytes");
                break;
            case H5T_ENUM:
                if (!isH5pyBool(type.get())) fail(where, "expected numbers, found an enum other than h5py's bool");
                layout.dtype.type = ScalarType::Bool;
                break;
            default: fail(where, "expected a numeric dataset or variable-length uint8 frames, found another HDF5 type");
        }
        if (frameKey) {
            if (layout.dtype.type != ScalarType::UInt8)
                fail(where, "expected camera frames as uint8 bytes ([T] variable-length or [T, N]), found " + layout.dtype.str());
            layout.kind = Layout::Kind::FixedFrames;
        }
        return layout;
    }

    Layout inspectChild(hid_t parent, const std::string& name, const std::string& where, bool frameKey) const {
        Hdf5Id dataset = openChild(parent, name, where, H5I_DATASET, "a dataset");
        return inspect(dataset.get(), where, frameKey);
    }

    void checkSteps(const Layout& layout, int64_t steps, const std::string& where, const std::string& actionsPath) const {
        if (layout.steps != steps)
            fail(where, "expected " + std::to_string(steps) + " steps like " + actionsPath + ", found " + std::to_string(layout.steps));
    }

    // First pass: every demo's layout checked against the first, nothing read.
    void plan(const ProgressReporter* progress) {
        bool rewardsAgree = true;
        bool anyRewards = false;
        for (size_t d = 0; d < demos_.size(); ++d) {
            checkCancel(progress, 0.05 * static_cast<double>(d) / static_cast<double>(demos_.size()));
            const std::string demoPath = "data/" + demos_[d];
            Hdf5Id demo = openChild(data_.get(), demos_[d], demoPath, H5I_GROUP, "a demo group");

            const std::string actionsPath = demoPath + "/actions";
            const Layout actions = inspectChild(demo.get(), "actions", actionsPath, false);
            if (actions.kind != Layout::Kind::Numeric) fail(actionsPath, "expected numbers [T, A], found frames");
            if (actions.stepShape.size() > 1)
                fail(actionsPath, "expected 2 dimensions [T, A], found " + std::to_string(actions.stepShape.size() + 1));
            if (d == 0) actionLayout_ = actions;
            else if (!actions.sameAs(actionLayout_))
                fail(actionsPath, "expected " + actionLayout_.text() + " steps as in data/" + demos_[0] + "/actions, found " + actions.text());
            lengths_.push_back(actions.steps);

            if (H5Lexists(demo.get(), "rewards", H5P_DEFAULT) > 0) {
                const std::string rewardsPath = demoPath + "/rewards";
                const Layout rewards = inspectChild(demo.get(), "rewards", rewardsPath, false);
                const bool column = rewards.stepShape.empty() || rewards.stepShape == std::vector<int64_t>{1};
                if (rewards.kind != Layout::Kind::Numeric || !column)
                    fail(rewardsPath, "expected one number per step [T], found " + rewards.text());
                checkSteps(rewards, actions.steps, rewardsPath, actionsPath);
                if (anyRewards && rewards.dtype != rewardType_) rewardsAgree = false;
                rewardType_ = rewards.dtype;
                anyRewards = true;
            }
            planObservations(demo.get(), d, actions.steps, actionsPath);
        }
        // The buffer's reward kinds; anything else, or a mix, is read as float64.
        const ScalarType kept[] = {ScalarType::Bool, ScalarType::Float32, ScalarType::Float64, ScalarType::Int64};
        if (!anyRewards || !rewardsAgree || std::find(std::begin(kept), std::end(kept), rewardType_.type) == std::end(kept))
            rewardType_ = DType{ScalarType::Float64, false};
    }

    void planObservations(hid_t demo, size_t d, int64_t steps, const std::string& actionsPath) {
        const std::string obsPath = "data/" + demos_[d] + "/obs";
        Hdf5Id obs = openChild(demo, "obs", obsPath, H5I_GROUP, "a group of observation datasets");
        std::vector<std::string> names = childNames(obs.get(), obsPath);
        if (names.empty()) fail(obsPath, "holds no observation datasets");
        for (const std::string& name : names) {
            const std::string where = obsPath + "/" + name;
            if (name == "action" || name == "reward") fail(where, "the key '" + name + "' clashes with the buffer's own '" + name + "'");
            const Layout layout = inspectChild(obs.get(), name, where, isFrameKey(name));
            checkSteps(layout, steps, where, actionsPath);
            auto known = std::find_if(obsKeys_.begin(), obsKeys_.end(), [&](const KeyPlan& k) { return k.name == name; });
            if (d == 0) {
                obsKeys_.push_back({name, layout, where});
            } else if (known == obsKeys_.end()) {
                fail(where, "not in data/" + demos_[0] + "/obs; every demo must hold the same observation keys");
            } else if (!layout.sameAs(known->layout)) {
                fail(where, "expected " + known->layout.text() + " steps as in " + known->firstPath + ", found " + layout.text());
            }
        }
        if (names.size() != obsKeys_.size()) {
            for (const KeyPlan& key : obsKeys_)
                if (std::find(names.begin(), names.end(), key.name) == names.end())
                    fail(obsPath + "/" + key.name, "missing; every demo must hold the keys of data/" + demos_[0] + "/obs");
        }
    }

    // What the headers claim the columns take in memory, against the file's
    // size: a header may claim any dimensions, and memory must stay bounded
    // by the file (data/MaterialisationLimit.h).
    void checkClaimedSize() const {
        auto bytesOf = [](const Layout& layout) {
            double bytes = layout.kind == Layout::Kind::VarFrames ? 16.0 : static_cast<double>(layout.dtype.itemSize());
            if (layout.kind != Layout::Kind::VarFrames)
                for (int64_t dim : layout.stepShape) bytes *= static_cast<double>(dim);
            return bytes + 8.0;  // and a step's pointer
        };
        double stepBytes = bytesOf(actionLayout_) + 8.0;  // and the reward
        double steps = 0;
        for (int64_t n : lengths_) steps += static_cast<double>(n);
        for (const KeyPlan& key : obsKeys_) stepBytes += bytesOf(key.layout);
        struct stat st {};
        const uint64_t fileBytes = ::stat(path_.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
        checkMaterialisation(path_, fileBytes, "data", std::to_string(demos_.size()) + " demos of " + std::to_string(static_cast<int64_t>(steps)) + " steps in all",
                             steps * stepBytes);
    }

    // The type to read into: the column's own in native order. HDF5 converts
    // byte order and, for rewards, the number kind.
    hid_t memoryTypeOf(DType dtype, const std::string& where) {
        switch (dtype.type) {
            case ScalarType::Bool:
            case ScalarType::UInt8: return H5T_NATIVE_UINT8;
            case ScalarType::Int8: return H5T_NATIVE_INT8;
            case ScalarType::Int16: return H5T_NATIVE_INT16;
            case ScalarType::Int32: return H5T_NATIVE_INT32;
            case ScalarType::Int64: return H5T_NATIVE_INT64;
            case ScalarType::UInt16: return H5T_NATIVE_UINT16;
            case ScalarType::UInt32: return H5T_NATIVE_UINT32;
            case ScalarType::UInt64: return H5T_NATIVE_UINT64;
            case ScalarType::Float32: return H5T_NATIVE_FLOAT;
            case ScalarType::Float64: return H5T_NATIVE_DOUBLE;
            case ScalarType::Float16:
                if (!half_.valid()) half_ = makeNativeHalfType();
                if (!half_.valid()) fail(where, "cannot make a float16 type" + hdf5ErrorDetail());
                return half_.get();
        }
        fail(where, "unknown dtype " + dtype.str());
    }

    // Reads one demo's dataset whole, then hands the column its steps.
    void readNumeric(hid_t parent, const std::string& name, const std::string& where, NumericColumn& column, int64_t first, int64_t count) {
        Hdf5Id dataset = openChild(parent, name, where, H5I_DATASET, "a dataset");
        Hdf5Id fileType(H5Dget_type(dataset.get()), H5Tclose);
        const int64_t stepBytes = column.stepBytes();
        if (count * stepBytes == 0) return;
        // An enum does not convert to an integer; h5py's bool is one byte, so
        // its own type reads the bytes as they are.
        const bool isEnum = fileType.valid() && H5Tget_class(fileType.get()) == H5T_ENUM;
        const hid_t memory = isEnum ? fileType.get() : memoryTypeOf(column.dtype(), where);
        scratch_.resize(static_cast<size_t>(count * stepBytes));
        if (H5Dread(dataset.get(), memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, scratch_.data()) < 0)
            fail(where, "cannot read the dataset" + hdf5ErrorDetail());
        for (int64_t i = 0; i < count; ++i) column.setStep(first + i, scratch_.data() + i * stepBytes, false);
    }

    // Copies each step's frame bytes into storage the buffer keeps alive.
    void readFrames(hid_t parent, const std::string& name, const std::string& where, const Layout& layout, FrameColumn& column,
                    int64_t first, int64_t count) {
        Hdf5Id dataset = openChild(parent, name, where, H5I_DATASET, "a dataset");
        if (count == 0) return;
        std::vector<uint8_t> bytes;
        std::vector<uint64_t> sizes(static_cast<size_t>(count));
        if (layout.kind == Layout::Kind::FixedFrames) {
            int64_t frameBytes = 1;
            for (int64_t dim : layout.stepShape) frameBytes *= dim;
            bytes.resize(static_cast<size_t>(count * frameBytes));
            if (!bytes.empty() && H5Dread(dataset.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()) < 0)
                fail(where, "cannot read the dataset" + hdf5ErrorDetail());
            std::fill(sizes.begin(), sizes.end(), static_cast<uint64_t>(frameBytes));
        } else {
            // The sign as stored: converting int8 to uint8 would clip the bytes.
            Hdf5Id memory(H5Tvlen_create(layout.signedFrames ? H5T_NATIVE_INT8 : H5T_NATIVE_UINT8), H5Tclose);
            Hdf5Id space(H5Dget_space(dataset.get()), H5Sclose);
            std::vector<hvl_t> entries(static_cast<size_t>(count));
            if (!memory.valid() || !space.valid() || H5Dread(dataset.get(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, entries.data()) < 0)
                fail(where, "cannot read the dataset" + hdf5ErrorDetail());
            size_t total = 0;
            for (const hvl_t& e : entries) total += e.len;
            bytes.resize(total);
            size_t at = 0;
            for (size_t i = 0; i < entries.size(); ++i) {
                if (entries[i].len) std::memcpy(bytes.data() + at, entries[i].p, entries[i].len);
                at += entries[i].len;
                sizes[i] = entries[i].len;
            }
            // HDF5 allocated each entry; it must free them the way it made them.
#if H5_VERSION_GE(1, 12, 0)
            H5Treclaim(memory.get(), space.get(), H5P_DEFAULT, entries.data());
#else
            H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, entries.data());
#endif
        }
        // Moving the vector into the store keeps its heap block, so the views stay valid.
        owned_->push_back(std::move(bytes));
        const uint8_t* at = owned_->back().data();
        for (int64_t i = 0; i < count; ++i) {
            const uint64_t size = sizes[static_cast<size_t>(i)];
            column.frames[static_cast<size_t>(first + i)] = {size ? at : nullptr, size};
            at += size;
        }
    }

    // Second pass: each demo's datasets read straight into the columns.
    void fill(const ReplayBuffer& buffer, const ProgressReporter* progress) {
        for (size_t d = 0; d < demos_.size(); ++d) {
            checkCancel(progress, 0.05 + 0.95 * static_cast<double>(d) / static_cast<double>(demos_.size()));
            const std::string demoPath = "data/" + demos_[d];
            const int64_t first = buffer.episodeStart(static_cast<int64_t>(d));
            const int64_t count = buffer.episodeLength(static_cast<int64_t>(d));
            Hdf5Id demo = openChild(data_.get(), demos_[d], demoPath, H5I_GROUP, "a demo group");
            Hdf5Id obs = openChild(demo.get(), "obs", demoPath + "/obs", H5I_GROUP, "a group of observation datasets");
            for (const KeyPlan& key : obsKeys_) {
                const std::string where = demoPath + "/obs/" + key.name;
                if (key.layout.kind == Layout::Kind::Numeric) readNumeric(obs.get(), key.name, where, *numeric_[key.name], first, count);
                else readFrames(obs.get(), key.name, where, key.layout, *frames_[key.name], first, count);
            }
            readNumeric(demo.get(), "actions", demoPath + "/actions", *actions_, first, count);
            // A missing rewards dataset leaves the column's zeros.
            if (H5Lexists(demo.get(), "rewards", H5P_DEFAULT) > 0)
                readNumeric(demo.get(), "rewards", demoPath + "/rewards", *rewards_, first, count);
        }
        if (progress) progress->report(1.0);
    }

    std::string path_;
    std::vector<uint8_t> scratch_;
    Hdf5Id half_;
    Hdf5Id file_;
    Hdf5Id data_;
    std::vector<std::string> demos_;
    std::vector<int64_t> lengths_;
    std::vector<KeyPlan> obsKeys_;
    Layout actionLayout_;
    DType rewardType_{ScalarType::Float64, false};
    std::map<std::string, NumericColumn*> numeric_;
    std::map<std::string, FrameColumn*> frames_;
    NumericColumn* actions_ = nullptr;
    NumericColumn* rewards_ = nullptr;
    std::shared_ptr<std::vector<std::vector<uint8_t>>> owned_ = std::make_shared<std::vector<std::vector<uint8_t>>>();
};

}  // namespace

bool Hdf5BufferSource::recognizes(const uint8_t* head, size_t size) const {
    static const uint8_t kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    return size >= sizeof kSignature && std::memcmp(head, kSignature, sizeof kSignature) == 0;
}

ReplayBuffer readHdf5InProcess(const std::string& path, const ProgressReporter* progress) {
    return Hdf5Reader(path).read(progress);
}

namespace {

// The probe's child may grow by what the file may materialise (twice: the
// reader's scratch and the buffer) and 256 MiB for libhdf5, no more: a
// corrupt variable-length attribute made libhdf5 allocate 10 GB for a 30 KB
// file (a fuzzer's finding). Past it, malloc fails and the child reports it.
void limitChildMemory(const std::string& path) {
    struct stat st {};
    const uint64_t fileBytes = ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
    uint64_t used = 0;  // the data segment inherited from the parent, in bytes
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmData:", 0) == 0) used = std::strtoull(line.c_str() + 7, nullptr, 10) * 1024;
    const uint64_t limit = materialisationLimit(fileBytes);
    if (used == 0 || limit > (uint64_t{1} << 60)) return;
    const rlim_t cap = static_cast<rlim_t>(used + 2 * limit + (uint64_t{256} << 20));
    rlimit current{};
    if (::getrlimit(RLIMIT_DATA, &current) == 0 && (current.rlim_max == RLIM_INFINITY || cap < current.rlim_max)) {
        const rlimit lower{cap, current.rlim_max};
        ::setrlimit(RLIMIT_DATA, &lower);
    }
}

}  // namespace

ReplayBuffer Hdf5BufferSource::load(const std::string& path, const ProgressReporter* progress) const {
    requireRegularFile(path, "an HDF5 buffer");
    const auto hdf5 = lockHdf5();  // serial HDF5: one user at a time; also silences its printing
    // libhdf5 trusts its files: a corrupt one can crash it or make it loop.
    // The whole read is done once in a child process, which may die or be
    // stopped; only a file it read through is then read here.
    ProgressReporter half;
    if (progress) {
        half.cancelFlag = progress->cancelFlag;
        half.onProgress = [progress](double f) { progress->report(0.5 * f); };
    }
    probeInChildProcess(path, "reading it with libhdf5", progress ? &half : nullptr, [&path](const ProgressReporter* p) {
        limitChildMemory(path);
        Hdf5Reader(path).read(p);
    });
    if (progress) half.onProgress = [progress](double f) { progress->report(0.5 + 0.5 * f); };
    return Hdf5Reader(path).read(progress ? &half : nullptr);
}

}  // namespace rssm
