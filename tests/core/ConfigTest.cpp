// The run configuration: schema defaults, YAML files, key=value overrides, the
// messages bad input gets, and the shipped config files.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "TestSupport.h"
#include "config/Config.h"
#include "config/ConfigSchema.h"
#include "train/TrainingSession.h"
#include "util/Error.h"

using namespace rssm;

namespace {

using test::errorOf;

std::string writeFile(const test::TempDir& dir, const std::string& name, const std::string& text) {
    const std::string path = dir.file(name);
    std::ofstream(path) << text;
    return path;
}

Config withOverrides(const std::vector<std::string>& args) {
    Config c = Config::defaults();
    c.applyOverrides(args);
    return c;
}

std::string overrideError(const std::string& arg) {
    return errorOf([&] { withOverrides({arg}); });
}

std::string resource(const std::string& name) { return std::string(RSSM_SOURCE_DIR) + "/resources/config/" + name; }

// Whether the YAML file spells out `key` (nested maps, as the shipped files are).
bool fileHasKey(const YAML::Node& root, const std::string& key) {
    YAML::Node node = YAML::Clone(root);
    size_t start = 0;
    while (true) {
        const size_t dot = key.find('.', start);
        const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!node.IsMap() || !node[part]) return false;
        node = node[part];
        if (dot == std::string::npos) return true;
        start = dot + 1;
    }
}

TEST(ConfigSchema, ListsExactlyTheRunSettings) {
    const std::vector<std::string> expected{
        "data.buffer_path", "data.rollout_config_path", "data.obs_keys", "data.seq_len", "data.val_fraction",
        "data.split_seed", "data.normalize_obs", "data.normalize_action",
        "model.use_vae", "model.latent_dim", "model.vae_hidden_dim", "model.vae_beta", "model.obs_window",
        "model.embed_dim", "model.hidden_dim", "model.deter_dim", "model.stoch_dim", "model.latent",
        "model.discrete_classes", "model.unimix", "model.min_std", "model.act", "model.layer_norm",
        "model.learned_initial_state", "model.symlog_targets", "model.free_nats", "model.free_nats_mode",
        "model.kl_scale", "model.kl_balance", "model.kl_dyn_scale", "model.kl_rep_scale", "model.recon_scale",
        "training.steps", "training.batch_size", "training.lr", "training.grad_clip", "training.warmup_steps",
        "training.eval_every", "training.val_batches", "training.save_every", "training.log_every", "training.seed",
        "training.device", "training.threads", "training.engine",
        "logging.dir", "logging.name", "logging.tensorboard",
        "eval.checkpoint_path", "eval.buffer_path", "eval.split", "eval.context", "eval.horizon", "eval.samples",
        "eval.max_windows", "eval.batch_size", "eval.seed", "eval.plot.enabled", "eval.plot.output_dir",
        "eval.plot.max_dims"};
    std::vector<std::string> keys;
    for (const auto& field : configSchema()) keys.push_back(field.key);
    EXPECT_EQ(keys, expected);

    // What the settings form will need from every field.
    for (const auto& field : configSchema()) {
        SCOPED_TRACE(field.key);
        EXPECT_GT(field.help.size(), 15u);
        EXPECT_EQ(field.help.back(), '.');
        if (field.type == ConfigType::Int || field.type == ConfigType::Float) {
            EXPECT_LT(field.min, field.max);
        }
        if (field.type == ConfigType::Choice) {
            EXPECT_GE(field.choices.size(), 2u);
        }
    }
    EXPECT_EQ(describeAccepted(*findConfigField("model.stoch_dim")), "an integer from 1 to 4096");
    EXPECT_EQ(describeAccepted(*findConfigField("training.lr")), "a number greater than 0 and at most 1");
    EXPECT_EQ(describeAccepted(*findConfigField("model.unimix")), "a number at least 0 and less than 1");
    EXPECT_EQ(describeAccepted(*findConfigField("data.split_seed")), "an integer from 0 to 2147483647");
}

