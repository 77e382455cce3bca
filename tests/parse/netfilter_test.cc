#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "parse/packet_fields.h"
#include "parse/parser.h"
#include "vendor_cases.h"

namespace fwlog {
namespace {

TimeContext ReceivedIn2023() {
  TimeContext ctx;
  ctx.now = 1700000000;  // 2023-11-14T22:13:20Z
  return ctx;
}

class NetfilterTest : public PresetTest {
 protected:
  NetfilterTest() : PresetTest("netfilter", ReceivedIn2023()) {}
};

constexpr std::string_view kAsus =
    "2018-11-16T00:12:34+09:00 router.asus.com kernel: DROP IN=ppp0 OUT= MAC= SRC=210.150.186.238 "
    "DST=203.0.113.7 LEN=40 TOS=0x00 PREC=0x00 TTL=243 ID=4321 PROTO=TCP SPT=44321 DPT=22 SEQ=1 ACK=0 "
    "WINDOW=1024 RES=0x00 SYN URGP=0";

TEST_F(NetfilterTest, ReadsTheAsusDropLine) {
  ASSERT_TRUE(Parse(kAsus).matched());
  ExpectEvent(event, "netfilter",
              {"drop", "DROP", "ppp0", "", "tcp", "210.150.186.238", "44321", "203.0.113.7", "22", "router.asus.com",
               "2018-11-15T15:12:34Z", "syn"});
  EXPECT_EQ(event.port_number, 22);
}

// The log prefix (or the chain tag, or the program tag where no prefix is
// set) gives the rule, and the verdict words in it the action.
struct RuleCase {
  const char* line;
  const char* rule;
  Action action;
};

const RuleCase kRuleCases[] = {
    {"May  7 10:00:00 vps kernel: [ 1234.5] [UFW BLOCK] IN=eth0 OUT= MAC=aa:bb SRC=1.2.3.4 DST=5.6.7.8 LEN=40 "
     "TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=1 DPT=23 WINDOW=1 RES=0x00 SYN URGP=0 ",
     "UFW BLOCK", Action::kDrop},
    {"May  7 10:00:00 vps kernel: [UFW ALLOW] IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=22", "UFW ALLOW",
     Action::kAccept},
    {"May  7 10:00:00 vps kernel: [UFW AUDIT] IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=UDP SPT=1 DPT=53 LEN=9",
     "UFW AUDIT", Action::kAccept},
    {"Jan  1 00:00:00 h kernel: FINAL_REJECT: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=80",
     "FINAL_REJECT", Action::kReject},
    {"Jan  1 00:00:00 h kernel: filter_IN_public_REJECT: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=80",
     "filter_IN_public_REJECT", Action::kReject},
    // Glued to IN= (OpenWrt).
    {"Jan  1 00:00:00 OpenWrt kernel: DROP(src wan)IN=eth0 OUT= MAC=00:11 SRC=1.2.3.4 DST=5.6.7.8 LEN=40 PROTO=TCP "
     "SPT=1 DPT=8080 MARK=0xff00",
     "DROP(src wan)", Action::kDrop},
    // EdgeOS chain tags: the letter after the chain is the verdict.
    {"[WAN_LOCAL-default-D]IN=eth0 OUT= MAC=00 SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=443", "WAN_LOCAL-default-D",
     Action::kDrop},
    {"Mar  1 00:00:00 udm udm kernel: [WAN_LOCAL-D-2147483647] DESCR=\"[WAN_LOCAL]Block All Traffic\" IN=eth8 OUT= "
     "SRC=1.2.3.4 DST=5.6.7.8 PROTO=UDP SPT=1 DPT=53 LEN=20",
     "WAN_LOCAL-D-2147483647", Action::kDrop},
    {"[LAN_IN-10-A]IN=eth1 OUT=eth0 SRC=10.0.0.2 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=443", "LAN_IN-10-A", Action::kAccept},
    // Proxmox: the chain goes in front of the rule.
    {"0 5 PVEFW-HOST-IN 14/Mar/2024:09:03:53 +0100 policy DROP: IN=vmbr0 PHYSIN=eno1 MAC=00 SRC=1.2.3.4 DST=5.6.7.8 "
     "LEN=44 PROTO=TCP SPT=1 DPT=3389 SEQ=1 ACK=0 WINDOW=1 SYN URGP=0",
     "PVEFW-HOST-IN policy DROP", Action::kDrop},
    {"0 5 GROUP-security1-IN 20/Jun/2022:15:52:26 +0200 IN=fwbr101i0 OUT=fwbr101i0 SRC=10.3.95.34 DST=10.3.95.200 "
     "LEN=60 PROTO=TCP SPT=51606 DPT=22 SYN",
     "GROUP-security1-IN", Action::kNone},
    {"0 1 PVEFW-HOST-OUT 20/Jun/2022:13:16:23 +0200 REJECT: OUT=vmbr0.94 SRC=10.3.94.12 DST=10.3.94.10 LEN=60 "
     "PROTO=TCP SPT=49566 DPT=22 SYN",
     "PVEFW-HOST-OUT REJECT", Action::kReject},
    // The program tag stands in for a missing prefix.
    {"Apr  2 19:54:54 box IN-work: IN=realize OUT= MAC=45:00:00:4e SRC=192.168.9.10 DST=255.255.255.255 LEN=78 "
     "TOS=00 PROTO=UDP SPT=137 DPT=137 LEN=58 MARK=0 ",
     "IN-work", Action::kNone},
    {"Jan  8 03:37:09 DENY: IN=eth0 OUT= SRC=192.168.2.71 DST=192.168.2.83 PROTO=ICMP TYPE=3 CODE=3 "
     "[SRC=192.168.2.83 DST=192.168.173.191 PROTO=UDP SPT=21458 DPT=62936 ]",
     "DENY", Action::kDrop},
    // No prefix at all.
    {"Jun  8 14:34:33 h kernel: [5.1] XX=enp1s0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=8123", "",
     Action::kNone},
    {"Jan  1 00:00:00 h kernel: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=22", "", Action::kNone},
    // OpenWrt firewall4, as logread prints it and as syslog does.
    {"Mon Mar 23 13:16:49 2026 kern.warn kernel: [311423.870453] reject wan in: IN=eth1 OUT= "
     "MAC=aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:08:00 SRC=198.51.100.7 DST=203.0.113.2 LEN=44 PROTO=TCP SPT=50000 "
     "DPT=445 WINDOW=1024 RES=0x00 SYN URGP=0 ",
     "reject wan in", Action::kReject},
    {"Mar 23 13:16:49 OpenWrt kernel: [311423.870453] drop wan in: IN=eth1 OUT= SRC=198.51.100.7 DST=203.0.113.2 "
     "PROTO=UDP SPT=5060 DPT=5060 LEN=20",
     "drop wan in", Action::kDrop},
    {"2026-03-24T10:00:00+01:00 host kernel: nft inbound drop: IN=enp3s0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 "
     "DPT=22",
     "nft inbound drop", Action::kDrop},
    {"Mar 24 10:00:00 RT-AX88U kernel: [BLOCKED - INBOUND] IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=23",
     "BLOCKED - INBOUND", Action::kDrop},
    {"<4>1 2026-03-24T10:00:00+01:00 DiskStation kernel - - - [12345.678901] DSM_FW_DROP IN=eth0 OUT= "
     "MAC=00:11:32:aa:bb:cc:00:22:33:44:55:66:08:00 SRC=198.51.100.4 DST=192.168.1.10 LEN=44 PROTO=TCP SPT=40000 "
     "DPT=5001 SYN",
     "DSM_FW_DROP", Action::kDrop},
    {"iptables DROP_INPUT: IN=eth0 OUT= MAC=dc:a6 SRC=10.10.10.18 DST=10.10.10.34 LEN=40 PROTO=TCP SPT=443 DPT=40702 "
     "WINDOW=0 RES=0x00 RST URGP=0 ",
     "iptables DROP_INPUT", Action::kDrop},
};

TEST_F(NetfilterTest, PrefixGivesRuleAndVerdict) {
  for (const auto& c : kRuleCases) {
    ASSERT_TRUE(Parse(c.line).matched()) << c.line;
    EXPECT_EQ(event.rule, c.rule) << c.line;
    EXPECT_EQ(event.action, c.action) << c.line;
    if (c.action == Action::kNone) {
      EXPECT_EQ(event.Get(Field::kAction), "unknown") << c.line;
    }
  }
}

TEST_F(NetfilterTest, GluedPrefixLeavesTheInterfaceWhole) {
  ASSERT_TRUE(Parse("Jan  1 00:00:00 OpenWrt kernel: DROP(src wan)IN=eth0 OUT= MAC=00:11 SRC=1.2.3.4 DST=5.6.7.8 "
                    "LEN=40 PROTO=TCP SPT=1 DPT=8080 MARK=0xff00")
                  .matched());
  EXPECT_EQ(event.in, "eth0");
}

TEST_F(NetfilterTest, LineWithoutStampTakesTheReceiveTime) {
  ASSERT_TRUE(
      Parse("[WAN_LOCAL-default-D]IN=eth0 OUT= MAC=00 SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=443").matched());
  EXPECT_FALSE(event.time_from_line);
  EXPECT_EQ(event.time, 1700000000);
}

// UniFi's chain-rule tags (classic and zone-based firewall) and the prefix a
// Zyxel router's netfilter logs carry: rule and verdict from the prefix.
struct PrefixCase {
  const char* prefix;
  const char* rule;
  Action action;
};

TEST_F(NetfilterTest, UnifiAndZyxelPrefixesGiveRuleAndVerdict) {
  const PrefixCase cases[] = {
      {"[WAN_LOCAL-D-2147483647] DESCR=\"[WAN_LOCAL]Block All Traffic\" ", "WAN_LOCAL-D-2147483647", Action::kDrop},
      {"[LAN_LOCAL-A-10000] DESCR=\"Allow DNS from IoT\" ", "LAN_LOCAL-A-10000", Action::kAccept},
      {"[WAN_IN-R-3001] DESCR=\"Reject to cameras\" ", "WAN_IN-R-3001", Action::kReject},
      // The tag decides, not the words of the description.
      {"[WAN_LOCAL-A-2147483647] DESCR=\"Block All Traffic\" ", "WAN_LOCAL-A-2147483647", Action::kAccept},
      {"[INTERNAL_LOCAL-D-2147483647]", "INTERNAL_LOCAL-D-2147483647", Action::kDrop},
      {"Match default rule DROP ", "Match default rule DROP", Action::kDrop},
      {"[FW] Match default rule ACCEPT ", "[FW] Match default rule ACCEPT", Action::kAccept},
  };
  for (const auto& c : cases) {
    const std::string line = std::string("Mar 24 10:00:00 gw kernel: ") + c.prefix +
                             "IN=eth8 OUT= SRC=198.51.100.2 DST=192.0.2.1 PROTO=UDP SPT=5000 DPT=53 LEN=20";
    ASSERT_TRUE(Parse(line).matched()) << line;
    EXPECT_EQ(event.rule, c.rule) << line;
    EXPECT_EQ(event.action, c.action) << line;
  }
}

TEST_F(NetfilterTest, IcmpErrorQuotingAPacketUsesTheOuterFields) {
  ASSERT_TRUE(
      Parse("Jan  1 00:00:00 h kernel: DENY: IN=eth0 OUT= SRC=9.9.9.9 DST=5.6.7.8 LEN=56 PROTO=ICMP TYPE=3 CODE=3 "
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
  ASSERT_TRUE(
      Parse(
          "Jan  1 00:00:00 h kernel: DROP IN=eth0 OUT= SRC=2001:0db8:0000:0000:0000:0000:0000:0001 "
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

// Lines that look like packets but cannot be counted: each has its reason.
struct InvalidCase {
  std::string line;
  InvalidReason reason;
};

TEST_F(NetfilterTest, BrokenPacketsAreInvalidWithTheirReason) {
  const InvalidCase cases[] = {
      {"DROP IN=ppp0 OUT= SRC=X.X.X.X DST=5.6.7.8 PROTO=TCP SPT=1 DPT=23", InvalidReason::kBadAddress},
      {"DROP IN=ppp0 OUT= SRC=66.77.88.257 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=23", InvalidReason::kBadAddress},
      {"DROP IN=ppp0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=99999", InvalidReason::kBadPort},
      {"DROP IN=ppp0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1", InvalidReason::kBadPort},
      {"DROP IN=ppp0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=", InvalidReason::kBadPort},
      {std::string("DROP IN=eth0 \0\x01\x02 SRC=1.2.3.4", 28), InvalidReason::kBinary},
      // The first half of a record a router wrapped at a fixed width.
      {"Jan  1 00:00:00 h kernel: FINAL_REJECT: IN=eth0 OUT= MAC=00 SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00",
       InvalidReason::kMissingField},
  };
  for (const auto& c : cases) {
    const auto r = Parse(c.line);
    EXPECT_EQ(r.status, ParseResult::Status::kInvalid) << c.line;
    EXPECT_EQ(r.reason, c.reason) << c.line;
  }
}

TEST_F(NetfilterTest, LinesThatAreNoPacketsAreUnmatched) {
  for (const std::string_view line : {
           "Nov 16 00:00:00 router dnsmasq[1]: query A example.com",
           "",
           "PHYSIN=eth0 SRC=1.2.3.4",
           // The second half of a wrapped record.
           " PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=1 DPT=41797 WINDOW=1 RES=0x00 SYN URGP=0",
       }) {
    EXPECT_EQ(Parse(line).status, ParseResult::Status::kUnmatched) << line;
  }
}

TEST_F(NetfilterTest, UnreadableDestinationIsTolerated) {
  ASSERT_TRUE(Parse("DROP IN=ppp0 OUT= SRC=1.2.3.4 DST=66.77.88.257 PROTO=TCP SPT=1 DPT=23").matched());
  EXPECT_EQ(event.dst, "");
  EXPECT_EQ(event.port, "23");
}

TEST_F(NetfilterTest, CutOrUnknownProtocolIsInvalidNotASeries) {
  for (const std::string_view proto : {"TC", "tc", "", "TCPX", "256", "1000", "6a", "-1"}) {
    const std::string line = "DROP IN=ppp0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=" + std::string(proto) + " SPT=1 DPT=23";
    const auto r = Parse(line);
    EXPECT_EQ(r.status, ParseResult::Status::kInvalid) << proto;
    EXPECT_EQ(r.reason, proto.empty() ? InvalidReason::kMissingField : InvalidReason::kBadProtocol) << proto;
  }
}

// Lines from the setups the preset knows, one behaviour each, and every field
// it must read from them (in 2023 where a stamp has no year).
// want: action, rule, in, out, proto, src, sport, dst, port, host, time[, tcp_flags].
const VendorCase kLines[] = {
    {.name = "ProxmoxPolicyDrop",
     .line = "0 5 PVEFW-HOST-IN 14/Mar/2024:09:03:53 +0100 policy DROP: IN=vmbr0 PHYSIN=eno1 MAC=00 SRC=1.2.3.4 "
             "DST=5.6.7.8 LEN=44 PROTO=TCP SPT=1 DPT=3389 SEQ=1 ACK=0 WINDOW=1 SYN URGP=0",
     .want = {"drop", "PVEFW-HOST-IN policy DROP", "vmbr0", "", "tcp", "1.2.3.4", "1", "5.6.7.8", "3389", "",
              "2024-03-14T08:03:53Z", "syn"}},
    {.name = "ProxmoxChainGoesInFrontOfTheRuleAndTheStampIsRead",
     .line = "101 1 tap101i0-IN 20/Jun/2022:13:12:46 +0200 REJECT: IN=fwbr101i0 OUT=fwbr101i0 PHYSIN=fwln101i0 "
             "PHYSOUT=tap101i0 MAC=a2:1b SRC=10.3.95.34 DST=10.3.95.200 LEN=60 PROTO=TCP SPT=51604 DPT=22 SEQ=1 ACK=0 "
             "WINDOW=64240 SYN ",
     .want = {"reject", "tap101i0-IN REJECT", "fwbr101i0", "fwbr101i0", "tcp", "10.3.95.34", "51604", "10.3.95.200",
              "22", "", "2022-06-20T11:12:46Z", "syn"}},
    {.name = "ProxmoxChainWithoutVerdictIsTheRule",
     .line = "0 5 GROUP-security1-IN 20/Jun/2022:15:52:26 +0200 IN=fwbr101i0 OUT=fwbr101i0 SRC=10.3.95.34 "
             "DST=10.3.95.200 LEN=60 PROTO=TCP SPT=51606 DPT=22 SYN",
     .want = {"unknown", "GROUP-security1-IN", "fwbr101i0", "fwbr101i0", "tcp", "10.3.95.34", "51606", "10.3.95.200",
              "22", "", "2022-06-20T13:52:26Z", "syn"}},
    {.name = "OutputHookLineWithoutIn",
     .line = "0 1 PVEFW-HOST-OUT 20/Jun/2022:13:16:23 +0200 REJECT: OUT=vmbr0.94 SRC=10.3.94.12 DST=10.3.94.10 LEN=60 "
             "PROTO=TCP SPT=49566 DPT=22 SYN",
     .want = {"reject", "PVEFW-HOST-OUT REJECT", "", "vmbr0.94", "tcp", "10.3.94.12", "49566", "10.3.94.10", "22", "",
              "2022-06-20T11:16:23Z", "syn"}},
    {.name = "OtherKeyInPlaceOfInGivesNoInterfaceAndNoRule",
     .line = "Jun  8 14:34:33 h kernel: [5.1] XX=enp1s0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=8123",
     .want = {"unknown", "", "", "", "tcp", "1.2.3.4", "1", "5.6.7.8", "8123", "h", "2023-06-08T14:34:33Z"}},
    {.name = "ProgramTagStandsInForAMissingPrefix",
     .line = "Apr  2 19:54:54 box IN-work: IN=realize OUT= MAC=45:00:00:4e SRC=192.168.9.10 DST=255.255.255.255 "
             "LEN=78 TOS=00 PROTO=UDP SPT=137 DPT=137 LEN=58 MARK=0 ",
     .want = {"unknown", "IN-work", "realize", "", "udp", "192.168.9.10", "137", "255.255.255.255", "137", "box",
              "2023-04-02T19:54:54Z"}},
    {.name = "ProgramTagWithoutHostStandsInForAMissingPrefix",
     .line = "Jan  8 03:37:09 DENY: IN=eth0 OUT= SRC=192.168.2.71 DST=192.168.2.83 PROTO=ICMP TYPE=3 CODE=3 "
             "[SRC=192.168.2.83 DST=192.168.173.191 PROTO=UDP SPT=21458 DPT=62936 ]",
     .want = {"drop", "DENY", "eth0", "", "icmp", "192.168.2.71", "", "192.168.2.83", "", "", "2023-01-08T03:37:09Z"}},
    {.name = "OpenWrtFirewall4AndLogread",
     .line = "Mon Mar 23 13:16:49 2026 kern.warn kernel: [311423.870453] reject wan in: IN=eth1 OUT= "
             "MAC=aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:08:00 SRC=198.51.100.7 DST=203.0.113.2 LEN=44 PROTO=TCP "
             "SPT=50000 DPT=445 WINDOW=1024 RES=0x00 SYN URGP=0 ",
     .want = {"reject", "reject wan in", "eth1", "", "tcp", "198.51.100.7", "50000", "203.0.113.2", "445", "",
              "2026-03-23T13:16:49Z", "syn"}},
    {.name = "OpenWrtFirewall4AndSyslog",
     .line = "Mar 23 13:16:49 OpenWrt kernel: [311423.870453] drop wan in: IN=eth1 OUT= SRC=198.51.100.7 "
             "DST=203.0.113.2 PROTO=UDP SPT=5060 DPT=5060 LEN=20",
     .want = {"drop", "drop wan in", "eth1", "", "udp", "198.51.100.7", "5060", "203.0.113.2", "5060", "OpenWrt",
              "2023-03-23T13:16:49Z"}},
    {.name = "SynologyRfc5424Line",
     .line = "<4>1 2026-03-24T10:00:00+01:00 DiskStation kernel - - - [12345.678901] DSM_FW_DROP IN=eth0 OUT= "
             "MAC=00:11:32:aa:bb:cc:00:22:33:44:55:66:08:00 SRC=198.51.100.4 DST=192.168.1.10 LEN=44 PROTO=TCP "
             "SPT=40000 DPT=5001 SYN",
     .want = {"drop", "DSM_FW_DROP", "eth0", "", "tcp", "198.51.100.4", "40000", "192.168.1.10", "5001", "DiskStation",
              "2026-03-24T09:00:00Z", "syn"}},
    {.name = "JournaldMessageWithoutEnvelope",
     .line = "iptables DROP_INPUT: IN=eth0 OUT= MAC=dc:a6 SRC=10.10.10.18 DST=10.10.10.34 LEN=40 PROTO=TCP SPT=443 "
             "DPT=40702 WINDOW=0 RES=0x00 RST URGP=0 ",
     .want = {"drop", "iptables DROP_INPUT", "eth0", "", "tcp", "10.10.10.18", "443", "10.10.10.34", "40702", "",
              "receive", "rst"}},
    {.name = "TcpFlagsInTheOrderLogged",
     .line = "IPTABLES:BLOCKED-CONN: IN=eth0 OUT= SRC=40.119.104.0 DST=10.0.0.4 PROTO=TCP SPT=23456 DPT=22911 "
             "WINDOW=17280 RES=0x00 ACK SYN URGP=0 ",
     .want = {"drop", "IPTABLES:BLOCKED-CONN", "eth0", "", "tcp", "40.119.104.0", "23456", "10.0.0.4", "22911", "",
              "receive", "ack,syn"}},
};

class NetfilterLineTest : public NetfilterTest, public ::testing::WithParamInterface<VendorCase> {};

TEST_P(NetfilterLineTest, ReadsEveryField) {
  ASSERT_TRUE(Parse(GetParam().line).matched());
  ExpectEvent(event, format(), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(Lines, NetfilterLineTest, ::testing::ValuesIn(kLines), CaseName());

TEST_F(NetfilterTest, IcmpEchoRepeatsIdAndHasNoPort) {
  ASSERT_TRUE(Parse("Jun 28 04:30:32 Abc-A1 [SOMETHING-1234-A] IN=abc.123 OUT=abc.123 SRC=10.251.1.1 DST=10.251.1.2 "
                    "LEN=84 TOS=00 ID=6789 PROTO=ICMP TYPE=8 CODE=0 ID=98765 SEQ=30123 MARK=0")
                  .matched());
  EXPECT_EQ(event.proto, "icmp");
  EXPECT_EQ(event.action, Action::kAccept);
  EXPECT_FALSE(event.has_port);
}

TEST_F(NetfilterTest, MacFormsDoNotMatter) {
  for (std::string_view mac : {"", "MAC= ", "MAC=45:00:00:4e ", "MAC=90:10:76:e0:e2:d5:08:00:45:00:00:00:00 "}) {
    const std::string line = "DROP IN=eth0 OUT= " + std::string(mac) + "SRC=1.2.3.4 DST=5.6.7.8 PROTO=UDP SPT=1 DPT=53";
    ASSERT_TRUE(Parse(line).matched()) << line;
    EXPECT_EQ(event.port, "53");
  }
}

}  // namespace
}  // namespace fwlog

namespace fwlog {
namespace {

TEST(ActionFromWordsTest, VerdictWordsInAnyCaseAndPosition) {
  EXPECT_EQ(ActionFromWords("DROP"), Action::kDrop);
  EXPECT_EQ(ActionFromWords("[UFW BLOCK]"), Action::kDrop);
  EXPECT_EQ(ActionFromWords("policy deny"), Action::kDrop);
  EXPECT_EQ(ActionFromWords("DisCard-all"), Action::kDrop);
  EXPECT_EQ(ActionFromWords("FINAL_REJECT"), Action::kReject);
  EXPECT_EQ(ActionFromWords("filter_IN_public_DROP_then_REJECT"), Action::kReject);
  EXPECT_EQ(ActionFromWords("accept or drop"), Action::kDrop);
  EXPECT_EQ(ActionFromWords("ALLOW"), Action::kAccept);
  EXPECT_EQ(ActionFromWords("[UFW AUDIT]"), Action::kAccept);
  EXPECT_EQ(ActionFromWords("pass"), Action::kAccept);
  EXPECT_EQ(ActionFromWords("bypass"), Action::kAccept);  // part of a word counts
}

TEST(ActionFromWordsTest, CutOrNearWordsAreNotVerdicts) {
  EXPECT_EQ(ActionFromWords(""), Action::kNone);
  EXPECT_EQ(ActionFromWords("DRO"), Action::kNone);
  EXPECT_EQ(ActionFromWords("REJEC"), Action::kNone);
  EXPECT_EQ(ActionFromWords("input-wan"), Action::kNone);
  EXPECT_EQ(ActionFromWords("D\x52OP"), Action::kDrop);
  EXPECT_EQ(ActionFromWords("D\x12OP"), Action::kNone);  // \x12 | 0x20 is not 'r'
  EXPECT_EQ(ActionFromWords("\xc4rop"), Action::kNone);  // a byte >= 0x80 is no letter
  EXPECT_EQ(ActionFromWords("[D-ROP] pas"), Action::kNone);
}

// The netfilter preset remembers, in the input's ParseState, the rule and
// verdict of the last log prefix. Prefixes that share beginnings (a longer
// rule name, a verdict word in another case, EdgeOS chain tags, a repeated
// host name, Proxmox chains, no prefix at all under other program tags) must
// read the same after any line as with a parser that has read nothing yet.
TEST(NetfilterPrefixTest, ReadsTheSameWhateverWasReadBefore) {
  const std::vector<std::string> envelopes = {
      "Mar 24 21:14:07 gw kernel: ", "Mar 24 21:14:07 gw DENY: ", "Mar 24 21:14:07 gw kernel: [ 12.5] ",
      "Mar 24 21:14:07 gw gw kernel: ",
      "Mar 24 21:14:07 pve pve-firewall: 100 5 PVEFW-HOST-IN 24/Mar/2026:21:14:07 +0000 "};
  const std::vector<std::string> prefixes = {"",
                                             "DROP ",
                                             "DROP",
                                             "DROPPED ",
                                             "drop ",
                                             "[UFW BLOCK] ",
                                             "[UFW BLOCK]",
                                             "[UFW ALLOW] ",
                                             "[UFW AUDIT] ",
                                             "[WAN_LOCAL-D-123]",
                                             "[WAN_LOCAL-A]",
                                             "[WAN_LOCAL-A] ",
                                             "ACCEPT REJECT ",
                                             "ACCEPT ",
                                             "policy-drop: ",
                                             "kernel: DROP ",
                                             "FINAL_REJECT: ",
                                             "XX=enp1s0 ",
                                             "DESCR=\"x\" DROP "};
  const std::string body = "IN=ppp0 OUT= SRC=198.51.100.23 DST=203.0.113.5 PROTO=TCP SPT=1 DPT=22 SYN";
  std::mt19937 rng(6);
  std::vector<std::string> lines;
  for (int i = 0; i < 3000; ++i)
    lines.push_back(envelopes[rng() % envelopes.size()] + prefixes[rng() % prefixes.size()] + body);
  auto warm_parser = Parser::Build("netfilter", nullptr);
  ASSERT_TRUE(warm_parser.ok());
  const TimeContext ctx;
  for (const auto& line : lines) {
    Event warm, fresh;
    LogLine log_line;
    log_line.text = line;
    const auto warm_result = warm_parser->Parse(log_line, ctx, warm);
    ParseOne("netfilter", line, fresh);
    ASSERT_EQ(warm_result.status, ParseResult::Status::kMatched) << line;
    ASSERT_EQ(warm.rule, fresh.rule) << line;
    ASSERT_EQ(warm.action, fresh.action) << line;
  }
}

}  // namespace
}  // namespace fwlog
