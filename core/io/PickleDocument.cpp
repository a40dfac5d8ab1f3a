#include "io/PickleDocument.h"

#include <cstring>

#include "util/Error.h"

namespace rssm::pickle {

const char* kindName(Kind kind) {
    switch (kind) {
        case Kind::None: return "None";
        case Kind::Bool: return "bool";
        case Kind::SmallInt:
        case Kind::BigInt: return "int";
        case Kind::Float: return "float";
        case Kind::String: return "str";
        case Kind::Bytes: return "bytes";
        case Kind::Tuple: return "tuple";
        case Kind::List: return "list";
        case Kind::Dict: return "dict";
        case Kind::Global: return "global";
        case Kind::DType: return "numpy dtype";
        case Kind::Array: return "numpy array";
        case Kind::Scalar: return "numpy scalar";
    }
    return "?";
}

const char* globalDisplayName(GlobalName name) {
    switch (name) {
        case GlobalName::Reconstruct: return "numpy.core.multiarray._reconstruct";
        case GlobalName::Scalar: return "numpy.core.multiarray.scalar";
        case GlobalName::FromBuffer: return "numpy.core.numeric._frombuffer";
        case GlobalName::NdArray: return "numpy.ndarray";
        case GlobalName::DType: return "numpy.dtype";
        case GlobalName::CodecsEncode: return "_codecs.encode";
        case GlobalName::BuiltinBytes: return "builtins.bytes";
    }
    return "?";
}

int64_t ArrayView::elementCount() const {
    int64_t n = 1;
    for (int i = 0; i < ndim; ++i) n *= shape[i];
    return n;
}

void ArrayView::elementStrides(int64_t* strides) const {
    if (ndim == 0) return;
    switch (order) {
        case ArrayOrder::C: {
            int64_t s = 1;
            for (int i = ndim - 1; i >= 0; --i) { strides[i] = s; s *= shape[i]; }
            break;
        }
        case ArrayOrder::Fortran: {
            int64_t s = 1;
            for (int i = 0; i < ndim; ++i) { strides[i] = s; s *= shape[i]; }
            break;
        }
        case ArrayOrder::Permuted: {
            // Stored bytes are C-order over storedShape; logical axis i is stored axis axisOrder[i].
            int64_t storedStrides[64];
            int64_t s = 1;
            for (int i = ndim - 1; i >= 0; --i) { storedStrides[i] = s; s *= storedShape[i]; }
            for (int i = 0; i < ndim; ++i) strides[i] = storedStrides[axisOrder[i]];
            break;
        }
    }
}

void ArrayView::copyLogicalOrder(uint8_t* dst) const {
    const int item = dtype.itemSize();
    const int64_t n = elementCount();
    if (order == ArrayOrder::C || ndim <= 1 || n == 0) {
        std::memcpy(dst, data, static_cast<size_t>(n) * item);
        return;
    }
    int64_t strides[64];
    int64_t index[64] = {};
    elementStrides(strides);
    // Walk the logical C order with an odometer over the axes.
    int64_t offset = 0;
    for (int64_t k = 0; k < n; ++k) {
        std::memcpy(dst + k * item, data + offset * item, item);
        for (int axis = ndim - 1; axis >= 0; --axis) {
            offset += strides[axis];
            if (++index[axis] < shape[axis]) break;
            offset -= strides[axis] * shape[axis];
            index[axis] = 0;
        }
    }
}

PickleDocument::PickleDocument(std::shared_ptr<const MappedFile> file) : file_(std::move(file)) {}

int64_t PickleDocument::intValue(Handle h) const {
    switch (h.kind()) {
        case Kind::SmallInt: return h.smallIntValue();
        case Kind::BigInt: return bigInts_[h.index()];
        case Kind::Bool: return h.index();
        default: throw Error(std::string("expected an int, found ") + kindName(h.kind()));
    }
}

double PickleDocument::floatValue(Handle h) const {
    if (h.kind() == Kind::Float) return floats_[h.index()];
    return static_cast<double>(intValue(h));
}

std::string_view PickleDocument::string(Handle h) const {
    const BlobRecord& r = strings_[h.index()];
    return {reinterpret_cast<const char*>(r.data), static_cast<size_t>(r.size)};
}

ByteView PickleDocument::bytes(Handle h) const {
    const BlobRecord& r = bytes_[h.index()];
    return {r.data, r.size};
}

HandleRange PickleDocument::tuple(Handle h) const {
    const TupleRecord& r = tuples_[h.index()];
    return {r.items, r.count};
}

HandleRange PickleDocument::list(Handle h) const {
    const ListRecord& r = lists_[h.index()];
    return {r.items, r.count};
}

PickleDocument::DictItems PickleDocument::dict(Handle h) const {
    const DictRecord& r = dicts_[h.index()];
    return {r.items, r.count};
}

ArrayView PickleDocument::array(Handle h) const {
    const ArrayRecord& r = arrays_[h.index()];
    ArrayView v;
    v.dtype = r.dtype;
    v.ndim = r.ndim;
    v.shape = r.dims;
    v.order = r.order;
    if (r.order == ArrayOrder::Permuted) {
        v.storedShape = r.dims + r.ndim;
        v.axisOrder = r.dims + 2 * r.ndim;
    }
    v.data = r.data;
    v.byteLength = r.byteLength;
    return v;
}

ScalarView PickleDocument::scalar(Handle h) const { return scalars_[h.index()].value; }

DType PickleDocument::dtype(Handle h) const { return dtypes_[h.index()].dtype; }

std::string PickleDocument::describe(Handle h) const {
    switch (h.kind()) {
        case Kind::None: return "None";
        case Kind::Bool: return h.index() ? "True" : "False";
        case Kind::SmallInt:
        case Kind::BigInt: return "int " + std::to_string(intValue(h));
        case Kind::Float: return "float " + std::to_string(floats_[h.index()]);
        case Kind::String: {
            std::string s(string(h).substr(0, 40));
            return "str '" + s + "'";
        }
        case Kind::Bytes: return "bytes of length " + std::to_string(bytes(h).size);
        case Kind::Tuple: return "tuple of " + std::to_string(tuple(h).size());
        case Kind::List: return "list of " + std::to_string(list(h).size());
        case Kind::Dict: return "dict of " + std::to_string(dict(h).size());
        case Kind::Global: return std::string("global ") + globalDisplayName(h.globalName());
        case Kind::DType: return "dtype " + dtype(h).str();
        case Kind::Array: {
            const ArrayView a = array(h);
            std::string s = "array " + a.dtype.str() + " (";
            for (int i = 0; i < a.ndim; ++i) s += (i ? "," : "") + std::to_string(a.shape[i]);
            return s + ")";
        }
        case Kind::Scalar: return "numpy scalar " + scalar(h).dtype.str();
    }
    return "?";
}

std::optional<uint64_t> PickleDocument::reusedAt(Handle h) const {
    const auto it = reusedAt_.find(h.bits);
    if (it == reusedAt_.end()) return std::nullopt;
    return it->second;
}

size_t PickleDocument::recordBytes() const {
    return bigInts_.capacity() * sizeof(int64_t) + floats_.capacity() * sizeof(double) + strings_.bytesReserved() +
           bytes_.bytesReserved() + tuples_.bytesReserved() + lists_.bytesReserved() + dicts_.bytesReserved() +
           arrays_.bytesReserved() + dtypes_.bytesReserved() + scalars_.bytesReserved() + tupleItems_.bytesReserved() +
           listItems_.bytesReserved() + dictItems_.bytesReserved() + dims_.bytesReserved();
}

}  // namespace rssm::pickle
