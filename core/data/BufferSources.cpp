#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "data/BufferSource.h"
#include "data/Hdf5BufferSource.h"
#include "data/PickleBufferSource.h"
#include "io/RegularFile.h"
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
    {
        const int fd = openRegularFile(path, "a buffer");
        ssize_t got = 0;
        while (n < sizeof head && ((got = ::read(fd, head + n, sizeof head - n)) > 0 || (got < 0 && errno == EINTR)))
            if (got > 0) n += static_cast<size_t>(got);
        ::close(fd);
    }
    for (const auto& source : bufferSources()) {
        if (source->recognizes(head, n)) return source->load(path, progress);
    }
    // Anything else goes to the pickle reader: a pickle need not start with
    // PROTO, and the reader's refusal names the byte and opcode at fault.
    return PickleBufferSource().load(path, progress);
}

}  // namespace rssm
