// LineDelivery: turns a (text, cut) pair from a LineSplitter into a LogLine
// for the sink, with the fields every line of one read shares.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/line_sink.h"
#include "core/log_line.h"

namespace fwlog {

struct LineDelivery {
  LineSink& sink;
  InputStats& stats;
  int input = 0;
  std::int64_t receive_time = 0;

  void operator()(std::string_view text, bool cut) const {
    if (cut) stats.LineTooLong(input);
    LogLine line;
    line.text = text;
    line.input = input;
    line.receive_time = receive_time;
    line.cut = cut;
    sink.OnLine(line);
  }
};

}  // namespace fwlog
