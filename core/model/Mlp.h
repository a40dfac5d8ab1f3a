#pragma once
#include <string>
#include <vector>

#include <torch/nn/modules/container/sequential.h>

namespace rssm {

// A multilayer perceptron as torch::nn::Sequential, laid out exactly as
// PyTorch's nn.Sequential(Linear, [LayerNorm], act, ..., Linear) so the
// parameter names ("0.weight", "3.bias") match a Python port one to one.
// `widths` = {in, hidden..., out}; the last layer has no activation unless
// `activateLast`.
torch::nn::Sequential makeMlp(const std::vector<int64_t>& widths, const std::string& act, bool layerNorm, bool activateLast = false);

// The activation by name: elu, silu, relu or tanh.
torch::Tensor activate(const torch::Tensor& x, const std::string& act);

}  // namespace rssm
