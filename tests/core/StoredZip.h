#pragma once
// A stored (uncompressed) zip of the given files, as any zip tool writes one:
// a well-formed archive that is not a checkpoint.
#include <zlib.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rssm::test {

inline std::string storedZip(const std::vector<std::pair<std::string, std::string>>& files) {
    std::string out, central;
    auto u16 = [](std::string& s, uint32_t v) { s += char(v & 0xff), s += char((v >> 8) & 0xff); };
    auto u32 = [&](std::string& s, uint32_t v) { u16(s, v & 0xffff), u16(s, v >> 16); };
    for (const auto& [name, data] : files) {
        const uint32_t crc = crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
        const uint32_t offset = static_cast<uint32_t>(out.size());
        u32(out, 0x04034b50), u16(out, 20), u16(out, 0), u16(out, 0), u32(out, 0), u32(out, crc);
        u32(out, data.size()), u32(out, data.size()), u16(out, name.size()), u16(out, 0);
        out += name + data;
        u32(central, 0x02014b50), u16(central, 20), u16(central, 20), u16(central, 0), u16(central, 0), u32(central, 0);
        u32(central, crc), u32(central, data.size()), u32(central, data.size()), u16(central, name.size());
        for (int i = 0; i < 4; ++i) u16(central, 0);
        u32(central, 0), u32(central, offset);
        central += name;
    }
    const uint32_t cdOffset = static_cast<uint32_t>(out.size());
    out += central;
    u32(out, 0x06054b50), u16(out, 0), u16(out, 0), u16(out, files.size()), u16(out, files.size());
    u32(out, central.size()), u32(out, cdOffset), u16(out, 0);
    return out;
}

}  // namespace rssm::test
