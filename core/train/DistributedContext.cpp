#include "train/DistributedContext.h"

#include <atomic>
#include <cstdlib>
#include <functional>
#include <thread>

#include <torch/torch.h>

#include "util/Error.h"

#ifdef RSSM_HAVE_C10D
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef RSSM_HAVE_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#endif

namespace rssm {

namespace {

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v) return std::nullopt;
    return std::string(v);
}

int intFromEnv(const char* name, int fallback, int low, int high) {
    const auto v = env(name);
    if (!v) return fallback;
    char* end = nullptr;
    const long n = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || n < low || n > high)
        throw Error(std::string(name) + "=" + *v + ": expected an integer from " + std::to_string(low) + " to " + std::to_string(high));
    return static_cast<int>(n);
}

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

std::optional<DistributedEnv> DistributedEnv::fromEnvironment() {
    if (!env("WORLD_SIZE")) return std::nullopt;
    DistributedEnv e;
    e.worldSize = intFromEnv("WORLD_SIZE", 1, 1, 1 << 20);
    e.rank = intFromEnv("RANK", -1, 0, e.worldSize - 1);
    if (e.rank < 0) throw Error("RANK is not set: WORLD_SIZE=" + std::to_string(e.worldSize) + " needs RANK (0 to " +
                                std::to_string(e.worldSize - 1) + ") too");
    e.localRank = intFromEnv("LOCAL_RANK", 0, 0, 1 << 20);
    if (const auto addr = env("MASTER_ADDR")) e.masterAddr = *addr;
    if (e.masterAddr.empty()) throw Error("MASTER_ADDR is empty: expected rank 0's host name or address");
    e.masterPort = intFromEnv("MASTER_PORT", 29500, 1, 65535);
    e.agentStore = env("TORCHELASTIC_USE_AGENT_STORE").value_or("") == "True";
    e.timeout = std::chrono::milliseconds(1000LL * intFromEnv("RSSM_DIST_TIMEOUT", 300, 1, 86400));
    return e;
}

DistributedContext::DistributedContext() = default;

#ifndef RSSM_HAVE_C10D

struct DistributedContext::Group {};
DistributedContext::~DistributedContext() = default;

std::unique_ptr<DistributedContext> DistributedContext::connect(const DistributedEnv& env, const torch::Device&) {
    if (env.worldSize == 1) return std::make_unique<DistributedContext>();
    throw Error("WORLD_SIZE=" + std::to_string(env.worldSize) +
                ": this rssm was built without PyTorch's c10d (the Gloo headers, libgloo-dev, were missing), so it trains in one process only");
}
void DistributedContext::broadcast(const std::vector<torch::Tensor>&) {}
void DistributedContext::allReduceSum(const std::vector<torch::Tensor>&, int64_t) {}
std::vector<torch::Tensor> DistributedContext::allGather(const torch::Tensor& state) { return {state}; }
void DistributedContext::reportFailure(const std::string&) noexcept {}
std::string DistributedContext::explainFailure(const std::string& what, const std::string& raw) { return what + ": " + raw; }

#else

// The store, the process group's three collectives (c10d's class hierarchy
// moved between LibTorch 1.13 and 2.x, so they are held as functions), and
// the heartbeat thread.
struct DistributedContext::Group {
    c10::intrusive_ptr<c10d::Store> store;
    std::function<c10::intrusive_ptr<c10d::Work>(std::vector<at::Tensor>&)> allreduce, broadcast;
    std::function<c10::intrusive_ptr<c10d::Work>(std::vector<std::vector<at::Tensor>>&, std::vector<at::Tensor>&)> allgather;
    std::chrono::milliseconds timeout{0};
    std::string prefix;  // keys of this run (a torchrun restart gets fresh ones)
    std::thread heartbeat;
    std::atomic<bool> stop{false};

    std::string key(const std::string& name) const { return prefix + name; }
};

