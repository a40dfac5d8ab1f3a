#include "model/Vae.h"

#include "model/Mlp.h"

namespace rssm {

VaeImpl::VaeImpl(const ModelOptions& o) {
    encoder = register_module("encoder", makeMlp({o.obsDim, o.vaeHiddenDim, o.vaeHiddenDim, 2 * o.latentDim}, o.act, o.layerNorm));
    decoder = register_module("decoder", makeMlp({o.latentDim, o.vaeHiddenDim, o.vaeHiddenDim, o.obsDim}, o.act, o.layerNorm));
}

std::pair<torch::Tensor, torch::Tensor> VaeImpl::encode(const torch::Tensor& obs) {
    auto parts = encoder->forward(obs).chunk(2, -1);
    // Bounded log-variance keeps exp() finite early in training.
    return {parts[0], parts[1].clamp(-10.0, 10.0)};
}

torch::Tensor VaeImpl::decode(const torch::Tensor& latent) { return decoder->forward(latent); }

}  // namespace rssm
