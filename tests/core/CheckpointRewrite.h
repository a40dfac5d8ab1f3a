#pragma once
// A checkpoint rewritten with entries changed, as a damaged or foreign
// torch.save would hold them: for the tests of fields of the wrong type.
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include <torch/serialize.h>
#include <torch/torch.h>

namespace rssm::test {

using CheckpointDict = c10::impl::GenericDict;

// Reads `from`, lets `change` edit its top dict, writes the result to `to`.
// Nested dicts share their storage: root.at("rng").toGenericDict() edits in place.
inline void rewriteCheckpoint(const std::string& from, const std::string& to, const std::function<void(CheckpointDict&)>& change) {
    std::ifstream in(from, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto root = torch::pickle_load(bytes).toGenericDict();
    change(root);
    const std::vector<char> out = torch::pickle_save(root);
    std::ofstream(to, std::ios::binary | std::ios::trunc).write(out.data(), static_cast<std::streamsize>(out.size()));
}

// The first entry's key of a nested dict ("model", "optimizer"'s "exp_avg").
inline std::string firstKey(const CheckpointDict& d) { return d.begin()->key().toStringRef(); }

}  // namespace rssm::test
