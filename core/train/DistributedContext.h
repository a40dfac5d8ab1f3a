#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/types.h>

namespace rssm {

// Where this process sits in a data-parallel run, as torchrun's environment
// contract gives it: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT.
// Slurm, a shell loop or `rssm train --nproc N` set the same variables.
struct DistributedEnv {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    // torchrun >= 2.2 hosts the rendezvous store in its agent
    // (TORCHELASTIC_USE_AGENT_STORE=True); then rank 0 connects as a client.
    bool agentStore = false;
    // Rendezvous (every rank at the store) and each collective's limit:
    // RSSM_DIST_TIMEOUT seconds, 300 when unset.
    std::chrono::milliseconds timeout{300000};

    // The variables of this process; nullopt when WORLD_SIZE is unset (a
    // plain single-process run). Throws rssm::Error naming a malformed
    // variable and what it should hold.
    static std::optional<DistributedEnv> fromEnvironment();
};

// The seed of rank `rank`'s noise (LibTorch's generator) in a data-parallel
// run: rank 0 keeps `seed`, so one rank trains exactly as one process.
inline uint64_t rankSeed(uint64_t seed, int rank) { return seed + 0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(rank); }

// The ranks of a data-parallel run and the collectives training needs, on
// PyTorch's c10d: a TCPStore rendezvous and a process group (Gloo on CPU,
// NCCL on CUDA where the LibTorch has it). World size 1 needs no group and
// every collective is a no-op, so the trainer has one code path.
//
// Failure is never a hang: collectives time out (DistributedEnv::timeout),
// a rank that throws leaves its message in the store before it exits, and
// every rank beats a heartbeat into the store, so when a collective fails
// the survivors name the rank that errored or went silent.
class DistributedContext {
public:
    // One process, no peers.
    DistributedContext();
    // Meets the other ranks (within env.timeout, or throws rssm::Error that
    // says who is missing) and opens the process group for `device`.
    static std::unique_ptr<DistributedContext> connect(const DistributedEnv& env, const torch::Device& device);
    ~DistributedContext();
    DistributedContext(const DistributedContext&) = delete;
    DistributedContext& operator=(const DistributedContext&) = delete;

    int rank() const { return rank_; }
    int worldSize() const { return worldSize_; }
    int localRank() const { return localRank_; }
    bool isRoot() const { return rank_ == 0; }
    bool distributed() const { return worldSize_ > 1; }
    // "none" (one process), "gloo" or "nccl".
    const std::string& backend() const { return backend_; }

    // Rank 0's values copied into every rank's tensors, in place.
    void broadcast(const std::vector<torch::Tensor>& tensors);
    // Sums the tensors over the ranks, in place: flattened into buckets of
    // at most bucketBytes, one collective each (like DDP's gradient buckets).
    void allReduceSum(const std::vector<torch::Tensor>& tensors, int64_t bucketBytes = 25 << 20);
    // Every rank's `state` (same size on each), rank order, on every rank.
    std::vector<torch::Tensor> allGather(const torch::Tensor& state);

    // Leaves `message` for the other ranks to print, then they stop too
    // (nothing when the failure was another rank's, already explained).
    void reportFailure(const std::string& message) noexcept;
    // A failure's description for the user: the rank that errored (with its
    // message) or stopped answering; `what` is where this rank was.
    std::string explainFailure(const std::string& what, const std::string& raw);

    // Seconds spent inside collectives (waiting included), for benchmarks.
    double collectiveSeconds() const { return collectiveSeconds_; }

private:
    struct Group;
    template <class F>
    void collective(const std::string& what, F&& run);

    int rank_ = 0;
    int worldSize_ = 1;
    int localRank_ = 0;
    std::string backend_ = "none";
    std::string where_;  // MASTER_ADDR:MASTER_PORT
    bool hostsStore_ = false;
    bool peerFailed_ = false;  // a collective failed because of another rank
    std::unique_ptr<Group> group_;
    double collectiveSeconds_ = 0.0;
};

}  // namespace rssm
