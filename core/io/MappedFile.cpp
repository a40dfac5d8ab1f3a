#include "io/MappedFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/RegularFile.h"
#include "util/Error.h"

namespace rssm {

std::shared_ptr<MappedFile> MappedFile::open(const std::string& path) {
    // A FIFO would block open() itself until a writer came.
    const int fd = openRegularFile(path, "a buffer");
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        throw Error(path + ": cannot stat: " + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(path + ": not a regular file");
    }
    std::shared_ptr<MappedFile> file(new MappedFile());
    file->path_ = path;
    file->size_ = static_cast<size_t>(st.st_size);
    if (file->size_ > 0) {
        void* p = ::mmap(nullptr, file->size_, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            throw Error(path + ": cannot map into memory: " + std::strerror(err));
        }
        ::madvise(p, file->size_, MADV_SEQUENTIAL);
        file->data_ = static_cast<const uint8_t*>(p);
    }
    ::close(fd);
    return file;
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(const_cast<uint8_t*>(data_), size_);
}

void MappedFile::releaseBefore(size_t offset) const {
    if (!data_) return;
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    const size_t end = (offset < size_ ? offset : size_) / page * page;
    if (end > 0) ::madvise(const_cast<uint8_t*>(data_), end, MADV_DONTNEED);
}

}  // namespace rssm
