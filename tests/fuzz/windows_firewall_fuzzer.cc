// libFuzzer target: the windows-firewall preset (and auto) on arbitrary logs:
// an input is several lines, so that a "#Fields:" header and the records
// after it are fuzzed together.
#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fwlog::fuzz::FuzzLog("windows-firewall", data, size);
  return 0;
}
