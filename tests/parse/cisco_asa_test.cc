#include "parse/cisco_asa.h"

#include <gtest/gtest.h>

#include <string>

#include "parse/cisco_asa_messages.h"
#include "vendor_cases.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

// One line and the event fields it must give (written for these tests; the
// addresses are documentation and private ranges).
// want: action, rule, in, out, proto, src, sport, dst, port[, host, time, tcp_flags].
const VendorCase kPackets[] = {
    {.name = "AclDenyWithContextPrefix",
     .line = "%ASA-4-106023: Deny udp src ctx1:outside:198.51.100.7/40001 dst inside:192.0.2.10/53 by access-group "
             "\"outside_in\" [0x0, 0x0]",
     .want = {"drop", "outside_in", "outside", "inside", "udp", "198.51.100.7", "40001", "192.0.2.10", "53"}},
    {.name = "AclDenyWithProtocolNumber",
     .line = "%ASA-4-106023: Deny protocol 50 src outside:198.51.100.9 dst inside:192.0.2.11",
     .want = {"drop", "106023", "outside", "inside", "esp", "198.51.100.9", "", "192.0.2.11", ""}},
    {.name = "AclDenyWithoutPortsKeepsTheProtocol",
     .line = "%ASA-4-106023: Deny tcp src outside:198.51.100.7 dst inside:192.0.2.10 by access-group \"x\"",
     .want = {"drop", "x", "outside", "inside", "tcp", "198.51.100.7", "", "192.0.2.10", ""}},
    {.name = "InboundDenyInterfaceFromTheTail",
     .line = "%ASA-2-106006: Deny inbound UDP from 198.51.100.20/5060 to 192.0.2.1/5060 on interface outside",
     .want = {"drop", "106006", "outside", "", "udp", "198.51.100.20", "5060", "192.0.2.1", "5060"}},
    {.name = "InboundTcpDenyWithFlags",
     .line = "%ASA-2-106001: Inbound TCP connection denied from 198.51.100.21/41000 to 192.0.2.2/3389 flags SYN ACK on "
             "interface outside",
     .want = {"drop", "106001", "outside", "", "tcp", "198.51.100.21", "41000", "192.0.2.2", "3389", "", "receive",
              "syn,ack"}},
    {.name = "Ipv6Endpoints",
     .line =
         "%ASA-4-106023: Deny tcp src outside:2001:db8:9::7/51000 dst dmz:2001:db8:1::80/443 by access-group \"v6_in\"",
     .want = {"drop", "v6_in", "outside", "dmz", "tcp", "2001:db8:9::7", "51000", "2001:db8:1::80", "443"}},
    {.name = "AccessListPermitted",
     .line = "%ASA-6-106100: access-list inside_out permitted tcp inside/10.1.2.3(50123) -> outside/203.0.113.80(443) "
             "hit-cnt 1 first hit [0x1a2b3c4d, 0x0]",
     .want = {"accept", "inside_out", "inside", "outside", "tcp", "10.1.2.3", "50123", "203.0.113.80", "443"}},
    {.name = "AccessListDeniedIpv6",
     .line =
         "%ASA-4-106100: access-list outside_in denied udp outside/2001:db8::66(1900) -> inside/2001:db8:1::1(1900) "
         "hit-cnt 3 300-second interval [0x0, 0x0]",
     .want = {"drop", "outside_in", "outside", "inside", "udp", "2001:db8::66", "1900", "2001:db8:1::1", "1900"}},
    {.name = "IcmpDeniedToTheBox",
     .line =
         "%ASA-4-313004: Denied ICMP type=0, from laddr 198.51.100.30 on interface outside to 192.0.2.5: no matching "
         "session",
     .want = {"drop", "313004", "outside", "", "icmp", "198.51.100.30", "", "192.0.2.5", ""}},
    {.name = "Icmp6ErrorWithoutConnection",
     .line = "%ASA-4-313005: No matching connection for ICMP error message: icmp6 src outside:2001:db8::1 dst "
             "inside:2001:db8:1::2 (type 1, code 4) on outside interface.",
     .want = {"unknown", "313005", "outside", "inside", "icmpv6", "2001:db8::1", "", "2001:db8:1::2", ""}},
    {.name = "BuiltInboundIsAccept",
     .line =
         "%ASA-6-302013: Built inbound TCP connection 9912 for outside:198.51.100.40/50999 (198.51.100.40/50999) to "
         "dmz:192.0.2.80/443 (203.0.113.80/443)",
     .want = {"accept", "302013", "outside", "dmz", "tcp", "198.51.100.40", "50999", "192.0.2.80", "443"}},
    {.name = "BuiltOutboundSwapsTheEnds",
     .line = "%ASA-6-302015: Built outbound UDP connection 31 for outside:203.0.113.53/53 (203.0.113.53/53) to "
             "inside:10.1.2.3/61000 (198.51.100.1/61000)",
     .want = {"accept", "302015", "inside", "outside", "udp", "10.1.2.3", "61000", "203.0.113.53", "53"}},
    {.name = "BuiltIcmpWithForeignAndLocalAddresses",
     .line =
         "%ASA-6-302020: Built inbound ICMP connection for faddr 198.51.100.3/1 gaddr 203.0.113.9/0 laddr 192.0.2.9/0",
     .want = {"accept", "302020", "", "", "icmp", "198.51.100.3", "", "192.0.2.9", ""}},
    {.name = "ToTheBoxDeniedByAcl",
     .line = "%ASA-3-710003: TCP access denied by ACL from 198.51.100.50/40404 to outside:192.0.2.1/22",
     .want = {"drop", "710003", "", "outside", "tcp", "198.51.100.50", "40404", "192.0.2.1", "22"}},
    {.name = "ToTheBoxPermitted",
     .line = "%ASA-7-710002: UDP access permitted from 10.1.2.4/5353 to inside:10.1.2.1/161",
     .want = {"accept", "710002", "", "inside", "udp", "10.1.2.4", "5353", "10.1.2.1", "161"}},
    {.name = "ToTheBoxRequestIsUnknown",
     .line = "%ASA-7-710001: TCP access requested from 10.1.2.4/50000 to inside:10.1.2.1/443",
     .want = {"unknown", "710001", "", "inside", "tcp", "10.1.2.4", "50000", "10.1.2.1", "443"}},
    {.name = "DynamicFilterDropped",
     .line =
         "%ASA-4-338006: Dynamic Filter dropped blacklisted UDP traffic from outside:198.51.100.66/53 "
         "(198.51.100.66/53) "
         "to inside:10.1.2.5/33333 (203.0.113.2/33333), source 198.51.100.66 resolved from dynamic list: bad.example",
     .want = {"drop", "338006", "outside", "inside", "udp", "198.51.100.66", "53", "10.1.2.5", "33333"}},
    {.name = "DynamicFilterMonitoredIsAccept",
     .line = "%ASA-4-338201: Dynamic Filter monitored grey listed TCP traffic from inside:10.1.2.6/50001 "
             "(203.0.113.2/50001) "
             "to outside:198.51.100.67/80 (198.51.100.67/80)",
     .want = {"accept", "338201", "inside", "outside", "tcp", "10.1.2.6", "50001", "198.51.100.67", "80"}},
    {.name = "IpsDrop",
     .line = "%ASA-4-420002: IPS requested to drop TCP packet from outside:198.51.100.8/1234 to dmz:192.0.2.8/80",
     .want = {"drop", "420002", "outside", "dmz", "tcp", "198.51.100.8", "1234", "192.0.2.8", "80"}},
    {.name = "FlowDroppedByModule",
     .line =
         "%ASA-3-421001: TCP flow from inside:10.1.2.7/50002 to outside:198.51.100.9/25 is dropped because application "
         "has failed.",
     .want = {"drop", "421001", "inside", "outside", "tcp", "10.1.2.7", "50002", "198.51.100.9", "25"}},
    {.name = "InvalidTransportField",
     .line = "%ASA-4-500004: Invalid transport field for protocol=TCP, from 198.51.100.10/0 to 192.0.2.10/0",
     .want = {"unknown", "500004", "", "", "tcp", "198.51.100.10", "0", "192.0.2.10", "0"}},
    {.name = "FragmentSetDiscarded",
     .line =
         "%ASA-4-209005: Discard IP fragment set with more than 24 elements:  src = 198.51.100.11, dest = 192.0.2.11, "
         "proto = UDP, id = 4242",
     .want = {"drop", "209005", "", "", "udp", "198.51.100.11", "", "192.0.2.11", ""}},
    {.name = "GreByNumber",
     .line = "%ASA-3-106010: Deny inbound protocol 47 src outside:198.51.100.12 dst outside:192.0.2.12",
     .want = {"drop", "106010", "outside", "outside", "gre", "198.51.100.12", "", "192.0.2.12", ""}},
    {.name = "PortNameLeavesThePortEmpty",
     .line = "%ASA-4-106023: Deny tcp src outside:198.51.100.13/51515 dst inside:192.0.2.13/ssh by access-group \"in\"",
     .want = {"drop", "in", "outside", "inside", "tcp", "198.51.100.13", "51515", "192.0.2.13", ""}},
    {.name = "RepeatWrapperIsOneEntry",
     .line = "Mar 24 10:00:00 192.0.2.254 %ASA-2-106006: message repeated 3 times: [ Deny inbound UDP from "
             "198.51.100.14/137 to 192.0.2.14/137 on interface outside]",
     .want = {"drop", "106006", "outside", "", "udp", "198.51.100.14", "137", "192.0.2.14", "137", "192.0.2.254",
              "2026-03-24T10:00:00Z"}},
    {.name = "FacilityInTheMnemonic",
     .line =
         "%FTD-session-4-106023: Deny tcp src outside:198.51.100.15/1 dst inside:192.0.2.15/23 by access-group \"a\"",
     .want = {"drop", "a", "outside", "inside", "tcp", "198.51.100.15", "1", "192.0.2.15", "23"}},
    {.name = "PixMnemonic",
     .line = "%PIX-2-106006: Deny inbound UDP from 198.51.100.16/68 to 192.0.2.16/67 on interface outside",
     .want = {"drop", "106006", "outside", "", "udp", "198.51.100.16", "68", "192.0.2.16", "67"}},
    {.name = "FtdConnectionBlocked",
     .line = "2026-03-24T10:00:00Z fw-ftd %FTD-1-430002: AccessControlRuleAction: Block, SrcIP: 198.51.100.17, DstIP: "
             "192.0.2.17, SrcPort: 50505, DstPort: 3389, Protocol: tcp, IngressInterface: outside, EgressInterface: "
             "inside, "
             "IngressZone: out-zone, EgressZone: in-zone, ACPolicy: base, AccessControlRuleName: Block-RDP, User: No "
             "Authentication Required",
     .want = {"drop", "Block-RDP", "outside", "inside", "tcp", "198.51.100.17", "50505", "192.0.2.17", "3389", "fw-ftd",
              "2026-03-24T10:00:00Z"}},
    {.name = "FtdBlockWithResetIsReject",
     .line = "%FTD-1-430003: ConnectionID: 7, AccessControlRuleAction: Block with reset, SrcIP: 2001:db8::17, DstIP: "
             "2001:db8:1::17, SrcPort: 50506, DstPort: 8080, Protocol: tcp, AccessControlRuleName: Reset-Web",
     .want = {"reject", "Reset-Web", "", "", "tcp", "2001:db8::17", "50506", "2001:db8:1::17", "8080"}},
    {.name = "FtdIcmpAllowHasNoPorts",
     .line = "%FTD-1-430002: AccessControlRuleAction: Allow, SrcIP: 10.1.2.8, DstIP: 10.1.3.8, ICMPType: Echo Request, "
             "ICMPCode: No Code, Protocol: icmp, IngressInterface: inside, EgressInterface: dmz, "
             "AccessControlRuleName: Ping",
     .want = {"accept", "Ping", "inside", "dmz", "icmp", "10.1.2.8", "", "10.1.3.8", ""}},
    {.name = "FtdTrustIsAccept",
     .line = "%FTD-1-430003: AccessControlRuleAction: Trust, SrcIP: 10.1.2.9, DstIP: 10.1.3.9, SrcPort: 1, DstPort: 2, "
             "Protocol: udp",
     .want = {"accept", "", "", "", "udp", "10.1.2.9", "1", "10.1.3.9", "2"}},
};

