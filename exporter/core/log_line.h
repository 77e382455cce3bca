// LogLine: one complete line handed from an input to the pipeline. The text is
// borrowed: it is valid only during the LineSink call that receives it.
#pragma once

#include <cstdint>
#include <string_view>

namespace fwlog {

struct LogLine {
  std::string_view text;          // without the line terminator
  int input = 0;                  // index of the configured input
  std::int64_t receive_time = 0;  // Unix seconds when it was read
  // Host name from a syslog transport header, when the input is a listener and
  // the message body itself carries none. Empty otherwise.
  std::string_view transport_host;
  // The line was longer than the configured maximum and was cut there; the
  // pipeline counts it as invalid (reason "too_long"), the next line is whole.
  bool cut = false;
  // Every byte of `text` is printable ASCII (0x20..0x7e), as the splitter
  // saw while looking for the line's end; the parser then skips its own
  // check for binary junk. False: not known.
  bool printable = false;
};

}  // namespace fwlog
