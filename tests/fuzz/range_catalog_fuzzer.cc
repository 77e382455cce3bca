// libFuzzer target: the range catalog loader on arbitrary file text, and its
// line scan of `cidrs:` lists held to yaml-cpp (ListReader::kYaml) as the
// reference: both load or both refuse, and what loads answers alike. The
// first byte picks the file's kind (odd: a plain list, .txt; even: a YAML
// catalog), the rest is its text.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "core/ip_address.h"
#include "enrich/range_table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 64 * 1024) return 0;
  const std::string path = "/tmp/fwlog-range-fuzz-" + std::to_string(::getpid()) + ((data[0] & 1) ? ".txt" : ".yaml");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  auto scanned = fwlog::RangeTable::Load({path}, fwlog::RangeTable::ListReader::kLineScan);
  auto reference = fwlog::RangeTable::Load({path}, fwlog::RangeTable::ListReader::kYaml);
  ::unlink(path.c_str());
  if (scanned.ok() != reference.ok()) std::abort();
  if (!scanned.ok()) {
    if (scanned.status().message().empty()) std::abort();
    return 0;
  }
  if (scanned->Names() != reference->Names() || scanned->size() != reference->size()) std::abort();
  for (const char* text : {"0.0.0.0", "1.2.3.4", "10.0.0.1", "162.142.125.1", "192.0.2.10", "198.51.100.7",
                           "203.0.113.1", "255.255.255.255", "2001:db8::1", "2001:db8:10::1", "::1"}) {
    const auto address = fwlog::IpAddress::Parse(text);
    if (!address) std::abort();
    for (const bool global : {true, false}) {
      const auto a = scanned->Match(*address, global), b = reference->Match(*address, global);
      if (a.range != b.range || a.category != b.category) std::abort();
      const auto r = scanned->MatchReference(*address, global);
      if (r.range != a.range || r.category != a.category) std::abort();
    }
  }
  return 0;
}
