// Helpers shared by the commands: the configuration to use (a file, or the
// built-in default) with command-line overrides, and the build's identity.
#pragma once

#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "app/commands.h"
#include "config/config.h"
#include "core/line_sink.h"
#include "metrics/self_metrics.h"

namespace fwlog {

absl::StatusOr<Config> LoadConfigOrDefault(const CommonOptions& common);

// The configuration for commands that read files once (replay, parse,
// backfill, report): one input named `input_name` whose format is --format,
// else the configuration file's first input's, else auto; with the first
// configured input's router (its `router:`, or its name; without a
// configuration file, router `input_name`), so the counters
// are those a served input of that format would produce.
absl::StatusOr<Config> ReplayConfig(const CommonOptions& common, const std::string& input_name = "replay");
BuildInfo CurrentBuildInfo();

class Pipeline;
// ReplayConfig() built into a Pipeline counting into `registry`.
// `all_fields`: Pipeline::Options::all_fields (parse).
absl::StatusOr<std::unique_ptr<Pipeline>> BuildReplayPipeline(const CommonOptions& common,
                                                              std::shared_ptr<prometheus::Registry> registry,
                                                              bool all_fields = false);

// Reads `files` once each, in order, through `pipeline` (ReadWholeFile),
// reporting input health to `stats` and calling `starting(file)` before each.
// Stamps without a year: with `year` (--year), the first lies in that year and
// the rest follow in time order through all the files (YearRule::kStartYear);
// otherwise each file's are dated from when it was last written
// (FileWrittenTime: a .gz member's MTIME, else the file's mtime;
// YearRule::kWrittenBefore), and from the receive time when there is no such
// time (a pipe).
// Stops at the first file that cannot be read and returns its error.
absl::Status ReadFilesOnce(const std::vector<std::string>& files, int year, Pipeline& pipeline, InputStats& stats,
                           const std::function<void(const std::string&)>& starting = {});

}  // namespace fwlog
