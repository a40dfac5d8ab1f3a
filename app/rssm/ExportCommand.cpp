#include <iostream>

#include "data/BufferSource.h"
#include "io/Hdf5BufferWriter.h"
#include "rssm/Commands.h"

namespace rssm::cli {

int runExport(int argc, char** argv) {
    const Arguments args(argc, argv, 2, {"--buffer-path", "--out"}, {});
    const std::string path = args.require("--buffer-path");
    const std::string out = args.require("--out");
    const ReplayBuffer buffer = loadReplayBuffer(path);
    writeHdf5Buffer(buffer, out);
    std::cout << "wrote " << buffer.episodeCount() << " episodes, " << buffer.transitionCount() << " transitions to " << out << "\n";
    return 0;
}

}  // namespace rssm::cli
