// YamlReader: the checked reads LoadConfig() makes of YAML nodes (a mapping
// with known keys, a list, a string, a whole number in a range, a duration,
// a boolean), each failing with the node's `file:line:col: message`.
// Internal to the config stage (it includes yaml-cpp, which the stage links
// privately); the failure is a ConfigError exception, turned into an
// absl::Status by LoadConfigFromString() and never thrown past it.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace fwlog {

struct ConfigError {
  std::string message;
};

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  SourcePos Pos(const YAML::Node& n) const;
  [[noreturn]] void Fail(const YAML::Node& n, const std::string& message) const { Fail(Pos(n), message); }
  [[noreturn]] static void Fail(const SourcePos& pos, const std::string& message) {
    throw ConfigError{pos.Prefix() + message};
  }

  void ExpectMap(const YAML::Node& n, const std::string& what) const;
  std::vector<YAML::Node> Sequence(const YAML::Node& n, const std::string& what) const;
  void CheckKeys(const YAML::Node& n, std::initializer_list<std::string_view> allowed) const;
  std::string String(const YAML::Node& n) const;
  std::string NonEmpty(const YAML::Node& n, const std::string& what) const;
  long long Integer(const YAML::Node& n, long long min, long long max) const;
  // A duration like 90s, 5m, 1h (or a whole number of seconds), within [min, max] seconds.
  std::int64_t Seconds(const YAML::Node& n, std::int64_t min, std::int64_t max) const;
  bool Bool(const YAML::Node& n) const;

 protected:
  std::string file_;
};

// The `syslog:` mapping of an input (config/syslog_config.cc).
SyslogSpec ReadSyslog(const YamlReader& reader, const YAML::Node& n);

}  // namespace fwlog
