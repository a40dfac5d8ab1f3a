#include "config/ConfigOptions.h"

#include <type_traits>

#include "util/Error.h"

namespace rssm {

namespace {

template <class Target, class Member>
void assign(Target& options, Member member, const ConfigField& field, const ConfigValue& value) {
    if constexpr (!std::is_same_v<Member, std::monostate>) {
        using Pointer = std::remove_cv_t<Member>;
        if constexpr (std::is_member_object_pointer_v<Pointer>) {
            // Only the members of Target: a TrainerOptions member is not a ModelOptions one.
            if constexpr (std::is_invocable_v<Pointer, Target&>) {
                using T = std::remove_reference_t<std::invoke_result_t<Pointer, Target&>>;
                T& slot = options.*member;
                if constexpr (std::is_same_v<T, bool>) {
                    if (field.type == ConfigType::Choice) slot = std::get<std::string>(value) == field.choices.at(1);
                    else slot = std::get<bool>(value);
                } else if constexpr (std::is_same_v<T, std::string>) {
                    slot = std::get<std::string>(value);
                } else if constexpr (std::is_floating_point_v<T>) {
                    slot = std::get<double>(value);
                } else {
                    slot = static_cast<T>(std::get<int64_t>(value));
                }
            }
        }
    }
}

template <class Target>
void applyTo(const Config& config, Target& options) {
    for (const ConfigField& field : configSchema()) {
        if (std::holds_alternative<std::monostate>(field.member)) continue;
        const ConfigValue& value = config.value(field.key);
        std::visit([&](auto member) { assign(options, member, field, value); }, field.member);
    }
}

}  // namespace

void applyConfig(const Config& config, ModelOptions& options) { applyTo(config, options); }
void applyConfig(const Config& config, TrainerOptions& options) { applyTo(config, options); }

}  // namespace rssm
