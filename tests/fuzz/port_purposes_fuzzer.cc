// libFuzzer target: the port-purpose table loader on arbitrary CSV text; a
// table that loads holds only sourced, well-formed entries, and a registry
// given it answers lookups for any port.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "enrich/port_purposes.h"
#include "enrich/service_registry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto purposes = fwlog::ParsePortPurposes(text, "fuzz.csv");
  if (!purposes.ok()) {
    if (purposes.status().message().empty()) std::abort();
    return 0;
  }
  for (const auto& p : *purposes) {
    if (p.port == 0 || !fwlog::IsPortPurposeSource(p.source) || p.purpose.empty()) std::abort();
    if (p.protocol != "tcp" && p.protocol != "udp") std::abort();
  }
  fwlog::ServiceRegistry registry;
  if (!registry.SetPurposes(*purposes).ok()) return 0;
  for (const auto& p : *purposes)
    if (registry.Names(p.port, p.protocol).purpose != p.purpose) std::abort();
  for (const unsigned port : {0u, 1u, 22u, 5555u, 65535u})
    for (const char* proto : {"tcp", "udp", "icmp", ""})
      if (registry.Names(static_cast<std::uint16_t>(port), proto).purpose.empty()) std::abort();
  return 0;
}
