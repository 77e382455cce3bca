// Temporary first cut of ReadWholeFile (plain, .gz and stdin), until the
// input stage's full implementation lands.
#include <zlib.h>

#include <cstdio>
#include <ctime>
#include <string>

#include "input/input_runner.h"

namespace fwlog {

std::string ReadWholeFile(const std::string& path, int input, std::size_t max_line_bytes, LineSink& sink,
                          InputStats& stats) {
  gzFile gz = path == "-" ? gzdopen(0, "rb") : gzopen(path.c_str(), "rb");
  if (gz == nullptr) return path + ": cannot open";
  std::string pending;
  char buf[1 << 16];
  const std::int64_t now = std::time(nullptr);
  bool skipping = false;
  auto deliver = [&](std::string_view text, bool cut) {
    LogLine line;
    line.text = text;
    line.input = input;
    line.receive_time = now;
    line.cut = cut;
    if (!line.text.empty() && line.text.back() == '\r') line.text.remove_suffix(1);
    sink.OnLine(line);
  };
  for (;;) {
    const int n = gzread(gz, buf, sizeof buf);
    if (n < 0) {
      gzclose(gz);
      return path + ": read error";
    }
    if (n == 0) break;
    stats.BytesRead(input, static_cast<std::size_t>(n));
    std::string_view chunk(buf, static_cast<std::size_t>(n));
    while (!chunk.empty()) {
      const auto nl = chunk.find('\n');
      const auto part = chunk.substr(0, nl);
      if (!skipping) {
        pending.append(part);
        if (pending.size() > max_line_bytes) {
          deliver(std::string_view(pending).substr(0, max_line_bytes), true);
          stats.LineTooLong(input);
          pending.clear();
          skipping = true;
        }
      }
      if (nl == std::string_view::npos) break;
      if (!skipping) deliver(pending, false);
      pending.clear();
      skipping = false;
      chunk.remove_prefix(nl + 1);
    }
  }
  gzclose(gz);
  if (!pending.empty() && !skipping) deliver(pending, false);
  return {};
}

}  // namespace fwlog
