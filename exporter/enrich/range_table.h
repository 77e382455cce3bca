// RangeTable: IP address -> name of the narrowest configured source range
// holding it (longest prefix wins), over IPv4 and IPv6 alike.
//
// Lookup() answers "private" for addresses that are not globally routable
// (IpAddress::IsGlobal) and "other" for global addresses in no range; a named
// range wins over "private" when the user has listed a private block.
//
// Ranges come from the catalog (config/ranges/): YAML files with a name, a
// description, a source link and a list of CIDRs, or plain files with one CIDR
// per line (the range is then named after the file, without extension).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "core/ip_address.h"

namespace fwlog {

class RangeTable {
 public:
  RangeTable() = default;

  // Loads every file named, and every *.yaml/*.yml/*.txt/*.list file in every
  // folder named. Errors carry `file:line:col: message`.
  static absl::StatusOr<RangeTable> Load(const std::vector<std::string>& paths);

  // Adds one block. A later block with the same prefix replaces the name.
  void Add(const Cidr& cidr, std::string name);

  std::string_view Lookup(const IpAddress& address) const;

  std::size_t size() const;
  // Names of the loaded ranges, sorted.
  std::vector<std::string> Names() const;
};

}  // namespace fwlog
