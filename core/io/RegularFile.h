#pragma once
#include <string>

namespace rssm {

// Opens `path` for reading only if it is a regular file, and returns the
// descriptor (O_CLOEXEC; the caller closes it). A FIFO would block the opener
// until a writer comes, a directory reads as an I/O error and a device never
// ends, so each is refused with rssm::Error naming the path and what it is.
// The open itself never blocks (O_NONBLOCK, cleared once the file is known to
// be regular), and the check is on the opened file, so no rename in between
// can swap in something else. `what` names the role ("the buffer", "the config").
int openRegularFile(const std::string& path, const char* what);

// The same check without keeping the file open, for readers that take a path
// (libhdf5, LibTorch, yaml-cpp through an ifstream).
void requireRegularFile(const std::string& path, const char* what);

}  // namespace rssm
