// libFuzzer target: a buffer file through the pickle reader into a replay
// buffer, then everything `rssm inspect` and training's checks read from it.
// Any rssm::Error is a refusal, which is fine; a crash, a sanitizer report,
// another exception or a leak is a finding.
#include <cstdint>
#include <cstdlib>

#include "FuzzInput.h"
#include "data/BufferSummary.h"
#include "data/BufferValidation.h"
#include "data/PickleBufferSource.h"
#include "util/Error.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    setenv("RSSM_MAX_EXPANSION", "16", 1);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = rssm::fuzz::writeInput(data, size, ".pkl");
    try {
        const rssm::ReplayBuffer buffer = rssm::PickleBufferSource().load(path, nullptr);
        const rssm::BufferSummary summary = rssm::BufferSummary::of(buffer);
        (void)summary.toJson();
        (void)summary.toText();
        (void)rssm::bufferProblems(buffer);
    } catch (const rssm::Error&) {
    }
    return 0;
}
