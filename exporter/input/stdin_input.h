// StdinInput: reads lines from standard input (or any descriptor) until EOF,
// e.g. `journalctl -k -f | fwlog_exporter`. At EOF a last line without its
// newline is delivered too: the stream is complete. Then the input is done;
// the exporter keeps serving what it counted.
//
// It never blocks: each round checks readability with poll(2) first and
// reads at most a budget, and it leaves the descriptor's flags alone (making
// a shared pipe or terminal non-blocking would surprise other processes).
#pragma once

#include <cstddef>
#include <vector>

#include "input/clock.h"
#include "input/input.h"
#include "input/line_splitter.h"

namespace fwlog {

class StdinInput : public Input {
 public:
  StdinInput(int input, int fd, std::size_t max_line_bytes, const Clock& clock);
  bool Poll(LineSink& sink, InputStats& stats) override;
  void AppendWakeFds(std::vector<int>& fds) const override;
  bool done() const { return done_; }

 private:
  const int input_;
  const int fd_;
  const Clock& clock_;
  LineSplitter splitter_;
  std::vector<char> buffer_;
  bool done_ = false;
};

}  // namespace fwlog