TEST(Config, DefaultsAreTheSeedDefaults) {
    const Config c = Config::defaults();
    EXPECT_EQ(c.getInt("data.seq_len"), 64);
    EXPECT_EQ(c.getInt("training.batch_size"), 64);
    EXPECT_DOUBLE_EQ(c.getFloat("training.lr"), 3e-4);
    EXPECT_DOUBLE_EQ(c.getFloat("model.free_nats"), 1.0);
    EXPECT_EQ(c.getInt("model.stoch_dim"), 32);
    EXPECT_EQ(c.getInt("model.deter_dim"), 128);
    EXPECT_TRUE(c.getBool("model.use_vae"));
    EXPECT_EQ(c.getInt("model.latent_dim"), 16);
    EXPECT_EQ(c.getInt("model.obs_window"), 1);
    EXPECT_EQ(c.getList("data.obs_keys"), std::vector<std::string>{"state"});
    EXPECT_EQ(c.getString("model.latent"), "gaussian");
    EXPECT_EQ(c.getString("eval.checkpoint_path"), "");
    EXPECT_TRUE(c.getBool("eval.plot.enabled"));
    EXPECT_TRUE(c.problems().empty());
    EXPECT_TRUE(c.differencesFromDefaults().empty());
    EXPECT_EQ(Config(), c);
}

TEST(Config, OverridesAreTypedBySchema) {
    const Config c = withOverrides({"model.stoch_dim=64", "training.lr=1e-3", "data.obs_keys=[state,goals]",
                                    "model.use_vae=false", "model.latent=discrete", "+logging.name=run 1",
                                    "++training.seed=7", "eval.checkpoint_path=", "training.steps=1e6",
                                    "data.val_fraction=.25", "eval.plot.enabled=no"});
    EXPECT_EQ(c.getInt("model.stoch_dim"), 64);
    EXPECT_DOUBLE_EQ(c.getFloat("training.lr"), 1e-3);
    EXPECT_EQ(c.getList("data.obs_keys"), (std::vector<std::string>{"state", "goals"}));
    EXPECT_FALSE(c.getBool("model.use_vae"));
    EXPECT_EQ(c.getString("model.latent"), "discrete");
    EXPECT_EQ(c.getString("logging.name"), "run 1");
    EXPECT_EQ(c.getInt("training.seed"), 7);
    EXPECT_EQ(c.getString("eval.checkpoint_path"), "");
    EXPECT_EQ(c.getInt("training.steps"), 1000000);  // a whole number written as a float
    EXPECT_DOUBLE_EQ(c.getFloat("data.val_fraction"), 0.25);
    EXPECT_FALSE(c.getBool("eval.plot.enabled"));
    // An integer is a valid float; the bound itself is allowed where inclusive.
    EXPECT_DOUBLE_EQ(withOverrides({"training.lr=1"}).getFloat("training.lr"), 1.0);
    EXPECT_EQ(withOverrides({"data.split_seed=2147483647"}).getInt("data.split_seed"), 2147483647);
}

// Paths are strings: never read as YAML, so " #" is no comment and ": " no map.
TEST(Config, PathsAreTakenVerbatimFromOverrides) {
    for (const std::string path : {"/data/hash #x/buf.pkl", "/data/a: b/buf.pkl", "/d/[x]/{y}/&z *w !v |u >t %s @r `q",
                                   " lead and trail ", "~", "null", "- item", "a'b", "\"half", "x\ty"}) {
        SCOPED_TRACE(path);
        const Config c = withOverrides({"data.buffer_path=" + path, "logging.dir=" + path});
        EXPECT_EQ(c.getString("data.buffer_path"), path);
        EXPECT_EQ(c.getString("logging.dir"), path);
        // And config.yaml keeps it: saved and read back, it is the same path.
        EXPECT_EQ(Config::parse(c.toYaml(), "config.yaml").getString("data.buffer_path"), path);
        // The value's own YAML text (what the window and differencesFromDefaults hand back) reads back too.
        Config again;
        again.set("data.buffer_path", c.text("data.buffer_path"));
        EXPECT_EQ(again.getString("data.buffer_path"), path);
    }
}

