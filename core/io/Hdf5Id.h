#pragma once
#include <hdf5.h>

#include <mutex>
#include <string>

namespace rssm {

// One HDF5 identifier, closed with the function that matches its kind when it
// goes out of scope, so an error halfway through leaves nothing open.
class Hdf5Id {
public:
    Hdf5Id() = default;
    Hdf5Id(hid_t id, herr_t (*closer)(hid_t)) : id_(id), close_(closer) {}
    Hdf5Id(Hdf5Id&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = H5I_INVALID_HID; }
    Hdf5Id& operator=(Hdf5Id&& o) noexcept {
        if (this != &o) {
            close();
            id_ = o.id_;
            close_ = o.close_;
            o.id_ = H5I_INVALID_HID;
        }
        return *this;
    }
    Hdf5Id(const Hdf5Id&) = delete;
    Hdf5Id& operator=(const Hdf5Id&) = delete;
    ~Hdf5Id() { close(); }

    hid_t get() const { return id_; }
    bool valid() const { return id_ >= 0; }
    // Closes now; the result tells whether HDF5 managed to (a file flushes here).
    herr_t close() {
        herr_t status = 0;
        if (id_ >= 0 && close_) status = close_(id_);
        id_ = H5I_INVALID_HID;
        return status;
    }

private:
    hid_t id_ = H5I_INVALID_HID;
    herr_t (*close_)(hid_t) = nullptr;
};

// The deepest message on HDF5's error stack, the one nearest the cause, as
// " (message)", or empty.
std::string hdf5ErrorDetail();

// Debian's HDF5 is the serial build, which is not thread-safe: every use of
// the library holds this lock (loads and exports may run on worker threads).
// It also turns HDF5's own error printing off, once.
std::unique_lock<std::recursive_mutex> lockHdf5();

}  // namespace rssm
