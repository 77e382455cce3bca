#include "parse/mikrotik.h"

#include <gtest/gtest.h>

#include "vendor_cases.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

class MikrotikParserTest : public PresetTest {
 protected:
  MikrotikParserTest() : PresetTest("mikrotik") {}
};

// Lines in RouterOS's layouts, one behaviour each, and every field the preset
// must read from them.
// want: action, rule, in, out, proto, src, sport, dst, port, host, time[, tcp_flags].
const VendorCase kLines[] = {
    {.name = "ReadsRsyslogLineWithTopicsAndPrefix",
     .line = "2026-03-24T21:14:07.250000+01:00 192.0.2.1 firewall,info drop-in input: in:ether1-wan out:(unknown 0), "
             "src-mac 00:11:22:33:44:55, proto TCP (SYN), 198.51.100.23:43512->203.0.113.5:23, len 40",
     .want = {"drop", "drop-in", "ether1-wan", "", "tcp", "198.51.100.23", "43512", "203.0.113.5", "23", "192.0.2.1",
              "2026-03-24T20:14:07.25Z", "syn"}},
    {.name = "WithoutPrefixTheActionIsUnknownAndTheRuleIsTheChain",
     .line = "<30>Mar 24 21:14:07 MikroTik forward: in:bridge out:ether1, connection-state:new proto UDP, "
             "192.168.88.20:5353->9.9.9.9:53, len 64",
     .want = {"unknown", "forward", "bridge", "ether1", "udp", "192.168.88.20", "5353", "9.9.9.9", "53", "MikroTik",
              "2026-03-24T21:14:07Z"}},
    {.name = "ChainReadAsProgramTagByTheEnvelope",
     .line = "<30>Sep 25 01:37:18 MikroTik input: in:ether1 out:(unknown 0), src-mac 00:11:22:33:44:55, proto TCP "
             "(SYN), 1.2.3.4:40000->5.6.7.8:8291, len 60",
     .want = {"unknown", "input", "ether1", "", "tcp", "1.2.3.4", "40000", "5.6.7.8", "8291", "MikroTik",
              "2025-09-25T01:37:18Z", "syn"}},
    {.name = "Ipv6WithBracketsAndTcpFlagList",
     .line = "input: in:ether1 out:(unknown 0), proto TCP (ACK,PSH), [2001:db8::9]:443->[2001:db8::1]:50000, len 52",
     .want = {"unknown", "input", "ether1", "", "tcp", "2001:db8::9", "443", "2001:db8::1", "50000", "", "receive",
              "ack,psh"}},
    {.name = "NatTupleAfterTheAddressesIsIgnored",
     .line = "srcnat: in:(unknown 0) out:ether1, connection-state:new src-mac aa:bb:cc:dd:ee:ff, proto TCP (SYN), "
             "192.168.88.2:40000->1.1.1.1:443, NAT (192.168.88.2:40000->10.0.0.2:40000)->1.1.1.1:443, len 60",
     .want = {"unknown", "srcnat", "", "ether1", "tcp", "192.168.88.2", "40000", "1.1.1.1", "443", "", "receive",
              "syn"}},
    {.name = "RouterOs7ConnectionStateWithComma",
     .line = "forward: in:ether1 out:bridge, connection-state:established,snat proto UDP, "
             "1.2.3.4:123->192.168.88.5:123, len 76",
     .want = {"unknown", "forward", "ether1", "bridge", "udp", "1.2.3.4", "123", "192.168.88.5", "123", "", "receive"}},
    {.name = "OnBoxClockStamp",  // the minute before kReceiveTime
     .line = "11:59:00 firewall,info drop-in input: in:ether1 out:(none), proto UDP, 1.2.3.4:5->5.6.7.8:53, len 40",
     .want = {"drop", "drop-in", "ether1", "", "udp", "1.2.3.4", "5", "5.6.7.8", "53", "", "2026-03-25T11:59:00Z"}},
    {.name = "OnBoxDateAndClockStamp",
     .line = "mar/24 21:14:07 firewall,info input: in:ether1 out:(none), proto UDP, 1.2.3.4:5->5.6.7.8:53, len 40",
     .want = {"unknown", "input", "ether1", "", "udp", "1.2.3.4", "5", "5.6.7.8", "53", "", "2026-03-24T21:14:07Z"}},
};

class MikrotikLineTest : public MikrotikParserTest, public ::testing::WithParamInterface<VendorCase> {};

