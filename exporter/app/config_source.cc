#include "app/config_source.h"

#include "app/pipeline.h"
#include "app/revision.h"
#include "input/file/written_time.h"
#include "input/input_runner.h"

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

BuildInfo CurrentBuildInfo() { return {FWLOG_VERSION, kRevision}; }

absl::StatusOr<Config> ReplayConfig(const CommonOptions& common, const std::string& input_name) {
  auto config = LoadConfigOrDefault(common);
  if (!config.ok()) return config.status();
  InputSpec in;
  in.name = input_name;
  in.kind = InputKind::kStdin;
  // Files read after the fact may come from any firewall: auto, unless the
  // command line or a configuration file names the format.
  in.format = !common.format.empty()                                 ? common.format
              : common.config_file.empty() || config->inputs.empty() ? "auto"
                                                                     : config->inputs.front().format;
  if (!config->inputs.empty()) {
    const InputSpec& first = config->inputs.front();
    in.timezone = first.timezone;
    // With a configuration file, the router the first input's lines would
    // have when served; without one, the input's own name.
    if (!common.config_file.empty()) {
      in.router = first.router_from_host ? "" : first.router.empty() ? first.name : first.router;
      in.router_from_host = first.router_from_host;
    }
  }
  config->inputs = {in};
  // The files named are read once each; de-duplication is for serving.
  config->deduplicate.enabled = false;
  return config;
}

absl::StatusOr<std::unique_ptr<Pipeline>> BuildReplayPipeline(const CommonOptions& common,
                                                              std::shared_ptr<prometheus::Registry> registry,
                                                              bool all_fields) {
  auto config = ReplayConfig(common);
  if (!config.ok()) return config.status();
  Pipeline::Options options{CurrentBuildInfo(), true};
  options.all_fields = all_fields;
  return Pipeline::Build(*config, std::move(registry), options);
}

}  // namespace fwlog

namespace fwlog {

absl::Status ReadFilesOnce(const std::vector<std::string>& files, int year, Pipeline& pipeline, InputStats& stats,
                           const std::function<void(const std::string&)>& starting) {
  if (year != 0) pipeline.SetYearRule(0, {YearRule::Kind::kStartYear, 0, year});
  for (const auto& file : files) {
    if (starting) starting(file);
    if (year == 0) {
      const auto written = FileWrittenTime(file);
      pipeline.SetYearRule(0, written ? YearRule{YearRule::Kind::kWrittenBefore, *written, 0} : YearRule{});
    }
    if (auto error = ReadWholeFile(file, 0, pipeline.config().max_line_bytes, pipeline, stats); !error.ok()) {
      return error;
    }
  }
  return absl::OkStatus();
}

}  // namespace fwlog
