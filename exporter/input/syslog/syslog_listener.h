// SyslogListener: a UDP or TCP syslog receiver on its own thread, feeding a
// MessageQueue. The Run() thread (SyslogInput) takes messages from the queue.
//
//  * UDP: one message per datagram; trailing '\n', '\r' and NUL are stripped.
//    Datagrams the kernel drops because its receive buffer is full are
//    counted too: from SO_RXQ_OVFL with each datagram, and from SO_MEMINFO
//    whenever the receive queue runs empty, so drops behind the last
//    datagram of a burst are counted at once and no loss goes unseen.
//  * TCP: one thread serves all connections with poll(2). Framing is octet
//    counting or newline, detected per connection (SyslogFramer). At most
//    max_connections at once: more are accepted and closed at once and
//    counted ("connection_limit"). A connection silent for idle_timeout is
//    closed. A last unterminated newline-framed message is delivered when its
//    connection closes; an incomplete octet-counted frame is dropped
//    ("incomplete"); a malformed octet count closes the connection
//    ("bad_frame").
//  * A message over max_message_bytes is cut there and queued with cut=true
//    ("too_long").
//  * Queue full: a UDP datagram is dropped ("queue_full"). TCP loses
//    nothing: a connection whose messages find no room keeps them and is not
//    read until the queue has room again (MessageQueue::space_fd), so TCP's
//    flow control makes the sender wait. One connection holds at most the
//    messages of one read (64 KiB) plus one unfinished message; a held
//    connection is not idle, and one the peer closed meanwhile is closed once
//    its messages are queued.
//
// Counters are atomics read by the Run() thread, which reports them through
// InputStats (all InputStats calls stay on one thread).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "config/config.h"
#include "input/syslog/message_queue.h"
#include "input/unique_fd.h"

namespace fwlog {

struct SyslogCounters {
  std::atomic<std::uint64_t> received{0};  // messages queued or dropped
  std::atomic<std::uint64_t> queue_full{0};
  std::atomic<std::uint64_t> too_long{0};
  std::atomic<std::uint64_t> receive_buffer{0};
  std::atomic<std::uint64_t> connection_limit{0};
  std::atomic<std::uint64_t> incomplete{0};
  std::atomic<std::uint64_t> bad_frame{0};
  std::atomic<std::uint64_t> connections{0};  // open TCP connections now
};

class SyslogListener {
 public:
  SyslogListener(const SyslogSpec& spec, std::chrono::milliseconds idle_timeout, MessageQueue& queue,
                 SyslogCounters& counters);
  ~SyslogListener();
  SyslogListener(const SyslogListener&) = delete;
  SyslogListener& operator=(const SyslogListener&) = delete;

  // Binds spec.listen ("host:port", "[v6]:port"; port 0 picks a free one)
  // and starts the thread. Empty, or an error message.
  std::string Start();
  // Stops the thread and closes every socket. Idempotent.
  void Stop();
  // The bound port, 0 before Start.
  int port() const { return port_.load(); }

 private:
  void RunUdp();
  void RunTcp();
  // Queues one message (already framed), cutting it at max_message_bytes;
  // one the queue has no room for is dropped and counted (UDP).
  void Accept(std::string_view message, bool cut);
  // Like Accept, but false (nothing counted) when the queue has no room: the
  // caller keeps the message and offers it again (TCP).
  bool Offer(std::string_view message, bool cut);

  const SyslogSpec spec_;
  const std::chrono::milliseconds idle_timeout_;
  MessageQueue& queue_;
  SyslogCounters& counters_;
  UniqueFd socket_;
  UniqueFd stop_;  // eventfd
  std::atomic<int> port_{0};
  std::thread thread_;
};

// Parses "host:port" / "[host]:port". False on a malformed address.
bool SplitHostPort(const std::string& listen, std::string& host, std::string& port);

}  // namespace fwlog
