#include "app/config_source.h"

#include "app/pipeline.h"

namespace fwlog {

absl::StatusOr<Config> LoadConfigOrDefault(const CommonOptions& common) {
  absl::StatusOr<Config> config = common.config_file.empty() ? DefaultConfig() : LoadConfig(common.config_file);
  if (!config.ok()) return config.status();
  if (!common.timezone.empty()) {
    auto zone = LoadZone(common.timezone);
    if (!zone.ok()) return zone.status();
    config->timezone = common.timezone;
  }
  return config;
}

BuildInfo CurrentBuildInfo() { return {FWLOG_VERSION, FWLOG_REVISION}; }

}  // namespace fwlog
