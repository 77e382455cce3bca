#include <CLI/CLI.hpp>
#include <prometheus/registry.h>

#include <iostream>

#include "app/commands.h"
#include "app/config_source.h"
#include "app/pipeline.h"

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
  std::cout << file << ": OK (" << config->inputs.size() << " inputs, " << config->patterns.size()
            << " custom patterns, " << config->metrics.size() << " metrics)\n";
  return 0;
}

int Main(int argc, char** argv) {
  CLI::App app{"fwlog_exporter: Prometheus exporter for firewall logs.\n"
               "Without a command it serves /metrics while following the configured inputs."};
  app.set_version_flag("--version", std::string("fwlog_exporter ") + FWLOG_VERSION + " (revision " +
                                        FWLOG_REVISION + ")");
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
    sub->add_option("--format", common.format, "Format: netfilter, pf, mikrotik, auto, or a custom pattern's name");
    sub->add_option("--timezone", common.timezone, "Time zone for stamps without offset and the hour label");
    sub->add_option("FILE", files, "Files to read ('-' = stdin, .gz decompressed)")->required();
  };
  auto* replay = app.add_subcommand("replay", "Read files once and print the final metrics");
  add_common(replay);
  auto* parse = app.add_subcommand("parse", "Print one JSON object per recognised line; others on stderr");
  add_common(parse);
  auto* check = app.add_subcommand("check-config", "Validate a configuration file");
  std::string check_file;
  check->add_option("FILE", check_file, "Configuration file")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*replay) return Replay(common, files);
  if (*parse) return ParseCommand(common, files);
  if (*check) return CheckConfig(check_file);
#ifdef FWLOG_HAVE_SERVE
  return Serve(common, listen, telemetry_path, web_config_file);
#else
  std::cerr << "fwlog_exporter: this build has no input stage; use replay or parse\n";
  return 2;
#endif
}

}  // namespace fwlog
