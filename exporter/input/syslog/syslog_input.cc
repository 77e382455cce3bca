#include "input/syslog/syslog_input.h"

#include <algorithm>

#include "input/syslog/syslog_header.h"

namespace fwlog {
namespace {

constexpr std::size_t kMessagesPerRound = 4096;

std::size_t QueueBytes(const SyslogSpec& spec) {
  const std::size_t wanted = spec.queue_size * SyslogInput::kQueueBytesPerMessage;
  const std::size_t floor = std::max(SyslogInput::kMinQueueBytes, 4 * (spec.max_message_bytes + 64));
  return std::clamp(wanted, floor, std::max(floor, SyslogInput::kMaxQueueBytes));
}

void Report(InputStats& stats, int input, std::string_view reason, std::uint64_t now, std::uint64_t& reported) {
  if (now > reported) stats.SyslogDropped(input, reason, now - reported);
  reported = now;
}

}  // namespace

SyslogInput::SyslogInput(int input, const SyslogSpec& spec, std::size_t max_line_bytes,
                         std::chrono::milliseconds idle_timeout)
    : input_(input),
      max_line_bytes_(max_line_bytes),
      queue_(spec.queue_size, QueueBytes(spec)),
      listener_(spec, idle_timeout, queue_, counters_) {}

std::string SyslogInput::Start() { return listener_.Start(); }

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
  auto load = [](const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  Report(stats, input_, "queue_full", load(counters_.queue_full), reported_queue_full_);
  Report(stats, input_, "too_long", load(counters_.too_long), reported_too_long_);
  Report(stats, input_, "receive_buffer", load(counters_.receive_buffer), reported_receive_buffer_);
  Report(stats, input_, "connection_limit", load(counters_.connection_limit), reported_connection_limit_);
  Report(stats, input_, "incomplete", load(counters_.incomplete), reported_incomplete_);
  Report(stats, input_, "bad_frame", load(counters_.bad_frame), reported_bad_frame_);
}

void SyslogInput::AppendWakeFds(std::vector<int>& fds) const { fds.push_back(queue_.wake_fd()); }

}  // namespace fwlog
