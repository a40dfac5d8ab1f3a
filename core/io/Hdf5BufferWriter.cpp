#include "io/Hdf5BufferWriter.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "io/Hdf5Id.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

namespace rssm {

namespace {


// IEEE 754 binary16 as numpy and h5py store it: HDF5 1.10 predefines no half
// type, so it is derived from float32 with the fields moved.
Hdf5Id makeHalfType(H5T_order_t order) {
    Hdf5Id type(H5Tcopy(H5T_IEEE_F32LE), H5Tclose);
    if (!type.valid() || H5Tset_fields(type.get(), 15, 10, 5, 0, 10) < 0 || H5Tset_size(type.get(), 2) < 0 ||
        H5Tset_ebias(type.get(), 15) < 0 || H5Tset_order(type.get(), order) < 0)
        return Hdf5Id();
    return type;
}

// Writes one buffer into one open file; each step names where it is so that
// a failure reads "out.h5: data/demo_3/obs/state: cannot write (...)".
class Hdf5Exporter {
public:
    Hdf5Exporter(const ReplayBuffer& buffer, std::string path, std::string tmp)
        : buffer_(buffer), path_(std::move(path)), tmp_(std::move(tmp)) {}

    // Writes the temporary file completely, or removes it and rethrows.
    void write() {
        try {
            writeAll();
        } catch (...) {
            file_.close();
            if (created_) std::remove(tmp_.c_str());
            throw;
        }
    }

private:
    void writeAll() {
        checkColumns();
        // SEMI: closing fails rather than leaving the file open behind an
        // object still open, so a successful close means all is on disk.
        Hdf5Id access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
        if (!access.valid() || H5Pset_fclose_degree(access.get(), H5F_CLOSE_SEMI) < 0)
            fail("cannot set up HDF5 file access" + hdf5ErrorDetail());
        // EXCL: whatever already has the temporary name is not ours to replace.
        file_ = Hdf5Id(H5Fcreate(tmp_.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, access.get()), H5Fclose);
        if (!file_.valid()) fail("cannot create the temporary file " + tmp_ + hdf5ErrorDetail());
        created_ = true;

        Hdf5Id data = createGroup(file_.get(), "data", "data");
        writeAttribute(data.get(), "data", "total", buffer_.transitionCount());
        writeAttribute(data.get(), "data", "format", std::string("rssm-replay-buffer 1"));
        for (int64_t e = 0; e < buffer_.episodeCount(); ++e) writeEpisode(data.get(), e);
        data.close();

        // Closing flushes: only a clean close means the file is complete.
        if (file_.close() < 0) fail("cannot finish writing " + tmp_ + hdf5ErrorDetail());
    }

    [[noreturn]] void fail(const std::string& what) const { throw Error(path_ + ": " + what); }
    [[noreturn]] void failAt(const std::string& where, const std::string& what) const {
        throw Error(path_ + ": " + where + ": " + what + hdf5ErrorDetail());
    }

    // A column built for other episode lengths would be read past its end.
    void checkColumns() const {
        const int64_t steps = buffer_.transitionCount();
        auto check = [&](const std::string& name, int64_t have) {
            if (have != steps)
                fail("column '" + name + "' holds " + std::to_string(have) + " steps but the buffer has " +
                     std::to_string(steps) + " transitions");
        };
        for (const auto& [key, column] : buffer_.observations()) check(key, column.steps());
        for (const auto& [key, column] : buffer_.frames()) check(key, static_cast<int64_t>(column.frames.size()));
        check("action", buffer_.actions().steps());
        if (hasRewards()) check("reward", buffer_.rewards().steps());
        if (buffer_.actions().stepShape().size() > 1)
            fail("actions are " + buffer_.actions().shapeString() + " per step; the HDF5 layout holds actions as [T, A]");
    }

    // A buffer built without rewards exports none; the reader fills zeros.
    bool hasRewards() const { return buffer_.rewards().steps() == buffer_.transitionCount() || buffer_.transitionCount() == 0; }

