#include "data/PickleBufferSource.h"

#include <map>
#include <unordered_map>
#include <vector>

#include "data/MaterialisationLimit.h"
#include "io/PickleReader.h"

namespace rssm {

namespace {

using pickle::ArrayView;
using pickle::Handle;
using pickle::Kind;
using pickle::PickleDocument;

bool isFrameKey(const std::string& key) { return key.rfind("enc_cam", 0) == 0; }

// The dtype and per-step shape every step of a key must share.
struct KeyLayout {
    std::string name;
    DType dtype;
    std::vector<int64_t> shape;
    bool frames = false;
    NumericColumn* column = nullptr;
    FrameColumn* frameColumn = nullptr;
};

std::string shapeText(const ArrayView& a) {
    std::string s = "(";
    for (int i = 0; i < a.ndim; ++i) s += (i ? ", " : "") + std::to_string(a.shape[i]);
    return s + (a.ndim == 1 ? ",)" : ")");
}

// Walks the document's trajectories, checking every step against the first
// one's layout and pointing the buffer's columns at each step's payload.
class TrajectoryReader {
public:
    TrajectoryReader(const PickleDocument& doc, std::string path) : doc_(doc), path_(std::move(path)) {}

    ReplayBuffer read(const ProgressReporter* progress) {
        collectSteps();
        ReplayBuffer buffer;
        buffer.setSource(path_, "pickle");
        layoutFromFirstStep();
        checkClaimWithLayout();
        buffer.setEpisodeLengths(lengths_);
        for (KeyLayout& key : obsKeys_) {
            if (key.frames) key.frameColumn = &buffer.addFrames(key.name);
            else key.column = &buffer.addObservationViews(key.name, key.dtype, key.shape);
        }
        action_.column = &buffer.setActionViews(action_.dtype, action_.shape);
        std::vector<double> rewards(steps_.size());
        for (size_t i = 0; i < steps_.size(); ++i) {
            rewards[i] = readStep(i);
            if (progress && (i & 4095) == 0) {
                progress->report(0.85 + 0.15 * static_cast<double>(i) / static_cast<double>(steps_.size()));
                if (progress->cancelled()) throw Cancelled();
            }
        }
        NumericColumn& rewardColumn = buffer.setRewards(rewardsAllBool_ ? DType{ScalarType::Bool, false} : DType{ScalarType::Float64, false});
        for (size_t i = 0; i < rewards.size(); ++i) rewardColumn.setValue(static_cast<int64_t>(i), rewards[i]);
        buffer.setMapping(doc_.file());
        if (doc_.hasOwnedStorage()) buffer.keepAlive(doc_.ownedStorage());
        if (!copies_->empty()) buffer.keepAlive(copies_);
        return buffer;
    }

private:
    // Names and keys in `what` come from the file: escaped (util/TerminalText.h).
    [[noreturn]] void failAt(size_t step, const std::string& what) const {
        throw Error(path_ + ": " + where(step) + ": " + terminalSafe(what));
    }
    [[noreturn]] void fail(const std::string& what) const { throw Error(path_ + ": " + terminalSafe(what)); }
    std::string where(size_t step) const {
        if (flat_) return "transition " + std::to_string(step);
        size_t e = 0;
        while (e + 1 < episodeFirstStep_.size() && episodeFirstStep_[e + 1] <= step) ++e;
        return "trajectory " + std::to_string(e) + ", step " + std::to_string(step - episodeFirstStep_[e]);
    }

