#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "io/MappedFile.h"
#include "io/PickleDocument.h"
#include "util/Error.h"
#include "util/TerminalText.h"
#include "util/Progress.h"

namespace rssm::pickle {

// Hard limits so that a hostile or corrupt file fails fast in bounded memory.
// Lengths declared in the file are always checked against the bytes left.
struct PickleLimits {
    size_t maxStack = size_t{1} << 24;     // values on the stack at once
    size_t maxMarks = size_t{1} << 16;     // open MARKs
    size_t maxMemo = size_t{1} << 27;      // memo entries
    uint32_t maxDepth = 256;               // container nesting
    int maxNdim = 64;                      // numpy 2's own limit
    uint32_t maxGlobalLine = 256;          // module or name length in GLOBAL
    // Not a limit: whether the machine may take numpy's array-filling idiom in
    // one step (ArrayBuildPattern.h). Tests turn it off to compare results.
    bool fuseArrayBuilds = true;
};

// A refusal of the file's content, with the byte offset of the opcode at fault.
class PickleError : public Error {
public:
    PickleError(uint64_t offset, const std::string& what)
        : Error("byte " + std::to_string(offset) + ": " + terminalSafe(what)), offset_(offset) {}
    uint64_t offset() const { return offset_; }

private:
    uint64_t offset_;
};

// Runs the safe subset of the unpickling machine (docs/pickle-format.md) over
// the whole file. Nothing named by the file is ever imported or called: the
// only callables are an enumeration of numpy's array constructors, whose
// arguments are checked exactly. Throws PickleError (or Cancelled).
std::unique_ptr<PickleDocument> readPickle(std::shared_ptr<const MappedFile> file, const PickleLimits& limits = {},
                                           const ProgressReporter* progress = nullptr);

}  // namespace rssm::pickle
