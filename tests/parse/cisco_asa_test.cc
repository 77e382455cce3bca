#include "parse/cisco_asa.h"

#include <gtest/gtest.h>

#include <string>

#include "parse/cisco_asa_messages.h"
#include "parse_helper.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

// One line and the event fields it must give (written for these tests; the
// addresses are documentation and private ranges).
struct Packet {
  const char* name;
  const char* line;
  Action action;
  const char* proto;
  const char* src;
  const char* sport;
  const char* dst;
  const char* port;
  const char* in;
  const char* out;
  const char* rule;
};

const Packet kPackets[] = {
    {"AclDenyWithContextPrefix",
     "%ASA-4-106023: Deny udp src ctx1:outside:198.51.100.7/40001 dst inside:192.0.2.10/53 by access-group "
     "\"outside_in\" [0x0, 0x0]",
     Action::kDrop, "udp", "198.51.100.7", "40001", "192.0.2.10", "53", "outside", "inside", "outside_in"},
    {"AclDenyWithProtocolNumber", "%ASA-4-106023: Deny protocol 50 src outside:198.51.100.9 dst inside:192.0.2.11",
     Action::kDrop, "esp", "198.51.100.9", "", "192.0.2.11", "", "outside", "inside", "106023"},
    {"AclDenyWithoutPortsKeepsTheProtocol",
     "%ASA-4-106023: Deny tcp src outside:198.51.100.7 dst inside:192.0.2.10 by access-group \"x\"", Action::kDrop,
     "tcp", "198.51.100.7", "", "192.0.2.10", "", "outside", "inside", "x"},
    {"InboundDenyInterfaceFromTheTail",
     "%ASA-2-106006: Deny inbound UDP from 198.51.100.20/5060 to 192.0.2.1/5060 on interface outside", Action::kDrop,
     "udp", "198.51.100.20", "5060", "192.0.2.1", "5060", "outside", "", "106006"},
    {"InboundTcpDenyWithFlags",
     "%ASA-2-106001: Inbound TCP connection denied from 198.51.100.21/41000 to 192.0.2.2/3389 flags SYN ACK on "
     "interface outside",
     Action::kDrop, "tcp", "198.51.100.21", "41000", "192.0.2.2", "3389", "outside", "", "106001"},
    {"Ipv6Endpoints",
     "%ASA-4-106023: Deny tcp src outside:2001:db8:9::7/51000 dst dmz:2001:db8:1::80/443 by access-group \"v6_in\"",
     Action::kDrop, "tcp", "2001:db8:9::7", "51000", "2001:db8:1::80", "443", "outside", "dmz", "v6_in"},
    {"AccessListPermitted",
     "%ASA-6-106100: access-list inside_out permitted tcp inside/10.1.2.3(50123) -> outside/203.0.113.80(443) "
     "hit-cnt 1 first hit [0x1a2b3c4d, 0x0]",
     Action::kAccept, "tcp", "10.1.2.3", "50123", "203.0.113.80", "443", "inside", "outside", "inside_out"},
    {"AccessListDeniedIpv6",
     "%ASA-4-106100: access-list outside_in denied udp outside/2001:db8::66(1900) -> inside/2001:db8:1::1(1900) "
     "hit-cnt 3 300-second interval [0x0, 0x0]",
     Action::kDrop, "udp", "2001:db8::66", "1900", "2001:db8:1::1", "1900", "outside", "inside", "outside_in"},
    {"IcmpDeniedToTheBox",
     "%ASA-4-313004: Denied ICMP type=0, from laddr 198.51.100.30 on interface outside to 192.0.2.5: no matching "
     "session",
     Action::kDrop, "icmp", "198.51.100.30", "", "192.0.2.5", "", "outside", "", "313004"},
    {"Icmp6ErrorWithoutConnection",
     "%ASA-4-313005: No matching connection for ICMP error message: icmp6 src outside:2001:db8::1 dst "
     "inside:2001:db8:1::2 (type 1, code 4) on outside interface.",
     Action::kNone, "icmpv6", "2001:db8::1", "", "2001:db8:1::2", "", "outside", "inside", "313005"},
    {"BuiltInboundIsAccept",
     "%ASA-6-302013: Built inbound TCP connection 9912 for outside:198.51.100.40/50999 (198.51.100.40/50999) to "
     "dmz:192.0.2.80/443 (203.0.113.80/443)",
     Action::kAccept, "tcp", "198.51.100.40", "50999", "192.0.2.80", "443", "outside", "dmz", "302013"},
    {"BuiltOutboundSwapsTheEnds",
     "%ASA-6-302015: Built outbound UDP connection 31 for outside:203.0.113.53/53 (203.0.113.53/53) to "
     "inside:10.1.2.3/61000 (198.51.100.1/61000)",
     Action::kAccept, "udp", "10.1.2.3", "61000", "203.0.113.53", "53", "inside", "outside", "302015"},
    {"BuiltIcmpWithForeignAndLocalAddresses",
     "%ASA-6-302020: Built inbound ICMP connection for faddr 198.51.100.3/1 gaddr 203.0.113.9/0 laddr 192.0.2.9/0",
     Action::kAccept, "icmp", "198.51.100.3", "", "192.0.2.9", "", "", "", "302020"},
    {"ToTheBoxDeniedByAcl", "%ASA-3-710003: TCP access denied by ACL from 198.51.100.50/40404 to outside:192.0.2.1/22",
     Action::kDrop, "tcp", "198.51.100.50", "40404", "192.0.2.1", "22", "", "outside", "710003"},
    {"ToTheBoxPermitted", "%ASA-7-710002: UDP access permitted from 10.1.2.4/5353 to inside:10.1.2.1/161",
     Action::kAccept, "udp", "10.1.2.4", "5353", "10.1.2.1", "161", "", "inside", "710002"},
    {"ToTheBoxRequestIsUnknown", "%ASA-7-710001: TCP access requested from 10.1.2.4/50000 to inside:10.1.2.1/443",
     Action::kNone, "tcp", "10.1.2.4", "50000", "10.1.2.1", "443", "", "inside", "710001"},
    {"DynamicFilterDropped",
     "%ASA-4-338006: Dynamic Filter dropped blacklisted UDP traffic from outside:198.51.100.66/53 (198.51.100.66/53) "
     "to inside:10.1.2.5/33333 (203.0.113.2/33333), source 198.51.100.66 resolved from dynamic list: bad.example",
     Action::kDrop, "udp", "198.51.100.66", "53", "10.1.2.5", "33333", "outside", "inside", "338006"},
    {"DynamicFilterMonitoredIsAccept",
     "%ASA-4-338201: Dynamic Filter monitored grey listed TCP traffic from inside:10.1.2.6/50001 (203.0.113.2/50001) "
     "to outside:198.51.100.67/80 (198.51.100.67/80)",
     Action::kAccept, "tcp", "10.1.2.6", "50001", "198.51.100.67", "80", "inside", "outside", "338201"},
    {"IpsDrop", "%ASA-4-420002: IPS requested to drop TCP packet from outside:198.51.100.8/1234 to dmz:192.0.2.8/80",
     Action::kDrop, "tcp", "198.51.100.8", "1234", "192.0.2.8", "80", "outside", "dmz", "420002"},
    {"FlowDroppedByModule",
     "%ASA-3-421001: TCP flow from inside:10.1.2.7/50002 to outside:198.51.100.9/25 is dropped because application "
     "has failed.",
     Action::kDrop, "tcp", "10.1.2.7", "50002", "198.51.100.9", "25", "inside", "outside", "421001"},
    {"InvalidTransportField",
     "%ASA-4-500004: Invalid transport field for protocol=TCP, from 198.51.100.10/0 to 192.0.2.10/0", Action::kNone,
     "tcp", "198.51.100.10", "0", "192.0.2.10", "0", "", "", "500004"},
    {"FragmentSetDiscarded",
     "%ASA-4-209005: Discard IP fragment set with more than 24 elements:  src = 198.51.100.11, dest = 192.0.2.11, "
     "proto = UDP, id = 4242",
     Action::kDrop, "udp", "198.51.100.11", "", "192.0.2.11", "", "", "", "209005"},
    {"GreByNumber", "%ASA-3-106010: Deny inbound protocol 47 src outside:198.51.100.12 dst outside:192.0.2.12",
     Action::kDrop, "gre", "198.51.100.12", "", "192.0.2.12", "", "outside", "outside", "106010"},
    {"PortNameLeavesThePortEmpty",
     "%ASA-4-106023: Deny tcp src outside:198.51.100.13/51515 dst inside:192.0.2.13/ssh by access-group \"in\"",
     Action::kDrop, "tcp", "198.51.100.13", "51515", "192.0.2.13", "", "outside", "inside", "in"},
    {"RepeatWrapperIsOneEntry",
     "Mar 24 10:00:00 192.0.2.254 %ASA-2-106006: message repeated 3 times: [ Deny inbound UDP from "
     "198.51.100.14/137 to 192.0.2.14/137 on interface outside]",
     Action::kDrop, "udp", "198.51.100.14", "137", "192.0.2.14", "137", "outside", "", "106006"},
    {"FacilityInTheMnemonic",
     "%FTD-session-4-106023: Deny tcp src outside:198.51.100.15/1 dst inside:192.0.2.15/23 by access-group \"a\"",
     Action::kDrop, "tcp", "198.51.100.15", "1", "192.0.2.15", "23", "outside", "inside", "a"},
    {"PixMnemonic", "%PIX-2-106006: Deny inbound UDP from 198.51.100.16/68 to 192.0.2.16/67 on interface outside",
     Action::kDrop, "udp", "198.51.100.16", "68", "192.0.2.16", "67", "outside", "", "106006"},
    {"FtdConnectionBlocked",
     "2026-03-24T10:00:00Z fw-ftd %FTD-1-430002: AccessControlRuleAction: Block, SrcIP: 198.51.100.17, DstIP: "
     "192.0.2.17, SrcPort: 50505, DstPort: 3389, Protocol: tcp, IngressInterface: outside, EgressInterface: inside, "
     "IngressZone: out-zone, EgressZone: in-zone, ACPolicy: base, AccessControlRuleName: Block-RDP, User: No "
     "Authentication Required",
     Action::kDrop, "tcp", "198.51.100.17", "50505", "192.0.2.17", "3389", "outside", "inside", "Block-RDP"},
    {"FtdBlockWithResetIsReject",
     "%FTD-1-430003: ConnectionID: 7, AccessControlRuleAction: Block with reset, SrcIP: 2001:db8::17, DstIP: "
     "2001:db8:1::17, SrcPort: 50506, DstPort: 8080, Protocol: tcp, AccessControlRuleName: Reset-Web",
     Action::kReject, "tcp", "2001:db8::17", "50506", "2001:db8:1::17", "8080", "", "", "Reset-Web"},
    {"FtdIcmpAllowHasNoPorts",
     "%FTD-1-430002: AccessControlRuleAction: Allow, SrcIP: 10.1.2.8, DstIP: 10.1.3.8, ICMPType: Echo Request, "
     "ICMPCode: No Code, Protocol: icmp, IngressInterface: inside, EgressInterface: dmz, AccessControlRuleName: Ping",
     Action::kAccept, "icmp", "10.1.2.8", "", "10.1.3.8", "", "inside", "dmz", "Ping"},
    {"FtdTrustIsAccept",
     "%FTD-1-430003: AccessControlRuleAction: Trust, SrcIP: 10.1.2.9, DstIP: 10.1.3.9, SrcPort: 1, DstPort: 2, "
     "Protocol: udp",
     Action::kAccept, "udp", "10.1.2.9", "1", "10.1.3.9", "2", "", "", ""},
};

