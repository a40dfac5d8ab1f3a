// libFuzzer target: a checkpoint file through the checkpoint reader
// (train/Checkpoint.h, readCheckpointInfo). Any rssm::Error is a refusal; a
// crash, a sanitizer report or another exception type (a LibTorch c10::Error
// escaping as a backtrace) is a finding. LibTorch itself is not instrumented.
#include <cstdint>
#include <exception>

#include "FuzzInput.h"
#include "train/Checkpoint.h"
#include "util/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = rssm::fuzz::writeInput(data, size, ".pt");
    try {
        (void)rssm::readCheckpointInfo(path);
    } catch (const rssm::Error&) {
    }
    return 0;
}