    void collectSteps() {
        const Handle root = doc_.root();
        if (root.kind() != Kind::List) fail("expected a list of trajectories at the top, found " + doc_.describe(root));
        const auto items = doc_.list(root);
        if (items.size() == 0) fail("the buffer holds no trajectories (an empty list)");
        flat_ = items[0].kind() == Kind::Tuple;
        if (flat_) {
            for (uint32_t i = 0; i < items.size(); ++i) {
                const Handle t = items[i];
                if (t.kind() != Kind::Tuple || doc_.tuple(t).size() != 4)
                    fail("transition " + std::to_string(i) + ": expected a tuple (obs, action, reward, is_first), found " + doc_.describe(t));
                const Handle first = doc_.tuple(t)[3];
                if (first.kind() != Kind::Bool) fail("transition " + std::to_string(i) + ": is_first must be a bool, found " + doc_.describe(first));
                const bool isFirst = first.index() != 0;
                if (i == 0 && !isFirst) throw Error(path_ + ": transition 0: is_first is False, but the first transition must start an episode");
                if (isFirst) lengths_.push_back(0);
                ++lengths_.back();
                steps_.push_back(t);
            }
        } else {
            // The memo lets one list of steps stand for every trajectory: count
            // what the file claims before anything is materialised.
            double claimed = 0;
            for (uint32_t e = 0; e < items.size(); ++e) {
                if (items[e].kind() != Kind::List)
                    fail("trajectory " + std::to_string(e) + ": expected a list of steps, found " + doc_.describe(items[e]));
                claimed += doc_.list(items[e]).size();
            }
            checkClaim(claimed, kMinStepBytes, [&] { return sharedTrajectory(items); });
            for (uint32_t e = 0; e < items.size(); ++e) {
                const auto traj = doc_.list(items[e]);
                lengths_.push_back(traj.size());
                for (const Handle s : traj) steps_.push_back(s);
            }
        }
        episodeFirstStep_.assign(1, 0);
        for (int64_t n : lengths_) episodeFirstStep_.push_back(episodeFirstStep_.back() + static_cast<size_t>(n));
        if (steps_.empty()) fail("the buffer's trajectories hold no steps");
    }

    // Bytes a step takes once read, at the least: its handle, its reward, and
    // the views of one obs key and the action.
    static constexpr double kMinStepBytes = 4 + 8 + 8 + 8;

    // Refuses a file whose steps would take more memory than its size allows
    // (data/MaterialisationLimit.h), before they are materialised. Where the
    // file shares what it claims is looked for only then.
    template <typename Where>
    void checkClaim(double steps, double bytesPerStep, const Where& where) const {
        const double bytes = steps * bytesPerStep;
        if (!exceedsMaterialisation(doc_.file()->size(), bytes)) return;
        const std::string claim = std::to_string(lengths_.empty() ? doc_.list(doc_.root()).size() : lengths_.size()) +
                                  " trajectories of " + std::to_string(static_cast<uint64_t>(steps)) + " steps in all";
        const std::string shared = where();
        checkMaterialisation(path_, doc_.file()->size(), "the list of trajectories at the top" + (shared.empty() ? "" : ": " + shared),
                             claim, bytes);
    }

    // The same once the first step gives the keys' sizes: every step's values
    // are materialised by training (as floats) and by copies of non-C arrays.
    void checkClaimWithLayout() const {
        double bytes = 4 + 8;
        for (const KeyLayout& key : obsKeys_) {
            double step = key.frames ? 16.0 : static_cast<double>(key.dtype.itemSize());
            if (!key.frames)
                for (int64_t dim : key.shape) step *= static_cast<double>(dim);
            bytes += 8 + step;
        }
        double action = static_cast<double>(action_.dtype.itemSize());
        for (int64_t dim : action_.shape) action *= static_cast<double>(dim);
        checkClaim(static_cast<double>(steps_.size()), bytes + 8 + action, [this] { return sharedStep(); });
    }

    // How many steps a refusal looks through for the shared one.
    static constexpr size_t kSharingScan = size_t{1} << 20;

    static std::string namedAgain(uint64_t offset) {
        return "named again by memo references from offset " + std::to_string(offset) + " on";
    }

    // For a refusal: the first trajectory named more than once (a few bytes
    // each), with the offset of the first memo reference to it; else the
    // first step that is shared.
    std::string sharedTrajectory(pickle::HandleRange items) const {
        std::unordered_map<uint32_t, uint32_t> firstSeen;  // Handle::bits -> its first trajectory
        for (uint32_t e = 0; e < items.size(); ++e) {
            const auto [seen, isNew] = firstSeen.emplace(items[e].bits, e);
            if (isNew) continue;
            uint64_t times = 0;
            for (const Handle h : items) times += h == items[e];
            const auto at = doc_.reusedAt(items[e]);
            return std::to_string(times) + " of its trajectories are the one list of " + std::to_string(doc_.list(items[e]).size()) +
                   " steps of trajectory " + std::to_string(seen->second) + (at ? ", " + namedAgain(*at) : std::string());
        }
        size_t scanned = 0;
        for (uint32_t e = 0; e < items.size() && scanned < kSharingScan; ++e) {
            const auto traj = doc_.list(items[e]);
            for (uint32_t s = 0; s < traj.size() && scanned < kSharingScan; ++s, ++scanned)
                if (const auto at = doc_.reusedAt(traj[s]))
                    return "trajectory " + std::to_string(e) + ", step " + std::to_string(s) + " is " + namedAgain(*at);
        }
        return {};
    }

