#include "io/Hdf5Id.h"

namespace rssm {

// The deepest message on HDF5's error stack, the one nearest the cause, as
// " (message)"; of a failed open only the system's reason, which HDF5 wraps
// in its flags ("... error message = 'No such file or directory', flags = ...").
std::string hdf5ErrorDetail() {
    std::string detail;
    H5Ewalk2(
        H5E_DEFAULT, H5E_WALK_DOWNWARD,
        [](unsigned, const H5E_error2_t* e, void* out) -> herr_t {
            if (e->desc && *e->desc) *static_cast<std::string*>(out) = e->desc;
            return 0;
        },
        &detail);
    const std::string marker = "error message = '";
    const size_t at = detail.find(marker);
    if (at != std::string::npos) {
        const size_t end = detail.find('\'', at + marker.size());
        if (end != std::string::npos) detail = detail.substr(at + marker.size(), end - at - marker.size());
    }
    return detail.empty() ? std::string() : " (" + detail + ")";
}

std::unique_lock<std::recursive_mutex> lockHdf5() {
    static std::recursive_mutex mutex;
    static std::once_flag quiet;
    std::call_once(quiet, [] {
        // No exit handler: when a write failed (a full disk), the file that
        // could not be closed stays open in the library, and its handler's
        // attempt to flush it at exit crashed (a segfault after the error was
        // reported). Every file this program opens it closes itself.
        H5dont_atexit();
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    });
    return std::unique_lock<std::recursive_mutex>(mutex);
}

}  // namespace rssm
