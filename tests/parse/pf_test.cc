#include "parse/pf.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "vendor_cases.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

class PfParserTest : public PresetTest {
 protected:
  PfParserTest() : PresetTest("pf") {}
};

// filterlog lines, one behaviour each, and every field the preset must read
// from them.
// want: action, rule, in, out, proto, src, sport, dst, port, host, time[, tcp_flags].
const VendorCase kLines[] = {
    {.name = "ReadsIpv4TcpBlockWithBsdEnvelope",
     .line = "Mar 24 21:14:07 gw.example filterlog[4242]: 5,,,1000000103,igb0,match,block,in,4,0x0,,241,54321,0,none,6,"
             "tcp,40,198.51.100.23,203.0.113.5,43512,23,0,S,1234567,,1024,,",
     .want = {"drop", "1000000103", "igb0", "", "tcp", "198.51.100.23", "43512", "203.0.113.5", "23", "gw.example",
              "2026-03-24T21:14:07Z", "syn"}},
    {.name = "ReadsIpv6TcpLine",
     .line = "<134>1 2026-03-24T21:14:07+01:00 opnsense.example filterlog 812 - [meta sequenceId=\"7\"] "
             "77,,,02f4bab031b57d1e30553ce08e0ec131,vtnet1,match,block,in,6,0x00,0x00000,57,TCP,6,40,2001:db8:9::23,"
             "2001:db8:1::5,51000,3389,0,S,99,,64240,,mss",
     .want = {"drop", "02f4bab031b57d1e30553ce08e0ec131", "vtnet1", "", "tcp", "2001:db8:9::23", "51000",
              "2001:db8:1::5", "3389", "opnsense.example", "2026-03-24T20:14:07Z", "syn"}},
    {.name = "Ipv6UdpWithUpperCaseProtocolName",
     .line = "Mar 24 21:14:07 fw filterlog[1]: 6,,,1000000105,igb1,match,block,in,6,0x00,0xf6279,1,UDP,17,32,"
             "fe80::208:9bff:fef3:652b,ff02::1:2,546,547,32",
     .want = {"drop", "1000000105", "igb1", "", "udp", "fe80::208:9bff:fef3:652b", "546", "ff02::1:2", "547", "fw",
              "2026-03-24T21:14:07Z"}},
    {.name = "OutboundPacketHasItsInterfaceAsOut",
     .line = "fw filterlog: 9,,,100,em0,match,pass,out,4,0x0,,64,1,0,DF,17,udp,60,10.0.0.2,9.9.9.9,5353,53,40",
     .want = {"accept", "100", "", "em0", "udp", "10.0.0.2", "5353", "9.9.9.9", "53", "", "receive"}},
    {.name = "ProtocolNumberStandsInForAMissingName",
     .line = "fw filterlog: 9,,,100,em0,match,block,in,4,0x0,,64,1,0,none,47,,84,10.0.0.2,10.0.0.1",
     .want = {"drop", "100", "em0", "", "gre", "10.0.0.2", "", "10.0.0.1", "", "", "receive"}},
    {.name = "TrackerZeroFallsBackToTheRuleNumber",
     .line = "Jan 22 18:34:00 filterlog: 65,,,0,vmx1,match,pass,out,4,0x0,,63,21011,0,none,1,icmp,56,192.168.105.11,"
             "192.168.105.1,datalength=36",
     .want = {"accept", "65", "", "vmx1", "icmp", "192.168.105.11", "", "192.168.105.1", "", "",
              "2026-01-22T18:34:00Z"}},
    {.name = "TcpFlagLettersAreNamed",
     .line = "fw filterlog: 9,,,7,em0,match,pass,in,4,0x2,0,128,848,0,DF,6,tcp,52,10.10.10.100,13.235.226.255,1029,443,"
             "0,SEC,3291118522,,8192,,mss",
     .want = {"accept", "7", "em0", "", "tcp", "10.10.10.100", "1029", "13.235.226.255", "443", "", "receive",
              "syn,ece,cwr"}},
    {.name = "TcpFlagLettersFinAckAreNamed",
     .line = "fw filterlog: 9,,,7,em0,match,pass,in,4,0x0,,64,1,0,DF,6,tcp,52,10.0.0.1,10.0.0.2,1,443,0,FA,1,2,3,,",
     .want = {"accept", "7", "em0", "", "tcp", "10.0.0.1", "1", "10.0.0.2", "443", "", "receive", "fin,ack"}},
    {.name = "Rfc5424WithoutPriorityAndWithoutStructuredData",
     .line = "1 2021-08-04T06:59:07.691848+04:00 fw.example filterlog 48906 - - 98,,,1627710987,vmx1,match,pass,in,4,"
             "0x0,,128,48899,0,none,17,udp,68,10.10.100.100,10.10.10.1,59128,53,48",
     .want = {"accept", "1627710987", "vmx1", "", "udp", "10.10.100.100", "59128", "10.10.10.1", "53", "fw.example",
              "2021-08-04T02:59:07.691848Z"}},
    {.name = "UnreadableSourcePortIsLeftEmpty",
     .line = "fw filterlog: 9,,,7,em0,match,pass,in,4,0x0,,64,1,0,DF,17,udp,52,10.0.0.1,10.0.0.2,99999999999,53,8",
     .want = {"accept", "7", "em0", "", "udp", "10.0.0.1", "", "10.0.0.2", "53", "", "receive"}},
};

class PfLineTest : public PfParserTest, public ::testing::WithParamInterface<VendorCase> {};

