#include "util/AtomicFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "util/Error.h"

namespace rssm {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& temporary, const char* what, int err) {
    std::remove(temporary.c_str());
    throw Error(path + ": " + what + ": " + std::strerror(err));
}

// fsync and close `fd`, both checked: a full disk may only show at either.
void syncAndClose(int fd, const std::string& path, const std::string& temporary) {
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        fail(path, temporary, "cannot write (flushing to disk failed)", err);
    }
    if (::close(fd) != 0) fail(path, temporary, "cannot write (closing failed)", errno);
}

void moveIntoPlace(const std::string& path, const std::string& temporary) {
    if (std::rename(temporary.c_str(), path.c_str()) != 0) fail(path, temporary, "cannot move the finished file into place", errno);
}

int openTemporary(const std::string& path, const std::string& temporary) {
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(path + ": cannot create the temporary file " + temporary + ": " + std::strerror(errno));
    return fd;
}

}  // namespace

std::string temporaryPathFor(const std::string& path) {
    return path + ".tmp-" + std::to_string(static_cast<long>(::getpid()));
}

void writeFileAtomically(const std::string& path, std::string_view bytes) {
    const std::string temporary = temporaryPathFor(path);
    const int fd = openTemporary(path, temporary);
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            fail(path, temporary, "cannot write", err);
        }
        done += static_cast<size_t>(n);
    }
    syncAndClose(fd, path, temporary);
    moveIntoPlace(path, temporary);
}

void writeFileAtomically(const std::string& path, const std::function<void(const std::string& temporary)>& writeTemporary) {
    const std::string temporary = temporaryPathFor(path);
    // The writer removes its own temporary when it fails: only it knows
    // whether the name was already taken by something that is not ours.
    writeTemporary(temporary);
    // Reopened only to flush what the writer closed to disk before the rename.
    const int fd = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(path, temporary, "cannot write (the finished temporary cannot be reopened)", errno);
    syncAndClose(fd, path, temporary);
    moveIntoPlace(path, temporary);
}

}  // namespace rssm