    // For a refusal once the steps are listed: the first step, or part of a
    // step, that is shared.
    std::string sharedStep() const {
        for (size_t i = 0; i < steps_.size() && i < kSharingScan; ++i) {
            const Handle s = steps_[i];
            if (const auto at = doc_.reusedAt(s)) return where(i) + " is " + namedAgain(*at);
            if (s.kind() != Kind::Tuple || doc_.tuple(s).size() < 2) continue;
            const auto parts = doc_.tuple(s);
            if (const auto at = doc_.reusedAt(parts[0])) return where(i) + ": its obs is " + namedAgain(*at);
            if (parts[0].kind() == Kind::Dict)
                for (const auto& [k, v] : doc_.dict(parts[0]))
                    if (const auto at = doc_.reusedAt(v))
                        return where(i) + ": its obs " +
                               (k.kind() == Kind::String ? "'" + terminalSafe(std::string(doc_.string(k))) + "'" : std::string("value")) +
                               " is " + namedAgain(*at);
            if (const auto at = doc_.reusedAt(parts[1])) return where(i) + ": its action is " + namedAgain(*at);
        }
        return {};
    }

    pickle::HandleRange stepParts(size_t i) const {
        const Handle s = steps_[i];
        if (s.kind() != Kind::Tuple || doc_.tuple(s).size() < 3)
            failAt(i, "expected a tuple (obs, action, reward), found " + doc_.describe(s));
        if (!flat_ && doc_.tuple(s).size() != 3) failAt(i, "expected a tuple (obs, action, reward), found " + doc_.describe(s));
        return doc_.tuple(s);
    }

    static std::string what(const std::string& keyName) { return keyName == "action" ? "the action" : "obs '" + keyName + "'"; }

    ArrayView arrayOf(size_t step, Handle h, const std::string& keyName) const {
        if (h.kind() != Kind::Array) failAt(step, what(keyName) + " must be a numpy array, found " + doc_.describe(h));
        return doc_.array(h);
    }

    void checkLayout(size_t step, const KeyLayout& key, const ArrayView& a) const {
        if (key.frames) {
            if (a.dtype.type != ScalarType::UInt8) failAt(step, what(key.name) + " is a camera frame and must be uint8, found " + a.dtype.str());
            return;
        }
        bool same = a.dtype == key.dtype && a.ndim == static_cast<int>(key.shape.size());
        for (int i = 0; same && i < a.ndim; ++i) same = a.shape[i] == key.shape[i];
        if (!same) {
            failAt(step, what(key.name) + " is " + a.dtype.str() + " " + shapeText(a) + " but the first step's is " + key.dtype.str() +
                             " " + NumericColumn::views(key.dtype, key.shape, 0).shapeString());
        }
    }

    KeyLayout layoutOf(const std::string& name, const ArrayView& a) const {
        KeyLayout k;
        k.name = name;
        k.dtype = a.dtype;
        k.shape.assign(a.shape, a.shape + a.ndim);
        k.frames = isFrameKey(name);
        return k;
    }

    std::string keyName(size_t step, Handle key) const {
        if (key.kind() != Kind::String) failAt(step, "an obs key must be a str, found " + doc_.describe(key));
        return std::string(doc_.string(key));
    }

    void layoutFromFirstStep() {
        const auto first = stepParts(0);
        if (first[0].kind() != Kind::Dict) failAt(0, "obs must be a dict, found " + doc_.describe(first[0]));
        for (const auto& [k, v] : doc_.dict(first[0])) {
            const std::string name = keyName(0, k);
            obsKeys_.push_back(layoutOf(name, arrayOf(0, v, name)));
        }
        if (obsKeys_.empty()) failAt(0, "obs is an empty dict");
        action_ = layoutOf("action", arrayOf(0, first[1], "action"));
        action_.frames = false;
    }

