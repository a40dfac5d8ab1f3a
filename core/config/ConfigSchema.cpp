#include "config/ConfigSchema.h"

#include "config/ConfigValueText.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace rssm {

namespace {

// Constructors for the table below, one per type, so each row reads as key,
// default, range, help and no row can leave a member unset by accident.
ConfigField boolField(std::string key, std::string def, std::string help) {
    ConfigField f;
    f.key = std::move(key);
    f.type = ConfigType::Bool;
    f.defaultValue = std::move(def);
    f.help = std::move(help);
    return f;
}

ConfigField intField(std::string key, std::string def, double min, double max, std::string help) {
    ConfigField f = boolField(std::move(key), std::move(def), std::move(help));
    f.type = ConfigType::Int;
    f.min = min;
    f.max = max;
    return f;
}

ConfigField floatField(std::string key, std::string def, double min, double max, std::string help,
                       bool minExclusive = false, bool maxExclusive = false) {
    ConfigField f = intField(std::move(key), std::move(def), min, max, std::move(help));
    f.type = ConfigType::Float;
    f.minExclusive = minExclusive;
    f.maxExclusive = maxExclusive;
    return f;
}

ConfigField stringField(std::string key, std::string def, std::string help) {
    ConfigField f = boolField(std::move(key), std::move(def), std::move(help));
    f.type = ConfigType::String;
    return f;
}

ConfigField listField(std::string key, std::string def, std::string help) {
    ConfigField f = boolField(std::move(key), std::move(def), std::move(help));
    f.type = ConfigType::StringList;
    return f;
}

ConfigField choiceField(std::string key, std::string def, std::vector<std::string> choices, std::string help) {
    ConfigField f = boolField(std::move(key), std::move(def), std::move(help));
    f.type = ConfigType::Choice;
    f.choices = std::move(choices);
    return f;
}

// A bound setting's default: its member's in a default-constructed struct,
// as the YAML text config.yaml would hold.
template <class Options, class T>
std::string defaultOf(T Options::*member, const std::vector<std::string>& choices = {}) {
    const T value = Options{}.*member;
    if constexpr (std::is_same_v<T, bool>) {
        if (!choices.empty()) return choices.at(value ? 1 : 0);
        return configtext::valueText(value);
    } else if constexpr (std::is_integral_v<T>) {
        return configtext::valueText(static_cast<int64_t>(value));
    } else {
        return configtext::valueText(value);
    }
}

template <class Options, class T>
ConfigField bound(ConfigField f, T Options::*member) {
    f.member = member;
    return f;
}

template <class Options, class T>
ConfigField boolField(std::string key, T Options::*member, std::string help) {
    return bound(boolField(std::move(key), defaultOf(member), std::move(help)), member);
}

template <class Options, class T>
ConfigField intField(std::string key, T Options::*member, double min, double max, std::string help) {
    return bound(intField(std::move(key), defaultOf(member), min, max, std::move(help)), member);
}

template <class Options, class T>
ConfigField floatField(std::string key, T Options::*member, double min, double max, std::string help,
                       bool minExclusive = false, bool maxExclusive = false) {
    return bound(floatField(std::move(key), defaultOf(member), min, max, std::move(help), minExclusive, maxExclusive), member);
}

template <class Options, class T>
ConfigField choiceField(std::string key, T Options::*member, std::vector<std::string> choices, std::string help) {
    const std::string def = defaultOf(member, choices);
    return bound(choiceField(std::move(key), def, std::move(choices), std::move(help)), member);
}

constexpr double kMaxSeed = 2147483647.0;  // 2^31 - 1: seeds stay valid for 32-bit generators too

std::vector<ConfigField> buildSchema() {
    return {
        // data: which buffer, and how it is cut into training windows.
        stringField("data.buffer_path", "resources/sample/buf.pkl",
                    "Replay buffer to train on: a FACTR buf.pkl or a robomimic-style HDF5 file."),
        stringField("data.rollout_config_path", "",
                    "FACTR rollout_config.yaml with the buffer's normalisation statistics, used for physical units "
                    "and normalisation; empty: the buffer's own rollout_config.yaml beside it (where FACTR writes "
                    "it), none when there is none."),
        listField("data.obs_keys", "[state]",
                  "Observation keys concatenated, in this order, into the model's input vector."),
        intField("data.seq_len", "64", 1, 100000,
                 "Actions per training window; each window has seq_len+1 observations and never crosses an episode "
                 "boundary."),
        floatField("data.val_fraction", "0.1", 0, 0.9,
                   "Share of whole episodes held out for validation, so no validation window comes from an episode "
                   "seen in training."),
        intField("data.split_seed", "0", 0, kMaxSeed,
                 "Seed of the random train/validation split of episodes; the same seed gives the same split."),
        boolField("data.normalize_obs", "false",
                  "Normalise observations with rollout_config.yaml's state statistics (FACTR buffers are usually "
                  "stored normalised already)."),
        boolField("data.normalize_action", "false",
                  "Normalise actions with rollout_config.yaml's action statistics (FACTR buffers are usually stored "
                  "normalised already)."),

        // model: the optional observation VAE and the RSSM itself.
        boolField("model.use_vae", &ModelOptions::useVae,
                  "Compress each observation with a VAE and let the RSSM model its latent instead of the raw "
                  "observation."),
        intField("model.latent_dim", &ModelOptions::latentDim, 1, 4096,
                 "Size of the VAE latent that stands in for the observation when model.use_vae is on."),
        intField("model.vae_hidden_dim", &ModelOptions::vaeHiddenDim, 1, 8192, "Width of the hidden layers of the VAE's encoder and decoder."),
        floatField("model.vae_beta", &ModelOptions::vaeBeta, 0, 1e6,
                   "Weight of the VAE's KL (summed over the latent) against its reconstruction MSE; at 1 the VAE prefers to ignore the observation and predict its mean, so keep it small."),
        intField("model.obs_window", &ModelOptions::obsWindow, 1, 64,
                 "Most recent observations stacked into the posterior's input, so it can see rates of change that "
                 "one observation does not show."),
        intField("model.embed_dim", &ModelOptions::embedDim, 1, 8192, "Size of the observation embedding the encoder gives the posterior."),
        intField("model.hidden_dim", &ModelOptions::hiddenDim, 1, 8192,
                 "Width of the hidden layers of the prior, posterior and decoder networks."),
        intField("model.deter_dim", &ModelOptions::deterDim, 1, 8192,
                 "Size of the GRU's deterministic state, the memory carried from step to step."),
        intField("model.stoch_dim", &ModelOptions::stochDim, 1, 4096,
                 "Size of the stochastic state drawn each step; for discrete latents, variables times classes."),
        choiceField("model.latent", &ModelOptions::discrete, {"gaussian", "discrete"},
                    "Distribution of the stochastic state: a diagonal Gaussian, or groups of categorical variables "
                    "as in DreamerV2."),
        intField("model.discrete_classes", &ModelOptions::discreteClasses, 2, 1024,
                 "Classes per categorical variable when model.latent is discrete; model.stoch_dim must be a multiple "
                 "of it."),
        floatField("model.unimix", &ModelOptions::unimix, 0, 1,
                   "Share of a uniform distribution mixed into each categorical, so no class reaches probability zero "
                   "and the KL stays finite.",
                   false, true),
        floatField("model.min_std", &ModelOptions::minStd, 0, 10,
                   "Lower bound on the Gaussian latent's standard deviation, which keeps the KL and sampling stable."),
        choiceField("model.act", &ModelOptions::act, {"elu", "silu", "relu", "tanh"}, "Activation function of every hidden layer."),
        boolField("model.layer_norm", &ModelOptions::layerNorm, "Apply layer normalisation before each hidden layer's activation."),
        boolField("model.learned_initial_state", &ModelOptions::learnedInitialState,
                  "Learn the deterministic state each episode starts from instead of starting from zeros."),
        boolField("model.symlog_targets", &ModelOptions::symlogTargets,
                  "Reconstruct observations in symlog space, so dimensions with large values do not dominate the "
                  "reconstruction loss."),
        floatField("model.free_nats", &ModelOptions::freeNats, 0, 1000,
                   "KL below this many nats is not penalised, so the stochastic state keeps information early in "
                   "training."),
        choiceField("model.free_nats_mode", &ModelOptions::freeNatsPerSample, {"batch_mean", "per_sample"},
                    "Whether the free-nats floor applies to the KL averaged over the batch, or to the KL of each step "
                    "of each window separately."),
        floatField("model.kl_scale", &ModelOptions::klScale, 0, 1e6,
                   "Weight of the KL term in the loss when model.kl_balance is off; with it on, model.kl_dyn_scale "
                   "and model.kl_rep_scale replace it."),
        boolField("model.kl_balance", &ModelOptions::klBalance,
                  "Split the KL into a dynamics term that trains the prior and a representation term that trains the "
                  "posterior, each with its own weight."),
        floatField("model.kl_dyn_scale", &ModelOptions::klDynScale, 0, 1e6,
                   "Weight of the dynamics KL term, which moves the prior towards the posterior, when model.kl_balance "
                   "is on."),
        floatField("model.kl_rep_scale", &ModelOptions::klRepScale, 0, 1e6,
                   "Weight of the representation KL term, which moves the posterior towards the prior, when "
                   "model.kl_balance is on."),
        floatField("model.recon_scale", &ModelOptions::reconScale, 0, 1e6, "Weight of the observation reconstruction loss."),

        // training: the optimisation loop and how often it reports.
        intField("training.steps", &TrainerOptions::steps, 1, 1e9, "Gradient steps to train for."),
        intField("training.batch_size", &TrainerOptions::batchSize, 1, 65536, "Training windows in each gradient step."),
        floatField("training.lr", &TrainerOptions::lr, 0, 1, "Learning rate of the optimiser once warm-up is over.", true),
        floatField("training.grad_clip", &TrainerOptions::gradClip, 0, 1e9,
                   "Largest global gradient norm; steps with a larger norm are scaled down to it, and 0 turns clipping "
                   "off."),
        intField("training.warmup_steps", &TrainerOptions::warmupSteps, 0, 1e9,
                 "Steps over which the learning rate ramps up from zero to training.lr; 0 starts at full rate."),
        intField("training.eval_every", &TrainerOptions::evalEvery, 1, 1e9, "Gradient steps between validation-loss measurements."),
        intField("training.val_batches", &TrainerOptions::valBatches, 1, 100000,
                 "Validation batches averaged for each validation-loss measurement."),
        intField("training.save_every", &TrainerOptions::saveEvery, 1, 1e9, "Gradient steps between checkpoints."),
        intField("training.log_every", &TrainerOptions::logEvery, 1, 1e9, "Gradient steps between training-loss log entries."),
        intField("training.seed", &TrainerOptions::seed, 0, kMaxSeed,
                 "Seed of the initial weights and of batch sampling, so a CPU run with the same data repeats exactly."),
        choiceField("training.device", &TrainerOptions::device, {"auto", "cpu", "cuda"},
                    "Where to train: auto uses a CUDA GPU when one is available and the CPU otherwise."),
        intField("training.threads", &TrainerOptions::threads, 0, 1024,
                 "CPU threads: with the fused engine, batch slices of the recurrence run on this many threads (each on "
                 "one BLAS thread) and the other products on as many BLAS threads; 0 chooses for the machine and the "
                 "model's size."),
        choiceField("training.engine", &TrainerOptions::engine, {"fused", "autograd"},
                    "How the posterior recurrence is trained: fused runs it as one hand-differentiated operation "
                    "(fast); autograd runs LibTorch's autograd step by step (the reference the fused engine is "
                    "tested against)."),

        // logging: where a run's checkpoints and logs go.
        stringField("logging.dir", "checkpoints", "Directory that holds one subdirectory per run."),
        stringField("logging.name", "rssm", "Name of this run; its checkpoints and logs go in logging.dir/logging.name."),
        boolField("logging.tensorboard", "true",
                  "Also write the run's metrics as a TensorBoard event file in its folder, for tensorboard --logdir."),

        // eval: open-loop prediction from a checkpoint, and its plots.
        stringField("eval.checkpoint_path", "", "Checkpoint to evaluate."),
        stringField("eval.buffer_path", "",
                    "Replay buffer to evaluate on; empty uses the training run's data.buffer_path."),
        choiceField("eval.split", "validation", {"validation", "train", "all"},
                    "Episodes to evaluate: the run's validation episodes, its training episodes, or every episode."),
        intField("eval.context", "16", 1, 100000,
                 "Steps of real observations the model filters before it predicts from actions alone."),
        intField("eval.horizon", "32", 1, 100000, "Steps predicted open loop, from actions alone, after the context."),
        intField("eval.samples", "8", 1, 1024,
                 "Latent trajectories drawn per window to estimate the spread of the predictions."),
        intField("eval.max_windows", "256", 1, 1e7,
                 "Most windows evaluated, which bounds the time an evaluation of a large buffer takes."),
        intField("eval.batch_size", "64", 1, 65536, "Windows predicted together in one batch."),
        intField("eval.seed", "0", 0, kMaxSeed,
                 "Seed of the choice of windows and of latent sampling, so an evaluation repeats exactly."),
        boolField("eval.plot.enabled", "true", "Write plots of predicted against true observations."),
        stringField("eval.plot.output_dir", "plots", "Directory the plots are written to."),
        intField("eval.plot.max_dims", "8", 1, 4096, "Most observation dimensions plotted for each window."),
    };
}

// Edit distance counting an adjacent transposition as one edit, since
// swapped letters are the commonest typo ("modle").
size_t editDistance(const std::string& a, const std::string& b) {
    const size_t n = a.size(), m = b.size();
    std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
    for (size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (size_t i = 1; i <= n; ++i) {
        for (size_t j = 1; j <= m; ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

// The name below the group: "stoch_dim" of "model.stoch_dim", "plot.enabled"
// of "eval.plot.enabled"; a name without a group is its own leaf.
std::string leafOf(const std::string& key) {
    const size_t dot = key.find('.');
    return dot == std::string::npos ? key : key.substr(dot + 1);
}

std::string groupOf(const std::string& key) {
    const size_t dot = key.find('.');
    return dot == std::string::npos ? "" : key.substr(0, dot);
}

// Range bounds in messages: integers without a fraction or exponent, others
// in the shortest form that reads back exactly.
std::string numberText(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15)
        return std::to_string(static_cast<int64_t>(v));
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

}  // namespace

const std::vector<ConfigField>& configSchema() {
    static const std::vector<ConfigField> schema = buildSchema();
    return schema;
}

const ConfigField* findConfigField(const std::string& key) {
    for (const auto& field : configSchema())
        if (field.key == key) return &field;
    return nullptr;
}

bool isConfigGroup(const std::string& prefix) {
    if (prefix.empty()) return false;
    const std::string withDot = prefix + ".";
    for (const auto& field : configSchema())
        if (field.key.compare(0, withDot.size(), withDot) == 0) return true;
    return false;
}

std::string nearestConfigKey(const std::string& unknown) {
    // Groups are candidates too, so a misspelt group ("modle") is caught.
    std::vector<std::string> candidates;
    for (const auto& field : configSchema()) {
        candidates.push_back(field.key);
        for (size_t dot = field.key.find('.'); dot != std::string::npos; dot = field.key.find('.', dot + 1)) {
            const std::string group = field.key.substr(0, dot);
            if (std::find(candidates.begin(), candidates.end(), group) == candidates.end()) candidates.push_back(group);
        }
    }
    std::string best;
    size_t bestDistance = SIZE_MAX;
    for (const auto& candidate : candidates) {
        size_t d = editDistance(unknown, candidate);
        // The right name under the wrong group, or with no group at all: one
        // edit for the group, whatever its length.
        if (candidate.find('.') != std::string::npos && groupOf(unknown) != groupOf(candidate))
            d = std::min(d, editDistance(leafOf(unknown), leafOf(candidate)) + 1);
        // A quarter of the name may be wrong (at least one edit, at most
        // three), beyond which a suggestion is more confusing than helpful.
        const size_t allowed = std::clamp<size_t>(candidate.size() / 4, 1, 3);
        if (d <= allowed && d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

std::string describeRange(const ConfigField& field) {
    if (field.type != ConfigType::Int && field.type != ConfigType::Float) return "";
    const std::string lo = numberText(field.min), hi = numberText(field.max);
    if (!field.minExclusive && !field.maxExclusive) return "from " + lo + " to " + hi;
    return std::string(field.minExclusive ? "greater than " : "at least ") + lo + " and " +
           (field.maxExclusive ? "less than " : "at most ") + hi;
}

std::string describeAccepted(const ConfigField& field) {
    switch (field.type) {
        case ConfigType::Bool: return "true or false";
        case ConfigType::Int: return "an integer " + describeRange(field);
        case ConfigType::Float: return "a number " + describeRange(field);
        case ConfigType::String: return "a string";
        case ConfigType::StringList: return "a list of names such as [state, goals]";
        case ConfigType::Choice: {
            std::string out = "one of ";
            for (size_t i = 0; i < field.choices.size(); ++i) out += (i ? ", " : "") + field.choices[i];
            return out;
        }
    }
    return "";
}

}  // namespace rssm
