#include <prometheus/registry.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "absl/time/time.h"
#include "app/backfill.h"
#include "app/commands.h"
#include "app/config_source.h"
#include "app/log.h"
#include "app/pipeline.h"
#include "app/report.h"
#include "app/revision.h"
#include "config/config.h"

namespace fwlog {

int CheckConfig(const std::string& file) {
  auto config = LoadConfig(file);
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    return 1;
  }
  auto pipeline = Pipeline::Build(*config, std::make_shared<prometheus::Registry>(), {CurrentBuildInfo(), false});
  if (!pipeline.ok()) {
    std::cerr << pipeline.status().message() << "\n";
    return 1;
  }
  for (const auto& warning : (*pipeline)->warnings()) std::cerr << "warning: " << warning << "\n";
  std::cout << file << ": OK (" << config->inputs.size() << " inputs, " << config->patterns.size()
            << " custom patterns, " << config->metrics.size() << " metrics)\n";
  return 0;
}

int Main(int argc, char** argv) {
  CLI::App app{
      "fwlog_exporter: Prometheus exporter for firewall logs.\n"
      "Without a command it serves /metrics while following the configured inputs."};
  const std::string version = std::string("fwlog_exporter ") + FWLOG_VERSION + " (revision " + kRevision + ")";
  app.set_version_flag("--version", version);
  app.require_subcommand(0, 1);
  CommonOptions common;
  std::string listen = ":9847";
  std::string telemetry_path = "/metrics";
  std::string log_level = "info";
  std::string web_config_file;
  app.add_option("--config.file", common.config_file, "Configuration file (default: built-in defaults)");
  app.add_option("--web.listen-address", listen, "Address to serve /metrics on")->capture_default_str();
  app.add_option("--web.telemetry-path", telemetry_path, "Path of the metrics endpoint")->capture_default_str();
  app.add_option("--web.config.file", web_config_file,
                 "Web config (exporter-toolkit format): TLS and basic auth; see docs/security.md");
  app.add_option("--log.level", log_level, "Log level: debug, info, warn, error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();
  app.add_option("--timezone", common.timezone, "Time zone for stamps without offset and the hour label");

  std::vector<std::string> files;
  auto add_common = [&](CLI::App* sub) {
    sub->add_option("--config.file", common.config_file, "Configuration file (default: built-in defaults)");
    sub->add_option("--format", common.format, "Format: " + PresetList() + ", auto, or a custom pattern's name");
    sub->add_option("--timezone", common.timezone, "Time zone for stamps without offset and the hour label");
    sub->add_option("FILE", files, "Files to read ('-' = stdin, .gz decompressed)")->required();
  };
  auto* replay = app.add_subcommand("replay", "Read files once and print the final metrics");
  add_common(replay);
  auto* parse = app.add_subcommand("parse", "Print one JSON object per recognised line; others on stderr");
  add_common(parse);
  auto* backfill = app.add_subcommand(
      "backfill", "Write OpenMetrics with event-time timestamps for promtool tsdb create-blocks-from openmetrics");
  add_common(backfill);
  BackfillOptions backfill_options;
  std::string step = "1m", until, max_gap = "168h";
  std::vector<std::string> labels;
  backfill->add_option("--output", backfill_options.output, "OpenMetrics file to write")->required();
  backfill->add_option("--step", step, "Sample interval, e.g. 1m, 5m, 1h (as a scrape interval)")
      ->capture_default_str();
  backfill
      ->add_option("--max-gap", max_gap, "Leave quiet stretches longer than this unsampled (series pause, totals kept)")
      ->capture_default_str();
  backfill->add_option("--label", labels, "Extra label on every sample, NAME=VALUE (repeatable), e.g. job=fwlog")
      ->allow_extra_args(false);
  backfill->add_option("--until", until,
                       "Leave out events at or after this time (RFC 3339, or Unix seconds), e.g. when the live "
                       "exporter started counting");
  auto* report = app.add_subcommand("report",
                                    "Print the watched ranges' table and summaries by day, hour, port, "
                                    "country; optionally SVG charts");
  ReportOptions report_options;
  report->add_option("--config.file", common.config_file, "Configuration file (default: built-in defaults)");
  report->add_option("--input.format", common.format,
                     "Log format: " + PresetList() + ", auto, or a custom pattern's name");
  report->add_option("--timezone", common.timezone, "Time zone for dates and hours");
  report->add_option("--range", report_options.ranges, "Watched range (repeatable; default: every named range)")
      ->allow_extra_args(false);
  report->add_option("--from", report_options.from, "First date, YYYY-MM-DD (inclusive)");
  report->add_option("--to", report_options.to, "Last date, YYYY-MM-DD (inclusive)");
  report->add_option("--format", report_options.format, "Output: text, csv or json")
      ->check(CLI::IsMember({"text", "csv", "json"}))
      ->capture_default_str();
  report->add_option("--svg", report_options.svg_dir, "Write hours.svg, ports.svg, countries.svg into this folder");
  report->add_option("--top", report_options.top, "Rows in the port and country summaries")->capture_default_str();
  report->add_option("FILE", files, "Files to read ('-' = stdin, .gz decompressed)")->required();
  auto* check = app.add_subcommand("check-config", "Validate a configuration file");
  std::string check_file;
  check->add_option("FILE", check_file, "Configuration file")->required();

  // --help and --version work after a command too (`replay --version`).
  for (auto* sub : app.get_subcommands({})) sub->set_version_flag("--version", version);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  ConfigureLogging(log_level);
  if (*replay) return Replay(common, files);
  if (*parse) return ParseCommand(common, files);
  if (*check) return CheckConfig(check_file);
  if (*report) return Report(common, report_options, files);
  if (*backfill) {
    absl::Duration d;
    if (!absl::ParseDuration(step, &d) || d < absl::Seconds(1) || d != absl::Trunc(d, absl::Seconds(1))) {
      std::cerr << "fwlog_exporter: --step: expected whole seconds such as 30s, 1m, 1h; got \"" << step << "\"\n";
      return 2;
    }
    backfill_options.step_seconds = absl::ToInt64Seconds(d);
    if (!absl::ParseDuration(max_gap, &d) || d < absl::Seconds(1)) {
      std::cerr << "fwlog_exporter: --max-gap: expected a duration such as 168h; got \"" << max_gap << "\"\n";
      return 2;
    }
    backfill_options.max_gap_seconds = absl::ToInt64Seconds(d);
    for (const auto& label : labels) {
      const auto eq = label.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::cerr << "fwlog_exporter: --label: expected NAME=VALUE, got \"" << label << "\"\n";
        return 2;
      }
      backfill_options.labels.emplace_back(label.substr(0, eq), label.substr(eq + 1));
    }
    if (!until.empty()) {
      absl::Time t;
      std::string err;
      if (!until.empty() && until.find_first_not_of("0123456789") == std::string::npos) {
        backfill_options.until = std::stoll(until);
      } else if (absl::ParseTime(absl::RFC3339_full, until, &t, &err)) {
        backfill_options.until = absl::ToUnixSeconds(t);
      } else {
        std::cerr << "fwlog_exporter: --until: expected RFC 3339 (2018-11-22T00:00:00+09:00) or Unix seconds, got \""
                  << until << "\"\n";
        return 2;
      }
    }
    backfill_options.progress = isatty(STDERR_FILENO) != 0;
    return Backfill(common, backfill_options, files);
  }
  return Serve(common, listen, telemetry_path, web_config_file);
}

}  // namespace fwlog
