// Helpers shared by the commands: the configuration to use (a file, or the
// built-in default) with command-line overrides, and the build's identity.
#pragma once

#include "absl/status/statusor.h"
#include "app/commands.h"
#include "config/config.h"
#include "metrics/self_metrics.h"

namespace fwlog {

absl::StatusOr<Config> LoadConfigOrDefault(const CommonOptions& common);
BuildInfo CurrentBuildInfo();

}  // namespace fwlog
