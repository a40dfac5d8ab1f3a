#include <cerrno>
#include <cstdio>
#include <cstring>

#include "data/BufferSource.h"
#include "data/Hdf5BufferSource.h"
#include "data/PickleBufferSource.h"
#include "util/Error.h"

namespace rssm {

const std::vector<std::unique_ptr<BufferSource>>& bufferSources() {
    static const auto sources = [] {
        std::vector<std::unique_ptr<BufferSource>> list;
        list.push_back(std::make_unique<PickleBufferSource>());
        list.push_back(std::make_unique<Hdf5BufferSource>());
        return list;
    }();
    return sources;
}

ReplayBuffer loadReplayBuffer(const std::string& path, const ProgressReporter* progress) {
    uint8_t head[16] = {};
    size_t n = 0;
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
        n = std::fread(head, 1, sizeof head, f);
        std::fclose(f);
    } else {
        throw Error(path + ": cannot open: " + std::strerror(errno));
    }
    for (const auto& source : bufferSources()) {
        if (source->recognizes(head, n)) return source->load(path, progress);
    }
    // Anything else goes to the pickle reader: a pickle need not start with
    // PROTO, and the reader's refusal names the byte and opcode at fault.
    return PickleBufferSource().load(path, progress);
}

}  // namespace rssm
