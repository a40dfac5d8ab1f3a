#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/ReplayBuffer.h"
#include "util/Progress.h"

namespace rssm {

// One file format that buffers are read from. A new format is one new class.
class BufferSource {
public:
    virtual ~BufferSource() = default;
    virtual std::string formatName() const = 0;
    // Whether the file's first bytes look like this format.
    virtual bool recognizes(const uint8_t* head, size_t size) const = 0;
    // Reads the whole buffer. Throws rssm::Error naming the path and what is wrong.
    virtual ReplayBuffer load(const std::string& path, const ProgressReporter* progress) const = 0;
};

// Every format the core reads, most specific first.
const std::vector<std::unique_ptr<BufferSource>>& bufferSources();

// Opens path with the source whose format it recognises.
ReplayBuffer loadReplayBuffer(const std::string& path, const ProgressReporter* progress = nullptr);

}  // namespace rssm
