#include "parse/windows_firewall.h"

#include <gtest/gtest.h>

#include <string>

#include "vendor_cases.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

constexpr std::string_view kHeader =
    "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype "
    "icmpcode info path";

constexpr std::string_view kFormat = "windows-firewall";

// Records written for these tests in pfirewall.log's default layout; the file
// has no syslog header (no host), no rule and no interfaces.
// want: action, rule, in, out, proto, src, sport, dst, port, host, time[, tcp_flags].
const VendorCase kCases[] = {
    {.name = "DropTcpWithFlags",
     .line = "2026-03-24 07:25:01 DROP TCP 198.51.100.7 192.0.2.10 40001 3389 52 S 1234567 0 64240 - - - RECEIVE",
     .want = {"drop", "", "", "", "tcp", "198.51.100.7", "40001", "192.0.2.10", "3389", "", "2026-03-24T07:25:01Z",
              "syn"}},
    {.name = "FlagLettersInOrder",
     .line =
         "2026-03-24 07:25:01 DROP TCP 198.51.100.7 192.0.2.10 80 50002 40 FA 2351482979 694744025 64675 - - - RECEIVE",
     .want = {"drop", "", "", "", "tcp", "198.51.100.7", "80", "192.0.2.10", "50002", "", "2026-03-24T07:25:01Z",
              "fin,ack"}},
    {.name = "AllowUdp",
     .line = "2026-03-24 07:25:03 ALLOW UDP 192.0.2.10 198.51.100.53 55000 53 0 - - - - - - - SEND",
     .want = {"accept", "", "", "", "udp", "192.0.2.10", "55000", "198.51.100.53", "53", "", "2026-03-24T07:25:03Z"}},
    {.name = "OpenIsAccept",
     .line = "2026-03-24 07:25:04 OPEN TCP 192.0.2.10 203.0.113.80 50001 443 - - - - - - - - -",
     .want = {"accept", "", "", "", "tcp", "192.0.2.10", "50001", "203.0.113.80", "443", "", "2026-03-24T07:25:04Z"}},
    {.name = "OpenInboundIsAccept",
     .line = "2026-03-24 07:25:04 OPEN-INBOUND TCP 198.51.100.4 192.0.2.10 50001 22 - - - - - - - - -",
     .want = {"accept", "", "", "", "tcp", "198.51.100.4", "50001", "192.0.2.10", "22", "", "2026-03-24T07:25:04Z"}},
    {.name = "IcmpHasNoPorts",
     .line = "2026-03-24 07:25:06 DROP ICMP 198.51.100.9 192.0.2.10 - - 60 - - - - 8 0 - RECEIVE",
     .want = {"drop", "", "", "", "icmp", "198.51.100.9", "", "192.0.2.10", "", "", "2026-03-24T07:25:06Z"}},
    {.name = "Ipv6Udp",
     .line = "2026-03-24 07:25:07 DROP UDP fe80::3a:7ff:fe01:2 ff02::fb 5353 5353 89 - - - - - - - RECEIVE",
     .want = {"drop", "", "", "", "udp", "fe80::3a:7ff:fe01:2", "5353", "ff02::fb", "5353", "",
              "2026-03-24T07:25:07Z"}},
    {.name = "Icmpv6",
     .line = "2026-03-24 07:25:07 DROP ICMPv6 2001:db8::7 2001:db8::1 - - 72 - - - - 135 0 - RECEIVE",
     .want = {"drop", "", "", "", "icmpv6", "2001:db8::7", "", "2001:db8::1", "", "", "2026-03-24T07:25:07Z"}},
    {.name = "ProtocolNumber",
     .line = "2026-03-24 07:25:07 DROP 2 192.0.2.1 224.0.0.22 - - 40 - - - - - - - RECEIVE",
     .want = {"drop", "", "", "", "igmp", "192.0.2.1", "", "224.0.0.22", "", "", "2026-03-24T07:25:07Z"}},
    {.name = "WithoutItsLastColumnsIsCounted",
     .line = "2026-03-24 07:25:09 DROP UDP 198.51.100.11 192.0.2.10 5353 5353 89 - - - - - - ",
     .want = {"drop", "", "", "", "udp", "198.51.100.11", "5353", "192.0.2.10", "5353", "", "2026-03-24T07:25:09Z"}},
    {.name = "CloseIsNotAnEntry",
     .line = "2026-03-24 07:25:05 CLOSE TCP 192.0.2.10 203.0.113.80 50001 443 - - - - - - - - -",
     .status = Status::kUnmatched},
    {.name = "EventsLostIsNotAnEntry",
     .line = "2026-03-24 07:25:12 INFO-EVENTS-LOST - - - - - - - - - - - - 12 -",
     .status = Status::kUnmatched},
    {.name = "OtherTextIsNotAnEntry",
     .line = "Mar 24 07:25:12 host sshd[1]: Accepted publickey for admin",
     .status = Status::kUnmatched},
    {.name = "CutInsideTheDestinationPort",
     .line = "2026-03-24 07:25:10 DROP TCP 198.51.100.12 192.0.2.10 40003 33",
     .status = Status::kInvalid},
    {.name = "NoSource",
     .line = "2026-03-24 07:25:10 DROP TCP - 192.0.2.10 40003 3389 52 S 1 0 1 - - - RECEIVE",
     .status = Status::kInvalid},
    {.name = "ImpossibleAddress",
     .line = "2026-03-24 07:25:11 DROP TCP 198.51.100.300 192.0.2.10 40004 22 52 S 1 0 1 - - - RECEIVE",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadAddress},
    {.name = "UnknownProtocol",
     .line = "2026-03-24 07:25:11 DROP TPC 198.51.100.3 192.0.2.10 40004 22 52 S 1 0 1 - - - RECEIVE",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadProtocol},
    {.name = "TcpWithoutDestinationPort",
     .line = "2026-03-24 07:25:11 DROP TCP 198.51.100.3 192.0.2.10 40004 - 52 S 1 0 1 - - - -",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadPort},
};