class CiscoAsaPacketTest : public ::testing::TestWithParam<Packet> {};

TEST_P(CiscoAsaPacketTest, ReadsTheFields) {
  const Packet& p = GetParam();
  for (const char* format : {"cisco-asa", "auto"}) {
    Event event;
    const ParseResult r = ParseOne(format, p.line, event);
    ASSERT_TRUE(r.matched()) << format << ": status " << static_cast<int>(r.status) << " reason "
                             << InvalidReasonName(r.reason);
    EXPECT_EQ(event.matched_by, "cisco-asa");
    EXPECT_EQ(event.action, p.action);
    EXPECT_EQ(event.proto, p.proto);
    EXPECT_EQ(event.src, p.src);
    EXPECT_EQ(event.sport, p.sport);
    EXPECT_EQ(event.dst, p.dst);
    EXPECT_EQ(event.port, p.port);
    EXPECT_EQ(event.in, p.in);
    EXPECT_EQ(event.out, p.out);
    EXPECT_EQ(event.rule, p.rule);
    EXPECT_EQ(event.family, std::string_view(p.src).find(':') == std::string_view::npos ? "ipv4" : "ipv6");
  }
}

INSTANTIATE_TEST_SUITE_P(Lines, CiscoAsaPacketTest, ::testing::ValuesIn(kPackets),
                         [](const auto& p) { return std::string(p.param.name); });

