// The syslog listeners over loopback sockets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "syslog_test_util.h"

namespace fwlog {
namespace {

using ::fwlog::testing::ClosedByPeer;
using ::fwlog::testing::ConnectTcp;
using ::fwlog::testing::Loopback;
using ::fwlog::testing::SendAll;
using ::fwlog::testing::SendUdp;
using ::fwlog::testing::Spec;
using ::fwlog::testing::SyslogListenerTest;
using ::fwlog::testing::WaitFor;
using ::testing::ElementsAre;

constexpr const char* k3164 = "<4>Nov 16 00:12:34 RT-AX88U kernel: DROP IN=ppp0 SRC=210.150.186.238 DPT=23";
constexpr const char* k5424 =
    "<134>1 2018-11-16T00:12:34+09:00 opnsense.lan filterlog 8763 - - 5,,,1000000103,igb0,match,block,in,4";

TEST_F(SyslogListenerTest, UdpDeliversRfc3164AndRfc5424WithHostNames) {
  Start(SyslogProtocol::kUdp);
  SendUdp(input_->port(), std::string(k3164) + "\n");
  ASSERT_TRUE(WaitReceived(1));
  SendUdp(input_->port(), k5424);
  ASSERT_TRUE(WaitReceived(2));
  Drain();
  ASSERT_EQ(sink_.lines.size(), 2u);
  EXPECT_EQ(sink_.lines[0].text, k3164);  // delivered whole, <PRI> included
  EXPECT_EQ(sink_.lines[0].host, "RT-AX88U");
  EXPECT_EQ(sink_.lines[0].input, 5);
  EXPECT_EQ(sink_.lines[1].text, k5424);
  EXPECT_EQ(sink_.lines[1].host, "opnsense.lan");
  EXPECT_GT(stats_.bytes_read, 0u);
}

TEST_F(SyslogListenerTest, UdpCutsTooLongMessages) {
  Start(SyslogProtocol::kUdp);
  SendUdp(input_->port(), "<13>" + std::string(1000, 'x'));
  ASSERT_TRUE(WaitReceived(1));
  Drain();
  ASSERT_EQ(sink_.lines.size(), 1u);
  EXPECT_EQ(sink_.lines[0].text.size(), 480u);
  EXPECT_TRUE(sink_.lines[0].cut);
  EXPECT_EQ(stats_.dropped["too_long"], 1);
}

TEST_F(SyslogListenerTest, QueueFullDropsAreCountedAndCountedPlusDroppedEqualsSent) {
  SyslogSpec spec = Spec(SyslogProtocol::kUdp);
  spec.queue_size = 10;
  Start(spec);
  constexpr int kSent = 200;
  for (int i = 0; i < kSent; ++i) {
    SendUdp(input_->port(), "<13>Nov 16 00:12:34 h kernel: message " + std::to_string(i));
    if (i % 50 == 49) {  // keep the kernel's receive buffer from filling
      ASSERT_TRUE(WaitReceived(static_cast<std::uint64_t>(i + 1)));
    }
  }
  ASSERT_TRUE(WaitReceived(kSent));
  Drain();
  EXPECT_EQ(sink_.lines.size(), 10u);
  EXPECT_EQ(stats_.dropped["queue_full"], kSent - 10);
  EXPECT_EQ(static_cast<int>(sink_.lines.size()) + stats_.dropped["queue_full"] + stats_.dropped["receive_buffer"],
            kSent);
  EXPECT_EQ(sink_.lines[9].text, "<13>Nov 16 00:12:34 h kernel: message 9");
}

// This process's UDP socket bound to `port` (the listener's), or -1.
int UdpSocketBoundTo(int port) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    const int fd = std::atoi(entry.path().filename().c_str());
    int type = 0;
    socklen_t type_length = sizeof type;
    sockaddr_in bound{};
    socklen_t length = sizeof bound;
    if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &type_length) == 0 && type == SOCK_DGRAM &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) == 0 && bound.sin_family == AF_INET &&
        ntohs(bound.sin_port) == port)
      return fd;
  }
  return -1;
}