namespace {

// The store's raw errors say "timed out after 30000ms"; the user needs what
// to check.
c10::intrusive_ptr<c10d::TCPStore> openStore(const DistributedEnv& e, bool server) {
    c10d::TCPStoreOptions o;
    o.port = static_cast<uint16_t>(e.masterPort);
    o.isServer = server;
    o.numWorkers = e.worldSize;
    o.waitWorkers = false;  // arrivals are counted below, to say who is missing
    o.timeout = e.timeout;
    const std::string where = e.masterAddr + ":" + std::to_string(e.masterPort);
    try {
        return c10::make_intrusive<c10d::TCPStore>(e.masterAddr, o);
    } catch (const std::exception& ex) {
        if (server)
            throw Error("rank 0: cannot open the rendezvous store on port " + std::to_string(e.masterPort) +
                        " (is another run using MASTER_PORT=" + std::to_string(e.masterPort) + "?): " + ex.what());
        throw Error("rank " + std::to_string(e.rank) + ": cannot reach the rendezvous store at " + where + " within " +
                    std::to_string(e.timeout.count() / 1000) + " s (is rank 0 running, and do MASTER_ADDR and MASTER_PORT match its?)");
    }
}

std::shared_ptr<gloo::transport::Device> glooDevice(const DistributedEnv& e) {
    if (const auto ifname = env("GLOO_SOCKET_IFNAME")) return c10d::ProcessGroupGloo::createDeviceForInterface(*ifname);
    // All ranks on this machine: loopback, whatever the host name resolves to.
    if (e.masterAddr == "127.0.0.1" || e.masterAddr == "localhost" || e.masterAddr == "::1")
        return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

}  // namespace

DistributedContext::~DistributedContext() {
    if (!group_) return;
    group_->stop = true;
    if (group_->heartbeat.joinable()) group_->heartbeat.join();
}

std::unique_ptr<DistributedContext> DistributedContext::connect(const DistributedEnv& e, const torch::Device& device) {
    std::unique_ptr<DistributedContext> ctx(new DistributedContext());
    if (e.worldSize == 1) return ctx;
    ctx->rank_ = e.rank;
    ctx->worldSize_ = e.worldSize;
    ctx->localRank_ = e.localRank;
    ctx->where_ = e.masterAddr + ":" + std::to_string(e.masterPort);
    auto g = std::make_unique<Group>();
    g->timeout = e.timeout;
    g->prefix = "rssm/" + env("TORCHELASTIC_RESTART_COUNT").value_or("0") + "/";
    ctx->hostsStore_ = e.rank == 0 && !e.agentStore;
    g->store = openStore(e, ctx->hostsStore_);
    const std::string me = "rank " + std::to_string(e.rank);

    // Everyone counts in, then waits for the rest: a missing rank (or one
    // told another WORLD_SIZE) is reported by number, not as a hang.
    const auto started = std::chrono::steady_clock::now();
    try {
        g->store->set(g->key("world_size/" + std::to_string(e.rank)), std::vector<uint8_t>(1, 0));
        int64_t arrived = g->store->add(g->key("arrived"), 1);
        while (arrived < e.worldSize) {
            if (seconds(started) * 1000.0 > static_cast<double>(e.timeout.count())) {
                std::string missing;
                for (int r = 0; r < e.worldSize; ++r)
                    if (!g->store->check({g->key("world_size/" + std::to_string(r))})) missing += (missing.empty() ? "" : ", ") + std::to_string(r);
                throw Error(me + ": only " + std::to_string(arrived) + " of WORLD_SIZE=" + std::to_string(e.worldSize) + " ranks reached " +
                            ctx->where_ + " within " + std::to_string(e.timeout.count() / 1000) + " s (missing: rank " + missing +
                            "); check that every rank started with the same MASTER_ADDR, MASTER_PORT and WORLD_SIZE");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            arrived = g->store->add(g->key("arrived"), 0);
        }
        if (arrived > e.worldSize)
            throw Error(me + ": " + std::to_string(arrived) + " processes arrived at " + ctx->where_ + " for WORLD_SIZE=" +
                        std::to_string(e.worldSize) + " (another run on the same MASTER_PORT, or ranks told different world sizes?)");
    } catch (const Error&) {
        throw;
    } catch (const std::exception& ex) {
        throw Error(me + ": the rendezvous at " + ctx->where_ + " failed: " + ex.what());
    }

    try {
        if (device.is_cuda()) {
#ifdef RSSM_HAVE_NCCL
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = e.timeout;
            auto pg = c10::make_intrusive<c10d::ProcessGroupNCCL>(g->store, e.rank, e.worldSize, options);
            g->allreduce = [pg](std::vector<at::Tensor>& t) { return pg->allreduce(t); };
            g->broadcast = [pg](std::vector<at::Tensor>& t) { return pg->broadcast(t); };
            g->allgather = [pg](std::vector<std::vector<at::Tensor>>& out, std::vector<at::Tensor>& in) { return pg->allgather(out, in); };
            ctx->backend_ = "nccl";
#else
            throw Error(me + ": training on CUDA across processes needs NCCL, and this rssm was built without it "
                        "(a LibTorch with CUDA and nccl.h found at configure time)");
#endif
        } else {
            auto options = c10d::ProcessGroupGloo::Options::create(e.timeout);
            options->devices.push_back(glooDevice(e));
            options->threads = 2;
            auto pg = c10::make_intrusive<c10d::ProcessGroupGloo>(g->store, e.rank, e.worldSize, options);
            g->allreduce = [pg](std::vector<at::Tensor>& t) { return pg->allreduce(t); };
            g->broadcast = [pg](std::vector<at::Tensor>& t) { return pg->broadcast(t); };
            g->allgather = [pg](std::vector<std::vector<at::Tensor>>& out, std::vector<at::Tensor>& in) { return pg->allgather(out, in); };
            ctx->backend_ = "gloo";
        }
    } catch (const Error&) {
        throw;
    } catch (const std::exception& ex) {
        throw Error(me + ": cannot open the " + (device.is_cuda() ? std::string("NCCL") : std::string("Gloo")) +
                    " process group: " + ex.what());
    }

    // The heartbeat, on its own connection so a collective in flight never
    // holds it up.
    auto beatStore = openStore(e, false);
    Group* raw = g.get();
    const std::string beatKey = g->key("beat/" + std::to_string(e.rank));
    g->heartbeat = std::thread([raw, beatStore, beatKey] {
        try {
            while (!raw->stop) {
                beatStore->add(beatKey, 1);
                for (int i = 0; i < 10 && !raw->stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        } catch (...) {
            // The store went away (rank 0 ended); the collectives will say so.
        }
    });
    ctx->group_ = std::move(g);
    return ctx;
}

template <class F>
void DistributedContext::collective(const std::string& what, F&& run) {
    if (!group_->allreduce) throw Error("rank " + std::to_string(rank_) + ": " + what + " after this rank's process group was closed");
    const auto started = std::chrono::steady_clock::now();
    try {
        run();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& ex) {
        throw Error(explainFailure(what, ex.what()));
    }
    collectiveSeconds_ += seconds(started);
}

void DistributedContext::broadcast(const std::vector<torch::Tensor>& tensors) {
    if (!group_) return;
    collective("broadcasting rank 0's parameters", [&] {
        for (const auto& t : tensors) {
            std::vector<at::Tensor> one{t.is_contiguous() ? t : t.contiguous()};
            group_->broadcast(one)->wait(group_->timeout);
            if (!t.is_contiguous()) t.copy_(one[0]);
        }
    });
}

void DistributedContext::allReduceSum(const std::vector<torch::Tensor>& tensors, int64_t bucketBytes) {
    if (!group_) return;
    collective("a gradient all-reduce", [&] {
        size_t i = 0;
        while (i < tensors.size()) {
            // One bucket: consecutive tensors of one dtype and device.
            size_t j = i;
            int64_t bytes = 0;
            std::vector<torch::Tensor> flat;
            while (j < tensors.size() && tensors[j].scalar_type() == tensors[i].scalar_type() &&
                   tensors[j].device() == tensors[i].device() && (j == i || bytes + static_cast<int64_t>(tensors[j].nbytes()) <= bucketBytes)) {
                bytes += static_cast<int64_t>(tensors[j].nbytes());
                flat.push_back(tensors[j].reshape({-1}));
                ++j;
            }
            std::vector<at::Tensor> bucket{torch::cat(flat)};
            group_->allreduce(bucket)->wait(group_->timeout);
            int64_t offset = 0;
            for (size_t k = i; k < j; ++k) {
                const int64_t n = tensors[k].numel();
                tensors[k].copy_(bucket[0].narrow(0, offset, n).view_as(tensors[k]));
                offset += n;
            }
            i = j;
        }
    });
}

std::vector<torch::Tensor> DistributedContext::allGather(const torch::Tensor& state) {
    if (!group_) return {state};
    std::vector<std::vector<at::Tensor>> out(1);
    for (int r = 0; r < worldSize_; ++r) out[0].push_back(torch::empty_like(state));
    std::vector<at::Tensor> in{state.contiguous()};
    collective("gathering the ranks' random states", [&] { group_->allgather(out, in)->wait(group_->timeout); });
    return out[0];
}

void DistributedContext::reportFailure(const std::string& message) noexcept {
    if (!group_ || peerFailed_) return;  // a peer's failure: that rank already said why
    try {
        const std::string m = message.substr(0, 2000);
        group_->store->set(group_->key("failed/" + std::to_string(rank_)), std::vector<uint8_t>(m.begin(), m.end()));
        // Closing the process group wakes the peers blocked in a collective
        // with this rank; they then read the message above.
        group_->allreduce = nullptr;
        group_->broadcast = nullptr;
        group_->allgather = nullptr;
        // The store lives in this process: keep it up until they have read
        // it (a few seconds at most).
        if (hostsStore_) {
            const auto started = std::chrono::steady_clock::now();
            while (group_->store->add(group_->key("failure_seen"), 0) < worldSize_ - 1 && seconds(started) < 5.0)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    } catch (...) {
        // The store is gone too; the others will find this rank silent instead.
    }
}

std::string DistributedContext::explainFailure(const std::string& what, const std::string& raw) {
    const std::string me = "rank " + std::to_string(rank_);
    if (!group_) return me + ": " + what + " failed: " + raw;
    peerFailed_ = true;
    auto& store = *group_->store;
    try {
        // A rank that threw says why before it exits; give it a moment.
        std::vector<int64_t> before(worldSize_, -1);
        for (int r = 0; r < worldSize_; ++r)
            if (r != rank_) before[r] = store.add(group_->key("beat/" + std::to_string(r)), 0);
        for (int wait = 0; wait < 30; ++wait) {
            for (int r = 0; r < worldSize_; ++r) {
                const std::string key = group_->key("failed/" + std::to_string(r));
                if (r != rank_ && store.check({key})) {
                    const auto m = store.get(key);
                    store.add(group_->key("failure_seen"), 1);
                    return me + ": stopping because rank " + std::to_string(r) + " failed: " + std::string(m.begin(), m.end());
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        // No message: the rank whose heartbeat stood still over those 3 s is gone.
        std::string silent;
        for (int r = 0; r < worldSize_; ++r)
            if (r != rank_ && store.add(group_->key("beat/" + std::to_string(r)), 0) == before[r])
                silent += (silent.empty() ? "" : ", ") + std::to_string(r);
        if (!silent.empty())
            return me + ": stopping because rank " + silent + " stopped responding (its process ended or hangs) during " + what +
                   " (" + raw + ")";
    } catch (...) {
        // The store lives in rank 0's process (or torchrun's agent).
        if (rank_ != 0)
            return me + ": stopping because rank 0 is gone (the rendezvous store at " + where_ + " it held no longer answers) during " +
                   what + " (" + raw + ")";
    }
    return me + ": " + what + " failed: " + raw;
}

#endif

}  // namespace rssm
