#include "io/ChildProcessProbe.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <algorithm>

#include "util/Error.h"

namespace rssm {

namespace {

// Messages on the pipe: one tag byte, then a payload.
constexpr char kProgress = 'P';  // 8 bytes: a double in [0, 1]
constexpr char kError = 'E';     // 4 bytes of length, then the text
constexpr char kDone = 'D';

void writeAll(int fd, const void* data, size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) _exit(3);  // the parent is gone
        p += n;
        size -= static_cast<size_t>(n);
    }
}

[[noreturn]] void childMain(int fd, const std::function<void(const ProgressReporter*)>& work) {
    ProgressReporter progress;
    auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    progress.onProgress = [fd, &last](double f) {
        // Enough to show that the child is alive, without flooding the pipe.
        const auto now = std::chrono::steady_clock::now();
        if (now - last < std::chrono::milliseconds(50)) return;
        last = now;
        char msg[9];
        msg[0] = kProgress;
        std::memcpy(msg + 1, &f, sizeof f);
        writeAll(fd, msg, sizeof msg);
    };
    int status = 0;
    std::string error;
    try {
        work(&progress);
    } catch (const std::bad_alloc&) {
        error = "out of memory";
        status = 1;
    } catch (const std::exception& e) {
        error = e.what();
        status = 1;
    }
    if (status != 0) {
        const uint32_t n = static_cast<uint32_t>(std::min<size_t>(error.size(), 1u << 20));
        const char tag = kError;
        writeAll(fd, &tag, 1);
        writeAll(fd, &n, sizeof n);
        writeAll(fd, error.data(), n);
    } else {
        const char tag = kDone;
        writeAll(fd, &tag, 1);
    }
    _exit(status);
}

double stallLimit(double given) {
    if (given > 0) return given;
    if (const char* text = std::getenv("RSSM_CHILD_STALL_SECONDS")) {
        char* end = nullptr;
        const double v = std::strtod(text, &end);
        if (*text && *end == '\0' && v > 0) return v;
    }
    return 60.0;
}

// Reads exactly n bytes, waiting as long as needed (the child writes whole messages).
bool readExact(int fd, void* data, size_t n) {
    char* p = static_cast<char*>(data);
    while (n > 0) {
        const ssize_t r = ::read(fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        p += r;
        n -= static_cast<size_t>(r);
    }
    return true;
}

}  // namespace

void probeInChildProcess(const std::string& path, const std::string& what, const ProgressReporter* progress,
                         const std::function<void(const ProgressReporter*)>& work, double stallSeconds) {
    const double stall = stallLimit(stallSeconds);
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(path + ": cannot start a reader process: " + std::strerror(errno));
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int err = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        throw Error(path + ": cannot start a reader process: " + std::strerror(err));
    }
    if (pid == 0) {
        ::close(fds[0]);
        childMain(fds[1], work);
    }
    ::close(fds[1]);
    const int fd = fds[0];

    auto killChild = [&] {
        ::kill(pid, SIGKILL);
        int ignored = 0;
        while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
        }
        ::close(fd);
    };

    std::string childError;
    bool done = false;
    auto lastNews = std::chrono::steady_clock::now();
    for (;;) {
        if (progress && progress->cancelled()) {
            killChild();
            throw Cancelled();
        }
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, 100);
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) {
            const double quiet = std::chrono::duration<double>(std::chrono::steady_clock::now() - lastNews).count();
            if (quiet > stall) {
                killChild();
                char seconds[32];
                std::snprintf(seconds, sizeof seconds, "%g", stall);
                throw Error(path + ": " + what + " made no progress for " + seconds +
                            " s (a corrupt file can make the library loop); stopped it");
            }
            continue;
        }
        char tag = 0;
        if (!readExact(fd, &tag, 1)) break;  // the child is gone
        lastNews = std::chrono::steady_clock::now();
        if (tag == kProgress) {
            double f = 0;
            if (!readExact(fd, &f, sizeof f)) break;
            if (progress) progress->report(f);
        } else if (tag == kError) {
            uint32_t n = 0;
            if (!readExact(fd, &n, sizeof n) || n > (1u << 20)) break;
            childError.resize(n);
            if (!readExact(fd, childError.data(), n)) break;
            done = true;
        } else if (tag == kDone) {
            done = true;
        } else {
            break;
        }
        if (done) break;
    }
    ::close(fd);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* name = ::strsignal(sig);
        throw Error(path + ": " + what + " crashed (signal " + std::to_string(sig) + ", " + (name ? name : "unknown") +
                    "); the file is corrupt or not what it claims to be");
    }
    if (!childError.empty()) throw Error(childError);
    if (!done || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw Error(path + ": " + what + " stopped without a result (exit status " +
                    std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
}

}  // namespace rssm