TEST(Config, AWhollyQuotedValueLosesItsQuotes) {
    EXPECT_EQ(withOverrides({"data.buffer_path='/data/a: b/buf.pkl'"}).getString("data.buffer_path"), "/data/a: b/buf.pkl");
    EXPECT_EQ(withOverrides({"data.buffer_path=\"/data/hash #x/buf.pkl\""}).getString("data.buffer_path"), "/data/hash #x/buf.pkl");
    EXPECT_EQ(withOverrides({"logging.dir='it''s'"}).getString("logging.dir"), "it's");
    EXPECT_EQ(withOverrides({"logging.dir=\"a\\tb\\x41\\\"\""}).getString("logging.dir"), "a\tbA\"");
    EXPECT_EQ(withOverrides({"model.latent='discrete'"}).getString("model.latent"), "discrete");
    // Not wholly one quoted scalar: as written.
    EXPECT_EQ(withOverrides({"logging.dir='a'b'"}).getString("logging.dir"), "'a'b'");
    EXPECT_EQ(withOverrides({"logging.dir='a"}).getString("logging.dir"), "'a");
}

TEST(Config, PathsInAConfigFileKeepHashAndColon) {
    test::TempDir dir;
    const std::string path = writeFile(dir, "c.yaml",
                                       "data:\n  buffer_path: \"/data/hash #x/buf.pkl\"\n  rollout_config_path: '/data/a: b/r.yaml'\n");
    const Config c = Config::load(path);
    EXPECT_EQ(c.getString("data.buffer_path"), "/data/hash #x/buf.pkl");
    EXPECT_EQ(c.getString("data.rollout_config_path"), "/data/a: b/r.yaml");
    // Set again from its own value, as a run does when it makes the path absolute.
    Config copy = c;
    copy.set("data.buffer_path", c.getString("data.buffer_path"));
    EXPECT_EQ(copy, c);
}

TEST(Config, OverrideErrorsNameKeyValueAndWhatIsAccepted) {
    EXPECT_EQ(overrideError("training.lr=0"), "training.lr=0: must be greater than 0 and at most 1");
    EXPECT_EQ(overrideError("model.act=gelu"), "model.act=gelu: expected one of elu, silu, relu, tanh");
    EXPECT_EQ(overrideError("model.stoch_dim=abc"), "model.stoch_dim=abc: expected an integer from 1 to 4096");
    EXPECT_EQ(overrideError("model.stoch_dim=0"), "model.stoch_dim=0: must be from 1 to 4096");
    EXPECT_EQ(overrideError("data.seq_len=2.5"), "data.seq_len=2.5: expected an integer from 1 to 100000");
    EXPECT_EQ(overrideError("data.split_seed=2147483648"), "data.split_seed=2147483648: must be from 0 to 2147483647");
    EXPECT_EQ(overrideError("model.unimix=1"), "model.unimix=1: must be at least 0 and less than 1");
    EXPECT_EQ(overrideError("training.lr=fast"), "training.lr=fast: expected a number greater than 0 and at most 1");
    EXPECT_EQ(overrideError("training.lr=nan"), "training.lr=nan: expected a number greater than 0 and at most 1");
    EXPECT_EQ(overrideError("model.use_vae=maybe"), "model.use_vae=maybe: expected true or false");
    EXPECT_EQ(overrideError("model.use_vae=1"), "model.use_vae=1: expected true or false");
    EXPECT_EQ(overrideError("data.obs_keys={a: 1}"),
              "data.obs_keys={a: 1}: expected a list of names such as [state, goals]");
    // A string is taken as written: brackets are part of the name.
    EXPECT_EQ(withOverrides({"logging.name=[a, b]"}).getString("logging.name"), "[a, b]");
    EXPECT_EQ(overrideError("model.stoch_dim"), "model.stoch_dim: an override must be key=value, such as training.lr=1e-3");
    EXPECT_EQ(overrideError("=5"), "=5: an override must be key=value, such as training.lr=1e-3");
    EXPECT_EQ(overrideError("model=5"), "model: is a group of settings; set one of its keys, such as model.use_vae=true");
    EXPECT_NE(overrideError("data.obs_keys=[state").find("data.obs_keys=[state: not valid YAML"), std::string::npos);
}

TEST(Config, UnknownKeysSuggestTheNearestKey) {
    EXPECT_EQ(overrideError("model.stoch_dims=3"), "model.stoch_dims: unknown key (did you mean model.stoch_dim?)");
    EXPECT_EQ(overrideError("model.lr=3"), "model.lr: unknown key (did you mean training.lr?)");
    EXPECT_EQ(overrideError("seq_len=3"), "seq_len: unknown key (did you mean data.seq_len?)");
    EXPECT_EQ(overrideError("modle.act=elu"), "modle.act: unknown key (did you mean model.act?)");
    EXPECT_EQ(overrideError("foo.bar=1"),
              "foo.bar: unknown key (settings are in the groups data, model, training, logging, eval)");
    EXPECT_EQ(overrideError("model.optimizer=adam"), "model.optimizer: unknown key");
    EXPECT_EQ(nearestConfigKey("eval.plot.enable"), "eval.plot.enabled");
    EXPECT_EQ(nearestConfigKey("completely.different"), "");
}

