#include "input/syslog/syslog_input.h"

#include <algorithm>
#include <iterator>
#include <tuple>

#include "input/syslog/syslog_header.h"

namespace fwlog {
namespace {

constexpr std::size_t kMessagesPerRound = 4096;

std::size_t QueueBytes(const SyslogSpec& spec) {
  const std::size_t wanted = spec.queue_size * SyslogInput::kQueueBytesPerMessage;
  const std::size_t floor = std::max(SyslogInput::kMinQueueBytes, 4 * (spec.max_message_bytes + 64));
  return std::clamp(wanted, floor, std::max(floor, SyslogInput::kMaxQueueBytes));
}

// The drop reasons of fwlog_syslog_messages_dropped_total, and the counter
// each is read from.
struct DropReason {
  std::string_view reason;
  std::atomic<std::uint64_t> SyslogCounters::*counter;
};
constexpr DropReason kDropReasons[] = {
    {"queue_full", &SyslogCounters::queue_full},         {"too_long", &SyslogCounters::too_long},
    {"receive_buffer", &SyslogCounters::receive_buffer}, {"connection_limit", &SyslogCounters::connection_limit},
    {"address_limit", &SyslogCounters::address_limit},   {"message_timeout", &SyslogCounters::message_timeout},
    {"incomplete", &SyslogCounters::incomplete},         {"bad_frame", &SyslogCounters::bad_frame},
    {"frame_overrun", &SyslogCounters::frame_overrun},
};

// How many more than already reported (and notes them as reported).
std::uint64_t Since(const std::atomic<std::uint64_t>& counter, std::uint64_t& reported) {
  const std::uint64_t now = counter.load(std::memory_order_relaxed);
  const std::uint64_t more = now > reported ? now - reported : 0;
  reported = now;
  return more;
}

}  // namespace

SyslogInput::SyslogInput(int input, const SyslogSpec& spec, std::size_t max_line_bytes,
                         std::chrono::milliseconds idle_timeout, std::chrono::milliseconds message_timeout)
    : input_(input),
      max_line_bytes_(max_line_bytes),
      queue_(spec.queue_size, QueueBytes(spec)),
      listener_(spec, idle_timeout,
                message_timeout.count() > 0
                    ? message_timeout
                    : std::chrono::milliseconds(std::chrono::seconds(spec.message_timeout_seconds)),
                queue_, counters_) {
  static_assert(std::size(kDropReasons) == std::tuple_size_v<decltype(reported_drops_)>);
}

absl::Status SyslogInput::Start() { return listener_.Start(); }

void SyslogInput::Shutdown() { listener_.Stop(); }

bool SyslogInput::Poll(LineSink& sink, InputStats& stats) {
  std::size_t bytes = 0;
  queue_.Drain(kMessagesPerRound, [&](const QueuedMessage& m) {
    LogLine line;
    line.text = m.text;
    line.cut = m.cut;
    if (line.text.size() > max_line_bytes_) {
      line.text = line.text.substr(0, max_line_bytes_);
      line.cut = true;
      stats.LineTooLong(input_);
    }
    line.input = input_;
    line.receive_time = m.receive_time;
    line.transport_host = SyslogHostName(line.text);
    bytes += m.text.size();
    sink.OnLine(line);
  });
  if (bytes > 0) stats.BytesRead(input_, bytes);
  ReportDrops(stats);
  return queue_.size() > 0;
}

void SyslogInput::ReportDrops(InputStats& stats) {
  for (std::size_t i = 0; i < std::size(kDropReasons); ++i) {
    const auto& r = kDropReasons[i];
    if (const auto more = Since(counters_.*r.counter, reported_drops_[i]); more > 0)
      stats.SyslogDropped(input_, r.reason, more);
  }
  if (const auto more = Since(counters_.senders_rejected, reported_rejected_); more > 0)
    stats.SyslogSendersRejected(input_, more);
}

void SyslogInput::AppendWakeFds(std::vector<int>& fds) const { fds.push_back(queue_.wake_fd()); }

}  // namespace fwlog
