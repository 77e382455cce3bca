// ServiceRegistry: (destination port, protocol) -> IANA service name, built
// from the IANA Service Name and Transport Protocol Port Number Registry CSV
// (config/iana/service-names-port-numbers.csv).
//
//   auto services = ServiceRegistry::LoadIanaCsv("config/iana/service-names-port-numbers.csv");
//   services->Lookup(22, "tcp");     // "ssh"
//   services->Lookup(80, "tcp");     // "http" (not the later aliases www, www-http)
//   services->Lookup(6000, "tcp");   // "x11" (from the range 6000-6063)
//   services->Lookup(23023, "tcp");  // "unknown"
//   services->Lookup(0, "icmp");     // "unknown": no ports in icmp
//
// How rows become names (config/iana/README.md lists the file's quirks):
//  - The file is real CSV (see CsvReader): quoted fields, doubled quotes,
//    records over several lines, LF or CRLF. Columns are found by their header
//    names ("Service Name", "Port Number", "Transport Protocol").
//  - "lo-hi" port ranges are expanded to every port in them.
//  - Rows with a blank service name (Reserved, Unassigned) and rows with a
//    blank port (DNS-SD names) are skipped.
//  - A blank protocol applies to all four protocols: tcp, udp, sctp, dccp.
//    Rows naming any other protocol are skipped.
//  - The first named row for a (port, protocol) wins: IANA lists the
//    well-formed name before older aliases.
// A malformed file (CSV syntax, a missing header column, a port that is not a
// number in 0..65535 or a range with lo > hi) fails to load with
// `file:line: message`.
//
// Storage: one flat table of 65536 name indices (uint16) per protocol, and
// every distinct name once in a single text buffer, so Lookup() is two array
// reads and allocates nothing. About 1 MiB (each entry is the service's and
// the purpose's uint16 index); loading the full registry takes
// about 20 ms. The table comes zeroed from calloc (no pass that writes every
// entry), and loading writes each port at most once: a row's range visits only
// ports no earlier row named, so a file of rows "x,0-65535," loads in time
// linear in its size, not rows x 65536.
//
// Purposes (SetPurposes, from enrich/port_purposes.h): what scanners commonly
// probe a tcp or udp port for, where the curated table has an entry. Each
// port's entry holds its purpose's index beside its service name's, so
// Names() answers both with the one table read Lookup() makes:
//
//   services->SetPurposes(*LoadPortPurposes("config/ports/purposes.csv"));
//   services->Names(5555, "tcp");   // {service "personal-agent", purpose "android-adb"}
//   services->Names(22, "tcp");     // {service "ssh", purpose "ssh"}: no entry, so the service
//   services->Names(23023, "tcp");  // {"unknown", "unknown"}
//
// Protocols are given as the lower-case names the parsers produce, or as IP
// protocol numbers ("6", "17", "33", "132"). Immutable after loading: Lookup()
// is safe from any number of threads. The views it returns point into the
// registry and stay valid while the registry lives (moving it keeps them).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "enrich/port_purposes.h"

namespace fwlog {

class ServiceRegistry {
 public:
  // An empty registry: every lookup answers "unknown".
  ServiceRegistry() = default;

  static absl::StatusOr<ServiceRegistry> LoadIanaCsv(const std::string& path);
  // `name` is used in error messages.
  static absl::StatusOr<ServiceRegistry> ParseIanaCsv(std::string_view text, const std::string& name);

  // The service name, or "unknown" when the registry assigns none.
  std::string_view Lookup(std::uint16_t port, std::string_view proto) const;
  // The service name and the purpose together. The purpose is the curated
  // table's (SetPurposes) when it has an entry for (port, proto), else the
  // service name itself, so it is never less informative than the service.
  struct PortNames {
    std::string_view service;
    std::string_view purpose;
  };
  PortNames Names(std::uint16_t port, std::string_view proto) const;
  std::string_view Purpose(std::uint16_t port, std::string_view proto) const { return Names(port, proto).purpose; }

  // Adds the purposes (replacing any set before). Fails only when the
  // purposes' text outgrows the table's 16-bit indices.
  absl::Status SetPurposes(const std::vector<PortPurpose>& purposes);

  // A hint that Lookup(port, proto) follows soon.
  void Prefetch(std::uint16_t port, std::string_view proto) const {
    if (const PortEntry* entry = Entry(port, proto)) __builtin_prefetch(entry);
  }

  // Number of distinct service names held (not counting "unknown").
  std::size_t name_count() const { return offsets_.empty() ? 0 : offsets_.size() - 2; }
  // Number of distinct purposes held.
  std::size_t purpose_count() const { return purpose_offsets_.empty() ? 0 : purpose_offsets_.size() - 2; }

  // One port's names: indices into the service names and the purposes; 0 is
  // "unknown" and "none" (the purpose is then the service's).
  struct PortEntry {
    std::uint16_t service;
    std::uint16_t purpose;
  };
  // Port tables come from calloc, so they are freed with free.
  struct FreeTable {
    void operator()(PortEntry* table) const { std::free(table); }
  };

 private:
  static constexpr int kProtocols = 4;  // tcp, udp, sctp, dccp
  static constexpr std::size_t kPorts = 65536;

  // Index of `proto` in the tables, or -1 when it has no IANA ports.
  static int ProtocolIndex(std::string_view proto);
  // The table's entry for (port, proto); null when the protocol has no table.
  const PortEntry* Entry(std::uint16_t port, std::string_view proto) const {
    const int protocol = ProtocolIndex(proto);
    if (protocol < 0 || !ports_) return nullptr;
    return &ports_[static_cast<std::size_t>(protocol) * kPorts + port];
  }
  std::string_view Name(std::uint16_t index) const;
  std::string_view PurposeName(std::uint16_t index) const;

  // ports_[protocol * kPorts + port] = the port's names. Null in an empty
  // registry without purposes.
  std::unique_ptr<PortEntry[], FreeTable> ports_;
  // Name i is text_[offsets_[i], offsets_[i + 1]).
  std::string text_;
  std::vector<std::uint32_t> offsets_;
  // Purpose i (from 1) is purpose_text_[purpose_offsets_[i], purpose_offsets_[i + 1]).
  std::string purpose_text_;
  std::vector<std::uint32_t> purpose_offsets_;
};

}  // namespace fwlog
