// libFuzzer target: TCP syslog framing (RFC 6587 octet counting and
// newline framing) on an arbitrary byte stream, fed in arbitrary pieces.
// The first byte picks the message limit, the second the piece size. Checks:
// no message is empty, none is longer than the limit, and a message longer
// than the limit never arrives uncut. The same stream also goes through the
// line splitter underneath: its search for a line's end must find memchr's
// '\n', and every line it calls printable must be printable ASCII.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "input/line_splitter.h"
#include "input/syslog/syslog_framer.h"

namespace {

bool AllPrintable(std::string_view text) {
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

void CheckLineSplitter(std::string_view stream, std::size_t max, std::size_t piece) {
  bool printable = false;
  const std::size_t end = fwlog::LineSplitter::FindLineEnd(stream, printable);
  const void* nl = std::memchr(stream.data(), '\n', stream.size());
  const std::size_t expected =
      nl == nullptr ? std::string_view::npos : static_cast<std::size_t>(static_cast<const char*>(nl) - stream.data());
  if (end != expected) std::abort();
  if (printable && (end == std::string_view::npos || !AllPrintable(stream.substr(0, end)))) std::abort();
  fwlog::LineSplitter splitter(max);
  auto on_line = fwlog::EachLine([](std::string_view text, bool /*cut*/, bool line_printable) {
    if (line_printable && !AllPrintable(text)) std::abort();
  });
  while (!stream.empty()) {
    const auto n = piece < stream.size() ? piece : stream.size();
    splitter.Feed(stream.substr(0, n), on_line);
    stream.remove_prefix(n);
  }
  splitter.Finish(on_line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t max = 1 + data[0] % 128;
  const std::size_t piece = 1 + data[1] % 64;
  std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);
  CheckLineSplitter(stream, max, piece);
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
