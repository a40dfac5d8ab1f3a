#pragma once
#include "config/Config.h"
#include "model/ModelOptions.h"
#include "train/TrainerOptions.h"

namespace rssm {

// The model.* and training.* settings copied into the structs they configure,
// through the member each schema field names (ConfigField::member): no key is
// looked up by name, and a struct's members that no setting names (obsDim,
// deviceIndex) keep what they hold.
void applyConfig(const Config& config, ModelOptions& options);
void applyConfig(const Config& config, TrainerOptions& options);

}  // namespace rssm
