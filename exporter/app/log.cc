#include "app/log.h"

#include <spdlog/sinks/stdout_sinks.h>

namespace fwlog {

void ConfigureLogging(const std::string& level) {
  // Diagnostics go to stderr: stdout carries the commands' output.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("fwlog_exporter"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S%z fwlog_exporter %l: %v");
  // spdlog names the error level "err"; the flag says "error".
  spdlog::set_level(spdlog::level::from_str(level == "error" ? "err" : level));
}

}  // namespace fwlog
