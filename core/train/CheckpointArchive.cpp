#include "train/CheckpointArchive.h"

#include <zlib.h>

#include <cstdint>
#include <set>

#include "util/Error.h"

namespace rssm {

namespace {

constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndRecord = 0x06054b50;
constexpr uint32_t kZip64EndRecord = 0x06064b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint64_t kEndRecordSize = 22;
constexpr uint64_t kEndSearchWindow = 4096;
constexpr uint64_t kZip64LocatorSize = 20;
constexpr uint64_t kZip64EndRecordSize = 56;
constexpr uint64_t kCentralHeaderSize = 46;
constexpr uint64_t kLocalHeaderSize = 30;

// Little-endian reads that can only happen inside the buffer: every caller
// has checked the range first, and at() checks it again.
class Bytes {
public:
    Bytes(const std::string& path, const std::vector<char>& bytes) : path_(path), bytes_(bytes) {}
    uint64_t size() const { return bytes_.size(); }
    bool holds(uint64_t offset, uint64_t length) const { return offset <= size() && length <= size() - offset; }
    uint64_t u(uint64_t offset, int width) const {
        if (!holds(offset, static_cast<uint64_t>(width))) fail("a record that ends past the end of the file (truncated?)");
        uint64_t v = 0;
        for (int i = width - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes_[offset + static_cast<uint64_t>(i)]);
        return v;
    }
    const char* at(uint64_t offset) const { return bytes_.data() + offset; }
    [[noreturn]] void fail(const std::string& expected) const {
        throw Error(path_ + ": not a checkpoint: expected " + expected);
    }

private:
    const std::string& path_;
    const std::vector<char>& bytes_;
};

struct Directory {
    uint64_t entries = 0, size = 0, offset = 0;
};

// The end-of-central-directory record: the last 22 bytes plus its comment.
Directory findDirectory(const Bytes& b) {
    if (b.size() < kEndRecordSize + kLocalHeaderSize || b.u(0, 4) != kLocalHeader)
        b.fail("a zip archive as torch.save writes (the file does not start with a zip entry)");
    uint64_t end = b.size();  // offset of the end record, once found
    const uint64_t lowest = b.size() > kEndRecordSize + 0xffff ? b.size() - kEndRecordSize - 0xffff : 0;
    for (uint64_t at = b.size() - kEndRecordSize + 1; at-- > lowest;) {
        if (b.u(at, 4) == kEndRecord && at + kEndRecordSize + b.u(at + 20, 2) == b.size()) {
            end = at;
            break;
        }
    }
    if (end == b.size()) b.fail("a zip archive's end record in its last bytes (the file is truncated or not a zip)");
    // LibTorch's zip code looks for the end record in the last 4096 bytes
    // first, and further back only with reads before the start of the file
    // (CheckpointPickleLoad.h); torch.save writes no comment at all.
    if (b.size() - end > kEndSearchWindow)
        b.fail("a zip archive's end record in its last " + std::to_string(kEndSearchWindow) + " bytes (its comment is " +
               std::to_string(b.size() - end - kEndRecordSize) + " bytes; torch.save writes none)");
    if (b.u(end + 4, 2) != 0 || b.u(end + 6, 2) != 0 || b.u(end + 8, 2) != b.u(end + 10, 2))
        b.fail("a zip archive on one disk");
    Directory d{b.u(end + 10, 2), b.u(end + 12, 4), b.u(end + 16, 4)};
    // Zip64: the locator sits just before the end record and points at the
    // zip64 end record. torch.save writes one for any archive, and LibTorch's
    // reader takes its counts whenever the locator is there: so they are
    // checked whenever it is, and must agree with the end record's.
    const bool sentinel = d.entries == 0xffff || d.size == 0xffffffff || d.offset == 0xffffffff;
    const bool locator = end >= kZip64LocatorSize && b.u(end - kZip64LocatorSize, 4) == kZip64Locator;
    if (sentinel && !locator) b.fail("a zip64 locator before the zip's end record");
    if (locator) {
        const uint64_t at = end - kZip64LocatorSize;
        if (b.u(at + 4, 4) != 0 || b.u(at + 16, 4) != 1) b.fail("a zip archive on one disk (its zip64 locator names others)");
        const uint64_t record = b.u(at + 8, 8);
        if (!b.holds(record, kZip64EndRecordSize) || record + kZip64EndRecordSize > at || b.u(record, 4) != kZip64EndRecord ||
            b.u(record + 4, 8) < kZip64EndRecordSize - 12)
            b.fail("a zip64 end record at offset " + std::to_string(record));
        if (b.u(record + 16, 4) != 0 || b.u(record + 20, 4) != 0 || b.u(record + 24, 8) != b.u(record + 32, 8))
            b.fail("a zip archive on one disk (its zip64 end record names others)");
        const Directory z{b.u(record + 32, 8), b.u(record + 40, 8), b.u(record + 48, 8)};
        if ((d.entries != 0xffff && d.entries != z.entries) || (d.size != 0xffffffff && d.size != z.size) ||
            (d.offset != 0xffffffff && d.offset != z.offset))
            b.fail("the zip64 end record at offset " + std::to_string(record) +
                   " to agree with the end record (entries, central directory size and offset)");
        d = z;
    }
    if (!b.holds(d.offset, d.size) || d.offset + d.size > end)
        b.fail("the zip's central directory (offset " + std::to_string(d.offset) + ", " + std::to_string(d.size) +
               " bytes) inside the file");
    if (d.entries == 0) b.fail("a zip archive with entries (this one is empty)");
    return d;
}

// Sizes and offset that do not fit in 32 bits live in the zip64 extra field.
void readZip64Extra(const Bytes& b, uint64_t extra, uint64_t extraLength, uint64_t& uncompressed, uint64_t& compressed,
                    uint64_t& localOffset) {
    for (uint64_t at = extra; at + 4 <= extra + extraLength;) {
        const uint64_t id = b.u(at, 2), length = b.u(at + 2, 2);
        if (at + 4 + length > extra + extraLength) b.fail("zip extra fields inside their entry");
        if (id == 0x0001) {
            uint64_t field = at + 4;
            for (uint64_t* v : {&uncompressed, &compressed, &localOffset}) {
                const uint64_t sentinel = 0xffffffff;
                if (*v != sentinel) continue;
                if (field + 8 > at + 4 + length) b.fail("a complete zip64 extra field");
                *v = b.u(field, 8);
                field += 8;
            }
        }
        at += 4 + length;
    }
}

}  // namespace

void checkCheckpointArchive(const std::string& path, const std::vector<char>& bytes) {
    const Bytes b(path, bytes);
    const Directory dir = findDirectory(b);
    std::set<std::string> names;
    std::string prefix;  // the archive's top folder, from its first entry, as LibTorch takes it
    uint64_t at = dir.offset;
    for (uint64_t i = 0; i < dir.entries; ++i) {
        if (!b.holds(at, kCentralHeaderSize) || at + kCentralHeaderSize > dir.offset + dir.size || b.u(at, 4) != kCentralHeader)
            b.fail("central directory entry " + std::to_string(i) + " of " + std::to_string(dir.entries) +
                   " at offset " + std::to_string(at));
        const uint64_t flags = b.u(at + 8, 2), method = b.u(at + 10, 2), crc = b.u(at + 16, 4);
        uint64_t compressed = b.u(at + 20, 4), uncompressed = b.u(at + 24, 4), localOffset = b.u(at + 42, 4);
        const uint64_t nameLength = b.u(at + 28, 2), extraLength = b.u(at + 30, 2), commentLength = b.u(at + 32, 2);
        const uint64_t next = at + kCentralHeaderSize + nameLength + extraLength + commentLength;
        if (next > dir.offset + dir.size) b.fail("central directory entry " + std::to_string(i) + " inside the directory");
        const std::string name(b.at(at + kCentralHeaderSize), nameLength);
        readZip64Extra(b, at + kCentralHeaderSize + nameLength, extraLength, uncompressed, compressed, localOffset);
        // Bit 0: encrypted; 6: strong encryption; 13: masked local headers (LibTorch's reader refuses each).
        if (flags & (0x1 | 0x40 | 0x2000)) b.fail("unencrypted zip entries ('" + name + "' is encrypted)");
        if (b.u(at + 34, 2) != 0) b.fail("a zip archive on one disk ('" + name + "' names disk " + std::to_string(b.u(at + 34, 2)) + ")");
        if (method != 0 || compressed != uncompressed)
            b.fail("stored (uncompressed) zip entries as torch.save writes ('" + name + "' is compressed)");
        if (!b.holds(localOffset, kLocalHeaderSize) || b.u(localOffset, 4) != kLocalHeader)
            b.fail("the zip entry '" + name + "' at offset " + std::to_string(localOffset));
        const uint64_t data = localOffset + kLocalHeaderSize + b.u(localOffset + 26, 2) + b.u(localOffset + 28, 2);
        if (!b.holds(data, compressed) || data + compressed > dir.offset)
            b.fail("the " + std::to_string(compressed) + " bytes of '" + name + "' inside the file (truncated?)");
        if (crc32_z(0, reinterpret_cast<const Bytef*>(b.at(data)), static_cast<z_size_t>(compressed)) != crc)
            b.fail("'" + name + "' to match its CRC-32 (the file is damaged)");
        if (i == 0) prefix = name.substr(0, name.find('/') + 1);
        names.insert(name);
        at = next;
    }
    if (prefix.empty() || !names.count(prefix + "data.pkl"))
        b.fail("a torch.save archive with a data.pkl entry (this zip holds other files)");
}

}  // namespace rssm
