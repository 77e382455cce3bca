#include "config/yaml_reader.h"

#include <cerrno>
#include <cstdlib>

namespace fwlog {

SourcePos YamlReader::Pos(const YAML::Node& n) const {
  const auto mark = n.Mark();
  if (mark.is_null()) return {file_, 0, 0};
  return {file_, mark.line + 1, mark.column + 1};
}

void YamlReader::ExpectMap(const YAML::Node& n, const std::string& what) const {
  if (!n.IsMap()) Fail(n, what + " must be a mapping");
}

std::vector<YAML::Node> YamlReader::Sequence(const YAML::Node& n, const std::string& what) const {
  if (!n.IsSequence()) Fail(n, "\"" + what + "\" must be a list");
  std::vector<YAML::Node> out;
  for (const auto& item : n) out.push_back(item);
  return out;
}

void YamlReader::CheckKeys(const YAML::Node& n, std::initializer_list<std::string_view> allowed) const {
  for (const auto& kv : n) {
    const auto key = kv.first.as<std::string>();
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      Fail(kv.first, "unknown key \"" + key + "\" (expected one of: " + list + ")");
    }
  }
}

std::string YamlReader::String(const YAML::Node& n) const {
  if (!n.IsScalar()) Fail(n, "expected a string");
  return n.Scalar();
}

std::string YamlReader::NonEmpty(const YAML::Node& n, const std::string& what) const {
  auto s = String(n);
  if (s.empty()) Fail(n, what + " must not be empty");
  return s;
}

long long YamlReader::Integer(const YAML::Node& n, long long min, long long max) const {
  if (!n.IsScalar()) Fail(n, "expected a whole number");
  const auto& s = n.Scalar();
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno != 0) Fail(n, "expected a whole number, got \"" + s + "\"");
  if (v < min || v > max)
    Fail(n, "value " + s + " out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  return v;
}

std::int64_t YamlReader::Seconds(const YAML::Node& n, std::int64_t min, std::int64_t max) const {
  if (!n.IsScalar()) Fail(n, "expected a duration such as 5m");
  const auto& s = n.Scalar();
  std::int64_t v = 0;
  std::size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && v < max + 1; ++i) v = v * 10 + (s[i] - '0');
  const std::string unit = s.substr(i);
  const std::int64_t scale = unit.empty() || unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : 0;
  if (i == 0 || scale == 0) Fail(n, "expected a duration such as 90s, 5m or 1h, got \"" + s + "\"");
  v *= scale;
  if (v < min || v > max)
    Fail(n, "duration " + s + " out of range [" + std::to_string(min) + "s, " + std::to_string(max) + "s]");
  return v;
}

bool YamlReader::Bool(const YAML::Node& n) const {
  if (!n.IsScalar()) Fail(n, "expected true or false");
  const auto& s = n.Scalar();
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  Fail(n, "expected true or false, got \"" + s + "\"");
}

}  // namespace fwlog
