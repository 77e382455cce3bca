#include "parse/packet_fields.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace fwlog {
namespace {

// SetDestination remembers the last text it parsed in the ParseState;
// whatever the order of texts, each event gets the address its own text
// spells.
TEST(PacketFieldsTest, AddressesAreThoseOfEachLinesOwnText) {
  const std::vector<std::string> pool = {"203.0.113.7",
                                         "203.0.113.8",
                                         "203.0.113.70",
                                         "103.0.113.7",
                                         "1.2.3.4",
                                         "1.2.3.5",
                                         "1.2.3.x",
                                         "10.0.0.1",
                                         "2001:db8::1",
                                         "2001:db8::2",
                                         "2001:0db8:0000:0000:0000:0000:0000:0001",
                                         "2001:db8::1:1",
                                         "not-an-address",
                                         "",
                                         "255.255.255.255",
                                         "255.255.255.256"};
  std::mt19937 rng(3);
  ParseState state;
  for (int i = 0; i < 20000; ++i) {
    const std::string& src = pool[rng() % pool.size()];
    const std::string& dst = pool[rng() % (i % 2 == 0 ? 2 : pool.size())];  // runs of one or two, as logs have
    Event event;
    const bool source_ok = SetSource(event, src);
    SetDestination(event, dst, state);
    const auto want_src = IpAddress::Parse(src);
    const auto want_dst = IpAddress::Parse(dst);
    ASSERT_EQ(source_ok, want_src.has_value()) << src;
    if (want_src) {
      EXPECT_EQ(event.src_address, *want_src) << src;
      EXPECT_EQ(event.src, src);
      EXPECT_EQ(event.family, want_src->is_v4() ? "ipv4" : "ipv6");
    }
    ASSERT_EQ(event.has_dst_address, want_dst.has_value()) << dst;
    if (want_dst) {
      EXPECT_EQ(event.dst_address, *want_dst) << dst;
      EXPECT_EQ(event.dst, dst);
    }
  }
}

TEST(PacketFieldsTest, TcpFlagLettersBecomeNetfilterNames) {
  const struct {
    std::string_view letters;
    TcpFlagLetters set;
    std::string_view want;
  } cases[] = {
      {"S", TcpFlagLetters::kBasic, "syn"},
      {"SA", TcpFlagLetters::kBasic, "syn,ack"},
      {"FPU", TcpFlagLetters::kBasic, "fin,psh,urg"},
      {"R", TcpFlagLetters::kWithEcn, "rst"},
      {"SEW", TcpFlagLetters::kWithEcn, "syn,ece,cwr"},
      {"SC", TcpFlagLetters::kWithEcn, "syn,cwr"},
      {"SEW", TcpFlagLetters::kBasic, "syn"},  // no ECN letters in this format: unknown, skipped
      {"EW", TcpFlagLetters::kBasic, ""},
      {"-", TcpFlagLetters::kBasic, ""},
      {"", TcpFlagLetters::kWithEcn, ""},
      {"s", TcpFlagLetters::kWithEcn, ""},  // letters are upper case in every format that uses them
  };
  for (const auto& c : cases) {
    Event event;
    event.tcp_flags = "stale";
    SetTcpFlagLetters(event, c.letters, c.set);
    EXPECT_EQ(event.tcp_flags, c.want) << c.letters;
  }
}

}  // namespace
}  // namespace fwlog