TEST_P(PfLineTest, ReadsEveryField) {
  ASSERT_TRUE(Parse(GetParam().line).matched());
  ExpectEvent(event, format(), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(Lines, PfLineTest, ::testing::ValuesIn(kLines), CaseName());

TEST_F(PfParserTest, ActionWordGivesTheVerdict) {
  const std::pair<const char*, Action> cases[] = {
      {"pass", Action::kAccept}, {"block", Action::kDrop}, {"reject", Action::kReject}, {"rdr", Action::kNone}};
  for (const auto& [word, action] : cases) {
    const std::string line = std::string("fw filterlog: 9,,,100,em0,match,") + word +
                             ",in,4,0x0,,64,1,0,DF,17,udp,60,10.0.0.2,9.9.9.9,5353,53,40";
    ASSERT_TRUE(Parse(line).matched()) << word;
    EXPECT_EQ(event.action, action) << word;
  }
}

TEST_F(PfParserTest, IcmpAndIgmpHaveNoPorts) {
  ASSERT_TRUE(Parse("fw filterlog: 9,,,100,em0,match,pass,in,4,0x0,,64,1,0,DF,1,icmp,84,10.0.0.2,10.0.0.1,request,"
                    "37728,164")
                  .matched());
  EXPECT_EQ(event.proto, "icmp");
  EXPECT_FALSE(event.has_port);
  EXPECT_EQ(event.port, "");
  ASSERT_TRUE(Parse("fw filterlog: 9,,,100,em0,match,pass,in,4,0xc0,,1,0,0,DF,2,igmp,32,10.0.0.17,239.255.255.250,"
                    "datalength=8")
                  .matched());
  EXPECT_EQ(event.proto, "igmp");
}

TEST_F(PfParserTest, BrokenHeaderStillFindsTheCsvAfterFilterlog) {
  // The stamp split by a space: the 5424 reader sees no tag "filterlog".
  ASSERT_TRUE(Parse("<134>1 2025-10-10 00:00:00 fw.example filterlog 86605 - [meta sequenceId=\"3\"] 68,,,abc,eth1,"
                    "match,pass,out,4,0x0,,64,0,0,DF,17,udp,80,192.168.1.100,10.0.0.1,12162,53,60")
                  .matched());
  EXPECT_EQ(event.port, "53");
  EXPECT_FALSE(event.time_from_line);
  ASSERT_TRUE(Parse("<134> 2025-10-10T00:00:11+02:00 fw filterlog 86605 - [meta sequenceId=\"44\"] 68,,,x,eth1,match,"
                    "pass,out,4,0x0,,64,0,0,DF,17,udp,80,192.168.1.100,10.0.0.1,12162,53,60")
                  .matched());
  EXPECT_TRUE(event.time_from_line);
}

TEST_F(PfParserTest, TruncatedCsvIsMissingFieldNotACrash) {
  const std::string head = "<134>1 2025-10-10T00:00:00+02:00 fw filterlog 1 - [meta sequenceId=\"1\"] ";
  const std::string full = "68,,,t,eth1,match,pass,out,4,0x0,,64,0,0,DF,17,udp,80,192.168.1.100,10.0.0.1,12162,53,60";
  // Every cut of the CSV before the destination port is a truncated record;
  // one before the source port is missing_field.
  const std::size_t dport_start = full.rfind(",53,") + 1;
  for (std::size_t cut = 0; cut < dport_start; ++cut) {
    const auto r = Parse(head + full.substr(0, cut));
    EXPECT_EQ(r.status, Status::kInvalid) << "cut at " << cut;
  }
  for (std::size_t cut = 0; cut <= full.rfind(",12162"); ++cut)
    EXPECT_EQ(Parse(head + full.substr(0, cut)).reason, InvalidReason::kMissingField) << "cut at " << cut;
  EXPECT_TRUE(Parse(head + full).matched());
}

TEST_F(PfParserTest, UnreadableValuesAreInvalidWithTheirReason) {
  const NotCounted cases[] = {
      {"address", "fw filterlog: 9,,,7,em0,match,pass,in,4,0x0,,64,1,0,DF,17,udp,52,10.0.0.999,10.0.0.2,1,53,8",
       Status::kInvalid, InvalidReason::kBadAddress},
      {"port", "fw filterlog: 9,,,7,em0,match,pass,in,4,0x0,,64,1,0,DF,17,udp,52,10.0.0.1,10.0.0.2,1,notaport,8",
       Status::kInvalid, InvalidReason::kBadPort},
      {"protocol", "fw filterlog: 9,,,7,em0,match,pass,in,4,0x0,,64,1,0,DF,17,ud,52,10.0.0.1,10.0.0.2,1,53,8",
       Status::kInvalid, InvalidReason::kBadProtocol},
      {"IP version", "fw filterlog: 9,,,7,em0,match,pass,in,99,0x0,,64,1,0,DF,17,udp,52,10.0.0.1,10.0.0.2,1,53,8"},
      {"header",
       "fw filterlog[1]: bracket] 68,,,x,em0,match,pass,in,4,0x0,,64,1,0,DF,17,udp,52,10.0.0.1,10.0.0.2,1,53,8"},
  };
  ExpectNotCounted("pf", cases);
}

TEST_F(PfParserTest, LinesWithoutFilterlogAreUnmatched) {
  const NotCounted cases[] = {
      {"other program", "<190>Dec 31 22:06:16 fw dhcpd[40152]: DHCPDISCOVER from 4c:55:41:a0:fa:99 via eth0",
       Status::kUnmatched},
      {"csv without tag", "9,,,7,em0,match,pass,in,4,0x0,,64,1,0,DF,17,udp,52,10.0.0.1,10.0.0.2,1,53,8",
       Status::kUnmatched},
      {"tag as a suffix", "myfilterlog: 9,,,7,em0", Status::kUnmatched},
  };
  ExpectNotCounted("pf", cases);
}

}  // namespace
}  // namespace fwlog
