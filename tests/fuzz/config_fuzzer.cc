// libFuzzer target: the configuration loader (YAML -> Config, every check
// with its position) on arbitrary text. A rejection must carry a message.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto config = fwlog::LoadConfigFromString(text, "fuzz.yml");
  if (!config.ok() && config.status().message().empty()) std::abort();
  return 0;
}
