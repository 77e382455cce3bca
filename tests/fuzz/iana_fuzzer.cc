// libFuzzer target: the IANA service-names CSV reader on arbitrary text; a
// registry that loads must answer lookups for any port.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "enrich/service_registry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256 * 1024) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto registry = fwlog::ServiceRegistry::ParseIanaCsv(text, "fuzz.csv");
  if (!registry.ok()) {
    if (registry.status().message().empty()) std::abort();
    return 0;
  }
  for (const unsigned port : {0u, 1u, 22u, 23u, 80u, 443u, 8080u, 65535u})
    for (const char* proto : {"tcp", "udp", "sctp", "dccp", "icmp", ""})
      if (registry->Lookup(static_cast<std::uint16_t>(port), proto).empty()) std::abort();
  return 0;
}
