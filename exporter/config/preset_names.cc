#include <algorithm>

#include "config/config.h"

namespace fwlog {

const std::vector<std::string>& PresetNames() {
  static const std::vector<std::string> names = {"netfilter",   "pf",         "mikrotik",  "cisco-asa",
                                                 "juniper-srx", "checkpoint", "fortigate", "sonicwall",
                                                 "sophos",      "panos",      "zyxel",     "windows-firewall"};
  return names;
}

bool IsPresetOrAuto(std::string_view name) {
  const auto& names = PresetNames();
  return name == "auto" || std::find(names.begin(), names.end(), name) != names.end();
}

std::string PresetList() {
  std::string list;
  for (const auto& name : PresetNames()) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  return list;
}

}  // namespace fwlog
