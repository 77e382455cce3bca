// Hostile and broken syslog senders (issue 19): senders not in
// allowed_senders are refused and counted; one address cannot take every TCP
// slot; a trickling connection loses its slot; a frame whose octet count runs
// past its message is dropped and the next message read whole. All on
// loopback (127.0.0.1 and 127.0.0.2 are two senders).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "syslog_test_util.h"

namespace fwlog {
namespace {

using ::fwlog::testing::ClosedByPeer;
using ::fwlog::testing::ConnectTcp;
using ::fwlog::testing::SendAll;
using ::fwlog::testing::SendUdp;
using ::fwlog::testing::Spec;
using ::fwlog::testing::SyslogListenerTest;
using ::fwlog::testing::WaitFor;
using ::testing::ElementsAre;

using SyslogSendersTest = SyslogListenerTest;
using std::chrono::milliseconds;

constexpr const char* kRouter = "127.0.0.2";  // the real sender
constexpr const char* kOther = "127.0.0.1";   // anyone else on the network

std::string Drop(int port) {
  return "<4>Nov 16 00:12:34 router kernel: DROP IN=ppp0 OUT= MAC= SRC=198.51.100.7 DST=203.0.113.7 LEN=40 "
         "TOS=0x00 PREC=0x00 TTL=243 ID=1 PROTO=TCP SPT=40000 DPT=" +
         std::to_string(port) + " WINDOW=1024 RES=0x00 SYN URGP=0";
}

SyslogSpec AllowOnly(SyslogProtocol protocol, const char* cidr) {
  SyslogSpec spec = Spec(protocol);
  spec.allowed_senders.push_back(*Cidr::Parse(cidr));
  return spec;
}

TEST_F(SyslogSendersTest, UdpDatagramsFromOtherSendersAreRefusedAndCounted) {
  Start(AllowOnly(SyslogProtocol::kUdp, "127.0.0.2/32"));
  SendUdp(input_->port(), Drop(3389), kOther);  // a forged datagram
  ASSERT_TRUE(WaitFor([&] { return input_->counters().senders_rejected.load() == 1; }));
  SendUdp(input_->port(), Drop(23), kRouter);
  ASSERT_TRUE(WaitReceived(1));
  Drain();
  EXPECT_THAT(sink_.Texts(), ElementsAre(Drop(23)));
  EXPECT_EQ(stats_.senders_rejected, 1);
  EXPECT_TRUE(stats_.dropped.empty());  // a refusal is not a dropped message
}

TEST_F(SyslogSendersTest, TcpConnectionsFromOtherSendersAreClosedAtOnceAndCounted) {
  Start(AllowOnly(SyslogProtocol::kTcp, "127.0.0.0/31"));  // 127.0.0.0 and 127.0.0.1
  const int stranger = ConnectTcp(input_->port(), kRouter);
  ASSERT_GE(stranger, 0);
  SendAll(stranger, Drop(3389) + "\n");
  EXPECT_TRUE(ClosedByPeer(stranger, 5000));
  const int allowed = ConnectTcp(input_->port(), kOther);
  SendAll(allowed, Drop(23) + "\n");
  ASSERT_TRUE(WaitReceived(1));
  Drain();
  EXPECT_THAT(sink_.Texts(), ElementsAre(Drop(23)));
  EXPECT_EQ(stats_.senders_rejected, 1);
  ::close(stranger);
  ::close(allowed);
}

// The reproduction of issue 19: 64 idle connections from one address used to
// take every slot (default limits), and the router was refused for the idle
// timeout. Now that address gets max_connections_per_address of them.
TEST_F(SyslogSendersTest, IdleConnectionsFromOneAddressDoNotLockTheRouterOut) {
  SyslogSpec spec = Spec(SyslogProtocol::kTcp);
  const SyslogSpec defaults;
  spec.max_connections = defaults.max_connections;
  spec.max_connections_per_address = defaults.max_connections_per_address;
  Start(spec);
  std::vector<int> idle;
  for (std::size_t i = 0; i < defaults.max_connections; ++i) idle.push_back(ConnectTcp(input_->port(), kOther));
  const auto per_address = defaults.max_connections_per_address;
  ASSERT_TRUE(
      WaitFor([&] { return input_->counters().address_limit.load() == defaults.max_connections - per_address; }));
  EXPECT_EQ(input_->counters().connections.load(), per_address);
  const int router = ConnectTcp(input_->port(), kRouter);
  for (int i = 0; i < 10; ++i) SendAll(router, Drop(22 + i) + "\n");
  ASSERT_TRUE(WaitReceived(10));
  Drain();
  EXPECT_EQ(sink_.lines.size(), 10u);
  EXPECT_EQ(stats_.dropped["address_limit"], static_cast<int>(defaults.max_connections - per_address));
  EXPECT_EQ(stats_.dropped["connection_limit"], 0);
  for (int s : idle) ::close(s);
  ::close(router);
}

TEST_F(SyslogSendersTest, PerAddressLimitLeavesRoomForOtherAddresses) {
  SyslogSpec spec = Spec(SyslogProtocol::kTcp);
  spec.max_connections = 3;
  spec.max_connections_per_address = 2;
  Start(spec);
  const int a = ConnectTcp(input_->port(), kOther);
  const int b = ConnectTcp(input_->port(), kOther);
  ASSERT_TRUE(WaitFor([&] { return input_->counters().connections.load() == 2; }));
  const int c = ConnectTcp(input_->port(), kOther);
  EXPECT_TRUE(ClosedByPeer(c, 5000));
  const int router = ConnectTcp(input_->port(), kRouter);
  SendAll(router, Drop(23) + "\n");
  ASSERT_TRUE(WaitReceived(1));
  ::close(a);  // a slot of the busy address frees: it may connect again
  ASSERT_TRUE(WaitFor([&] { return input_->counters().connections.load() == 2; }));
  const int d = ConnectTcp(input_->port(), kOther);
  SendAll(d, Drop(80) + "\n");
  ASSERT_TRUE(WaitReceived(2));
  Drain();
  EXPECT_THAT(sink_.Texts(), ElementsAre(Drop(23), Drop(80)));
  EXPECT_EQ(stats_.dropped["address_limit"], 1);
  for (int s : {b, c, router, d}) ::close(s);
}

// One byte now and then, always within the idle timeout: the unfinished
// message must still be complete within the message timeout.
TEST_F(SyslogSendersTest, TricklingConnectionIsClosedAfterTheMessageTimeout) {
  Start(Spec(SyslogProtocol::kTcp), std::chrono::seconds(30), milliseconds(300));
  const int s = ConnectTcp(input_->port(), kOther);
  const std::string message = Drop(23) + "\n";
  bool closed = false;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < message.size() && !closed; ++i) {
    SendAll(s, message.substr(i, 1));
    closed = ClosedByPeer(s, 100);
  }
  EXPECT_TRUE(closed || ClosedByPeer(s, 5000));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  Drain();
  EXPECT_TRUE(sink_.lines.empty());
  EXPECT_EQ(stats_.dropped["message_timeout"], 1);
  ::close(s);
}

// Empty lines complete no message: a sender that only keeps the connection
// warm is closed at the idle timeout, counted nowhere (nothing was lost).
TEST_F(SyslogSendersTest, EmptyLinesDoNotKeepAConnectionOpen) {
  Start(Spec(SyslogProtocol::kTcp), milliseconds(400), milliseconds(10000));
  const int s = ConnectTcp(input_->port(), kOther);
  SendAll(s, "<13>first\n");
  ASSERT_TRUE(WaitReceived(1));
  bool closed = false;
  for (int i = 0; i < 50 && !closed; ++i) {
    SendAll(s, "\n");
    closed = ClosedByPeer(s, 100);
  }
  EXPECT_TRUE(closed);
  Drain();
  EXPECT_THAT(sink_.Texts(), ElementsAre("<13>first"));
  EXPECT_TRUE(stats_.dropped.empty());
  ::close(s);
}

// A message that takes a while but completes within the bound is counted,
// and its connection stays.
TEST_F(SyslogSendersTest, SlowButCompleteMessagesKeepTheirConnection) {
  Start(Spec(SyslogProtocol::kTcp), std::chrono::seconds(30), milliseconds(1500));
  const int s = ConnectTcp(input_->port(), kOther);
  for (int round = 0; round < 3; ++round) {
    const std::string m = Drop(20 + round) + "\n";
    SendAll(s, m.substr(0, 40));
    std::this_thread::sleep_for(milliseconds(300));
    SendAll(s, m.substr(40));
    ASSERT_TRUE(WaitReceived(static_cast<std::uint64_t>(round + 1)));
  }
  EXPECT_FALSE(ClosedByPeer(s, 100));
  Drain();
  EXPECT_EQ(sink_.lines.size(), 3u);
  EXPECT_TRUE(stats_.dropped.empty());
  ::close(s);
}

// Issue 19: "an octet-count frame that is too long swallows the next message
// and counts the damaged one as a valid DROP".
TEST_F(SyslogSendersTest, FrameCountRunningPastItsMessageIsDroppedAndTheNextOneRead) {
  SyslogSpec spec = Spec(SyslogProtocol::kTcp);
  Start(spec);
  const std::string damaged = Drop(3389), next = Drop(22), last = Drop(23);
  auto frame = [](const std::string& m, std::size_t count) { return std::to_string(count) + " " + m; };
  const int s = ConnectTcp(input_->port(), kOther);
  SendAll(s, frame(damaged, damaged.size() + 30) + frame(next, next.size()) + frame(last, last.size()));
  ASSERT_TRUE(WaitReceived(2));
  ::close(s);
  ASSERT_TRUE(WaitFor([&] { return input_->counters().connections.load() == 0; }));
  Drain();
  EXPECT_THAT(sink_.Texts(), ElementsAre(next, last));
  EXPECT_EQ(stats_.dropped["frame_overrun"], 1);
  EXPECT_EQ(stats_.dropped["bad_frame"], 0);
}

}  // namespace
}  // namespace fwlog
