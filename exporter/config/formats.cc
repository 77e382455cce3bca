#include <algorithm>

#include "config/config.h"

namespace fwlog {

const std::vector<std::string>& BuiltInFormats() {
  static const std::vector<std::string> names = {"netfilter", "pf",    "mikrotik",         "cisco-asa",
                                                 "panos",     "zyxel", "windows-firewall", "auto"};
  return names;
}

bool IsBuiltInFormat(const std::string& name) {
  const auto& names = BuiltInFormats();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string BuiltInFormatList() {
  std::string list;
  for (const auto& name : BuiltInFormats()) list += (list.empty() ? "" : ", ") + name;
  return list;
}

}  // namespace fwlog
