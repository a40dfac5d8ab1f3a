#include "util/YamlFile.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/RegularFile.h"
#include "util/Error.h"

namespace rssm {

YAML::Node loadYamlFile(const std::string& path) {
    // Read through a descriptor checked to be a regular file: an ifstream
    // "opens" a directory and then fails with basic_filebuf's text, and a FIFO
    // blocks the opener.
    const int fd = openRegularFile(path, "a YAML file");
    std::string text;
    char chunk[65536];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            throw Error(path + ": cannot read: " + std::strerror(err));
        }
        if (n == 0) break;
        text.append(chunk, static_cast<size_t>(n));
    }
    ::close(fd);
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw Error(path + ": line " + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
    }
}

}  // namespace rssm