TEST(Config, GettersRefuseTheWrongTypeAndUnknownKeys) {
    const Config c = Config::defaults();
    EXPECT_EQ(errorOf([&] { c.getInt("model.act"); }), "Config::getInt(model.act): the setting is a choice, not an integer");
    EXPECT_EQ(errorOf([&] { c.getFloat("data.seq_len"); }),
              "Config::getFloat(data.seq_len): the setting is an integer, not a number");
    EXPECT_EQ(errorOf([&] { c.getBool("model.nope"); }), "Config::getBool: 'model.nope' is not a setting");
    EXPECT_EQ(c.getString("model.act"), "elu");  // a choice reads as a string
}

TEST(Config, LoadsNestedMapsDottedKeysAndANestedPlotMap) {
    test::TempDir dir;
    const std::string path = writeFile(dir, "run.yaml",
                                       "model:\n"
                                       "  stoch_dim: 48\n"
                                       "  act: silu\n"
                                       "training.lr: 0.001\n"
                                       "data: {obs_keys: [state, goals], seq_len: 32}\n"
                                       "logging:\n"
                                       "eval:\n"
                                       "  horizon: 10\n"
                                       "  plot:\n"
                                       "    enabled: false\n"
                                       "    max_dims: 3\n"
                                       "eval.plot.output_dir: figs\n");
    const Config c = Config::load(path);
    EXPECT_EQ(c.getInt("model.stoch_dim"), 48);
    EXPECT_EQ(c.getString("model.act"), "silu");
    EXPECT_DOUBLE_EQ(c.getFloat("training.lr"), 0.001);
    EXPECT_EQ(c.getList("data.obs_keys"), (std::vector<std::string>{"state", "goals"}));
    EXPECT_EQ(c.getInt("data.seq_len"), 32);
    EXPECT_EQ(c.getInt("eval.horizon"), 10);
    EXPECT_FALSE(c.getBool("eval.plot.enabled"));
    EXPECT_EQ(c.getInt("eval.plot.max_dims"), 3);
    EXPECT_EQ(c.getString("eval.plot.output_dir"), "figs");
    // Absent keys keep their defaults.
    EXPECT_EQ(c.getInt("model.deter_dim"), 128);
    EXPECT_EQ(c.getString("logging.name"), "rssm");
    // An empty file is every default.
    EXPECT_EQ(Config::load(writeFile(dir, "empty.yaml", "")), Config::defaults());
}

TEST(Config, FileErrorsNameFileKeyValueAndWhatIsAccepted) {
    test::TempDir dir;
    const auto loadError = [&](const std::string& text) {
        const std::string path = writeFile(dir, "train.yaml", text);
        return errorOf([&] { Config::load(path); });
    };
    const std::string p = dir.file("train.yaml");
    EXPECT_EQ(loadError("model:\n  stoch_dim: abc\n"),
              p + ": model.stoch_dim: 'abc' is not an integer (expected an integer from 1 to 4096)");
    EXPECT_EQ(loadError("training: {lr: 0}\n"),
              p + ": training.lr: '0' is out of range (must be greater than 0 and at most 1)");
    EXPECT_EQ(loadError("model: {act: gelu}\n"),
              p + ": model.act: 'gelu' is not a valid choice (expected one of elu, silu, relu, tanh)");
    EXPECT_EQ(loadError("model: {stoch_dim: [1, 2]}\n"),
              p + ": model.stoch_dim: '[1, 2]' is not an integer (expected an integer from 1 to 4096)");
    EXPECT_EQ(loadError("model:\n  stoch_dims: 3\n"), p + ": model.stoch_dims: unknown key (did you mean model.stoch_dim?)");
    EXPECT_EQ(loadError("stoch_dim: 3\n"), p + ": stoch_dim: unknown key (did you mean model.stoch_dim?)");
    EXPECT_EQ(loadError("model: 5\n"), p + ": model: expected a map of model settings (such as model.use_vae), not '5'");
    EXPECT_EQ(loadError("eval: {plot: true}\n"),
              p + ": eval.plot: expected a map of eval.plot settings (such as eval.plot.enabled), not 'true'");
    EXPECT_EQ(loadError("[a, b]\n"),
              p + ": the top level: expected a map of the groups data, model, training, logging, eval, not '[a, b]'");
    EXPECT_EQ(loadError("model: {stoch_dim: 8}\nmodel.stoch_dim: 16\n"), p + ": model.stoch_dim: given twice");
    EXPECT_NE(loadError("model: {stoch_dim: 8\n").find(p + ": line "), std::string::npos);
    EXPECT_EQ(errorOf([&] { Config::load(dir.file("missing.yaml")); }), dir.file("missing.yaml") + ": cannot open a YAML file: No such file or directory");
}

