#include <gtest/gtest.h>

#include "parse/parser.h"

namespace fwlog {
namespace {

class NetfilterTest : public ::testing::Test {
 protected:
  ParseResult Parse(std::string_view text) {
    event.Clear();
    LogLine line;
    line.text = text;
    line.receive_time = 1700000000;
    auto parser = Parser::Build("netfilter", nullptr);
    EXPECT_TRUE(parser.ok());
    TimeContext ctx;
    ctx.now = line.receive_time;
    return parser->Parse(line, ctx, event);
  }
  Event event;
};

constexpr std::string_view kAsus =
    "2018-11-16T00:12:34+09:00 router.asus.com kernel: DROP IN=ppp0 OUT= MAC= SRC=210.150.186.238 "
    "DST=203.0.113.7 LEN=40 TOS=0x00 PREC=0x00 TTL=243 ID=4321 PROTO=TCP SPT=44321 DPT=22 SEQ=1 ACK=0 "
    "WINDOW=1024 RES=0x00 SYN URGP=0";

TEST_F(NetfilterTest, ReadsTheAsusDropLine) {
  ASSERT_TRUE(Parse(kAsus).matched());
  EXPECT_EQ(event.time, 1542294754);
  EXPECT_TRUE(event.time_from_line);
  EXPECT_EQ(event.host, "router.asus.com");
  EXPECT_EQ(event.action, Action::kDrop);
  EXPECT_EQ(event.rule, "DROP");
  EXPECT_EQ(event.in, "ppp0");
  EXPECT_EQ(event.out, "");
  EXPECT_EQ(event.family, "ipv4");
  EXPECT_EQ(event.proto, "tcp");
  EXPECT_EQ(event.src, "210.150.186.238");
  EXPECT_EQ(event.dst, "203.0.113.7");
  EXPECT_EQ(event.sport, "44321");
  EXPECT_EQ(event.port, "22");
  EXPECT_EQ(event.port_number, 22);
  EXPECT_EQ(event.tcp_flags, "syn");
  EXPECT_EQ(event.matched_by, "netfilter");
}

TEST_F(NetfilterTest, UfwBlockIsADropAndAllowAndAuditAreAccepts) {
  ASSERT_TRUE(Parse("May  7 10:00:00 vps kernel: [ 1234.5] [UFW BLOCK] IN=eth0 OUT= MAC=aa:bb SRC=1.2.3.4 "
                    "DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=1 DPT=23 WINDOW=1 RES=0x00 SYN URGP=0 ")
                  .matched());
  EXPECT_EQ(event.action, Action::kDrop);
  EXPECT_EQ(event.rule, "UFW BLOCK");
  ASSERT_TRUE(Parse("May  7 10:00:00 vps kernel: [UFW ALLOW] IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=22")
                  .matched());
  EXPECT_EQ(event.action, Action::kAccept);
  ASSERT_TRUE(Parse("May  7 10:00:00 vps kernel: [UFW AUDIT] IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=UDP SPT=1 DPT=53 LEN=9")
                  .matched());
  EXPECT_EQ(event.action, Action::kAccept);
}

TEST_F(NetfilterTest, FirewalldRejectPrefixes) {
  ASSERT_TRUE(Parse("Jan  1 00:00:00 h kernel: FINAL_REJECT: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=80").matched());
  EXPECT_EQ(event.action, Action::kReject);
  EXPECT_EQ(event.rule, "FINAL_REJECT");
  ASSERT_TRUE(Parse("Jan  1 00:00:00 h kernel: filter_IN_public_REJECT: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=80")
                  .matched());
  EXPECT_EQ(event.action, Action::kReject);
}

TEST_F(NetfilterTest, PrefixGluedToIn) {
  ASSERT_TRUE(Parse("Jan  1 00:00:00 OpenWrt kernel: DROP(src wan)IN=eth0 OUT= MAC=00:11 SRC=1.2.3.4 DST=5.6.7.8 "
                    "LEN=40 PROTO=TCP SPT=1 DPT=8080 MARK=0xff00")
                  .matched());
  EXPECT_EQ(event.rule, "DROP(src wan)");
  EXPECT_EQ(event.action, Action::kDrop);
  EXPECT_EQ(event.in, "eth0");
}

TEST_F(NetfilterTest, EdgeOsChainTagGivesTheVerdict) {
  ASSERT_TRUE(Parse("[WAN_LOCAL-default-D]IN=eth0 OUT= MAC=00 SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=443").matched());
  EXPECT_EQ(event.action, Action::kDrop);
  EXPECT_FALSE(event.time_from_line);
  EXPECT_EQ(event.time, 1700000000);
  ASSERT_TRUE(Parse("Mar  1 00:00:00 udm udm kernel: [WAN_LOCAL-D-2147483647] DESCR=\"[WAN_LOCAL]Block All Traffic\" "
                    "IN=eth8 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=UDP SPT=1 DPT=53 LEN=20")
                  .matched());
  EXPECT_EQ(event.action, Action::kDrop);
  EXPECT_EQ(event.rule, "WAN_LOCAL-D-2147483647");
  ASSERT_TRUE(Parse("[LAN_IN-10-A]IN=eth1 OUT=eth0 SRC=10.0.0.2 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=443").matched());
  EXPECT_EQ(event.action, Action::kAccept);
}

TEST_F(NetfilterTest, IcmpErrorQuotingAPacketUsesTheOuterFields) {
  ASSERT_TRUE(Parse("Jan  1 00:00:00 h kernel: DENY: IN=eth0 OUT= SRC=9.9.9.9 DST=5.6.7.8 LEN=56 PROTO=ICMP TYPE=3 CODE=3 "
                    "[SRC=5.6.7.8 DST=9.9.9.9 LEN=28 PROTO=UDP SPT=53 DPT=33434 LEN=8 ]")
                  .matched());
  EXPECT_EQ(event.proto, "icmp");
  EXPECT_EQ(event.src, "9.9.9.9");
  EXPECT_EQ(event.port, "");
  EXPECT_FALSE(event.has_port);
}

TEST_F(NetfilterTest, FirstOccurrenceOfARepeatedKeyWins) {
  ASSERT_TRUE(Parse("DROP IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=68 PROTO=UDP SPT=1000 DPT=161 LEN=48").matched());
  EXPECT_EQ(event.proto, "udp");
  EXPECT_EQ(event.port, "161");
}

TEST_F(NetfilterTest, Ipv6WithZeroPaddedAddresses) {
  ASSERT_TRUE(Parse("Jan  1 00:00:00 h kernel: DROP IN=eth0 OUT= SRC=2001:0db8:0000:0000:0000:0000:0000:0001 "
                    "DST=2001:0db8:0000:0000:0000:0000:0000:0002 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=ICMPv6 TYPE=128 CODE=0")
                  .matched());
  EXPECT_EQ(event.family, "ipv6");
  EXPECT_EQ(event.proto, "icmpv6");
}

TEST_F(NetfilterTest, NumericAndPortlessProtocols) {
  ASSERT_TRUE(Parse("DROP IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=60 PROTO=47").matched());
  EXPECT_EQ(event.proto, "gre");
  ASSERT_TRUE(Parse("DROP IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=60 PROTO=ESP SPI=0x1").matched());
  EXPECT_EQ(event.proto, "esp");
  EXPECT_FALSE(event.has_port);
}

TEST_F(NetfilterTest, UnreadableSourceIsInvalid) {
  auto r = Parse("DROP IN=ppp0 OUT= SRC=X.X.X.X DST=5.6.7.8 PROTO=TCP SPT=1 DPT=23");
  EXPECT_EQ(r.status, ParseResult::Status::kInvalid);
  EXPECT_EQ(r.reason, InvalidReason::kBadAddress);
  r = Parse("DROP IN=ppp0 OUT= SRC=66.77.88.257 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=23");
  EXPECT_EQ(r.reason, InvalidReason::kBadAddress);
}

TEST_F(NetfilterTest, UnreadableDestinationIsTolerated) {
  ASSERT_TRUE(Parse("DROP IN=ppp0 OUT= SRC=1.2.3.4 DST=66.77.88.257 PROTO=TCP SPT=1 DPT=23").matched());
  EXPECT_EQ(event.dst, "");
  EXPECT_EQ(event.port, "23");
}

TEST_F(NetfilterTest, PortOutOfRangeOrMissingIsInvalid) {
  auto r = Parse("DROP IN=ppp0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=99999");
  EXPECT_EQ(r.status, ParseResult::Status::kInvalid);
  EXPECT_EQ(r.reason, InvalidReason::kBadPort);
  r = Parse("DROP IN=ppp0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1");
  EXPECT_EQ(r.reason, InvalidReason::kBadPort);
  r = Parse("DROP IN=ppp0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=");
  EXPECT_EQ(r.reason, InvalidReason::kBadPort);
}

TEST_F(NetfilterTest, HalvesOfAHardWrappedRecordAreNotPackets) {
  auto first = Parse("Jan  1 00:00:00 h kernel: FINAL_REJECT: IN=eth0 OUT= MAC=00 SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00");
  EXPECT_EQ(first.status, ParseResult::Status::kInvalid);
  EXPECT_EQ(first.reason, InvalidReason::kMissingField);
  auto second = Parse(" PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=1 DPT=41797 WINDOW=1 RES=0x00 SYN URGP=0");
  EXPECT_EQ(second.status, ParseResult::Status::kUnmatched);
}

TEST_F(NetfilterTest, NonFirewallLinesAreUnmatched) {
  EXPECT_EQ(Parse("Nov 16 00:00:00 router dnsmasq[1]: query A example.com").status, ParseResult::Status::kUnmatched);
  EXPECT_EQ(Parse("").status, ParseResult::Status::kUnmatched);
  EXPECT_EQ(Parse("PHYSIN=eth0 SRC=1.2.3.4").status, ParseResult::Status::kUnmatched);
}

TEST_F(NetfilterTest, BinaryJunkIsInvalid) {
  const std::string junk("DROP IN=eth0 \0\x01\x02 SRC=1.2.3.4", 28);
  auto r = Parse(junk);
  EXPECT_EQ(r.status, ParseResult::Status::kInvalid);
  EXPECT_EQ(r.reason, InvalidReason::kBinary);
}

TEST_F(NetfilterTest, NoPrefixMeansUnknownAction) {
  ASSERT_TRUE(Parse("Jan  1 00:00:00 h kernel: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=22").matched());
  EXPECT_EQ(event.action, Action::kNone);
  EXPECT_EQ(event.Get(Field::kAction), "unknown");
}

TEST_F(NetfilterTest, ProxmoxPolicyDrop) {
  ASSERT_TRUE(Parse("0 5 PVEFW-HOST-IN 14/Mar/2024:09:03:53 +0100 policy DROP: IN=vmbr0 PHYSIN=eno1 MAC=00 "
                    "SRC=1.2.3.4 DST=5.6.7.8 LEN=44 PROTO=TCP SPT=1 DPT=3389 SEQ=1 ACK=0 WINDOW=1 SYN URGP=0")
                  .matched());
  EXPECT_EQ(event.action, Action::kDrop);
  EXPECT_EQ(event.in, "vmbr0");
}

}  // namespace
}  // namespace fwlog
