// SyslogListener: a UDP or TCP syslog receiver on its own thread, feeding a
// MessageQueue. The Run() thread (SyslogInput) takes messages from the queue.
//
//  * Senders: with spec.allowed_senders, a datagram or connection from any
//    other address is refused (a connection closed at once) and counted in
//    `senders_rejected`, never queued.
//  * UDP: one message per datagram; trailing '\n', '\r' and NUL are stripped.
//    Datagrams the kernel drops because its receive buffer is full are
//    counted too: from SO_RXQ_OVFL with each datagram, and from SO_MEMINFO
//    whenever the receive queue runs empty, so drops behind the last
//    datagram of a burst are counted at once and no loss goes unseen.
//  * TCP: one thread serves all connections with poll(2). Framing is octet
//    counting or newline, detected per connection (SyslogFramer). At most
//    max_connections at once, and max_connections_per_address from one peer
//    address: more are accepted and closed at once and counted
//    ("connection_limit", "address_limit"), so one address cannot take every
//    slot. Progress is a complete message, not a byte: a connection that
//    completes none for idle_timeout is closed, and one that leaves a message
//    unfinished for message_timeout is closed and counted ("message_timeout"),
//    so a sender trickling a byte now and then holds no slot for long. A
//    last unterminated newline-framed message is delivered when its
//    connection closes; an incomplete octet-counted frame is dropped
//    ("incomplete"); a malformed octet count closes the connection
//    ("bad_frame"); a frame whose count runs past its message is dropped and
//    reading goes on at the next frame ("frame_overrun", SyslogFramer).
//  * A message over max_message_bytes is cut there and queued with cut=true
//    ("too_long").
//  * Queue full: a UDP datagram is dropped ("queue_full"). TCP loses
//    nothing: a connection whose messages find no room keeps them and is not
//    read until the queue has room again (MessageQueue::space_fd), so TCP's
//    flow control makes the sender wait. One connection holds at most the
//    messages of one read (64 KiB) plus one unfinished message; a held
//    connection is not idle (its clocks restart when its messages are
//    queued), and one the peer closed meanwhile is closed once its messages
//    are queued.
//
// Counters are atomics read by the Run() thread, which reports them through
// InputStats (all InputStats calls stay on one thread).
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>

#include "absl/status/status.h"
#include "config/config.h"
#include "core/ip_address.h"
#include "input/syslog/message_queue.h"
#include "input/unique_fd.h"

namespace fwlog {

struct SyslogCounters {
  std::atomic<std::uint64_t> received{0};  // messages queued or dropped
  // Drops, by the reason SyslogInput reports them under.
  std::atomic<std::uint64_t> queue_full{0};
  std::atomic<std::uint64_t> too_long{0};
  std::atomic<std::uint64_t> receive_buffer{0};
  std::atomic<std::uint64_t> connection_limit{0};
  std::atomic<std::uint64_t> address_limit{0};
  std::atomic<std::uint64_t> message_timeout{0};
  std::atomic<std::uint64_t> incomplete{0};
  std::atomic<std::uint64_t> bad_frame{0};
  std::atomic<std::uint64_t> frame_overrun{0};
  // Datagrams and connections refused: their sender is not allowed.
  std::atomic<std::uint64_t> senders_rejected{0};
  std::atomic<std::uint64_t> connections{0};  // open TCP connections now
};

class SyslogListener {
 public:
  // `idle_timeout` and `message_timeout` are the spec's seconds, or shorter
  // ones in tests.
  SyslogListener(const SyslogSpec& spec, std::chrono::milliseconds idle_timeout,
                 std::chrono::milliseconds message_timeout, MessageQueue& queue, SyslogCounters& counters);
  ~SyslogListener();
  SyslogListener(const SyslogListener&) = delete;
  SyslogListener& operator=(const SyslogListener&) = delete;

  // Binds spec.listen ("host:port", "[v6]:port"; port 0 picks a free one)
  // and starts the thread. An address that does not parse is
  // InvalidArgument; a bind or listen that fails carries its errno's code.
  absl::Status Start();
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
  // Whether `peer` may send (spec.allowed_senders); counts a refusal.
  bool Allowed(const IpAddress& peer);

  const SyslogSpec spec_;
  const std::chrono::milliseconds idle_timeout_;
  const std::chrono::milliseconds message_timeout_;
  MessageQueue& queue_;
  SyslogCounters& counters_;
  UniqueFd socket_;
  UniqueFd stop_;  // eventfd
  std::atomic<int> port_{0};
  std::thread thread_;
};

// Parses "host:port" / "[host]:port". False on a malformed address.
bool SplitHostPort(const std::string& listen, std::string& host, std::string& port);

// A socket address without its port (IPv4 as IPv4-mapped IPv6, as IpAddress
// keeps it); all zeros for a family other than IPv4 and IPv6.
IpAddress PeerAddress(const sockaddr_storage& address);

}  // namespace fwlog
