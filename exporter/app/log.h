// Log(level) << ...: the serving exporter's diagnostics, handed to spdlog
// (which filters by --log.level and writes them to stderr with a time stamp)
// when the statement ends. Commands' own output and their configuration
// errors are not diagnostics and go to stdout/stderr directly.
#pragma once

#include <spdlog/spdlog.h>

#include <sstream>

namespace fwlog {

class Log {
 public:
  explicit Log(spdlog::level::level_enum level) : level_(level) {}
  ~Log() { spdlog::log(level_, "{}", out_.str()); }
  Log(const Log&) = delete;
  Log& operator=(const Log&) = delete;

  template <typename T>
  Log& operator<<(const T& value) {
    if (spdlog::should_log(level_)) out_ << value;
    return *this;
  }

 private:
  spdlog::level::level_enum level_;
  std::ostringstream out_;
};

// Sets the level from "debug", "info", "warn" or "error" and the format.
void ConfigureLogging(const std::string& level);

}  // namespace fwlog
