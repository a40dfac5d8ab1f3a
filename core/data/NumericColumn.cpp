#include "data/NumericColumn.h"

#include <algorithm>
#include <cstring>

#include "util/Error.h"

namespace rssm {

namespace {
int64_t product(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}
}  // namespace

NumericColumn::NumericColumn(DType dtype, std::vector<int64_t> stepShape, int64_t steps)
    : dtype_(dtype), stepShape_(std::move(stepShape)), width_(product(stepShape_)) {
    dtype_.bigEndian = false;
    owned_ = std::make_shared<std::vector<uint8_t>>(static_cast<size_t>(steps * stepBytes()));
    stepData_.resize(static_cast<size_t>(steps));
    for (int64_t s = 0; s < steps; ++s) stepData_[s] = owned_->data() + s * stepBytes();
}

NumericColumn NumericColumn::views(DType dtype, std::vector<int64_t> stepShape, int64_t steps) {
    NumericColumn c;
    c.dtype_ = dtype;
    c.stepShape_ = std::move(stepShape);
    c.width_ = product(c.stepShape_);
    c.stepData_.assign(static_cast<size_t>(steps), nullptr);
    return c;
}

std::string NumericColumn::shapeString() const {
    std::string s = "(";
    for (size_t i = 0; i < stepShape_.size(); ++i) s += (i ? ", " : "") + std::to_string(stepShape_[i]);
    if (stepShape_.size() == 1) s += ",";
    return s + ")";
}

void NumericColumn::copyToFloat(int64_t first, int64_t count, float* dst) const {
    for (int64_t s = 0; s < count; ++s) convertToFloat(stepData_[first + s], dtype_, width_, dst + s * width_);
}

void NumericColumn::copyToDouble(int64_t first, int64_t count, double* dst) const {
    for (int64_t s = 0; s < count; ++s) convertToDouble(stepData_[first + s], dtype_, width_, dst + s * width_);
}

void NumericColumn::setStep(int64_t step, const uint8_t* src, bool srcBigEndian) {
    if (!owned_) throw Error("setStep on a column of views");
    uint8_t* dst = owned_->data() + step * stepBytes();
    const int item = dtype_.itemSize();
    std::memcpy(dst, src, static_cast<size_t>(stepBytes()));
    if (srcBigEndian && item > 1) {
        for (int64_t i = 0; i < width_; ++i) std::reverse(dst + i * item, dst + (i + 1) * item);
    }
}

void NumericColumn::setValue(int64_t step, double value) {
    if (!owned_) throw Error("setValue on a column of views");
    uint8_t* dst = owned_->data() + step * stepBytes();
    switch (dtype_.type) {
        case ScalarType::Float64: std::memcpy(dst, &value, 8); break;
        case ScalarType::Float32: { const float f = static_cast<float>(value); std::memcpy(dst, &f, 4); break; }
        case ScalarType::Bool: dst[0] = value != 0.0; break;
        case ScalarType::Int64: { const int64_t i = static_cast<int64_t>(value); std::memcpy(dst, &i, 8); break; }
        default: throw Error("setValue supports float64, float32, bool and int64 columns");
    }
}

}  // namespace rssm
