// Shared by the syslog listener tests: loopback sockets (from 127.0.0.1 or
// another loopback address, all of 127/8 reaches the host) and a fixture
// around one SyslogInput.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "input/syslog/syslog_input.h"
#include "test_util.h"

namespace fwlog::testing {

inline SyslogSpec Spec(SyslogProtocol protocol) {
  SyslogSpec s;
  s.listen = "127.0.0.1:0";
  s.protocol = protocol;
  s.max_message_bytes = 480;
  s.queue_size = 1000;
  s.max_connections = 2;
  return s;
}

inline sockaddr_in Loopback(int port, const char* address = "127.0.0.1") {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, address, &a.sin_addr);
  return a;
}

// A socket of `type` bound to `source` (port 0), or -1.
inline int SocketFrom(int type, const char* source) {
  const int s = ::socket(AF_INET, type, 0);
  const auto from = Loopback(0, source);
  if (s >= 0 && ::bind(s, reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0) {
    ::close(s);
    return -1;
  }
  return s;
}

inline void SendUdp(int port, const std::string& message, const char* source = "127.0.0.1") {
  const int s = SocketFrom(SOCK_DGRAM, source);
  const auto a = Loopback(port);
  ::sendto(s, message.data(), message.size(), 0, reinterpret_cast<const sockaddr*>(&a), sizeof a);
  ::close(s);
}

// A connection to the listener from `source`; -1 when connect fails.
inline int ConnectTcp(int port, const char* source = "127.0.0.1") {
  const int s = SocketFrom(SOCK_STREAM, source);
  const auto a = Loopback(port);
  if (s < 0 || ::connect(s, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
    if (s >= 0) ::close(s);
    return -1;
  }
  return s;
}

inline void SendAll(int s, const std::string& bytes) {
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::send(s, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// True when the peer closed `s` within the limit.
inline bool ClosedByPeer(int s, int limit_ms) {
  pollfd p{s, POLLIN, 0};
  if (::poll(&p, 1, limit_ms) <= 0) return false;
  char c;
  return ::recv(s, &c, 1, 0) <= 0;
}

class SyslogListenerTest : public ::testing::Test {
 protected:
  void Start(SyslogProtocol protocol, std::chrono::milliseconds idle = std::chrono::seconds(30)) {
    Start(Spec(protocol), idle);
  }
  void Start(const SyslogSpec& spec, std::chrono::milliseconds idle = std::chrono::seconds(30),
             std::chrono::milliseconds message = std::chrono::milliseconds(0)) {
    input_ = std::make_unique<SyslogInput>(5, spec, 16384, idle, message);
    ASSERT_TRUE(input_->Start().ok());
    ASSERT_NE(input_->port(), 0);
  }
  bool WaitReceived(std::uint64_t n) {
    return WaitFor([&] { return input_->counters().received.load() >= n; });
  }
  void Drain() {
    while (input_->Poll(sink_, stats_)) {
    }
  }

  std::unique_ptr<SyslogInput> input_;
  RecordingSink sink_;
  CountingStats stats_;
};

}  // namespace fwlog::testing
