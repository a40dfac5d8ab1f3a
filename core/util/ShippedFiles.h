#pragma once
#include <string>

namespace rssm {

// The files that ship with the program: the sample buffer and the default
// configs. They live under resources/ in the source tree and under
// share/rssm-workbench/ once installed (packaging/Packaging.cmake), so
// resources/X in one is share/rssm-workbench/X in the other. Found from the
// running executable, never from the working directory: <bin>/../share/
// rssm-workbench beside an installed binary, else the source tree of a build.

// The folder that holds them; empty when neither exists.
std::string shippedDir();
// A shipped file by its path under resources/ ("sample/buf.pkl"); empty when
// this installation lacks it.
std::string shippedFile(const std::string& relative);
// A path from the config as it is used: relative to the working directory,
// except that a relative "resources/..." path the working directory lacks
// names the shipped file, so the defaults (data.buffer_path is
// resources/sample/buf.pkl) work from any folder.
std::string resolveShippedPath(const std::string& path);

}  // namespace rssm