// A burst into a receive buffer of a few datagrams overflows it. Every
// datagram is then either received or counted as a receive_buffer drop, and
// the drops behind the burst's last received datagram are counted without
// waiting for another datagram to arrive.
TEST_F(SyslogListenerTest, KernelDropsAtTheEndOfABurstAreCountedWithoutAnotherDatagram) {
  Start(SyslogProtocol::kUdp);
  const int listener = UdpSocketBoundTo(input_->port());
  ASSERT_GE(listener, 0);
  const int small = 1;  // the kernel's minimum: a few datagrams
  ASSERT_EQ(::setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);
  const int s = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(s, 0);
  const auto a = Loopback(input_->port());
  const std::string message = "<13>Nov 16 00:12:34 h kernel: " + std::string(400, 'x');
  constexpr std::uint64_t kSent = 50000;
  std::uint64_t sent = 0;
  for (std::uint64_t i = 0; i < kSent; ++i)
    if (::sendto(s, message.data(), message.size(), 0, reinterpret_cast<const sockaddr*>(&a), sizeof a) ==
        static_cast<ssize_t>(message.size()))
      ++sent;
  ::close(s);
  const auto& c = input_->counters();
  EXPECT_TRUE(WaitFor([&] { return c.received.load() + c.receive_buffer.load() >= sent; }))
      << "received " << c.received.load() << " + dropped by the kernel " << c.receive_buffer.load() << " of " << sent;
  EXPECT_EQ(c.received.load() + c.receive_buffer.load(), sent);
  EXPECT_GT(c.receive_buffer.load(), 0u);  // the buffer did overflow
}

TEST_F(SyslogListenerTest, TcpNewlineFraming) {
  Start(SyslogProtocol::kTcp);
  const int s = ConnectTcp(input_->port());
  ASSERT_GE(s, 0);
  SendAll(s, std::string(k3164) + "\r\n" + k5424 + "\n<13>last without newline");
  ASSERT_TRUE(WaitReceived(2));
  ::close(s);  // end of stream completes the last message
  ASSERT_TRUE(WaitReceived(3));
  Drain();
  ASSERT_EQ(sink_.lines.size(), 3u);
  EXPECT_EQ(sink_.lines[0].text, k3164);
  EXPECT_EQ(sink_.lines[0].host, "RT-AX88U");
  EXPECT_EQ(sink_.lines[1].host, "opnsense.lan");
  EXPECT_EQ(sink_.lines[2].text, "<13>last without newline");
}

TEST_F(SyslogListenerTest, TcpOctetCounting) {
  Start(SyslogProtocol::kTcp);
  const int s = ConnectTcp(input_->port());
  ASSERT_GE(s, 0);
  const std::string a = k5424;
  const std::string b = k3164;
  SendAll(s, std::to_string(a.size()) + " " + a + std::to_string(b.size()) + " " + b);
  ASSERT_TRUE(WaitReceived(2));
  ::close(s);
  Drain();
  EXPECT_THAT(sink_.Texts(), ElementsAre(a, b));
  EXPECT_EQ(sink_.lines[0].host, "opnsense.lan");
}

TEST_F(SyslogListenerTest, TcpFramingIsDetectedPerConnection) {
  Start(SyslogProtocol::kTcp);
  const int octets = ConnectTcp(input_->port());
  const int lines = ConnectTcp(input_->port());
  SendAll(octets, "5 <13>a");
  SendAll(lines, "<13>b\n");
  ASSERT_TRUE(WaitReceived(2));
  ::close(octets);
  ::close(lines);
  Drain();
  EXPECT_THAT(sink_.Texts(), ::testing::UnorderedElementsAre("<13>a", "<13>b"));
}