class WindowsFirewallTest : public ::testing::TestWithParam<VendorCase> {};

TEST_P(WindowsFirewallTest, ReadsARecordAfterTheHeader) { ExpectVendorCase(kFormat, GetParam(), kHeader); }

INSTANTIATE_TEST_SUITE_P(Records, WindowsFirewallTest, ::testing::ValuesIn(kCases), CaseName());

constexpr std::string_view kDrop =
    "2026-03-24 07:25:01 DROP TCP 198.51.100.7 192.0.2.10 40001 3389 52 S 1234567 0 64240 - - - RECEIVE";

TEST(WindowsFirewallParserTest, ARecordBeforeAnyHeaderIsNotGuessed) {
  InputParser log(kFormat);
  Event event;
  EXPECT_EQ(log.Feed(kDrop, event).status, Status::kUnmatched);
  EXPECT_EQ(log.Feed("#Version: 1.5", event).status, Status::kUnmatched);
  EXPECT_EQ(log.Feed(kDrop, event).status, Status::kUnmatched);  // still no #Fields:
  EXPECT_EQ(log.Feed(kHeader, event).status, Status::kUnmatched);
  EXPECT_TRUE(log.Feed(kDrop, event).matched());
}

TEST(WindowsFirewallParserTest, TheStampIsTheDateAndTimeColumnsInTheInputsZone) {
  InputParser log(kFormat);
  Event event;
  log.Feed(kHeader, event);
  ASSERT_TRUE(log.Feed(kDrop, event).matched());
  EXPECT_EQ(event.time, 1774337101);  // 2026-03-24T07:25:01Z (the helper's zone is UTC)
}

