#pragma once
#include <vector>

#include <torch/types.h>

namespace rssm {

// The one way results leave a tensor for plain C++ (JSON, tables, charts):
// copied to the CPU as float64, in row-major order, whatever its dtype,
// device or strides.
std::vector<double> tensorValues(const torch::Tensor& t);

// A [rows, columns] tensor as one vector a row.
std::vector<std::vector<double>> tensorRows(const torch::Tensor& t);

}  // namespace rssm
