// SyslogInput: one configured syslog listener as an Input. The listener
// thread fills a bounded MessageQueue; each Poll on the Run() thread hands
// queued messages to the sink (with the header's host name as
// transport_host) and reports the listener's drops and refused senders
// through InputStats.
//
// Bounds: the queue holds at most queue_size messages and
// queue_size * kQueueBytesPerMessage bytes (within [kMinQueueBytes,
// kMaxQueueBytes], never less than a few maximal messages). A delivered
// message longer than max_line_bytes is cut once more there (LineTooLong).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>

#include "config/config.h"
#include "input/clock.h"
#include "input/input.h"
#include "input/syslog/message_queue.h"
#include "input/syslog/syslog_listener.h"

namespace fwlog {

class SyslogInput : public Input {
 public:
  static constexpr std::size_t kQueueBytesPerMessage = 512;
  static constexpr std::size_t kMinQueueBytes = std::size_t{1} << 20;
  static constexpr std::size_t kMaxQueueBytes = std::size_t{256} << 20;

  // `idle_timeout` (and `message_timeout`, if not zero) replace the spec's
  // seconds: tests use shorter ones.
  SyslogInput(int input, const SyslogSpec& spec, std::size_t max_line_bytes, std::chrono::milliseconds idle_timeout,
              std::chrono::milliseconds message_timeout = std::chrono::milliseconds(0));

  absl::Status Start() override;
  void Shutdown() override;
  bool HoldsAcceptedLines() const override { return true; }
  bool Poll(LineSink& sink, InputStats& stats) override;
  void AppendWakeFds(std::vector<int>& fds) const override;

  int port() const { return listener_.port(); }
  const SyslogCounters& counters() const { return counters_; }

 private:
  void ReportDrops(InputStats& stats);

  const int input_;
  const std::size_t max_line_bytes_;
  SyslogCounters counters_;
  MessageQueue queue_;
  SyslogListener listener_;
  // What ReportDrops has already reported: per drop reason (in the order of
  // syslog_input.cc's table), and refused senders.
  std::array<std::uint64_t, 9> reported_drops_{};
  std::uint64_t reported_rejected_ = 0;
};

}  // namespace fwlog
