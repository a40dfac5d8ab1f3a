#include "util/ShippedFiles.h"

#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace rssm {

namespace {

bool isDir(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

// The running executable's folder; empty where /proc is not mounted.
fs::path executableDir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

}  // namespace

std::string shippedDir() {
    // Computed once: the executable and the source tree do not move while we run.
    static const std::string dir = [] {
        const fs::path bin = executableDir();
        // bin/rssm and bin/rssm-workbench; libexec/rssm/rssm-torch (which runs rssm train) one level deeper.
        for (const char* up : {"..", "../.."}) {
            if (bin.empty()) break;
            const fs::path installed = (bin / up / "share" / "rssm-workbench").lexically_normal();
            if (isDir(installed)) return installed.string();
        }
#ifdef RSSM_SOURCE_DIR
        // A build tree: its binaries use the source tree they were built from.
        const fs::path source = fs::path(RSSM_SOURCE_DIR) / "resources";
        if (isDir(source)) return source.lexically_normal().string();
#endif
        return std::string();
    }();
    return dir;
}

std::string shippedFile(const std::string& relative) {
    const std::string dir = shippedDir();
    if (dir.empty()) return {};
    const fs::path file = fs::path(dir) / relative;
    std::error_code ec;
    return fs::exists(file, ec) ? file.string() : std::string();
}

std::string resolveShippedPath(const std::string& path) {
    static const fs::path prefix("resources");
    const fs::path p(path);
    if (p.empty() || p.is_absolute()) return path;
    std::error_code ec;
    if (fs::exists(p, ec)) return path;  // the working directory's own
    auto it = p.begin();
    if (it == p.end() || *it != prefix) return path;
    fs::path rest;
    for (++it; it != p.end(); ++it) rest /= *it;
    const std::string shipped = rest.empty() ? std::string() : shippedFile(rest.string());
    return shipped.empty() ? path : shipped;
}

}  // namespace rssm