// TCP has flow control: when the queue is full the listener stops reading and
// the senders wait, so nothing is dropped, order is kept per connection, and
// a connection waiting for room is not closed as idle meanwhile. The
// newline-framed sender closes after an unterminated last message, which is
// still delivered. Neither clock runs while a connection waits (idle and
// message timeouts of 100 ms).
TEST_F(SyslogListenerTest, TcpLosesNothingWhenTheQueueIsFullAndTheSendersWait) {
  SyslogSpec spec = Spec(SyslogProtocol::kTcp);
  spec.queue_size = 10;
  Start(spec, std::chrono::milliseconds(100), std::chrono::milliseconds(100));
  constexpr int kEach = 3000;
  auto message = [](char framing, int i) { return std::string("<13>h k: ") + framing + std::to_string(i); };
  std::string lines;
  std::string octets;
  for (int i = 0; i < kEach; ++i) {
    lines += message('n', i) + (i + 1 < kEach ? "\n" : "");
    const std::string m = message('o', i);
    octets += std::to_string(m.size()) + " " + m;
  }
  const int a = ConnectTcp(input_->port());
  const int b = ConnectTcp(input_->port());
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  std::thread sender([&] {
    SendAll(a, lines);
    ::close(a);
    SendAll(b, octets);
    ::close(b);
  });
  // Nothing drained for several idle timeouts: the queue stays full.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(input_->counters().received.load(), 10u);
  EXPECT_TRUE(WaitFor([&] {
    Drain();
    return sink_.lines.size() >= 2 * kEach;
  }));
  sender.join();
  Drain();
  std::vector<std::string> by_lines;
  std::vector<std::string> by_octets;
  for (const auto& text : sink_.Texts()) (text[9] == 'n' ? by_lines : by_octets).push_back(text);
  ASSERT_EQ(by_lines.size(), kEach);
  ASSERT_EQ(by_octets.size(), kEach);
  for (int i = 0; i < kEach; ++i) {
    ASSERT_EQ(by_lines[i], message('n', i));
    ASSERT_EQ(by_octets[i], message('o', i));
  }
  EXPECT_TRUE(stats_.dropped.empty()) << "queue_full " << stats_.dropped["queue_full"] << ", incomplete "
                                      << stats_.dropped["incomplete"];
}

TEST_F(SyslogListenerTest, TcpConnectionLimitRefusesExtraConnections) {
  Start(SyslogProtocol::kTcp);  // max_connections: 2
  const int a = ConnectTcp(input_->port());
  const int b = ConnectTcp(input_->port());
  ASSERT_TRUE(WaitFor([&] { return input_->counters().connections.load() == 2; }));
  const int c = ConnectTcp(input_->port());
  EXPECT_TRUE(ClosedByPeer(c, 5000));
  SendAll(a, "<13>still served\n");
  ASSERT_TRUE(WaitReceived(1));
  Drain();
  EXPECT_EQ(stats_.dropped["connection_limit"], 1);
  EXPECT_THAT(sink_.Texts(), ElementsAre("<13>still served"));
  ::close(a);
  ::close(b);
  ::close(c);
}

TEST_F(SyslogListenerTest, TcpIdleConnectionIsClosed) {
  Start(SyslogProtocol::kTcp, std::chrono::milliseconds(50));
  const int s = ConnectTcp(input_->port());
  SendAll(s, "<13>done\n<13>half");
  EXPECT_TRUE(ClosedByPeer(s, 5000));
  Drain();
  EXPECT_THAT(sink_.Texts(), ElementsAre("<13>done"));
  EXPECT_EQ(stats_.dropped["incomplete"], 1);
  ::close(s);
}

TEST_F(SyslogListenerTest, MalformedOctetCountClosesTheConnection) {
  Start(SyslogProtocol::kTcp);
  const int s = ConnectTcp(input_->port());
  SendAll(s, "12x junk");
  EXPECT_TRUE(ClosedByPeer(s, 5000));
  Drain();
  EXPECT_EQ(stats_.dropped["bad_frame"], 1);
  ::close(s);
}

TEST_F(SyslogListenerTest, PortInUseIsAnError) {
  Start(SyslogProtocol::kUdp);
  SyslogSpec spec = Spec(SyslogProtocol::kUdp);
  spec.listen = "127.0.0.1:" + std::to_string(input_->port());
  SyslogInput second(0, spec, 16384, std::chrono::seconds(1));
  EXPECT_THAT(std::string(second.Start().message()), ::testing::HasSubstr("cannot listen"));
}

TEST(SplitHostPortTest, AcceptsIpv4Ipv6AndNames) {
  std::string host, port;
  ASSERT_TRUE(SplitHostPort("0.0.0.0:5514", host, port));
  EXPECT_EQ(host, "0.0.0.0");
  EXPECT_EQ(port, "5514");
  ASSERT_TRUE(SplitHostPort("[::1]:514", host, port));
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, "514");
  ASSERT_TRUE(SplitHostPort(":514", host, port));
  EXPECT_EQ(host, "");
  EXPECT_FALSE(SplitHostPort("nohost", host, port));
  EXPECT_FALSE(SplitHostPort("[::1]514", host, port));
}

}  // namespace
}  // namespace fwlog