TEST(Config, SaveThenLoadGivesTheSameConfig) {
    test::TempDir dir;
    Config c = withOverrides({"model.stoch_dim=64", "training.lr=1e-7", "data.val_fraction=0.3",
                              "data.obs_keys=[state, 'odd, key', 'true']", "model.latent=discrete",
                              "eval.plot.enabled=false", "eval.horizon=99"});
    // Strings a careless writer would turn into another type or break.
    c.set("logging.name", "'it''s: #1'");
    c.set("logging.dir", "'123'");
    c.set("eval.buffer_path", "\"two\\nlines\"");
    c.set("eval.plot.output_dir", "'null'");
    c.set("data.buffer_path", "données/buf.pkl");
    const std::string path = dir.file("saved.yaml");
    c.save(path);
    const Config back = Config::load(path);
    EXPECT_EQ(back, c);
    EXPECT_EQ(back.getString("logging.name"), "it's: #1");
    EXPECT_EQ(back.getString("eval.buffer_path"), "two\nlines");
    EXPECT_EQ(back.getString("eval.plot.output_dir"), "null");
    EXPECT_EQ(back.getString("logging.dir"), "123");
    // Nothing is left beside the file.
    size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
    EXPECT_EQ(files, 1u);

    // Nested by group in schema order, eval.plot inside eval.
    const std::string yaml = Config::defaults().toYaml();
    EXPECT_EQ(yaml.rfind("data:\n  buffer_path: resources/sample/buf.pkl\n", 0), 0u);
    EXPECT_NE(yaml.find("\nmodel:\n  use_vae: true\n"), std::string::npos);
    EXPECT_NE(yaml.find("  lr: 3.0e-04\n"), std::string::npos);  // a point, so PyYAML reads a float too
    EXPECT_NE(yaml.find("  checkpoint_path: ''\n"), std::string::npos);
    EXPECT_NE(yaml.find("\n  plot:\n    enabled: true\n    output_dir: plots\n    max_dims: 8\n"), std::string::npos);
    EXPECT_EQ(Config::load(writeFile(dir, "defaults.yaml", yaml)), Config::defaults());
}

TEST(Config, DifferencesFromDefaultsWorkAsOverrides) {
    const Config c = withOverrides({"training.lr=1e-3", "model.stoch_dim=64", "data.obs_keys=[state,goals]",
                                    "model.stoch_dim=32", "eval.plot.enabled=false"});
    const std::vector<std::pair<std::string, std::string>> expected{
        {"data.obs_keys", "[state, goals]"}, {"training.lr", "0.001"}, {"eval.plot.enabled", "false"}};
    EXPECT_EQ(c.differencesFromDefaults(), expected);
    std::vector<std::string> args;
    for (const auto& [key, value] : expected) args.push_back(key + "=" + value);
    EXPECT_EQ(withOverrides(args), c);
}