TEST_P(MikrotikLineTest, ReadsEveryField) {
  ASSERT_TRUE(Parse(GetParam().line).matched());
  ExpectEvent(event, format(), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(Lines, MikrotikLineTest, ::testing::ValuesIn(kLines), CaseName());

TEST_F(MikrotikParserTest, PrefixForms) {
  struct Case {
    std::string_view line, rule;
    Action action;
  } cases[] = {
      {"[drop-input] input: in:ether1 out:(none), proto UDP, 1.2.3.4:5->5.6.7.8:161, len 40", "drop-input",
       Action::kDrop},
      {"drop !LAN input: in:ether1 out:(none), proto UDP, 1.2.3.4:5->5.6.7.8:161, len 40", "drop !LAN", Action::kDrop},
      {"LOGDROP LogDrop: in:ether1 out:(none), proto UDP, 1.2.3.4:5->5.6.7.8:161, len 40", "LOGDROP", Action::kDrop},
      {"reject-ssh input: in:ether1 out:(none), proto TCP (SYN), 1.2.3.4:5->5.6.7.8:22, len 40", "reject-ssh",
       Action::kReject},
      {"accept-web input: in:ether1 out:(none), proto TCP (SYN), 1.2.3.4:5->5.6.7.8:443, len 40", "accept-web",
       Action::kAccept},
      {"wan-watch input: in:ether1 out:(none), proto TCP (SYN), 1.2.3.4:5->5.6.7.8:443, len 40", "wan-watch",
       Action::kNone},
  };
  for (const auto& c : cases) {
    ASSERT_TRUE(Parse(c.line).matched()) << c.line;
    EXPECT_EQ(event.rule, c.rule) << c.line;
    EXPECT_EQ(event.action, c.action) << c.line;
  }
}

TEST_F(MikrotikParserTest, IcmpAndNumericProtocolsHaveNoPorts) {
  ASSERT_TRUE(
      Parse("input: in:ether1 out:(none), proto ICMP (type 8, code 0), 203.0.113.9->198.51.100.1, len 84").matched());
  EXPECT_EQ(event.proto, "icmp");
  EXPECT_FALSE(event.has_port);
  EXPECT_EQ(event.dst, "198.51.100.1");
  ASSERT_TRUE(Parse("input: in:ether1 out:(none), proto 47, 203.0.113.9->198.51.100.1, len 84").matched());
  EXPECT_EQ(event.proto, "gre");
  ASSERT_TRUE(
      Parse("input: in:ether1 out:(none), proto ICMPv6 (type 135, code 0), fe80::1->ff02::1:ff00:1, len 32").matched());
  EXPECT_EQ(event.proto, "icmpv6");
  EXPECT_EQ(event.src, "fe80::1");
  EXPECT_EQ(event.dst, "ff02::1:ff00:1");
}

TEST_F(MikrotikParserTest, BrokenLinesAreInvalidWithTheirReason) {
  const NotCounted cases[] = {
      {"no addresses", "input: in:ether1 out:(none), src-mac 00:11:22:33:44:55, len 40"},
      {"no arrow", "input: in:ether1 out:(none), proto TCP (SYN), 1.2.3.4:5 5.6.7.8:22, len 40"},
      {"bad source", "input: in:ether1 out:(none), proto TCP (SYN), 1.2.3.x:5->5.6.7.8:22, len 40", Status::kInvalid,
       InvalidReason::kBadAddress},
      {"tcp without destination port", "input: in:ether1 out:(none), proto TCP (SYN), 1.2.3.4:5->5.6.7.8, len 40",
       Status::kInvalid, InvalidReason::kBadPort},
      {"unclosed flag list", "input: in:ether1 out:(none), proto TCP (SYN, 1.2.3.4:5->5.6.7.8:22, len 40"},
      {"unknown protocol", "input: in:ether1 out:(none), proto TC (SYN), 1.2.3.4:5->5.6.7.8:22, len 40",
       Status::kInvalid, InvalidReason::kBadProtocol},
  };
  ExpectNotCounted("mikrotik", cases);
}

TEST_F(MikrotikParserTest, OtherLinesAreUnmatched) {
  const NotCounted cases[] = {
      {"system topic", "Mar 24 21:14:07 MikroTik system,info,account user admin logged in from 10.0.0.2 via winbox",
       Status::kUnmatched},
      {"netfilter line", "DROP IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=2", Status::kUnmatched},
  };
  ExpectNotCounted("mikrotik", cases);
}

}  // namespace
}  // namespace fwlog
