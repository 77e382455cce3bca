// LineDelivery: turns a (text, cut) pair from a LineSplitter into a LogLine
// for the sink, with the fields every line of one read shares, and hands
// the lines over in batches of up to kBatch (LineSink::OnLines), so that
// the pipeline can start loading what a line needs from memory while it
// still works on the lines before it. SendBatch() hands over what is
// gathered: the splitter calls it before the bytes a gathered line views
// can change (LineSplitter::Feed), so every line is delivered before the
// Feed() or Finish() that completed it returns.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/line_sink.h"
#include "core/log_line.h"
#include "input/line_splitter.h"

namespace fwlog {

struct LineDelivery {
  LineSink& sink;
  InputStats& stats;
  int input = 0;
  std::int64_t receive_time = 0;

  static constexpr std::size_t kBatch = 16;
  std::array<LogLine, kBatch> batch{};
  std::size_t gathered = 0;

  void operator()(std::string_view text, bool cut, bool printable = false) {
    if (cut) stats.LineTooLong(input);
    LogLine& line = batch[gathered];
    line.text = text;
    line.input = input;
    line.receive_time = receive_time;
    line.cut = cut;
    line.printable = printable;
    if (++gathered == kBatch) SendBatch();
  }
  void SendBatch() {
    if (gathered == 0) return;
    const std::size_t n = gathered;
    gathered = 0;
    sink.OnLines(std::span<const LogLine>(batch.data(), n));
  }
};
static_assert(LineReceiver<LineDelivery>, "the splitter must be able to tell LineDelivery to hand its batch over");

}  // namespace fwlog