TEST(WindowsFirewallParserTest, ANewHeaderChangesTheLayout) {
  InputParser log(kFormat);
  Event event;
  log.Feed(kHeader, event);
  ASSERT_TRUE(log.Feed(kDrop, event).matched());
  // Columns in another order, and fewer: read by the new header.
  ASSERT_EQ(log.Feed("#Fields: action src-ip dst-ip protocol dst-port src-port", event).status, Status::kUnmatched);
  ASSERT_TRUE(log.Feed("DROP 198.51.100.20 192.0.2.20 UDP 161 40000", event).matched());
  EXPECT_EQ(event.src, "198.51.100.20");
  EXPECT_EQ(event.proto, "udp");
  EXPECT_EQ(event.port, "161");
  EXPECT_EQ(event.sport, "40000");
  EXPECT_FALSE(event.time_from_line);  // this layout has no date and time first
  // The old layout's records no longer fit.
  EXPECT_EQ(log.Feed(kDrop, event).status, Status::kUnmatched);
}

TEST(WindowsFirewallParserTest, AHeaderWithPidReadsTheSameColumns) {
  InputParser log(kFormat);
  Event event;
  log.Feed(std::string(kHeader) + " pid", event);
  ASSERT_TRUE(
      log.Feed("2026-03-24 07:25:14 ALLOW TCP 192.0.2.10 198.51.100.25 50004 25 0 - - - - - - - SEND 1412", event)
          .matched());
  EXPECT_EQ(event.port, "25");
}

TEST(WindowsFirewallParserTest, EachInputHasItsOwnHeader) {
  InputParser with_header(kFormat), without(kFormat);
  Event event;
  with_header.Feed(kHeader, event);
  EXPECT_TRUE(with_header.Feed(kDrop, event).matched());
  EXPECT_EQ(without.Feed(kDrop, event).status, Status::kUnmatched);
}

TEST(WindowsFirewallParserTest, RecordsRelayedThroughSyslogKeepTheirHost) {
  InputParser log(kFormat);
  Event event;
  EXPECT_EQ(log.Feed(std::string("<134>Mar 24 07:25:00 win-pc pfirewall: ") + std::string(kHeader), event).status,
            Status::kUnmatched);
  const std::string line = "<134>Mar 24 07:25:02 win-pc pfirewall: " + std::string(kDrop);  // the event points into it
  ASSERT_TRUE(log.Feed(line, event).matched());
  EXPECT_EQ(event.host, "win-pc");
  EXPECT_EQ(event.time, 1774337102);  // the syslog header's stamp
  EXPECT_EQ(event.port, "3389");
}

TEST(WindowsFirewallParserTest, AutoShowsAHeaderToThisPresetEvenWhenAnotherReadsTheLine) {
  // A '#' line that netfilter reads as a packet still sets the layout under auto.
  const std::string header = std::string(kHeader) + " IN=eth0 SRC=198.51.100.1 DST=192.0.2.1 PROTO=UDP SPT=1 DPT=2";
  InputParser automatic("auto"), named(kFormat);
  Event event;
  ASSERT_TRUE(automatic.Feed(header, event).matched());
  EXPECT_EQ(event.matched_by, "netfilter");
  EXPECT_EQ(named.Feed(header, event).status, Status::kUnmatched);
  EXPECT_TRUE(named.Feed(kDrop, event).matched());
  ASSERT_TRUE(automatic.Feed(kDrop, event).matched());
  EXPECT_EQ(event.matched_by, "windows-firewall");
}

TEST(WindowsFirewallParserTest, AHeaderWithoutTheActionColumnReadsNothing) {
  InputParser log(kFormat);
  Event event;
  log.Feed("#Fields: date time protocol src-ip dst-ip", event);
  EXPECT_EQ(log.Feed("2026-03-24 07:25:01 TCP 198.51.100.7 192.0.2.10", event).status, Status::kUnmatched);
}

}  // namespace
}  // namespace fwlog
