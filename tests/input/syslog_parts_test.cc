// The syslog listener's parts: header host names, TCP framing, the queue.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>

#include <deque>
#include <random>

#include "input/syslog/message_queue.h"
#include "input/syslog/syslog_framer.h"
#include "input/syslog/syslog_header.h"

namespace fwlog {
namespace {

using ::testing::ElementsAre;

TEST(SyslogHostNameTest, FindsTheHostInRfc3164AndRfc5424Headers) {
  struct Case {
    const char* message;
    const char* host;
  };
  const Case cases[] = {
      // RFC 3164 with a host name (Asuswrt-Merlin, OpenWrt).
      {"<4>Nov 16 00:12:34 RT-AX88U kernel: DROP IN=ppp0 OUT= SRC=210.150.186.238", "RT-AX88U"},
      {"<12>Jan  5 01:02:03 router.asus.com kernel: x", "router.asus.com"},
      {"<30>Nov 16 2018 00:12:34 gw1 kernel: x", "gw1"},
      {"<30>Nov 16 00:12:34.123 gw2 kernel: x", "gw2"},
      // RFC 3164 without one: the tag follows the time.
      {"<134>Nov 16 00:12:34 filterlog[8763]: 5,,,1000000103,igb0,match,block", ""},
      {"<4>Nov 16 00:12:34 kernel: [12345.678] DROP IN=eth0", ""},
      // MikroTik: identity, then topics.
      {"<134>Nov 16 00:12:34 MikroTik firewall,info input: in:ether1", "MikroTik"},
      // RFC 5424 (OPNsense, pfSense, rsyslog).
      {"<134>1 2018-11-16T00:12:34.123456+09:00 OPNsense.localdomain filterlog 8763 - [meta sequenceId=\"1\"] 5,,,",
       "OPNsense.localdomain"},
      {"<134>1 2018-11-16T00:12:34Z - filterlog - - - x", ""},
      // ISO time stamp without a version (rsyslog forwarding format).
      {"<13>2018-11-16T00:12:34.000+09:00 edge kernel: x", "edge"},
      // Not syslog headers.
      {"Nov 16 00:12:34 host kernel: no PRI", ""},
      {"<999999>junk", ""},
      {"<13>", ""},
      {"<13>Nov 16 00:12:34 lonely", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(SyslogHostName(c.message), c.host) << c.message;
}

struct Framed {
  std::vector<std::string> messages;
  std::vector<bool> cuts;
};

Framed Frame(const std::vector<std::string>& chunks, std::size_t max = 100, bool finish = false, bool* ok = nullptr) {
  Framed f;
  SyslogFramer framer(max);
  auto emit = [&](std::string_view m, bool cut) {
    f.messages.emplace_back(m);
    f.cuts.push_back(cut);
  };
  bool good = true;
  for (const auto& c : chunks) good = framer.Feed(c, emit) && good;
  if (finish) framer.Finish(emit);
  if (ok != nullptr) *ok = good;
  return f;
}

TEST(SyslogFramerTest, SplitsNewlineFramedMessages) {
  EXPECT_THAT(Frame({"<13>one\n<13>tw", "o\r\n\n<13>three\n"}).messages,
              ElementsAre("<13>one", "<13>two", "<13>three"));
}

TEST(SyslogFramerTest, SplitsOctetCountedMessages) {
  // Split anywhere, even inside the length.
  const std::string stream = "7 <13>one9 <13>two\n\n10 <13>three\n";
  const auto whole = Frame({stream});
  EXPECT_THAT(whole.messages, ElementsAre("<13>one", "<13>two", "<13>three"));
  for (std::size_t cut = 1; cut < stream.size(); ++cut) {
    EXPECT_EQ(Frame({stream.substr(0, cut), stream.substr(cut)}).messages, whole.messages) << cut;
  }
}

TEST(SyslogFramerTest, MessageWithNewlineInsideOctetFrameStaysWhole) {
  EXPECT_THAT(Frame({"9 <13>a\nb\n\n"}).messages, ElementsAre("<13>a\nb"));
}

TEST(SyslogFramerTest, CutsTooLongMessagesInBothFramings) {
  auto octet = Frame({"12 <13>abcdefgh5 <13>x"}, 6);
  EXPECT_THAT(octet.messages, ElementsAre("<13>ab", "<13>x"));
  EXPECT_THAT(octet.cuts, ElementsAre(true, false));
  auto lines = Frame({"<13>abcdefgh\n<13>x\n"}, 6);
  EXPECT_THAT(lines.messages, ElementsAre("<13>ab", "<13>x"));
  EXPECT_THAT(lines.cuts, ElementsAre(true, false));
}

// A count longer than its message: the frame holds the next frame's header
// and part of its message, or part of its header. It is dropped (counted) and
// framing restarts at that header, wherever the stream was cut into reads
// (but for a short overrun read up to the damaged frame's end).
TEST(SyslogFramerTest, FrameCountRunningPastItsMessageIsDroppedAndTheNextReadWhole) {
  const std::string damaged = "<4>Nov 16 00:12:34 r kernel: DROP SRC=198.51.100.7 DPT=3389 URGP=0";
  const std::string next = "<4>Nov 16 00:12:35 r kernel: DROP SRC=198.51.100.8 DPT=22 URGP=0";
  const std::string last = "<134>1 2018-11-16T00:12:36+09:00 fw filterlog - - - 5,,,1000000103,igb0,match,block";
  auto frame = [](const std::string& m, std::size_t count) { return std::to_string(count) + " " + m; };
  for (const std::size_t over : {1, 5, 12, 30, 69}) {  // into the next header, its message, all of it
    const std::string stream =
        frame(damaged, damaged.size() + over) + frame(next, next.size()) + frame(last, last.size());
    const std::size_t end = frame(damaged, damaged.size() + over).size();
    for (std::size_t cut = 0; cut < stream.size(); ++cut) {
      // A short overrun whose frame ends where a read does is not seen
      // (the header file comment says why).
      if (over < 20 && cut >= end && cut < end + 20 - over) continue;
      SyslogFramer framer(200);
      std::vector<std::string> got;
      auto emit = [&](std::string_view m, bool) { got.emplace_back(m); };
      ASSERT_TRUE(framer.Feed(stream.substr(0, cut), emit)) << over << " " << cut;
      ASSERT_TRUE(framer.Feed(stream.substr(cut), emit)) << over << " " << cut;
      EXPECT_THAT(got, ElementsAre(next, last)) << over << " " << cut;
      EXPECT_EQ(framer.overruns(), 1u) << over << " " << cut;
      EXPECT_FALSE(framer.pending());
    }
  }
}

// The damaged message ends in digits, which run into the next length
// ("len 60" + "66 <4>..."): the reading that ends where a frame begins wins.
TEST(SyslogFramerTest, OverrunIntoALengthAfterDigitsFindsTheLengthThatFits) {
  const std::string damaged = "<4>Nov 16 00:12:34 MikroTik firewall,info input: proto TCP (SYN), len 60";
  const std::string next = "<4>Nov 16 00:12:35 MikroTik firewall,info input: proto UDP, len 76";
  const std::string stream =
      std::to_string(damaged.size() + 20) + " " + damaged + std::to_string(next.size()) + " " + next + "5 <13>x";
  const auto f = Frame({stream}, 200);
  EXPECT_THAT(f.messages, ElementsAre(next, "<13>x"));
}

// Every frame of a read running into the next: nothing damaged gets through,
// the framing ends, and the work stays linear (a dropped frame's tail is
// copied, not the read). With every length wrong, none can be checked
// against the next header, so where a damaged message ends in digits the
// longer reading may swallow two frames as one drop.
TEST(SyslogFramerTest, AChainOfOverrunsEndsWithEveryFrameDropped) {
  std::string stream;
  constexpr int kFrames = 3000;
  for (int i = 0; i < kFrames; ++i) {
    const std::string m = "<4>Nov 16 00:12:34 r kernel: DROP SRC=198.51.100.7 DPT=" + std::to_string(i);
    stream += std::to_string(m.size() + 20) + " " + m;
  }
  SyslogFramer framer(200);
  std::vector<std::string> got;
  ASSERT_TRUE(framer.Feed(stream, [&](std::string_view m, bool) { got.emplace_back(m); }));
  EXPECT_TRUE(got.empty());
  EXPECT_GE(framer.overruns(), static_cast<std::uint64_t>(kFrames / 2));
  EXPECT_LE(framer.overruns(), static_cast<std::uint64_t>(kFrames - 1));
  EXPECT_TRUE(framer.pending());  // the last one waits for the 20 bytes it announced
}

// Text inside a message that looks like a frame header, but whose length
// fits neither the frame nor what follows, is text.
TEST(SyslogFramerTest, HeaderLikeTextInsideAMessageIsNoOverrun) {
  const std::string m = "<13>Nov 16 00:12:34 h app: relayed 5 <13>Nov 16 00:12:34 x";
  SyslogFramer framer(200);
  std::vector<std::string> got;
  framer.Feed(std::to_string(m.size()) + " " + m + "7 <13>two", [&](std::string_view s, bool) { got.emplace_back(s); });
  EXPECT_THAT(got, ElementsAre(m, "<13>two"));
  EXPECT_EQ(framer.overruns(), 0u);
}

TEST(SyslogFramerTest, MalformedOctetCountIsAnError) {
  bool ok = true;
  Frame({"12x <13>a"}, 100, false, &ok);
  EXPECT_FALSE(ok);
  Frame({"1234567890 <13>a"}, 100, false, &ok);
  EXPECT_FALSE(ok);
}

TEST(SyslogFramerTest, EndOfStreamDeliversLastNewlineMessageButNotHalfAFrame) {
  EXPECT_THAT(Frame({"<13>a\n<13>b"}, 100, true).messages, ElementsAre("<13>a", "<13>b"));
  SyslogFramer framer(100);
  std::vector<std::string> got;
  auto emit = [&](std::string_view m, bool) { got.emplace_back(m); };
  framer.Feed("10 <13>ab", emit);
  EXPECT_TRUE(framer.pending());
  EXPECT_TRUE(framer.Finish(emit));  // incomplete frame: dropped, reported
  EXPECT_TRUE(got.empty());
}

TEST(MessageQueueTest, KeepsOrderAndBoundsTheCount) {
  MessageQueue q(3, 1 << 20);
  EXPECT_TRUE(q.Push("a", 1, false));
  EXPECT_TRUE(q.Push("bb", 2, true));
  EXPECT_TRUE(q.Push("", 3, false));
  EXPECT_FALSE(q.Push("d", 4, false));
  std::vector<std::string> got;
  std::vector<bool> cuts;
  EXPECT_EQ(q.Drain(10,
                    [&](const QueuedMessage& m) {
                      got.emplace_back(m.text);
                      cuts.push_back(m.cut);
                    }),
            3u);
  EXPECT_THAT(got, ElementsAre("a", "bb", ""));
  EXPECT_THAT(cuts, ElementsAre(false, true, false));
  EXPECT_EQ(q.size(), 0u);
}

TEST(MessageQueueTest, BoundsTheBytes) {
  MessageQueue q(1000, 4096);
  const std::string big(1000, 'x');
  int pushed = 0;
  while (q.Push(big, 0, false)) ++pushed;
  EXPECT_GE(pushed, 3);
  EXPECT_LE(pushed, 4);
}

TEST(MessageQueueTest, WrapsAroundWithoutLosingOrCorruptingMessages) {
  MessageQueue q(64, 2048);
  std::deque<std::string> model;
  std::mt19937 rng(7);
  int counter = 0;
  for (int step = 0; step < 20000; ++step) {
    if (rng() % 3 != 0) {
      std::string m = std::to_string(counter) + std::string(rng() % 200, 'a' + static_cast<char>(counter % 26));
      if (q.Push(m, counter, false)) {
        model.push_back(m);
        ++counter;
      }
    } else {
      q.Drain(rng() % 4, [&](const QueuedMessage& m) {
        ASSERT_FALSE(model.empty());
        ASSERT_EQ(m.text, model.front());
        model.pop_front();
      });
    }
    ASSERT_EQ(q.size(), model.size());
  }
  EXPECT_GT(counter, 5000);
}

// Whether the eventfd `fd` is readable now.
bool Readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1;
}

TEST(MessageQueueTest, SpaceIsSignalledWhenADrainFreesRoomAfterAFailedPush) {
  MessageQueue q(2, 1 << 20);
  auto ignore = [](const QueuedMessage&) {};
  EXPECT_TRUE(q.Push("a", 0, false));
  q.Drain(1, ignore);
  EXPECT_FALSE(Readable(q.space_fd()));  // no Push had failed: nobody waits
  EXPECT_TRUE(q.Push("b", 0, false));
  EXPECT_TRUE(q.Push("c", 0, false));
  EXPECT_FALSE(q.Push("d", 0, false));
  EXPECT_FALSE(Readable(q.space_fd()));  // still full
  q.Drain(1, ignore);
  EXPECT_TRUE(Readable(q.space_fd()));
  q.ClearSpace();
  EXPECT_FALSE(Readable(q.space_fd()));
  EXPECT_TRUE(q.Push("d", 0, false));
  q.Drain(10, ignore);
  EXPECT_FALSE(Readable(q.space_fd()));  // the retry succeeded: no new signal
}

}  // namespace
}  // namespace fwlog