    Hdf5Id createGroup(hid_t parent, const std::string& name, const std::string& where) {
        Hdf5Id group(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
        if (!group.valid()) failAt(where, "cannot create the group");
        return group;
    }

    void writeAttribute(hid_t object, const std::string& where, const char* name, int64_t value) {
        Hdf5Id space(H5Screate(H5S_SCALAR), H5Sclose);
        Hdf5Id attr(H5Acreate2(object, name, H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        if (!attr.valid() || H5Awrite(attr.get(), H5T_NATIVE_INT64, &value) < 0)
            failAt(where, std::string("cannot write the attribute '") + name + "'");
    }

    // A variable-length UTF-8 string: what h5py writes for a Python str, so it
    // reads back as str rather than bytes.
    void writeAttribute(hid_t object, const std::string& where, const char* name, const std::string& value) {
        Hdf5Id type(H5Tcopy(H5T_C_S1), H5Tclose);
        Hdf5Id space(H5Screate(H5S_SCALAR), H5Sclose);
        bool ok = type.valid() && H5Tset_size(type.get(), H5T_VARIABLE) >= 0 && H5Tset_cset(type.get(), H5T_CSET_UTF8) >= 0;
        Hdf5Id attr;
        if (ok) attr = Hdf5Id(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        const char* text = value.c_str();
        if (!ok || !attr.valid() || H5Awrite(attr.get(), type.get(), &text) < 0)
            failAt(where, std::string("cannot write the attribute '") + name + "'");
    }

    // The type in the file (little-endian, as numpy writes on every common
    // machine) and the type of the column's bytes in memory: the column's own
    // byte order, since a column viewing a pickle may hold big-endian numbers.
    std::pair<hid_t, hid_t> typesOf(DType dtype, const std::string& where) {
        const bool big = dtype.bigEndian;
        switch (dtype.type) {
            case ScalarType::Bool:
            case ScalarType::UInt8: return {H5T_STD_U8LE, H5T_STD_U8LE};
            case ScalarType::Int8: return {H5T_STD_I8LE, H5T_STD_I8LE};
            case ScalarType::Int16: return {H5T_STD_I16LE, big ? H5T_STD_I16BE : H5T_STD_I16LE};
            case ScalarType::Int32: return {H5T_STD_I32LE, big ? H5T_STD_I32BE : H5T_STD_I32LE};
            case ScalarType::Int64: return {H5T_STD_I64LE, big ? H5T_STD_I64BE : H5T_STD_I64LE};
            case ScalarType::UInt16: return {H5T_STD_U16LE, big ? H5T_STD_U16BE : H5T_STD_U16LE};
            case ScalarType::UInt32: return {H5T_STD_U32LE, big ? H5T_STD_U32BE : H5T_STD_U32LE};
            case ScalarType::UInt64: return {H5T_STD_U64LE, big ? H5T_STD_U64BE : H5T_STD_U64LE};
            case ScalarType::Float32: return {H5T_IEEE_F32LE, big ? H5T_IEEE_F32BE : H5T_IEEE_F32LE};
            case ScalarType::Float64: return {H5T_IEEE_F64LE, big ? H5T_IEEE_F64BE : H5T_IEEE_F64LE};
            case ScalarType::Float16:
                if (!halfLittle_.valid()) {
                    halfLittle_ = makeHalfType(H5T_ORDER_LE);
                    halfBig_ = makeHalfType(H5T_ORDER_BE);
                    if (!halfLittle_.valid() || !halfBig_.valid()) failAt(where, "cannot make a float16 type");
                }
                return {halfLittle_.get(), big ? halfBig_.get() : halfLittle_.get()};
        }
        failAt(where, "unknown dtype " + dtype.str());
    }

    // Steps [first, first+count) as one block: the column's own memory where
    // its steps lie one after another (an owned column), else a copy (views).
    const uint8_t* stepBlock(const NumericColumn& column, int64_t first, int64_t count) {
        const int64_t stepBytes = column.stepBytes();
        const uint8_t* start = column.stepData(first);
        bool adjacent = true;
        for (int64_t i = 1; adjacent && i < count; ++i) adjacent = column.stepData(first + i) == start + i * stepBytes;
        if (adjacent) return start;
        scratch_.resize(static_cast<size_t>(count * stepBytes));
        for (int64_t i = 0; i < count; ++i)
            std::memcpy(scratch_.data() + i * stepBytes, column.stepData(first + i), static_cast<size_t>(stepBytes));
        return scratch_.data();
    }

    // Steps [first, first+count) of a column as one dataset [count, ...stepShape].
    void writeNumeric(hid_t group, const std::string& name, const std::string& where, const NumericColumn& column,
                      int64_t first, int64_t count) {
        std::vector<hsize_t> dims{static_cast<hsize_t>(count)};
        for (int64_t d : column.stepShape()) dims.push_back(static_cast<hsize_t>(d));
        const auto [fileType, memoryType] = typesOf(column.dtype(), where);
        Hdf5Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
        if (!space.valid()) failAt(where, "cannot make a dataspace of " + std::to_string(dims.size()) + " dimensions");
        Hdf5Id dataset(H5Dcreate2(group, name.c_str(), fileType, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
        if (!dataset.valid()) failAt(where, "cannot create the dataset");
        // HDF5 has no bool; the attribute lets a reader (ours, or numpy by
        // hand) tell a flag from a byte.
        if (column.dtype().type == ScalarType::Bool) writeAttribute(dataset.get(), where, "numpy_dtype", std::string("|b1"));
        if (count * column.width() == 0) return;
        if (H5Dwrite(dataset.get(), memoryType, H5S_ALL, H5S_ALL, H5P_DEFAULT, stepBlock(column, first, count)) < 0)
            failAt(where, "cannot write the dataset");
    }

    // One variable-length uint8 entry per step, pointing at the frame's bytes.
    void writeFrames(hid_t group, const std::string& name, const std::string& where, const FrameColumn& column,
                     int64_t first, int64_t count) {
        std::vector<hvl_t> entries(static_cast<size_t>(count));
        for (int64_t i = 0; i < count; ++i) {
            const pickle::ByteView& frame = column.frames[static_cast<size_t>(first + i)];
            // HDF5 only reads through p on write; hvl_t has no const variant.
            entries[static_cast<size_t>(i)] = {static_cast<size_t>(frame.size), const_cast<uint8_t*>(frame.data)};
        }
        const hsize_t dims[1] = {static_cast<hsize_t>(count)};
        Hdf5Id fileType(H5Tvlen_create(H5T_STD_U8LE), H5Tclose);
        Hdf5Id memoryType(H5Tvlen_create(H5T_NATIVE_UINT8), H5Tclose);
        Hdf5Id space(H5Screate_simple(1, dims, nullptr), H5Sclose);
        if (!fileType.valid() || !memoryType.valid() || !space.valid()) failAt(where, "cannot make a variable-length uint8 type");
        Hdf5Id dataset(H5Dcreate2(group, name.c_str(), fileType.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
        if (!dataset.valid()) failAt(where, "cannot create the dataset");
        if (count == 0) return;
        if (H5Dwrite(dataset.get(), memoryType.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, entries.data()) < 0)
            failAt(where, "cannot write the dataset");
    }

    // A '/' would make HDF5 look for a group of that name; refuse it by name.
    void checkKey(const std::string& key, const std::string& where) const {
        if (key.empty() || key == "." || key.find('/') != std::string::npos)
            fail(where + ": the key '" + key + "' cannot be an HDF5 dataset name (it is empty, '.' or holds '/')");
    }

    void writeEpisode(hid_t data, int64_t e) {
        const std::string demoPath = "data/demo_" + std::to_string(e);
        const int64_t first = buffer_.episodeStart(e);
        const int64_t count = buffer_.episodeLength(e);
        Hdf5Id demo = createGroup(data, "demo_" + std::to_string(e), demoPath);
        writeAttribute(demo.get(), demoPath, "num_samples", count);
        Hdf5Id obs = createGroup(demo.get(), "obs", demoPath + "/obs");
        for (const auto& [key, column] : buffer_.observations()) {
            const std::string where = demoPath + "/obs/" + key;
            checkKey(key, where);
            writeNumeric(obs.get(), key, where, column, first, count);
        }
        for (const auto& [key, column] : buffer_.frames()) {
            const std::string where = demoPath + "/obs/" + key;
            checkKey(key, where);
            writeFrames(obs.get(), key, where, column, first, count);
        }
        writeNumeric(demo.get(), "actions", demoPath + "/actions", buffer_.actions(), first, count);
        if (hasRewards()) writeNumeric(demo.get(), "rewards", demoPath + "/rewards", buffer_.rewards(), first, count);
    }

    const ReplayBuffer& buffer_;
    std::string path_;
    std::string tmp_;
    bool created_ = false;
    std::vector<uint8_t> scratch_;
    Hdf5Id halfLittle_;
    Hdf5Id halfBig_;
    Hdf5Id file_;
};

}  // namespace

void writeHdf5Buffer(const ReplayBuffer& buffer, const std::string& path) {
    const auto hdf5 = lockHdf5();  // serial HDF5: one user at a time; also silences its printing
    writeFileAtomically(path, [&](const std::string& tmp) { Hdf5Exporter(buffer, path, tmp).write(); });
}

}  // namespace rssm
