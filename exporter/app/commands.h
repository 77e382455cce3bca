// The exporter's commands (contract, "Commands"): serve (the default),
// replay, parse, check-config. Main() parses the command line with CLI11 and
// runs one of them; each returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace fwlog {

int Main(int argc, char** argv);

struct CommonOptions {
  std::string config_file;  // empty: built-in defaults
  std::string format;       // replay/parse: overrides the input's format
  std::string timezone;     // overrides the config's zone
  // replay/parse/backfill/report: the year of the first stamp that carries
  // none (--year); 0: each file's from when it was last written.
  int year = 0;
};

// `web_config_file`: --web.config.file (TLS, basic auth); empty: plain HTTP.
int Serve(const CommonOptions& common, const std::string& listen_address, const std::string& telemetry_path,
          const std::string& web_config_file);
int Replay(const CommonOptions& common, const std::vector<std::string>& files);
int ParseCommand(const CommonOptions& common, const std::vector<std::string>& files);
int CheckConfig(const std::string& file);

}  // namespace fwlog
