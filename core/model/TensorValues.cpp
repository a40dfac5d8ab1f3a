#include "model/TensorValues.h"

#include "util/Error.h"

namespace rssm {

std::vector<double> tensorValues(const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kCPU, torch::kFloat64).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

std::vector<std::vector<double>> tensorRows(const torch::Tensor& t) {
    if (t.dim() != 2) throw Error("tensorRows: expected a [rows, columns] tensor, got " + std::to_string(t.dim()) + " dimensions");
    const std::vector<double> values = tensorValues(t);
    const size_t columns = static_cast<size_t>(t.size(1));
    std::vector<std::vector<double>> rows(static_cast<size_t>(t.size(0)));
    for (size_t r = 0; r < rows.size(); ++r)
        rows[r].assign(values.begin() + static_cast<std::ptrdiff_t>(r * columns), values.begin() + static_cast<std::ptrdiff_t>((r + 1) * columns));
    return rows;
}

}  // namespace rssm
