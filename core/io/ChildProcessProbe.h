#pragma once
#include <functional>
#include <string>

#include "util/Progress.h"

namespace rssm {

// Runs `work` in a forked child process first, so that a library that is not
// made for hostile files (libhdf5: a corrupt heap index makes it memcpy out of
// bounds, a corrupt B-tree makes it loop) can crash or hang there instead of
// in the caller. The child reports progress and its own rssm::Error through a
// pipe; the parent
//   - forwards progress to `progress` and honours its cancel flag,
//   - kills the child when it reports nothing for `stallSeconds`,
//   - turns the child's death by a signal into one rssm::Error naming `path`,
//   - rethrows the child's rssm::Error text as its own.
// Returns normally only when the child finished `work` without an error, so
// the caller may then do the same work in-process: same code, same bytes.
// The child leaves with _exit, running no exit handlers of the parent's.
// `stallSeconds` <= 0 uses RSSM_CHILD_STALL_SECONDS from the environment, else 60.
void probeInChildProcess(const std::string& path, const std::string& what, const ProgressReporter* progress,
                         const std::function<void(const ProgressReporter*)>& work, double stallSeconds = 0);

}  // namespace rssm
