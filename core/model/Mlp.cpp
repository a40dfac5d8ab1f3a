#include "model/Mlp.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include "util/Error.h"

namespace rssm {

namespace {

void addActivation(torch::nn::Sequential& seq, const std::string& act) {
    if (act == "elu") seq->push_back(torch::nn::ELU());
    else if (act == "silu") seq->push_back(torch::nn::SiLU());
    else if (act == "relu") seq->push_back(torch::nn::ReLU());
    else if (act == "tanh") seq->push_back(torch::nn::Tanh());
    else throw Error("model.act: unknown activation '" + act + "'");
}

}  // namespace

torch::nn::Sequential makeMlp(const std::vector<int64_t>& widths, const std::string& act, bool layerNorm, bool activateLast) {
    torch::nn::Sequential seq;
    for (size_t i = 0; i + 1 < widths.size(); ++i) {
        seq->push_back(torch::nn::Linear(widths[i], widths[i + 1]));
        const bool last = i + 2 == widths.size();
        if (!last || activateLast) {
            if (layerNorm) seq->push_back(torch::nn::LayerNorm(torch::nn::LayerNormOptions({widths[i + 1]})));
            addActivation(seq, act);
        }
    }
    return seq;
}

torch::Tensor activate(const torch::Tensor& x, const std::string& act) {
    if (act == "elu") return torch::elu(x);
    if (act == "silu") return torch::silu(x);
    if (act == "relu") return torch::relu(x);
    if (act == "tanh") return torch::tanh(x);
    throw Error("model.act: unknown activation '" + act + "'");
}

}  // namespace rssm