// Lines that are this format but not a packet entry, or not usable.
struct Rejected {
  const char* name;
  const char* line;
  Status status;
  InvalidReason reason;
};

const Rejected kRejected[] = {
    {"TeardownIsNotAnEntry",
     "%ASA-6-302014: Teardown TCP connection 9912 for outside:198.51.100.40/50999 to dmz:192.0.2.80/443 duration "
     "0:00:01 bytes 1024 TCP FINs",
     Status::kUnmatched, InvalidReason::kMissingField},
    {"NatTranslationIsNotAnEntry",
     "%ASA-6-305011: Built dynamic TCP translation from inside:10.1.2.3/50000 to outside:203.0.113.1/50000",
     Status::kUnmatched, InvalidReason::kMissingField},
    {"LoginIsNotAnEntry", "%ASA-6-605004: Login denied from 198.51.100.2/40000 to outside:192.0.2.1/ssh for user \"x\"",
     Status::kUnmatched, InvalidReason::kMissingField},
    {"FtdIntrusionEventIsNotAnEntry", "%FTD-1-430001: SrcIP: 198.51.100.1, DstIP: 192.0.2.1, Protocol: tcp",
     Status::kUnmatched, InvalidReason::kMissingField},
    {"ObjectNameIsBadAddress",
     "%ASA-4-106023: Deny udp src outside:198.51.100.3/1 dst inside:web-server/53 by access-group \"x\"",
     Status::kInvalid, InvalidReason::kBadAddress},
    {"MaskedSourceIsBadAddress", "%ASA-2-106006: Deny inbound UDP from x.x.x.x/53 to 192.0.2.1/53 on interface outside",
     Status::kInvalid, InvalidReason::kBadAddress},
    {"ImpossibleOctetIsBadAddress",
     "%ASA-2-106006: Deny inbound UDP from 198.51.100.300/53 to 192.0.2.1/53 on interface outside", Status::kInvalid,
     InvalidReason::kBadAddress},
    {"PlaceholderPortIsBadPort",
     "%ASA-2-106006: Deny inbound UDP from 198.51.100.3/port to 192.0.2.1/53 on interface outside", Status::kInvalid,
     InvalidReason::kBadPort},
    {"TemplateProtocolWordIsBadProtocol",
     "%ASA-1-106021: Deny protocol reverse path check from 198.51.100.3 to 192.0.2.1 on interface outside",
     Status::kInvalid, InvalidReason::kBadProtocol},
    {"TruncatedBeforeTheDestination", "%ASA-4-106023: Deny tcp src outside:198.51.100.3/1 dst", Status::kInvalid,
     InvalidReason::kMissingField},
    {"IcmpDenyWithoutDestination", "%ASA-3-313001: Denied ICMP type=8, code=0 from 198.51.100.4 on interface outside",
     Status::kInvalid, InvalidReason::kMissingField},
    {"FtdEventWithoutProtocol", "%FTD-1-430002: AccessControlRuleAction: Allow, SrcIP: 10.1.2.8, DstIP: 10.1.3.8",
     Status::kInvalid, InvalidReason::kMissingField},
    {"NoMnemonic", "Mar 24 10:00:00 fw Deny inbound UDP from 198.51.100.3/1 to 192.0.2.1/53", Status::kUnmatched,
     InvalidReason::kMissingField},
    {"MnemonicWithoutId", "%ASA-4-1060: Deny tcp src outside:198.51.100.3/1 dst inside:192.0.2.1/22",
     Status::kUnmatched, InvalidReason::kMissingField},
};

