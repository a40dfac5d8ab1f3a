#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace rssm {

// Every file the core writes whole (checkpoints, configs, caches, the sweep
// file, exports) goes through here, so a reader never sees half a file and a
// full disk or a killed writer never leaves one behind in its place.

// The temporary a writer of `path` uses: "<path>.tmp-<pid>" in the same folder
// (a rename across file systems would not be atomic). The pid lets
// RunFolder::removeStaleTemporaries() tell a killed writer's file from a live
// one's.
std::string temporaryPathFor(const std::string& path);

// Writes `bytes` to the temporary, flushes it to disk (fsync), then renames it
// over `path`. Every write, the fsync, the close and the rename are checked;
// a failure removes the temporary and throws rssm::Error naming `path` and the
// reason ("<path>: cannot write: No space left on device").
void writeFileAtomically(const std::string& path, std::string_view bytes);

// For writers that must write the file themselves (HDF5 opens it by name):
// `writeTemporary` is given the temporary's path and writes the whole file
// there, removing it itself if it fails (its exception goes on); the finished
// file is then flushed to disk and renamed over `path` as above.
void writeFileAtomically(const std::string& path, const std::function<void(const std::string& temporary)>& writeTemporary);

}  // namespace rssm