    // The layout of an obs key. CPython memoises each key string once, so
    // later steps name it by the same handle: match handles before strings.
    KeyLayout& keyFor(size_t step, Handle key) {
        for (const auto& [handle, index] : keyHandles_)
            if (handle == key) return obsKeys_[index];
        const std::string name = keyName(step, key);
        for (size_t j = 0; j < obsKeys_.size(); ++j) {
            if (obsKeys_[j].name == name) {
                keyHandles_.emplace_back(key, j);
                return obsKeys_[j];
            }
        }
        failAt(step, "obs key '" + name + "' is not in the first step");
    }

    // Checks one step and points the columns at it; returns its reward.
    double readStep(size_t i) {
        const auto parts = stepParts(i);
        if (parts[0].kind() != Kind::Dict) failAt(i, "obs must be a dict, found " + doc_.describe(parts[0]));
        const auto obs = doc_.dict(parts[0]);
        if (obs.size() != obsKeys_.size()) failAt(i, "obs has " + std::to_string(obs.size()) + " keys but the first step has " + std::to_string(obsKeys_.size()));
        const int64_t step = static_cast<int64_t>(i);
        for (const auto& [k, v] : obs) {
            KeyLayout& key = keyFor(i, k);
            const ArrayView a = arrayOf(i, v, key.name);
            checkLayout(i, key, a);
            if (key.frames) key.frameColumn->frames[i] = {stepBytes(a), a.byteLength};
            else key.column->setStepView(step, stepBytes(a));
        }
        const ArrayView action = arrayOf(i, parts[1], "action");
        checkLayout(i, action_, action);
        action_.column->setStepView(step, stepBytes(action));
        return rewardValue(i, parts[2]);
    }

    double rewardValue(size_t step, Handle r) {
        switch (r.kind()) {
            case Kind::Bool: return r.index();
            case Kind::SmallInt:
            case Kind::BigInt:
            case Kind::Float: rewardsAllBool_ = false; return doc_.floatValue(r);
            case Kind::Scalar: {
                const auto s = doc_.scalar(r);
                if (s.dtype.type != ScalarType::Bool) rewardsAllBool_ = false;
                return s.asDouble();
            }
            case Kind::Array: {
                const ArrayView a = doc_.array(r);
                if (a.elementCount() != 1) failAt(step, "the reward must be a single number, found an array " + shapeText(a));
                if (a.dtype.type != ScalarType::Bool) rewardsAllBool_ = false;
                return readElementAsDouble(a.data, a.dtype);
            }
            default: failAt(step, "the reward must be a bool or a number, found " + doc_.describe(r));
        }
    }

    // A C-order payload is used where it lies (in the file, or in the decoded
    // protocol-2 storage); other layouts get a C-order copy of our own.
    const uint8_t* stepBytes(const ArrayView& a) {
        if (a.order == pickle::ArrayOrder::C || a.ndim <= 1) return a.data;
        copies_->emplace_back(static_cast<size_t>(a.byteLength));
        a.copyLogicalOrder(copies_->back().data());
        return copies_->back().data();
    }

    const PickleDocument& doc_;
    std::string path_;
    bool flat_ = false;
    std::vector<Handle> steps_;
    std::vector<int64_t> lengths_;
    std::vector<size_t> episodeFirstStep_;
    std::vector<KeyLayout> obsKeys_;
    KeyLayout action_;
    std::vector<std::pair<Handle, size_t>> keyHandles_;
    bool rewardsAllBool_ = true;
    std::shared_ptr<std::vector<std::vector<uint8_t>>> copies_ = std::make_shared<std::vector<std::vector<uint8_t>>>();
};

}  // namespace

bool PickleBufferSource::recognizes(const uint8_t* head, size_t size) const {
    return size >= 2 && head[0] == 0x80 && head[1] >= 2 && head[1] <= 5;
}

ReplayBuffer PickleBufferSource::load(const std::string& path, const ProgressReporter* progress) const {
    const auto file = MappedFile::open(path);
    ProgressReporter parseProgress;
    if (progress) {
        parseProgress.cancelFlag = progress->cancelFlag;
        parseProgress.onProgress = [progress](double f) { progress->report(0.85 * f); };
    }
    std::unique_ptr<pickle::PickleDocument> doc;
    try {
        doc = pickle::readPickle(file, {}, progress ? &parseProgress : nullptr);
    } catch (const pickle::PickleError& e) {
        throw Error(path + ": " + e.what());
    }
    TrajectoryReader reader(*doc, path);
    ReplayBuffer buffer = reader.read(progress);
    if (progress) progress->report(1.0);
    return buffer;
}

}  // namespace rssm