class CiscoAsaRejectedTest : public ::testing::TestWithParam<Rejected> {};

TEST_P(CiscoAsaRejectedTest, IsNotCounted) {
  const Rejected& c = GetParam();
  Event event;
  const ParseResult r = ParseOne("cisco-asa", c.line, event);
  EXPECT_EQ(r.status, c.status);
  if (c.status == Status::kInvalid) {
    EXPECT_EQ(InvalidReasonName(r.reason), InvalidReasonName(c.reason));
  }
  EXPECT_EQ(ParseOne("auto", c.line, event).status, c.status);
}

INSTANTIATE_TEST_SUITE_P(Lines, CiscoAsaRejectedTest, ::testing::ValuesIn(kRejected),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(CiscoAsaTest, EveryWordingInTheTableCompiles) {
  for (const AsaMessage& m : AsaMessages()) {
    for (const WordTemplate& w : m.wordings) EXPECT_TRUE(w.ok()) << m.id;
    const bool needs_wording = m.kind == AsaMessage::Kind::kPacket || m.kind == AsaMessage::Kind::kBuilt;
    EXPECT_EQ(!m.wordings.empty(), needs_wording) << m.id;
  }
  EXPECT_EQ(FindAsaMessage(106023)->id, 106023u);
  EXPECT_EQ(FindAsaMessage(106024), nullptr);
}

TEST(CiscoAsaTest, CiscoStampWithYearAndHostAreTheEventsOwn) {
  Event event;
  ASSERT_TRUE(ParseOne("cisco-asa",
                       "<164>Mar 24 2026 10:00:01: %ASA-4-106023: Deny udp src outside:198.51.100.1/1 dst "
                       "inside:192.0.2.1/53 by access-group \"x\"",
                       event)
                  .matched());
  EXPECT_TRUE(event.time_from_line);
  EXPECT_EQ(event.time, 1774346401);  // 2026-03-24T10:00:01Z
  EXPECT_EQ(event.host, "");
  ASSERT_TRUE(ParseOne("cisco-asa",
                       "<164>Mar 24 2026 10:00:01 asa-1 : %ASA-4-106023: Deny udp src outside:198.51.100.1/1 dst "
                       "inside:192.0.2.1/53",
                       event)
                  .matched());
  EXPECT_EQ(event.host, "asa-1");
  EXPECT_EQ(event.time, 1774346401);
  ASSERT_TRUE(ParseOne("cisco-asa",
                       "2026-03-24T10:00:01Z   %FTD-1-430002: AccessControlRuleAction: Allow, SrcIP: 10.1.2.8, "
                       "DstIP: 10.1.3.8, Protocol: icmp",
                       event)
                  .matched());
  EXPECT_EQ(event.host, "");  // the mnemonic is not a host
  EXPECT_EQ(event.time, 1774346401);
}

TEST(CiscoAsaTest, TcpFlagsAfterTheFlagsWord) {
  Event event;
  ASSERT_TRUE(ParseOne("cisco-asa",
                       "%ASA-6-106015: Deny TCP (no connection) from 198.51.100.5/443 to 192.0.2.5/50000 flags RST "
                       "ACK  on interface outside",
                       event)
                  .matched());
  EXPECT_EQ(event.tcp_flags, "rst,ack");
  EXPECT_EQ(event.in, "outside");
}

}  // namespace
}  // namespace fwlog
