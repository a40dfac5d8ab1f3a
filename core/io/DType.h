#pragma once
#include <cstdint>
#include <cstring>
#include <string>

namespace rssm {

enum class ScalarType : uint8_t { Bool, Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64, Float16, Float32, Float64 };

// A numeric element type with its byte order, as numpy describes it ('<f8').
struct DType {
    ScalarType type = ScalarType::Float64;
    bool bigEndian = false;

    int itemSize() const;
    bool isFloat() const { return type == ScalarType::Float16 || type == ScalarType::Float32 || type == ScalarType::Float64; }
    // numpy's kind+size code without byte order: "f8", "u1", "b1".
    std::string code() const;
    // With byte order where it matters: "<f8", "|u1".
    std::string str() const;

    // Parses numpy's dtype constructor argument ("f8", "<i4", "b1", "float64" is not accepted).
    // Returns false for anything outside the numeric kinds.
    static bool fromCode(const std::string& code, DType& out);

    bool operator==(const DType& o) const { return type == o.type && (itemSize() == 1 || bigEndian == o.bigEndian); }
    bool operator!=(const DType& o) const { return !(*this == o); }
};

float halfToFloat(uint16_t h);

// Reads one element at p (any alignment, any byte order) as double.
double readElementAsDouble(const uint8_t* p, DType dtype);

// Converts n elements from src (dtype, any byte order, unaligned) to native float.
void convertToFloat(const uint8_t* src, DType dtype, int64_t n, float* dst);
// Same, to native double.
void convertToDouble(const uint8_t* src, DType dtype, int64_t n, double* dst);

}  // namespace rssm
