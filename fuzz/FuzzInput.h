#pragma once
// The readers under test take paths, as the program's users give them; each
// input is written to one file in /dev/shm (memory, so it costs no disk I/O).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace rssm::fuzz {

inline const std::string& inputPath(const char* suffix) {
    static const std::string path = [&] {
        const char* dir = std::getenv("RSSM_FUZZ_TMP");
        return std::string(dir ? dir : "/dev/shm") + "/rssm-fuzz-" + std::to_string(static_cast<long>(getpid())) + suffix;
    }();
    return path;
}

inline const std::string& writeInput(const uint8_t* data, size_t size, const char* suffix) {
    const std::string& path = inputPath(suffix);
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (size && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    return path;
}

}  // namespace rssm::fuzz
