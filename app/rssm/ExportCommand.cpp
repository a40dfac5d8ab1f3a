#include <iostream>

#include "data/BufferSource.h"
#include "io/Hdf5BufferWriter.h"
#include "rssm/Commands.h"

namespace rssm::cli {

int runExport(const Invocation& inv) {
    const std::string& out = *inv.out;
    const ReplayBuffer buffer = loadReplayBuffer(inv.bufferPath);
    writeHdf5Buffer(buffer, out);
    std::cout << "wrote " << buffer.episodeCount() << " episodes, " << buffer.transitionCount() << " transitions to " << out << "\n";
    return 0;
}

}  // namespace rssm::cli
