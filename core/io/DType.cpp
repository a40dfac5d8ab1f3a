#include "io/DType.h"

#include <cmath>

namespace rssm {

int DType::itemSize() const {
    switch (type) {
        case ScalarType::Bool:
        case ScalarType::Int8:
        case ScalarType::UInt8: return 1;
        case ScalarType::Int16:
        case ScalarType::UInt16:
        case ScalarType::Float16: return 2;
        case ScalarType::Int32:
        case ScalarType::UInt32:
        case ScalarType::Float32: return 4;
        default: return 8;
    }
}

std::string DType::code() const {
    switch (type) {
        case ScalarType::Bool: return "b1";
        case ScalarType::Int8: return "i1";
        case ScalarType::Int16: return "i2";
        case ScalarType::Int32: return "i4";
        case ScalarType::Int64: return "i8";
        case ScalarType::UInt8: return "u1";
        case ScalarType::UInt16: return "u2";
        case ScalarType::UInt32: return "u4";
        case ScalarType::UInt64: return "u8";
        case ScalarType::Float16: return "f2";
        case ScalarType::Float32: return "f4";
        case ScalarType::Float64: return "f8";
    }
    return "?";
}

std::string DType::str() const {
    if (itemSize() == 1) return "|" + code();
    return std::string(bigEndian ? ">" : "<") + code();
}

bool DType::fromCode(const std::string& codeIn, DType& out) {
    std::string code = codeIn;
    bool big = false;
    if (!code.empty() && (code[0] == '<' || code[0] == '>' || code[0] == '|' || code[0] == '=')) {
        big = code[0] == '>';
        code = code.substr(1);
    }
    static const struct { const char* code; ScalarType type; } table[] = {
        {"b1", ScalarType::Bool},   {"i1", ScalarType::Int8},    {"i2", ScalarType::Int16},
        {"i4", ScalarType::Int32},  {"i8", ScalarType::Int64},   {"u1", ScalarType::UInt8},
        {"u2", ScalarType::UInt16}, {"u4", ScalarType::UInt32},  {"u8", ScalarType::UInt64},
        {"f2", ScalarType::Float16}, {"f4", ScalarType::Float32}, {"f8", ScalarType::Float64},
    };
    for (const auto& entry : table) {
        if (code == entry.code) {
            out.type = entry.type;
            out.bigEndian = big;
            return true;
        }
    }
    return false;
}

float halfToFloat(uint16_t h) {
    const uint32_t sign = (h >> 15) & 1u;
    const uint32_t exponent = (h >> 10) & 0x1Fu;
    const uint32_t mantissa = h & 0x3FFu;
    float value;
    if (exponent == 0) {
        value = std::ldexp(static_cast<float>(mantissa), -24);
    } else if (exponent == 31) {
        value = mantissa ? NAN : INFINITY;
    } else {
        value = std::ldexp(static_cast<float>(mantissa | 0x400u), static_cast<int>(exponent) - 25);
    }
    return sign ? -value : value;
}

namespace {

template <typename T>
T loadSwapped(const uint8_t* p, bool bigEndian) {
    uint8_t bytes[sizeof(T)];
    if (bigEndian) {
        for (size_t i = 0; i < sizeof(T); ++i) bytes[i] = p[sizeof(T) - 1 - i];
    } else {
        std::memcpy(bytes, p, sizeof(T));
    }
    T value;
    std::memcpy(&value, bytes, sizeof(T));
    return value;
}

template <typename Out>
void convert(const uint8_t* src, DType dtype, int64_t n, Out* dst) {
    const bool big = dtype.bigEndian;
    const int size = dtype.itemSize();
    // The common little-endian float cases are plain loops the compiler vectorises.
    if (!big && dtype.type == ScalarType::Float64) {
        for (int64_t i = 0; i < n; ++i) { double v; std::memcpy(&v, src + 8 * i, 8); dst[i] = static_cast<Out>(v); }
        return;
    }
    if (!big && dtype.type == ScalarType::Float32) {
        for (int64_t i = 0; i < n; ++i) { float v; std::memcpy(&v, src + 4 * i, 4); dst[i] = static_cast<Out>(v); }
        return;
    }
    for (int64_t i = 0; i < n; ++i) dst[i] = static_cast<Out>(readElementAsDouble(src + size * i, dtype));
}

}  // namespace

double readElementAsDouble(const uint8_t* p, DType dtype) {
    const bool big = dtype.bigEndian;
    switch (dtype.type) {
        case ScalarType::Bool: return p[0] ? 1.0 : 0.0;
        case ScalarType::Int8: return static_cast<int8_t>(p[0]);
        case ScalarType::UInt8: return p[0];
        case ScalarType::Int16: return loadSwapped<int16_t>(p, big);
        case ScalarType::UInt16: return loadSwapped<uint16_t>(p, big);
        case ScalarType::Int32: return loadSwapped<int32_t>(p, big);
        case ScalarType::UInt32: return loadSwapped<uint32_t>(p, big);
        case ScalarType::Int64: return static_cast<double>(loadSwapped<int64_t>(p, big));
        case ScalarType::UInt64: return static_cast<double>(loadSwapped<uint64_t>(p, big));
        case ScalarType::Float16: return halfToFloat(loadSwapped<uint16_t>(p, big));
        case ScalarType::Float32: return loadSwapped<float>(p, big);
        case ScalarType::Float64: return loadSwapped<double>(p, big);
    }
    return 0.0;
}

void convertToFloat(const uint8_t* src, DType dtype, int64_t n, float* dst) { convert(src, dtype, n, dst); }
void convertToDouble(const uint8_t* src, DType dtype, int64_t n, double* dst) { convert(src, dtype, n, dst); }

}  // namespace rssm
