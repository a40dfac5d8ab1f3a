// Model and trainer defaults are written once, in ModelOptions and
// TrainerOptions; the schema takes them from there (ConfigField::member).
#include <gtest/gtest.h>

#include <type_traits>

#include "config/Config.h"
#include "config/ConfigOptions.h"
#include "config/ConfigSchema.h"

namespace rssm {
namespace {

// Visits `f(member)` for every schema field bound to a member of Options.
template <class Options, class F>
void forEachMemberOf(F f) {
    for (const ConfigField& field : configSchema())
        std::visit(
            [&](auto member) {
                using M = decltype(member);
                if constexpr (!std::is_same_v<M, std::monostate>)
                    if constexpr (std::is_invocable_v<M, Options&>) f(field, member);
            },
            field.member);
}

template <class Options>
Options fromConfig(const Config& c) {
    Options o;
    applyConfig(c, o);
    return o;
}

TEST(ConfigDefaults, EverySettingOfAStructDefaultsToTheStructsDefault) {
    const ModelOptions model = fromConfig<ModelOptions>(Config::defaults());
    const TrainerOptions trainer = fromConfig<TrainerOptions>(Config::defaults());
    int models = 0, trainers = 0;
    forEachMemberOf<ModelOptions>([&](const ConfigField& field, auto member) {
        EXPECT_EQ(model.*member, ModelOptions{}.*member) << field.key;
        ++models;
    });
    forEachMemberOf<TrainerOptions>([&](const ConfigField& field, auto member) {
        EXPECT_EQ(trainer.*member, TrainerOptions{}.*member) << field.key;
        ++trainers;
    });
    // The model.* settings all configure the model; the training.* ones the trainer.
    int modelKeys = 0, trainingKeys = 0;
    for (const ConfigField& field : configSchema()) {
        modelKeys += field.key.rfind("model.", 0) == 0;
        trainingKeys += field.key.rfind("training.", 0) == 0;
    }
    EXPECT_EQ(models, modelKeys);
    EXPECT_EQ(trainers, trainingKeys);
}

// Each setting set to a value other than its default moves its member: the
// binding is the right one, not only the defaults alike.
TEST(ConfigDefaults, EveryBoundSettingReachesItsMember) {
    const auto check = [](auto options, const ConfigField& field, auto member) {
        Config c;
        std::string text;
        if (field.type == ConfigType::Bool) {
            text = c.getBool(field.key) ? "false" : "true";
        } else if (field.type == ConfigType::Choice) {
            text = field.choices.at(c.getString(field.key) == field.choices.at(0) ? 1 : 0);
        } else {
            // The bound nearest the default that differs from it.
            const double def = field.type == ConfigType::Int ? static_cast<double>(c.getInt(field.key)) : c.getFloat(field.key);
            const double v = def != field.max && !field.maxExclusive ? field.max : field.min + (field.minExclusive ? 0.5 : 0.0);
            text = field.type == ConfigType::Int ? std::to_string(static_cast<int64_t>(v)) : std::to_string(v);
        }
        c.set(field.key, text);
        applyConfig(c, options);
        EXPECT_NE(options.*member, decltype(options){}.*member) << field.key << "=" << text;
    };
    forEachMemberOf<ModelOptions>([&](const ConfigField& field, auto member) { check(ModelOptions{}, field, member); });
    forEachMemberOf<TrainerOptions>([&](const ConfigField& field, auto member) { check(TrainerOptions{}, field, member); });
}

}  // namespace
}  // namespace rssm
