// libFuzzer target: the panos preset (and auto) on arbitrary lines.
#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fwlog::fuzz::FuzzPreset("panos", data, size);
  return 0;
}
