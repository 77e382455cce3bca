// ServiceRegistry: (destination port, protocol) -> IANA service name, built
// from the IANA Service Name and Transport Protocol Port Number Registry CSV
// (config/iana/service-names-port-numbers.csv).
//
// Lookup() returns "unknown" where the registry assigns no name. Rules (see
// config/iana/README.md for the quirks of the file): quoted fields and
// multi-line records, port ranges expanded, blank names (Reserved/Unassigned)
// and blank ports skipped, a blank protocol applies to every protocol, and the
// first named row for a (port, protocol) wins. Protocols: tcp, udp, sctp, dccp;
// any other protocol (icmp, ...) has no ports and answers "unknown".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace fwlog {

class ServiceRegistry {
 public:
  ServiceRegistry() = default;
  static absl::StatusOr<ServiceRegistry> LoadIanaCsv(const std::string& path);
  // `name` is used in error messages.
  static absl::StatusOr<ServiceRegistry> ParseIanaCsv(std::string_view text, const std::string& name);

  std::string_view Lookup(std::uint16_t port, std::string_view proto) const;
};

}  // namespace fwlog
