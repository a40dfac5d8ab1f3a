#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace rssm {

// A read-only, private memory mapping of a whole file. Array payloads in a
// buffer are kept as views into it, so the mapping is shared by whoever holds
// such a view.
class MappedFile {
public:
    // Throws rssm::Error naming the path when the file cannot be opened or mapped.
    static std::shared_ptr<MappedFile> open(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return data_; }
    size_t size() const { return size_; }
    const std::string& path() const { return path_; }

    // Lets the kernel drop the resident pages of [0, offset): a sequential
    // reader calls this behind itself so the file never counts whole against
    // memory. The bytes stay readable; touching them again pages them back in.
    void releaseBefore(size_t offset) const;

private:
    MappedFile() = default;
    std::string path_;
    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace rssm
