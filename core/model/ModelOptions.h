#pragma once
#include <cstdint>
#include <string>

namespace rssm {

// The world model's shape and loss settings (the config's model.* keys).
// These defaults are the config's: the schema (config/ConfigSchema.cpp) reads
// them from a default-constructed struct, so each is written only here.
struct ModelOptions {
    int64_t obsDim = 0;      // width of one observation (the model input keys concatenated)
    int64_t actionDim = 0;
    int64_t obsWindow = 1;   // observations stacked for the posterior
    bool useVae = true;
    int64_t latentDim = 16;  // VAE latent
    int64_t vaeHiddenDim = 128;
    double vaeBeta = 0.001;
    int64_t embedDim = 128;
    int64_t hiddenDim = 256;
    int64_t deterDim = 128;
    int64_t stochDim = 32;
    bool discrete = false;         // categorical latent: stochDim = groups * discreteClasses
    int64_t discreteClasses = 8;
    double unimix = 0.01;
    double minStd = 0.1;
    std::string act = "elu";
    bool layerNorm = false;
    bool learnedInitialState = false;
    bool symlogTargets = false;
    double freeNats = 1.0;
    bool freeNatsPerSample = false;  // clamp each (b, t) KL, else the batch mean
    double klScale = 1.0;
    bool klBalance = false;
    double klDynScale = 0.5;
    double klRepScale = 0.1;
    double reconScale = 1.0;

    // What the RSSM sees of one observation: the VAE latent, or the observation.
    int64_t featureDim() const { return useVae ? latentDim : obsDim; }
    // Width of the prior's and posterior's outputs.
    int64_t statsDim() const { return discrete ? stochDim : 2 * stochDim; }
};

}  // namespace rssm