TEST(Config, ProblemsAcrossFields) {
    const auto problemsOf = [](const std::vector<std::string>& args) { return withOverrides(args).problems(); };
    using Messages = std::vector<std::string>;
    EXPECT_EQ(problemsOf({"model.latent=discrete", "model.stoch_dim=30"}),
              Messages{"model.stoch_dim (30) must be divisible by model.discrete_classes (8) when model.latent is "
                       "discrete"});
    EXPECT_TRUE(problemsOf({"model.latent=discrete", "model.stoch_dim=32"}).empty());
    EXPECT_TRUE(problemsOf({"model.latent=gaussian", "model.stoch_dim=30"}).empty());
    EXPECT_EQ(problemsOf({"training.steps=100", "training.warmup_steps=101"}),
              Messages{"training.warmup_steps (101) must be at most training.steps (100)"});
    EXPECT_TRUE(problemsOf({"training.steps=100", "training.warmup_steps=100"}).empty());
    EXPECT_EQ(problemsOf({"eval.context=60000", "eval.horizon=50000"}),
              Messages{"eval.context + eval.horizon (60000 + 50000) must be at most 100000"});
    EXPECT_EQ(problemsOf({"data.seq_len=4", "model.obs_window=6"}),
              Messages{"model.obs_window (6) must be at most data.seq_len + 1 (5)"});
    EXPECT_TRUE(problemsOf({"data.seq_len=4", "model.obs_window=5"}).empty());

    const Config two = withOverrides({"data.seq_len=4", "model.obs_window=6", "training.steps=1",
                                      "training.warmup_steps=2"});
    EXPECT_EQ(two.problems().size(), 2u);
    EXPECT_EQ(errorOf([&] { two.validate(); }), "training.warmup_steps (2) must be at most training.steps (1)");
    EXPECT_EQ(errorOf([] { Config::defaults().validate(); }), "(no error)");
}

TEST(ShippedConfigs, SpellOutEveryKeyAtItsDefault) {
    const Config defaults = Config::defaults();
    const YAML::Node train = YAML::LoadFile(resource("train_default.yaml"));
    const YAML::Node eval = YAML::LoadFile(resource("eval.yaml"));
    EXPECT_EQ(Config::load(resource("train_default.yaml")), defaults);
    EXPECT_EQ(Config::load(resource("eval.yaml")), defaults);
    for (const auto& field : configSchema()) {
        SCOPED_TRACE(field.key);
        const bool isEval = field.key.rfind("eval.", 0) == 0;
        EXPECT_TRUE(fileHasKey(isEval ? eval : train, field.key));
        EXPECT_FALSE(fileHasKey(isEval ? train : eval, field.key));
    }
}

TEST(RolloutConfigDefault, IsTheBuffersOwnBesideItOrNoneNeverTheSamples) {
    // FACTR writes rollout_config.yaml beside buf.pkl: an empty data.rollout_config_path takes that one,
    // and a buffer without one gets none (never the bundled sample's statistics).
    test::TempDir dir;
    namespace fs = std::filesystem;
    const fs::path sample = fs::path(RSSM_SOURCE_DIR) / "resources/sample";
    fs::create_directories(dir.file("with"));
    fs::create_directories(dir.file("without"));
    fs::copy_file(sample / "buf.pkl", dir.file("with/buf.pkl"));
    fs::copy_file(sample / "rollout_config.yaml", dir.file("with/rollout_config.yaml"));
    fs::copy_file(sample / "buf.pkl", dir.file("without/buf.pkl"));
    auto start = [&](const std::string& buffer, const std::string& name) {
        Config c = Config::defaults();
        EXPECT_EQ(c.getString("data.rollout_config_path"), "");
        c.set("data.buffer_path", "'" + buffer + "'");
        c.applyOverrides({"model.hidden_dim=16", "model.deter_dim=16", "model.stoch_dim=4", "model.embed_dim=16",
                          "model.vae_hidden_dim=16", "data.seq_len=8", "training.batch_size=2", "training.steps=1",
                          "training.device=cpu", "logging.name=" + name});
        c.set("logging.dir", "'" + dir.file("runs") + "'");
        return TrainingSession::start(c);
    };
    const auto with = start(dir.file("with/buf.pkl"), "with");
    EXPECT_EQ(with->config().getString("data.rollout_config_path"), dir.file("with/rollout_config.yaml"));
    EXPECT_NE(with->rolloutNote().find("the buffer's own"), std::string::npos) << with->rolloutNote();
    EXPECT_TRUE(fs::exists(dir.file("runs/with/rollout_config.yaml")));  // the run folder keeps the right one
    const auto without = start(dir.file("without/buf.pkl"), "without");
    EXPECT_EQ(without->config().getString("data.rollout_config_path"), "");
    EXPECT_NE(without->rolloutNote().find("none"), std::string::npos) << without->rolloutNote();
    EXPECT_FALSE(fs::exists(dir.file("runs/without/rollout_config.yaml")));
}

}  // namespace
