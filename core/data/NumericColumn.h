#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/DType.h"

namespace rssm {

// One numeric key of a buffer over all its steps. Each step's elements are
// contiguous in C order, in the column's dtype and byte order, but steps need
// not be adjacent: a column read from a pickle points each step straight into
// the mapped file (no copy), while a column built in memory owns one
// contiguous block. Bools are one byte each.
class NumericColumn {
public:
    NumericColumn() = default;
    // An owned column of `steps` zeroed steps, filled with setStep/setValue.
    NumericColumn(DType dtype, std::vector<int64_t> stepShape, int64_t steps);
    // A column of `steps` views; every step must be given with setStepView.
    static NumericColumn views(DType dtype, std::vector<int64_t> stepShape, int64_t steps);

    DType dtype() const { return dtype_; }
    const std::vector<int64_t>& stepShape() const { return stepShape_; }
    int64_t steps() const { return static_cast<int64_t>(stepData_.size()); }
    // Elements per step: the product of stepShape (1 for a scalar per step).
    int64_t width() const { return width_; }
    int64_t stepBytes() const { return width_ * dtype_.itemSize(); }
    std::string shapeString() const;

    const uint8_t* stepData(int64_t step) const { return stepData_[step]; }
    double value(int64_t step, int64_t element) const {
        return readElementAsDouble(stepData_[step] + element * dtype_.itemSize(), dtype_);
    }
    // Writes steps [first, first+count) as native floats, width() per step.
    void copyToFloat(int64_t first, int64_t count, float* dst) const;
    void copyToDouble(int64_t first, int64_t count, double* dst) const;

    // Owned columns: store one step given in C order and the given byte order.
    void setStep(int64_t step, const uint8_t* src, bool srcBigEndian);
    void setValue(int64_t step, double value);  // scalar-per-step columns (rewards)
    // View columns: the step's bytes live at p (in this column's byte order),
    // kept alive by whoever owns the buffer.
    void setStepView(int64_t step, const uint8_t* p) { stepData_[step] = p; }

private:
    DType dtype_;
    std::vector<int64_t> stepShape_;
    int64_t width_ = 1;
    std::vector<const uint8_t*> stepData_;
    std::shared_ptr<std::vector<uint8_t>> owned_;  // shared so copies of a column stay valid
};

}  // namespace rssm