class CiscoAsaPacketTest : public ::testing::TestWithParam<VendorCase> {};

TEST_P(CiscoAsaPacketTest, ReadsTheFields) { ExpectVendorCase("cisco-asa", GetParam()); }

INSTANTIATE_TEST_SUITE_P(Lines, CiscoAsaPacketTest, ::testing::ValuesIn(kPackets), CaseName());

// Lines that are this format but not a packet entry, or not usable.
const VendorCase kRejected[] = {
    {.name = "TeardownIsNotAnEntry",
     .line =
         "%ASA-6-302014: Teardown TCP connection 9912 for outside:198.51.100.40/50999 to dmz:192.0.2.80/443 duration "
         "0:00:01 bytes 1024 TCP FINs",
     .status = Status::kUnmatched},
    {.name = "NatTranslationIsNotAnEntry",
     .line = "%ASA-6-305011: Built dynamic TCP translation from inside:10.1.2.3/50000 to outside:203.0.113.1/50000",
     .status = Status::kUnmatched},
    {.name = "LoginIsNotAnEntry",
     .line = "%ASA-6-605004: Login denied from 198.51.100.2/40000 to outside:192.0.2.1/ssh for user \"x\"",
     .status = Status::kUnmatched},
    {.name = "FtdIntrusionEventIsNotAnEntry",
     .line = "%FTD-1-430001: SrcIP: 198.51.100.1, DstIP: 192.0.2.1, Protocol: tcp",
     .status = Status::kUnmatched},
    {.name = "ObjectNameIsBadAddress",
     .line = "%ASA-4-106023: Deny udp src outside:198.51.100.3/1 dst inside:web-server/53 by access-group \"x\"",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadAddress},
    {.name = "MaskedSourceIsBadAddress",
     .line = "%ASA-2-106006: Deny inbound UDP from x.x.x.x/53 to 192.0.2.1/53 on interface outside",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadAddress},
    {.name = "ImpossibleOctetIsBadAddress",
     .line = "%ASA-2-106006: Deny inbound UDP from 198.51.100.300/53 to 192.0.2.1/53 on interface outside",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadAddress},
    {.name = "PlaceholderPortIsBadPort",
     .line = "%ASA-2-106006: Deny inbound UDP from 198.51.100.3/port to 192.0.2.1/53 on interface outside",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadPort},
    {.name = "TemplateProtocolWordIsBadProtocol",
     .line = "%ASA-1-106021: Deny protocol reverse path check from 198.51.100.3 to 192.0.2.1 on interface outside",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadProtocol},
    {.name = "TruncatedBeforeTheDestination",
     .line = "%ASA-4-106023: Deny tcp src outside:198.51.100.3/1 dst",
     .status = Status::kInvalid},
    {.name = "IcmpDenyWithoutDestination",
     .line = "%ASA-3-313001: Denied ICMP type=8, code=0 from 198.51.100.4 on interface outside",
     .status = Status::kInvalid},
    {.name = "FtdEventWithoutProtocol",
     .line = "%FTD-1-430002: AccessControlRuleAction: Allow, SrcIP: 10.1.2.8, DstIP: 10.1.3.8",
     .status = Status::kInvalid},
    {.name = "NoMnemonic",
     .line = "Mar 24 10:00:00 fw Deny inbound UDP from 198.51.100.3/1 to 192.0.2.1/53",
     .status = Status::kUnmatched},
    {.name = "MnemonicWithoutId",
     .line = "%ASA-4-1060: Deny tcp src outside:198.51.100.3/1 dst inside:192.0.2.1/22",
     .status = Status::kUnmatched},
};

class CiscoAsaRejectedTest : public ::testing::TestWithParam<VendorCase> {};

TEST_P(CiscoAsaRejectedTest, IsNotCounted) { ExpectVendorCase("cisco-asa", GetParam()); }

INSTANTIATE_TEST_SUITE_P(Lines, CiscoAsaRejectedTest, ::testing::ValuesIn(kRejected), CaseName());

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
